import { z } from 'zod'
import { isDate } from '../rules/calendar.js'
import { isMonth } from '../rules/month.js'
import { OCCUPATIONS } from '../rules/occupations.js'
import { BRANCH_CODES } from '../rules/regions.js'

/**
 * The zod schemas that more than one module's contract uses: one definition each, so a month, a date, a Rupiah
 * amount or a branch code is validated and documented the same way on every route.
 */

/** 'is required' when the field is missing; zod's own message otherwise. */
export const required = (iss: { input: unknown }) => (iss.input === undefined ? 'is required' : undefined)

/**
 * PostgreSQL text (and jsonb) cannot hold U+0000: a NUL that reached the database would fail the whole statement
 * (a 500, and in an import the good rows with it). Every free-text input is refined with this, so the NUL is a
 * 400 on its own field, or a rejected row.
 */
export const hasNoNul = (s: string) => !s.includes('\u0000')
export const NO_NUL = 'must not contain a NUL character (\\u0000)'

/** Free text a person types (a name, an address, a reason): trimmed, not empty, at most `max` characters, no NUL. */
export function freeText (max: number) {
  return z
    .string({ error: required })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(hasNoNul, NO_NUL)
}

/**
 * The range of months and dates this service accepts: every birth date of a living worker and every programme
 * period fall inside it, and nothing outside it (year 1, year 9999) is anything but a typing or an attack.
 */
export const MIN_MONTH = '1900-01'
export const MAX_MONTH = '2100-12'
export const MIN_DATE = '1900-01-01'
export const MAX_DATE = '2100-12-31'

export const MonthSchema = z
  .string()
  .superRefine((s, ctx) => {
    if (!isMonth(s)) ctx.addIssue({ code: 'custom', message: 'must be a month "YYYY-MM"' })
    else if (s < MIN_MONTH || s > MAX_MONTH) ctx.addIssue({ code: 'custom', message: `must be a month from ${MIN_MONTH} to ${MAX_MONTH}` })
  })
  .describe(`A month "YYYY-MM" (Asia/Jakarta), ${MIN_MONTH} to ${MAX_MONTH}.`)
  .meta({ example: '2025-03' })

export const DateSchema = z
  .string({ error: required })
  .superRefine((s, ctx) => {
    if (!isDate(s)) ctx.addIssue({ code: 'custom', message: 'must be a real date "YYYY-MM-DD"' })
    else if (s < MIN_DATE || s > MAX_DATE) ctx.addIssue({ code: 'custom', message: `must be a date from ${MIN_DATE} to ${MAX_DATE}` })
  })
  .describe(`A date "YYYY-MM-DD" (Asia/Jakarta), ${MIN_DATE} to ${MAX_DATE}.`)
  .meta({ example: '1990-07-05' })

export const RupiahSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe('Integer Rupiah.')

export const ProgramCodeSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'upper-case letters, digits and dashes, 2–32 characters')
  .describe('Programme code, e.g. TNG-2025.')

export const BranchCodeSchema = z.enum(BRANCH_CODES).describe('A BPJS Ketenagakerjaan branch: CIMONE, CIKOKOL or BATUCEPER.')

export const OccupationSchema = z.enum(OCCUPATIONS as unknown as [string, ...string[]])

/**
 * A whole-number query parameter from `min` to `max`, written as decimal digits and nothing else:
 * `z.coerce.number()` alone would take "1e2", " 5", "0x10", "5.0" and "" (as 0). The digits are checked on the
 * raw string first, then coerced; the document shows the integer it is (not the string the pipe starts from).
 */
export function queryInt (min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max}`
  return z
    .string()
    .regex(/^[0-9]{1,15}$/, `${range}, in decimal digits only`)
    .pipe(z.coerce.number<string>().int().min(min, range).max(max, range))
    .meta({ type: 'integer', minimum: min, maximum: max, pattern: undefined })
}

/** One step of a state machine's history (invoices, claims), as the API shows it. */
export function transitionSchema<S extends z.ZodType> (status: S, id: string) {
  return z
    .object({
      status,
      at: z.string().describe('When (RFC 3339 UTC).'),
      actorKeyId: z.string().describe('The API key that made the transition.'),
      actorRole: z.string(),
      requestId: z.string(),
      detail: z.string().optional(),
    })
    .meta({ id })
}
