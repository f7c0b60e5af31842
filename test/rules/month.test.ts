import t from 'tap'
import fc from 'fast-check'
import {
  addMonths,
  assertMonth,
  compareMonths,
  daysInMonth,
  eachMonth,
  firstDayOfMonth,
  isLeapYear,
  isMonth,
  lastDayOfMonth,
  maxMonth,
  minMonth,
  monthDiff,
  monthFromIndex,
  monthIndex,
  monthOfDate,
  monthsInclusive,
} from '../../src/rules/month.js'
import { isDate } from '../../src/rules/calendar.js'

t.test('isMonth and isDate read digits as the regular expressions they replaced do, on any string of the characters that matter', async (t) => {
  const monthRe = /^(\d{4})-(\d{2})$/
  const dateRe = /^(\d{4})-(\d{2})-(\d{2})$/
  const byRegex = {
    month: (s: string) => {
      const m = monthRe.exec(s)
      return m !== null && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[2]) <= 12
    },
    date: (s: string) => {
      const m = dateRe.exec(s)
      if (m === null) return false
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
      return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(2000, mo, 0)).getUTCDate() - (mo === 2 && !isLeapYear(y) ? 1 : 0)
    },
  }
  const char = fc.constantFrom('0', '1', '2', '3', '9', '-', ' ', '/', '٣', '０', 'a', ':')
  const text = fc.oneof(
    fc.array(char, { minLength: 6, maxLength: 11 }).map((cs) => cs.join('')),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`)
  )
  fc.assert(fc.property(text, (s) => isMonth(s) === byRegex.month(s) && isDate(s) === byRegex.date(s)), { numRuns: 20_000, seed: 12 })
  t.pass('20,000 strings judged alike')
})

t.test('isMonth accepts YYYY-MM with month 01–12 only', async (t) => {
  for (const [s, ok] of [
    ['2025-01', true],
    ['2025-12', true],
    ['0001-01', true],
    ['9999-12', true],
    ['2025-00', false],
    ['2025-13', false],
    ['0000-05', false],
    ['2025-1', false],
    ['25-01', false],
    ['2025-01-01', false],
    ['2025/01', false],
    ['', false],
  ] as const) {
    t.equal(isMonth(s), ok, `${JSON.stringify(s)} → ${ok}`)
  }
})

t.test('a malformed month is a programming error (RangeError)', async (t) => {
  t.throws(() => assertMonth('2025-13'), RangeError)
  t.throws(() => assertMonth(42 as unknown as string), RangeError)
  t.throws(() => addMonths('2025-1', 1), RangeError)
  t.throws(() => addMonths('2025-01', 1.5), RangeError)
  t.throws(() => monthFromIndex(0.5), RangeError)
  t.throws(() => monthFromIndex(-1), RangeError, 'before year 0001')
  t.throws(() => addMonths('9999-12', 1), RangeError, 'past year 9999')
  t.throws(() => monthOfDate('2025-03'), RangeError)
  t.throws(() => monthOfDate('2025-13-01'), RangeError)
  t.throws(() => monthOfDate(5 as unknown as string), RangeError)
  t.equal(assertMonth('2025-03'), '2025-03')
})

t.test('addMonths crosses year boundaries both ways', async (t) => {
  t.equal(addMonths('2025-03', 0), '2025-03')
  t.equal(addMonths('2025-12', 1), '2026-01')
  t.equal(addMonths('2025-01', -1), '2024-12')
  t.equal(addMonths('2025-03', 3), '2025-06')
  t.equal(addMonths('2025-03', 24), '2027-03')
  t.equal(addMonths('2025-03', -27), '2022-12')
})

t.test('monthDiff is to minus from', async (t) => {
  t.equal(monthDiff('2025-03', '2025-12'), 9)
  t.equal(monthDiff('2025-12', '2025-03'), -9)
  t.equal(monthDiff('2024-12', '2025-01'), 1)
  t.equal(monthDiff('2025-05', '2025-05'), 0)
})

t.test('monthsInclusive: March–December 2025 is 10 months, 0 when the end is before the start', async (t) => {
  t.equal(monthsInclusive('2025-03', '2025-12'), 10)
  t.equal(monthsInclusive('2025-03', '2025-03'), 1)
  t.equal(monthsInclusive('2025-03', '2025-02'), 0)
  t.equal(monthsInclusive('2026-01', '2025-01'), 0)
})

t.test('eachMonth lists every month from start to end', async (t) => {
  t.same(eachMonth('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01', '2026-02'])
  t.same(eachMonth('2025-03', '2025-03'), ['2025-03'])
  t.same(eachMonth('2025-04', '2025-03'), [])
})

t.test('compareMonths, minMonth and maxMonth order months', async (t) => {
  t.equal(compareMonths('2025-03', '2025-04'), -1)
  t.equal(compareMonths('2025-04', '2025-04'), 0)
  t.equal(compareMonths('2026-01', '2025-12'), 1)
  t.equal(maxMonth('2025-03', '2025-04'), '2025-04')
  t.equal(maxMonth('2025-05', '2025-04'), '2025-05')
  t.equal(minMonth('2025-03', '2025-04'), '2025-03')
  t.equal(minMonth('2025-05', '2025-04'), '2025-04')
})

t.test('month of a date, first and last day of a month', async (t) => {
  t.equal(monthOfDate('2025-03-31'), '2025-03')
  t.equal(firstDayOfMonth('2025-06'), '2025-06-01')
  t.equal(lastDayOfMonth('2025-02'), '2025-02-28')
  t.equal(lastDayOfMonth('2024-02'), '2024-02-29')
  t.equal(lastDayOfMonth('2025-04'), '2025-04-30')
  t.equal(lastDayOfMonth('2025-12'), '2025-12-31')
})

t.test('days in month follow the Gregorian leap-year rule', async (t) => {
  t.equal(daysInMonth('2000-02'), 29, '2000 is a leap year (divisible by 400)')
  t.equal(daysInMonth('1900-02'), 28, '1900 is not (divisible by 100)')
  t.equal(daysInMonth('2024-02'), 29)
  t.equal(daysInMonth('2025-02'), 28)
  t.equal(daysInMonth('2025-09'), 30)
  t.equal(daysInMonth('2025-07'), 31)
  t.equal(isLeapYear(2028), true)
  t.equal(isLeapYear(2100), false)
})

const monthArb = fc.record({ y: fc.integer({ min: 1900, max: 2200 }), m: fc.integer({ min: 1, max: 12 }) }).map(
  ({ y, m }) => `${y}-${String(m).padStart(2, '0')}`
)

t.test('property: addMonths and monthDiff are inverse', async (t) => {
  fc.assert(
    fc.property(monthArb, fc.integer({ min: -600, max: 600 }), (m, n) => {
      const later = addMonths(m, n)
      return isMonth(later) && monthDiff(m, later) === n && monthFromIndex(monthIndex(later)) === later
    })
  )
  t.pass('holds')
})

t.test('property: eachMonth has monthsInclusive entries in ascending order', async (t) => {
  fc.assert(
    fc.property(monthArb, fc.integer({ min: -5, max: 40 }), (start, n) => {
      const end = addMonths(start, n)
      const list = eachMonth(start, end)
      return list.length === monthsInclusive(start, end) && list.every((m, i) => i === 0 || compareMonths(list[i - 1] ?? m, m) < 0)
    })
  )
  t.pass('holds')
})
