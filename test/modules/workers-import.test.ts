import t from 'tap'
import { buildNik } from '../../src/rules/nik.js'
import { generateDemoWorkers } from '../../src/seed/workers.js'
import { bearer, buildTestApp } from '../helpers/app.js'
import { workerInput } from '../helpers/fixtures.js'

const { app, keys, db } = await buildTestApp(t)

type Json = Record<string, any>
const COLUMNS = ['nik', 'kkNumber', 'name', 'birthDate', 'sex', 'address', 'kecamatanCode', 'kelurahan', 'phone', 'occupation', 'disability', 'desil', 'desilSource', 'desilPeriod'] as const

function cell (v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
const csvLine = (w: Json) => COLUMNS.map((c) => cell(w[c])).join(',')
const csvOf = (rows: Json[]) => `${COLUMNS.join(',')}\r\n${rows.map(csvLine).join('\r\n')}\r\n`

async function importCsv (body: string, key = keys.operator, extra: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/v1/workers/import', headers: { ...bearer(key), 'content-type': 'text/csv', ...extra }, payload: body })
}
async function importJson (rows: unknown, key = keys.operator) {
  return app.inject({ method: 'POST', url: '/v1/workers/import', headers: bearer(key), payload: rows as Json })
}
async function search (nik: string) {
  const res = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: bearer(keys.operator), payload: { nik } })
  return res.statusCode === 200 ? (res.json() as Json) : null
}

t.test('a mixed CSV: every good row lands, every bad row is reported with its data row number and field errors', async (t) => {
  const good1 = workerInput({ name: 'Siti Aminah', address: 'Jl. Melati No. 5, RT 001/RW 002' })
  const badDesil = workerInput({ desil: 'tujuh' as unknown as number })
  const badNik = { ...workerInput(), nik: '3671019907900001' }
  const good2 = workerInput({ name: 'Budi "Bang Ojek" Santoso', address: 'Gg. Mawar 3\\A,\r\nbelakang masjid', sex: 'M', occupation: 'TUKANG_OJEK', disability: true })
  const good3 = workerInput({ kkNumber: undefined, kelurahan: undefined, phone: undefined })
  const repeat = { ...workerInput(), nik: good1.nik }
  const body =
    `${COLUMNS.join(',')}\r\n` +
    [csvLine(good1), csvLine(badDesil), csvLine(badNik), csvLine(good2), 'only,three,fields', csvLine(repeat), csvLine(good3)].join('\r\n') +
    '\r\n'
  const res = await importCsv(body)
  t.equal(res.statusCode, 200, { body: res.body })
  const report = res.json()
  t.match(report, { importId: /^[0-9a-f-]{36}$/, received: 7, created: 3, updated: 0, unchanged: 0, rejectedCount: 4, rejectedTruncated: false })
  t.same(report.rejected, [
    { row: 2, errors: [{ path: 'desil', message: 'must be a whole number from 1 to 10' }], errorCount: 1 },
    { row: 3, errors: [{ path: 'nik', message: 'NIK birth day 99 is not valid: men have 01–31 and women 41–71 (the day + 40)' }], errorCount: 1 },
    { row: 5, errors: [{ path: 'row', message: 'has 3 fields where the header has 14' }], errorCount: 1 },
    { row: 6, errors: [{ path: 'nik', message: 'repeats the NIK of row 1: a NIK may appear only once in an import' }], errorCount: 1 },
  ])
  t.notOk(res.body.includes(good1.nik), 'the report names rows, never NIKs')

  t.match(await search(good1.nik), { name: 'Siti Aminah', address: 'Jl. Melati No. 5, RT 001/RW 002', desil: 2 })
  t.match(await search(good2.nik), { name: 'Budi "Bang Ojek" Santoso', address: 'Gg. Mawar 3\\A,\r\nbelakang masjid', sex: 'M', disability: true, occupation: 'TUKANG_OJEK' })
  t.match(await search(good3.nik), { kkNumber: null, kelurahan: null, phone: null, disability: false })
  t.equal(await search(badDesil.nik), null, 'a rejected row writes nothing')
})

