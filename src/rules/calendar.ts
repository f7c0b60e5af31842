/**
 * Jakarta calendar dates as 'YYYY-MM-DD' strings (WIB, UTC+7, no daylight saving) and working days.
 * Date arithmetic uses a day number (days since 1970-01-01, proleptic Gregorian), not Date, so no time zone
 * or clock can leak in. Today's date is always an argument.
 */
import type { HolidayCalendar } from './holidays.js';
import { daysInMonth } from './month.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** WIB is UTC+7 all year (Indonesia has no daylight saving). */
const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

/** True when `s` is a real calendar date 'YYYY-MM-DD' (year 0001–9999). */
export function isDate(s: string): boolean {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(`${m[1]}-${m[2]}`);
}

/** Throws a RangeError unless `s` is a real date: a malformed date is a programming error. */
export function assertDate(s: string, name = 'date'): string {
  if (!isDate(s)) throw new RangeError(`${name} must be a real 'YYYY-MM-DD' date, got ${JSON.stringify(s)}`);
  return s;
}

/** Days since 1970-01-01 (negative before). */
export function dayNumber(date: string): number {
  assertDate(date);
  const y0 = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  // days_from_civil (H. Hinnant): exact for the proleptic Gregorian calendar.
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date with this day number (inverse of dayNumber). */
export function dateFromDayNumber(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`day number must be an integer, got ${n}`);
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return assertDate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, 'resulting date');
}

/** The Jakarta calendar date of an instant: 2025-03-31T20:00Z is '2025-04-01'. */
export function jakartaDateOf(instant: Date): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('instant must be a valid Date');
  return dateFromDayNumber(Math.floor((ms + JAKARTA_OFFSET_MS) / MS_PER_DAY));
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`day count must be an integer, got ${n}`);
  return dateFromDayNumber(dayNumber(date) + n);
}

/** `to` − `from` in calendar days. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Negative, zero or positive like a sort comparator. */
export function compareDates(a: string, b: string): number {
  return Math.sign(dayNumber(a) - dayNumber(b));
}

/**
 * `date` plus `n` calendar years; 29 February falls back to 28 February in a common year
 * (an anniversary never lands in the next month).
 */
export function addYears(date: string, n: number): string {
  assertDate(date);
  if (!Number.isSafeInteger(n)) throw new RangeError(`year count must be an integer, got ${n}`);
  const year = String(Number(date.slice(0, 4)) + n).padStart(4, '0');
  const month = date.slice(5, 7);
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(`${year}-${month}`));
  return assertDate(`${year}-${month}-${String(day).padStart(2, '0')}`, 'resulting date');
}

/**
 * Age in whole years on `onDate`. Someone born on 29 February has their birthday on 1 March in a common year
 * (on 28 February they are still the younger age).
 */
export function ageOn(birthDate: string, onDate: string): number {
  assertDate(birthDate, 'birthDate');
  assertDate(onDate, 'onDate');
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  const beforeBirthday = onDate.slice(5) < birthDate.slice(5);
  return years - (beforeBirthday ? 1 : 0);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return weekdayOfDayNumber(dayNumber(date));
}

