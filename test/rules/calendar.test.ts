import t from 'tap'
import fc from 'fast-check'
import {
  addDays,
  addYears,
  ageOn,
  assertDate,
  compareDates,
  dateFromDayNumber,
  dayNumber,
  daysBetween,
  isDate,
  isoWeekday,
  jakartaDateOf,
} from '../../src/rules/calendar.js'
import {
  addWorkingDays,
  addWorkingDaysEarliest,
  holidayDataMissingReason,
  isWorkingDay,
  provisionalCalendarReason,
  workingDaysBetween,
  workingDaysBetweenAtMost,
} from '../../src/rules/workdays.js'
import {
  BUILT_IN_HOLIDAY_CALENDAR as HOLIDAYS,
  HOLIDAYS_2025,
  HOLIDAYS_2026,
  HOLIDAYS_2027_PROVISIONAL,
  holidayCalendar,
  holidayYear,
  holidayYearsProblems,
  mergeHolidayCalendars,
  type Holiday,
  type HolidayYear,
} from '../../src/rules/holidays.js'

/** A calendar of one FINAL year with these holidays (none by default). */
const finalYear = (year: number, dates: string[] = []): HolidayYear => ({
  year,
  status: 'FINAL',
  source: `test ${year}`,
  holidays: dates.map((date) => ({ date, name: `holiday ${date}`, kind: 'NATIONAL' })),
})

/** The date of a working-day outcome that must be complete. */
function dateOf (outcome: ReturnType<typeof addWorkingDays>): string {
  if (!outcome.ok) throw new Error(`expected a date, got ${outcome.reason}`)
  return outcome.date
}
function countOf (outcome: ReturnType<typeof workingDaysBetween>): number {
  if (!outcome.ok) throw new Error(`expected a count, got ${outcome.reason}`)
  return outcome.count
}
const working = (date: string, calendar = HOLIDAYS) => {
  const r = isWorkingDay(date, calendar)
  return r.ok ? r.working : r.reason
}

