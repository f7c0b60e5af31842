import { z } from 'zod'
import { CLAIM_STATUSES, CLAIM_TYPES, DEATH_CAUSES } from '../../db/schema.js'
import { pageQuery, pageSchema } from '../../lib/pagination.js'
import { BranchCodeSchema, DateSchema, freeText, RupiahSchema, transitionSchema } from '../../lib/schemas.js'
import { DOCUMENT_TYPES, HEIR_RELATIONSHIPS } from '../../rules/documents.js'
import { JKK_BENEFIT_TYPES } from '../../rules/jkk.js'
import { CURRENT_RULESET } from '../../rules/ruleset.js'
import { NikSchema } from '../workers/workers.schemas.js'

export const ClaimTypeSchema = z.enum(CLAIM_TYPES)
export const ClaimStatusSchema = z.enum(CLAIM_STATUSES)
const DocumentTypeSchema = z.enum(DOCUMENT_TYPES as [string, ...string[]])
const HeirRelationshipSchema = z.enum(HEIR_RELATIONSHIPS as [string, ...string[]])
const ExclusionSchema = z.enum(CURRENT_RULESET.santunanKematian.exclusions as [string, ...string[]])

/** A disbursement tranche of the city: the year and a Roman numeral, e.g. `2025-I`. */
export const TahapSchema = z
  .string()
  .regex(/^[0-9]{4}-(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)$/, 'must be a year and a Roman numeral, e.g. 2025-I')
  .describe('The city’s disbursement tranche (tahap), e.g. `2025-I`.')

export const DocumentBody = z
  .strictObject({
    type: DocumentTypeSchema,
    fileName: freeText(255).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hexadecimal digits').optional().describe('The file’s SHA-256, so the scan on file can be checked.'),
    url: z.url().max(2000).optional().describe('Where the scan is kept (the document store of Dinas Sosial).'),
  })
  .meta({ example: { type: 'DEATH_CERTIFICATE', fileName: 'akta-kematian.pdf', sha256: 'a'.repeat(64) } })

const JkkBenefitObject = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('DEATH') }),
  z.strictObject({ type: z.literal('TOTAL_PERMANENT_DISABILITY') }),
  z.strictObject({ type: z.literal('PARTIAL_DISABILITY'), disabilityPercent: z.number().gt(0).max(100).describe('The table percentage, at most two decimals.') }),
  z.strictObject({
    type: z.literal('TEMPORARY_INCAPACITY'),
    incapacityMonths: z.number().int().min(1).max(120).describe('Whole months of incapacity claimed.'),
    fromMonthNumber: z.number().int().min(1).max(120).optional().describe('The month of the incapacity the claim starts at (default 1): months from 13 are paid at the reduced rate.'),
  }),
  z.strictObject({ type: z.literal('MEDICAL'), actualCost: RupiahSchema.describe('The actual cost of care.') }),
  z.strictObject({ type: z.literal('TRANSPORT'), actualCost: RupiahSchema, mode: z.enum(['LAND', 'SEA', 'AIR']) }),
])

/** `"DEATH"` or `{ "type": "DEATH" }`; a benefit with parameters as an object. */
export const JkkBenefitSchema = z
  .union([z.enum(['DEATH', 'TOTAL_PERMANENT_DISABILITY']), JkkBenefitObject])
  .describe(`JKK only: ${JKK_BENEFIT_TYPES.join(', ')}. DEATH and TOTAL_PERMANENT_DISABILITY may be given as a plain string; the others as an object with their parameters.`)

