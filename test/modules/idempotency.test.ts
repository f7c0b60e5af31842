import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import Fastify from 'fastify'
import t from 'tap'
import { rowsOf } from '../../src/db/client.js'
import { idempotencyKeys } from '../../src/db/schema.js'
import { runMigrations } from '../../src/db/migrate.js'
import { CreateProgramBody, type CreateProgramInput } from '../../src/modules/programs/programs.schemas.js'
import { authPlugin } from '../../src/plugins/auth.js'
import { idempotencyPlugin, requestHashOf } from '../../src/plugins/idempotency.js'
import { claimKey, pruneExpiredKeys, releaseKey, storeResponse } from '../../src/plugins/idempotency.repository.js'
import { bearer, buildTestApp, onPostgres, openTestDatabase } from '../helpers/app.js'
import { programInput, workerInput } from '../helpers/fixtures.js'

const { app, keys, db } = await buildTestApp(t)

t.test('the same Idempotency-Key with the same body replays the first response', async (t) => {
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'create-tng-2025' }
  const first = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'IDEM-1' }) })
  t.equal(first.statusCode, 201)
  const replay = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'IDEM-1' }) })
  t.equal(replay.statusCode, 201, 'same status, not 409')
  t.equal(replay.body, first.body, 'same body')
  t.equal(replay.headers.etag, first.headers.etag)
  t.equal(replay.headers['idempotent-replayed'], 'true')
  const audit = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=program&entityId=IDEM-1', headers: bearer(keys.admin) })
  t.equal(audit.json().items.length, 1, 'the change happened once')
})

t.test('the same key with a different body is 422', async (t) => {
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'k-1' }
  await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'IDEM-2' }) })
  const other = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'OTHER' }) })
  t.equal(other.statusCode, 422)
  t.equal(other.json().type, 'https://jamsos-rentan.id/problems/idempotency-key-reused')
})

t.test('keys are scoped to the API client', async (t) => {
  const created = await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: 'second admin', role: 'admin' } })
  const secondAdmin = created.json().key
  await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'idempotency-key': 'shared' }, payload: programInput({ code: 'A-1' }) })
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(secondAdmin), 'idempotency-key': 'shared' }, payload: programInput({ code: 'B-1' }) })
  t.equal(res.statusCode, 201, 'another client may use the same key for its own request')
})

t.test('body key order does not make a different request', async (t) => {
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'order', 'content-type': 'application/json' }
  const input = programInput({ code: 'IDEM-3' })
  const reversed = Object.fromEntries(Object.entries(input).reverse())
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: JSON.stringify(input) })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: JSON.stringify(reversed) })).statusCode, 201)
})

// ---- Limits that hold: leases, expiry, required keys ----

const keyIdOf = async (secret: string) => (await app.services.apiKeys.authenticate(secret))!.keyId
const programHash = (input: CreateProgramInput) => requestHashOf('POST', '/v1/programs', CreateProgramBody.parse(input))
const rowOf = async (apiKeyId: string, key: string) =>
  (await db.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key))))[0]

t.test('a claim left by a process that died mid-request can be retried once its lease has run out', async (t) => {
  const input = programInput({ code: 'LEASE-1' })
  const apiKeyId = await keyIdOf(keys.admin)
  // what a crashed process leaves: a claim with no response, its lease run out; its transaction rolled back
  await db.db.insert(idempotencyKeys).values({ apiKeyId, key: 'crashed-1', method: 'POST', path: '/v1/programs', requestHash: programHash(input), createdAt: new Date(Date.now() - 120_000), lockedUntil: new Date(Date.now() - 60_000) })
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'crashed-1' }
  const retry = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: input })
  t.equal(retry.statusCode, 201, { body: retry.body })
  t.notOk(retry.headers['idempotent-replayed'], 'the retry ran the request')
  const again = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: input })
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true', 'and its response is kept for the next retry')
  t.equal(again.body, retry.body)
  t.match(await rowOf(apiKeyId, 'crashed-1'), { statusCode: 201, lockedUntil: null })
})

t.test('a retry after a crash that came after the commit is answered by the rules: the work never runs twice', async (t) => {
  const input = programInput({ code: 'LEASE-2' })
  const apiKeyId = await keyIdOf(keys.admin)
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'crashed-2' }
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: input })).statusCode, 201)
  // the process died after the work committed but before the response was kept
  await db.db.update(idempotencyKeys).set({ statusCode: null, responseBody: null, responseHeaders: null, lockedUntil: new Date(Date.now() - 1000) }).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, 'crashed-2')))
  const retry = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: input })
  t.equal(retry.statusCode, 409)
  t.equal(retry.json().type, 'https://jamsos-rentan.id/problems/program-exists')
  const audit = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=program&entityId=LEASE-2', headers: bearer(keys.admin) })
  t.equal(audit.json().items.length, 1, 'created once')
})