t.test('isDate accepts only real calendar dates', async (t) => {
  for (const [s, ok] of [
    ['2025-03-31', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2025-04-31', false],
    ['2025-00-10', false],
    ['2025-13-01', false],
    ['2025-01-00', false],
    ['0000-01-01', false],
    ['2025-1-01', false],
    ['2025-03-31T00:00:00Z', false],
    ['', false],
  ] as const) {
    t.equal(isDate(s), ok, `${JSON.stringify(s)} → ${ok}`)
  }
  t.equal(isDate(20250331 as unknown as string), false, 'a number is not a date')
})

t.test('a malformed date is a programming error (RangeError)', async (t) => {
  t.throws(() => assertDate('2025-02-30'), RangeError)
  t.throws(() => addDays('2025-01-01', 0.5), RangeError)
  t.throws(() => addYears('2025-01-01', 1.5), RangeError)
  t.throws(() => addYears('2025-02-30', 1), RangeError)
  t.throws(() => addYears('9999-01-01', 1), RangeError, 'past year 9999')
  t.throws(() => dateFromDayNumber(1.5), RangeError)
  t.throws(() => ageOn('2025-02-30', '2025-03-01'), RangeError)
  t.throws(() => ageOn('2000-01-01', 'today'), RangeError)
  t.throws(() => addWorkingDays('2025-01-01', -1, HOLIDAYS), RangeError)
  t.throws(() => addWorkingDays('2025-01-01', 1.5, HOLIDAYS), RangeError)
  t.throws(() => workingDaysBetween('2025-01-01', '2025-02-30', HOLIDAYS), RangeError)
  t.throws(() => isWorkingDay('2025-13-01', HOLIDAYS), RangeError)
  t.equal(assertDate('2025-03-31'), '2025-03-31')
})

t.test('a death at 2025-03-31T20:00Z happened on 2025-04-01 in Jakarta (UTC+7)', async (t) => {
  t.equal(jakartaDateOf(new Date('2025-03-31T20:00:00Z')), '2025-04-01')
  t.equal(jakartaDateOf(new Date('2025-03-31T16:59:59.999Z')), '2025-03-31', 'one millisecond before Jakarta midnight')
  t.equal(jakartaDateOf(new Date('2025-03-31T17:00:00Z')), '2025-04-01', 'Jakarta midnight')
  t.equal(jakartaDateOf(new Date('1969-12-31T17:00:00Z')), '1970-01-01')
  t.equal(jakartaDateOf(new Date('1969-12-31T16:00:00Z')), '1969-12-31', 'before the epoch')
  t.throws(() => jakartaDateOf(new Date('not a date')), RangeError)
})

t.test('day numbers match the Unix epoch', async (t) => {
  t.equal(dayNumber('1970-01-01'), 0)
  t.equal(dayNumber('1969-12-31'), -1)
  t.equal(dayNumber('2025-03-31'), Date.UTC(2025, 2, 31) / 86_400_000)
  t.equal(dateFromDayNumber(20_178), '2025-03-31')
  t.equal(dateFromDayNumber(dayNumber('0001-01-01')), '0001-01-01')
})

t.test('addDays, daysBetween and compareDates', async (t) => {
  t.equal(addDays('2025-02-28', 1), '2025-03-01')
  t.equal(addDays('2024-02-28', 1), '2024-02-29')
  t.equal(addDays('2025-12-31', 1), '2026-01-01')
  t.equal(addDays('2025-03-01', -1), '2025-02-28')
  t.equal(daysBetween('2025-03-01', '2025-06-01'), 92)
  t.equal(compareDates('2025-05-31', '2025-06-01'), -1)
  t.equal(compareDates('2025-06-01', '2025-06-01'), 0)
  t.equal(compareDates('2025-06-02', '2025-06-01'), 1)
})

t.test('addYears keeps the day, and 29 February becomes 28 February in a common year', async (t) => {
  t.equal(addYears('2025-04-10', 5), '2030-04-10')
  t.equal(addYears('2024-02-29', 5), '2029-02-28')
  t.equal(addYears('2024-02-29', 4), '2028-02-29')
  t.equal(addYears('2025-01-31', -1), '2024-01-31')
})

t.test('age in whole years: the birthday is the first day of the new age', async (t) => {
  t.equal(ageOn('1990-03-01', '2025-03-01'), 35, 'on the birthday')
  t.equal(ageOn('1990-03-01', '2025-02-28'), 34, 'the day before')
  t.equal(ageOn('1990-03-02', '2025-03-01'), 34)
  t.equal(ageOn('2008-02-29', '2025-02-28'), 16, 'born 29 February: not yet 17 on 28 February')
  t.equal(ageOn('2008-02-29', '2025-03-01'), 17, 'born 29 February: 17 on 1 March')
  t.equal(ageOn('2008-02-29', '2028-02-29'), 20)
  t.equal(ageOn('2025-03-01', '2025-03-01'), 0)
})

t.test('weekdays: Monday is 1 and Sunday is 7', async (t) => {
  t.equal(isoWeekday('2025-03-24'), 1, '24 March 2025 was a Monday')
  t.equal(isoWeekday('2025-03-29'), 6)
  t.equal(isoWeekday('2025-03-30'), 7)
  t.equal(isoWeekday('1969-12-29'), 1, 'before the epoch')
  t.equal(isoWeekday('1970-01-01'), 4, 'a Thursday')
})

t.test('a working day is Monday to Friday and not a public holiday or cuti bersama', async (t) => {
  t.equal(working('2025-03-24'), true, 'an ordinary Monday')
  t.equal(working('2025-03-29'), false, 'Saturday')
  t.equal(working('2025-03-30'), false, 'Sunday')
  t.equal(working('2025-03-31'), false, 'Idul Fitri')
  t.equal(working('2025-04-07'), false, 'cuti bersama Idul Fitri')
  t.equal(working('2025-08-18'), false, 'cuti bersama for the 80th Independence Day')
  t.equal(working('2025-04-08'), true)
  t.equal(working('2025-03-31', holidayCalendar([finalYear(2025)])), true, 'holidays are data: without them it is a Monday like any other')
  t.same(isWorkingDay('2026-03-24', HOLIDAYS), { ok: true, working: false, provisionalYears: [] }, 'a FINAL year is certain')
})

t.test('a weekday of a year without holiday data is an explicit outcome, never a guess', async (t) => {
  t.same(isWorkingDay('2028-01-03', HOLIDAYS), { ok: false, missingYears: [2028], reason: 'holiday data missing for 2028' })
  t.same(isWorkingDay('2028-01-01', HOLIDAYS), { ok: true, working: false, provisionalYears: [] }, 'a Saturday is never a working day: no data needed')
  t.same(isWorkingDay('2027-01-01', HOLIDAYS), { ok: true, working: false, provisionalYears: [2027] }, 'Tahun Baru 2027, on the provisional list')
  t.same(isWorkingDay('2027-02-09', HOLIDAYS), { ok: true, working: true, provisionalYears: [2027] }, 'a working day so far: the final decree may still name it')
})

t.test('addWorkingDays skips weekends and holidays; n = 0 is the date itself', async (t) => {
  t.same(addWorkingDays('2025-03-24', 0, HOLIDAYS), { ok: true, date: '2025-03-24', provisionalYears: [] })
  t.equal(dateOf(addWorkingDays('2025-03-24', 1, HOLIDAYS)), '2025-03-25')
  t.equal(dateOf(addWorkingDays('2025-03-27', 1, HOLIDAYS)), '2025-04-08', 'Nyepi, Idul Fitri and cuti bersama are skipped')
  t.equal(dateOf(addWorkingDays('2025-03-28', 1, holidayCalendar([finalYear(2025)]))), '2025-03-31', 'without holidays only the weekend is skipped')
  t.equal(dateOf(addWorkingDays('2025-01-02', 40, HOLIDAYS)), '2025-03-04', 'Isra Mi\'raj and Imlek (27–29 January) are skipped')
})

t.test('a count into 2027 skips 1 January 2027 and says the 2027 calendar is provisional', async (t) => {
  // Thursday 31 December 2026 + 1: Friday 1 January 2027 is Tahun Baru, then the weekend: Monday 4 January.
  t.same(addWorkingDays('2026-12-31', 1, HOLIDAYS), { ok: true, date: '2027-01-04', provisionalYears: [2027] })
  t.same(addWorkingDays('2026-12-22', 1, HOLIDAYS), { ok: true, date: '2026-12-23', provisionalYears: [] }, 'a count within FINAL years is not provisional')
  t.same(addWorkingDays('2027-12-30', 1, HOLIDAYS), { ok: true, date: '2027-12-31', provisionalYears: [2027] })
})

t.test('a count past the last year of holiday data is "holiday data missing", not a count of Mondays to Fridays', async (t) => {
  t.same(addWorkingDays('2027-12-30', 2, HOLIDAYS), { ok: false, missingYears: [2028], reason: 'holiday data missing for 2028' }, 'Monday 3 January 2028 needs the 2028 data')
  t.same(addWorkingDays('2027-12-01', 400, HOLIDAYS), { ok: false, missingYears: [2028, 2029], reason: 'holiday data missing for 2028 and 2029' })
  t.same(workingDaysBetween('2027-12-31', '2028-01-02', HOLIDAYS), { ok: true, count: 0, provisionalYears: [] }, 'a weekend in 2028 needs no data')
  t.same(workingDaysBetween('2027-12-30', '2028-01-03', HOLIDAYS), { ok: false, missingYears: [2028], reason: 'holiday data missing for 2028' })
  t.same(addWorkingDays('2024-12-30', 1, HOLIDAYS), { ok: false, missingYears: [2024], reason: 'holiday data missing for 2024' }, 'before the first year too')
  t.equal(dateOf(addWorkingDays('2027-12-30', 2, mergeHolidayCalendars(HOLIDAYS, holidayCalendar([finalYear(2028, ['2028-01-03'])])))), '2028-01-04', 'once an operator adds 2028, it counts')
})

t.test('the wording names every year', async (t) => {
  t.equal(holidayDataMissingReason([2028]), 'holiday data missing for 2028')
  t.equal(holidayDataMissingReason([2028, 2029, 2030]), 'holiday data missing for 2028, 2029 and 2030')
  t.equal(provisionalCalendarReason([2027]), 'the 2027 holiday calendar is provisional')
  t.equal(provisionalCalendarReason([2027, 2028]), 'the 2027 and 2028 holiday calendars are provisional')
})

t.test('the bounds count a missing year\'s weekdays as working days and name every year they relied on', async (t) => {
  t.same(addWorkingDaysEarliest('2027-12-30', 2, HOLIDAYS), { date: '2028-01-03', years: [2027], provisionalYears: [2027], missingYears: [2028] })
  t.same(workingDaysBetweenAtMost('2026-12-30', '2028-01-07', HOLIDAYS).missingYears, [2028])
  // 31 December 2027, then Monday 3 – Friday 7 January 2028 (no data: all counted).
  t.same(workingDaysBetweenAtMost('2027-12-30', '2028-01-07', HOLIDAYS), { count: 6, years: [2027], provisionalYears: [2027], missingYears: [2028] })
  t.same(workingDaysBetweenAtMost('2026-12-30', '2027-01-04', HOLIDAYS), { count: 2, years: [2026, 2027], provisionalYears: [2027], missingYears: [] }, '31 December 2026 and 4 January 2027')
})

t.test('workingDaysBetween counts the days after from up to and including to', async (t) => {
  t.same(workingDaysBetween('2025-03-24', '2025-03-24', HOLIDAYS), { ok: true, count: 0, provisionalYears: [] })
  t.equal(countOf(workingDaysBetween('2025-03-24', '2025-03-28', HOLIDAYS)), 3, 'Tue, Wed, Thu (Fri 28 March is cuti bersama)')
  t.equal(countOf(workingDaysBetween('2025-03-27', '2025-04-08', HOLIDAYS)), 1)
  t.equal(countOf(workingDaysBetween('2025-04-08', '2025-03-27', HOLIDAYS)), 0, '0 when to is before from')
  t.same(workingDaysBetween('2026-12-28', '2027-01-04', HOLIDAYS), { ok: true, count: 4, provisionalYears: [2027] }, '29–31 December and 4 January (28 December itself is not counted)')
})

t.test('the built-in holiday data: 2025 and 2026 final from the SKB 3 Menteri, 2027 provisional', async (t) => {
  t.same(HOLIDAYS.years.map((y) => [y.year, y.status]), [[2025, 'FINAL'], [2026, 'FINAL'], [2027, 'PROVISIONAL']])
  t.same(holidayYearsProblems(HOLIDAYS.years), [], 'real, unique dates inside their years')
  for (const y of HOLIDAYS.years) t.same(y.holidays.map((h) => h.date), y.holidays.map((h) => h.date).sort(), `${y.year} sorted`)
  t.match(HOLIDAYS_2025.source, /SKB 3 Menteri 1017\/2024 .* 933\/2025/)
  t.match(HOLIDAYS_2026.source, /SKB 3 Menteri 1497\/2025/)
  t.equal(HOLIDAYS_2026.holidays.filter((h) => h.kind === 'CUTI_BERSAMA').length, 8, '8 cuti bersama in 2026')
  t.equal(HOLIDAYS_2026.holidays.filter((h) => h.kind === 'NATIONAL').length, 17, '17 national holidays in 2026')
  t.ok(HOLIDAYS.dates.has('2025-12-25') && HOLIDAYS.dates.has('2026-03-21'))
  t.equal(holidayYear(HOLIDAYS, 2028), undefined, 'no 2028 data yet')
  t.equal(holidayYear(HOLIDAYS, 2026), HOLIDAYS.years[1])
})

t.test('2027 lists only the dates fixed by law or by the Easter computus, and says the decree was not at hand', async (t) => {
  const y = HOLIDAYS_2027_PROVISIONAL
  t.equal(y.status, 'PROVISIONAL')
  t.match(y.source, /SKB 3 Menteri for 2027 was not at hand/)
  t.same(y.holidays.map((h) => h.date), ['2027-01-01', '2027-03-26', '2027-03-28', '2027-05-01', '2027-05-06', '2027-06-01', '2027-08-17', '2027-12-25'])
  t.ok(y.holidays.every((h) => h.kind === 'NATIONAL'), 'no cuti bersama: only the decree sets those')
})

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
function easter (year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

t.test('the Easter holidays agree with a Gregorian computus: Good Friday −2 days, Easter, Ascension +39 days', async (t) => {
  t.same([2000, 2019, 2024].map(easter), ['2000-04-23', '2019-04-21', '2024-03-31'], 'the computus itself, on known years')
  for (const y of HOLIDAYS.years) {
    const named = (name: string) => y.holidays.filter((h) => h.name.startsWith(name)).map((h) => h.date)
    const sunday = easter(y.year)
    t.same(named('Wafat Yesus Kristus'), [addDays(sunday, -2)], `${y.year} Good Friday`)
    t.same(named('Kebangkitan Yesus Kristus'), [sunday], `${y.year} Easter`)
    t.same(named('Kenaikan Yesus Kristus'), [addDays(sunday, 39)], `${y.year} Ascension`)
  }
})

t.test('a holiday calendar is validated: real dates inside their year, no date or year twice', async (t) => {
  const h = (date: string, extra: Partial<Holiday> = {}): Holiday => ({ date, name: 'x', kind: 'NATIONAL', ...extra })
  const year = (y: number, holidays: Holiday[], extra: Partial<HolidayYear> = {}): HolidayYear => ({ year: y, status: 'FINAL', source: 's', holidays, ...extra })
  const cases: [string, HolidayYear[], string][] = [
    ['an impossible date', [year(2027, [h('2027-02-30')])], 'year 2027: "2027-02-30" is not a real date \'YYYY-MM-DD\''],
    ['a date in another year', [year(2027, [h('2028-01-01')])], 'year 2027: 2028-01-01 is not in 2027'],
    ['a date twice', [year(2027, [h('2027-01-01'), h('2027-01-01', { name: 'again' })])], 'year 2027: 2027-01-01 is listed twice'],
    ['a year twice', [year(2027, []), year(2027, [])], 'year 2027 is listed twice'],
    ['a fractional year', [year(2027.5, [])], 'year 2027.5: must be a whole year from 1 to 9999'],
    ['year 0', [year(0, [])], 'year 0: must be a whole year from 1 to 9999'],
    ['year 10000', [year(10_000, [])], 'year 10000: must be a whole year from 1 to 9999'],
    ['an unknown status', [year(2027, [], { status: 'DRAFT' as 'FINAL' })], 'year 2027: status must be FINAL or PROVISIONAL, got "DRAFT"'],
    ['no source', [year(2027, [], { source: ' ' })], 'year 2027: source must name the decree, or say why the year is provisional'],
    ['a source that is not text', [year(2027, [], { source: 7 as unknown as string })], 'year 2027: source must name the decree, or say why the year is provisional'],
    ['a nameless holiday', [year(2027, [h('2027-01-01', { name: '' })])], 'year 2027: 2027-01-01 needs a name'],
    ['a name that is not text', [year(2027, [h('2027-01-01', { name: null as unknown as string })])], 'year 2027: 2027-01-01 needs a name'],
    ['an unknown kind', [year(2027, [h('2027-01-01', { kind: 'REGIONAL' as 'NATIONAL' })])], 'year 2027: 2027-01-01 kind must be NATIONAL or CUTI_BERSAMA, got "REGIONAL"'],
  ]
  for (const [what, years, problem] of cases) {
    t.same(holidayYearsProblems(years), [problem], what)
    t.throws(() => holidayCalendar(years), new RangeError(`invalid holiday calendar: ${problem}`), `${what} is a RangeError`)
  }
  t.same(holidayYearsProblems([]), [], 'an empty calendar is valid (every year is then missing)')
})

t.test('a calendar sorts its years and dates', async (t) => {
  const c = holidayCalendar([finalYear(2028, ['2028-12-25', '2028-01-01', '2028-08-17']), finalYear(2025)])
  t.same(c.years.map((y) => y.year), [2025, 2028])
  t.same(c.years[1]?.holidays.map((h) => h.date), ['2028-01-01', '2028-08-17', '2028-12-25'])
  t.same([...c.statusByYear], [[2025, 'FINAL'], [2028, 'FINAL']])
})

t.test('merging: a later calendar\'s year replaces the earlier year whole', async (t) => {
  // An operator's FINAL 2027 decree (here without 17 August, to show nothing of the provisional list survives).
  const decree = holidayCalendar([finalYear(2027, ['2027-01-01', '2027-02-08']), finalYear(2028, ['2028-01-01'])])
  const merged = mergeHolidayCalendars(HOLIDAYS, decree)
  t.same(merged.years.map((y) => [y.year, y.status]), [[2025, 'FINAL'], [2026, 'FINAL'], [2027, 'FINAL'], [2028, 'FINAL']])
  t.same(holidayYear(merged, 2027)?.holidays.map((h) => h.date), ['2027-01-01', '2027-02-08'])
  t.notOk(merged.dates.has('2027-08-17'), 'the provisional 2027 list is gone, not merged date by date')
  t.ok(merged.dates.has('2026-08-17'), 'other years are untouched')
  t.same(holidayYear(merged, 2026), HOLIDAYS_2026)
  t.equal(mergeHolidayCalendars(decree, HOLIDAYS).statusByYear.get(2027), 'PROVISIONAL', 'the later calendar wins, whatever its status')
})

const dateArb = fc
  .integer({ min: dayNumber('1900-01-01'), max: dayNumber('2100-12-31') })
  .map((n) => dateFromDayNumber(n))

t.test('property: dayNumber and dateFromDayNumber are inverse and agree with Date.UTC', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: dayNumber('1000-01-01'), max: dayNumber('9000-12-31') }), (n) => {
      const d = dateFromDayNumber(n)
      const [y, m, day] = d.split('-').map(Number) as [number, number, number]
      const utc = new Date(0)
      utc.setUTCFullYear(y, m - 1, day)
      return isDate(d) && dayNumber(d) === n && Math.floor(utc.getTime() / 86_400_000) === n
    })
  )
  t.pass('holds')
})

