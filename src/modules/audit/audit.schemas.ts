import { z } from 'zod'
import { pageQuery, pageSchema } from '../../lib/pagination.js'
import { hasNoNul, NO_NUL } from '../../lib/schemas.js'

export const AuditEventSchema = z
  .object({
    id: z.string().describe('Increasing event number; events are listed oldest first.'),
    occurredAt: z.string().describe('RFC 3339 UTC timestamp of the commit.'),
    actor: z.object({ keyId: z.string().nullable(), role: z.string() }),
    action: z.string().describe('What happened, e.g. `program.created`, `api-key.revoked`.'),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown().describe('The entity before the change (NIK masked); null on creation.'),
    after: z.unknown().describe('The entity after the change (NIK masked); null on deletion.'),
    requestId: z.string().nullable().describe('The server’s id of the call that made the change (the X-Request-Id it answered with).'),
    clientRequestId: z
      .string()
      .nullable()
      .describe('The X-Request-Id the caller sent, if any (kept for correlation across systems; anyone can send any value, so it identifies nothing).'),
  })
  .meta({ id: 'AuditEvent' })

export const ListAuditQuery = z.strictObject({
  entityType: z.string().max(64).refine(hasNoNul, NO_NUL).optional(),
  entityId: z.string().max(128).refine(hasNoNul, NO_NUL).optional(),
  ...pageQuery,
})

export const AuditPageSchema = pageSchema(AuditEventSchema)
