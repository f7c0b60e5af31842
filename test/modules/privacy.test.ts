// Issue 9, personal data: what the log, the branch feed and the audit trail may hold about people.
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { systemContext } from '../../src/lib/context.js'
import { upsertWorkers } from '../../src/modules/workers/workers.repository.js'
import { toUpsertRecord } from '../../src/modules/workers/workers.service.js'
import { maskNik } from '../../src/rules/nik.js'
import { bearer, buildTestApp, openTestDatabase, testConfig } from '../helpers/app.js'
import { workerInput } from '../helpers/fixtures.js'
import { createProgram, createWorkers } from '../helpers/setup.js'

// A 16-digit run that is not the fraction of a number (a responseTime such as 7.8192589999998745 is not a NIK).
const NIK_RUN = /(?<![\d.])\d{16}(?!\d)/
/** The names the fixtures give test workers (test/helpers/fixtures.ts). */
const TEST_NAME = /Pekerja Uji/

type Json = Record<string, any>
type Lines = string[]

/** The app at log level trace on a database of its own, its log lines, and keys. */
async function loggingApp (t: Test) {
  const lines: Lines = []
  const db = await openTestDatabase(t)
  const app = await buildApp(testConfig({ logLevel: 'trace' }), { db, logStream: { write: (l) => { lines.push(l) } } })
  t.teardown(() => app.close())
  const ctx = systemContext('privacy-test')
  const admin = (await app.services.apiKeys.create(ctx, { name: 'privacy admin', role: 'admin' })).key
  const operator = (await app.services.apiKeys.create(ctx, { name: 'privacy operator', role: 'operator' })).key
  return { app, db, lines, admin, operator }
}

/** The whole log must hold no NIK (nor any 16-digit run), no worker's name, no API key; and be JSON lines. */
function assertCleanLog (t: Test, lines: Lines, secrets: { names: string[]; keys: string[] }) {
  const log = lines.join('')
  t.notOk(NIK_RUN.test(log), 'no 16-digit run anywhere in the log', { log })
  t.notOk(TEST_NAME.test(log), 'no test worker’s name', { log })
  for (const name of secrets.names) t.notOk(log.includes(name), 'not this worker’s name either')
  for (const key of secrets.keys) t.notOk(log.includes(key), 'no API key')
  t.ok(lines.every((l) => { try { JSON.parse(l); return true } catch { return false } }), 'every line is still JSON')
}

t.test('a failed import query logs the database error by code only: no NIK, name or address reaches the log', async (t) => {
  const { app, lines, admin, operator } = await loggingApp(t)
  const rows = [workerInput(), workerInput(), workerInput(), workerInput({ address: 'Jl. Mawar\u0000No. 4' })]
  // PostgreSQL refuses U+0000 in text (22021, invalid byte sequence): the statement fails with every row's values in
  // its column arrays as its parameters. The import route refuses a NUL at validation, so the repository is called
  // below it, as a bug would.
  app.post('/test-only/failing-import', { config: { auth: 'public' } }, async () => {
    await upsertWorkers(app.dbHandle.db, rows.map(toUpsertRecord), new Date(), { actorKeyId: randomUUID(), actorRole: 'admin', requestId: 'x', clientRequestId: null, importId: randomUUID() })
    return { unreachable: true }
  })
  const failed = await app.inject({ method: 'POST', url: '/test-only/failing-import' })
  t.equal(failed.statusCode, 500, 'the query failed')
  // the same rows through the API, as a client would send them
  const viaApi = await app.inject({ method: 'POST', url: '/v1/workers/import', headers: bearer(operator), payload: rows as never })
  t.ok(viaApi.statusCode === 200 || viaApi.statusCode >= 400, `the import answered ${viaApi.statusCode}`)

  const errorLines = lines.map((l) => JSON.parse(l) as Json).filter((l) => l.level >= 40 && l.err)
  t.ok(errorLines.length >= 1, 'the failure was logged')
  t.match(errorLines[0]!.err, { type: 'DrizzleQueryError', cause: { code: '22021' } }, 'by its class and SQLSTATE')
  assertCleanLog(t, lines, { names: rows.flatMap((r) => [r.name, r.address, r.nik]), keys: [admin, operator] })
})

t.test('a connection lost during POST /v1/workers/search logs no NIK', async (t) => {
  const { app, db, lines, admin, operator } = await loggingApp(t)
  // the database goes away after the caller is authenticated, under the search's own query
  app.addHook('preHandler', async (req) => {
    if (req.url === '/v1/workers/search') await db.close()
  })
  const [id] = await createWorkers(app, operator, 1)
  const worker = (await app.inject({ method: 'GET', url: `/v1/workers/${id}`, headers: bearer(operator) })).json()
  const res = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: { ...bearer(operator), 'x-request-id': 'lost-1' }, payload: { nik: worker.nik } })
  t.ok(res.statusCode >= 500, `the search failed (${res.statusCode})`)
  t.notOk(res.body.includes(worker.nik), 'nor does the reply name it')
  const failure = lines.map((l) => JSON.parse(l) as Json).find((l) => l.level >= 40 && l.err)
  t.ok(failure, 'the failure was logged')
  t.match(failure, { reqId: res.headers['x-request-id'], clientRequestId: 'lost-1' }, 'with the server’s request id and the caller’s beside it')
  assertCleanLog(t, lines, { names: [worker.name, worker.address, worker.nik], keys: [admin, operator] })
})

