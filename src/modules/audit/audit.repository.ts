import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { auditEvents } from '../../db/schema.js'

export type AuditRow = typeof auditEvents.$inferSelect
export type NewAuditRow = typeof auditEvents.$inferInsert

/** Rows per statement when many changes are audited at once (an enrolment batch): one JSON parameter each. */
const AUDIT_CHUNK = 5_000

/** What every row written by one call shares: who, in which request, when. */
export type AuditOrigin = Pick<NewAuditRow, 'actorKeyId' | 'actorRole' | 'requestId' | 'clientRequestId' | 'occurredAt'>
/** What each row says: which change, to what. */
export type AuditEntry = Pick<NewAuditRow, 'action' | 'entityType' | 'entityId' | 'before' | 'after'>

export async function insertAuditEvents (exec: Executor, origin: AuditOrigin, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 1) {
    await exec.insert(auditEvents).values({ ...origin, ...entries[0]! })
    return
  }
  // Set-based: building bind parameters for thousands of rows costs more than the insert itself. What the rows
  // share travels once, as parameters (insertAuditEventsFrom); only each row's own fields are in the JSON.
  for (let i = 0; i < entries.length; i += AUDIT_CHUNK) {
    const json = JSON.stringify(entries.slice(i, i + AUDIT_CHUNK))
    await insertAuditEventsFrom(
      exec,
      origin,
      sql`select v.action, v."entityType" as entity_type, v."entityId" as entity_id, v.before, v.after
            from jsonb_to_recordset(${json}::jsonb) as v(action text, "entityType" text, "entityId" text, before jsonb, after jsonb)`
    )
  }
}

/**
 * Audit rows made by PostgreSQL from the rows of a query (columns action, entity_type, entity_id, before, after).
 * The images are stored as given (nothing masks them): only for images without personal data.
 */
export async function insertAuditEventsFrom (exec: Executor, origin: AuditOrigin, rows: SQL): Promise<void> {
  await exec.execute(sql`with ${auditEventsWrittenCte(origin, rows)} select 1`)
}

/**
 * insertAuditEventsFrom as a common table expression (`audit_w`), for a writer that adds it to the statement
 * writing its own rows: `rows` may then read that statement's RETURNING, so thousands of images never travel as
 * JSON nor are read back.
 */
export function auditEventsWrittenCte (origin: AuditOrigin, rows: SQL): SQL {
  const at = origin.occurredAt instanceof Date ? origin.occurredAt.toISOString() : origin.occurredAt
  return sql`audit_w as (
    insert into ${auditEvents} (actor_key_id, actor_role, action, entity_type, entity_id, before, after, request_id,
                                client_request_id, occurred_at)
    select ${origin.actorKeyId ?? null}::uuid, ${origin.actorRole}, r.action, r.entity_type, r.entity_id, r.before, r.after,
           ${origin.requestId ?? null}, ${origin.clientRequestId ?? null}, ${at}::timestamptz
      from (${rows}) as r)`
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
