import { and, asc, eq, gt, isNull, sql, type SQLWrapper } from 'drizzle-orm'
import { preparedOn, type Executor } from '../../db/client.js'
import { apiKeys } from '../../db/schema.js'

export type ApiKeyRow = typeof apiKeys.$inferSelect

const activeKeyQuery = (exec: Executor, secretHash: SQLWrapper | string) =>
  exec.select().from(apiKeys).where(and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt))).limit(1)

/** Every request authenticates: a named statement, planned once per connection. */
const activeKeyStatement = preparedOn((db) => activeKeyQuery(db, sql.placeholder('hash')).prepare('api_key_active_by_hash'))

export async function findActiveKeyByHash (exec: Executor, secretHash: string): Promise<ApiKeyRow | undefined> {
  const statement = activeKeyStatement(exec)
  const [row] = statement ? await statement.execute({ hash: secretHash }) : await activeKeyQuery(exec, secretHash)
  return row
}

export async function findKeyByHash (exec: Executor, secretHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await exec.select().from(apiKeys).where(eq(apiKeys.secretHash, secretHash)).limit(1)
  return row
}

export async function findKeyById (exec: Executor, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await exec.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1)
  return row
}

export async function insertKey (exec: Executor, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [created] = await exec.insert(apiKeys).values(row).returning()
  return created!
}

export async function revokeKey (exec: Executor, id: string, at: Date): Promise<ApiKeyRow | undefined> {
  const [row] = await exec
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning()
  return row
}

export async function listKeys (exec: Executor, q: { afterId?: string | undefined; limit: number }): Promise<ApiKeyRow[]> {
  return exec
    .select()
    .from(apiKeys)
    .where(q.afterId !== undefined ? gt(apiKeys.id, q.afterId) : undefined)
    .orderBy(asc(apiKeys.id))
    .limit(q.limit + 1)
}
