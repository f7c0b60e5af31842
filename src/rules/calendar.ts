/**
 * Jakarta calendar dates as 'YYYY-MM-DD' strings (WIB, UTC+7, no daylight saving) and working days.
 * Date arithmetic uses a day number (days since 1970-01-01, proleptic Gregorian), not Date, so no time zone
 * or clock can leak in. Today's date is always an argument.
 */
import { daysInMonth, daysInYearMonth, digitsAt } from './month.js'

const MS_PER_DAY = 86_400_000
/** WIB is UTC+7 all year (Indonesia has no daylight saving). */
const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000

/** True when `s` is a real calendar date 'YYYY-MM-DD' (year 0001–9999). */
export function isDate (s: string): boolean {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false
  const year = digitsAt(s, 0, 4)
  const month = digitsAt(s, 5, 2)
  const day = digitsAt(s, 8, 2)
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  return day <= daysInYearMonth(year, month)
}

/** Throws a RangeError unless `s` is a real date: a malformed date is a programming error. */
export function assertDate (s: string, name = 'date'): string {
  if (!isDate(s)) throw new RangeError(`${name} must be a real 'YYYY-MM-DD' date, got ${JSON.stringify(s)}`)
  return s
}

/** Days since 1970-01-01 (negative before). */
export function dayNumber (date: string): number {
  assertDate(date)
  const y0 = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  // days_from_civil (H. Hinnant): exact for the proleptic Gregorian calendar.
  const y = m <= 2 ? y0 - 1 : y0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/** The date with this day number (inverse of dayNumber). */
export function dateFromDayNumber (n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`day number must be an integer, got ${n}`)
  const z = n + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return assertDate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, 'resulting date')
}

/** The Jakarta calendar date of an instant: 2025-03-31T20:00Z is '2025-04-01'. */
export function jakartaDateOf (instant: Date): string {
  const ms = instant.getTime()
  if (!Number.isFinite(ms)) throw new RangeError('instant must be a valid Date')
  return dateFromDayNumber(Math.floor((ms + JAKARTA_OFFSET_MS) / MS_PER_DAY))
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays (date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`day count must be an integer, got ${n}`)
  return dateFromDayNumber(dayNumber(date) + n)
}

/** `to` − `from` in calendar days. */
export function daysBetween (from: string, to: string): number {
  return dayNumber(to) - dayNumber(from)
}

/** Negative, zero or positive like a sort comparator. */
export function compareDates (a: string, b: string): number {
  return Math.sign(dayNumber(a) - dayNumber(b))
}

/**
 * `date` plus `n` calendar years; 29 February falls back to 28 February in a common year
 * (an anniversary never lands in the next month).
 */
export function addYears (date: string, n: number): string {
  assertDate(date)
  if (!Number.isSafeInteger(n)) throw new RangeError(`year count must be an integer, got ${n}`)
  const year = String(Number(date.slice(0, 4)) + n).padStart(4, '0')
  const month = date.slice(5, 7)
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(`${year}-${month}`))
  return assertDate(`${year}-${month}-${String(day).padStart(2, '0')}`, 'resulting date')
}

/**
 * Age in whole years on `onDate`. Someone born on 29 February has their birthday on 1 March in a common year
 * (on 28 February they are still the younger age).
 */
export function ageOn (birthDate: string, onDate: string): number {
  assertDate(birthDate, 'birthDate')
  assertDate(onDate, 'onDate')
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4))
  const beforeBirthday = onDate.slice(5) < birthDate.slice(5)
  return years - (beforeBirthday ? 1 : 0)
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday (date: string): number {
  return weekdayOfDayNumber(dayNumber(date))
}

/** ISO weekday of a day number (see dayNumber). */
export function weekdayOfDayNumber (n: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((n + 3) % 7) + 7) % 7) + 1
}
