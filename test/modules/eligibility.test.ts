import t from 'tap'
import { buildApp } from '../../src/app.js'
import { ELIGIBILITY_RULES } from '../../src/rules/eligibility.js'
import { bearer, buildTestApp, testConfig } from '../helpers/app.js'
import { workerInput } from '../helpers/fixtures.js'
import { createProgram, createWorkers } from '../helpers/setup.js'
import type { CreateProgramInput } from '../../src/modules/programs/programs.schemas.js'
import type { CreateWorkerInput } from '../../src/modules/workers/workers.schemas.js'

type Json = Record<string, any>

const { app, keys, db } = await buildTestApp(t)
const operator = bearer(keys.operator)

/**
 * One judge: for the same facts, GET /v1/workers/{id}/eligibility and POST /v1/enrolments give the same verdict
 * with the same checks. Every rule of the rule set has a scenario that fails it, so a new rule without one (or a
 * check judged in only one of the two paths) fails this test.
 */
type Scenario = {
  name: string
  fails: (typeof ELIGIBILITY_RULES)[number] | null
  program?: Partial<CreateProgramInput>
  worker?: Partial<CreateWorkerInput>
  query?: { startMonth?: string; enrolledOn?: string }
  /** Facts recorded before the two questions are asked. */
  before?: (workerId: string) => Promise<void>
}

const scenarios: Scenario[] = [
  { name: 'a poor street vendor of Tangerang, alive and enrolled nowhere else', fails: null },
  { name: 'a start month after the programme', fails: 'START_WITHIN_PROGRAMME', query: { startMonth: '2026-01' } },
  {
    name: 'a domicile outside the programme’s region (another regency’s programme)',
    fails: 'DOMICILE_IN_REGION',
    program: { regionCode: '3603', branchByKecamatan: { 360301: 'CIMONE' } },
  },
  { name: 'desil 6 in a desil 1–4 programme', fails: 'DESIL_WITHIN_MAX', worker: { desil: 6 } },
  { name: 'a desil period 21 months older than the start month', fails: 'DESIL_RECENT', worker: { desilPeriod: '2023-06' } },
  { name: 'an occupation the programme does not list', fails: 'OCCUPATION_ELIGIBLE', program: { occupations: ['NELAYAN'] } },
  { name: 'aged 75 on the first day of the start month', fails: 'AGE_WITHIN_LIMITS', worker: { birthDate: '1950-01-01' } },
  {
    name: 'a death recorded inside the start month, before today',
    fails: 'ALIVE',
    before: async (id) => {
      const res = await app.inject({ method: 'POST', url: `/v1/workers/${id}/death`, headers: operator, payload: { dateOfDeath: '2025-03-10', cause: 'ILLNESS' } })
      if (res.statusCode !== 200) throw new Error(res.body)
    },
  },
  { name: 'already insured as a wage earner', fails: 'NOT_WAGE_EARNER', worker: { wageEarner: true } },
  {
    name: 'enrolled by another programme for overlapping months',
    fails: 'NO_OVERLAPPING_ENROLMENT',
    before: async (id) => {
      const other = await createProgram(app, keys.admin, { startMonth: '2025-01', endMonth: '2025-06' })
      const res = await app.inject({ method: 'POST', url: '/v1/enrolments', headers: operator, payload: { workerId: id, programCode: other, enrolledOn: '2024-12-20' } })
      if (res.statusCode !== 201) throw new Error(res.body)
    },
  },
  { name: 'a kecamatan the programme maps to no branch', fails: 'BRANCH_ASSIGNED', program: { branchByKecamatan: { 367107: 'CIMONE' } } },
]

t.test('every eligibility rule has a scenario that fails it', async (t) => {
  t.same(
    [...new Set(scenarios.map((s) => s.fails).filter((r) => r !== null))].sort(),
    [...ELIGIBILITY_RULES].sort()
  )
})

for (const s of scenarios) {
  t.test(`the eligibility endpoint and enrolment agree: ${s.name}`, async (t) => {
    const code = await createProgram(app, keys.admin, s.program)
    const [workerId] = await createWorkers(app, keys.operator, 1, s.worker)
    await s.before?.(workerId!)
    const q = new URLSearchParams({ programCode: code, ...s.query })
    const judged = await app.inject({ method: 'GET', url: `/v1/workers/${workerId}/eligibility?${q}`, headers: operator })
    t.equal(judged.statusCode, 200, { body: judged.body })
    const verdict = judged.json()
    const enrolled = await app.inject({ method: 'POST', url: '/v1/enrolments', headers: operator, payload: { workerId, programCode: code, ...s.query } })

    const failed = verdict.checks.filter((c: Json) => !c.passed).map((c: Json) => c.rule)
    if (s.fails === null) {
      t.equal(verdict.eligible, true)
      t.equal(enrolled.statusCode, 201, { body: enrolled.body })
      t.same(failed, [])
    } else {
      t.equal(verdict.eligible, false)
      t.ok(failed.includes(s.fails), `${s.fails} fails (failed: ${failed.join(', ')})`)
      t.equal(enrolled.statusCode, 422, { body: enrolled.body })
      t.equal(enrolled.json().type, 'https://jamsos-rentan.id/problems/ineligible')
    }
    t.same(enrolled.json().checks, verdict.checks, 'the same checks, passed flags and details on both paths')
    t.equal(enrolled.json().rulesetVersion, verdict.rulesetVersion)
  })
}

