import { sql } from 'drizzle-orm'
import t from 'tap'
import { rowsOf } from '../../src/db/client.js'
import { bearer, buildTestApp, onPostgres } from '../helpers/app.js'
import { budgetFor, createProgram, createWorkers } from '../helpers/setup.js'

const { app, keys } = await buildTestApp(t)
const admin = bearer(keys.admin)
const operator = bearer(keys.operator)

const enrol = (payload: Record<string, unknown>, headers = operator) => app.inject({ method: 'POST', url: '/v1/enrolments', headers, payload })
const budgetOf = async (code: string) => (await app.inject({ method: 'GET', url: `/v1/programs/${code}/budget`, headers: admin })).json()
const programOf = async (code: string) => (await app.inject({ method: 'GET', url: `/v1/programs/${code}`, headers: admin })).json()

t.test('an eligible worker is enrolled PENDING with the branch of its kecamatan, and the whole period is reserved', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const res = await enrol({ workerId, programCode: code })
  t.equal(res.statusCode, 201, { body: res.body })
  const e = res.json()
  t.match(e, { workerId, programCode: code, branchCode: 'CIMONE', startMonth: '2025-03', endMonth: null, status: 'PENDING', kpjNumber: null, reservedAmount: 168_000 })
  t.ok(e.checks.every((c: { passed: boolean }) => c.passed), 'every check passed')
  t.ok(e.checks.some((c: { rule: string }) => c.rule === 'BRANCH_ASSIGNED'))
  t.match(e.rulesetVersion, /^ID-BPU-/)
  t.equal(e.eligibilityAsOf, '2025-03-01')
  t.match(await budgetOf(code), { programCode: code, allocated: 999_936_000, reserved: 168_000, invoiced: 0, paid: 0, remaining: 999_936_000 - 168_000 })
  t.equal((await programOf(code)).enrolledCount, 1)

  const again = await enrol({ workerId, programCode: code })
  t.equal(again.statusCode, 409, 'a worker is never enrolled twice in one programme')
  t.equal(again.json().type, 'https://jamsos-rentan.id/problems/already-enrolled')
})

t.test('an enrolment stores its decision as rule, outcome and values, and reads it back in sentences (older rows as they were stored)', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const created = (await enrol({ workerId, programCode: code })).json()
  const [stored] = rowsOf<{ eligibility: { asOf: string; c: unknown[][] } }>(await app.dbHandle.db.execute(sql`select eligibility from enrolments where id = ${created.id}`))
  t.equal(stored!.eligibility.asOf, '2025-03-01')
  t.same(stored!.eligibility.c.map((c) => c[0]), created.checks.map((c: { rule: string }) => c.rule), 'one compact check per rule, in order')
  t.notOk(JSON.stringify(stored!.eligibility).includes(' is '), 'no sentence is stored')
  const read = (await app.inject({ method: 'GET', url: `/v1/enrolments/${created.id}`, headers: admin })).json()
  t.same(read.checks, created.checks, 'the sentences read back are the ones it was decided with')
  const [audited] = rowsOf<{ after: Record<string, unknown> }>(await app.dbHandle.db.execute(sql`select after from audit_events where entity_id = ${created.id} and action = 'enrolment.created'`))
  const { checks: _checks, ...image } = read
  t.same(audited!.after, image, 'the audit image PostgreSQL builds for a created enrolment is the record as read, less its checks')
  t.equal(JSON.stringify(Object.keys(audited!.after).sort()), JSON.stringify(Object.keys(image).sort()), 'no field more, none less')

  const legacy = { asOf: '2025-03-01', rulesetVersion: 'ID-BPU-2019.1', checks: [{ rule: 'ALIVE', passed: true, detail: 'no date of death is recorded' }] }
  await app.dbHandle.db.execute(sql`update enrolments set eligibility = ${JSON.stringify(legacy)}::jsonb where id = ${created.id}`)
  const old = (await app.inject({ method: 'GET', url: `/v1/enrolments/${created.id}`, headers: admin })).json()
  t.same(old.checks, legacy.checks, 'an enrolment stored with its sentences reads them as stored')
})

