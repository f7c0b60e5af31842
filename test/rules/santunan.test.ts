import t from 'tap'
import fc from 'fast-check'
import { addDays, dateFromDayNumber, dayNumber, isoWeekday } from '../../src/rules/calendar.js'
import {
  BUILT_IN_HOLIDAY_CALENDAR,
  HOLIDAYS_2027_PROVISIONAL,
  holidayCalendar,
  holidayYear,
  mergeHolidayCalendars,
  type HolidayCalendar,
  type HolidayYear,
} from '../../src/rules/holidays.js'
import { assessSantunanKematian, santunanDeadline, type SantunanInput } from '../../src/rules/santunan.js'

// Death on Monday 7 July 2025: the 40th working day after it is Tuesday 2 September 2025 (cuti bersama 18 August skipped).
const BASE: SantunanInput = {
  dateOfDeath: '2025-07-07',
  applicationDate: '2025-07-21',
  kecamatanCode: '367107',
  desil: 1,
  desilSource: 'DTSEN',
}
const santunan = (p: Partial<SantunanInput> = {}) => assessSantunanKematian({ ...BASE, ...p })

const finalYear = (year: number, dates: string[] = []): HolidayYear => ({
  year,
  status: 'FINAL',
  source: `test ${year}`,
  holidays: dates.map((date) => ({ date, name: `holiday ${date}`, kind: 'NATIONAL' })),
})
/** The built-in calendar with these years replacing its own (an operator's file). */
const withYears = (...years: HolidayYear[]): HolidayCalendar => mergeHolidayCalendars(BUILT_IN_HOLIDAY_CALENDAR, holidayCalendar(years))
/** What an operator loads once the 2027 decree is out; here the provisional dates, now final. */
const FINAL_2027 = withYears({ ...HOLIDAYS_2027_PROVISIONAL, status: 'FINAL', source: 'SKB 3 Menteri 2027 (test)' })
const deadlineOf = (death: string, holidays?: HolidayCalendar) => {
  const d = santunanDeadline(death, holidays)
  return d.ok ? d.date : d.reason
}

t.test('a poor resident in DTSEN who applies in time receives Rp3,000,000', async (t) => {
  const a = santunan()
  t.equal(a.eligible, true)
  t.equal(a.amount, 3_000_000)
  t.same(a.breakdown, [{ component: 'SANTUNAN_KEMATIAN', amount: 3_000_000 }])
  t.equal(a.rulesetVersion, 'ID-BPU-2019.1')
  t.equal(a.workingDaysAfterDeath, 10)
  t.match(a.reasons.join(' | '), /desil 1 in DTSEN, at most 4 .* 10 working days after the death, within 40/)
})

t.test('the 40-working-day deadline skips weekends and the 17–18 August holidays', async (t) => {
  t.same(santunanDeadline('2025-07-07'), { ok: true, date: '2025-09-02', provisionalYears: [] })
  t.equal(deadlineOf('2025-07-07', holidayCalendar([finalYear(2025)])), '2025-09-01', 'without the holidays 18 August would count, one day sooner')
})

t.test('an application on the 40th working day is in time', async (t) => {
  const a = santunan({ applicationDate: '2025-09-02' })
  t.equal(a.eligible, true)
  t.equal(a.workingDaysAfterDeath, 40)
  t.equal(a.applicationDeadline, '2025-09-02')
  t.same(a.calendar, { years: [{ year: 2025, status: 'FINAL', source: BUILT_IN_HOLIDAY_CALENDAR.years[0]?.source }], provisionalYears: [], missingYears: [] }, 'over FINAL data only')
})

t.test('an application on the 41st working day is too late', async (t) => {
  const a = santunan({ applicationDate: '2025-09-03' })
  t.equal(a.eligible, false)
  t.equal(a.amount, 0)
  t.same(a.reasons, ['applied on 2025-09-03, 41 working days after the death on 2025-07-07; the limit is 40 working days (until 2025-09-02)'])
  t.equal(a.pending, undefined, 'refused, not pending: the deadline was computed over FINAL years only')
})