export const CreateClaimBody = z
  .strictObject({
    workerId: z.uuid(),
    type: ClaimTypeSchema.describe('JKM (death not from a work accident, paid by BPJS), JKK (work accident, paid by BPJS), SANTUNAN_KEMATIAN (the city’s own death benefit).'),
    eventDate: DateSchema.describe('The day of the death (JKM, SANTUNAN_KEMATIAN, JKK DEATH) or of the accident (JKK), Asia/Jakarta.'),
    appliedOn: DateSchema.optional().describe(
      'The day the family applied (Asia/Jakarta), default today; not before the event, not in the future. A claim recorded after the fact gives its real date: the JKK 5-year limit and the santunan’s 40 working days count to it.'
    ),
    cause: z.enum(DEATH_CAUSES).optional().describe('Death claims: the cause, recorded on the worker with the death (required unless the death is already recorded; JKK DEATH is WORK_ACCIDENT).'),
    jkkBenefit: JkkBenefitSchema.optional(),
    reportedDate: DateSchema.optional().describe('JKK: when the accident was reported (a report after 2 × 24 hours is noted, never held against the family).'),
    roadAccident: z.boolean().optional().describe('JKK: a road accident, which also needs a police report.'),
    meetsPovertyCriteria: z.boolean().optional().describe('SANTUNAN_KEMATIAN: Dinas Sosial verified the deceased met the DTKS/DTSEN criteria without being listed.'),
    exclusions: z.array(ExclusionSchema).max(5).optional().describe('SANTUNAN_KEMATIAN: circumstances of the death that exclude it.'),
    heir: z.strictObject({
      nik: NikSchema,
      name: freeText(200),
      relationship: HeirRelationshipSchema.describe('To the deceased or injured worker; heirs rank: spouse or child; parents; grandchildren; grandparents; siblings; parents-in-law; a person named in a will.'),
    }),
    documents: z.array(DocumentBody).max(50).default([]),
  })
  .meta({
    example: {
      workerId: '0b7a4c1e-3f7b-4a51-9a3e-2f8d6c1b9e10',
      type: 'JKM',
      eventDate: '2025-06-14',
      cause: 'ILLNESS',
      heir: { nik: '3671015508800002', name: 'Siti Aminah', relationship: 'SPOUSE' },
      documents: [{ type: 'DEATH_CERTIFICATE' }, { type: 'KK' }],
    },
  })
export type CreateClaimInput = z.infer<typeof CreateClaimBody>

export const RejectBody = z.strictObject({ reason: freeText(500).describe('Why the claim is refused: told to the family.') })

export const ClaimPaymentBody = z
  .strictObject({
    amount: RupiahSchema.describe('Must equal the assessed amount, to the Rupiah.'),
    paidAt: DateSchema.describe('The day the city paid (Asia/Jakarta); not in the future.'),
    reference: z.string().trim().regex(/^[0-9A-Za-z./-]{1,64}$/, '1–64 letters, digits, dots, slashes or dashes').describe('The SP2D number of the disbursement: used once.'),
    tahap: TahapSchema.optional(),
  })
  .meta({ example: { amount: 3_000_000, paidAt: '2025-07-10', reference: '00456/SP2D/BTT/2025', tahap: '2025-I' } })

export const SettlementBody = z
  .strictObject({
    amount: RupiahSchema.describe('What BPJS paid the family; a difference from the assessment is recorded and shown.'),
    paidAt: DateSchema.describe('The day BPJS paid (Asia/Jakarta); not in the future.'),
    reference: z.string().trim().regex(/^[0-9A-Za-z./-]{1,64}$/, '1–64 letters, digits, dots, slashes or dashes').describe('BPJS’s reference of the payment.'),
  })
  .meta({ example: { amount: 42_000_000, paidAt: '2025-07-02', reference: 'JKM-CMN-2025-000123' } })

export const ClaimIdParams = z.strictObject({ id: z.uuid() })

export const ListClaimsQuery = z.strictObject({
  status: ClaimStatusSchema.optional(),
  type: ClaimTypeSchema.optional(),
  tahap: TahapSchema.optional(),
  branchCode: BranchCodeSchema.optional(),
  workerId: z.uuid().optional(),
  ...pageQuery,
})

export const DisbursementsQuery = z.strictObject({ tahap: TahapSchema })

const BreakdownSchema = z.object({ component: z.string(), amount: RupiahSchema })

