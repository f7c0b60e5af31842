import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import t from 'tap'
import { bearer, buildTestApp } from '../helpers/app.js'
import { programInput, workerInput } from '../helpers/fixtures.js'

/**
 * Limits that hold about input (issue 9): each test sends the attack and asserts what a caller sees, a 400 or
 * 412 problem that is small, and never a 500, a stack overflow or a server busy for minutes.
 */
const { app, keys } = await buildTestApp(t)

type Json = Record<string, any>
const COLUMNS = ['nik', 'kkNumber', 'name', 'birthDate', 'sex', 'address', 'kecamatanCode', 'kelurahan', 'phone', 'occupation', 'disability', 'desil', 'desilSource', 'desilPeriod'] as const
const HEADER = COLUMNS.join(',')
const csvLine = (w: Json) => COLUMNS.map((c) => (w[c] === undefined || w[c] === null ? '' : `"${String(w[c]).replace(/"/g, '""')}"`)).join(',')

const NUL = '\u0000'
const isProblem = (res: { statusCode: number; headers: Json }, status: number) =>
  res.statusCode === status && String(res.headers['content-type']).startsWith('application/problem+json')

async function importCsv (payload: string | Readable) {
  return app.inject({ method: 'POST', url: '/v1/workers/import', headers: { ...bearer(keys.operator), 'content-type': 'text/csv' }, payload })
}
async function importJson (rows: unknown) {
  return app.inject({ method: 'POST', url: '/v1/workers/import', headers: bearer(keys.operator), payload: rows as Json })
}
async function search (nik: string) {
  const res = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: bearer(keys.operator), payload: { nik } })
  return res.statusCode === 200 ? (res.json() as Json) : null
}

/** `total` bytes of `unit` repeated, pulled lazily 64 KiB at a time; `pulled()` says how many the server took. */
function lazyBody (unit: string, total: number) {
  let pulled = 0
  const chunk = unit.repeat(Math.ceil(65_536 / unit.length)).slice(0, 65_536)
  const stream = Readable.from(
    (function * () {
      while (pulled < total) {
        pulled += chunk.length
        yield chunk
      }
    })()
  )
  return { stream, pulled: () => pulled }
}

/** Deterministic bytes of every value (newlines, quotes, NULs and broken UTF-8 among them). */
function garbage (n: number): Buffer {
  const out = Buffer.alloc(n)
  let x = 12345
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    out[i] = x >> 16
  }
  return out
}

// ---- 1. The CSV import cannot tie up the server ----------------------------------------------------------------

t.test('a 66 MB CSV body without a line end is refused after a few kilobytes, with a small 400', async (t) => {
  const body = lazyBody('a,', 66 * 1024 * 1024)
  const res = await importCsv(body.stream)
  t.ok(isProblem(res, 400), `${res.statusCode} ${res.body.slice(0, 300)}`)
  t.match(res.json(), { detail: /header line is longer than 2,000 characters/, errors: [{ path: 'body' }] })
  t.ok(res.body.length < 1024, `reply of ${res.body.length} bytes`)
  t.ok(body.pulled() < 1024 * 1024, `the server took ${body.pulled()} bytes of 66 MiB before answering`)
})

t.test('a body of garbage gets a small 400, not a reply of every column or row it seems to hold', async (t) => {
  // random bytes; and random bytes without quotes or line ends, which read as one header of thousands of columns
  const flat = garbage(2_000_000).map((b) => (b === 0x22 || b === 0x0a || b === 0x0d ? 0x2c : b))
  for (const [what, payload] of [['100 KB', garbage(100_000)], ['2 MB', garbage(2_000_000)], ['2 MB on one line', flat]] as const) {
    const res = await app.inject({ method: 'POST', url: '/v1/workers/import', headers: { ...bearer(keys.operator), 'content-type': 'text/csv' }, payload })
    t.ok(isProblem(res, 400), `${what}: ${res.statusCode}`)
    t.ok(res.body.length < 8 * 1024, `${what} of garbage: a reply of ${res.body.length} bytes`)
  }
})