t.test('a claim whose lease has not run out is still in progress: 409 with Retry-After', async (t) => {
  const input = programInput({ code: 'LEASE-3' })
  const apiKeyId = await keyIdOf(keys.admin)
  await db.db.insert(idempotencyKeys).values({ apiKeyId, key: 'running-3', method: 'POST', path: '/v1/programs', requestHash: programHash(input), createdAt: new Date(), lockedUntil: new Date(Date.now() + 30_000) })
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'idempotency-key': 'running-3' }, payload: input })
  t.equal(res.statusCode, 409)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(res.json().type, 'https://jamsos-rentan.id/problems/idempotency-in-progress')
  t.ok(Number(res.headers['retry-after']) >= 1, 'Retry-After')
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs/LEASE-3', headers: bearer(keys.admin) })).statusCode, 404, 'nothing ran')
})

t.test('a lapsed claim is taken over only with the same request: another body is still 422', async (t) => {
  const apiKeyId = await keyIdOf(keys.admin)
  await db.db.insert(idempotencyKeys).values({ apiKeyId, key: 'crashed-4', method: 'POST', path: '/v1/programs', requestHash: programHash(programInput({ code: 'LEASE-4' })), createdAt: new Date(Date.now() - 120_000), lockedUntil: new Date(Date.now() - 60_000) })
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'idempotency-key': 'crashed-4' }, payload: programInput({ code: 'OTHER-4' }) })
  t.equal(res.statusCode, 422)
  t.equal(res.json().type, 'https://jamsos-rentan.id/problems/idempotency-key-reused')
})

t.test('parallel retries of a lapsed claim: one takes it over, the work runs once', { skip: !onPostgres() ? 'concurrency needs PostgreSQL' : false }, async (t) => {
  const input = programInput({ code: 'LEASE-5' })
  const apiKeyId = await keyIdOf(keys.admin)
  await db.db.insert(idempotencyKeys).values({ apiKeyId, key: 'crashed-5', method: 'POST', path: '/v1/programs', requestHash: programHash(input), createdAt: new Date(Date.now() - 120_000), lockedUntil: new Date(Date.now() - 60_000) })
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'crashed-5' }
  const replies = await Promise.all(Array.from({ length: 8 }, () => app.inject({ method: 'POST', url: '/v1/programs', headers, payload: input })))
  const ran = replies.filter((r) => r.statusCode === 201 && !r.headers['idempotent-replayed'])
  t.equal(ran.length, 1, 'exactly one retry ran the request')
  for (const r of replies) {
    if (r.statusCode === 201) continue
    t.equal(r.statusCode, 409)
    t.equal(r.json().type, 'https://jamsos-rentan.id/problems/idempotency-in-progress', 'the others were told it is in progress, never "programme exists"')
  }
})

t.test('a request that outlived its lease cannot store over the answer of the retry that took its claim over', async (t) => {
  const apiKeyId = randomUUID()
  const scope = { apiKeyId, key: 'slow', method: 'POST', path: '/v1/x', requestHash: 'same' }
  const t0 = Date.now()
  const forgetBefore = new Date(t0 - 24 * 3600_000)
  const first = { apiKeyId, key: 'slow', lockedUntil: new Date(t0 + 1000) }
  t.ok(await claimKey(db.db, { ...scope, lockedUntil: first.lockedUntil, at: new Date(t0), forgetBefore }))
  t.notOk(await claimKey(db.db, { ...scope, lockedUntil: new Date(t0 + 1500), at: new Date(t0 + 500), forgetBefore }), 'held while the lease runs')
  const retry = { apiKeyId, key: 'slow', lockedUntil: new Date(t0 + 3000) }
  t.ok(await claimKey(db.db, { ...scope, lockedUntil: retry.lockedUntil, at: new Date(t0 + 2000), forgetBefore }), 'taken over once it lapsed')
  await storeResponse(db.db, retry, { statusCode: 201, body: 'from the retry', headers: {} })
  await storeResponse(db.db, first, { statusCode: 409, body: 'from the slow first run', headers: {} })
  await releaseKey(db.db, first)
  t.match(await rowOf(apiKeyId, 'slow'), { statusCode: 201, responseBody: 'from the retry' })
})

t.test('an Idempotency-Key is kept 24 hours: after that the same key runs as a new request', async (t) => {
  const apiKeyId = await keyIdOf(keys.admin)
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'daily-run' }
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'DAY-1' }) })).statusCode, 201)
  const within = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'DAY-2' }) })
  t.equal(within.statusCode, 422, 'within 24 hours the key is bound to its first request')
  await db.db.update(idempotencyKeys).set({ createdAt: new Date(Date.now() - 24 * 3600_000 - 1000) }).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, 'daily-run')))
  const later = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'DAY-2' }) })
  t.equal(later.statusCode, 201, 'a day later it is forgotten')
  t.notOk(later.headers['idempotent-replayed'])
  t.equal(later.json().code, 'DAY-2')
})

