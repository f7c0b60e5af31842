import { and, asc, eq, gt, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { auditEvents } from '../../db/schema.js'

export type AuditRow = typeof auditEvents.$inferSelect
export type NewAuditRow = typeof auditEvents.$inferInsert

/** Rows per statement when many changes are audited at once (an enrolment batch): one JSON parameter each. */
const AUDIT_CHUNK = 5_000

export async function insertAuditEvents (exec: Executor, rows: NewAuditRow[]): Promise<void> {
  if (rows.length === 1) {
    await exec.insert(auditEvents).values(rows)
    return
  }
  // Set-based: building bind parameters for thousands of rows costs more than the insert itself.
  for (let i = 0; i < rows.length; i += AUDIT_CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + AUDIT_CHUNK))
    await exec.execute(sql`
      insert into ${auditEvents} (actor_key_id, actor_role, action, entity_type, entity_id, before, after, request_id,
                                  client_request_id, occurred_at)
      select v."actorKeyId", v."actorRole", v.action, v."entityType", v."entityId", v.before, v.after, v."requestId",
             v."clientRequestId", v."occurredAt"
        from jsonb_to_recordset(${json}::jsonb)
             as v("actorKeyId" uuid, "actorRole" text, action text, "entityType" text, "entityId" text, before jsonb, after jsonb,
                  "requestId" text, "clientRequestId" text, "occurredAt" timestamptz)`)
  }
}

export async function listAuditEvents (
  exec: Executor,
  filter: { entityType?: string | undefined; entityId?: string | undefined; afterId?: number | undefined; limit: number }
): Promise<AuditRow[]> {
  const where = and(
    filter.entityType !== undefined ? eq(auditEvents.entityType, filter.entityType) : undefined,
    filter.entityId !== undefined ? eq(auditEvents.entityId, filter.entityId) : undefined,
    filter.afterId !== undefined ? gt(auditEvents.id, filter.afterId) : undefined
  )
  return exec.select().from(auditEvents).where(where).orderBy(asc(auditEvents.id)).limit(filter.limit + 1)
}
