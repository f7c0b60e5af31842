import { z } from 'zod'
import { queryInt } from '../../lib/schemas.js'
import { isDate } from '../../rules/calendar.js'

const YearSchema = queryInt(1, 9999)

const CalendarDateSchema = z
  .string()
  .refine(isDate, 'must be a real date "YYYY-MM-DD"')
  .describe('A Jakarta calendar date "YYYY-MM-DD".')
  .meta({ example: '2026-11-20' })

export const HolidayYearQuery = z.strictObject({
  year: YearSchema.describe('The calendar year, e.g. 2027.').meta({ example: 2027 }),
})

export const HolidaySchema = z.object({
  date: z.string().describe('"YYYY-MM-DD".'),
  name: z.string(),
  kind: z.enum(['NATIONAL', 'CUTI_BERSAMA']).describe('A national public holiday, or a cuti bersama (collective leave day).'),
})

export const HolidayYearSchema = z
  .object({
    year: z.number().int(),
    status: z
      .enum(['FINAL', 'PROVISIONAL'])
      .describe('FINAL: from the SKB 3 Menteri for the year. PROVISIONAL: only the dates certain so far; more holidays may follow.'),
    source: z.string().describe('The decree the dates come from, or why the year is provisional.'),
    holidays: z.array(HolidaySchema).describe('Sorted by date; weekend entries included.'),
  })
  .meta({ id: 'HolidayYear' })

export const WorkingDaysQuery = z.strictObject({
  from: CalendarDateSchema.describe('Counting starts after this date (it is not counted itself).'),
  days: queryInt(0, 400).describe('How many working days to add (0–400); 40 is the santunan kematian limit.').meta({ example: 40 }),
})

export const WorkingDaysSchema = z
  .object({
    from: z.string(),
    days: z.number().int(),
    date: z.string().describe('The `days`-th working day after `from` (Monday–Friday minus holidays and cuti bersama).'),
    provisional: z.boolean().describe('True when the count crossed a provisional year: more holidays may still move the date later.'),
    provisionalYears: z.array(z.number().int()).describe('The provisional years the count crossed.'),
  })
  .meta({ id: 'WorkingDays' })
