import type { SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Db, Executor } from '../../db/client.js'
import type { RequestContext } from '../../lib/context.js'
import { decodeCursor, toPage } from '../../lib/pagination.js'
import { maskNik } from '../../rules/nik.js'
import { auditEventsWrittenCte, insertAuditEvents, listAuditEvents, type AuditOrigin, type AuditRow } from './audit.repository.js'

export type AuditChange = {
  action: string
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
}

/** Fields that hold a NIK or KK number anywhere in an audited object: stored masked, never in full. */
const NIK_FIELD = /^(nik|kkNumber|heirNik|.*Nik)$/

export function maskPersonalData (value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null
  if (Array.isArray(value)) return value.map(maskPersonalData)
  if (value instanceof Date) return value.toISOString()
  if (typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'secretHash') continue
    out[k] = NIK_FIELD.test(k) && typeof v === 'string' ? maskNik(v) : maskPersonalData(v)
  }
  return out
}

/**
 * Writes audit rows with the executor the caller passes: inside the service's transaction, so an
 * audit row exists exactly when its change committed.
 */
export async function recordAudit (exec: Executor, ctx: RequestContext, changes: AuditChange | AuditChange[]): Promise<void> {
  const list = Array.isArray(changes) ? changes : [changes]
  await insertAuditEvents(
    exec,
    originOf(ctx),
    list.map((c) => ({
      action: c.action,
      entityType: c.entityType,
      entityId: c.entityId,
      before: c.before === undefined ? null : maskPersonalData(c.before),
      after: c.after === undefined ? null : maskPersonalData(c.after),
    }))
  )
}

/**
 * Audit rows built by PostgreSQL from `rows` (columns action, entity_type, entity_id, before, after), as a common
 * table expression for the caller's own INSERT: an enrolment batch's 10,000 images are made from that INSERT's
 * RETURNING, in the same statement. Nothing masks them, so `rows` must build images without personal data (ids,
 * codes, amounts, dates).
 */
export function auditWrittenWith (ctx: RequestContext, rows: SQL): SQL {
  return auditEventsWrittenCte(originOf(ctx), rows)
}

const originOf = (ctx: RequestContext): AuditOrigin => ({
  actorKeyId: ctx.actor.keyId,
  actorRole: ctx.actor.role,
  requestId: ctx.requestId,
  clientRequestId: ctx.clientRequestId ?? null,
  occurredAt: ctx.at,
})

export type AuditEventView = {
  id: string
  occurredAt: string
  actor: { keyId: string | null; role: string }
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
  requestId: string | null
  clientRequestId: string | null
}

function toView (r: AuditRow): AuditEventView {
  return {
    id: String(r.id),
    occurredAt: r.occurredAt.toISOString(),
    actor: { keyId: r.actorKeyId, role: r.actorRole },
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before,
    after: r.after,
    requestId: r.requestId,
    clientRequestId: r.clientRequestId,
  }
}

export class AuditService {
  constructor (private readonly db: Db) {}

  async list (q: { entityType?: string | undefined; entityId?: string | undefined; limit: number; cursor?: string | undefined }) {
    const after = decodeCursor(q.cursor, z.number().int().nonnegative())
    const rows = await listAuditEvents(this.db, { entityType: q.entityType, entityId: q.entityId, afterId: after, limit: q.limit })
    return toPage(rows, q.limit, (r) => r.id, toView)
  }
}
