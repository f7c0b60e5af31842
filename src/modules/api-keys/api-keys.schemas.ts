import { z } from 'zod'
import { ROLES } from '../../lib/context.js'
import { pageQuery, pageSchema } from '../../lib/pagination.js'
import { BranchCodeSchema, freeText } from '../../lib/schemas.js'

export const RoleSchema = z.enum(ROLES)

export const CreateApiKeyBody = z
  .strictObject({
    name: freeText(120).describe('Who or what uses the key, e.g. "BPJS Cimone integrator".'),
    role: RoleSchema,
    branchCode: BranchCodeSchema.optional().describe('Required for, and only for, role `branch`.'),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'branch' && !v.branchCode) ctx.addIssue({ code: 'custom', path: ['branchCode'], message: 'a branch key needs branchCode' })
    if (v.role !== 'branch' && v.branchCode) ctx.addIssue({ code: 'custom', path: ['branchCode'], message: 'only a branch key has a branchCode' })
  })

export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: RoleSchema,
    branchCode: z.string().nullable(),
    prefix: z.string().describe('The first characters of the secret, to tell keys apart.'),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' })

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().describe('The secret. Shown once, stored only as a hash: keep it safe.'),
}).meta({ id: 'CreatedApiKey' })

export const ApiKeyIdParams = z.strictObject({ id: z.uuid() })
export const ListApiKeysQuery = z.strictObject({ ...pageQuery })
export const ApiKeyPageSchema = pageSchema(ApiKeySchema)