t.test('holidays are data: a custom list moves the deadline', async (t) => {
  const a = santunan({ applicationDate: '2025-09-03', holidays: holidayCalendar([finalYear(2025, ['2025-08-18', '2025-09-02'])]) })
  t.equal(a.eligible, true, 'with 2 September also a holiday, 3 September is the 40th working day')
  t.equal(a.applicationDeadline, '2025-09-03')
})

t.test('Idul Fitri and its cuti bersama do not count as working days', async (t) => {
  // Death on Thursday 27 March 2025: 28 March, 31 March–7 April, 18 April, 1, 12, 13, 29, 30 May, 6 and 9 June
  // are holidays or cuti bersama; counted by hand, the 40th working day is Thursday 12 June.
  t.equal(deadlineOf('2025-03-27'), '2025-06-12')
  t.equal(santunan({ dateOfDeath: '2025-03-27', applicationDate: '2025-06-12' }).eligible, true)
  t.equal(santunan({ dateOfDeath: '2025-03-27', applicationDate: '2025-06-13' }).eligible, false)
})

t.test('the issue: a death on 2026-11-20 and an application on 2027-01-20 is in time, because 1 January 2027 is a holiday', async (t) => {
  // Counted by hand from Friday 20 November 2026 (the day of death is not counted):
  //   23–27 Nov: 5 · 30 Nov–4 Dec: 10 · 7–11 Dec: 15 · 14–18 Dec: 20 · 21–23 Dec: 23 (24 Dec cuti bersama, 25 Dec Natal)
  //   28–31 Dec: 27 · Fri 1 Jan 2027 Tahun Baru: not a working day · 4–8 Jan: 32 · 11–15 Jan: 37 · 18, 19, 20 Jan: 40.
  // Without 1 January 2027 (the calendar used to stop at 2026-12-31) the 40th working day was 19 January: refused.
  const a = santunan({ dateOfDeath: '2026-11-20', applicationDate: '2027-01-20' })
  t.equal(a.eligible, true)
  t.equal(a.amount, 3_000_000)
  t.equal(a.applicationDeadline, '2027-01-20')
  t.equal(a.workingDaysAfterDeath, 40)
  t.same(a.calendar.provisionalYears, [2027], 'the count crossed the provisional 2027 calendar, and says so')
  t.same(a.calendar.missingYears, [])
  t.same(a.calendar.years.map((y) => [y.year, y.status]), [[2026, 'FINAL'], [2027, 'PROVISIONAL']])
  t.match(a.reasons.join(' | '), /applied on 2027-01-20, at most 40 working days after the death, within 40 \(until 2027-01-20 at the earliest: the 2027 holiday calendar is provisional\)/)
  t.match(a.reasons.join(' | '), /the 2027 holiday calendar is provisional: more holidays would only lower the count, so the application is in time/)
  t.same(santunanDeadline('2026-11-20'), { ok: true, date: '2027-01-20', provisionalYears: [2027] }, 'the deadline says it is provisional')
})

t.test('one day later, over the provisional 2027 calendar, the claim is pending, not refused', async (t) => {
  const a = santunan({ dateOfDeath: '2026-11-20', applicationDate: '2027-01-21' })
  t.equal(a.eligible, false)
  t.equal(a.amount, 0)
  t.same(a.pending, { waitingFor: 'final holiday data for 2027' })
  t.match(a.reasons.join(' | '), /applied on 2027-01-21, after 2027-01-20, the last of the 40 working days after the death on 2026-11-20 by the holiday data at hand; the 2027 holiday calendar is provisional, and more holidays would move the deadline later/)
  const decided = santunan({ dateOfDeath: '2026-11-20', applicationDate: '2027-01-21', holidays: FINAL_2027 })
  t.equal(decided.eligible, false, 'once the final 2027 calendar is loaded (with no further holiday in January), it is late')
  t.equal(decided.pending, undefined)
  t.same(decided.reasons, ['applied on 2027-01-21, 41 working days after the death on 2026-11-20; the limit is 40 working days (until 2027-01-20)'])
  t.same(decided.calendar.years.map((y) => [y.year, y.status, y.source]), [[2026, 'FINAL', BUILT_IN_HOLIDAY_CALENDAR.years[1]?.source], [2027, 'FINAL', 'SKB 3 Menteri 2027 (test)']])
  const cutiBersama = santunan({ dateOfDeath: '2026-11-20', applicationDate: '2027-01-21', holidays: withYears(finalYear(2027, ['2027-01-01', '2027-01-15'])) })
  t.equal(cutiBersama.eligible, true, 'a final 2027 decree with one more holiday in January makes it in time')
})