t.test('the branch feed: only the branch’s own key reads the NIK in full, in JSON and in CSV', async (t) => {
  const { app, keys } = await buildTestApp(t)
  const code = await createProgram(app, keys.admin)
  const input = workerInput()
  const id = (await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: input })).json().id
  const enrol = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: { ...bearer(keys.operator), 'idempotency-key': randomUUID() }, payload: { programCode: code, workerIds: [id] } })
  t.equal(enrol.statusCode, 200, 'enrolled', { body: enrol.body })

  const read = (key: string, csv = false) =>
    app.inject({ method: 'GET', url: '/v1/branches/CIMONE/enrolments?limit=500', headers: { ...bearer(key), ...(csv ? { accept: 'text/csv' } : {}) } })
  for (const [role, key] of [['admin', keys.admin], ['operator', keys.operator], ['auditor', keys.auditor]] as const) {
    const json = await read(key)
    t.equal(json.statusCode, 200)
    const item = json.json().items.find((i: Json) => i.name === input.name)
    t.equal(item?.nik, maskNik(input.nik), `${role}: the NIK masked in JSON`)
    t.notOk(NIK_RUN.test(json.body), `${role}: no full NIK anywhere in the JSON page`)
    const csv = await read(key, true)
    t.equal(csv.statusCode, 200)
    t.ok(csv.body.includes(maskNik(input.nik)), `${role}: the NIK masked in CSV`)
    t.notOk(NIK_RUN.test(csv.body), `${role}: no full NIK anywhere in the CSV`)
  }
  const own = await read(keys.cimone)
  t.equal(own.json().items.find((i: Json) => i.name === input.name)?.nik, input.nik, 'the branch reads the NIK it registers the worker with')
  const ownCsv = await read(keys.cimone, true)
  t.ok(ownCsv.body.includes(`,${input.nik},`), 'in CSV too')

  const trail = (await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=branch&entityId=CIMONE&limit=500', headers: bearer(keys.admin) })).json().items as Json[]
  const reads = trail.filter((e) => e.action === 'branch-feed.read')
  t.same(
    reads.map((e) => [e.actor.role, e.after.format, e.after.nikDisclosure]),
    [['admin', 'json', 'masked'], ['admin', 'csv', 'masked'], ['operator', 'json', 'masked'], ['operator', 'csv', 'masked'], ['auditor', 'json', 'masked'], ['auditor', 'csv', 'masked'], ['branch', 'json', 'full'], ['branch', 'csv', 'full']],
    'each read is audited with what it disclosed'
  )
})

t.test('a branch’s reads of workers are audited: who looked at whom, by id, never by NIK', async (t) => {
  const { app, keys } = await buildTestApp(t)
  const code = await createProgram(app, keys.admin)
  const ids = await createWorkers(app, keys.operator, 2)
  const enrol = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: { ...bearer(keys.operator), 'idempotency-key': randomUUID() }, payload: { programCode: code, workerIds: ids } })
  t.equal(enrol.statusCode, 200, 'enrolled', { body: enrol.body })
  const cimone = { ...bearer(keys.cimone), 'x-request-id': 'branch-read-1' }
  const trailOf = async (entityType: string, entityId: string) =>
    (await app.inject({ method: 'GET', url: `/v1/audit-events?entityType=${entityType}&entityId=${entityId}&limit=500`, headers: bearer(keys.auditor) })).json().items as Json[]

  const got = await app.inject({ method: 'GET', url: `/v1/workers/${ids[0]}`, headers: cimone })
  t.equal(got.statusCode, 200)
  const nik = got.json().nik as string
  t.match(await trailOf('worker', ids[0]!), [{}, { action: 'worker.read', actor: { role: 'branch', keyId: String }, entityId: ids[0], after: { via: 'get', branchCode: 'CIMONE' }, requestId: got.headers['x-request-id'], clientRequestId: 'branch-read-1' }])

  const found = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: cimone, payload: { nik } })
  t.equal(found.statusCode, 200)
  t.match((await trailOf('worker', ids[0]!)).at(-1), { action: 'worker.read', actor: { role: 'branch' }, after: { via: 'search' }, requestId: found.headers['x-request-id'] })

  const list = await app.inject({ method: 'GET', url: '/v1/workers?occupation=PEDAGANG_KECIL', headers: cimone })
  t.equal(list.statusCode, 200)
  const listed = list.json().items.map((w: Json) => w.id)
  t.same([...listed].sort(), [...ids].sort(), 'the branch lists its own workers')
  const listReads = (await trailOf('branch', 'CIMONE')).filter((e) => e.action === 'worker-list.read')
  t.match(listReads, [{ actor: { role: 'branch' }, after: { count: 2, workerIds: listed }, requestId: list.headers['x-request-id'] }])
  t.same(listReads[0]?.after.filter, { occupation: 'PEDAGANG_KECIL' }, 'with the filter it used')

  // the same reads by the city's own roles are not branch reads
  await app.inject({ method: 'GET', url: `/v1/workers/${ids[1]}`, headers: bearer(keys.operator) })
  t.same((await trailOf('worker', ids[1]!)).map((e) => e.action), ['worker.created'])

  const all = await app.inject({ method: 'GET', url: '/v1/audit-events?limit=500', headers: bearer(keys.auditor) })
  t.notOk(all.body.includes(nik), 'no NIK in any audit row')
})
