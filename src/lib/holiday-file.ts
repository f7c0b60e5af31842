import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { ConfigError } from '../config.js'
import { isDate } from '../rules/calendar.js'
import {
  BUILT_IN_HOLIDAY_CALENDAR,
  holidayCalendar,
  holidayYearsProblems,
  mergeHolidayCalendars,
  type HolidayCalendar,
} from '../rules/holidays.js'

/**
 * The operator's holiday years (HOLIDAYS_FILE), read once at start-up. Holidays are data an operator extends without
 * a release: when the SKB 3 Menteri for a year is signed, its dates go into this file and the service is restarted.
 * A year in the file REPLACES the built-in year whole (a FINAL 2027 decree supersedes the built-in provisional 2027).
 * A bad file stops start-up with one line naming the file and its first problem, like a bad environment variable:
 * a deadline is never computed over holiday data nobody checked.
 *
 * {
 *   "years": [
 *     { "year": 2027, "status": "FINAL", "source": "SKB 3 Menteri …/2026",
 *       "holidays": [ { "date": "2027-01-01", "name": "Tahun Baru 2027 Masehi", "kind": "NATIONAL" } ] }
 *   ]
 * }
 */
const HolidayFileSchema = z.strictObject({
  years: z.array(
    z.strictObject({
      year: z.number().int().min(1).max(9999),
      status: z.enum(['FINAL', 'PROVISIONAL']),
      source: z.string().trim().min(1, 'must name the decree, or say why the year is provisional'),
      holidays: z.array(
        z.strictObject({
          date: z.string().refine(isDate, 'must be a real date "YYYY-MM-DD"'),
          name: z.string().trim().min(1, 'must name the holiday'),
          kind: z.enum(['NATIONAL', 'CUTI_BERSAMA']),
        })
      ),
    })
  ),
})

/** `years[0].holidays[3].date`, the way an operator finds it in the file. */
function pathOf (path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(top level)'
}

/** One line, whatever the cause says. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim()

/** The built-in calendar, with the file's years replacing the built-in ones; the built-in calendar without a file. */
export function loadHolidayCalendar (file: string | undefined): HolidayCalendar {
  if (file === undefined) return BUILT_IN_HOLIDAY_CALENDAR
  const fail = (problem: string): never => {
    throw new ConfigError(`Invalid configuration: HOLIDAYS_FILE ${file}: ${oneLine(problem)}`)
  }
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    fail(`cannot be read: ${(err as Error).message}`)
  }
  let json: unknown
  try {
    // A byte-order mark is what some editors put first in a UTF-8 file: not a reason to stop start-up.
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    fail(`not valid JSON: ${(err as Error).message}`)
  }
  const parsed = HolidayFileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return fail(`${pathOf(issue.path)}: ${issue.message}`)
  }
  // What a per-field schema cannot see: a date outside its year, a date or a year listed twice.
  const problem = holidayYearsProblems(parsed.data.years)[0]
  if (problem !== undefined) fail(problem)
  return mergeHolidayCalendars(BUILT_IN_HOLIDAY_CALENDAR, holidayCalendar(parsed.data.years))
}
