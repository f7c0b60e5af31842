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

export const MonthSchema = z
  .string()
  .refine(isMonth, 'must be a month "YYYY-MM"')
  .describe('A month "YYYY-MM" (Asia/Jakarta).')
  .meta({ example: '2025-03' })

export const DateSchema = z
  .string({ error: required })
  .refine(isDate, 'must be a real date "YYYY-MM-DD"')
  .describe('A date "YYYY-MM-DD" (Asia/Jakarta).')
  .meta({ example: '1990-07-05' })

export const RupiahSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe('Integer Rupiah.')

export const ProgramCodeSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'upper-case letters, digits and dashes, 2–32 characters')
  .describe('Programme code, e.g. TNG-2025.')

export const BranchCodeSchema = z.enum(BRANCH_CODES).describe('A BPJS Ketenagakerjaan branch: CIMONE, CIKOKOL or BATUCEPER.')

export const OccupationSchema = z.enum(OCCUPATIONS as unknown as [string, ...string[]])