t.test('a late application over the provisional 2027 calendar is pending until the final decree is loaded', async (t) => {
  // Monday 1 March 2027: 2–5 Mar: 4 · 8–12: 9 · 15–19: 14 · 22–25: 18 (26 Mar Wafat Yesus Kristus) · 29 Mar–2 Apr: 23
  // 5–9 Apr: 28 · 12–16: 33 · 19–23: 38 · 26, 27 Apr: 40. The Idul Fitri 1448 H days of the real decree are not known yet.
  const onTime = santunan({ dateOfDeath: '2027-03-01', applicationDate: '2027-04-27' })
  t.equal(onTime.eligible, true, 'on the earliest possible deadline: in time whatever the decree adds')
  t.equal(onTime.applicationDeadline, '2027-04-27')
  const late = santunan({ dateOfDeath: '2027-03-01', applicationDate: '2027-06-30' })
  t.equal(late.eligible, false)
  t.same(late.pending, { waitingFor: 'final holiday data for 2027' })
  t.equal(late.applicationDeadline, '2027-04-27', 'the earliest the deadline can be')
  t.same(late.calendar.provisionalYears, [2027])
  const final = santunan({ dateOfDeath: '2027-03-01', applicationDate: '2027-06-30', holidays: FINAL_2027 })
  t.equal(final.eligible, false)
  t.equal(final.pending, undefined, 'over a FINAL 2027 it is decided: late')
  t.match(final.reasons, [/applied on 2027-06-30, \d+ working days after the death on 2027-03-01; the limit is 40 working days \(until 2027-04-27\)/])
})

t.test('a deadline into 2028, a year without holiday data, is explicit: no deadline, and never refused on it', async (t) => {
  t.same(santunanDeadline('2027-12-01'), { ok: false, missingYears: [2028], reason: 'holiday data missing for 2028' })
  // Wednesday 1 December 2027: 2–3 Dec: 2 · 6–10: 7 · 13–17: 12 · 20–24: 17 · 27–31: 22 (25 Dec is a Saturday),
  // then 2028 with its weekdays counted as working days: 3–7 Jan: 27 · 10–14: 32 · 17–21: 37 · 24, 25, 26 Jan: 40.
  const inTime = santunan({ dateOfDeath: '2027-12-01', applicationDate: '2028-01-26' })
  t.equal(inTime.eligible, true, 'within the earliest possible deadline: in time whatever 2028 holds')
  t.equal(inTime.applicationDeadline, null, 'the deadline cannot be computed')
  t.same(inTime.calendar.missingYears, [2028])
  t.match(inTime.reasons.join(' | '), /holiday data missing for 2028, so its weekdays were counted as working days: more holidays would only lower the count/)
  const early = santunan({ dateOfDeath: '2027-12-01', applicationDate: '2027-12-10' })
  t.equal(early.eligible, true)
  t.equal(early.applicationDeadline, null)
  t.same(early.calendar, { years: [{ year: 2027, status: 'PROVISIONAL', source: HOLIDAYS_2027_PROVISIONAL.source }], provisionalYears: [2027], missingYears: [2028] }, 'the deadline needed 2028 although the count did not')
  t.match(early.reasons.join(' | '), /applied on 2027-12-10, at most 7 working days after the death, within 40 \(until 2028-01-26 at the earliest: the 2027 holiday calendar is provisional; holiday data missing for 2028\)/)

  const later = santunan({ dateOfDeath: '2027-12-01', applicationDate: '2028-01-27' })
  t.equal(later.eligible, false)
  t.same(later.pending, { waitingFor: 'final holiday data for 2027 and 2028' })
  t.match(later.reasons.join(' | '), /the 2027 holiday calendar is provisional; holiday data missing for 2028, and more holidays would move the deadline later/)
  const only2028 = santunan({ dateOfDeath: '2027-12-01', applicationDate: '2028-01-27', holidays: FINAL_2027 })
  t.same(only2028.pending, { waitingFor: 'final holiday data for 2028' })
  t.equal(only2028.workingDaysAfterDeath, 41, 'an upper bound while 2028 is missing')
  const with2028 = santunan({ dateOfDeath: '2027-12-01', applicationDate: '2028-01-27', holidays: mergeHolidayCalendars(FINAL_2027, holidayCalendar([finalYear(2028, ['2028-01-01'])])) })
  t.equal(with2028.eligible, false, 'decided once 2028 is loaded: late')
  t.equal(with2028.pending, undefined)
  t.equal(with2028.applicationDeadline, '2028-01-26')
})

