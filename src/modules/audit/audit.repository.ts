import { and, asc, eq, gt } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { auditEvents } from '../../db/schema.js'

export type AuditRow = typeof auditEvents.$inferSelect
export type NewAuditRow = typeof auditEvents.$inferInsert

export async function insertAuditEvents(exec: Executor, rows: NewAuditRow[]): Promise<void> {
  if (rows.length === 0) return
  await exec.insert(auditEvents).values(rows)
}

export async function listAuditEvents(
  exec: Executor,
  filter: { entityType?: string | undefined; entityId?: string | undefined; afterId?: number | undefined; limit: number },
): Promise<AuditRow[]> {
  const where = and(
    filter.entityType !== undefined ? eq(auditEvents.entityType, filter.entityType) : undefined,
    filter.entityId !== undefined ? eq(auditEvents.entityId, filter.entityId) : undefined,
    filter.afterId !== undefined ? gt(auditEvents.id, filter.afterId) : undefined,
  )
  return exec.select().from(auditEvents).where(where).orderBy(asc(auditEvents.id)).limit(filter.limit + 1)
}
