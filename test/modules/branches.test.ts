import { randomUUID } from 'node:crypto'
import t from 'tap'
import { csvRow } from '../../src/lib/csv.js'
import { bearer, buildTestApp, onPostgres } from '../helpers/app.js'
import { workerInput } from '../helpers/fixtures.js'
import { budgetFor, createProgram, createWorkers } from '../helpers/setup.js'

// A high rate limit: the concurrency test polls the feed as fast as a client may.
const { app, keys } = await buildTestApp(t, { rateLimitPerMinute: 1_000_000 })
const admin = bearer(keys.admin)
const operator = bearer(keys.operator)
const cimone = bearer(keys.cimone)

type FeedItem = { changeId: number; action: string; enrolmentId: string; nik: string; name: string; status: string; kpjNumber: string | null }

/** Reads a branch's feed from a cursor to its end, as an integrator would. */
async function drain (branch: string, key: string, since?: string, limit = 500): Promise<{ items: FeedItem[]; cursor: string | undefined }> {
  const items: FeedItem[] = []
  let cursor = since
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/v1/branches/${branch}/enrolments?limit=${limit}${cursor ? `&since=${cursor}` : ''}`, headers: bearer(key) })
    if (res.statusCode !== 200) throw new Error(res.body)
    const page = res.json()
    cursor = page.nextCursor
    if (page.items.length === 0) return { items, cursor }
    items.push(...page.items)
  }
}

async function enrolAll (code: string, workerIds: string[]) {
  const res = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: { ...operator, 'idempotency-key': randomUUID() }, payload: { programCode: code, workerIds } })
  return res.json().results.map((r: { enrolment?: { id: string } }) => r.enrolment?.id as string)
}

// One programme for this file, all of it served by Cimone; the feed is read from its current end in each test.
const code = await createProgram(app, keys.admin)
const start = await drain('CIMONE', keys.cimone)

t.test('the feed lists each new enrolment once, oldest first, with what the branch needs to register it', async (t) => {
  const ids = await createWorkers(app, keys.operator, 3)
  const enrolmentIds = await enrolAll(code, ids)
  const page1 = await app.inject({ method: 'GET', url: `/v1/branches/CIMONE/enrolments?limit=2&since=${start.cursor}`, headers: cimone })
  t.equal(page1.statusCode, 200)
  const p1 = page1.json()
  t.equal(p1.items.length, 2)
  const rest = await drain('CIMONE', keys.cimone, p1.nextCursor, 2)
  const all = [...p1.items, ...rest.items] as FeedItem[]
  t.same(all.map((i) => i.enrolmentId), enrolmentIds, 'each enrolment once, in order')
  t.ok(all.every((i) => i.action === 'ADD' && i.status === 'PENDING'))
  t.match(all[0], { nik: /^\d{16}$/, name: String, birthDate: '1990-07-05', sex: 'F', occupation: 'PEDAGANG_KECIL', startMonth: '2025-03', endMonth: null })
  t.ok(all.every((item, i) => i === 0 || item.changeId > all[i - 1]!.changeId), 'change ids increase')
  const again = await app.inject({ method: 'GET', url: `/v1/branches/CIMONE/enrolments?since=${rest.cursor}`, headers: cimone })
  t.same(again.json().items, [], 'nothing new: empty, and the cursor stays usable')
  t.equal(again.json().nextCursor, rest.cursor)
  start.cursor = rest.cursor
})

t.test('another branch’s feed is 404 to a branch key, and every read is audited', async (t) => {
  t.equal((await app.inject({ method: 'GET', url: '/v1/branches/CIMONE/enrolments', headers: bearer(keys.cikokol) })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/v1/branches/CIMONE/enrolments', headers: bearer(keys.auditor) })).statusCode, 200, 'an auditor reads any')
  t.equal((await app.inject({ method: 'GET', url: '/v1/branches/NOWHERE/enrolments', headers: admin })).statusCode, 400)
  const audit = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=branch&entityId=CIMONE&limit=500', headers: admin })
  t.ok(audit.json().items.some((e: { action: string; actor: { role: string } }) => e.action === 'branch-feed.read' && e.actor.role === 'auditor'))
})

t.test('the CSV feed is spreadsheet-safe: BOM, CRLF, RFC 4180 quoting, NIK as digits, formulas escaped', async (t) => {
  const names = ['=HYPERLINK("http://evil")', 'Siti, Aminah', 'Budi "Ojek" Santoso', '+628123', '@SUM(A1)', '-5']
  const ids: string[] = []
  const niks: string[] = []
  for (const name of names) {
    const input = workerInput({ name })
    const res = await app.inject({ method: 'POST', url: '/v1/workers', headers: operator, payload: input })
    t.equal(res.statusCode, 201, { body: res.body })
    ids.push(res.json().id)
    niks.push(input.nik)
  }
  await enrolAll(code, ids)
  const res = await app.inject({ method: 'GET', url: `/v1/branches/CIMONE/enrolments?since=${start.cursor}`, headers: { ...cimone, accept: 'text/csv' } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/)
  t.ok(res.headers['x-next-cursor'], 'the resume cursor comes in a header')
  const body = res.body
  t.ok(body.startsWith('\uFEFFchangeId,action,enrolmentId,nik,name,'), 'BOM then the header row')
  t.ok(body.endsWith('\r\n'))
  t.notOk(/[^\r]\n/.test(body), 'every line ends with CRLF')
  const lines = body.slice(1).split('\r\n').filter(Boolean)
  t.equal(lines.length, 1 + names.length)
  t.match(lines[1], ',"\'=HYPERLINK(""http://evil"")",')
  t.match(lines[2], ',"Siti, Aminah",')
  t.match(lines[3], ',"Budi ""Ojek"" Santoso",')
  t.match(lines[4], ',\'+628123,')
  t.match(lines[5], ',\'@SUM(A1),')
  t.match(lines[6], ',\'-5,')
  for (const [i, nik] of niks.entries()) t.match(lines[i + 1], `,${nik},`, 'NIK as its plain 16 digits')
  const after = await app.inject({ method: 'GET', url: `/v1/branches/CIMONE/enrolments?since=${res.headers['x-next-cursor']}`, headers: cimone })
  t.same(after.json().items, [], 'the CSV cursor resumes after the last row')
  start.cursor = String(res.headers['x-next-cursor'])
})

t.test('the CSV feed is, byte for byte, the JSON feed of the same range through csvRow (for the branch and masked for others)', async (t) => {
  const people = [
    { name: '=cmd|x', address: 'Jl. Melati\nRT 01, "Blok A"' },
    { name: 'Dewi', address: '-Gang 3', phone: '+6281234567890' },
    { name: 'Rudi, "Ojek"', address: '@home' },
  ]
  const ids: string[] = []
  for (const p of people) ids.push((await app.inject({ method: 'POST', url: '/v1/workers', headers: operator, payload: workerInput(p) })).json().id)
  await enrolAll(code, ids)
  for (const [who, key] of [['the branch', keys.cimone], ['the auditor', keys.auditor]] as const) {
    const json = await drain('CIMONE', key, start.cursor)
    const csv = await app.inject({ method: 'GET', url: `/v1/branches/CIMONE/enrolments?since=${start.cursor}`, headers: { ...bearer(key), accept: 'text/csv' } })
    const columns = ['changeId', 'action', 'enrolmentId', 'nik', 'name', 'birthDate', 'sex', 'address', 'occupation', 'phone', 'startMonth', 'endMonth', 'status', 'kpjNumber'] as const
    const expected = '\uFEFF' + csvRow(columns) + json.items.map((i) => csvRow(columns.map((c) => (i as Record<string, string | number | null>)[c]))).join('')
    t.equal(csv.body, expected, who)
  }
  start.cursor = (await drain('CIMONE', keys.cimone, start.cursor)).cursor
})

t.test('confirmations: REGISTERED makes ACTIVE with the KPJ; REJECTED releases the place and money; the same list twice changes nothing', async (t) => {
  const small = await createProgram(app, keys.admin, { budget: budgetFor(2) })
  const ids = await createWorkers(app, keys.operator, 2)
  const [e1, e2] = await enrolAll(small, ids)
  const list = [
    { enrolmentId: e1, outcome: 'REGISTERED', kpjNumber: '25031234567' },
    { enrolmentId: e2, outcome: 'REJECTED', reason: 'NIK not found in Dukcapil' },
    { enrolmentId: '00000000-0000-4000-8000-000000000009', outcome: 'REGISTERED', kpjNumber: '25031234568' },
    { enrolmentId: e1, outcome: 'REGISTERED' },
  ]
  const first = await app.inject({ method: 'POST', url: '/v1/branches/CIMONE/confirmations', headers: cimone, payload: list })
  t.equal(first.statusCode, 200, { body: first.body })
  t.same(first.json().results.map((r: { result: string; status: string | null }) => [r.result, r.status]), [
    ['APPLIED', 'ACTIVE'],
    ['APPLIED', 'REJECTED'],
    ['REFUSED', null],
    ['REFUSED', 'ACTIVE'],
  ])
  const e1now = (await app.inject({ method: 'GET', url: `/v1/enrolments/${e1}`, headers: admin })).json()
  t.match(e1now, { status: 'ACTIVE', kpjNumber: '25031234567' })
  const e2now = (await app.inject({ method: 'GET', url: `/v1/enrolments/${e2}`, headers: admin })).json()
  t.match(e2now, { status: 'REJECTED', rejectionReason: 'NIK not found in Dukcapil', reservedAmount: 0 })
  const budget = (await app.inject({ method: 'GET', url: `/v1/programs/${small}/budget`, headers: admin })).json()
  t.equal(budget.reserved, 168_000, 'the rejected enrolment’s reservation went back')
  t.equal((await app.inject({ method: 'GET', url: `/v1/programs/${small}`, headers: admin })).json().enrolledCount, 1)

  const second = await app.inject({ method: 'POST', url: '/v1/branches/CIMONE/confirmations', headers: cimone, payload: list.slice(0, 2) })
  t.same(second.json().results.map((r: { result: string }) => r.result), ['UNCHANGED', 'UNCHANGED'])
  t.same([second.json().applied, second.json().unchanged], [0, 2])
  t.equal((await app.inject({ method: 'GET', url: `/v1/programs/${small}/budget`, headers: admin })).json().reserved, 168_000, 'nothing released twice')

  const otherKpj = await app.inject({ method: 'POST', url: '/v1/branches/CIMONE/confirmations', headers: cimone, payload: [{ enrolmentId: e1, outcome: 'REGISTERED', kpjNumber: '99999999999' }] })
  t.equal(otherKpj.json().results[0].result, 'REFUSED', 'a different KPJ for a registered worker is refused')

  const feed = await drain('CIMONE', keys.cimone, start.cursor)
  t.same(feed.items.filter((i) => i.action === 'UPDATE').map((i) => i.enrolmentId).sort(), [e1, e2].sort(), 'each status change reaches the feed once')
  start.cursor = feed.cursor
})

t.test('a branch cannot confirm another branch’s enrolments', async (t) => {
  const ids = await createWorkers(app, keys.operator, 1)
  const [e1] = await enrolAll(code, ids)
  const viaOther = await app.inject({ method: 'POST', url: '/v1/branches/CIKOKOL/confirmations', headers: bearer(keys.cikokol), payload: [{ enrolmentId: e1, outcome: 'REGISTERED', kpjNumber: '25031234569' }] })
  t.equal(viaOther.statusCode, 200)
  t.match(viaOther.json().results[0], { result: 'REFUSED', status: null, detail: /not found for branch CIKOKOL/ })
  const intoOther = await app.inject({ method: 'POST', url: '/v1/branches/CIMONE/confirmations', headers: bearer(keys.cikokol), payload: [{ enrolmentId: e1, outcome: 'REGISTERED', kpjNumber: '25031234569' }] })
  t.equal(intoOther.statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: `/v1/enrolments/${e1}`, headers: admin })).json().status, 'PENDING')
})

t.test(`the feed misses no change committed while a client pages${onPostgres() ? ' (PostgreSQL, concurrent writers)' : ''}`, async (t) => {
  const writers = 6
  const perWriter = 5
  const workerIds = await createWorkers(app, keys.operator, writers * perWriter)
  // a programme per writer: nothing serialises them but the branch feed itself
  const programs = await Promise.all(Array.from({ length: writers }, () => createProgram(app, keys.admin)))
  const seen: FeedItem[] = []
  let cursor = (await drain('CIMONE', keys.cimone, start.cursor)).cursor
  let writing = true
  const reader = (async () => {
    // eslint-disable-next-line no-unmodified-loop-condition -- the writers below clear it while this loop awaits
    while (writing) {
      const page = await drain('CIMONE', keys.cimone, cursor, 3)
      seen.push(...page.items)
      cursor = page.cursor
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  })()
  const created = (
    await Promise.all(
      Array.from({ length: writers }, (_, w) => enrolAll(programs[w]!, workerIds.slice(w * perWriter, (w + 1) * perWriter)))
    )
  ).flat()
  writing = false
  await reader
  const tail = await drain('CIMONE', keys.cimone, cursor)
  seen.push(...tail.items)
  const adds = seen.filter((i) => i.action === 'ADD').map((i) => i.enrolmentId)
  t.equal(new Set(adds).size, adds.length, 'no change seen twice')
  t.same([...adds].sort(), [...created].sort(), 'every change seen')
  t.ok(seen.every((item, i) => i === 0 || item.changeId === seen[i - 1]!.changeId + 1), 'change ids without holes')
})

t.test('a change to an enrolled worker’s data reaches the branch as an UPDATE, by PATCH or by import', async (t) => {
  const patched = workerInput()
  const imported = workerInput()
  const ids: string[] = []
  for (const w of [patched, imported]) ids.push((await app.inject({ method: 'POST', url: '/v1/workers', headers: operator, payload: w })).json().id)
  const enrolmentIds = await enrolAll(code, ids)
  const from = (await drain('CIMONE', keys.cimone, start.cursor)).cursor

  const current = await app.inject({ method: 'GET', url: `/v1/workers/${ids[0]}`, headers: operator })
  const patch = await app.inject({
    method: 'PATCH',
    url: `/v1/workers/${ids[0]}`,
    headers: { ...operator, 'if-match': String(current.headers.etag) },
    payload: { address: 'Jl. Baru No. 1, RT 003/RW 004' },
  })
  t.equal(patch.statusCode, 200, { body: patch.body })
  const reimport = await app.inject({ method: 'POST', url: '/v1/workers/import', headers: operator, payload: [{ ...imported, phone: '089900001111' }] as never })
  t.equal(reimport.json().updated, 1, { body: reimport.body })
  const unchanged = await app.inject({ method: 'POST', url: '/v1/workers/import', headers: operator, payload: [{ ...imported, phone: '089900001111' }] as never })
  t.equal(unchanged.json().unchanged, 1)

  const feed = await drain('CIMONE', keys.cimone, from)
  const updates = feed.items.filter((i) => i.action === 'UPDATE')
  t.same(updates.map((i) => i.enrolmentId), enrolmentIds, 'one UPDATE each, none for the unchanged re-import')
  t.match(updates[0], { address: 'Jl. Baru No. 1, RT 003/RW 004' })
  start.cursor = feed.cursor
})