t.test('batch enrolment requires an Idempotency-Key, and a retry replays instead of answering "already enrolled"', async (t) => {
  const operator = bearer(keys.operator)
  const code = 'IDEM-BATCH'
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code }) })).statusCode, 201)
  const worker = await app.inject({ method: 'POST', url: '/v1/workers', headers: operator, payload: workerInput() })
  t.equal(worker.statusCode, 201, { body: worker.body })
  const payload = { programCode: code, startMonth: '2025-06', workerIds: [worker.json().id] }

  const without = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: operator, payload })
  t.equal(without.statusCode, 400)
  t.equal(without.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(without.json(), { type: 'https://jamsos-rentan.id/problems/validation-failed', detail: /Idempotency-Key is required/, errors: [{ path: 'Idempotency-Key', message: 'required' }] })
  t.equal((await app.inject({ method: 'GET', url: `/v1/enrolments?programCode=${code}`, headers: operator })).json().items.length, 0, 'nothing was enrolled')

  const headers = { ...operator, 'idempotency-key': 'batch-1' }
  const first = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers, payload })
  t.equal(first.statusCode, 200, { body: first.body })
  t.equal(first.json().enrolled, 1)
  const retry = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers, payload })
  t.equal(retry.headers['idempotent-replayed'], 'true')
  t.equal(retry.body, first.body, 'the same answer, not "already enrolled"')

  const spec = (await app.inject('/openapi.json')).json()
  const header = spec.paths['/v1/enrolments/batch'].post.parameters.find((p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key')
  t.equal(header?.required, true, 'the OpenAPI document marks the header required for this route')
  const optional = spec.paths['/v1/programs'].post.parameters.find((p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key')
  t.notOk(optional?.required, 'and optional where a retry can be told from the first run')
})

t.test('a large stored reply (compressed with lz4 on PostgreSQL, migration 0015) replays byte for byte', async (t) => {
  const operator = bearer(keys.operator)
  const code = 'IDEM-LZ4'
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code }) })).statusCode, 201)
  const workerIds: string[] = []
  for (let i = 0; i < 30; i++) workerIds.push((await app.inject({ method: 'POST', url: '/v1/workers', headers: operator, payload: workerInput() })).json().id)
  const headers = { ...operator, 'idempotency-key': 'batch-lz4' }
  const payload = { programCode: code, workerIds }
  const first = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers, payload })
  t.equal(first.statusCode, 200, { body: first.body })
  t.ok(first.body.length > 8_000, `a reply past the size PostgreSQL compresses (${first.body.length} bytes)`)
  const retry = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers, payload })
  t.equal(retry.headers['idempotent-replayed'], 'true')
  t.equal(retry.body, first.body, 'the same bytes')
  const [column] = rowsOf<{ compression: string }>(await app.dbHandle.db.execute(sql`
    select attcompression::text as compression from pg_attribute where attrelid = 'idempotency_keys'::regclass and attname = 'response_body'`))
  if (onPostgres()) t.equal(column!.compression, 'l', 'PostgreSQL compresses stored replies with lz4')
  else t.equal(column!.compression, '', 'PGlite, built without lz4, keeps the default')
})

t.test('the prune deletes expired records in one capped statement, and nothing younger', async (t) => {
  const { db: own } = await buildTestApp(t)
  const apiKeyId = randomUUID()
  const at = Date.now()
  const row = (key: string, ageMs: number) => ({ apiKeyId, key, method: 'POST', path: '/v1/x', requestHash: 'h', statusCode: 201, responseBody: '{}', createdAt: new Date(at - ageMs) })
  await own.db.insert(idempotencyKeys).values([row('old-1', 30 * 3600_000), row('old-2', 26 * 3600_000), row('old-3', 25 * 3600_000), row('young', 3600_000)])
  const cutoff = new Date(at - 24 * 3600_000)
  t.equal(await pruneExpiredKeys(own.db, cutoff, 2), 2, 'at most the cap, oldest first')
  t.same((await own.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).orderBy(idempotencyKeys.key)).map((r) => r.key), ['old-3', 'young'])
  t.equal(await pruneExpiredKeys(own.db, cutoff, 2), 1)
  t.equal(await pruneExpiredKeys(own.db, cutoff, 2), 0)
  t.same((await own.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys)).map((r) => r.key), ['young'])
})

t.test('the plugin prunes on a timer that stops when the app closes', async (t) => {
  const own = await openTestDatabase(t)
  await runMigrations(own)
  const apiKeyId = randomUUID()
  await own.db.insert(idempotencyKeys).values({ apiKeyId, key: 'stale', method: 'POST', path: '/v1/x', requestHash: 'h', statusCode: 201, responseBody: '{}', createdAt: new Date(Date.now() - 25 * 3600_000) })
  const bare = Fastify()
  await bare.register(authPlugin, { authenticate: async () => null, routes: [], now: Date.now })
  await bare.register(idempotencyPlugin, { db: own.db, now: Date.now, leaseMs: 60_000, pruneEveryMs: 20 })
  await bare.ready()
  let left = 1
  for (let i = 0; i < 100 && left > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    left = (await own.db.select().from(idempotencyKeys)).length
  }
  t.equal(left, 0, 'the expired record is gone without any request')
  await bare.close()
})
