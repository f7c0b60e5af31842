import { z } from 'zod'
import { cursorParam } from '../../lib/pagination.js'
import { BranchCodeSchema, freeText, queryInt } from '../../lib/schemas.js'
import { MAX_BATCH } from '../enrolments/enrolments.schemas.js'

export const BranchParams = z.strictObject({ branchCode: BranchCodeSchema })

export const FeedQuery = z.strictObject({
  since: cursorParam().optional().describe('The `nextCursor` of your previous read; omit to start from the first change.'),
  limit: queryInt(1, 500).default(50).describe('JSON page size (1–500). CSV streams every change since the cursor unless limit is given.'),
})

export const FeedItemSchema = z
  .object({
    changeId: z.number().int().describe('Increasing per branch, in commit order.'),
    action: z.enum(['ADD', 'UPDATE', 'END']),
    enrolmentId: z.uuid(),
    nik: z
      .string()
      .describe('The worker’s NIK: its 16 digits for the branch’s own key, which registers the worker with it; masked (`3671••••••••0001`) for every other role.'),
    name: z.string(),
    birthDate: z.string(),
    sex: z.enum(['M', 'F']),
    address: z.string(),
    occupation: z.string(),
    phone: z.string().nullable(),
    startMonth: z.string(),
    endMonth: z.string().nullable(),
    status: z.string().describe('The enrolment’s status now.'),
    kpjNumber: z.string().nullable(),
  })
  .meta({ id: 'BranchFeedItem' })

export const FeedPageSchema = z.object({
  items: z.array(FeedItemSchema),
  nextCursor: z.string().describe('Where to resume: pass it as `since`. Read until `items` is empty; poll again later with the same cursor.'),
})

export const ConfirmationSchema = z.strictObject({
  enrolmentId: z.uuid(),
  outcome: z.enum(['REGISTERED', 'REJECTED']),
  kpjNumber: z
    .string()
    .regex(/^[0-9A-Z]{6,20}$/, '6–20 digits or capital letters')
    .optional()
    .describe('The BPJS membership number (KPJ); required with REGISTERED.'),
  reason: freeText(500).optional().describe('Why the branch rejected the registration; required with REJECTED.'),
})

export const ConfirmationsBody = z.array(ConfirmationSchema).min(1).max(MAX_BATCH)

export const ConfirmationResultSchema = z
  .object({
    enrolmentId: z.string(),
    result: z.enum(['APPLIED', 'UNCHANGED', 'REFUSED']),
    status: z.string().nullable().describe('The enrolment’s status after this item (null when refused as not found).'),
    detail: z.string(),
  })
  .meta({ id: 'ConfirmationResult' })

export const ConfirmationsReplySchema = z.object({
  applied: z.number().int(),
  unchanged: z.number().int(),
  refused: z.number().int(),
  results: z.array(ConfirmationResultSchema),
})
