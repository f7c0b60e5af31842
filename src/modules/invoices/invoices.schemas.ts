import { z } from 'zod'
import { INVOICE_STATUSES } from '../../db/schema.js'
import { pageQuery, pageSchema } from '../../lib/pagination.js'
import { BranchCodeSchema, DateSchema, MonthSchema, ProgramCodeSchema, RupiahSchema, transitionSchema } from '../../lib/schemas.js'

export const InvoiceStatusSchema = z.enum(INVOICE_STATUSES)

export const CreateInvoiceBody = z
  .strictObject({
    programCode: ProgramCodeSchema,
    branchCode: BranchCodeSchema,
    month: MonthSchema.describe('The coverage month billed: one invoice per programme, branch and month.'),
  })
  .meta({ example: { programCode: 'TNG-2025', branchCode: 'CIMONE', month: '2025-04' } })

export const PaymentBody = z
  .strictObject({
    sp2dNumber: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z./-]{1,64}$/, '1–64 letters, digits, dots, slashes or dashes')
      .describe('The SP2D (Surat Perintah Pencairan Dana) number of the city treasury’s disbursement: used once per programme.'),
    paidAt: DateSchema.describe('The date the city paid (Asia/Jakarta); not in the future.'),
    amount: RupiahSchema.describe('Must equal the invoice total, to the Rupiah.'),
  })
  .meta({ example: { sp2dNumber: '00123/SP2D/LS/2025', paidAt: '2025-04-14', amount: 99_993_600 } })

export const VoidBody = z.strictObject({ reason: z.string().trim().min(1).max(500).describe('Why the invoice is withdrawn.') })

const TransitionSchema = transitionSchema(InvoiceStatusSchema.or(z.literal('ACKNOWLEDGED')), 'InvoiceTransition')

export const InvoiceSchema = z
  .object({
    id: z.uuid(),
    programCode: z.string(),
    branchCode: z.string(),
    month: z.string(),
    status: InvoiceStatusSchema,
    lineCount: z.number().int(),
    unitAmount: RupiahSchema.describe('jkk + jkm per line, as billed.'),
    total: RupiahSchema.describe('lineCount × unitAmount.'),
    voidReason: z.string().nullable(),
    acknowledgedAt: z.string().nullable().describe('When the branch acknowledged receipt.'),
    payment: z
      .object({ sp2dNumber: z.string(), paidAt: z.string(), amount: RupiahSchema })
      .nullable()
      .describe('The city’s payment, once PAID.'),
    history: z.array(TransitionSchema).describe('Every transition, oldest first: who and when.'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Invoice' })

export const InvoiceLineSchema = z
  .object({
    lineNo: z.number().int(),
    enrolmentId: z.uuid(),
    workerId: z.uuid(),
    nik: z.string().describe('As billed; full for the invoice’s branch, masked for every other role.'),
    name: z.string().describe('As billed.'),
    kpjNumber: z.string(),
    amount: RupiahSchema,
  })
  .meta({ id: 'InvoiceLine' })

export const INVOICE_LINE_COLUMNS = ['lineNo', 'enrolmentId', 'workerId', 'nik', 'name', 'kpjNumber', 'amount'] as const

export const InvoiceIdParams = z.strictObject({ id: z.uuid() })

export const ListInvoicesQuery = z.strictObject({
  programCode: ProgramCodeSchema.optional(),
  branchCode: BranchCodeSchema.optional(),
  month: MonthSchema.optional(),
  status: InvoiceStatusSchema.optional(),
  ...pageQuery,
})

export const ListLinesQuery = z.strictObject({ ...pageQuery })

export const InvoicePageSchema = pageSchema(InvoiceSchema)
export const InvoiceLinePageSchema = pageSchema(InvoiceLineSchema)

export const CoverageQuery = z.strictObject({ date: DateSchema.describe('The day asked about (Asia/Jakarta).') })

export const CoverageSchema = z
  .object({
    workerId: z.uuid(),
    date: z.string(),
    month: z.string(),
    status: z.enum(['COVERED', 'PENDING', 'NOT_COVERED']),
    jkk: z.boolean().describe('JKK (work accident) covered that day.'),
    jkm: z.boolean().describe('JKM (death) covered that day.'),
    run: z
      .object({ firstMonth: z.string(), lastMonth: z.string(), months: z.number().int() })
      .nullable()
      .describe('The unbroken run of PAID months containing the day’s month.'),
    jkmWaitingPeriodEnds: z.string().nullable().describe('The first day the full JKM benefit is due for that run.'),
    jkmWaitingPeriodMet: z.boolean(),
    lapsed: z.boolean().describe('More than 3 consecutive unpaid months before the day ended the membership.'),
    monthBilled: z.boolean().describe('The day’s month is on an invoice (paid or not).'),
    pending: z.object({ waitingFor: z.string(), month: z.string() }).optional(),
    reasons: z.array(z.string()),
    rulesetVersion: z.string(),
  })
  .meta({ id: 'WorkerCoverage' })

export const ReconciliationQuery = z.strictObject({ month: MonthSchema })
export const ProgramCodeParams = z.strictObject({ code: ProgramCodeSchema })

export const MISMATCH_KINDS = ['DUE_NOT_BILLED', 'BILLED_DEAD_BEFORE_MONTH', 'BILLED_NOT_CONFIRMED', 'CONFIRMED_BUT_ENDED'] as const

export const ReconciliationSchema = z
  .object({
    programCode: z.string(),
    month: z.string(),
    branches: z.array(
      z.object({
        branchCode: z.string(),
        due: z.number().int().describe('Enrolments due for the month now: registered (KPJ), covering it, the worker alive on its first day.'),
        invoiced: z.number().int().describe('Lines on ISSUED or PAID invoices of the month.'),
        paid: z.number().int().describe('Lines on PAID invoices.'),
        confirmed: z.number().int().describe('Lines on invoices the branch acknowledged.'),
        mismatches: z.array(
          z.object({
            kind: z.enum(MISMATCH_KINDS).describe(
              'DUE_NOT_BILLED: active but not billed; BILLED_DEAD_BEFORE_MONTH: billed though dead before the month; ' +
                'BILLED_NOT_CONFIRMED: on an issued invoice the branch has not acknowledged; CONFIRMED_BUT_ENDED: acknowledged, but the enrolment ended before the month or was rejected.'
            ),
            enrolmentId: z.string(),
            workerId: z.string(),
          })
        ),
      })
    ),
  })
  .meta({ id: 'Reconciliation' })

export const RECONCILIATION_COLUMNS = ['branchCode', 'kind', 'enrolmentId', 'workerId'] as const
