import t from 'tap'
import { buildApp } from '../../src/app.js'
import { systemContext } from '../../src/lib/context.js'
import { santunanDeadline } from '../../src/rules/santunan.js'
import { addWorkingDays } from '../../src/rules/workdays.js'
import { BUILT_IN_HOLIDAY_CALENDAR } from '../../src/rules/holidays.js'
import { buildNik } from '../../src/rules/nik.js'
import { bearer, openTestDatabase, testConfig } from '../helpers/app.js'
import { createProgram, createWorkers } from '../helpers/setup.js'

/**
 * Santunan claims end to end through the API: enrol → invoices paid → death → claim → verify → approve → paid, on
 * an app whose clock the test moves (the rules judge "can this month still be paid" as of today).
 */
type Json = Record<string, any>

let clock = Date.parse('2025-07-01T03:00:00Z')
const setToday = (date: string) => { clock = Date.parse(`${date}T03:00:00Z`) }
const db = await openTestDatabase(t)
const app = await buildApp(testConfig(), { db, now: () => clock })
t.teardown(() => app.close())
const ctx = systemContext('claims-test')
const key = async (role: 'admin' | 'operator' | 'auditor' | 'branch', branchCode?: string) =>
  bearer((await app.services.apiKeys.create(ctx, { name: `claims ${role} ${branchCode ?? ''}`.trim(), role, branchCode })).key)
const admin = await key('admin')
const operator = await key('operator')
const auditor = await key('auditor')
const cimone = await key('branch', 'CIMONE')
const cikokol = await key('branch', 'CIKOKOL')

let serial = 0
const idem = () => ({ 'idempotency-key': `claims-${process.pid}-${++serial}` })
const post = (url: string, payload: unknown, headers: Record<string, string> = operator) => app.inject({ method: 'POST', url, headers, payload: payload as Json })
const get = (url: string, headers: Record<string, string> = operator) => app.inject({ method: 'GET', url, headers })

const program = () => createProgram(app, admin.authorization.slice(7), { branchByKecamatan: { 367101: 'CIMONE', 367102: 'CIKOKOL' } })

/** A worker enrolled from 2025-03 (decided 2025-02-20) and registered by its branch. */
async function enrolled (code: string, opts: { kecamatanCode?: string; desil?: number } = {}) {
  const [workerId] = await createWorkers(app, operator.authorization.slice(7), 1, { ...(opts.kecamatanCode ? { kecamatanCode: opts.kecamatanCode } : {}), ...(opts.desil ? { desil: opts.desil } : {}) })
  const res = await post('/v1/enrolments', { workerId, programCode: code, startMonth: '2025-03', enrolledOn: '2025-02-20' })
  if (res.statusCode !== 201) throw new Error(`enrol: ${res.statusCode} ${res.body}`)
  const e = res.json()
  const branch = e.branchCode === 'CIMONE' ? cimone : cikokol
  const c = await post(`/v1/branches/${e.branchCode}/confirmations`, [{ enrolmentId: e.id, outcome: 'REGISTERED', kpjNumber: `KPJ${String(++serial).padStart(8, '0')}` }], branch)
  if (c.statusCode !== 200) throw new Error(`confirm: ${c.statusCode} ${c.body}`)
  return { workerId: workerId!, enrolmentId: e.id as string }
}

/** The month's invoice of the programme's Cimone workers: created and issued, and paid unless told otherwise. */
async function bill (code: string, month: string, pay = true): Promise<Json> {
  const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month })).json()
  await post(`/v1/invoices/${inv.id}/issue`, {})
  if (pay) await payInvoice(inv)
  return inv
}
/** Paid on the 14th of its month, or today when that is earlier or the payment is late (within the lapse rule's window). */
const payInvoice = async (inv: Json, opts: { late?: boolean } = {}) => {
  const today = new Date(clock).toISOString().slice(0, 10)
  const onTime = `${inv.month}-14`
  const paidAt = opts.late === true || today < onTime ? today : onTime
  const res = await post(`/v1/invoices/${inv.id}/payments`, { sp2dNumber: `SP2D-${inv.id.slice(0, 8)}`, paidAt, amount: inv.total }, { ...operator, ...idem() })
  if (res.statusCode !== 200) throw new Error(`pay: ${res.statusCode} ${res.body}`)
}