t.test('the same file twice changes nothing the second time; a changed row counts as updated', async (t) => {
  const rows = [workerInput(), workerInput(), workerInput()]
  const first = (await importCsv(csvOf(rows))).json()
  t.match(first, { received: 3, created: 3, updated: 0, unchanged: 0, rejected: [] })
  const before = await search(rows[0]!.nik)

  const second = (await importCsv(csvOf(rows))).json()
  t.match(second, { received: 3, created: 0, updated: 0, unchanged: 3, rejected: [] })
  const after = await search(rows[0]!.nik)
  t.equal(after!.updatedAt, before!.updatedAt, 'not even rewritten')

  const changed = [{ ...rows[0]!, desil: 1, desilSource: 'DTSEN', desilPeriod: '2025-07' }, rows[1]!, { ...rows[2]!, address: 'Jl. Baru No. 1' }]
  t.match((await importCsv(csvOf(changed))).json(), { received: 3, created: 0, updated: 2, unchanged: 1 })
  const updated = await app.inject({ method: 'GET', url: `/v1/workers/${before!.id}`, headers: bearer(keys.operator) })
  t.match(updated.json(), { id: before!.id, desil: 1, desilSource: 'DTSEN', desilPeriod: '2025-07' })
  t.equal(updated.headers.etag, '"v2"', 'an updated worker gets a new version')
})

t.test('a JSON array imports like CSV: bad elements of any shape are rejected by their position', async (t) => {
  const good = workerInput()
  const rows = [good, 42, { ...workerInput(), colour: 'blue' }, { ...workerInput(), sex: 'X', kecamatanCode: '320101' }, null, workerInput()]
  const res = await importJson(rows)
  t.equal(res.statusCode, 200, { body: res.body })
  const report = res.json()
  t.match(report, { received: 6, created: 2, updated: 0, unchanged: 0 })
  t.same(report.rejected.map((r: Json) => r.row), [2, 3, 4, 5])
  t.same(report.rejected[1].errors, [{ path: 'colour', message: 'unknown field' }])
  t.same(report.rejected[2].errors.map((e: Json) => e.path), ['sex', 'kecamatanCode'])
  t.same(report.rejected[3].errors.length, 1)
  t.ok(await search(good.nik))
  t.match((await importJson([good])).json(), { received: 1, unchanged: 1 }, 'a JSON re-send is unchanged too')
})

t.test('a spreadsheet’s CSV: BOM, semicolons, header names in any case or snake_case, empty cells as absent', async (t) => {
  const w = workerInput({ name: 'Dewi Lestari', address: 'Jl. Kenanga; Blok C', kelurahan: undefined })
  const header = 'NIK;KK_Number;Name;birth_date;sex;address;Kecamatan Code;kelurahan;phone;occupation;disability;desil;desil_source;desil_period'
  const values = COLUMNS.map((c) => (w as Json)[c]).map((v) => (v === undefined || v === null ? '' : String(v)))
  values[5] = `"${values[5]}"`
  values[10] = 'tidak'
  const res = await importCsv(`\ufeff${header}\r\n${values.join(';')}\r\n`)
  t.equal(res.statusCode, 200, { body: res.body })
  t.match(res.json(), { received: 1, created: 1, rejected: [] })
  t.match(await search(w.nik), { name: 'Dewi Lestari', address: 'Jl. Kenanga; Blok C', kelurahan: null, disability: false })
})

t.test('a CSV header that cannot work is 400 before any row is read', async (t) => {
  const unknown = await importCsv('nik,name,shoeSize\r\n1,2,3\r\n')
  t.equal(unknown.statusCode, 400)
  const errors = unknown.json().errors as Json[]
  t.ok(errors.some((e) => e.path === 'header.3' && /unknown column "shoeSize"/.test(e.message)), { errors })
  t.ok(errors.some((e) => e.path === 'header' && /required column birthDate is missing/.test(e.message)))
  const twice = await importCsv(`${COLUMNS.join(',')},nik\r\n`)
  t.equal(twice.statusCode, 400)
  t.match(twice.json().errors, [{ path: 'header.15', message: 'column nik appears twice' }])
  const empty = await importCsv('')
  t.equal(empty.statusCode, 400)
  const w = workerInput()
  const headless = await importCsv(`${csvLine(w)}\r\n`)
  t.equal(headless.statusCode, 400)
  t.match(headless.json().detail, /is the header row missing\?/)
  t.notOk(headless.body.includes(w.nik), 'a NIK read as a column name is not echoed')
})