t.test('without row-level foreign keys the database still refuses an enrolment or a feed change that points at nothing, and keeps what they point at', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId, another] = await createWorkers(app, keys.operator, 2)
  const created = (await enrol({ workerId, programCode: code })).json()
  const db = app.dbHandle.db
  const [program] = rowsOf<{ id: string }>(await db.execute(sql`select id from programs where code = ${code}`))
  const nobody = '00000000-0000-4000-8000-000000000000'
  const outcome = async (statement: ReturnType<typeof sql>) => {
    try {
      await db.transaction(async (tx) => { await tx.execute(statement) })
      return 'written'
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause ?? (e as { code?: string; message?: string })
      return `${cause.code}: ${cause.message}`
    }
  }
  const enrolment = (worker: string, programId: string) => sql`insert into enrolments (worker_id, program_id, program_code, branch_code, start_month, enrolled_on, reserved_amount, eligibility, ruleset_version)
    select w, ${programId}::uuid, ${code}, 'CIMONE', '2025-03', '2025-02-20', 0, '{"asOf":"2025-03-01","c":[]}', 'x' from unnest(${`{${worker}}`}::uuid[]) as w`
  // A second programme, so that the worker's own row would be a valid new enrolment.
  const other = await createProgram(app, keys.admin)
  const [otherProgram] = rowsOf<{ id: string }>(await db.execute(sql`select id from programs where code = ${other}`))
  t.equal(await outcome(enrolment(workerId!, otherProgram!.id)), 'written', 'an enrolment of a worker and a programme that exist is written')
  t.match(await outcome(enrolment(`${another},${nobody}`, otherProgram!.id)), /^23503: an enrolment names a worker that does not exist/, 'one missing worker among several refuses the statement')
  t.match(await outcome(enrolment(workerId!, nobody)), /^23503: an enrolment names a programme that does not exist/, 'a missing programme is refused')
  t.match(await outcome(sql`insert into enrolment_changes (branch_code, change_id, enrolment_id, action) values ('CIMONE', 999999, ${nobody}, 'ADD')`),
    /^23503: a feed change names an enrolment that does not exist/, 'a feed change of no enrolment is refused')
  t.match(await outcome(sql`update workers set id = gen_random_uuid() where id = ${workerId}`), /^42501: the ids of workers/, 'a worker id never changes')
  t.match(await outcome(sql`update programs set id = gen_random_uuid() where id = ${program!.id}`), /^42501: the ids of programs/, 'a programme id never changes')
  t.match(await outcome(sql`update enrolments set worker_id = ${nobody} where id = ${created.id}`), /^42501: the ids of enrolments/, 'an enrolment keeps its worker')
  t.match(await outcome(sql`update enrolment_changes set enrolment_id = ${nobody} where enrolment_id = ${created.id}`), /^42501: the ids of enrolment_changes/, 'a feed change keeps its enrolment')
  t.match(await outcome(sql`delete from programs where id = ${program!.id}`), /never deleted/, 'a programme is never deleted')
  t.equal(await outcome(sql`update enrolments set version = version where id = ${created.id}`), 'written', 'other updates are untouched')
})

t.test('a cohort recorded from a later (or past) month reserves only the months from there to the programme end', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const res = await enrol({ workerId, programCode: code, startMonth: '2025-06' })
  t.equal(res.statusCode, 201)
  t.equal(res.json().reservedAmount, 16_800 * 7, 'June–December: 7 months')
  t.equal(res.json().eligibilityAsOf, '2025-06-01')
  const [other] = await createWorkers(app, keys.operator, 1)
  const outside = await enrol({ workerId: other, programCode: code, startMonth: '2026-01' })
  t.equal(outside.statusCode, 422, 'a start month outside the programme fails its named check, as the eligibility endpoint says')
  t.same(outside.json().checks.filter((c: { passed: boolean }) => !c.passed).map((c: { rule: string }) => c.rule), ['START_WITHIN_PROGRAMME'])
})

t.test('an ineligible worker is 422 with every check and the failed ones named', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1, { desil: 6, occupation: 'NELAYAN' })
  const res = await enrol({ workerId, programCode: code })
  t.equal(res.statusCode, 422)
  const body = res.json()
  t.equal(body.type, 'https://jamsos-rentan.id/problems/ineligible')
  t.match(body.rulesetVersion, /^ID-BPU-/)
  const failed = body.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { rule: string }) => c.rule)
  t.same(failed, ['DESIL_WITHIN_MAX'])
  t.match(body.detail, /desil 6/)
  t.equal((await budgetOf(code)).reserved, 0, 'nothing reserved')
})

t.test('a kecamatan the programme maps to no branch makes the worker ineligible, by name', async (t) => {
  const code = await createProgram(app, keys.admin, { branchByKecamatan: { 367107: 'CIMONE' } })
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const res = await enrol({ workerId, programCode: code })
  t.equal(res.statusCode, 422)
  t.match(res.json().checks.find((c: { rule: string }) => c.rule === 'BRANCH_ASSIGNED'), { passed: false, detail: /no BPJS branch for kecamatan 367101/ })
})

