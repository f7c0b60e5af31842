import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { idempotencyKeys } from '../db/schema.js'

/** The idempotency plugin's own table: a request's first response, kept to replay it. */
export type IdempotencyRow = typeof idempotencyKeys.$inferSelect
type Scope = { apiKeyId: string; key: string }
/** A running request's hold on its key: the lease it was given, which also tells its claim from a later one. */
export type Claim = Scope & { lockedUntil: Date }

const where = (s: Scope) => and(eq(idempotencyKeys.apiKeyId, s.apiKeyId), eq(idempotencyKeys.key, s.key))
/** Only the request that holds the claim may finish it: a retry that took over a lapsed lease holds a later one. */
const held = (c: Claim) => and(where(c), isNull(idempotencyKeys.statusCode), eq(idempotencyKeys.lockedUntil, c.lockedUntil))

/**
 * Claims a key for a request, in one statement; false when another request holds it or already answered it.
 * An existing record is taken over (atomically: the row is locked, and a second taker re-reads the new lease and
 * finds it held) only when it is forgotten (created before `forgetBefore`: a new request with an old key runs as
 * new) or when it is the same request whose claim lapsed without a response (its process died mid-request).
 */
export async function claimKey (
  exec: Executor,
  c: Claim & { method: string; path: string; requestHash: string; at: Date; forgetBefore: Date }
): Promise<boolean> {
  const excluded = (column: string) => sql.raw(`excluded.${column}`)
  const [claimed] = await exec
    .insert(idempotencyKeys)
    .values({ apiKeyId: c.apiKeyId, key: c.key, method: c.method, path: c.path, requestHash: c.requestHash, createdAt: c.at, lockedUntil: c.lockedUntil })
    .onConflictDoUpdate({
      target: [idempotencyKeys.apiKeyId, idempotencyKeys.key],
      set: {
        method: excluded('method'),
        path: excluded('path'),
        requestHash: excluded('request_hash'),
        statusCode: null,
        responseBody: null,
        responseHeaders: null,
        createdAt: excluded('created_at'),
        lockedUntil: excluded('locked_until'),
      },
      setWhere: or(
        lt(idempotencyKeys.createdAt, c.forgetBefore),
        and(
          isNull(idempotencyKeys.statusCode),
          // a claim from before leases (no locked_until) can only have been left by a process that died
          or(isNull(idempotencyKeys.lockedUntil), lte(idempotencyKeys.lockedUntil, c.at)),
          eq(idempotencyKeys.requestHash, c.requestHash)
        )
      ),
    })
    .returning({ key: idempotencyKeys.key })
  return claimed !== undefined
}

export async function findKey (exec: Executor, s: Scope): Promise<IdempotencyRow | undefined> {
  const [row] = await exec.select().from(idempotencyKeys).where(where(s)).limit(1)
  return row
}

/** Keeps the response to replay it, if the claim is still this request's. */
export async function storeResponse (exec: Executor, c: Claim, response: { statusCode: number; body: string; headers: Record<string, string> }): Promise<void> {
  await exec
    .update(idempotencyKeys)
    .set({ statusCode: response.statusCode, responseBody: response.body, responseHeaders: response.headers, lockedUntil: null })
    .where(held(c))
}

/** Forgets a claim (the request failed with a 5xx: the client may retry it), if it is still this request's. */
export async function releaseKey (exec: Executor, c: Claim): Promise<void> {
  await exec.delete(idempotencyKeys).where(held(c))
}

/**
 * Deletes up to `limit` records created before `before`, oldest first, in one statement; returns how many.
 * Rows another instance's prune is deleting at the same moment are skipped, not waited for.
 */
export async function pruneExpiredKeys (exec: Executor, before: Date, limit: number): Promise<number> {
  const expired = exec
    .select({ apiKeyId: idempotencyKeys.apiKeyId, key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, before))
    .orderBy(asc(idempotencyKeys.createdAt))
    .limit(limit)
    .for('update', { skipLocked: true })
  const deleted = await exec
    .delete(idempotencyKeys)
    .where(sql`(${idempotencyKeys.apiKeyId}, ${idempotencyKeys.key}) in (${expired})`)
    .returning({ key: idempotencyKeys.key })
  return deleted.length
}
