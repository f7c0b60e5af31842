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

/**
 * Waits one turn of the event loop, for a bulk writer that keeps a statement in flight while it prepares the next
 * rows: a drizzle query starts only once its promise is awaited, and the steps that hand it to the driver run as
 * microtasks, so without this turn a statement would leave only after the next (synchronous) chunk of work, and
 * the database would sit idle meanwhile.
 */
export function letStatementLeave (): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/**
 * A statement prepared once per database (a named statement: PostgreSQL parses and plans it once per connection
 * instead of on every call), for the reads every request makes. Outside a transaction only: a statement inside one
 * (`exec` is a Tx) runs as an ordinary query, so `run` receives null and the caller builds the plain query.
 */
export function preparedOn<P> (build: (db: Db) => P): (exec: Executor) => P | null {
  const cache = new WeakMap<Db, P>()
  return (exec) => {
    if (isTransaction(exec)) return null
    const db = exec as Db
    let statement = cache.get(db)
    if (statement === undefined) {
      statement = build(db)
      cache.set(db, statement)
    }
    return statement
  }
}

function isTransaction (exec: Executor): exec is Tx {
  return typeof (exec as Tx).rollback === 'function'
}

export type DbHandle = {
  db: Db
  engine: DbEngine
  /** Round trip to the database; throws when it is unreachable. */
  ping(): Promise<void>
  close(): Promise<void>
  /** The pg pool when on PostgreSQL (COPY, streaming cursors); undefined on PGlite. */
  pool: pg.Pool | undefined
  pglite: PGlite | undefined
  /**
   * Listens for NOTIFY on `channel`, calling `onNotify` for each; `onLive` says when listening starts (true) and
   * when it is lost (false). On PostgreSQL a connection of its own listens, and comes back after a loss (1 s, then
   * doubling up to 30 s); on PGlite the one in-process session does. The returned function stops listening.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>
}

export type ListenHandlers = { onNotify: (payload: string) => void; onLive: (live: boolean) => void }

const CHANNEL = /^[a-z_][a-z0-9_]*$/

/**
 * A connection of its own LISTENing on a channel (pooled connections cannot: they are shared). Losing it says
 * `onLive(false)` at once and tries again, with backoff, until stopped.
 */
function listenOnPostgres (connectionString: string, channel: string, h: ListenHandlers): () => Promise<void> {
  if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`)
  let stopped = false
  let client: pg.Client | undefined
  let retryMs = 1_000
  let timer: NodeJS.Timeout | undefined
  const lost = (c: pg.Client) => {
    if (client !== c) return // already handled (an error and then an end)
    client = undefined
    h.onLive(false)
    c.end().catch(() => {})
    if (stopped) return
    timer = setTimeout(connect, retryMs)
    timer.unref()
    retryMs = Math.min(retryMs * 2, 30_000)
  }
  const connect = () => {
    const c = new pg.Client({ connectionString, keepAlive: true, connectionTimeoutMillis: 5_000 })
    client = c
    c.on('error', () => lost(c))
    c.on('end', () => lost(c))
    c.on('notification', (n) => {
      if (n.channel === channel) h.onNotify(n.payload ?? '')
    })
    c.connect()
      .then(() => c.query(`LISTEN ${channel}`))
      .then(() => {
        if (client !== c || stopped) return
        retryMs = 1_000
        h.onLive(true)
      })
      .catch(() => lost(c))
  }
  connect()
  return async () => {
    stopped = true
    if (timer) clearTimeout(timer)
    const c = client
    client = undefined
    if (c) {
      h.onLive(false)
      await c.end().catch(() => {})
    }
  }
}

/**
 * Per-connection limits (PostgreSQL only; milliseconds, 0 turns one off). One row lock held for 15 s once took
 * every pooled connection and unrelated reads failed: with these a blocked statement gives up and frees its
 * connection, and a transaction left idle cannot hold its locks for ever.
 */
export type DbTimeouts = {
  /** Any statement running longer is cancelled (SQLSTATE 57014). */
  statementTimeoutMs: number
  /** A statement waiting longer for a lock gives up (SQLSTATE 55P03). */
  lockTimeoutMs: number
  /** A session idle inside an open transaction longer is ended by the server, releasing its locks. */
  idleInTransactionTimeoutMs: number
  /** Longest wait for a connection: opening one, or a free one from a full pool. */
  connectTimeoutMs: number
}

/** The same as config.ts's defaults; they apply to a handle opened without a config (tests, scripts, the bench). */
export const DEFAULT_DB_TIMEOUTS: DbTimeouts = {
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 60_000,
  connectTimeoutMs: 5_000,
}

export type DbOptions = {
  databaseUrl: string | undefined
  dataDir: string
  poolSize?: number
  /** PostgreSQL only; the defaults above for any not given. */
  timeouts?: Partial<DbTimeouts>
  /** Embedded only: start from a dump of a data folder (`PGlite.dumpDataDir`) instead of an empty one. */
  loadDataDir?: Blob
}

// PostgreSQL bigint (int8) and numeric come back as strings by default; our bigints are Rupiah below 2^53.
pg.types.setTypeParser(20, (v) => Number(v))

export async function openDatabase (opts: DbOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const timeouts = { ...DEFAULT_DB_TIMEOUTS, ...opts.timeouts }
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // A lost database or a full pool must surface as an error (503), not hang a request for ever.
      connectionTimeoutMillis: timeouts.connectTimeoutMs,
      // Sent in the startup message, so every pooled session has them before its first statement (0: off).
      statement_timeout: timeouts.statementTimeoutMs,
      lock_timeout: timeouts.lockTimeoutMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    })
    // An idle client losing its connection emits 'error' on the pool; without a listener that kills the process.
    pool.on('error', () => {})
    // A checked-out client (inside a transaction) whose connection ends also emits 'error', and the pool listens
    // only to idle ones: unheard, that would be an uncaught exception that stops the process. Its queries get the
    // error anyway, and the pool discards the dead client when it is released.
    pool.on('connect', (client) => {
      client.on('error', () => {})
    })
    retryLostReads(pool)
    const db = drizzleNodePg({ client: pool, schema }) as unknown as Db
    let closed = false
    const listeners = new Set<() => Promise<void>>()
    const databaseUrl = opts.databaseUrl
    return {
      db,
      engine: 'postgres',
      pool,
      pglite: undefined,
      async ping () {
        await db.execute(sql`select 1`)
      },
      async listen (channel, handlers) {
        const stop = listenOnPostgres(databaseUrl, channel, handlers)
        const once = async () => {
          listeners.delete(once)
          await stop()
        }
        listeners.add(once)
        return once
      },
      async close () {
        if (closed) return
        closed = true
        await Promise.all([...listeners].map((stop) => stop()))
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
    async listen (channel, handlers) {
      if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`)
      const unlisten = await client.listen(channel, handlers.onNotify)
      handlers.onLive(true)
      return async () => {
        handlers.onLive(false)
        if (!closed) await unlisten()
      }
    },
    async close () {
      if (closed) return
      closed = true
      await client.close()
    },
  }
}

