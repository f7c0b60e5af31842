import { z } from 'zod'
import { pageQuery, pageSchema } from '../../lib/pagination.js'
import { BranchCodeSchema, freeText, MonthSchema, OccupationSchema, ProgramCodeSchema, RupiahSchema } from '../../lib/schemas.js'

/** A programme is one payer's scheme for one budget period: at most ten years, so a typing error of a century is caught. */
export const MAX_PROGRAM_MONTHS = 120

export const CreateProgramBody = z
  .strictObject({
    code: ProgramCodeSchema,
    name: freeText(200),
    regionCode: z.string().regex(/^\d{4}$/, 'a 4-digit regency/city code (Kota Tangerang is 3671)'),
    startMonth: MonthSchema,
    endMonth: MonthSchema.describe(`The last month (YYYY-MM); a programme runs at most ${MAX_PROGRAM_MONTHS} months.`),
    budget: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('The whole budget in Rupiah.'),
    contribution: z.strictObject({
      jkk: z.number().int().positive().max(10_000_000).describe('JKK contribution per worker per month, Rupiah.'),
      jkm: z.number().int().positive().max(10_000_000).describe('JKM contribution per worker per month, Rupiah.'),
    }),
    maxDesil: z.number().int().min(1).max(10).describe('Highest DTKS/DTSEN desil admitted (1 = poorest).'),
    desilMaxAgeMonths: z
      .number()
      .int()
      .min(0)
      .max(60)
      .default(12)
      .describe('How many months old a desil period may be, counted to the start month (default 12).'),
    occupations: z.array(OccupationSchema).min(1).max(50),
    minAge: z.number().int().min(0).max(120),
    maxAge: z.number().int().min(0).max(120),
    branchByKecamatan: z
      .record(z.string().regex(/^\d{6}$/, 'a 6-digit kecamatan code'), BranchCodeSchema)
      .describe('The BPJS branch that serves each kecamatan of the region, e.g. { "367101": "CIKOKOL" }.'),
  })
  .meta({
    example: {
      code: 'TNG-2025',
      name: 'Perlindungan Pekerja Rentan Kota Tangerang 2025',
      regionCode: '3671',
      startMonth: '2025-03',
      endMonth: '2025-12',
      budget: 999_936_000,
      contribution: { jkk: 10_000, jkm: 6_800 },
      maxDesil: 4,
      occupations: ['NELAYAN', 'TUKANG_OJEK'],
      minAge: 18,
      maxAge: 65,
      branchByKecamatan: { 367101: 'CIMONE' },
    },
  })

export type CreateProgramInput = z.infer<typeof CreateProgramBody>

export const ProgramSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    regionCode: z.string(),
    startMonth: z.string(),
    endMonth: z.string(),
    months: z.number().int().describe('Number of months from startMonth to endMonth inclusive.'),
    budget: RupiahSchema,
    contribution: z.object({ jkk: RupiahSchema, jkm: RupiahSchema, total: RupiahSchema.describe('jkk + jkm, per worker per month.') }),
    maxDesil: z.number().int(),
    desilMaxAgeMonths: z.number().int(),
    occupations: z.array(z.string()),
    minAge: z.number().int(),
    maxAge: z.number().int(),
    branchByKecamatan: z.record(z.string(), z.string()),
    quota: z.number().int().describe('floor(budget / ((jkk + jkm) × months)): how many workers the budget covers for the whole period.'),
    enrolledCount: z.number().int().describe('Quota places taken by enrolments.'),
    rulesetVersion: z.string().describe('The rule set that judges this programme’s decisions.'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Program' })

export const BudgetSchema = z
  .object({
    programCode: z.string(),
    allocated: RupiahSchema.describe('The programme budget.'),
    reserved: RupiahSchema.describe('Held for enrolled workers’ future months, not yet invoiced.'),
    invoiced: RupiahSchema.describe('On issued invoices not yet paid.'),
    paid: RupiahSchema.describe('On paid invoices.'),
    remaining: RupiahSchema.describe('allocated − reserved − invoiced − paid: what new enrolments may still use.'),
    forecast: z
      .object({
        coveredWorkers: z.number().int().describe('Open (PENDING or ACTIVE) enrolments: the workers covered now.'),
        monthlyCost: RupiahSchema.describe('What a month of them costs: coveredWorkers × (jkk + jkm).'),
        monthsCoveredByRemaining: z
          .number()
          .int()
          .nullable()
          .describe('Whole months the remaining budget would pay for at that cost, beyond what is reserved for them; null with nobody covered.'),
      })
      .describe('A forecast at the current number of covered workers.'),
  })
  .meta({ id: 'ProgramBudget' })

export const ProgramCodeParams = z.strictObject({ code: ProgramCodeSchema })
export const ListProgramsQuery = z.strictObject({ ...pageQuery })
export const ProgramPageSchema = pageSchema(ProgramSchema)