t.test('an unknown worker or programme is 404', async (t) => {
  const code = await createProgram(app, keys.admin)
  t.equal((await enrol({ workerId: '00000000-0000-4000-8000-000000000001', programCode: code })).statusCode, 404)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  t.equal((await enrol({ workerId, programCode: 'NO-SUCH' })).statusCode, 404)
})

t.test('every enrolment a batch statement creates is audited with its own image: the shared columns built once, each row its own id, worker and branch', async (t) => {
  const code = await createProgram(app, keys.admin, { branchByKecamatan: { 367101: 'CIMONE', 367103: 'BATUCEPER' } })
  const ids = [
    ...await createWorkers(app, keys.operator, 2, { kecamatanCode: '367101' }),
    ...await createWorkers(app, keys.operator, 2, { kecamatanCode: '367103' }),
  ]
  const res = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: { ...operator, 'idempotency-key': 'batch-audit-images' }, payload: { programCode: code, workerIds: ids } })
  t.equal(res.statusCode, 200, { body: res.body })
  const created = res.json().results.map((r: { enrolment: { id: string } }) => r.enrolment.id)
  t.equal(new Set(created).size, 4)
  const branches = new Set<string>()
  for (const id of created) {
    const { checks: _checks, ...image } = (await app.inject({ method: 'GET', url: `/v1/enrolments/${id}`, headers: admin })).json()
    branches.add(image.branchCode)
    const audited = rowsOf<{ after: Record<string, unknown> }>(await app.dbHandle.db.execute(sql`select after from audit_events where entity_id = ${id} and action = 'enrolment.created'`))
    t.equal(audited.length, 1, 'one audit row per enrolment')
    t.same(audited[0]!.after, image, `the image of ${image.branchCode}'s enrolment is the record as read, less its checks`)
  }
  t.equal(branches.size, 2, 'the batch spans two branches')
})

t.test('a batch gives one result per worker in order, and never goes past the quota or the budget', async (t) => {
  const code = await createProgram(app, keys.admin, { budget: budgetFor(3) })
  t.equal((await programOf(code)).quota, 3)
  const ids = await createWorkers(app, keys.operator, 5)
  const [poor] = await createWorkers(app, keys.operator, 1, { desil: 7 })
  const missing = '00000000-0000-4000-8000-000000000002'
  const res = await app.inject({
    method: 'POST',
    url: '/v1/enrolments/batch',
    headers: { ...operator, 'idempotency-key': 'batch-quota-budget' },
    payload: { programCode: code, workerIds: [ids[0], missing, poor, ids[1], ids[0], ids[2], ids[3], ids[4]] },
  })
  t.equal(res.statusCode, 200, { body: res.body })
  const body = res.json()
  t.same(
    body.results.map((r: { outcome: string; status: number }) => [r.outcome, r.status]),
    [
      ['ENROLLED', 201],
      ['WORKER_NOT_FOUND', 404],
      ['INELIGIBLE', 422],
      ['ENROLLED', 201],
      ['DUPLICATE_IN_REQUEST', 409],
      ['ENROLLED', 201],
      ['QUOTA_EXHAUSTED', 409],
      ['QUOTA_EXHAUSTED', 409],
    ]
  )
  t.equal(body.enrolled, 3)
  t.equal(body.refused, 5)
  t.ok(body.results[0].enrolment.id, 'an enrolled result carries the enrolment')
  t.match(await budgetOf(code), { programCode: code, allocated: budgetFor(3), reserved: budgetFor(3), invoiced: 0, paid: 0, remaining: 0 })
  t.equal((await programOf(code)).enrolledCount, 3)
  const single = await enrol({ workerId: ids[3], programCode: code })
  t.equal(single.statusCode, 409)
  t.equal(single.json().type, 'https://jamsos-rentan.id/problems/quota-exhausted')
})

t.test(`quota holds under concurrency: 3 places left, 20 parallel enrolments, exactly 3 created${onPostgres() ? ' (PostgreSQL)' : ''}`, async (t) => {
  const code = await createProgram(app, keys.admin, { budget: budgetFor(3) })
  const ids = await createWorkers(app, keys.operator, 20)
  const replies = await Promise.all(ids.map((workerId) => enrol({ workerId, programCode: code })))
  const statuses = replies.map((r) => r.statusCode)
  t.equal(statuses.filter((s) => s === 201).length, 3, 'exactly 3 created')
  t.equal(statuses.filter((s) => s === 409).length, 17, 'the others 409')
  t.ok(replies.filter((r) => r.statusCode === 409).every((r) => r.json().type === 'https://jamsos-rentan.id/problems/quota-exhausted'))
  t.match(await budgetOf(code), { programCode: code, allocated: budgetFor(3), reserved: budgetFor(3), invoiced: 0, paid: 0, remaining: 0 }, 'budget reserved exactly')
  const list = await app.inject({ method: 'GET', url: `/v1/enrolments?programCode=${code}&limit=500`, headers: admin })
  t.equal(list.json().items.length, 3)
})