const READ_STATEMENT = /^\s*select\b/i
const LOCKING_READ = /\bfor\s+(update|no\s+key\s+update|share|key\s+share)\b/i

/**
 * A plain SELECT run on the pool outside a transaction (drizzle sends those through `pool.query`) whose pooled
 * connection turns out dead (terminated, reset: `lost`) runs again on another: it wrote nothing, so running
 * it again is safe. This covers the first statement of nearly every request (the API-key lookup), which meets a
 * connection killed while it sat idle in the pool. Anything else (a write, a statement in a transaction, a
 * locking read) is not repeated here: the error goes up and becomes a 503.
 */
function retryLostReads (pool: pg.Pool) {
  const query = pool.query.bind(pool) as (config: unknown, values?: unknown) => Promise<unknown>
  const retrying = async (config: unknown, values?: unknown) => {
    try {
      return await query(config, values)
    } catch (err) {
      const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text
      if (typeof text !== 'string' || !READ_STATEMENT.test(text) || LOCKING_READ.test(text) || databaseFaultOf(err) !== 'lost') throw err
      // Every idle connection of the pool may have been killed at once, and the pool learns it only by using each:
      // a failed one is discarded, so at most `max` more attempts reach a live (or new) connection. A read wrote
      // nothing, so repeating it is safe; anything but a lost connection ends the retries.
      let last = err
      for (let attempt = 0; attempt < (pool.options.max ?? 10); attempt++) {
        await new Promise((resolve) => setImmediate(resolve))
        try {
          return await query(config, values)
        } catch (again) {
          if (databaseFaultOf(again) !== 'lost') throw again
          last = again
        }
      }
      throw last
    }
  }
  // Only the promise form (what drizzle uses); callback and submittable calls go straight to pg.
  pool.query = ((config: unknown, values?: unknown, callback?: unknown) =>
    callback !== undefined || typeof values === 'function' || typeof (config as { submit?: unknown } | null)?.submit === 'function'
      ? (query as (...args: unknown[]) => unknown)(config, values, callback)
      : retrying(config, values)) as typeof pool.query
}