export const AssessmentSchema = z
  .object({
    eligible: z.boolean(),
    amount: RupiahSchema.describe('The sum of the breakdown.'),
    breakdown: z.array(BreakdownSchema),
    reasons: z.array(z.string()).describe('Why, in sentences: what was checked and how the amount was reached.'),
    rulesetVersion: z.string(),
    pending: z.object({ waitingFor: z.string() }).optional().describe('Present while the claim cannot be decided yet.'),
    final: z.boolean().describe('False while a payment or data that could still arrive would change this result.'),
    openBecause: z.string().optional().describe('Why a result that is not final could still change.'),
    watchMonths: z.array(z.string()).describe('Months whose payment re-assesses the claim.'),
    asOf: z.string().describe('The day the assessment was made (Asia/Jakarta).'),
    coverage: z.record(z.string(), z.unknown()).optional().describe('JKM and JKK: the coverage of the event day.'),
    expiresOn: z.string().optional().describe('JKK: the last day a claim is in time (5 years after the accident).'),
    applicationDeadline: z.string().nullable().optional().describe('SANTUNAN_KEMATIAN: the 40th working day after the death.'),
    workingDaysAfterDeath: z.number().int().optional(),
    calendar: z.record(z.string(), z.unknown()).optional().describe('SANTUNAN_KEMATIAN: the holiday data the count relied on.'),
  })
  .meta({ id: 'ClaimAssessment' })

const TransitionSchema = transitionSchema(z.string().describe('The new status, or DOCUMENT_ADDED / REASSESSED.'), 'ClaimTransition')

export const ClaimSchema = z
  .object({
    id: z.uuid(),
    workerId: z.uuid(),
    type: ClaimTypeSchema,
    eventDate: z.string(),
    claimDate: z.string().describe('The day the family applied (`appliedOn`, default the day it was submitted).'),
    cause: z.string().nullable(),
    jkkBenefit: z.record(z.string(), z.unknown()).nullable(),
    heir: z.object({
      nik: z.string().describe('Full for admin and operator reading one claim; masked in lists and for the auditor.'),
      name: z.string(),
      relationship: z.string(),
      rank: z.number().int().describe('1 = spouse or child … 7 = a person named in a will.'),
      ranksFirst: z.boolean().describe('No relationship ranks before the heir’s.'),
    }),
    heirsRankingFirst: z.array(z.string()).describe('The relationships that rank first among heirs.'),
    branchCode: z.string().nullable(),
    status: ClaimStatusSchema,
    assessment: AssessmentSchema,
    documents: z.array(z.object({ type: z.string(), fileName: z.string().nullable(), sha256: z.string().nullable(), url: z.string().nullable(), addedAt: z.string() })),
    requiredDocuments: z.array(z.string()),
    missingDocuments: z.array(z.string()),
    rejectReason: z.string().nullable(),
    payment: z
      .object({
        kind: z.enum(['PAYMENT', 'SETTLEMENT']),
        amount: RupiahSchema,
        paidAt: z.string(),
        reference: z.string(),
        tahap: z.string().nullable(),
        differsFromAssessment: z.boolean(),
      })
      .nullable(),
    reassessments: z.array(z.object({ at: z.string(), trigger: z.string(), before: z.unknown(), after: z.unknown() })).describe('Every change of the assessment with both results.'),
    history: z.array(TransitionSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Claim' })

export const ClaimPageSchema = pageSchema(ClaimSchema)

export const DisbursementSchema = z
  .object({
    tahap: z.string(),
    count: z.number().int(),
    total: RupiahSchema,
    items: z.array(
      z.object({ claimId: z.uuid(), workerId: z.uuid(), heirNik: z.string().describe('Masked.'), heirName: z.string(), heirRelationship: z.string(), amount: RupiahSchema, paidAt: z.string(), reference: z.string() })
    ),
  })
  .meta({ id: 'Disbursements' })

export const DISBURSEMENT_COLUMNS = ['claimId', 'workerId', 'heirNik', 'heirName', 'heirRelationship', 'amount', 'paidAt', 'reference'] as const

export const ReassessmentRunSchema = z.object({ examined: z.number().int(), changed: z.number().int(), asOf: z.string() }).meta({ id: 'ReassessmentRun' })