let heirSerial = 0
const heir = (relationship = 'SPOUSE') => ({ nik: buildNik({ kecamatan: '367105', birthDate: '1988-03-10', sex: 'F', serial: 5000 + ++heirSerial }), name: 'Siti Aminah', relationship })
const JKM_DOCS = ['DEATH_CERTIFICATE', 'KK', 'KTP_DECEASED', 'KTP_HEIR', 'HEIR_CERTIFICATE', 'BANK_BOOK_HEIR', 'MARRIAGE_BOOK'].map((type) => ({ type }))
const SANTUNAN_DOCS = ['DEATH_CERTIFICATE', 'HEIR_STATEMENT', 'DTKS_LETTER', 'KTP_APPLICANT', 'KK_DECEASED', 'BANK_ACCOUNT_APPLICANT'].map((type) => ({ type }))

const claim = (body: Json, headers: Record<string, string> = operator) => post('/v1/claims', { heir: heir(), documents: [], ...body }, headers)
const amountsOf = (a: Json) => Object.fromEntries(a.breakdown.map((l: Json) => [l.component, l.amount]))

t.test('JKM after the waiting period: the full Rp42,000,000 as 20,000,000 + 12,000,000 + 10,000,000, and the death recorded', async (t) => {
  setToday('2025-07-01')
  const code = await program()
  const w = await enrolled(code)
  for (const m of ['2025-03', '2025-04', '2025-05', '2025-06']) await bill(code, m)
  const res = await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-06-14', cause: 'ILLNESS', documents: JKM_DOCS })
  t.equal(res.statusCode, 201, 'created', { body: res.body })
  const c = res.json()
  t.match(c, { status: 'SUBMITTED', type: 'JKM', claimDate: '2025-07-01', assessment: { eligible: true, amount: 42_000_000, final: true, watchMonths: [], rulesetVersion: /.+/ } })
  t.same(amountsOf(c.assessment), { LUMP_SUM: 20_000_000, PERIODIC: 12_000_000, FUNERAL: 10_000_000 })
  t.ok(c.assessment.reasons.some((r: string) => /waiting period/.test(r)), 'the reasons say why')
  const worker = (await get(`/v1/workers/${w.workerId}`)).json()
  t.match(worker, { status: 'DECEASED', dateOfDeath: '2025-06-14', deathCause: 'ILLNESS' }, 'the claim recorded the death')
  const enrolment = (await get(`/v1/enrolments/${w.enrolmentId}`)).json()
  t.match(enrolment, { status: 'ENDED', endMonth: '2025-06' }, 'and ended the enrolment with the month of death')

  t.equal((await post(`/v1/claims/${c.id}/verify`, {})).statusCode, 200)
  const approved = await post(`/v1/claims/${c.id}/approve`, {})
  t.equal(approved.json().status, 'APPROVED')
  const settled = await post(`/v1/claims/${c.id}/settlement`, { amount: 42_000_000, paidAt: '2025-07-01', reference: 'JKM-CMN-1' }, cimone)
  t.equal(settled.statusCode, 200, 'settled', { body: settled.body })
  t.match(settled.json(), { status: 'PAID', payment: { kind: 'SETTLEMENT', amount: 42_000_000, differsFromAssessment: false } })
  t.same(settled.json().history.map((h: Json) => h.status), ['SUBMITTED', 'VERIFIED', 'APPROVED', 'PAID'], 'every step in the history')
  const audit = (await get(`/v1/audit-events?entityType=claim&entityId=${c.id}`, admin)).json().items.map((e: Json) => e.action)
  t.same(audit, ['claim.submitted', 'claim.verified', 'claim.approved', 'claim.settled'], 'every step audited')
})