const dayIn = (from: string, to: string) => fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map((n) => dateFromDayNumber(n))

t.test('property: addWorkingDays lands on a working day n working days later', async (t) => {
  fc.assert(
    fc.property(dayIn('2025-01-01', '2027-09-30'), fc.integer({ min: 1, max: 60 }), (d, n) => {
      const end = dateOf(addWorkingDays(d, n, HOLIDAYS))
      return working(end) === true && countOf(workingDaysBetween(d, end, HOLIDAYS)) === n && countOf(workingDaysBetween(d, addDays(end, -1), HOLIDAYS)) === n - 1
    })
  )
  t.pass('holds')
})

t.test('property: a count is complete exactly when it needed no year without data, and then agrees with its bound', async (t) => {
  fc.assert(
    fc.property(dayIn('2024-10-01', '2028-03-31'), fc.integer({ min: 0, max: 300 }), (d, n) => {
      const bound = addWorkingDaysEarliest(d, n, HOLIDAYS)
      const strict = addWorkingDays(d, n, HOLIDAYS)
      const count = workingDaysBetween(d, bound.date, HOLIDAYS)
      return strict.ok
        ? bound.missingYears.length === 0 && strict.date === bound.date && count.ok && count.count === n
        : bound.missingYears.length > 0 && strict.reason === holidayDataMissingReason(bound.missingYears) && !count.ok
    })
  )
  t.pass('holds')
})

