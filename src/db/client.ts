import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import pg from 'pg'
import * as schema from './schema.js'

export type Schema = typeof schema

/** The database as services and repositories see it, whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Repositories take either: the service decides whether a transaction is open. */
export type Executor = Db | Tx

export type DbEngine = 'postgres' | 'pglite'

export type DbHandle = {
  db: Db
  engine: DbEngine
  /** Round trip to the database; throws when it is unreachable. */
  ping(): Promise<void>
  close(): Promise<void>
  /** The pg pool when on PostgreSQL (COPY, streaming cursors); undefined on PGlite. */
  pool: pg.Pool | undefined
  pglite: PGlite | undefined
}

export type DbOptions = {
  databaseUrl: string | undefined
  dataDir: string
  poolSize?: number
  /** Embedded only: start from a dump of a data folder (`PGlite.dumpDataDir`) instead of an empty one. */
  loadDataDir?: Blob
}

// PostgreSQL bigint (int8) and numeric come back as strings by default; our bigints are Rupiah below 2^53.
pg.types.setTypeParser(20, (v) => Number(v))

export async function openDatabase (opts: DbOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // A lost connection must surface as an error (readiness 503), not hang a request forever.
      connectionTimeoutMillis: 5_000,
    })
    // An idle client losing its connection emits 'error' on the pool; without a listener that kills the process.
    pool.on('error', () => {})
    const db = drizzleNodePg({ client: pool, schema }) as unknown as Db
    let closed = false
    return {
      db,
      engine: 'postgres',
      pool,
      pglite: undefined,
      async ping () {
        await db.execute(sql`select 1`)
      },
      async close () {
        if (closed) return
        closed = true
        await pool.end()
      },
    }
  }
  const inMemory = opts.dataDir.startsWith('memory://')
  if (!inMemory) mkdirSync(opts.dataDir, { recursive: true })
  const client = new PGlite({ ...(inMemory ? {} : { dataDir: opts.dataDir }), ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) })
  await client.waitReady
  const db = drizzlePglite({ client, schema }) as unknown as Db
  let closed = false
  return {
    db,
    engine: 'pglite',
    pool: undefined,
    pglite: client,
    async ping () {
      if (closed) throw new Error('database is closed')
      await db.execute(sql`select 1`)
    },
    async close () {
      if (closed) return
      closed = true
      await client.close()
    },
  }
}

/** Rows of a raw `db.execute(sql...)`, the same on both drivers. */
export function rowsOf<T> (result: unknown): T[] {
  return (result as { rows: T[] }).rows
}
