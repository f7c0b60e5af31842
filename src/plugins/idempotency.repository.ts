import { and, eq } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { idempotencyKeys } from '../db/schema.js'

/** The idempotency plugin's own table: a request's first response, kept to replay it. */
export type IdempotencyRow = typeof idempotencyKeys.$inferSelect
type Scope = { apiKeyId: string; key: string }

const where = (s: Scope) => and(eq(idempotencyKeys.apiKeyId, s.apiKeyId), eq(idempotencyKeys.key, s.key))

/** Claims a key for a request; false when the API key already used it. */
export async function claimKey (exec: Executor, row: Scope & { method: string; path: string; requestHash: string; createdAt: Date }): Promise<boolean> {
  const [inserted] = await exec.insert(idempotencyKeys).values(row).onConflictDoNothing().returning({ key: idempotencyKeys.key })
  return inserted !== undefined
}

export async function findKey (exec: Executor, s: Scope): Promise<IdempotencyRow | undefined> {
  const [row] = await exec.select().from(idempotencyKeys).where(where(s)).limit(1)
  return row
}

/** Keeps the response to replay it. */
export async function storeResponse (exec: Executor, s: Scope, response: { statusCode: number; body: string; headers: Record<string, string> }): Promise<void> {
  await exec.update(idempotencyKeys).set({ statusCode: response.statusCode, responseBody: response.body, responseHeaders: response.headers }).where(where(s))
}

/** Forgets a claim (the request failed with a 5xx: the client may retry it). */
export async function releaseKey (exec: Executor, s: Scope): Promise<void> {
  await exec.delete(idempotencyKeys).where(where(s))
}
