import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { buildApp, type App } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { openDatabase, type DbHandle } from '../../src/db/client.js'
import { MIGRATIONS_FOLDER, runMigrations } from '../../src/db/migrate.js'
import { systemContext, type Role } from '../../src/lib/context.js'

/**
 * Builds the real app on a real database of its own: an in-memory PGlite by default, or, when DATABASE_URL is
 * set, a freshly created PostgreSQL database that is dropped afterwards. Nothing depends on what another test
 * or session left behind.
 */
type Teardown = { teardown(fn: () => unknown): void }

/**
 * Load shedding is off in tests (PRESSURE_MAX_EVENT_LOOP_DELAY_MS=0): parallel test files on a 2-core machine lag
 * the event loop, and a test of something else must not meet a 503. Its own test turns it on.
 */
export const TEST_ENV = { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0' }

export function testConfig (overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ ...TEST_ENV, DATABASE_URL: process.env.DATABASE_URL }), ...overrides }
}

export const onPostgres = () => Boolean(testConfig().databaseUrl)

/** A database of the test's own. */
export async function openTestDatabase (t: Teardown): Promise<DbHandle> {
  const url = testConfig().databaseUrl
  if (!url) {
    const handle = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://', loadDataDir: await migratedTemplate() })
    t.teardown(() => handle.close())
    return handle
  }
  const name = `jr_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const testUrl = new URL(url)
  testUrl.pathname = `/${name}`
  const handle = await openDatabase({ databaseUrl: testUrl.toString(), dataDir: 'unused', poolSize: 20 })
  t.teardown(async () => {
    await handle.close().catch(() => {})
    const dropper = new pg.Client({ connectionString: url })
    await dropper.connect()
    await dropper.query(`drop database if exists ${name} with (force)`)
    await dropper.end()
  })
  return handle
}

export type Keys = {
  admin: string
  operator: string
  auditor: string
  cimone: string
  cikokol: string
}

export type TestApp = { app: App; keys: Keys; db: DbHandle }

/** The app on a database of its own, or on `shared` (another app's database: building is then cheap). */
export async function buildTestApp (t: Teardown, overrides: Partial<Config> = {}, shared?: DbHandle): Promise<TestApp> {
  const db = shared ?? (await openTestDatabase(t))
  const app = await buildApp(testConfig(overrides), { db })
  t.teardown(() => app.close())
  const keys = await makeKeys(app)
  return { app, keys, db }
}

async function makeKeys (app: App): Promise<Keys> {
  const ctx = systemContext('test-setup')
  const make = async (role: Role, branchCode?: string) =>
    (await app.services.apiKeys.create(ctx, { name: `test ${role} ${branchCode ?? ''}`.trim(), role, branchCode })).key
  return {
    admin: await make('admin'),
    operator: await make('operator'),
    auditor: await make('auditor'),
    cimone: await make('branch', 'CIMONE'),
    cikokol: await make('branch', 'CIKOKOL'),
  }
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

/** Polls until `probe` is true (say, a notification has crossed a connection), giving up (false) after `ms`. */
export async function eventually (probe: () => Promise<boolean>, ms = 3_000): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await probe()) return true
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return false
}

/**
 * A dump of a freshly migrated embedded database, made once per set of migrations and cached on disk:
 * loading it takes a fraction of the time a new PGlite needs to initialise and migrate.
 */
async function migratedTemplate (): Promise<Blob> {
  const hash = createHash('sha256')
  for (const f of readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort()) {
    if (f.endsWith('.sql') || f.endsWith('.json')) hash.update(f).update(readFileSync(join(MIGRATIONS_FOLDER, f)))
  }
  const dir = new URL('../../node_modules/.cache/jamsos-rentan/', import.meta.url)
  const file = new URL(`pglite-template-${hash.digest('hex').slice(0, 16)}.tar`, dir)
  try {
    return new Blob([readFileSync(file)])
  } catch {
    const handle = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' })
    await runMigrations(handle)
    const dump = await handle.pglite!.dumpDataDir('none')
    await handle.close()
    mkdirSync(dir, { recursive: true })
    const tmp = new URL(`${file.pathname.split('/').pop()}.${process.pid}.tmp`, dir)
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()))
    renameSync(tmp, file) // atomic: parallel test processes never read half a file
    return dump
  }
}

/**
 * Listens on a free port with a public GET /slow that stays in flight until `release()`; `inHandler` resolves once it
 * is being served. For shutdown tests: no timers, so they do not depend on the machine's speed.
 */
export async function listenWithSlowRoute (app: App): Promise<{ port: number; inHandler: Promise<void>; release: () => void }> {
  let release: () => void = () => {}
  let entered: () => void = () => {}
  const gate = new Promise<void>((resolve) => { release = resolve })
  const inHandler = new Promise<void>((resolve) => { entered = resolve })
  app.get('/slow', { config: { auth: 'public' } }, async () => {
    entered()
    await gate
    return { done: true }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { port: (app.server.address() as { port: number }).port, inHandler, release }
}