t.test('JKM death within the waiting period: the early-death Rp10,000,000, final when no earlier month could still be paid', async (t) => {
  setToday('2025-06-05')
  const code = await program()
  const w = await enrolled(code)
  for (const m of ['2025-03', '2025-04', '2025-05']) await bill(code, m)
  const c = (await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-05-31', cause: 'ILLNESS' })).json()
  t.match(c.assessment, { eligible: true, amount: 10_000_000, final: true, breakdown: [{ component: 'EARLY_DEATH', amount: 10_000_000 }] })
})

t.test('JKM not covered after a lapse: more than 3 consecutive unpaid months before the death', async (t) => {
  setToday('2025-08-15')
  const code = await program()
  const w = await enrolled(code)
  await bill(code, '2025-03')
  for (const m of ['2025-04', '2025-05', '2025-06', '2025-07']) await bill(code, m, false)
  const c = (await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-08-10', cause: 'OTHER' })).json()
  t.match(c.assessment, { eligible: false, amount: 0, final: true })
  t.ok(c.assessment.reasons.some((r: string) => /lapsed/.test(r)), 'the reason names the lapse')
})

t.test('JKK death from a work accident: Rp70,000,000, and the JKK list plus the JKM list with the KTP asked once', async (t) => {
  setToday('2025-06-20')
  const code = await program()
  const w = await enrolled(code)
  for (const m of ['2025-03', '2025-04', '2025-05']) await bill(code, m)
  const res = await claim({ workerId: w.workerId, type: 'JKK', eventDate: '2025-05-10', jkkBenefit: 'DEATH', roadAccident: true })
  t.equal(res.statusCode, 201, 'created', { body: res.body })
  const c = res.json()
  t.match(c, { cause: 'WORK_ACCIDENT', jkkBenefit: { type: 'DEATH' }, assessment: { eligible: true, amount: 70_000_000, final: true } })
  t.ok(c.requiredDocuments.includes('KTP_DECEASED') && !c.requiredDocuments.includes('KTP'), 'the deceased’s KTP once')
  t.ok(c.requiredDocuments.includes('POLICE_REPORT') && c.requiredDocuments.includes('ACCIDENT_REPORT_1') && c.requiredDocuments.includes('HEIR_CERTIFICATE'))
  t.equal(new Set(c.requiredDocuments).size, c.requiredDocuments.length)
  const worker = (await get(`/v1/workers/${w.workerId}`)).json()
  t.match(worker, { status: 'DECEASED', deathCause: 'WORK_ACCIDENT' })
})

t.test('a JKK claim after its 5 years is stored and assessed not eligible with the reason', async (t) => {
  setToday('2025-07-01')
  const code = await program()
  const w = await enrolled(code)
  const res = await claim({ workerId: w.workerId, type: 'JKK', eventDate: '2020-06-01', jkkBenefit: { type: 'MEDICAL', actualCost: 2_500_000 } })
  t.equal(res.statusCode, 201, 'never refused')
  t.match(res.json().assessment, { eligible: false, amount: 0 })
  t.ok(res.json().assessment.reasons.some((r: string) => /expired/.test(r)))
  t.match((await get(`/v1/workers/${w.workerId}`)).json(), { status: 'ACTIVE' }, 'an accident that was not a death records none')
})

t.test('pending while the death month is unpaid, assessed again in the transaction that pays it', async (t) => {
  setToday('2025-05-20')
  const code = await program()
  const w = await enrolled(code)
  for (const m of ['2025-03', '2025-04']) await bill(code, m)
  const may = await bill(code, '2025-05', false)
  const c = (await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-05-10', cause: 'ILLNESS' })).json()
  t.match(c.assessment, { eligible: false, amount: 0, final: false, pending: { waitingFor: /2025-05/ } })
  t.ok(c.assessment.watchMonths.includes('2025-05'))
  t.equal((await post(`/v1/claims/${c.id}/verify`, {})).statusCode, 409, 'documents are missing too')

  await payInvoice(may)
  const after = (await get(`/v1/claims/${c.id}`)).json()
  t.match(after.assessment, { eligible: true, amount: 10_000_000, final: true })
  t.equal(after.reassessments.length, 1)
  t.match(after.reassessments[0], { trigger: new RegExp(`invoice ${may.id} for 2025-05 paid`), before: { eligible: false, amount: 0, pending: /2025-05/ }, after: { eligible: true, amount: 10_000_000 } })
  t.equal(after.history.at(-1).status, 'REASSESSED')
  const audit = (await get(`/v1/audit-events?entityType=claim&entityId=${c.id}`, admin)).json().items.map((e: Json) => e.action)
  t.ok(audit.includes('claim.reassessed'))
})

t.test('an early-death result becomes the full benefit when a gap month inside the run before it is paid late', async (t) => {
  setToday('2025-07-25')
  const code = await program()
  const w = await enrolled(code)
  for (const m of ['2025-03', '2025-04']) await bill(code, m)
  const may = await bill(code, '2025-05', false) // the gap
  for (const m of ['2025-06', '2025-07']) await bill(code, m)
  const c = (await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-07-20', cause: 'ILLNESS', documents: JKM_DOCS })).json()
  t.match(c.assessment, { eligible: true, amount: 10_000_000, final: false, watchMonths: ['2025-05'], openBecause: /2025-05/ })
  await post(`/v1/claims/${c.id}/verify`, {})
  const early = await post(`/v1/claims/${c.id}/approve`, {})
  t.equal(early.statusCode, 409, 'not approved while a payment could still change it')
  t.equal(early.json().type.endsWith('assessment-not-final'), true)

  await payInvoice(may, { late: true })
  const full = (await get(`/v1/claims/${c.id}`)).json()
  t.match(full.assessment, { eligible: true, amount: 42_000_000, final: true })
  t.same(amountsOf(full.assessment), { LUMP_SUM: 20_000_000, PERIODIC: 12_000_000, FUNERAL: 10_000_000 })
  t.match(full.reassessments[0], { before: { amount: 10_000_000 }, after: { amount: 42_000_000 } })
  t.equal((await post(`/v1/claims/${c.id}/approve`, {})).json().status, 'APPROVED')
})

t.test('a pending claim whose month can no longer be paid becomes not covered, with that reason (daily re-assessment)', async (t) => {
  setToday('2025-05-20')
  const code = await program()
  const w = await enrolled(code)
  for (const m of ['2025-03', '2025-04']) await bill(code, m)
  const c = (await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-05-10', cause: 'ILLNESS' })).json()
  t.match(c.assessment, { final: false, pending: {} })
  setToday('2025-08-31')
  t.match((await post('/v1/claims/reassessments', {})).json(), { asOf: '2025-08-31' })
  t.match((await get(`/v1/claims/${c.id}`)).json().assessment, { final: false }, 'still payable on 2025-08-31')
  setToday('2025-09-01')
  const run = (await post('/v1/claims/reassessments', {})).json()
  t.ok(run.changed >= 1)
  const after = (await get(`/v1/claims/${c.id}`)).json()
  t.match(after.assessment, { eligible: false, final: true })
  t.notOk(after.assessment.pending)
  t.ok(after.assessment.reasons.some((r: string) => /can no longer be paid/.test(r)), after.assessment.reasons.join(' | '))
})

t.test('SANTUNAN_KEMATIAN for a registered poor resident with no enrolment: in time on the 40th working day, late on the 41st', async (t) => {
  const death = '2025-05-02' // the count crosses Waisak, Ascension, Idul Adha and their cuti bersama
  const deadline = santunanDeadline(death, BUILT_IN_HOLIDAY_CALENDAR)
  if (!deadline.ok) throw new Error('2025 holidays are final')
  const day41 = addWorkingDays(deadline.date, 1, BUILT_IN_HOLIDAY_CALENDAR)
  if (!day41.ok) throw new Error('2025 holidays are final')
  const [inTime, late] = await createWorkers(app, operator.authorization.slice(7), 2)
  setToday(deadline.date)
  const a = (await claim({ workerId: inTime, type: 'SANTUNAN_KEMATIAN', eventDate: death, cause: 'ILLNESS', heir: heir('CHILD'), documents: SANTUNAN_DOCS })).json()
  t.match(a, { branchCode: null, assessment: { eligible: true, amount: 3_000_000, final: true, workingDaysAfterDeath: 40, applicationDeadline: deadline.date } })
  t.same(amountsOf(a.assessment), { SANTUNAN_KEMATIAN: 3_000_000 })
  setToday(day41.date)
  const b = (await claim({ workerId: late, type: 'SANTUNAN_KEMATIAN', eventDate: death, cause: 'ILLNESS' })).json()
  t.match(b.assessment, { eligible: false, amount: 0, workingDaysAfterDeath: 41 })
  t.ok(b.assessment.reasons.some((r: string) => /41 working days/.test(r)), b.assessment.reasons.join(' | '))
})

t.test('SANTUNAN_KEMATIAN exclusions and the poverty rule (desil at most 4, or verified by Dinas Sosial)', async (t) => {
  setToday('2025-07-01')
  const [suicide] = await createWorkers(app, operator.authorization.slice(7), 1, { desil: 2 })
  const [richer, verified] = await createWorkers(app, operator.authorization.slice(7), 2, { desil: 6 })
  const x = (await claim({ workerId: suicide, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', cause: 'OTHER', exclusions: ['SUICIDE'] })).json()
  t.match(x.assessment, { eligible: false })
  t.ok(x.assessment.reasons.some((r: string) => /suicide/.test(r)))
  const r = (await claim({ workerId: richer, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', cause: 'ILLNESS' })).json()
  t.match(r.assessment, { eligible: false })
  t.ok(r.assessment.reasons.some((s: string) => /desil 6/.test(s)))
  const v = (await claim({ workerId: verified, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', cause: 'ILLNESS', meetsPovertyCriteria: true })).json()
  t.match(v.assessment, { eligible: true, amount: 3_000_000 })
})

t.test('documents and heirs: what is missing, verification refused until complete, heirs ranked', async (t) => {
  setToday('2025-07-01')
  const code = await program()
  const w = await enrolled(code)
  for (const m of ['2025-03', '2025-04', '2025-05', '2025-06']) await bill(code, m)
  const res = await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-06-14', cause: 'ILLNESS', heir: heir('PARENT'), documents: [{ type: 'DEATH_CERTIFICATE', fileName: 'akta.pdf', sha256: 'a'.repeat(64) }] })
  const c = res.json()
  t.match(c.heir, { relationship: 'PARENT', rank: 2, ranksFirst: false, name: 'Siti Aminah' })
  t.match(c.heir.nik, /^\d{16}$/, 'an operator reading the claim sees the heir’s NIK')
  t.same(c.heirsRankingFirst, ['SPOUSE', 'CHILD'])
  t.same(c.missingDocuments, ['KK', 'KTP_DECEASED', 'KTP_HEIR', 'HEIR_CERTIFICATE', 'BANK_BOOK_HEIR'], 'no marriage book for a parent')
  const refused = await post(`/v1/claims/${c.id}/verify`, {})
  t.equal(refused.statusCode, 409)
  t.same(refused.json().missingDocuments, c.missingDocuments)
  let last: Json = {}
  for (const type of c.missingDocuments) last = (await post(`/v1/claims/${c.id}/documents`, { type })).json()
  t.same(last.missingDocuments, [])
  t.equal((await post(`/v1/claims/${c.id}/verify`, {})).json().status, 'VERIFIED')
  const listed = (await get(`/v1/claims?workerId=${w.workerId}`)).json().items[0]
  t.match(listed.heir.nik, /•/, 'masked in lists')
  t.match((await get(`/v1/claims/${c.id}`, auditor)).json().heir.nik, /•/, 'masked for the auditor')

  const bad = await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-06-14', heir: { nik: '1234', name: 'X', relationship: 'SPOUSE' } })
  t.equal(bad.statusCode, 400)
  t.ok(bad.json().errors.some((e: Json) => e.path === 'heir.nik'))
  t.equal((await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-06-14', heir: { ...heir(), relationship: 'COUSIN' } })).statusCode, 400)
})

t.test('every illegal transition is a 409, and nothing happens after PAID or REJECTED', async (t) => {
  setToday('2025-07-01')
  const [w, r] = await createWorkers(app, operator.authorization.slice(7), 2)
  const c = (await claim({ workerId: w, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', cause: 'ILLNESS', documents: SANTUNAN_DOCS })).json()
  const pay = (body: Json = {}) => post(`/v1/claims/${c.id}/payments`, { amount: 3_000_000, paidAt: '2025-07-01', reference: `SP2D-C-${++serial}`, tahap: '2025-I', ...body }, { ...operator, ...idem() })
  t.equal((await post(`/v1/claims/${c.id}/approve`, {})).statusCode, 409, 'no approve before verify')
  t.equal((await pay()).statusCode, 409, 'no pay before approve')
  await post(`/v1/claims/${c.id}/verify`, {})
  t.equal((await pay()).statusCode, 409, 'no pay before approve, verified or not')
  await post(`/v1/claims/${c.id}/approve`, {})
  t.equal((await post(`/v1/claims/${c.id}/settlement`, { amount: 3_000_000, paidAt: '2025-07-01', reference: 'X-1' }, admin)).statusCode, 409, 'the city pays a santunan, BPJS does not')
  const wrong = await pay({ amount: 2_999_999 })
  t.equal(wrong.statusCode, 422, 'the amount must equal the assessed amount')
  t.equal((await post(`/v1/claims/${c.id}/payments`, { amount: 3_000_000, paidAt: '2025-07-01', reference: 'NOKEY' })).statusCode, 400, 'Idempotency-Key required')
  t.equal((await pay()).json().status, 'PAID')
  for (const [path, body] of [['verify', {}], ['approve', {}], ['reject', { reason: 'late' }], ['documents', { type: 'KK_DECEASED' }]] as const) {
    t.equal((await post(`/v1/claims/${c.id}/${path}`, body)).statusCode, 409, `nothing after PAID: ${path}`)
  }
  t.equal((await pay()).statusCode, 409, 'never paid twice')

  const rejected = (await claim({ workerId: r, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', cause: 'ILLNESS', documents: SANTUNAN_DOCS })).json()
  t.equal((await post(`/v1/claims/${rejected.id}/reject`, { reason: 'the heir statement is forged' })).json().status, 'REJECTED')
  for (const path of ['verify', 'approve']) t.equal((await post(`/v1/claims/${rejected.id}/${path}`, {})).statusCode, 409, `nothing after REJECTED: ${path}`)
  t.equal((await post(`/v1/claims/${rejected.id}/reject`, { reason: 'another reason' })).statusCode, 409)
  t.equal((await claim({ workerId: r, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', cause: 'ILLNESS' })).statusCode, 201, 'after a rejection the family may claim again')
})

t.test('a JKM claim is settled by its worker’s branch only; the other branch and the city cannot pay it', async (t) => {
  setToday('2025-07-01')
  const code = await program()
  const w = await enrolled(code)
  for (const m of ['2025-03', '2025-04', '2025-05', '2025-06']) await bill(code, m)
  const c = (await claim({ workerId: w.workerId, type: 'JKM', eventDate: '2025-06-14', cause: 'ILLNESS', documents: JKM_DOCS })).json()
  t.equal(c.branchCode, 'CIMONE')
  await post(`/v1/claims/${c.id}/verify`, {})
  await post(`/v1/claims/${c.id}/approve`, {})
  t.equal((await get(`/v1/claims/${c.id}`, cikokol)).statusCode, 404, 'another branch’s claim does not exist for it')
  t.equal((await post(`/v1/claims/${c.id}/settlement`, { amount: 42_000_000, paidAt: '2025-07-01', reference: 'S-1' }, cikokol)).statusCode, 404)
  t.equal((await post(`/v1/claims/${c.id}/payments`, { amount: 42_000_000, paidAt: '2025-07-01', reference: 'S-2' }, { ...operator, ...idem() })).statusCode, 409, 'BPJS pays JKM')
  t.equal((await get(`/v1/claims/${c.id}`, cimone)).statusCode, 200)
  const reads = (await get('/v1/audit-events?entityType=branch&entityId=CIMONE&limit=500', admin)).json().items.filter((e: Json) => e.action === 'claim.read')
  t.ok(reads.some((e: Json) => e.after.claimIds.includes(c.id)), 'a branch’s read of a family’s claim is audited')
  t.ok((await get('/v1/claims', cikokol)).json().items.every((i: Json) => i.branchCode === 'CIKOKOL' && i.type !== 'SANTUNAN_KEMATIAN'))
  const less = await post(`/v1/claims/${c.id}/settlement`, { amount: 40_000_000, paidAt: '2025-07-01', reference: 'S-3' }, cimone)
  t.match(less.json(), { status: 'PAID', payment: { amount: 40_000_000, differsFromAssessment: true } }, 'what BPJS paid is recorded, the difference shown')
})

t.test('20 parallel payments with 20 different keys: exactly one payment, the others 409', async (t) => {
  setToday('2025-07-01')
  const [w] = await createWorkers(app, operator.authorization.slice(7), 1)
  const c = (await claim({ workerId: w, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', cause: 'ILLNESS', documents: SANTUNAN_DOCS })).json()
  await post(`/v1/claims/${c.id}/verify`, {})
  await post(`/v1/claims/${c.id}/approve`, {})
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => post(`/v1/claims/${c.id}/payments`, { amount: 3_000_000, paidAt: '2025-07-01', reference: `SP2D-PAR-${process.pid}-${i}`, tahap: '2025-II' }, { ...operator, ...idem() }))
  )
  t.equal(results.filter((r) => r.statusCode === 200).length, 1, 'one payment')
  t.equal(results.filter((r) => r.statusCode === 409).length, 19, 'the others 409')
  const d = (await get('/v1/claims/disbursements?tahap=2025-II')).json()
  t.equal(d.items.filter((i: Json) => i.claimId === c.id).length, 1, 'one row in the disbursement list')
})

t.test('the treasury’s disbursement list per tahap: count and total, JSON and CSV', async (t) => {
  setToday('2025-07-01')
  const workers = await createWorkers(app, operator.authorization.slice(7), 2)
  for (const w of workers) {
    const c = (await claim({ workerId: w, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', cause: 'ILLNESS', documents: SANTUNAN_DOCS })).json()
    await post(`/v1/claims/${c.id}/verify`, {})
    await post(`/v1/claims/${c.id}/approve`, {})
    await post(`/v1/claims/${c.id}/payments`, { amount: 3_000_000, paidAt: '2025-07-01', reference: `SP2D-III-${++serial}`, tahap: '2025-III' }, { ...operator, ...idem() })
  }
  const d = (await get('/v1/claims/disbursements?tahap=2025-III', auditor)).json()
  t.match(d, { tahap: '2025-III', count: 2, total: 6_000_000 })
  t.ok(d.items.every((i: Json) => /•/.test(i.heirNik)))
  const csv = await app.inject({ method: 'GET', url: '/v1/claims/disbursements?tahap=2025-III', headers: { ...operator, accept: 'text/csv' } })
  t.equal(csv.body.split('\r\n').filter(Boolean).length, 3)
  t.equal((await get('/v1/claims?tahap=2025-III')).json().items.length, 2)
  t.equal((await get('/v1/claims/disbursements?tahap=2025-III', cimone)).statusCode, 403)
  t.equal((await get('/v1/claims/disbursements?tahap=2025')).statusCode, 400)
})

t.test('POST /v1/workers/{id}/death and a death claim are two doors to one fact', async (t) => {
  setToday('2025-07-01')
  const code = await program()
  const a = await enrolled(code)
  await post(`/v1/workers/${a.workerId}/death`, { dateOfDeath: '2025-06-14', cause: 'ILLNESS' })
  const agrees = await claim({ workerId: a.workerId, type: 'JKM', eventDate: '2025-06-14' })
  t.equal(agrees.statusCode, 201, 'the claim takes the recorded cause')
  t.equal(agrees.json().cause, 'ILLNESS')
  const other = await claim({ workerId: a.workerId, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-15', cause: 'ILLNESS' })
  t.equal(other.statusCode, 409)
  t.match(other.json(), { recorded: { dateOfDeath: '2025-06-14', cause: 'ILLNESS' } }, 'naming the recorded death')
  const twice = await claim({ workerId: a.workerId, type: 'JKM', eventDate: '2025-06-14' })
  t.equal(twice.statusCode, 409, 'a second JKM death claim')
  t.equal(twice.json().existingClaimId, agrees.json().id)

  const b = await enrolled(code)
  t.equal((await claim({ workerId: b.workerId, type: 'JKM', eventDate: '2025-06-10', cause: 'ILLNESS' })).statusCode, 201)
  t.equal((await post(`/v1/workers/${b.workerId}/death`, { dateOfDeath: '2025-06-10', cause: 'ILLNESS' })).statusCode, 200, 'the same facts agree')
  t.equal((await post(`/v1/workers/${b.workerId}/death`, { dateOfDeath: '2025-06-11', cause: 'ILLNESS' })).statusCode, 409, 'other facts are a 409')
})

t.test('input the rules cannot judge is a 400 naming the field', async (t) => {
  setToday('2025-07-01')
  const [w] = await createWorkers(app, operator.authorization.slice(7), 1)
  const bad = async (body: Json, path: string) => {
    const res = await claim({ workerId: w, ...body })
    t.equal(res.statusCode, 400, path, { body: res.body })
    t.ok(res.json().errors?.some((e: Json) => e.path === path), path)
  }
  await bad({ type: 'JKK', eventDate: '2025-06-01' }, 'jkkBenefit')
  await bad({ type: 'JKM', eventDate: '2025-06-01', cause: 'ILLNESS', jkkBenefit: 'DEATH' }, 'jkkBenefit')
  await bad({ type: 'JKM', eventDate: '2025-07-02', cause: 'ILLNESS' }, 'eventDate')
  await bad({ type: 'JKM', eventDate: '2025-06-01' }, 'cause')
  await bad({ type: 'JKK', eventDate: '2025-06-01', jkkBenefit: 'DEATH', cause: 'ILLNESS' }, 'cause')
  await bad({ type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-01', cause: 'ILLNESS', documents: [{ type: 'ACCIDENT_REPORT_1' }] }, 'documents.0.type')
  t.equal((await claim({ workerId: w, type: 'JKM', eventDate: '2025-06-01', cause: 'ILLNESS' }, bearer('nope'))).statusCode, 401)
  t.equal((await claim({ workerId: w, type: 'JKM', eventDate: '2025-06-01', cause: 'ILLNESS' }, auditor)).statusCode, 403)
  t.match((await get(`/v1/workers/${w}`)).json(), { status: 'ACTIVE' }, 'no refused claim recorded a death')
})

t.test('a claim recorded after the fact gives the day the family applied: the 40 working days count to it', async (t) => {
  setToday('2026-12-02')
  const [w, x] = await createWorkers(app, operator.authorization.slice(7), 2)
  const c = (await claim({ workerId: w, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', appliedOn: '2025-07-01', cause: 'ILLNESS' })).json()
  t.match(c, { claimDate: '2025-07-01', assessment: { eligible: true, amount: 3_000_000 } })
  const bad = await claim({ workerId: x, type: 'SANTUNAN_KEMATIAN', eventDate: '2025-06-20', appliedOn: '2025-06-19', cause: 'ILLNESS' })
  t.equal(bad.statusCode, 400)
  t.ok(bad.json().errors.some((e: Json) => e.path === 'appliedOn'))
})