t.test('a deadline that passed within FINAL years refuses a late application, even if the count runs into 2027', async (t) => {
  // Monday 5 January 2026: the 40th working day is 5 March 2026 (Isra Mi'raj, Imlek and its cuti bersama skipped).
  const a = santunan({ dateOfDeath: '2026-01-05', applicationDate: '2027-06-01' })
  t.equal(a.eligible, false)
  t.equal(a.pending, undefined)
  t.equal(a.applicationDeadline, '2026-03-05')
  t.same(a.reasons, ['applied on 2027-06-01, more than 40 working days after the death on 2026-01-05; the limit is 40 working days (until 2026-03-05)'])
  t.same(a.calendar.provisionalYears, [2027], 'the count crossed 2027, and says so')
})

t.test('a claim that fails on other grounds is refused at once, whatever the holiday data', async (t) => {
  const a = santunan({ dateOfDeath: '2027-03-01', applicationDate: '2027-06-30', desil: 9 })
  t.equal(a.eligible, false)
  t.equal(a.pending, undefined)
  t.same(a.reasons, ['desil 9 in DTSEN is above 4 and the person was not verified as meeting the criteria'])
  const before = santunan({ dateOfDeath: '2028-03-01', applicationDate: '2028-02-01' })
  t.equal(before.pending, undefined)
  t.same(before.reasons, ['the application date 2028-02-01 is before the death on 2028-03-01'])
})

const dayIn = (from: string, to: string) => fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(dateFromDayNumber)
const weekdays = (from: string, to: string) => fc.uniqueArray(dayIn(from, to).filter((d) => isoWeekday(d) <= 5), { maxLength: 25 })
/** The built-in calendar, and 2028, with these dates added as holidays; every year FINAL when `finalise`. */
function withMoreHolidays (extra: readonly string[], years: readonly number[], finalise: boolean): HolidayCalendar {
  return withYears(
    ...years.map((year) => {
      const base = holidayYear(BUILT_IN_HOLIDAY_CALENDAR, year) ?? finalYear(year)
      const added = extra.filter((d) => d.startsWith(`${year}-`) && !base.holidays.some((h) => h.date === d))
      return {
        ...base,
        status: finalise ? ('FINAL' as const) : base.status,
        holidays: [...base.holidays, ...added.map((date) => ({ date, name: 'added', kind: 'CUTI_BERSAMA' as const }))],
      }
    })
  )
}

t.test('property: adding holidays never makes an in-time application late', async (t) => {
  fc.assert(
    fc.property(dayIn('2025-01-01', '2027-12-31'), fc.integer({ min: 0, max: 120 }), weekdays('2025-01-01', '2028-12-31'), fc.boolean(), (death, offset, extra, finalise) => {
      const applicationDate = addDays(death, offset)
      const before = santunan({ dateOfDeath: death, applicationDate })
      const after = santunan({ dateOfDeath: death, applicationDate, holidays: withMoreHolidays(extra, [2025, 2026, 2027, 2028], finalise) })
      return !before.eligible || after.eligible
    })
  )
  t.pass('holds')
})

