import t from 'tap'
import { buildApp } from '../../src/app.js'
import { buildNik } from '../../src/rules/nik.js'
import { bearer, buildTestApp, testConfig } from '../helpers/app.js'
import { programInput, workerInput } from '../helpers/fixtures.js'

const { app, keys, db } = await buildTestApp(t)

type Json = Record<string, any>
const FULL_NIK = /^\d{16}$/
const MASKED = /^\d{4}•{8}\d{4}$/

async function create (overrides: Json = {}, key = keys.operator) {
  const res = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(key), payload: workerInput(overrides) })
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return { body: res.json() as Json, etag: res.headers.etag as string }
}

async function trail (entityId: string) {
  const res = await app.inject({ method: 'GET', url: `/v1/audit-events?entityType=worker&entityId=${entityId}`, headers: bearer(keys.auditor) })
  return res.json().items as Json[]
}

t.test('registering a worker returns 201 with its id, ETag and Location, and the full NIK to the operator', async (t) => {
  const input = workerInput({ name: 'Siti Aminah', kkNumber: '3671010101100001' })
  const res = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: input })
  t.equal(res.statusCode, 201, { body: res.body })
  const body = res.json()
  t.match(body.id, /^[0-9a-f-]{36}$/)
  t.equal(res.headers.etag, '"v1"')
  t.equal(res.headers.location, `/v1/workers/${body.id}`)
  t.equal(res.headers['cache-control'], 'no-store')
  t.match(body, {
    nik: input.nik,
    kkNumber: '3671010101100001',
    masked: false,
    name: 'Siti Aminah',
    birthDate: '1990-07-05',
    sex: 'F',
    kecamatanCode: '367101',
    kecamatanName: 'Tangerang',
    occupation: 'PEDAGANG_KECIL',
    disability: false,
    desil: 2,
    desilSource: 'DTKS',
    desilPeriod: '2025-01',
    wageEarner: false,
    status: 'ACTIVE',
    dateOfDeath: null,
    deathCause: null,
    possibleDuplicates: [],
  })
})

// Each reason the rules module gives for a NIK, reached through the API: 400 on `nik` with that reason.
const nikFailures: Array<[string, (valid: string) => string, Json, RegExp]> = [
  ['15 digits', (n) => n.slice(0, 15), {}, /must be 16 digits long, got 15 characters/],
  ['17 digits', (n) => `${n}1`, {}, /must be 16 digits long, got 17 characters/],
  ['a letter in it', (n) => `${n.slice(0, 15)}X`, {}, /only the digits 0–9/],
  ['birth day 00', (n) => `${n.slice(0, 6)}00${n.slice(8)}`, {}, /birth day 00 is not valid/],
  ['birth day 35 (neither 01–31 nor 41–71)', (n) => `${n.slice(0, 6)}35${n.slice(8)}`, {}, /birth day 35 is not valid/],
  ['birth month 13', (n) => `${n.slice(0, 8)}13${n.slice(10)}`, {}, /birth month 13 is not valid/],
  ['30 February', (n) => `${n.slice(0, 6)}7002${n.slice(10)}`, {}, /not a real calendar date/],
  ['serial 0000', (n) => `${n.slice(0, 12)}0000`, {}, /serial number 0000 is not valid/],
  ['another birth date than stated', (n) => n, { birthDate: '1991-07-05' }, /does not match the stated birth date 1991-07-05/],
  ['a woman’s day (+40) for a man', (n) => n, { sex: 'M' }, /marks a woman .* stated sex is M/],
]
for (const [what, mutate, stated, reason] of nikFailures) {
  t.test(`a NIK with ${what} is 400 on nik with the rules' reason`, async (t) => {
    const base = workerInput({ birthDate: '1990-07-05', sex: 'F' })
    const nik = mutate(base.nik)
    const res = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: { ...base, ...stated, nik } })
    t.equal(res.statusCode, 400, { body: res.body })
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    const errors = res.json().errors as Array<{ path: string; message: string }>
    t.ok(errors.some((e) => e.path === 'nik' && reason.test(e.message)), { errors })
    t.notOk(res.body.includes(nik), 'the NIK itself is not echoed')
  })
}