/** Rows of a raw `db.execute(sql...)`, the same on both drivers. */
export function rowsOf<T> (result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

/**
 * What kind of database trouble an error is, if any: the error handler answers all three with 503 and
 * Retry-After (try again later), because none is the client's fault and the same request may well succeed later.
 *
 * - `busy`: the database is up but could not serve this request in time: no free pooled connection, a lock not
 *   granted within lock_timeout (55P03), a statement cancelled by statement_timeout (57014), too many connections
 *   (53300), a deadlock or serialization failure (40P01, 40001). The statement or its transaction was rolled back.
 * - `lost`: the connection the request was using died (terminated by an administrator 57P01, a server crash
 *   57P02, idle-in-transaction timeout 25P03, a reset socket). A read may be retried at once on a new connection.
 * - `unavailable`: no connection can be made (refused, unknown host, the server starting up 57P03, a closed pool).
 *
 * pg errors carry a SQLSTATE `code`, socket errors an errno `code`; drizzle wraps either in a DrizzleQueryError
 * whose `cause` is the original, and Node's connect may give an AggregateError (one error per address tried).
 */
export type DatabaseFault = 'busy' | 'lost' | 'unavailable'

const FAULT_BY_CODE: Record<string, DatabaseFault> = {
  '55P03': 'busy', // lock_not_available
  57014: 'busy', // query_canceled
  53300: 'busy', // too_many_connections
  '40P01': 'busy', // deadlock_detected
  40001: 'busy', // serialization_failure
  '57P01': 'lost', // admin_shutdown (pg_terminate_backend, a fast shutdown)
  '57P02': 'lost', // crash_shutdown
  '25P03': 'lost', // idle_in_transaction_session_timeout: the server ended the session
  '08003': 'lost', // connection_does_not_exist
  '08006': 'lost', // connection_failure
  ECONNRESET: 'lost',
  EPIPE: 'lost',
  '57P03': 'unavailable', // cannot_connect_now (starting up, recovering)
  '08001': 'unavailable', // sqlclient_unable_to_establish_sqlconnection
  '08004': 'unavailable', // sqlserver_rejected_establishment_of_sqlconnection
  ECONNREFUSED: 'unavailable',
  ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENETUNREACH: 'unavailable',
  ETIMEDOUT: 'unavailable',
}

// pg and pg-pool signal these by message only (no code).
const FAULT_BY_MESSAGE: Array<[RegExp, DatabaseFault]> = [
  [/^timeout exceeded when trying to connect$/, 'busy'], // every pooled connection in use for connectTimeoutMs
  [/^Connection terminated due to connection timeout$/, 'unavailable'],
  [/^Connection terminated( unexpectedly)?$/, 'lost'],
  [/^Client has encountered a connection error and is not queryable$/, 'lost'],
  [/^Client was closed and is not queryable$/, 'lost'],
  [/^Cannot use a pool after calling end on the pool$/, 'unavailable'],
  [/^PGlite is closed$/, 'unavailable'],
  [/^database is closed$/, 'unavailable'],
]

export function databaseFaultOf (err: unknown, depth = 0): DatabaseFault | undefined {
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  if (typeof code === 'string' && Object.hasOwn(FAULT_BY_CODE, code)) return FAULT_BY_CODE[code]
  if (typeof message === 'string') {
    for (const [pattern, fault] of FAULT_BY_MESSAGE) if (pattern.test(message)) return fault
  }
  if (cause !== undefined) {
    const fault = databaseFaultOf(cause, depth + 1)
    if (fault) return fault
  }
  if (Array.isArray(errors)) {
    for (const e of errors) {
      const fault = databaseFaultOf(e, depth + 1)
      if (fault) return fault
    }
  }
  return undefined
}

/** The SQLSTATE of a database error, looking through drizzle's wrapper; undefined for anything else. */
export function sqlStateOf (err: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined
  const { code, cause } = err as { code?: unknown; cause?: unknown }
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
  return sqlStateOf(cause, depth + 1)
}

/** A short description of a database error for a log line or a start-up message: its code and message, never the query or its parameters. */
export function describeDatabaseError (err: unknown, depth = 0): string {
  if (typeof err !== 'object' || err === null) return String(err)
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  // drizzle's wrapper message quotes the SQL and its parameters (personal data): describe what it wraps instead
  if (cause !== undefined && depth < 5 && typeof message === 'string' && message.startsWith('Failed query:')) return describeDatabaseError(cause, depth + 1)
  if (Array.isArray(errors) && errors.length > 0 && (typeof message !== 'string' || message === '')) return describeDatabaseError(errors[0], depth + 1)
  const text = typeof message === 'string' && message !== '' ? message : 'unknown error'
  return typeof code === 'string' ? `${text} (${code})` : text
}

/**
 * Runs `step` until it succeeds or `budgetMs` has passed, retrying only while the database is unreachable
 * (start-up before the database is up: a container starting beside its database). Any other error, or the last
 * one when the budget is spent, is thrown.
 */
export async function retryWhileUnreachable<T> (
  step: () => Promise<T>,
  opts: { budgetMs: number; delayMs?: number; onRetry?: (err: unknown, attempt: number, delayMs: number) => void; now?: () => number }
): Promise<T> {
  const now = opts.now ?? Date.now
  const deadline = now() + opts.budgetMs
  for (let attempt = 1; ; attempt++) {
    try {
      return await step()
    } catch (err) {
      const fault = databaseFaultOf(err)
      const delay = Math.min(opts.delayMs ?? 1_000 * Math.min(attempt, 5), deadline - now())
      if (fault === undefined || delay <= 0) throw err
      opts.onRetry?.(err, attempt, delay)
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}