t.test('a CSV that cannot be read (an unclosed quote) is 400 naming the line', async (t) => {
  const w = workerInput()
  const res = await importCsv(`${COLUMNS.join(',')}\r\n${csvLine(w)}\r\n"${w.nik},unclosed\r\n`)
  t.equal(res.statusCode, 400)
  t.match(res.json(), { type: 'https://jamsos-rentan.id/problems/validation-failed', detail: /line 3: .*never closed/ })
  t.equal(await search(w.nik), null, 'nothing of a file that cannot be read is applied')
})

t.test('a header with no rows is an empty import', async (t) => {
  t.match((await importCsv(`${COLUMNS.join(',')}\r\n`)).json(), { received: 0, created: 0, updated: 0, unchanged: 0, rejected: [] })
  t.match((await importJson([])).json(), { received: 0, created: 0 })
})

t.test('more than 100,000 rows in one request is 400, as JSON or as CSV', async (t) => {
  const res = await importJson(Array.from({ length: 100_001 }, () => ({})))
  t.equal(res.statusCode, 400)
  t.equal(res.json().errors[0].path, 'body')
  const csv = await importCsv(`${COLUMNS.join(',')}\r\n${'x\r\n'.repeat(100_001)}`)
  t.equal(csv.statusCode, 400)
  t.match(csv.json(), { detail: /at most 100000 rows/, errors: [{ path: 'body' }] })
})

t.test('an import never changes wage-earner status or a recorded death', async (t) => {
  const w = workerInput()
  const created = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: { ...w, wageEarner: true } })
  const id = created.json().id
  await app.inject({ method: 'POST', url: `/v1/workers/${id}/death`, headers: bearer(keys.operator), payload: { dateOfDeath: '2025-04-01', cause: 'ILLNESS' } })
  t.match((await importCsv(csvOf([{ ...w, address: 'Alamat baru' }]))).json(), { updated: 1 })
  t.match(await search(w.nik), { address: 'Alamat baru', wageEarner: true, status: 'DECEASED', dateOfDeath: '2025-04-01', deathCause: 'ILLNESS' })
  const withWageEarner = (await importJson([{ ...w, wageEarner: false }])).json()
  t.same(withWageEarner.rejected, [{ row: 1, errors: [{ path: 'wageEarner', message: 'unknown field' }], errorCount: 1 }], 'wageEarner is not an import column')
})

t.test('the audit trail: one worker-import summary per import, one event per worker created or changed, none for unchanged rows', async (t) => {
  const rows = [workerInput(), workerInput()]
  const firstRes = await importCsv(csvOf(rows), keys.admin, { 'x-request-id': 'import-audit-1' })
  const first = firstRes.json()
  const requestId = firstRes.headers['x-request-id']
  const summary = await app.inject({ method: 'GET', url: `/v1/audit-events?entityType=worker-import&entityId=${first.importId}`, headers: bearer(keys.auditor) })
  t.match(summary.json().items, [
    { action: 'worker-import.completed', actor: { role: 'admin' }, requestId, clientRequestId: 'import-audit-1', after: { format: 'csv', received: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 } },
  ])
  const worker = await search(rows[0]!.nik)
  const perWorker = async () =>
    (await app.inject({ method: 'GET', url: `/v1/audit-events?entityType=worker&entityId=${worker!.id}`, headers: bearer(keys.auditor) })).json().items as Json[]
  t.match(await perWorker(), [{ action: 'worker.imported', requestId, clientRequestId: 'import-audit-1', after: { importId: first.importId, outcome: 'created' } }])

  await importCsv(csvOf(rows))
  t.equal((await perWorker()).length, 1, 'an unchanged re-import adds nothing to the worker’s trail')
  const changed = (await importCsv(csvOf([{ ...rows[0]!, phone: '089999999999' }]))).json()
  t.match((await perWorker()).at(-1), { action: 'worker.imported', after: { importId: changed.importId, outcome: 'updated' } })
})

