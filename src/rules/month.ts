/**
 * Calendar months as 'YYYY-MM' strings (Asia/Jakarta). Arithmetic goes through a month index
 * (year × 12 + month − 1), so it never touches Date or a time zone.
 */
export type Month = string

/**
 * The number written by the `count` ASCII digits of `s` from `at`, or -1 if any of them is not one (past the end
 * included). Months and dates are read with it, not with a regular expression: an enrolment batch judges 10,000
 * workers on a dozen of them each.
 */
export function digitsAt (s: string, at: number, count: number): number {
  let n = 0
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48
    if (!(d >= 0 && d <= 9)) return -1
    n = n * 10 + d
  }
  return n
}

const HYPHEN = 45

/** True when `s` is a 'YYYY-MM' month with month 01–12 (year 0001–9999). */
export function isMonth (s: string): boolean {
  if (typeof s !== 'string' || s.length !== 7 || s.charCodeAt(4) !== HYPHEN) return false
  const year = digitsAt(s, 0, 4)
  const month = digitsAt(s, 5, 2)
  return year >= 1 && month >= 1 && month <= 12
}

/** Throws a RangeError unless `s` is a valid month: a malformed month is a programming error. */
export function assertMonth (s: string, name = 'month'): Month {
  if (typeof s !== 'string' || !isMonth(s)) throw new RangeError(`${name} must be a 'YYYY-MM' month, got ${JSON.stringify(s)}`)
  return s
}

/** Months since year 0 (year × 12 + month − 1). */
export function monthIndex (m: Month): number {
  assertMonth(m)
  return digitsAt(m, 0, 4) * 12 + digitsAt(m, 5, 2) - 1
}

/** The month with this index (inverse of monthIndex). */
export function monthFromIndex (index: number): Month {
  if (!Number.isSafeInteger(index)) throw new RangeError(`month index must be an integer, got ${index}`)
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  const result = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
  return assertMonth(result, 'resulting month')
}

/** `m` plus `n` months (n may be negative). */
export function addMonths (m: Month, n: number): Month {
  if (!Number.isSafeInteger(n)) throw new RangeError(`month count must be an integer, got ${n}`)
  return monthFromIndex(monthIndex(m) + n)
}

/** `to` − `from` in months (2025-03 → 2025-12 is 9). */
export function monthDiff (from: Month, to: Month): number {
  return monthIndex(to) - monthIndex(from)
}

/** Number of months from `start` to `end`, both included (2025-03..2025-12 is 10); 0 when end < start. */
export function monthsInclusive (start: Month, end: Month): number {
  return Math.max(0, monthDiff(start, end) + 1)
}

/** Every month from `start` to `end`, both included; empty when end < start. */
export function eachMonth (start: Month, end: Month): Month[] {
  const first = monthIndex(start)
  const last = monthIndex(end)
  const months: Month[] = []
  for (let i = first; i <= last; i++) months.push(monthFromIndex(i))
  return months
}

/** Negative, zero or positive like a sort comparator. */
export function compareMonths (a: Month, b: Month): number {
  return Math.sign(monthIndex(a) - monthIndex(b))
}

/** The month of a 'YYYY-MM-DD' date. */
export function monthOfDate (date: string): Month {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new RangeError(`date must be 'YYYY-MM-DD', got ${JSON.stringify(date)}`)
  }
  return assertMonth(date.slice(0, 7), 'month of date')
}

/** 'YYYY-MM-01'. */
export function firstDayOfMonth (m: Month): string {
  return `${assertMonth(m)}-01`
}

/** The last day of the month, 'YYYY-MM-DD'. */
export function lastDayOfMonth (m: Month): string {
  assertMonth(m)
  return `${m}-${String(daysInMonth(m)).padStart(2, '0')}`
}

/** Number of days in the month (leap years included). */
export function daysInMonth (m: Month): number {
  assertMonth(m)
  return daysInYearMonth(digitsAt(m, 0, 4), digitsAt(m, 5, 2))
}

/** Days in month `month` (1–12) of `year`. */
export function daysInYearMonth (year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** Gregorian leap year. */
export function isLeapYear (year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** The later of two months. */
export function maxMonth (a: Month, b: Month): Month {
  return compareMonths(a, b) >= 0 ? a : b
}

/** The earlier of two months. */
export function minMonth (a: Month, b: Month): Month {
  return compareMonths(a, b) <= 0 ? a : b
}