t.test('5,000 rows of garbage under a good header: a report of the first 1,000, not of every error of every row', async (t) => {
  // letters only: every row has its 14 fields, and nearly every field is wrong (12 errors a row)
  const junk = garbage(5_000 * 14 * 8).toString('latin1').replace(/[^a-z]/gi, 'q')
  const rows = Array.from({ length: 5_000 }, (_, r) => Array.from({ length: 14 }, (_, f) => junk.slice((r * 14 + f) * 8, (r * 14 + f + 1) * 8)).join(','))
  const res = await importCsv(`${HEADER}\r\n${rows.join('\r\n')}\r\n`)
  t.equal(res.statusCode, 200)
  t.match(res.json(), { received: 5_000, rejectedCount: 5_000, rejectedTruncated: true })
  t.ok(res.body.length < 1_500_000, `reply of ${res.body.length} bytes (every row listed would be some 6.5 MB)`)
})

t.test('a header of a million columns is refused by its length; 65 short columns by their number', async (t) => {
  const wide = await importCsv(`${'nik,'.repeat(1_000_000)}\r\n`)
  t.ok(isProblem(wide, 400))
  t.ok(wide.body.length < 1024, `reply of ${wide.body.length} bytes`)
  const many = await importCsv(`${HEADER},${Array.from({ length: 51 }, (_, i) => `x${i}`).join(',')}\r\n`)
  t.ok(isProblem(many, 400))
  t.match(many.json(), { detail: /line 1: a record has more than 64 fields/, errors: [{ path: 'body', message: /more than 64 fields/ }] })
})

t.test('a data row with too many fields or a field over 1,000 characters refuses the file, naming the line', async (t) => {
  const w = workerInput()
  const wideRow = await importCsv(`${HEADER}\r\n${csvLine(w)}\r\n${'x,'.repeat(100)}x\r\n`)
  t.match(wideRow.json(), { status: 400, detail: /line 3: a record has more than 64 fields/ })
  const longField = await importCsv(`${HEADER}\r\n${csvLine(w)}\r\n${csvLine({ ...workerInput(), address: 'A'.repeat(1_001) })}\r\n`)
  t.match(longField.json(), { status: 400, detail: /line 3: a field is longer than 1,000 characters/ })
  t.equal(await search(w.nik), null, 'nothing of a refused file is applied')
  const endless = lazyBody('A', 66 * 1024 * 1024)
  const res = await importCsv(Readable.from((async function * () { yield `${HEADER}\r\n${csvLine(w)}\r\n"`; yield * endless.stream })()))
  t.match(res.json(), { status: 400, detail: /line 3: a field is longer than 1,000 characters/ })
  t.ok(endless.pulled() < 1024 * 1024, `an unclosed quote is refused after ${endless.pulled()} bytes, not at the body limit`)
})

t.test('a file of 5,000 bad rows: the report counts them all and lists the first 1,000', async (t) => {
  const good = workerInput()
  const res = await importCsv(`${HEADER}\r\n${'x\r\n'.repeat(5_000)}${csvLine(good)}\r\n`)
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  const report = res.json()
  t.match(report, { received: 5_001, created: 1, rejectedCount: 5_000, rejectedTruncated: true })
  t.equal(report.rejected.length, 1_000)
  t.same(report.rejected[0], { row: 1, errors: [{ path: 'row', message: 'has 1 fields where the header has 14' }], errorCount: 1 })
  t.equal(report.rejected[999].row, 1_000, 'the first ones, in row order')
  t.ok(res.body.length < 128 * 1024, `reply of ${res.body.length} bytes`)
  t.ok(await search(good.nik), 'the good row after them is applied')

  const few = (await importCsv(`${HEADER}\r\nx\r\n`)).json()
  t.match(few, { rejectedCount: 1, rejectedTruncated: false })
})