t.test('only admin and operator may import', async (t) => {
  const body = csvOf([workerInput()])
  t.equal((await importCsv(body, keys.auditor)).statusCode, 403)
  t.equal((await importCsv(body, keys.cimone)).statusCode, 403)
})

t.test('a body over the limit is 413 with a clear message, for CSV and for JSON', async (t) => {
  const { app: small, keys: smallKeys } = await buildTestApp(t, { bodyLimitBytes: 2048 }, db)
  const rows = Array.from({ length: 20 }, () => workerInput())
  const csv = await small.inject({ method: 'POST', url: '/v1/workers/import', headers: { ...bearer(smallKeys.operator), 'content-type': 'text/csv' }, payload: csvOf(rows) })
  t.equal(csv.statusCode, 413)
  t.equal(csv.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(csv.json(), { type: 'https://jamsos-rentan.id/problems/payload-too-large', status: 413, detail: /exceeds the limit of 2048 bytes/ })
  const json = await small.inject({ method: 'POST', url: '/v1/workers/import', headers: bearer(smallKeys.operator), payload: rows })
  t.equal(json.statusCode, 413)
  t.equal(await search(rows[0]!.nik), null)
})

t.test('a CSV streamed without a declared length is stopped at the limit too', async (t) => {
  const { app: small, keys: smallKeys } = await buildTestApp(t, { bodyLimitBytes: 4096 }, db)
  const { Readable } = await import('node:stream')
  const lines = [COLUMNS.join(','), ...Array.from({ length: 40 }, () => csvLine(workerInput()))]
  const res = await small.inject({
    method: 'POST',
    url: '/v1/workers/import',
    headers: { ...bearer(smallKeys.operator), 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    payload: Readable.from(lines.map((l) => `${l}\r\n`)),
  })
  t.equal(res.statusCode, 413)
})

t.test('thousands of rows across several upsert batches, with a repeat far from its first row', async (t) => {
  const rows = [...generateDemoWorkers({ count: 12_000, seed: 4242 })] as Json[]
  rows.push({ ...rows[3]!, name: 'Yang Kedua' })
  const res = await importCsv(csvOf(rows))
  t.equal(res.statusCode, 200)
  t.match(res.json(), { received: 12_001, created: 12_000, updated: 0, unchanged: 0, rejected: [{ row: 12_001, errors: [{ path: 'nik', message: /repeats the NIK of row 4/ }] }] })
  t.match(await search(rows[11_999]!.nik), { name: rows[11_999]!.name })
  const again = (await importCsv(csvOf(rows.slice(0, 12_000)))).json()
  t.match(again, { created: 0, updated: 0, unchanged: 12_000 })
})

t.test('two imports at once with shared NIKs finish without deadlock, and count every worker once', async (t) => {
  const shared = Array.from({ length: 300 }, (_, i) => workerInput({ birthDate: '1979-11-23', sex: 'M', nik: buildNik({ kecamatan: '367105', birthDate: '1979-11-23', sex: 'M', serial: i + 1 }) }))
  const a = [...shared.slice(0, 200)].reverse()
  const b = shared.slice(100)
  const [ra, rb] = await Promise.all([importJson(a), importCsv(csvOf(b))])
  t.equal(ra.statusCode, 200)
  t.equal(rb.statusCode, 200)
  const created = ra.json().created + rb.json().created
  const touched = created + ra.json().unchanged + rb.json().unchanged + ra.json().updated + rb.json().updated
  t.equal(created, 300, 'each worker created once')
  t.equal(touched, 400, 'the 100 shared rows are created by one import and found unchanged by the other')
})
