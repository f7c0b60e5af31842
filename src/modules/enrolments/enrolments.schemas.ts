import { z } from 'zod'
import { END_REASONS, ENROLMENT_STATUSES } from '../../db/schema.js'
import { pageQuery, pageSchema } from '../../lib/pagination.js'
import { BranchCodeSchema, DateSchema, MonthSchema, ProgramCodeSchema, RupiahSchema } from '../../lib/schemas.js'
import { ELIGIBILITY_RULES } from '../../rules/eligibility.js'

export const MAX_BATCH = 10_000

export const EnrolmentStatusSchema = z.enum(ENROLMENT_STATUSES)
export const EndReasonSchema = z.enum(END_REASONS)

/** A check as recorded: a decision keeps the rule names of the rule-set version that made it. */
export const EligibilityCheckSchema = z
  .object({
    rule: z.string().describe(`Stable rule name; the current rule set's are ${ELIGIBILITY_RULES.join(', ')}.`),
    passed: z.boolean(),
    detail: z.string().describe('Why, with the actual values.'),
  })
  .meta({ id: 'EligibilityCheck' })

const EnrolledOnSchema = DateSchema.describe(
  'The day the enrolment is decided (Asia/Jakarta; default today, never later). A past cohort recorded after the fact gives its real date. ' +
    'A worker whose recorded death falls before this day, or before the start month, is not eligible (ALIVE).'
)

export const CreateEnrolmentBody = z
  .strictObject({
    workerId: z.uuid(),
    programCode: ProgramCodeSchema,
    startMonth: MonthSchema.optional().describe('First covered month (default: the programme’s start month). May lie in the past.'),
    enrolledOn: EnrolledOnSchema.optional(),
  })
  .meta({ example: { workerId: '7f0c1b3e-2a9d-4a57-9a43-2b1f0f6c1a11', programCode: 'TNG-2025', startMonth: '2025-03', enrolledOn: '2025-03-03' } })

export const BatchEnrolmentBody = z.strictObject({
  programCode: ProgramCodeSchema,
  startMonth: MonthSchema.optional(),
  enrolledOn: EnrolledOnSchema.optional(),
  workerIds: z.array(z.uuid()).min(1).max(MAX_BATCH).describe(`Up to ${MAX_BATCH.toLocaleString('en')} workers; one result each, in order.`),
})

export const EnrolmentSchema = z
  .object({
    id: z.uuid(),
    workerId: z.uuid(),
    programCode: z.string(),
    branchCode: z.string().describe('The BPJS branch serving the worker’s kecamatan (programme data).'),
    startMonth: z.string(),
    endMonth: z.string().nullable().describe('Last covered month once ended; null runs to the programme’s end.'),
    enrolledOn: z.string().describe('The day the enrolment was decided (Asia/Jakarta).'),
    status: EnrolmentStatusSchema,
    kpjNumber: z.string().nullable().describe('BPJS membership number, once the branch registered the worker.'),
    rejectionReason: z.string().nullable(),
    endReason: EndReasonSchema.nullable(),
    reservedAmount: RupiahSchema.describe('Contributions this enrolment holds against the programme budget, not yet invoiced.'),
    invoicedAmount: RupiahSchema.describe('Its lines on issued invoices not yet paid.'),
    paidAmount: RupiahSchema.describe('Its lines on paid invoices.'),
    checks: z.array(EligibilityCheckSchema).describe('The eligibility checks that admitted the worker.'),
    rulesetVersion: z.string(),
    eligibilityAsOf: z.string().describe('The date the checks were judged as of: the first day of startMonth.'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Enrolment' })

export const BATCH_OUTCOMES = ['ENROLLED', 'WORKER_NOT_FOUND', 'ALREADY_ENROLLED', 'INELIGIBLE', 'QUOTA_EXHAUSTED', 'DUPLICATE_IN_REQUEST'] as const

export const BatchResultSchema = z
  .object({
    workerId: z.string(),
    outcome: z.enum(BATCH_OUTCOMES),
    status: z.number().int().describe('The HTTP status a single enrolment would have had: 201, 404, 409 or 422.'),
    detail: z.string(),
    enrolment: EnrolmentSchema.pick({ id: true, branchCode: true, status: true, startMonth: true, endMonth: true, reservedAmount: true, rulesetVersion: true })
      .optional()
      .describe('For ENROLLED: the new enrolment in brief; GET /v1/enrolments/{id} has the whole record with its checks.'),
    checks: z.array(EligibilityCheckSchema).optional().describe('For INELIGIBLE: every check, the failed ones with passed=false.'),
    rulesetVersion: z.string().optional().describe('For INELIGIBLE: the rule set that judged.'),
  })
  .meta({ id: 'EnrolmentBatchResult' })

export const BatchReplySchema = z.object({
  programCode: z.string(),
  startMonth: z.string(),
  enrolledOn: z.string().describe('The day these enrolments were decided.'),
  enrolled: z.number().int(),
  refused: z.number().int(),
  results: z.array(BatchResultSchema),
})

export const EndEnrolmentBody = z.strictObject({
  endMonth: MonthSchema.describe('The last covered month; nothing after it is ever invoiced.'),
  reason: EndReasonSchema,
})

export const ListEnrolmentsQuery = z.strictObject({
  programCode: ProgramCodeSchema.optional(),
  status: EnrolmentStatusSchema.optional(),
  branchCode: BranchCodeSchema.optional(),
  workerId: z.uuid().optional(),
  ...pageQuery,
})

export const EnrolmentIdParams = z.strictObject({ id: z.uuid() })
export const EnrolmentPageSchema = pageSchema(EnrolmentSchema)

export const EligibilityQuery = z.strictObject({
  programCode: ProgramCodeSchema,
  startMonth: MonthSchema.optional().describe('The month the enrolment would start; default the programme’s start month.'),
  enrolledOn: EnrolledOnSchema.optional(),
})

export const EligibilitySchema = z
  .object({
    workerId: z.uuid(),
    programCode: z.string(),
    startMonth: z.string(),
    eligible: z.boolean().describe('true only when every check passed: exactly when POST /v1/enrolments would admit the worker (places and money aside).'),
    rulesetVersion: z.string().describe('The rule set that made this decision.'),
    asOf: z.string().describe('The date judged as of: the first day of startMonth.'),
    enrolledOn: z.string().describe('The day of decision that life was judged on.'),
    branchCode: z.string().nullable().describe('The BPJS branch that would register the worker (null: BRANCH_ASSIGNED fails).'),
    checks: z.array(EligibilityCheckSchema),
  })
  .meta({ id: 'WorkerEligibility' })
