import t from 'tap'
import fc from 'fast-check'
import { buildNik, checkNikAgainst, isValidNik, maskNik, parseNik } from '../../src/rules/nik.js'
import { addDays, dateFromDayNumber, dayNumber } from '../../src/rules/calendar.js'
import { RULESET_ID_BPU_2019_1 } from '../../src/rules/ruleset.js'

// A man born 16 August 1990 registered in 367101 (Tangerang), serial 0001.
const MAN = '3671011608900001'
// A woman born 16 August 1990: the day carries + 40.
const WOMAN = '3671015608900002'

t.test('a NIK parses into province, regency, kecamatan, birth date, sex and serial', async (t) => {
  t.same(parseNik(MAN, { today: '2025-03-01' }), {
    ok: true,
    value: { province: '36', regency: '3671', kecamatan: '367101', birthDate: '1990-08-16', sex: 'M', serial: '0001' },
  })
})

t.test("a woman's NIK carries the birth day + 40 (41–71)", async (t) => {
  const r = parseNik(WOMAN, { today: '2025-03-01' })
  t.equal(r.ok && r.value.sex, 'F')
  t.equal(r.ok && r.value.birthDate, '1990-08-16')
  const day41 = parseNik('3671014101900001')
  t.same(day41.ok && [day41.value.birthDate, day41.value.sex], ['1990-01-01', 'F'], 'day 41 is a woman born on the 1st')
  t.equal(parseNik('3671017101900001').ok, true, 'day 71 is a woman born on the 31st')
  t.equal(parseNik('3671013101900001').ok, true, 'day 31 is a man born on the 31st')
  t.equal(parseNik('3671010101900001').ok, true, 'day 01 is a man born on the 1st')
})

t.test('each failure has a clear reason', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['too short', '367101160890001', /16 digits long, got 15/],
    ['too long', '36710116089000011', /16 digits long, got 17/],
    ['empty', '', /16 digits long, got 0/],
    ['non-digits', '3671O11608900001', /only the digits/],
    ['day 00', '3671010008900001', /birth day 00 is not valid/],
    ['day 32 (between men and women)', '3671013208900001', /birth day 32 is not valid/],
    ['day 40', '3671014008900001', /birth day 40 is not valid/],
    ['day 72', '3671017208900001', /birth day 72 is not valid/],
    ['month 00', '3671011600900001', /birth month 00 is not valid/],
    ['month 13', '3671011613900001', /birth month 13 is not valid/],
    ['31 April', '3671013104900001', /31-04-90 .* not a real calendar date/],
    ['a woman born 30 February', '3671017002900001', /30-02-90 .* not a real calendar date/],
    ['serial 0000', '3671011608900000', /serial number 0000/],
  ]
  for (const [name, nik, reason] of cases) {
    const r = parseNik(nik)
    t.equal(r.ok, false, `${name} is refused`)
    t.match(r.ok ? [] : r.reasons.join('; '), reason, `${name}: reason says why`)
    t.equal(isValidNik(nik), false)
  }
  const both = parseNik('36710116O8900')
  t.same(both.ok ? [] : both.reasons.length, 2, 'length and non-digits are both reported')
  const many = parseNik('3671013213900000')
  t.equal(many.ok ? 0 : many.reasons.length, 3, 'bad day, bad month and serial 0000 are all reported')
  t.same(parseNik(12 as unknown as string), { ok: false, reasons: ['NIK must be a string of 16 digits'] })
})

t.test('29 February needs a leap year: 29-02-01 is refused, 29-02-00 accepted (2000 was a leap year)', async (t) => {
  t.equal(parseNik('3671012902010001').ok, false)
  const r = parseNik('3671012902000001', { today: '2025-03-01' })
  t.equal(r.ok && r.value.birthDate, '2000-02-29')
  const r1900 = parseNik('3671012902000001', { today: '1999-12-31' })
  t.equal(r1900.ok, false, 'before 2000 it would be 29 February 1900, which did not exist')
  t.match(r1900.ok ? '' : r1900.reasons.join(), /not a real date on or before 1999-12-31/)
  const noToday = parseNik('3671012902960001')
  t.equal(noToday.ok && noToday.value.birthDate, '1996-02-29')
})

t.test('the century is the latest that puts the birth date on or before today', async (t) => {
  const born2010 = '3671011505100001'
  const a = parseNik(born2010, { today: '2025-03-01' })
  t.equal(a.ok && a.value.birthDate, '2010-05-15')
  const b = parseNik(born2010, { today: '2009-01-01' })
  t.equal(b.ok && b.value.birthDate, '1910-05-15', 'a date after today is read in the previous century')
  const onToday = parseNik('3671010103250001', { today: '2025-03-01' })
  t.equal(onToday.ok && onToday.value.birthDate, '2025-03-01', 'born today')
  const tomorrow = parseNik('3671010203250001', { today: '2025-03-01' })
  t.equal(tomorrow.ok && tomorrow.value.birthDate, '1925-03-02', 'born "tomorrow" is read as 100 years ago')
  t.throws(() => parseNik(MAN, { today: 'yesterday' }), RangeError)
})

t.test('without today, years 00–29 read as 20YY and 30–99 as 19YY', async (t) => {
  const y29 = parseNik('3671011608290001')
  t.equal(y29.ok && y29.value.birthDate, '2029-08-16')
  const y30 = parseNik('3671011608300001')
  t.equal(y30.ok && y30.value.birthDate, '1930-08-16')
  const y00 = parseNik('3671011608000001')
  t.equal(y00.ok && y00.value.birthDate, '2000-08-16')
})