function weekdayOfDayNumber(n: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

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
  | HolidayDataMissing;
export type WorkingDateOutcome =
  | { readonly ok: true; readonly date: string; readonly provisionalYears: readonly number[] }
  | HolidayDataMissing;
export type WorkingDayCountOutcome =
  | { readonly ok: true; readonly count: number; readonly provisionalYears: readonly number[] }
  | HolidayDataMissing;

/** 2028 · 2028 and 2029 · 2027, 2028 and 2029. */
export function yearList(years: readonly number[]): string {
  return years.length <= 1 ? years.join('') : `${years.slice(0, -1).join(', ')} and ${years[years.length - 1]}`;
}

/** "holiday data missing for 2028": the one wording every layer uses, from the rules to the HTTP problem. */
export function holidayDataMissingReason(years: readonly number[]): string {
  return `holiday data missing for ${yearList(years)}`;
}

/** "the 2027 holiday calendar is provisional". */
export function provisionalCalendarReason(years: readonly number[]): string {
  return years.length === 1
    ? `the ${years[0]} holiday calendar is provisional`
    : `the ${yearList(years)} holiday calendars are provisional`;
}

/** Judges days one by one and remembers which years' data it needed. */
function calendarWalk(calendar: HolidayCalendar) {
  const years = new Set<number>();
  const missing = new Set<number>();
  return {
    /** A weekday of a year without data counts as a working day: the count is then an upper bound, and says so. */
    isWorking(day: number): boolean {
      if (weekdayOfDayNumber(day) > 5) return false;
      const date = dateFromDayNumber(day);
      const year = Number(date.slice(0, 4));
      if (!calendar.statusByYear.has(year)) {
        missing.add(year);
        return true;
      }
      years.add(year);
      return !calendar.dates.has(date);
    },
    use(): CalendarUse {
      const known = [...years].sort((a, b) => a - b);
      return {
        years: known,
        provisionalYears: known.filter((y) => calendar.statusByYear.get(y) === 'PROVISIONAL'),
        missingYears: [...missing].sort((a, b) => a - b),
      };
    },
  };
}

function missingOutcome(missingYears: readonly number[]): HolidayDataMissing {
  return { ok: false, missingYears, reason: holidayDataMissingReason(missingYears) };
}

function assertWorkingDayCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working-day count must be a non-negative integer, got ${n}`);
}

/**
 * The earliest the `n`-th working day after `date` can be: weekdays of a year without data count as working days,
 * and a PROVISIONAL year lists only the holidays certain so far (see ./holidays.ts), so more data can only move it
 * later. It is exact when `missingYears` and `provisionalYears` are empty.
 */
export function addWorkingDaysEarliest(date: string, n: number, calendar: HolidayCalendar): { readonly date: string } & CalendarUse {
  assertWorkingDayCount(n);
  const walk = calendarWalk(calendar);
  let day = dayNumber(date);
  let left = n;
  while (left > 0) {
    day += 1;
    if (walk.isWorking(day)) left -= 1;
  }
  return { date: dateFromDayNumber(day), ...walk.use() };
}

/**
 * The most working days there can be after `from` up to and including `to` (0 when `to` is on or before `from`):
 * weekdays of a year without data count as working days. Exact when `missingYears` and `provisionalYears` are empty.
 */
export function workingDaysBetweenAtMost(from: string, to: string, calendar: HolidayCalendar): { readonly count: number } & CalendarUse {
  const walk = calendarWalk(calendar);
  const last = dayNumber(to);
  let count = 0;
  for (let day = dayNumber(from) + 1; day <= last; day++) if (walk.isWorking(day)) count += 1;
  return { count, ...walk.use() };
}

/** Monday–Friday and not a holiday or cuti bersama; a weekday of a year without data is holiday data missing. */
export function isWorkingDay(date: string, calendar: HolidayCalendar): WorkingDayOutcome {
  const walk = calendarWalk(calendar);
  const working = walk.isWorking(dayNumber(date));
  const use = walk.use();
  return use.missingYears.length > 0 ? missingOutcome(use.missingYears) : { ok: true, working, provisionalYears: use.provisionalYears };
}

/**
 * The `n`-th working day after `date` (the date itself is not counted; n = 0 returns `date`). A deadline of "within
 * 40 working days of the death" is addWorkingDays(death, 40, calendar). A count that needs a year without holiday
 * data is `ok: false` naming the years; one over a PROVISIONAL year names it in `provisionalYears`.
 */
export function addWorkingDays(date: string, n: number, calendar: HolidayCalendar): WorkingDateOutcome {
  const r = addWorkingDaysEarliest(date, n, calendar);
  return r.missingYears.length > 0 ? missingOutcome(r.missingYears) : { ok: true, date: r.date, provisionalYears: r.provisionalYears };
}

/**
 * Working days after `from` up to and including `to` (so workingDaysBetween(d, addWorkingDays(d, n).date) is n);
 * 0 when `to` is on or before `from`. Explicit when it needs a year without holiday data, as addWorkingDays.
 */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar): WorkingDayCountOutcome {
  const r = workingDaysBetweenAtMost(from, to, calendar);
  return r.missingYears.length > 0 ? missingOutcome(r.missingYears) : { ok: true, count: r.count, provisionalYears: r.provisionalYears };
}

