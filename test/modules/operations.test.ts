import t from 'tap'
import { buildApp } from '../../src/app.js'
import { bearer, buildTestApp, listenWithSlowRoute, openTestDatabase, testConfig } from '../helpers/app.js'
import { programInput } from '../helpers/fixtures.js'

const { app, keys, db: sharedDb } = await buildTestApp(t)

t.test('liveness and readiness report a working database', async (t) => {
  t.same((await app.inject('/health/live')).json(), { status: 'ok' })
  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ok', database: 'up' })
})

t.test('readiness is 503 while the database is unreachable', async (t) => {
  const { app, db } = await buildTestApp(t)
  await db.close()
  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 503)
  t.same(ready.json(), { status: 'unavailable', database: 'down' })
})

t.test('problem+json for an unknown route, malformed JSON and a wrong content type', async (t) => {
  const missing = await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: bearer(keys.admin) })
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { type: 'https://jamsos-rentan.id/problems/not-found', status: 404 })

  const malformed = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'content-type': 'application/json' }, payload: '{"code": ' })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(malformed.json(), { status: 400, title: String, detail: String })

  const xml = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'content-type': 'application/xml' }, payload: '<a/>' })
  t.equal(xml.statusCode, 415)
})

t.test('a body over the limit is 413 with a clear message', async (t) => {
  const { app, keys } = await buildTestApp(t, { bodyLimitBytes: 1024 }, sharedDb)
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: { ...programInput(), name: 'x'.repeat(2000) } })
  t.equal(res.statusCode, 413)
  t.match(res.json(), { type: 'https://jamsos-rentan.id/problems/payload-too-large', detail: /1024 bytes/ })
})

t.test('an unexpected error is a 500 that names nothing internal', async (t) => {
  const { app } = await buildTestApp(t, {}, sharedDb)
  app.get('/boom', { config: { auth: 'public' } }, async () => {
    throw Object.assign(new Error('relation "secret_table" does not exist: select nik from secret_table'), { code: '42P01' })
  })
  const res = await app.inject('/boom')
  t.equal(res.statusCode, 500)
  t.notOk(/secret_table|select|stack|42P01/i.test(res.body), { body: res.body })
  t.match(res.json(), { type: 'https://jamsos-rentan.id/problems/internal', status: 500, requestId: String })
})

t.test('each API key is rate limited, with 429 and Retry-After', async (t) => {
  const { app, keys } = await buildTestApp(t, { rateLimitPerMinute: 3 }, sharedDb)
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(keys.admin) })).statusCode, 200)
  const limited = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(keys.admin) })
  t.equal(limited.statusCode, 429)
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After in seconds')
  t.match(limited.json(), { type: 'https://jamsos-rentan.id/problems/rate-limited', status: 429 })
  const otherKey = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(keys.operator) })
  t.equal(otherKey.statusCode, 200, 'another key has its own allowance')
})

t.test('replies carry security headers, a request id and no-store on the API', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(keys.admin) })
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.ok(res.headers['x-request-id'])
})

t.test('metrics are exposed for Prometheus by route template', async (t) => {
  await app.inject({ method: 'GET', url: '/v1/programs/TNG-2025', headers: bearer(keys.admin) })
  const res = await app.inject('/metrics')
  t.equal(res.statusCode, 200)
  t.match(res.body, /http_requests_total\{method="GET",route="\/v1\/programs\/:code",status="404"\} 1/)
})