t.test('property: a refusal for lateness is final, whatever the provisional or missing years turn out to hold', async (t) => {
  fc.assert(
    fc.property(dayIn('2025-01-01', '2027-12-31'), fc.integer({ min: 0, max: 400 }), weekdays('2027-01-01', '2028-12-31'), fc.boolean(), (death, offset, extra, finalise) => {
      const applicationDate = addDays(death, offset)
      const before = santunan({ dateOfDeath: death, applicationDate })
      const after = santunan({ dateOfDeath: death, applicationDate, holidays: withMoreHolidays(extra, [2027, 2028], finalise) })
      const refused = !before.eligible && before.pending === undefined
      // Pending only when the deadline needed data that is not final; refused only over FINAL data.
      const pendingHonest = before.pending === undefined || before.calendar.provisionalYears.length + before.calendar.missingYears.length > 0
      return pendingHonest && (!refused || (!after.eligible && after.pending === undefined))
    })
  )
  t.pass('holds')
})

t.test('an application dated before the death is refused', async (t) => {
  const a = santunan({ applicationDate: '2025-07-06' })
  t.equal(a.eligible, false)
  t.match(a.reasons, [/application date 2025-07-06 is before the death on 2025-07-07/])
})

t.test('desil 4 is poor; desil 5 is not unless verified as meeting the criteria', async (t) => {
  t.equal(santunan({ desil: 4, desilSource: 'DTKS' }).eligible, true)
  const d5 = santunan({ desil: 5 })
  t.equal(d5.eligible, false)
  t.match(d5.reasons, [/desil 5 in DTSEN is above 4 and the person was not verified/])
  const verified = santunan({ desil: 5, meetsPovertyCriteria: true })
  t.equal(verified.eligible, true)
  t.match(verified.reasons.join(), /verified as meeting the DTKS\/DTSEN criteria/)
})

t.test('someone not in DTKS/DTSEN qualifies only when verified as meeting its criteria', async (t) => {
  const a = santunan({ desil: null, desilSource: null })
  t.equal(a.eligible, false)
  t.match(a.reasons, [/not registered in DTKS\/DTSEN/])
  t.equal(santunan({ desil: 2, desilSource: null }).eligible, false, 'a desil without a source is not a record')
  t.equal(santunan({ desil: null, desilSource: null, meetsPovertyCriteria: true }).eligible, true)
  t.equal(santunan({ desil: null, desilSource: null, meetsPovertyCriteria: false }).eligible, false)
})

t.test('the santunan is for residents of Kota Tangerang', async (t) => {
  const a = santunan({ kecamatanCode: '360301' })
  t.equal(a.eligible, false)
  t.match(a.reasons, [/kecamatan 360301 is not in region 3671/])
})

for (const [exclusion, words] of [
  ['SUICIDE', 'suicide'],
  ['DEATH_PENALTY', 'the death penalty'],
  ['CRIMINAL_SENTENCE_OVER_1_YEAR', 'a criminal sentence of more than 1 year'],
  ['NARCOTICS', 'narcotics'],
  ['NATURAL_DISASTER', 'a natural disaster'],
] as const) {
  t.test(`a death caused by ${words} is excluded`, async (t) => {
    const a = santunan({ exclusions: [exclusion] })
    t.equal(a.eligible, false)
    t.equal(a.amount, 0)
    t.same(a.reasons, [`excluded: the death was caused by ${words}`])
  })
}

t.test('every failure is reported together', async (t) => {
  const a = santunan({ kecamatanCode: '317101', desil: 9, exclusions: ['NARCOTICS'], applicationDate: '2026-01-05' })
  t.equal(a.reasons.length, 4)
  t.same(santunan({ exclusions: [] }).eligible, true, 'an empty exclusion list excludes nothing')
})

t.test('malformed dates are programming errors', async (t) => {
  t.throws(() => santunan({ dateOfDeath: '2025-02-29' }), RangeError)
  t.throws(() => santunan({ applicationDate: '20250721' }), RangeError)
})