t.test('a man’s NIK for a woman is 400 on nik', async (t) => {
  const man = workerInput({ sex: 'M' })
  const res = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: { ...man, sex: 'F' } })
  t.equal(res.statusCode, 400)
  t.match(res.json().errors, [{ path: 'nik', message: /marks a man, but the stated sex is F/ }])
})

const fieldFailures: Array<[string, Json, string]> = [
  ['a kecamatan outside Kota Tangerang', { kecamatanCode: '360101' }, 'kecamatanCode'],
  ['a kecamatan code Kota Tangerang does not have', { kecamatanCode: '367114' }, 'kecamatanCode'],
  ['an occupation not on the list', { occupation: 'ASTRONOT' }, 'occupation'],
  ['desil 0', { desil: 0 }, 'desil'],
  ['desil 11', { desil: 11 }, 'desil'],
  ['a fractional desil', { desil: 2.5 }, 'desil'],
  ['an unknown desil source', { desilSource: 'BPS' }, 'desilSource'],
  ['a malformed desil period', { desilPeriod: '2025-13' }, 'desilPeriod'],
  ['a desil period in the future', { desilPeriod: '2999-01' }, 'desilPeriod'],
  ['a KK number that is not 16 digits', { kkNumber: '12345' }, 'kkNumber'],
  ['a phone number with letters', { phone: '0812-ABC' }, 'phone'],
  ['an empty name', { name: '   ' }, 'name'],
  ['an unknown field', { colour: 'blue' }, 'colour'],
  ['no address', { address: undefined }, 'address'],
]
for (const [what, patch, path] of fieldFailures) {
  t.test(`a worker with ${what} is 400 naming ${path}`, async (t) => {
    const res = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: { ...workerInput(), ...patch } })
    t.equal(res.statusCode, 400, { body: res.body })
    t.ok(res.json().errors.some((e: { path: string }) => e.path === path), { body: res.body })
  })
}

t.test('a birth date in the future is 400 on birthDate even when the NIK agrees', async (t) => {
  const nik = buildNik({ kecamatan: '367101', birthDate: '2090-01-01', sex: 'M', serial: 1 })
  const res = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.operator), payload: workerInput({ nik, birthDate: '2090-01-01', sex: 'M' }) })
  t.equal(res.statusCode, 400)
  t.match(res.json().errors, [{ path: 'birthDate', message: /must not be after today/ }])
})

t.test('a NIK already registered is 409 naming the existing worker, and writes nothing', async (t) => {
  const first = await create()
  const again = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.admin), payload: workerInput({ nik: first.body.nik, name: 'Someone Else' }) })
  t.equal(again.statusCode, 409)
  t.match(again.json(), { type: 'https://jamsos-rentan.id/problems/worker-exists', status: 409, existingWorkerId: first.body.id, id: first.body.id })
  t.notOk(again.body.includes(first.body.nik), 'the NIK is not repeated back')
  const got = await app.inject({ method: 'GET', url: `/v1/workers/${first.body.id}`, headers: bearer(keys.operator) })
  t.equal(got.json().name, first.body.name, 'the existing worker is untouched')
})

t.test('the same name (any case or spacing) and birth date under another NIK is reported as a possible duplicate, not merged', async (t) => {
  const first = await create({ name: 'Ahmad Fauzi', birthDate: '1982-02-14', sex: 'M' })
  const second = await app.inject({
    method: 'POST',
    url: '/v1/workers',
    headers: bearer(keys.operator),
    payload: workerInput({ name: '  ahmad   FAUZI ', birthDate: '1982-02-14', sex: 'M' }),
  })
  t.equal(second.statusCode, 201)
  t.not(second.json().id, first.body.id, 'a new worker')
  t.same(second.json().possibleDuplicates, [{ id: first.body.id, maskedNik: `${first.body.nik.slice(0, 4)}••••••••${first.body.nik.slice(-4)}` }])
  const back = await app.inject({ method: 'GET', url: `/v1/workers/${first.body.id}`, headers: bearer(keys.operator) })
  t.same(back.json().possibleDuplicates.map((d: Json) => d.id), [second.json().id], 'the first now reports the second')
  const other = await create({ name: 'Ahmad Fauzi', birthDate: '1982-02-15', sex: 'M' })
  t.same(other.body.possibleDuplicates, [], 'another birth date is another person')
})