t.test('Swagger UI and the OpenAPI document are served', async (t) => {
  const docs = await app.inject('/docs/')
  t.equal(docs.statusCode, 200)
  t.match(docs.body, /swagger/i)
  const spec = (await app.inject('/openapi.json')).json()
  t.equal(spec.openapi, '3.1.0')
  t.ok(spec.paths['/v1/programs/{code}'])
  t.same(spec.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', description: 'An API key.' })
})

t.test('the first start of an empty embedded database seeds TNG-2025 and demo workers; a second start adds nothing', async (t) => {
  const db = await openTestDatabase(t)
  const config = testConfig({ seedDemo: true, bootstrapAdminKey: 'demo-admin-key-0123456789' })
  if (db.engine !== 'pglite') {
    // the demo seed is for the embedded database only: a real PostgreSQL is never written to uninvited
    const app = await buildApp(config, { db })
    t.teardown(() => app.close())
    const res = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer('demo-admin-key-0123456789') })
    t.same(res.json().items, [])
    return
  }
  const first = await buildApp(config, { db })
  await first.close()
  const app = await buildApp(config, { db })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/v1/programs/TNG-2025', headers: bearer('demo-admin-key-0123456789') })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { quota: 5952, budget: 999_936_000, startMonth: '2025-03', endMonth: '2025-12' })
  const all = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer('demo-admin-key-0123456789') })
  t.equal(all.json().items.length, 1)
  const workers = await app.inject({ method: 'GET', url: '/v1/workers?limit=500', headers: bearer('demo-admin-key-0123456789') })
  t.equal(workers.json().items.length, 500, 'and synthetic workers to look at')
  const tahap = await app.inject({ method: 'GET', url: '/v1/claims/disbursements?tahap=2025-I', headers: bearer('demo-admin-key-0123456789') })
  t.match(tahap.json(), { tahap: '2025-I', count: 98, total: 294_000_000 }, 'and the santunan tahap 2025-I as reported: 98 families, Rp294,000,000')
})

t.test('an embedded database in a data folder survives a restart', async (t) => {
  const dir = t.testdir({})
  const config = testConfig({ databaseUrl: undefined, dataDir: dir, bootstrapAdminKey: 'persisted-admin-key-0123' })
  const first = await buildApp(config)
  await first.inject({ method: 'POST', url: '/v1/programs', headers: bearer('persisted-admin-key-0123'), payload: programInput({ code: 'KEPT' }) })
  await first.close()
  const second = await buildApp(config)
  t.teardown(() => second.close())
  t.equal((await second.inject({ method: 'GET', url: '/v1/programs/KEPT', headers: bearer('persisted-admin-key-0123') })).statusCode, 200)
  t.equal(second.dbHandle.engine, 'pglite', 'the embedded engine, in its data folder')
})

t.test('logs carry request ids and never a NIK, an API key or a database value', async (t) => {
  const lines: string[] = []
  const logApp = await buildApp(testConfig({ logLevel: 'info' }), { db: sharedDb, logStream: { write: (l) => { lines.push(l) } } })
  t.teardown(() => logApp.close())
  logApp.post('/leak', { config: { auth: 'public' } }, async () => {
    throw Object.assign(new Error('duplicate key value violates unique constraint "workers_nik_unique"'), {
      code: '23503',
      detail: 'Key (nik)=(3671014507900001) is not present in table "workers".',
    })
  })
  const res = await logApp.inject({ method: 'POST', url: '/leak?x=1', headers: { ...bearer(keys.admin), 'x-request-id': 'log-test-1' }, payload: { nik: '3671014507900001' } })
  t.equal(res.statusCode, 500)
  const log = lines.join('')
  t.match(log, `"reqId":"${res.headers['x-request-id']}"`, 'lines name the server’s request id')
  t.match(log, /"clientRequestId":"log-test-1"/, 'and the caller’s X-Request-Id beside it')
  t.notMatch(log, /"reqId":"log-test-1"/, 'which is never the request id')
  t.notOk(log.includes('3671014507900001'), 'no NIK in any log line')
  t.notOk(log.includes(keys.admin), 'no API key in any log line')
  t.notOk(log.includes('x=1'), 'no query string in any log line')
})

t.test('shutting down lets an in-flight request finish', async (t) => {
  const db = await openTestDatabase(t)
  const slowApp = await buildApp(testConfig(), { db })
  const { port, inHandler, release } = await listenWithSlowRoute(slowApp)
  const inFlight = fetch(`http://127.0.0.1:${port}/slow`)
  await inHandler // the request is being served
  const closing = slowApp.close()
  // Event-loop turns, not a timer: the server stops listening as soon as close begins.
  while (slowApp.server.listening) await new Promise((resolve) => setImmediate(resolve))
  await t.rejects(fetch(`http://127.0.0.1:${port}/slow`), 'no new connection while the in-flight request drains')
  release()
  const res = await inFlight
  t.equal(res.status, 200)
  t.same(await res.json(), { done: true })
  await closing
})