t.test('a JSON row with ten thousand unknown fields lists twenty errors and counts them all, NIKs masked', async (t) => {
  const row: Json = { ...workerInput() }
  for (let i = 0; i < 10_000; i++) row[`extra${i}`] = i
  row['3671014507900001'] = 'a key that is a NIK'
  row[`long${'k'.repeat(100_000)}`] = 1
  const res = await importJson([row])
  t.equal(res.statusCode, 200)
  const [rejected] = res.json().rejected
  t.equal(rejected.errors.length, 20)
  t.equal(rejected.errorCount, 10_002)
  t.ok(res.body.length < 8 * 1024, `reply of ${res.body.length} bytes`)
  const all = await importJson([{ ...workerInput(), 3671014507900001: 1, [`long${'k'.repeat(100_000)}`]: 1 }])
  const paths = all.json().rejected[0].errors.map((e: Json) => e.path) as string[]
  t.notOk(all.body.includes('3671014507900001'), 'a NIK sent as a key is not echoed')
  t.ok(paths.some((p) => p.startsWith('3671••••••••0001')), JSON.stringify(paths).slice(0, 200))
  t.ok(paths.every((p) => p.length <= 101), 'a long key is cut short')
})

// ---- 2. A NUL byte is a 400 on its field or row, never a 500 ----------------------------------------------------

t.test('an import with a NUL in one row rejects that row and applies the others, as CSV and as JSON', async (t) => {
  const good = workerInput()
  const bad = workerInput({ name: `Siti${NUL}Aminah` })
  const csv = await importCsv(`${HEADER}\r\n${csvLine(good)}\r\n${csvLine(bad)}\r\n`)
  t.equal(csv.statusCode, 200, { body: csv.body })
  t.match(csv.json(), { created: 1, rejectedCount: 1, rejected: [{ row: 2, errors: [{ path: 'name', message: /NUL/ }] }] })
  t.ok(await search(good.nik))
  t.equal(await search(bad.nik), null)

  const good2 = workerInput()
  const json = await importJson([{ ...workerInput(), address: `Jl. Melati${NUL}` }, good2, { ...workerInput(), kelurahan: NUL }])
  t.equal(json.statusCode, 200, { body: json.body })
  t.match(json.json(), { created: 1, rejectedCount: 2, rejected: [{ row: 1, errors: [{ path: 'address' }] }, { row: 3, errors: [{ path: 'kelurahan' }] }] })
  t.ok(await search(good2.nik))
})

t.test('a NUL in a body field is a 400 naming the field: create, patch, search, programme, API key, confirmation', async (t) => {
  const create = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: workerInput({ name: `Budi${NUL}` }) })
  t.ok(isProblem(create, 400), { body: create.body })
  t.match(create.json().errors, [{ path: 'name', message: 'must not contain a NUL character (\\u0000)' }])

  const created = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: workerInput() })
  const patch = await app.inject({
    method: 'PATCH',
    url: `/v1/workers/${created.json().id}`,
    headers: { ...bearer(keys.operator), 'if-match': created.headers.etag as string },
    payload: { address: `Jl. Kenanga${NUL}12` },
  })
  t.ok(isProblem(patch, 400), { body: patch.body })
  t.match(patch.json().errors, [{ path: 'address', message: /NUL/ }])

  const search = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: bearer(keys.operator), payload: { nik: `367101450790000${NUL}` } })
  t.ok(isProblem(search, 400))
  t.equal(search.json().errors[0].path, 'nik')

  const program = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code: 'NUL-1', name: `Program${NUL}` }) })
  t.ok(isProblem(program, 400), { body: program.body })
  t.match(program.json().errors, [{ path: 'name', message: /NUL/ }])

  const apiKey = await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: `key${NUL}`, role: 'auditor' } })
  t.ok(isProblem(apiKey, 400), { body: apiKey.body })
  t.match(apiKey.json().errors, [{ path: 'name', message: /NUL/ }])

  const confirmation = await app.inject({
    method: 'POST',
    url: '/v1/branches/CIMONE/confirmations',
    headers: bearer(keys.cimone),
    payload: [{ enrolmentId: randomUUID(), outcome: 'REJECTED', reason: `tidak${NUL}` }],
  })
  t.ok(isProblem(confirmation, 400), { body: confirmation.body })
  t.match(confirmation.json().errors, [{ path: '0.reason', message: /NUL/ }])
})

