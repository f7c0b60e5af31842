import { createServer, type Server, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { DrizzleQueryError } from 'drizzle-orm'
import pg from 'pg'
import t from 'tap'
import { buildApp, type App } from '../../src/app.js'
import { openDatabase, type DbTimeouts } from '../../src/db/client.js'
import { systemContext } from '../../src/lib/context.js'
import { bearer, buildTestApp, onPostgres, openTestDatabase, testConfig } from '../helpers/app.js'
import { programInput } from '../helpers/fixtures.js'

/**
 * Database faults: a busy, lost or unreachable database is a 503 problem+json with Retry-After (never a 500), a
 * read whose connection died is retried once, and the per-connection timeouts keep one held lock from taking
 * the whole pool. The lock, pool and termination tests need a real PostgreSQL (PGlite is one in-process session).
 */

const PROBLEMS = 'https://jamsos-rentan.id/problems/'

function pgError (code: string, message: string) {
  return Object.assign(new Error(message), { code, severity: 'ERROR' })
}

/** As drizzle throws it: the query and its parameters in the message, the pg error as the cause. */
function wrapped (cause: Error) {
  return new DrizzleQueryError('select id from workers where nik = $1', ['3671014507900001'], cause)
}

// one database for the tests that only add routes of their own (building an app on it is then cheap)
const shared = await openTestDatabase(t)

t.test('database trouble is a 503 problem+json with Retry-After, never a 500 (both engines)', async (t) => {
  const { app } = await buildTestApp(t, {}, shared)
  const refused = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })], ''), { code: 'ECONNREFUSED' })
  const cases: Array<[string, Error, string, string]> = [
    ['a lock not granted within lock_timeout (55P03)', wrapped(pgError('55P03', 'canceling statement due to lock timeout')), 'database-busy', '1'],
    ['a statement cancelled by statement_timeout (57014)', wrapped(pgError('57014', 'canceling statement due to statement timeout')), 'database-busy', '1'],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already'), 'database-busy', '1'],
    ['a deadlock (40P01)', wrapped(pgError('40P01', 'deadlock detected')), 'database-busy', '1'],
    ['no free pooled connection in time', new Error('timeout exceeded when trying to connect'), 'database-busy', '1'],
    ['a terminated backend (57P01)', wrapped(pgError('57P01', 'terminating connection due to administrator command')), 'database-unavailable', '2'],
    ['a connection that died', wrapped(new Error('Connection terminated unexpectedly')), 'database-unavailable', '2'],
    ['a rollback on a dead connection', wrapped(new Error('Client has encountered a connection error and is not queryable')), 'database-unavailable', '2'],
    ['a refused connection', refused, 'database-unavailable', '5'],
    ['a database starting up (57P03)', pgError('57P03', 'the database system is starting up'), 'database-unavailable', '5'],
    ['a closed embedded database', wrapped(new Error('PGlite is closed')), 'database-unavailable', '5'],
  ]
  cases.forEach(([, error], i) => app.post(`/fault/${i}`, { config: { auth: 'public' } }, async () => { throw error }))
  for (const [name, , type, retryAfter] of cases) {
    const res = await app.inject({ method: 'POST', url: `/fault/${cases.findIndex(([n]) => n === name)}` })
    t.equal(res.statusCode, 503, name)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem+json`)
    t.equal(res.headers['retry-after'], retryAfter, `${name}: Retry-After`)
    t.match(res.json(), { type: `${PROBLEMS}${type}`, title: String, status: 503, detail: String, requestId: String }, name)
    t.notOk(/select|nik|3671|workers/i.test(res.body), `${name}: names nothing internal`)
  }
})

t.test('a unique violation wrapped by drizzle is still a 409, not a 500', async (t) => {
  const { app } = await buildTestApp(t, {}, shared)
  app.post('/dup', { config: { auth: 'public' } }, async () => { throw wrapped(pgError('23505', 'duplicate key value violates unique constraint')) })
  const res = await app.inject({ method: 'POST', url: '/dup' })
  t.equal(res.statusCode, 409)
  t.match(res.json(), { type: `${PROBLEMS}conflict` })
})

t.test('a read whose connection was lost runs once more; a write, a busy read and a second loss do not', async (t) => {
  const { app } = await buildTestApp(t, {}, shared)
  const lost = () => wrapped(pgError('57P01', 'terminating connection due to administrator command'))
  const calls = { read: 0, write: 0, twice: 0, busy: 0 }
  app.get('/read', { config: { auth: 'public' } }, async () => {
    if (++calls.read === 1) throw lost()
    return { ok: true }
  })
  app.post('/write', { config: { auth: 'public' } }, async () => {
    if (++calls.write === 1) throw lost()
    return { ok: true }
  })
  app.get('/twice', { config: { auth: 'public' } }, async () => {
    calls.twice++
    throw lost()
  })
  app.get('/busy', { config: { auth: 'public' } }, async () => {
    calls.busy++
    throw wrapped(pgError('55P03', 'canceling statement due to lock timeout'))
  })

  const read = await app.inject('/read')
  t.equal(read.statusCode, 200, 'the read answered from its second run')
  t.equal(calls.read, 2)
  const head = await app.inject({ method: 'HEAD', url: '/read' })
  t.equal(head.statusCode, 200, 'HEAD too')

  const write = await app.inject({ method: 'POST', url: '/write' })
  t.equal(write.statusCode, 503, 'a write is not retried: 503, the client decides')
  t.equal(write.headers['retry-after'], '2')
  t.equal(calls.write, 1)

  t.equal((await app.inject('/twice')).statusCode, 503, 'retried once, not in a loop')
  t.equal(calls.twice, 2)
  t.equal((await app.inject('/busy')).statusCode, 503, 'a busy database is not hammered at once')
  t.equal(calls.busy, 1)
})

t.test('a closed embedded database gives 503 on /v1 routes and on readiness', { skip: onPostgres() && 'embedded only (PostgreSQL: see the closed port below)' }, async (t) => {
  const { app, keys, db } = await buildTestApp(t)
  await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(keys.admin) }) // the key is known
  await db.close()
  const res = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(keys.admin) })
  t.equal(res.statusCode, 503)
  t.ok(Number(res.headers['retry-after']) > 0)
  t.match(res.json(), { type: `${PROBLEMS}database-unavailable`, status: 503 })
  t.equal((await app.inject('/health/ready')).statusCode, 503)
})

// ---- PostgreSQL only -------------------------------------------------------------------------------------------

type PgApp = { app: App; key: string; url: string; pool: pg.Pool }

/** The app on a fresh database through a pool of its own, with the timeouts and pool size the test needs. */
async function pgApp (t: Tap, timeouts: Partial<DbTimeouts>, poolSize: number, url?: string): Promise<PgApp> {
  const base = await openTestDatabase(t)
  const dbUrl = url ?? base.pool!.options.connectionString!
  const db = await openDatabase({ databaseUrl: dbUrl, dataDir: 'unused', poolSize, timeouts })
  t.teardown(() => db.close())
  const app = await buildApp(testConfig(), { db })
  t.teardown(() => app.close())
  const key = (await app.services.apiKeys.create(systemContext('test'), { name: 'faults admin', role: 'admin' })).key
  return { app, key, url: base.pool!.options.connectionString!, pool: db.pool! }
}
type Tap = { teardown(fn: () => unknown): void }

async function client (t: Tap, url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url })
  c.on('error', () => {}) // a terminated test client must not crash the run
  await c.connect()
  t.teardown(() => c.end().catch(() => {}))
  return c
}

/** Settles with the promise, or with 'hung' after ms: a test fails fast when a protection is missing. */
function within<T> (ms: number, p: Promise<T>): Promise<T | 'hung'> {
  return Promise.race([p, sleep(ms).then(() => 'hung' as const)])
}

async function untilWaitingOnLocks (admin: pg.Client, n: number) {
  for (let i = 0; i < 150; i++) {
    const { rows } = await admin.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
    if (rows[0].n >= n) return
    await sleep(20)
  }
  throw new Error(`fewer than ${n} sessions ever waited on a lock`)
}

t.test('every pooled connection starts with the configured timeouts', { skip: !onPostgres() && 'PostgreSQL only' }, async (t) => {
  const { app } = await pgApp(t, { statementTimeoutMs: 1234, lockTimeoutMs: 567, idleInTransactionTimeoutMs: 8900 }, 2)
  const { rows } = await app.dbHandle.pool!.query(
    "select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l, current_setting('idle_in_transaction_session_timeout') as i"
  )
  t.same(rows[0], { s: '1234ms', l: '567ms', i: '8900ms' })
})

t.test('a held lock: blocked writes give up with 503 and Retry-After, unrelated reads keep answering', { skip: !onPostgres() && 'PostgreSQL only' }, async (t) => {
  // two connections, as the incident's ten were: without lock_timeout the writers keep both and the read fails
  const { app, key, url } = await pgApp(t, { lockTimeoutMs: 200, connectTimeoutMs: 1_500 }, 2)
  const holder = await client(t, url)
  // every write appends to the audit trail; SHARE blocks those inserts and no read (one long row lock, writ large)
  await holder.query('begin; lock table audit_events in share mode')
  try {
    const writes = [1, 2, 3, 4].map((i) => app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(key), payload: programInput({ code: `LOCKED-${i}` }) }))
    await sleep(50) // the writers hold the pool
    const read = app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })
    const settled = await within(4_000, Promise.all([read, ...writes]))
    if (settled === 'hung') return t.fail('requests still blocked after 4 s: no lock_timeout')
    const [readRes, ...writeRes] = settled
    t.equal(readRes.statusCode, 200, 'the unrelated read got a connection')
    for (const w of writeRes) {
      t.equal(w.statusCode, 503)
      t.equal(w.headers['retry-after'], '1')
      t.match(w.json(), { type: `${PROBLEMS}database-busy`, status: 503, title: String, detail: /nothing was changed/ })
    }
  } finally {
    await holder.query('rollback')
  }
  const after = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })
  t.same(after.json().items, [], 'no half-made programme')
})

t.test('a statement running past statement_timeout is cancelled: 503', { skip: !onPostgres() && 'PostgreSQL only' }, async (t) => {
  const { app, key, url } = await pgApp(t, { statementTimeoutMs: 300, lockTimeoutMs: 0 }, 2)
  await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) }) // the key is known: no lookup below
  const holder = await client(t, url)
  await holder.query('begin; lock table programs in access exclusive mode')
  try {
    const res = await within(4_000, app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) }))
    if (res === 'hung') return t.fail('the read still ran after 4 s: no statement_timeout')
    t.equal(res.statusCode, 503)
    t.equal(res.headers['retry-after'], '1')
    t.match(res.json(), { type: `${PROBLEMS}database-busy` })
  } finally {
    await holder.query('rollback')
  }
})

t.test('no free pooled connection within the connect timeout: 503, not a 500', { skip: !onPostgres() && 'PostgreSQL only' }, async (t) => {
  const { app, key } = await pgApp(t, { connectTimeoutMs: 200 }, 1)
  const only = await app.dbHandle.pool!.connect()
  try {
    const res = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })
    t.equal(res.statusCode, 503)
    t.equal(res.headers['retry-after'], '1')
    t.match(res.json(), { type: `${PROBLEMS}database-busy`, status: 503 })
  } finally {
    only.release()
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })).statusCode, 200, 'and answers once one is free')
})

/** Terminates the app's sessions that are waiting on a lock (mid-request), and waits until they are gone. */
async function terminateWaiters (admin: pg.Client) {
  await admin.query("select pg_terminate_backend(pid, 2000) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
}

t.test('backends terminated under running requests: the read is retried and answers 200, the write is 503 and not applied', { skip: !onPostgres() && 'PostgreSQL only' }, async (t) => {
  const { app, key, url } = await pgApp(t, { lockTimeoutMs: 10_000 }, 5)
  const created = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(key), payload: programInput({ code: 'KEPT' }) })
  t.equal(created.statusCode, 201)
  const holder = await client(t, url)
  const admin = await client(t, url)
  // both requests block on this lock (past their API-key lookup), so each is mid-statement when its backend dies
  await holder.query('begin; lock table programs in access exclusive mode')
  const read = app.inject({ method: 'GET', url: '/v1/programs/KEPT', headers: bearer(key) })
  const write = app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(key), payload: programInput({ code: 'LOST' }) })
  await untilWaitingOnLocks(admin, 2)
  await terminateWaiters(admin)
  await holder.query('rollback') // only now: a write that got the lock first would simply succeed
  const readRes = await read
  t.equal(readRes.statusCode, 200, 'the read ran again on a new connection')
  t.equal(readRes.json().code, 'KEPT')
  const writeRes = await write
  t.equal(writeRes.statusCode, 503, 'the write is not retried')
  t.equal(writeRes.headers['retry-after'], '2')
  t.match(writeRes.json(), { type: `${PROBLEMS}database-unavailable`, status: 503, title: String, detail: String })
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs/LOST', headers: bearer(key) })).statusCode, 404, 'its transaction was rolled back')
})

t.test('a backend terminated during the API-key lookup: the lookup runs again, for reads and writes alike', { skip: !onPostgres() && 'PostgreSQL only' }, async (t) => {
  const { app, key, url } = await pgApp(t, { lockTimeoutMs: 10_000 }, 5)
  const holder = await client(t, url)
  const admin = await client(t, url)
  // every request looks its key up first: block that SELECT, then kill the sessions running it
  await holder.query('begin; lock table api_keys in access exclusive mode')
  const read = app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })
  const write = app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(key), payload: programInput({ code: 'AFTER-LOOKUP' }) })
  await untilWaitingOnLocks(admin, 2)
  await terminateWaiters(admin)
  await holder.query('rollback')
  t.equal((await read).statusCode, 200)
  t.equal((await write).statusCode, 201, 'a read inside a write is repeated too: it wrote nothing')
  const list = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })
  t.same(list.json().items.map((p: { code: string }) => p.code), ['AFTER-LOOKUP'], 'created once')
})

t.test('idle pooled connections terminated: the next read still answers', { skip: !onPostgres() && 'PostgreSQL only' }, async (t) => {
  const { app, key, url } = await pgApp(t, {}, 5)
  await Promise.all([1, 2, 3].map(() => app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) }))) // some idle connections
  const admin = await client(t, url)
  await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })).statusCode, 200)
})

/** A TCP relay to the test's PostgreSQL that can be shut, so the app's database URL points at a closed port. */
async function relayTo (target: URL) {
  const sockets = new Set<Socket>()
  const open = async (port = 0) => {
    const server = createServer((inbound) => {
      const outbound = new (inbound.constructor as typeof Socket)()
      sockets.add(inbound).add(outbound)
      outbound.connect(Number(target.port || 5432), target.hostname)
      inbound.pipe(outbound).pipe(inbound)
      for (const s of [inbound, outbound]) s.on('error', () => {}).on('close', () => { inbound.destroy(); outbound.destroy() })
    })
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    return server
  }
  let server: Server = await open()
  const port = (server.address() as { port: number }).port
  return {
    port,
    async close () {
      await new Promise<void>((resolve) => { server.close(() => resolve()); for (const s of sockets) s.destroy() })
      sockets.clear()
    },
    async reopen () { server = await open(port) },
  }
}

t.test('a database at a closed port: 503 on /v1 routes and on readiness; back when it returns', { skip: !onPostgres() && 'PostgreSQL only' }, async (t) => {
  const base = await openTestDatabase(t)
  const real = new URL(base.pool!.options.connectionString!)
  const relay = await relayTo(real)
  t.teardown(() => relay.close())
  const viaRelay = new URL(real)
  viaRelay.hostname = '127.0.0.1'
  viaRelay.port = String(relay.port)
  const db = await openDatabase({ databaseUrl: viaRelay.toString(), dataDir: 'unused', poolSize: 3, timeouts: { connectTimeoutMs: 1_000 } })
  t.teardown(() => db.close())
  const app = await buildApp(testConfig(), { db })
  t.teardown(() => app.close())
  const key = (await app.services.apiKeys.create(systemContext('test'), { name: 'relay admin', role: 'admin' })).key
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })).statusCode, 200)

  await relay.close()
  const res = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(res.headers['retry-after'], '5')
  t.match(res.json(), { type: `${PROBLEMS}database-unavailable`, status: 503 })
  const write = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(key), payload: programInput({ code: 'NOWHERE' }) })
  t.equal(write.statusCode, 503)
  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 503)
  t.same(ready.json(), { status: 'unavailable', database: 'down' })

  await relay.reopen()
  t.equal((await app.inject('/health/ready')).statusCode, 200, 'ready again without a restart')
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })).statusCode, 200)
})
