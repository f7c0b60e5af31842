import { sql } from 'drizzle-orm'
import pg from 'pg'
import t from 'tap'
import { VerifiedKeyCache } from '../../src/modules/api-keys/api-keys.cache.js'
import { bearer, buildTestApp, eventually, onPostgres, type TestApp } from '../helpers/app.js'

const ACTOR = { keyId: '00000000-0000-4000-8000-000000000001', name: 'op', role: 'operator' as const, branchCode: null }

t.test('the verified-key cache: used only while live, never keeps a read that raced a change, and expires', async (t) => {
  let now = 1_000
  const cache = new VerifiedKeyCache({ ttlMs: 10_000, maxEntries: 2, now: () => now })
  const cases: Array<[string, () => unknown, unknown]> = [
    ['nothing is kept before the listener is up', () => { cache.store('a', ACTOR, cache.ticket()); return cache.get('a') }, undefined],
    ['kept once live', () => { cache.setLive(true); cache.store('a', ACTOR, cache.ticket()); return cache.get('a')?.keyId }, ACTOR.keyId],
    ['a notification empties it', () => { cache.invalidate(); return cache.get('a') }, undefined],
    ['a read in flight across a notification is not kept', () => { const ticket = cache.ticket(); cache.invalidate(); cache.store('a', ACTOR, ticket); return cache.get('a') }, undefined],
    ['expired after its time to live', () => { cache.store('a', ACTOR, cache.ticket()); now += 10_000; return cache.get('a') }, undefined],
    ['the oldest goes first when full', () => { for (const h of ['a', 'b', 'c']) cache.store(h, ACTOR, cache.ticket()); return [cache.size, cache.get('a'), cache.get('c')?.keyId] }, [2, undefined, ACTOR.keyId]],
    ['losing the listener empties it and stops it', () => { cache.setLive(false); cache.store('a', ACTOR, cache.ticket()); return [cache.size, cache.get('c')] }, [0, undefined]],
  ]
  for (const [name, run, expected] of cases) t.same(run(), expected, name)
  t.ok(Object.isFrozen((() => { cache.setLive(true); cache.store('z', ACTOR, cache.ticket()); return cache.get('z') })()), 'a cached actor cannot be changed by a request')
  t.equal(new VerifiedKeyCache({ ttlMs: 0, maxEntries: 10, now: () => now }).isLive, false, 'AUTH_CACHE_TTL_MS=0 turns it off')
})

const metricOf = async (app: TestApp['app'], name: string) => {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
  return m ? Number(m[1]) : undefined
}

const read = (app: TestApp['app'], key: string) => app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })

t.test('a key revoked outside the API (SQL in a psql session) is refused once the change is notified, cached or not', async (t) => {
  const { app, keys } = await buildTestApp(t)
  t.ok(await eventually(async () => (await metricOf(app, 'api_key_cache_live')) === 1), 'the instance listens for key changes')
  t.equal((await read(app, keys.operator)).statusCode, 200)
  t.equal((await read(app, keys.operator)).statusCode, 200)
  t.ok((await metricOf(app, 'api_key_cache_entries'))! >= 1, 'the verified key is cached')
  await app.dbHandle.db.execute(sql`update api_keys set revoked_at = now() where role = 'operator'`)
  t.ok(await eventually(async () => (await read(app, keys.operator)).statusCode === 401), 'refused: the trigger notified the change and the cache let the key go')
  t.equal((await read(app, keys.admin)).statusCode, 200, 'other keys still work (read again from the database)')
})

t.test('revoking through the API refuses the key on the revoking instance at once', async (t) => {
  const { app, keys } = await buildTestApp(t)
  const created = (await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: 'temp', role: 'operator' } })).json()
  t.equal((await read(app, created.key)).statusCode, 200)
  t.equal((await read(app, created.key)).statusCode, 200)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/api-keys/${created.id}`, headers: bearer(keys.admin) })).statusCode, 204)
  t.equal((await read(app, created.key)).statusCode, 401, 'the very next request, no waiting')
})

t.test('on PostgreSQL, every instance forgets a key revoked through another, and one that loses its listener stops caching', { skip: !onPostgres() }, async (t) => {
  const a = await buildTestApp(t)
  const b = await buildTestApp(t, {}, a.app.dbHandle)
  t.ok(await eventually(async () => (await metricOf(b.app, 'api_key_cache_live')) === 1))
  const created = (await a.app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(a.keys.admin), payload: { name: 'shared', role: 'operator' } })).json()
  t.equal((await read(b.app, created.key)).statusCode, 200)
  t.equal((await read(b.app, created.key)).statusCode, 200, 'B has it cached')
  t.equal((await a.app.inject({ method: 'DELETE', url: `/v1/api-keys/${created.id}`, headers: bearer(a.keys.admin) })).statusCode, 204)
  t.ok(await eventually(async () => (await read(b.app, created.key)).statusCode === 401), 'B refuses it as soon as PostgreSQL delivers the notification')

  // The listening session is killed: B stops trusting its cache at once, and listens again.
  const other = (await a.app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(a.keys.admin), payload: { name: 'second', role: 'operator' } })).json()
  t.equal((await read(b.app, other.key)).statusCode, 200)
  // this test file's own database (the listeners of other files' databases are left alone)
  const admin = new pg.Client({ connectionString: a.app.dbHandle.pool!.options.connectionString })
  await admin.connect()
  t.teardown(() => admin.end())
  const killed = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%'")
  t.ok(killed.rowCount! >= 1, 'the listeners were found and terminated')
  await admin.query("update api_keys set revoked_at = now() where name = 'second'")
  t.ok(await eventually(async () => (await read(b.app, other.key)).statusCode === 401), 'a change made while B was not listening is still seen')
  t.ok(await eventually(async () => (await metricOf(b.app, 'api_key_cache_live')) === 1, 10_000), 'B listens again')
})