t.test('a NUL in a query parameter or inside a cursor is a 400 naming the parameter', async (t) => {
  const get = (url: string, key = keys.admin) => app.inject({ method: 'GET', url, headers: bearer(key) })
  const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url')

  const audit = await get('/v1/audit-events?entityType=worker%00')
  t.ok(isProblem(audit, 400), { body: audit.body })
  t.equal(audit.json().errors[0].path, 'entityType')
  t.equal((await get('/v1/audit-events?entityId=x%00')).json().errors[0].path, 'entityId')

  for (const url of ['/v1/programs?cursor=%00', '/v1/workers?cursor=ab%00cd', '/v1/api-keys?cursor=%00', '/v1/audit-events?cursor=%00']) {
    const res = await get(url)
    t.ok(isProblem(res, 400), `${url}: ${res.statusCode}`)
    t.equal(res.json().errors[0].path, 'cursor', url)
  }
  // a well-formed cursor whose key holds a NUL: the programme list's key is a string
  const crafted = await get(`/v1/programs?cursor=${cursorOf('TNG\u0000')}`)
  t.ok(isProblem(crafted, 400), { body: crafted.body })
  t.equal(crafted.json().errors[0].path, 'cursor')

  const since = await get('/v1/branches/CIMONE/enrolments?since=%00', keys.cimone)
  t.ok(isProblem(since, 400), { body: since.body })
  t.equal(since.json().errors[0].path, 'since')
})

// ---- 3. A body nested thousands deep is a 400, not a stack overflow ---------------------------------------------

/** JSON text of `depth` arrays and objects around 1, built without recursion (JSON.stringify recurses too). */
const nested = (depth: number): string => {
  let open = ''
  let close = ''
  for (let i = 0; i < depth; i++) {
    open += i % 2 === 0 ? '{"a":' : '['
    close = (i % 2 === 0 ? '}' : ']') + close
  }
  return `${open}1${close}`
}

t.test('a body nested 5,000 levels deep with an Idempotency-Key is a 400 problem', async (t) => {
  const worker = JSON.stringify(workerInput()).slice(0, -1)
  for (const [url, payload] of [
    ['/v1/workers', `${worker},"name":${nested(5_000)}}`],
    ['/v1/workers/import', `[${nested(5_000)}]`],
    ['/v1/programs', nested(5_000)],
  ] as const) {
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(keys.admin), 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      payload,
    })
    t.ok(isProblem(res, 400), `${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    t.match(res.json(), { detail: /more than 32 levels deep/, errors: [{ path: 'body' }] }, url)
  }
  const million = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`
  const res = await app.inject({ method: 'POST', url: '/v1/workers/import', headers: { ...bearer(keys.admin), 'content-type': 'application/json' }, payload: million })
  t.ok(isProblem(res, 400), 'a million levels too')
})

t.test('32 levels pass the depth check; prototype poisoning is still refused', async (t) => {
  const json = { ...bearer(keys.operator), 'content-type': 'application/json' }
  const deep = await app.inject({ method: 'POST', url: '/v1/workers/import', headers: { ...json, 'idempotency-key': randomUUID() }, payload: `[${nested(31)}]` })
  t.equal(deep.statusCode, 200, 'the array is level 1; its row nests 31 more')
  t.match(deep.json(), { rejectedCount: 1 })
  const tooDeep = await app.inject({ method: 'POST', url: '/v1/workers/import', headers: json, payload: `[${nested(32)}]` })
  t.equal(tooDeep.statusCode, 400)

  const poisoned = await app.inject({
    method: 'POST',
    url: '/v1/workers',
    headers: { ...bearer(keys.operator), 'content-type': 'application/json' },
    payload: '{"__proto__": {"isAdmin": true}, "name": "x"}',
  })
  t.ok(isProblem(poisoned, 400), { body: poisoned.body })
  const constructor = await app.inject({
    method: 'POST',
    url: '/v1/workers',
    headers: { ...bearer(keys.operator), 'content-type': 'application/json' },
    payload: '{"constructor": {"prototype": {"isAdmin": true}}}',
  })
  t.ok(isProblem(constructor, 400), { body: constructor.body })
  const malformed = await app.inject({ method: 'POST', url: '/v1/workers', headers: { ...bearer(keys.operator), 'content-type': 'application/json' }, payload: '{"name": ' })
  t.ok(isProblem(malformed, 400), 'malformed JSON is still a 400')
})

// ---- 4. Dates, months, query numbers and ETags --------------------------------------------------------------------