t.test('a worker already known to be dead is not enrolled today, even when the death falls inside the start month', async (t) => {
  const code = await createProgram(app, keys.admin, { startMonth: '2025-03', endMonth: '2026-12' })
  const [workerId] = await createWorkers(app, keys.operator, 1)
  await app.inject({ method: 'POST', url: `/v1/workers/${workerId}/death`, headers: operator, payload: { dateOfDeath: '2025-06-15', cause: 'ILLNESS' } })
  const res = await app.inject({ method: 'POST', url: '/v1/enrolments', headers: operator, payload: { workerId, programCode: code, startMonth: '2025-06' } })
  t.equal(res.statusCode, 422)
  t.match(res.json().checks.find((c: Json) => c.rule === 'ALIVE'), { passed: false, detail: /died on 2025-06-15, before the enrolment was decided on/ })
  const batch = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: { ...operator, 'idempotency-key': 'batch-after-death' }, payload: { programCode: code, startMonth: '2025-06', workerIds: [workerId] } })
  t.match(batch.json().results[0], { outcome: 'INELIGIBLE', status: 422 })
  t.equal((await app.inject({ method: 'GET', url: `/v1/programs/${code}/budget`, headers: bearer(keys.admin) })).json().reserved, 0, 'nothing reserved')
})

t.test('a past cohort member who died after being enrolled is recorded with their real enrolledOn, and the enrolment ends with the month of death', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  await app.inject({ method: 'POST', url: `/v1/workers/${workerId}/death`, headers: operator, payload: { dateOfDeath: '2025-06-15', cause: 'ILLNESS' } })
  const res = await app.inject({ method: 'POST', url: '/v1/enrolments', headers: operator, payload: { workerId, programCode: code, startMonth: '2025-03', enrolledOn: '2025-03-03' } })
  t.equal(res.statusCode, 201, { body: res.body })
  t.match(res.json(), { enrolledOn: '2025-03-03', status: 'ENDED', endMonth: '2025-06', endReason: 'DECEASED', reservedAmount: 16_800 * 4 })
  const budget = (await app.inject({ method: 'GET', url: `/v1/programs/${code}/budget`, headers: bearer(keys.admin) })).json()
  t.equal(budget.reserved, 16_800 * 4, 'March–June held; July–December never reserved for a dead worker')
  t.equal((await app.inject({ method: 'GET', url: `/v1/programs/${code}`, headers: bearer(keys.admin) })).json().enrolledCount, 0, 'an ended enrolment takes no place')

  // the reply is the row as written: its ETag is its real version, the one GET gives
  const get = await app.inject({ method: 'GET', url: `/v1/enrolments/${res.json().id}`, headers: operator })
  t.equal(res.headers.etag, get.headers.etag)
  t.equal(res.headers.etag, '"v2"', 'created, then ended in the same transaction')
  t.same(res.json(), get.json())
})

t.test('enrolledOn may not lie in the future', async (t) => {
  const code = await createProgram(app, keys.admin)
  const [workerId] = await createWorkers(app, keys.operator, 1)
  const res = await app.inject({ method: 'POST', url: '/v1/enrolments', headers: operator, payload: { workerId, programCode: code, enrolledOn: '2999-01-01' } })
  t.equal(res.statusCode, 400)
  t.equal(res.json().errors[0].path, 'enrolledOn')
  const bad = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: { ...operator, 'idempotency-key': 'batch-bad-enrolled-on' }, payload: { programCode: code, workerIds: [workerId], enrolledOn: '2025-02-30' } })
  t.equal(bad.statusCode, 400)
})

t.test('one clock: the injected time is the day of decision, the rows’ timestamps and the audit’s', async (t) => {
  const instant = Date.parse('2025-03-31T20:00:00Z') // 1 April 2025 in Jakarta
  const clocked = await buildApp(testConfig(), { db, now: () => instant })
  t.teardown(() => clocked.close())
  const code = await createProgram(clocked, keys.admin)
  const worker = await clocked.inject({ method: 'POST', url: '/v1/workers', headers: operator, payload: workerInput() })
  t.equal(worker.json().createdAt, '2025-03-31T20:00:00.000Z')
  const res = await clocked.inject({ method: 'POST', url: '/v1/enrolments', headers: operator, payload: { workerId: worker.json().id, programCode: code, startMonth: '2025-04' } })
  t.equal(res.statusCode, 201, { body: res.body })
  t.match(res.json(), { enrolledOn: '2025-04-01', createdAt: '2025-03-31T20:00:00.000Z', updatedAt: '2025-03-31T20:00:00.000Z' })
  const trail = await clocked.inject({ method: 'GET', url: `/v1/audit-events?entityType=enrolment&entityId=${res.json().id}`, headers: bearer(keys.admin) })
  t.equal(trail.json().items[0].occurredAt, '2025-03-31T20:00:00.000Z')
  const tomorrow = await clocked.inject({ method: 'POST', url: '/v1/enrolments', headers: operator, payload: { workerId: worker.json().id, programCode: code, enrolledOn: '2025-04-02' } })
  t.equal(tomorrow.statusCode, 400, 'the day after the clock’s today is the future')
})