t.test('ending an enrolment keeps the months up to endMonth and releases the rest and the place', async (t) => {
  const code = await createProgram(app, keys.admin, { budget: budgetFor(1) })
  const [a, b] = await createWorkers(app, keys.operator, 2)
  const created = (await enrol({ workerId: a, programCode: code })).json()
  t.equal((await enrol({ workerId: b, programCode: code })).statusCode, 409, 'full')
  const ended = await app.inject({ method: 'POST', url: `/v1/enrolments/${created.id}/end`, headers: operator, payload: { endMonth: '2025-05', reason: 'MOVED' } })
  t.equal(ended.statusCode, 200, { body: ended.body })
  t.match(ended.json(), { status: 'ENDED', endMonth: '2025-05', endReason: 'MOVED', reservedAmount: 16_800 * 3 })
  t.equal((await budgetOf(code)).reserved, 16_800 * 3, 'March–May stays reserved')
  t.equal((await programOf(code)).enrolledCount, 0, 'the place is free again')
  const replacement = await enrol({ workerId: b, programCode: code, startMonth: '2025-06' })
  t.equal(replacement.statusCode, 201, 'a replacement from June fits the released money')
  t.equal((await budgetOf(code)).remaining, budgetFor(1) - 16_800 * 3 - 16_800 * 7)

  const same = await app.inject({ method: 'POST', url: `/v1/enrolments/${created.id}/end`, headers: operator, payload: { endMonth: '2025-05', reason: 'MOVED' } })
  t.equal(same.statusCode, 200, 'ending again with the same facts changes nothing')
  const other = await app.inject({ method: 'POST', url: `/v1/enrolments/${created.id}/end`, headers: operator, payload: { endMonth: '2025-07', reason: 'MOVED' } })
  t.equal(other.statusCode, 409)
  t.equal((await budgetOf(code)).reserved, 16_800 * 3 + 16_800 * 7)
})

t.test('a worker enrolled in another programme for the same months fails NO_OVERLAPPING_ENROLMENT', async (t) => {
  const first = await createProgram(app, keys.admin)
  const second = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  t.equal((await enrol({ workerId, programCode: first })).statusCode, 201)
  const res = await enrol({ workerId, programCode: second })
  t.equal(res.statusCode, 422)
  t.same(res.json().checks.filter((c: { passed: boolean }) => !c.passed).map((c: { rule: string }) => c.rule), ['NO_OVERLAPPING_ENROLMENT'])
})

t.test('branch keys see only their own branch’s enrolments', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const { id } = (await enrol({ workerId, programCode: code })).json()
  t.equal((await app.inject({ method: 'GET', url: `/v1/enrolments/${id}`, headers: bearer(keys.cimone) })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: `/v1/enrolments/${id}`, headers: bearer(keys.cikokol) })).statusCode, 404)
  const cikokolList = await app.inject({ method: 'GET', url: `/v1/enrolments?programCode=${code}`, headers: bearer(keys.cikokol) })
  t.same(cikokolList.json().items, [])
  const asked = await app.inject({ method: 'GET', url: `/v1/enrolments?programCode=${code}&branchCode=CIMONE`, headers: bearer(keys.cikokol) })
  t.same(asked.json().items, [], 'asking for another branch by filter shows nothing either')
  const cimoneList = await app.inject({ method: 'GET', url: `/v1/enrolments?programCode=${code}`, headers: bearer(keys.cimone) })
  t.equal(cimoneList.json().items.length, 1)
  t.equal((await enrol({ workerId, programCode: code }, bearer(keys.cimone))).statusCode, 403, 'a branch cannot enrol')
})

