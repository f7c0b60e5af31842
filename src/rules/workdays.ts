/**
 * Working days over a holiday calendar: Monday–Friday minus the holidays and cuti bersama of a HolidayCalendar
 * (./holidays.ts). Dates and day numbers come from ./calendar.ts.
 */
import { dateFromDayNumber, dayNumber, weekdayOfDayNumber } from './calendar.js'
import type { HolidayCalendar } from './holidays.js'

/*
 * Working days: Monday–Friday minus the holidays and cuti bersama of a HolidayCalendar (./holidays.ts).
 * Policy (DOMAIN.md, santunan kematian): a count that needs a year without holiday data says so ("holiday data
 * missing for 2028") instead of silently counting Mondays to Fridays, and a count over a PROVISIONAL year names it.
 * Only weekdays need the data: a Saturday or Sunday is never a working day, whatever a year's list holds, so a
 * count whose only days in 2028 are a weekend is complete without 2028.
 */

/** The years a count relied on, each ascending. */
export interface CalendarUse {
  /** Years with holiday data (FINAL or PROVISIONAL) whose weekdays were judged. */
  readonly years: readonly number[];
  /** Those of `years` whose data is PROVISIONAL: more holidays may follow. */
  readonly provisionalYears: readonly number[];
  /** Years without holiday data whose weekdays were counted as working days (an upper bound). */
  readonly missingYears: readonly number[];
}

/** A count that needed a year without holiday data: an explicit outcome, never a silent count of weekdays. */
export interface HolidayDataMissing {
  readonly ok: false;
  readonly missingYears: readonly number[];
  /** "holiday data missing for 2028". */
  readonly reason: string;
}

export type WorkingDayOutcome =
  | { readonly ok: true; readonly working: boolean; readonly provisionalYears: readonly number[] }
  | HolidayDataMissing
export type WorkingDateOutcome =
  | { readonly ok: true; readonly date: string; readonly provisionalYears: readonly number[] }
  | HolidayDataMissing
export type WorkingDayCountOutcome =
  | { readonly ok: true; readonly count: number; readonly provisionalYears: readonly number[] }
  | HolidayDataMissing

/** 2028 · 2028 and 2029 · 2027, 2028 and 2029. */
export function yearList (years: readonly number[]): string {
  return years.length <= 1 ? years.join('') : `${years.slice(0, -1).join(', ')} and ${years[years.length - 1]}`
}

/** "holiday data missing for 2028": the one wording every layer uses, from the rules to the HTTP problem. */
export function holidayDataMissingReason (years: readonly number[]): string {
  return `holiday data missing for ${yearList(years)}`
}

/** "the 2027 holiday calendar is provisional". */
export function provisionalCalendarReason (years: readonly number[]): string {
  return years.length === 1
    ? `the ${years[0]} holiday calendar is provisional`
    : `the ${yearList(years)} holiday calendars are provisional`
}

/** Judges days one by one and remembers which years' data it needed. */
function calendarWalk (calendar: HolidayCalendar) {
  const years = new Set<number>()
  const missing = new Set<number>()
  return {
    /** A weekday of a year without data counts as a working day: the count is then an upper bound, and says so. */
    isWorking (day: number): boolean {
      if (weekdayOfDayNumber(day) > 5) return false
      const date = dateFromDayNumber(day)
      const year = Number(date.slice(0, 4))
      if (!calendar.statusByYear.has(year)) {
        missing.add(year)
        return true
      }
      years.add(year)
      return !calendar.dates.has(date)
    },
    use (): CalendarUse {
      const known = [...years].sort((a, b) => a - b)
      return {
        years: known,
        provisionalYears: known.filter((y) => calendar.statusByYear.get(y) === 'PROVISIONAL'),
        missingYears: [...missing].sort((a, b) => a - b),
      }
    },
  }
}

function missingOutcome (missingYears: readonly number[]): HolidayDataMissing {
  return { ok: false, missingYears, reason: holidayDataMissingReason(missingYears) }
}

function assertWorkingDayCount (n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working-day count must be a non-negative integer, got ${n}`)
}

/**
 * The earliest the `n`-th working day after `date` can be: weekdays of a year without data count as working days,
 * and a PROVISIONAL year lists only the holidays certain so far (see ./holidays.ts), so more data can only move it
 * later. It is exact when `missingYears` and `provisionalYears` are empty.
 */
export function addWorkingDaysEarliest (date: string, n: number, calendar: HolidayCalendar): { readonly date: string } & CalendarUse {
  assertWorkingDayCount(n)
  const walk = calendarWalk(calendar)
  let day = dayNumber(date)
  let left = n
  while (left > 0) {
    day += 1
    if (walk.isWorking(day)) left -= 1
  }
  return { date: dateFromDayNumber(day), ...walk.use() }
}

/**
 * The most working days there can be after `from` up to and including `to` (0 when `to` is on or before `from`):
 * weekdays of a year without data count as working days. Exact when `missingYears` and `provisionalYears` are empty.
 */
export function workingDaysBetweenAtMost (from: string, to: string, calendar: HolidayCalendar): { readonly count: number } & CalendarUse {
  const walk = calendarWalk(calendar)
  const last = dayNumber(to)
  let count = 0
  for (let day = dayNumber(from) + 1; day <= last; day++) if (walk.isWorking(day)) count += 1
  return { count, ...walk.use() }
}

/** Monday–Friday and not a holiday or cuti bersama; a weekday of a year without data is holiday data missing. */
export function isWorkingDay (date: string, calendar: HolidayCalendar): WorkingDayOutcome {
  const walk = calendarWalk(calendar)
  const working = walk.isWorking(dayNumber(date))
  const use = walk.use()
  return use.missingYears.length > 0 ? missingOutcome(use.missingYears) : { ok: true, working, provisionalYears: use.provisionalYears }
}

/**
 * The `n`-th working day after `date` (the date itself is not counted; n = 0 returns `date`). A deadline of "within
 * 40 working days of the death" is addWorkingDays(death, 40, calendar). A count that needs a year without holiday
 * data is `ok: false` naming the years; one over a PROVISIONAL year names it in `provisionalYears`.
 */
export function addWorkingDays (date: string, n: number, calendar: HolidayCalendar): WorkingDateOutcome {
  const r = addWorkingDaysEarliest(date, n, calendar)
  return r.missingYears.length > 0 ? missingOutcome(r.missingYears) : { ok: true, date: r.date, provisionalYears: r.provisionalYears }
}

/**
 * Working days after `from` up to and including `to` (so workingDaysBetween(d, addWorkingDays(d, n).date) is n);
 * 0 when `to` is on or before `from`. Explicit when it needs a year without holiday data, as addWorkingDays.
 */
export function workingDaysBetween (from: string, to: string, calendar: HolidayCalendar): WorkingDayCountOutcome {
  const r = workingDaysBetweenAtMost(from, to, calendar)
  return r.missingYears.length > 0 ? missingOutcome(r.missingYears) : { ok: true, count: r.count, provisionalYears: r.provisionalYears }
}