t.test('property: adding holidays never moves a deadline earlier nor raises a count', async (t) => {
  const weekday = dayIn('2025-01-01', '2028-12-31').filter((d) => isoWeekday(d) <= 5)
  fc.assert(
    fc.property(dayIn('2025-01-01', '2028-06-30'), fc.integer({ min: 0, max: 120 }), fc.uniqueArray(weekday, { maxLength: 30 }), (d, n, extra) => {
      // Every year of the built-in data, and 2028, with the extra dates added (2028 thereby gains data: FINAL).
      const more = holidayCalendar(
        [2025, 2026, 2027, 2028].map((year) => {
          const base = holidayYear(HOLIDAYS, year) ?? finalYear(year)
          const added = extra.filter((x) => x.startsWith(`${year}`) && !base.holidays.some((h) => h.date === x))
          return { ...base, holidays: [...base.holidays, ...added.map((date) => ({ date, name: 'added', kind: 'CUTI_BERSAMA' as const }))] }
        })
      )
      const to = addDays(d, n)
      return (
        compareDates(addWorkingDaysEarliest(d, n, more).date, addWorkingDaysEarliest(d, n, HOLIDAYS).date) >= 0 &&
        workingDaysBetweenAtMost(d, to, more).count <= workingDaysBetweenAtMost(d, to, HOLIDAYS).count
      )
    })
  )
  t.pass('holds')
})

t.test('property: age never decreases and grows by one each birthday', async (t) => {
  fc.assert(
    fc.property(dateArb, fc.integer({ min: 0, max: 100 }), (birth, years) => {
      const on = addYears(birth, years)
      const age = ageOn(birth, on)
      // 29 February + n years lands on 28 February in a common year: a day short of the birthday.
      const expected = birth.endsWith('02-29') && !on.endsWith('02-29') ? years - 1 : years
      return age === Math.max(expected, 0) && ageOn(birth, addDays(on, 1)) >= age
    })
  )
  t.pass('holds')
})