t.test('every enrolment is audited and keeps its eligibility decision, and the same Idempotency-Key enrols once', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const headers = { ...operator, 'idempotency-key': `enrol-${workerId}` }
  const first = await enrol({ workerId, programCode: code }, headers)
  const replay = await enrol({ workerId, programCode: code }, headers)
  t.equal(first.statusCode, 201)
  t.equal(replay.statusCode, 201, 'replayed, not 409')
  t.equal(replay.body, first.body)
  const audit = await app.inject({ method: 'GET', url: `/v1/audit-events?entityType=enrolment&entityId=${first.json().id}`, headers: admin })
  const items = audit.json().items
  t.equal(items.length, 1)
  t.match(items[0], { action: 'enrolment.created', after: { status: 'PENDING', programCode: code, rulesetVersion: /^ID-BPU-/ } })
  t.notOk('checks' in items[0].after, 'the audit image leaves the immutable checks to the enrolment itself')
  const stored = await app.inject({ method: 'GET', url: `/v1/enrolments/${first.json().id}`, headers: admin })
  t.ok(stored.json().checks.length >= 10, 'the decision is stored with the enrolment')
})

t.test('a recorded death ends the open enrolments with the month of death, so no later month stays reserved', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const { id } = (await enrol({ workerId, programCode: code })).json()
  const before = (await budgetOf(code)).reserved
  // 2025-05-31T20:00Z is already 1 June in Jakarta; the API takes the Jakarta date
  const death = await app.inject({ method: 'POST', url: `/v1/workers/${workerId}/death`, headers: operator, payload: { dateOfDeath: '2025-06-01', cause: 'ILLNESS' } })
  t.equal(death.statusCode, 200, { body: death.body })
  const e = (await app.inject({ method: 'GET', url: `/v1/enrolments/${id}`, headers: admin })).json()
  t.match(e, { status: 'ENDED', endMonth: '2025-06', endReason: 'DECEASED', reservedAmount: 16_800 * 4 })
  t.equal((await budgetOf(code)).reserved, before - 16_800 * 6, 'July–December released')
  const feed = await app.inject({ method: 'GET', url: '/v1/branches/CIMONE/enrolments?limit=500', headers: bearer(keys.cimone) })
  t.ok(feed.json().items.some((i: { enrolmentId: string; action: string }) => i.enrolmentId === id && i.action === 'END'), 'the branch sees the END')
  const again = await app.inject({ method: 'POST', url: `/v1/workers/${workerId}/death`, headers: operator, payload: { dateOfDeath: '2025-06-01', cause: 'ILLNESS' } })
  t.equal(again.statusCode, 200, 'the same facts again change nothing')
  t.equal((await budgetOf(code)).reserved, before - 16_800 * 6, 'nothing released twice')
})

t.test('a branch sees exactly the workers enrolled through it, with their full NIK', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [enrolled, other] = await createWorkers(app, keys.operator, 2)
  await enrol({ workerId: enrolled, programCode: code })
  const own = await app.inject({ method: 'GET', url: `/v1/workers/${enrolled}`, headers: bearer(keys.cimone) })
  t.equal(own.statusCode, 200)
  t.match(own.json().nik, /^\d{16}$/)
  t.equal((await app.inject({ method: 'GET', url: `/v1/workers/${other}`, headers: bearer(keys.cimone) })).statusCode, 404, 'not enrolled through Cimone')
  t.equal((await app.inject({ method: 'GET', url: `/v1/workers/${enrolled}`, headers: bearer(keys.cikokol) })).statusCode, 404, 'another branch')
})

t.test('the eligibility endpoint judges exactly as enrolment does, other programmes included', async (t) => {
  const first = await createProgram(app, keys.admin)
  const second = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const ok = await app.inject({ method: 'GET', url: `/v1/workers/${workerId}/eligibility?programCode=${second}`, headers: operator })
  t.equal(ok.json().eligible, true)
  await enrol({ workerId, programCode: first })
  const res = await app.inject({ method: 'GET', url: `/v1/workers/${workerId}/eligibility?programCode=${second}&startMonth=2025-04`, headers: operator })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { eligible: false, startMonth: '2025-04', asOf: '2025-04-01' })
  t.match(res.json().checks.find((c: { rule: string }) => c.rule === 'NO_OVERLAPPING_ENROLMENT'), { passed: false, detail: new RegExp(first) })
})

t.test('an end after the programme’s end is the programme’s end, and saying it again changes nothing', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const { id } = (await enrol({ workerId, programCode: code })).json()
  const end = () => app.inject({ method: 'POST', url: `/v1/enrolments/${id}/end`, headers: operator, payload: { endMonth: '2026-03', reason: 'REQUESTED' } })
  const first = await end()
  t.equal(first.statusCode, 200)
  t.match(first.json(), { status: 'ENDED', endMonth: '2025-12', reservedAmount: 168_000 })
  t.equal((await end()).statusCode, 200)
})