t.test('birth dates and months outside 1900–2100 are a 400 naming the field', async (t) => {
  // the NIK carries only two digits of the year, so these NIKs match their birth dates
  for (const birthDate of ['0001-01-01', '1899-12-31']) {
    const res = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: workerInput({ birthDate }) })
    t.ok(isProblem(res, 400), `${birthDate}: ${res.statusCode}`)
    t.match(res.json().errors, [{ path: 'birthDate', message: 'must be a date from 1900-01-01 to 2100-12-31' }])
  }
  const ok = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: workerInput({ birthDate: '1900-01-01' }) })
  t.equal(ok.statusCode, 201, 'the first day of the range is fine')

  const period = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: workerInput({ desilPeriod: '0001-01' }) })
  t.match(period.json().errors, [{ path: 'desilPeriod', message: 'must be a month from 1900-01 to 2100-12' }])
  const garbled = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: { ...workerInput(), birthDate: '1990-02-30' } })
  t.same(garbled.json().errors, [{ path: 'birthDate', message: 'must be a real date "YYYY-MM-DD"' }], 'one message for a date that is not one')
})

t.test('a programme runs from 1900-01 to 2100-12 and at most 120 months', async (t) => {
  const create = (code: string, startMonth: string, endMonth: string) =>
    app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code, startMonth, endMonth, budget: Number.MAX_SAFE_INTEGER }) })
  const forever = await create('FOREVER', '0001-01', '9999-12')
  t.ok(isProblem(forever, 400))
  t.match(forever.json().errors, [
    { path: 'startMonth', message: 'must be a month from 1900-01 to 2100-12' },
    { path: 'endMonth', message: 'must be a month from 1900-01 to 2100-12' },
  ])
  const long = await create('LONG', '2025-01', '2035-01')
  t.ok(isProblem(long, 400))
  t.same(long.json().errors, [{ path: 'endMonth', message: 'must make a programme of at most 120 months from startMonth 2025-01 (this makes 121)' }])
  t.equal((await create('TEN-YEARS', '2025-01', '2034-12')).statusCode, 201, '120 months is fine')
})

t.test('numbers in query strings are decimal digits only', async (t) => {
  const get = (url: string) => app.inject({ method: 'GET', url, headers: bearer(keys.admin) })
  for (const url of [
    '/v1/programs?limit=1e2',
    '/v1/programs?limit=%205',
    '/v1/programs?limit=0x10',
    '/v1/programs?limit=',
    '/v1/programs?limit=5.0',
    '/v1/programs?limit=-1',
    '/v1/workers?desilMax=1e1',
    '/v1/branches/CIMONE/enrolments?limit=0b11',
    '/v1/calendar/holidays?year=2.027e3',
    '/v1/calendar/working-days?from=2026-01-02&days=',
  ]) {
    const res = await get(url)
    t.ok(isProblem(res, 400), `${url}: ${res.statusCode}`)
    const param = new URL(url, 'http://x').searchParams
    t.ok(res.json().errors.some((e: Json) => param.has(e.path)), `${url} names the parameter: ${JSON.stringify(res.json().errors)}`)
  }
  t.equal((await get('/v1/programs?limit=007')).statusCode, 200, 'leading zeros are still digits')
  t.equal((await get('/v1/calendar/working-days?from=2026-01-02&days=40')).statusCode, 200)
  t.equal((await get('/v1/calendar/holidays?year=2026')).statusCode, 200)
})

t.test('a weak ETag never satisfies If-Match: 412', async (t) => {
  const created = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: workerInput() })
  const etag = created.headers.etag as string
  const patch = (ifMatch: string) =>
    app.inject({ method: 'PATCH', url: `/v1/workers/${created.json().id}`, headers: { ...bearer(keys.operator), 'if-match': ifMatch }, payload: { phone: '081111111111' } })
  const weak = await patch(`W/${etag}`)
  t.ok(isProblem(weak, 412), `${weak.statusCode}`)
  t.ok(isProblem(await patch(`"v9", W/${etag}`), 412), 'nor in a list')
  t.equal((await patch(`"v9", ${etag}`)).statusCode, 200, 'the strong tag in a list matches')
})