t.test('NIK and KK number: full for operator and admin on one worker, masked for the auditor', async (t) => {
  const { body } = await create({ kkNumber: '3671010101100042' })
  for (const [role, key] of [['operator', keys.operator], ['admin', keys.admin]] as const) {
    const res = await app.inject({ method: 'GET', url: `/v1/workers/${body.id}`, headers: bearer(key) })
    t.equal(res.statusCode, 200)
    t.match(res.json(), { nik: body.nik, kkNumber: '3671010101100042', masked: false }, role)
    t.equal(res.headers['cache-control'], 'no-store')
  }
  const audited = await app.inject({ method: 'GET', url: `/v1/workers/${body.id}`, headers: bearer(keys.auditor) })
  t.equal(audited.statusCode, 200)
  t.match(audited.json(), { nik: MASKED, kkNumber: '3671••••••••0042', masked: true })
  t.notOk(audited.body.includes(body.nik), 'no full NIK anywhere in the auditor’s reply')
})

t.test('an unknown worker is 404 and a malformed id 400', async (t) => {
  t.equal((await app.inject({ method: 'GET', url: '/v1/workers/00000000-0000-4000-8000-000000000000', headers: bearer(keys.operator) })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/v1/workers/3671014507900001', headers: bearer(keys.operator) })).statusCode, 400)
})

t.test('PATCH needs If-Match: 428 without, 412 when stale, 200 with the current ETag', async (t) => {
  const { body, etag } = await create()
  const url = `/v1/workers/${body.id}`
  const without = await app.inject({ method: 'PATCH', url, headers: bearer(keys.operator), payload: { phone: '081111111111' } })
  t.equal(without.statusCode, 428)
  t.equal(without.json().type, 'https://jamsos-rentan.id/problems/precondition-required')

  const ok = await app.inject({ method: 'PATCH', url, headers: { ...bearer(keys.operator), 'if-match': etag }, payload: { phone: '081111111111', kelurahan: null } })
  t.equal(ok.statusCode, 200, { body: ok.body })
  t.equal(ok.headers.etag, '"v2"')
  t.match(ok.json(), { phone: '081111111111', kelurahan: null, nik: body.nik })

  const stale = await app.inject({ method: 'PATCH', url, headers: { ...bearer(keys.operator), 'if-match': etag }, payload: { phone: '082222222222' } })
  t.equal(stale.statusCode, 412)
  t.equal(stale.json().type, 'https://jamsos-rentan.id/problems/precondition-failed')
  const now = await app.inject({ method: 'GET', url, headers: bearer(keys.operator) })
  t.equal(now.json().phone, '081111111111', 'the stale write changed nothing')

  const events = await trail(body.id)
  t.same(events.map((e) => e.action), ['worker.created', 'worker.updated'])
  t.match(events[1], { before: { phone: '081234567890', nik: MASKED }, after: { phone: '081111111111', kelurahan: null, nik: MASKED } })
})

t.test('PATCH never changes the NIK and re-validates the result', async (t) => {
  const { body, etag } = await create({ birthDate: '1990-07-05', sex: 'F' })
  const headers = { ...bearer(keys.operator), 'if-match': etag }
  const url = `/v1/workers/${body.id}`

  const nik = await app.inject({ method: 'PATCH', url, headers, payload: { nik: '3671014507900009' } })
  t.equal(nik.statusCode, 400)
  t.match(nik.json().errors, [{ path: 'nik', message: /cannot be changed/ }])

  const birth = await app.inject({ method: 'PATCH', url, headers, payload: { birthDate: '1990-07-06' } })
  t.equal(birth.statusCode, 400, 'a birth date the NIK contradicts')
  t.match(birth.json().errors, [{ path: 'nik', message: /does not match the stated birth date 1990-07-06/ }])

  const desil = await app.inject({ method: 'PATCH', url, headers, payload: { desil: 1 } })
  t.equal(desil.statusCode, 400, 'a desil without the data it comes from')
  t.same(desil.json().errors.map((e: Json) => e.path).sort(), ['desilPeriod', 'desilSource'])

  const region = await app.inject({ method: 'PATCH', url, headers, payload: { kecamatanCode: '317101' } })
  t.equal(region.statusCode, 400)

  const same = await app.inject({ method: 'PATCH', url, headers, payload: { name: body.name } })
  t.equal(same.statusCode, 200)
  t.equal(same.headers.etag, etag, 'a PATCH that changes nothing keeps the version')

  const newDesil = await app.inject({ method: 'PATCH', url, headers, payload: { desil: 1, desilSource: 'DTSEN', desilPeriod: '2025-07', wageEarner: true } })
  t.equal(newDesil.statusCode, 200, { body: newDesil.body })
  t.match(newDesil.json(), { desil: 1, desilSource: 'DTSEN', desilPeriod: '2025-07', wageEarner: true })

  const auditor = await app.inject({ method: 'PATCH', url, headers: { ...bearer(keys.auditor), 'if-match': '"v2"' }, payload: { phone: '0811111111' } })
  t.equal(auditor.statusCode, 403)
})

t.test('lists mask the NIK for every role but a branch, and never take a NIK as a filter', async (t) => {
  await create()
  for (const key of [keys.operator, keys.admin, keys.auditor]) {
    const res = await app.inject({ method: 'GET', url: '/v1/workers?limit=5', headers: bearer(key) })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['cache-control'], 'no-store')
    const items = res.json().items as Json[]
    t.ok(items.length > 0)
    t.ok(items.every((w) => MASKED.test(w.nik) && w.masked === true && (w.kkNumber === null || MASKED.test(w.kkNumber))), 'every NIK and KK masked')
  }
  const byNik = await app.inject({ method: 'GET', url: '/v1/workers?nik=3671014507900001', headers: bearer(keys.operator) })
  t.equal(byNik.statusCode, 400)
  t.match(byNik.json().errors, [{ path: 'nik', message: 'unknown field' }])
})

t.test('list filters: kecamatan, occupation, desil at most, status', async (t) => {
  const a = await create({ kecamatanCode: '367112', occupation: 'JURU_PARKIR', desil: 1 })
  const b = await create({ kecamatanCode: '367112', occupation: 'JURU_PARKIR', desil: 4 })
  const c = await create({ kecamatanCode: '367112', occupation: 'PETANI', desil: 1 })
  const ids = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/v1/workers?kecamatanCode=367112&${query}`, headers: bearer(keys.operator) })
    t.equal(res.statusCode, 200, { body: res.body })
    return (res.json().items as Json[]).map((w) => w.id)
  }
  t.same(await ids('occupation=JURU_PARKIR'), [a.body.id, b.body.id])
  t.same(await ids('desilMax=2'), [a.body.id, c.body.id])
  t.same(await ids('occupation=JURU_PARKIR&desilMax=3'), [a.body.id])
  await app.inject({ method: 'POST', url: `/v1/workers/${b.body.id}/death`, headers: bearer(keys.operator), payload: { dateOfDeath: '2025-05-01', cause: 'ILLNESS' } })
  t.same(await ids('status=DECEASED'), [b.body.id])
  t.same(await ids('status=ACTIVE'), [a.body.id, c.body.id])
  const bad = await app.inject({ method: 'GET', url: '/v1/workers?kecamatanCode=999999', headers: bearer(keys.operator) })
  t.equal(bad.statusCode, 400)
})

t.test('workers page without duplicates or gaps while others are registered between fetches', async (t) => {
  const filter = 'kecamatanCode=367113&occupation=NELAYAN'
  const before: string[] = []
  for (let i = 0; i < 7; i++) before.push((await create({ kecamatanCode: '367113', occupation: 'NELAYAN' })).body.id)
  const seen: string[] = []
  const added: string[] = []
  let cursor: string | null = null
  let round = 0
  do {
    const url: string = `/v1/workers?${filter}&limit=3${cursor ? `&cursor=${cursor}` : ''}`
    const page = await app.inject({ method: 'GET', url, headers: bearer(keys.auditor) })
    t.equal(page.statusCode, 200)
    seen.push(...page.json().items.map((w: Json) => w.id))
    cursor = page.json().nextCursor
    if (round++ < 2) added.push((await create({ kecamatanCode: '367113', occupation: 'NELAYAN' })).body.id)
  } while (cursor)
  t.equal(new Set(seen).size, seen.length, 'no worker twice')
  t.same(seen.slice(0, before.length), before, 'every worker that existed, once, in registration order')
  t.same(seen.slice(before.length), added, 'workers registered meanwhile come after, once')
  const bad = await app.inject({ method: 'GET', url: '/v1/workers?cursor=bm90LWEtY3Vyc29y', headers: bearer(keys.auditor) })
  t.equal(bad.statusCode, 400)
})

t.test('search by NIK in the body: full NIK for the operator, masked for the auditor, 404 when unknown', async (t) => {
  const { body } = await create()
  const asOperator = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: bearer(keys.operator), payload: { nik: body.nik } })
  t.equal(asOperator.statusCode, 200)
  t.match(asOperator.json(), { id: body.id, nik: body.nik, masked: false })
  t.equal(asOperator.headers.etag, '"v1"')
  const asAuditor = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: bearer(keys.auditor), payload: { nik: body.nik } })
  t.match(asAuditor.json(), { id: body.id, nik: MASKED, masked: true })
  const unknown = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: bearer(keys.operator), payload: { nik: buildNik({ kecamatan: '367101', birthDate: '1970-01-01', sex: 'M', serial: 9999 }) } })
  t.equal(unknown.statusCode, 404)
  const malformed = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: bearer(keys.operator), payload: { nik: '12345' } })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.json().errors[0].path, 'nik')
})

t.test('a branch key sees no worker that is not enrolled through its branch: 404 by id and search, an empty list', async (t) => {
  const { body } = await create()
  for (const key of [keys.cimone, keys.cikokol]) {
    t.equal((await app.inject({ method: 'GET', url: `/v1/workers/${body.id}`, headers: bearer(key) })).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: `/v1/workers/${body.id}/eligibility?programCode=TNG-2025`, headers: bearer(key) })).statusCode, 404)
    const search = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: bearer(key), payload: { nik: body.nik } })
    t.equal(search.statusCode, 404)
    const list = await app.inject({ method: 'GET', url: '/v1/workers', headers: bearer(key) })
    t.equal(list.statusCode, 200)
    t.same(list.json(), { items: [], nextCursor: null })
  }
  const post = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(keys.cimone), payload: workerInput() })
  t.equal(post.statusCode, 403)
})

t.test('recording a death: 200 DECEASED; the same facts again change nothing; other facts are 409', async (t) => {
  const { body } = await create({ birthDate: '1970-03-10', sex: 'M' })
  const url = `/v1/workers/${body.id}/death`
  const first = await app.inject({ method: 'POST', url, headers: bearer(keys.operator), payload: { dateOfDeath: '2025-06-14', cause: 'WORK_ACCIDENT' } })
  t.equal(first.statusCode, 200, { body: first.body })
  t.match(first.json(), { status: 'DECEASED', dateOfDeath: '2025-06-14', deathCause: 'WORK_ACCIDENT' })
  t.equal(first.headers.etag, '"v2"')

  const again = await app.inject({ method: 'POST', url, headers: bearer(keys.admin), payload: { dateOfDeath: '2025-06-14', cause: 'WORK_ACCIDENT' } })
  t.equal(again.statusCode, 200)
  t.same({ ...again.json(), updatedAt: null }, { ...first.json(), updatedAt: null })
  t.equal(again.headers.etag, '"v2"', 'no new version')

  for (const other of [{ dateOfDeath: '2025-06-15', cause: 'WORK_ACCIDENT' }, { dateOfDeath: '2025-06-14', cause: 'ILLNESS' }]) {
    const res = await app.inject({ method: 'POST', url, headers: bearer(keys.operator), payload: other })
    t.equal(res.statusCode, 409)
    t.match(res.json(), { type: 'https://jamsos-rentan.id/problems/worker-already-deceased', recorded: { dateOfDeath: '2025-06-14', cause: 'WORK_ACCIDENT' } })
  }
  t.same((await trail(body.id)).map((e) => e.action), ['worker.created', 'worker.deceased'], 'one death event')
})

t.test('a death date after today, before the birth date, or malformed is 400; unknown worker 404', async (t) => {
  const { body } = await create({ birthDate: '1990-07-05' })
  const url = `/v1/workers/${body.id}/death`
  const cases: Array<[Json, string]> = [
    [{ dateOfDeath: '2999-01-01', cause: 'ILLNESS' }, 'dateOfDeath'],
    [{ dateOfDeath: '1990-07-04', cause: 'ILLNESS' }, 'dateOfDeath'],
    [{ dateOfDeath: '2025-02-30', cause: 'ILLNESS' }, 'dateOfDeath'],
    [{ dateOfDeath: '2025-02-01', cause: 'SUICIDE' }, 'cause'],
  ]
  for (const [payload, path] of cases) {
    const res = await app.inject({ method: 'POST', url, headers: bearer(keys.operator), payload })
    t.equal(res.statusCode, 400, { payload })
    t.equal(res.json().errors[0].path, path)
  }
  t.equal((await app.inject({ method: 'GET', url: `/v1/workers/${body.id}`, headers: bearer(keys.operator) })).json().status, 'ACTIVE')
  const unknown = await app.inject({ method: 'POST', url: '/v1/workers/00000000-0000-4000-8000-000000000000/death', headers: bearer(keys.operator), payload: { dateOfDeath: '2025-01-01', cause: 'OTHER' } })
  t.equal(unknown.statusCode, 404)
})

t.test('eligibility explains every check: an eligible worker and an ineligible one with the failing checks named', async (t) => {
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput() })).statusCode, 201)
  const good = await create({ birthDate: '1985-04-02', desil: 2, desilSource: 'DTKS', desilPeriod: '2025-01', occupation: 'TUKANG_OJEK' })
  const res = await app.inject({ method: 'GET', url: `/v1/workers/${good.body.id}/eligibility?programCode=TNG-2025`, headers: bearer(keys.auditor) })
  t.equal(res.statusCode, 200, { body: res.body })
  const ok = res.json()
  t.match(ok, { workerId: good.body.id, programCode: 'TNG-2025', startMonth: '2025-03', eligible: true, asOf: '2025-03-01', rulesetVersion: /^ID-BPU-/ })
  t.same(
    ok.checks.map((c: Json) => c.rule),
    ['START_WITHIN_PROGRAMME', 'DOMICILE_IN_REGION', 'DESIL_WITHIN_MAX', 'DESIL_RECENT', 'OCCUPATION_ELIGIBLE', 'AGE_WITHIN_LIMITS', 'ALIVE', 'NOT_WAGE_EARNER', 'NO_OVERLAPPING_ENROLMENT', 'BRANCH_ASSIGNED']
  )
  t.equal(ok.branchCode, 'CIMONE', 'the branch that would register the worker')
  t.ok(ok.checks.every((c: Json) => c.passed === true && typeof c.detail === 'string'))

  // desil 6 from an old period, 70 years old on 2025-03-01, insured as a wage earner
  const bad = await create({ birthDate: '1954-05-01', sex: 'M', desil: 6, desilSource: 'DTKS', desilPeriod: '2023-06', wageEarner: true })
  const no = (await app.inject({ method: 'GET', url: `/v1/workers/${bad.body.id}/eligibility?programCode=TNG-2025`, headers: bearer(keys.operator) })).json()
  t.equal(no.eligible, false)
  t.same(no.checks.filter((c: Json) => !c.passed).map((c: Json) => c.rule), ['DESIL_WITHIN_MAX', 'DESIL_RECENT', 'AGE_WITHIN_LIMITS', 'NOT_WAGE_EARNER'])
  t.match(no.checks.find((c: Json) => c.rule === 'AGE_WITHIN_LIMITS').detail, /age 70 on 2025-03-01 is above the programme limits 18–65/)
})

t.test('eligibility is judged as of the first day of startMonth and, for life, on the day of decision: a death before either fails ALIVE; a month outside the programme fails its check', async (t) => {
  const { body } = await create({ birthDate: '1980-01-01', sex: 'M', desilPeriod: '2025-01' })
  await app.inject({ method: 'POST', url: `/v1/workers/${body.id}/death`, headers: bearer(keys.operator), payload: { dateOfDeath: '2025-05-20', cause: 'ILLNESS' } })
  const get = async (q: string) => (await app.inject({ method: 'GET', url: `/v1/workers/${body.id}/eligibility?programCode=TNG-2025${q}`, headers: bearer(keys.operator) })).json()
  const may = await get('&startMonth=2025-05&enrolledOn=2025-04-25')
  t.match(may, { startMonth: '2025-05', asOf: '2025-05-01', enrolledOn: '2025-04-25', eligible: true }, 'alive on 1 May, and on the day a past cohort was decided')
  const today = await get('&startMonth=2025-05')
  t.match(today, { eligible: false }, 'a worker known to be dead is never enrolled today, even for a past month they lived in')
  t.match(today.checks.find((c: Json) => c.rule === 'ALIVE'), { passed: false, detail: /died on 2025-05-20, before the enrolment was decided on \d{4}-\d{2}-\d{2}/ })
  const june = await get('&startMonth=2025-06&enrolledOn=2025-04-25')
  t.match(june, { asOf: '2025-06-01', eligible: false })
  t.match(june.checks.find((c: Json) => c.rule === 'ALIVE'), { passed: false, detail: /died on 2025-05-20, before 2025-06-01/ })
  const late = await get('&startMonth=2026-01')
  t.equal(late.checks.find((c: Json) => c.rule === 'START_WITHIN_PROGRAMME').passed, false)
  const unknownProgramme = await app.inject({ method: 'GET', url: `/v1/workers/${body.id}/eligibility?programCode=NOPE-1`, headers: bearer(keys.operator) })
  t.equal(unknownProgramme.statusCode, 404)
  const badMonth = await app.inject({ method: 'GET', url: `/v1/workers/${body.id}/eligibility?programCode=TNG-2025&startMonth=2025-13`, headers: bearer(keys.operator) })
  t.equal(badMonth.statusCode, 400)
})

t.test('the audit trail records who registered a worker, with the NIK and KK masked', async (t) => {
  const { body } = await create({ kkNumber: '3671010101100077' })
  const [event] = await trail(body.id)
  t.match(event, { action: 'worker.created', entityType: 'worker', entityId: body.id, actor: { role: 'operator' }, before: null, after: { nik: MASKED, kkNumber: '3671••••••••0077', name: body.name } })
  const all = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=worker&limit=500', headers: bearer(keys.admin) })
  t.notOk(FULL_NIK.test(body.nik) && all.body.includes(body.nik), 'no full NIK in the trail')
})

t.test('no log line carries a NIK: not from a create, a conflict, a search or a rejected body', async (t) => {
  const lines: string[] = []
  const logApp = await buildApp(testConfig({ logLevel: 'trace' }), { db, logStream: { write: (l) => { lines.push(l) } } })
  t.teardown(() => logApp.close())
  const input = workerInput()
  const h = bearer(keys.operator)
  await logApp.inject({ method: 'POST', url: '/v1/workers', headers: h, payload: input })
  await logApp.inject({ method: 'POST', url: '/v1/workers', headers: h, payload: input })
  await logApp.inject({ method: 'POST', url: '/v1/workers/search', headers: h, payload: { nik: input.nik } })
  await logApp.inject({ method: 'POST', url: '/v1/workers', headers: h, payload: { ...input, sex: 'M' } })
  await logApp.inject({ method: 'POST', url: '/v1/workers/import', headers: { ...h, 'content-type': 'text/csv' }, payload: `nik,name\r\n${input.nik},x\r\n` })
  // a client that puts a NIK where it must never go: the path is logged with the NIK masked
  await logApp.inject({ method: 'GET', url: `/v1/workers/${input.nik}`, headers: h })
  await logApp.inject({ method: 'GET', url: `/v1/workers/by-nik/${input.nik}`, headers: h })
  t.ok(lines.length > 5, 'requests were logged')
  t.notOk(lines.join('').includes(input.nik), 'no NIK in any log line')
})