t.test('a date that exists only in the other century is refused in the century it is read in', async (t) => {
  // A rule set whose pivot reads every two-digit year as 19YY: 29-02-00 would be 29 February 1900, which did not exist.
  const nineteenth = { ...RULESET_ID_BPU_2019_1, nik: { ...RULESET_ID_BPU_2019_1.nik, defaultCenturyPivot: 0 } }
  const r = parseNik('3671012902000001', { ruleset: nineteenth })
  t.equal(r.ok, false)
  t.match(r.ok ? '' : r.reasons.join(), /29-02-00 \(DD-MM-YY\) is not a real calendar date in the century it is read in/)
})

t.test('a NIK that matches the stated birth date and sex has no reasons', async (t) => {
  t.same(checkNikAgainst(MAN, { birthDate: '1990-08-16', sex: 'M' }), [])
  t.same(checkNikAgainst(WOMAN, { birthDate: '1990-08-16', sex: 'F' }), [])
  t.same(checkNikAgainst('3671014101900001', { birthDate: '1990-01-01', sex: 'F' }), [], 'day 41 is the 1st')
  t.same(checkNikAgainst('3671011608900001', { birthDate: '1890-08-16', sex: 'M' }), [], 'the century is not in the NIK')
})

t.test('a NIK that does not match the stated birth date or sex says which', async (t) => {
  t.match(checkNikAgainst(MAN, { birthDate: '1990-08-17', sex: 'M' }), [/16-08-90 .* does not match the stated birth date 1990-08-17/])
  t.match(checkNikAgainst(MAN, { birthDate: '1990-09-16', sex: 'M' }), [/does not match/])
  t.match(checkNikAgainst(MAN, { birthDate: '1991-08-16', sex: 'M' }), [/does not match/])
  t.match(checkNikAgainst(MAN, { birthDate: '1990-08-16', sex: 'F' }), [/marks a man, but the stated sex is F/])
  t.match(checkNikAgainst(WOMAN, { birthDate: '1990-08-16', sex: 'M' }), [/56 marks a woman .* stated sex is M/])
  t.equal(checkNikAgainst(WOMAN, { birthDate: '1990-08-17', sex: 'M' }).length, 2, 'both mismatches are reported')
  t.match(checkNikAgainst('123', { birthDate: '1990-08-16', sex: 'M' }), [/16 digits long/])
  t.throws(() => checkNikAgainst(MAN, { birthDate: '1990-02-30', sex: 'M' }), RangeError)
  t.throws(() => checkNikAgainst(MAN, { birthDate: '1990-08-16', sex: 'X' as 'M' }), RangeError)
})

t.test("maskNik shows the first 4 and last 4 digits: '3671••••••••0001'", async (t) => {
  t.equal(maskNik(MAN), '3671••••••••0001')
  t.equal(maskNik('12345'), '•••••', 'a malformed NIK is fully masked')
  t.equal(maskNik(''), '')
  t.equal(maskNik(undefined as unknown as string), '')
})

t.test('buildNik writes the NIK parseNik reads', async (t) => {
  t.equal(buildNik({ kecamatan: '367101', birthDate: '1990-08-16', sex: 'M', serial: 1 }), MAN)
  t.equal(buildNik({ kecamatan: '367101', birthDate: '1990-08-16', sex: 'F', serial: 2 }), WOMAN)
  t.throws(() => buildNik({ kecamatan: '3671', birthDate: '1990-08-16', sex: 'M', serial: 1 }), RangeError)
  t.throws(() => buildNik({ kecamatan: '367101', birthDate: '1990-02-30', sex: 'M', serial: 1 }), RangeError)
  t.throws(() => buildNik({ kecamatan: '367101', birthDate: '1990-08-16', sex: 'M', serial: 0 }), RangeError)
  t.throws(() => buildNik({ kecamatan: '367101', birthDate: '1990-08-16', sex: 'M', serial: 10_000 }), RangeError)
  t.throws(() => buildNik({ kecamatan: '367101', birthDate: '1990-08-16', sex: 'M', serial: 1.5 }), RangeError)
  t.throws(() => buildNik({ kecamatan: '367101', birthDate: '1990-08-16', sex: 'X' as 'M', serial: 1 }), RangeError)
})

t.test('property: a NIK built from a birth date and sex always parses back to them', async (t) => {
  const today = '2025-03-01'
  fc.assert(
    fc.property(
      // Within the last 100 years: a two-digit year cannot tell older people apart.
      fc.integer({ min: dayNumber(today) - 36_524 + 1, max: dayNumber(today) }).map((n) => dateFromDayNumber(n)),
      fc.constantFrom('M' as const, 'F' as const),
      fc.integer({ min: 1, max: 9999 }),
      fc.constantFrom('367101', '367113', '360301', '317101'),
      (birthDate, sex, serial, kecamatan) => {
        const nik = buildNik({ kecamatan, birthDate, sex, serial })
        const parsed = parseNik(nik, { today })
        return (
          nik.length === 16 &&
          parsed.ok &&
          parsed.value.birthDate === birthDate &&
          parsed.value.sex === sex &&
          parsed.value.kecamatan === kecamatan &&
          Number(parsed.value.serial) === serial &&
          checkNikAgainst(nik, { birthDate, sex }).length === 0 &&
          checkNikAgainst(nik, { birthDate: addDays(birthDate, 1), sex }).length === 1 &&
          maskNik(nik) === `${nik.slice(0, 4)}••••••••${nik.slice(12)}`
        )
      }
    )
  )
  t.pass('holds')
})

t.test('property: any 16-digit string either parses or has reasons, never throws', async (t) => {
  fc.assert(
    fc.property(fc.stringMatching(/^\d{16}$/), (nik) => {
      const r = parseNik(nik, { today: '2025-03-01' })
      return r.ok ? r.value.birthDate <= '2025-03-01' : r.reasons.length > 0
    })
  )
  t.pass('holds')
})
