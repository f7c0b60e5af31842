import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import type { DbHandle } from './client.js'

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url))

/** Applies the drizzle-kit migrations in migrations/; the same SQL on both engines. */
export async function runMigrations (handle: DbHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (handle.engine === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder })
    return
  }
  // Several instances may start at once against one PostgreSQL: one migrates, the others wait for it.
  const client = await handle.pool!.connect()
  try {
    // Waiting for another instance's migration, or a long migration, must not hit the request timeouts that
    // every pooled session starts with; this session is discarded afterwards, so they never leak into a request.
    await client.query('set lock_timeout = 0; set statement_timeout = 0')
    await client.query('select pg_advisory_lock(7212025)')
    const { drizzle } = await import('drizzle-orm/node-postgres')
    const db = drizzle({ client })
    await migrateNodePg(db as NodePgDatabase, { migrationsFolder })
    await db.execute(sql`select 1`)
  } finally {
    await client.query('select pg_advisory_unlock(7212025)').catch(() => {})
    client.release(true)
  }
}
