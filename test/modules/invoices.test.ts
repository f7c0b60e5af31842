import t, { type Test } from 'tap'
import fc from 'fast-check'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../src/db/client.js'
import { bearer, buildTestApp, onPostgres } from '../helpers/app.js'
import { createProgram, createWorkers } from '../helpers/setup.js'
import { csvRow } from '../../src/lib/csv.js'

type Json = Record<string, any>

const { app, keys, db } = await buildTestApp(t)
const admin = bearer(keys.admin)
const operator = bearer(keys.operator)
const cimone = bearer(keys.cimone)
const cikokol = bearer(keys.cikokol)
let keySerial = 0
const idem = () => ({ 'idempotency-key': `pay-${process.pid}-${++keySerial}` })

const post = (url: string, payload: unknown, headers: Record<string, string> = operator) => app.inject({ method: 'POST', url, headers, payload: payload as Json })
const get = (url: string, headers: Record<string, string> = operator) => app.inject({ method: 'GET', url, headers })

/** A programme March–December 2025 with Tangerang (367101) served by Cimone and Jatiuwung (367102) by Cikokol. */
const program = () => createProgram(app, keys.admin, { branchByKecamatan: { 367101: 'CIMONE', 367102: 'CIKOKOL' } })

/** Enrols a worker (decided on 2025-02-20) and, unless told otherwise, has its branch register it with a KPJ number. */
async function enrolled (code: string, opts: { startMonth?: string; kecamatanCode?: string; register?: boolean; name?: string } = {}) {
  const [workerId] = await createWorkers(app, keys.operator, 1, { ...(opts.kecamatanCode ? { kecamatanCode: opts.kecamatanCode } : {}), ...(opts.name ? { name: opts.name } : {}) })
  const res = await post('/v1/enrolments', { workerId, programCode: code, startMonth: opts.startMonth ?? '2025-03', enrolledOn: '2025-02-20' })
  if (res.statusCode !== 201) throw new Error(`enrol: ${res.statusCode} ${res.body}`)
  const e = res.json()
  if (opts.register !== false) {
    const branch = e.branchCode === 'CIMONE' ? cimone : cikokol
    const c = await post(`/v1/branches/${e.branchCode}/confirmations`, [{ enrolmentId: e.id, outcome: 'REGISTERED', kpjNumber: `KPJ${String(++keySerial).padStart(8, '0')}` }], branch)
    if (c.statusCode !== 200) throw new Error(`confirm: ${c.statusCode}`)
  }
  return { workerId: workerId!, enrolmentId: e.id as string }
}

const death = (workerId: string, dateOfDeath: string) => post(`/v1/workers/${workerId}/death`, { dateOfDeath, cause: 'ILLNESS' })
const budget = async (code: string) => (await get(`/v1/programs/${code}/budget`, admin)).json()
const linesOf = async (id: string, headers = operator) => (await get(`/v1/invoices/${id}/lines?limit=500`, headers)).json().items as Json[]

/** The programme's counters equal the sums over its enrolments, and allocated = reserved + invoiced + paid + remaining. */
async function ledgerHolds (t: Test, code: string) {
  const b = await budget(code)
  t.equal(b.reserved + b.invoiced + b.paid + b.remaining, b.allocated, 'reserved + invoiced + paid + remaining = allocated')
  const [sums] = rowsOf<{ reserved: number; invoiced: number; paid: number }>(await db.db.execute(sql`
    select coalesce(sum(reserved_amount), 0)::bigint as reserved, coalesce(sum(invoiced_amount), 0)::bigint as invoiced, coalesce(sum(paid_amount), 0)::bigint as paid
      from enrolments where program_code = ${code}`))
  t.same({ reserved: Number(sums!.reserved), invoiced: Number(sums!.invoiced), paid: Number(sums!.paid) }, { reserved: b.reserved, invoiced: b.invoiced, paid: b.paid }, 'the programme’s counters are the sums of its enrolments’')
}

t.test('a month’s invoice bills exactly the registered enrolments of the branch covered that month', async (t) => {
  const code = await program()
  const active = await enrolled(code)
  const laterStart = await enrolled(code, { startMonth: '2025-05' })
  await enrolled(code, { register: false }) // PENDING: not registered at BPJS yet
  const rejected = await enrolled(code, { register: false })
  const [rejectedEnrolment] = [rejected.enrolmentId]
  await post('/v1/branches/CIMONE/confirmations', [{ enrolmentId: rejectedEnrolment, outcome: 'REJECTED', reason: 'NIK not found at Dukcapil' }], cimone)
  const endedInMonth = await enrolled(code)
  await post(`/v1/enrolments/${endedInMonth.enrolmentId}/end`, { endMonth: '2025-04', reason: 'MOVED' })
  const endedBefore = await enrolled(code)
  await post(`/v1/enrolments/${endedBefore.enrolmentId}/end`, { endMonth: '2025-03', reason: 'MOVED' })
  const diedFirstDay = await enrolled(code)
  await death(diedFirstDay.workerId, '2025-04-01')
  const diedWithin = await enrolled(code)
  await death(diedWithin.workerId, '2025-04-15')
  const diedBefore = await enrolled(code)
  await death(diedBefore.workerId, '2025-03-31')
  const otherBranch = await enrolled(code, { kecamatanCode: '367102' })

  const res = await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-04' })
  t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body)
  const inv = res.json()
  t.match(inv, { programCode: code, branchCode: 'CIMONE', month: '2025-04', status: 'DRAFT', unitAmount: 16_800, lineCount: 4, total: 4 * 16_800 })
  t.match(inv.history, [{ status: 'DRAFT', actorRole: 'operator' }])
  const billed = (await linesOf(inv.id)).map((l) => l.enrolmentId).sort()
  t.same(billed, [active, endedInMonth, diedFirstDay, diedWithin].map((e) => e.enrolmentId).sort(), 'ACTIVE, ended in the month, died on its first day or within it')
  for (const absent of [laterStart, rejected, endedBefore, diedBefore, otherBranch]) t.notOk(billed.includes(absent.enrolmentId))

  const other = await post('/v1/invoices', { programCode: code, branchCode: 'CIKOKOL', month: '2025-04' })
  t.equal(other.json().lineCount, 1, 'the other branch has its own invoice')
})

t.test('one invoice per programme, branch and month; a month outside the programme is 422', async (t) => {
  const code = await program()
  await enrolled(code)
  const first = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-05' })).json()
  const again = await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-05' })
  t.equal(again.statusCode, 409)
  t.match(again.json(), { type: 'https://jamsos-rentan.id/problems/invoice-exists', existingInvoiceId: first.id })
  t.equal((await post(`/v1/invoices/${first.id}/void`, { reason: 'wrong month' })).json().status, 'VOID')
  t.equal((await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-05' })).statusCode, 201, 'billed again once voided')
  const outside = await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2026-01' })
  t.equal(outside.statusCode, 422)
  t.equal(outside.json().type, 'https://jamsos-rentan.id/problems/month-outside-programme')
})

t.test('issue, pay once, never twice: the money moves reserved → invoiced → paid, to the Rupiah', async (t) => {
  const code = await program()
  const a = await enrolled(code)
  await enrolled(code)
  const before = await budget(code)
  t.equal(before.reserved, 2 * 10 * 16_800)
  const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-03' })).json()
  const issued = await post(`/v1/invoices/${inv.id}/issue`, {})
  t.equal(issued.json().status, 'ISSUED')
  t.match(await budget(code), { reserved: before.reserved - 2 * 16_800, invoiced: 2 * 16_800, paid: 0 })
  t.match((await get(`/v1/enrolments/${a.enrolmentId}`)).json(), { reservedAmount: 9 * 16_800, invoicedAmount: 16_800, paidAmount: 0 })
  await ledgerHolds(t, code)

  const payment = { sp2dNumber: `SP2D/${code}/1`, paidAt: '2025-03-14', amount: 2 * 16_800 }
  const keyless = await post(`/v1/invoices/${inv.id}/payments`, payment)
  t.equal(keyless.statusCode, 400, 'a payment needs an Idempotency-Key: a retry must never pay twice')
  const wrong = await post(`/v1/invoices/${inv.id}/payments`, { ...payment, amount: 33_599 }, { ...operator, ...idem() })
  t.equal(wrong.statusCode, 422)
  t.equal(wrong.json().type, 'https://jamsos-rentan.id/problems/amount-mismatch')
  const key = idem()
  const paid = await post(`/v1/invoices/${inv.id}/payments`, payment, { ...operator, ...key })
  t.equal(paid.statusCode, 200)
  t.match(paid.json(), { status: 'PAID', payment: { sp2dNumber: payment.sp2dNumber, paidAt: '2025-03-14', amount: 33_600 } })
  t.match(await budget(code), { invoiced: 0, paid: 33_600 })
  const otherBody = await post(`/v1/invoices/${inv.id}/payments`, { ...payment, paidAt: '2025-03-15' }, { ...operator, ...key })
  t.equal(otherBody.statusCode, 422, 'the same key with another body is refused, never applied')
  const replay = await post(`/v1/invoices/${inv.id}/payments`, payment, { ...operator, ...key })
  t.equal(replay.statusCode, 200, 'the same key replays the first answer')
  t.equal(replay.headers['idempotent-replayed'], 'true')
  const twice = await post(`/v1/invoices/${inv.id}/payments`, payment, { ...operator, ...idem() })
  t.equal(twice.statusCode, 409, 'a new key is a second payment: refused')
  t.equal(twice.json().type, 'https://jamsos-rentan.id/problems/invoice-already-paid')
  t.match(await budget(code), { paid: 33_600 }, 'paid once')
  t.equal((await post(`/v1/invoices/${inv.id}/void`, { reason: 'too late' })).statusCode, 409, 'a paid invoice is never voided')
  const [count] = rowsOf<{ n: number }>(await db.db.execute(sql`select count(*)::int as n from invoice_payments where invoice_id = ${inv.id}`))
  t.equal(Number(count!.n), 1)
  await ledgerHolds(t, code)

  const next = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-04' })).json()
  await post(`/v1/invoices/${next.id}/issue`, {})
  const reused = await post(`/v1/invoices/${next.id}/payments`, { ...payment, amount: next.total }, { ...operator, ...idem() })
  t.equal(reused.statusCode, 409, 'an SP2D number pays one invoice of a programme')
  t.equal(reused.json().type, 'https://jamsos-rentan.id/problems/sp2d-number-used')
  const draft = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-05' })).json()
  t.equal((await post(`/v1/invoices/${draft.id}/payments`, { ...payment, sp2dNumber: 'X-1', amount: draft.total }, { ...operator, ...idem() })).statusCode, 409, 'a DRAFT is not paid')
})

t.test('voiding an issued invoice gives its amounts back to the reservation', async (t) => {
  const code = await program()
  await enrolled(code)
  const before = await budget(code)
  const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-06' })).json()
  await post(`/v1/invoices/${inv.id}/issue`, {})
  const voided = await post(`/v1/invoices/${inv.id}/void`, { reason: 'billed the wrong branch' })
  t.match(voided.json(), { status: 'VOID', voidReason: 'billed the wrong branch' })
  t.same(voided.json().history.map((h: Json) => h.status), ['DRAFT', 'ISSUED', 'VOID'])
  t.match(await budget(code), { reserved: before.reserved, invoiced: 0, paid: 0 })
  await ledgerHolds(t, code)
})

t.test('an ended enrolment keeps what it billed: ending after an invoice releases only the months still to bill', async (t) => {
  const code = await program()
  const a = await enrolled(code)
  for (const month of ['2025-03', '2025-04']) {
    const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month })).json()
    await post(`/v1/invoices/${inv.id}/issue`, {})
  }
  const ended = await post(`/v1/enrolments/${a.enrolmentId}/end`, { endMonth: '2025-05', reason: 'MOVED' })
  t.match(ended.json(), { reservedAmount: 16_800, invoicedAmount: 2 * 16_800, status: 'ENDED' }, 'May still to bill; March and April invoiced')
  await ledgerHolds(t, code)
})

t.test('a branch reads and acknowledges its own invoices only; lines disclose NIK to the branch alone', async (t) => {
  const code = await program()
  await enrolled(code)
  const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-07' })).json()
  t.equal((await get(`/v1/invoices/${inv.id}`, cikokol)).statusCode, 404, 'another branch’s invoice does not exist for it')
  t.equal((await get(`/v1/invoices/${inv.id}/lines`, cikokol)).statusCode, 404)
  t.equal((await post(`/v1/invoices/${inv.id}/acknowledge`, {}, cikokol)).statusCode, 404)
  t.ok((await get(`/v1/invoices?programCode=${code}`, cikokol)).json().items.every((i: Json) => i.branchCode === 'CIKOKOL'))
  t.equal((await post(`/v1/invoices/${inv.id}/acknowledge`, {}, cimone)).statusCode, 409, 'a DRAFT has not reached the branch')
  await post(`/v1/invoices/${inv.id}/issue`, {})
  const ack = await post(`/v1/invoices/${inv.id}/acknowledge`, {}, cimone)
  t.equal(ack.statusCode, 200)
  t.ok(ack.json().acknowledgedAt)
  const again = await post(`/v1/invoices/${inv.id}/acknowledge`, {}, cimone)
  t.equal(again.json().acknowledgedAt, ack.json().acknowledgedAt, 'acknowledging again changes nothing')
  t.equal((await post(`/v1/invoices/${inv.id}/issue`, {}, cimone)).statusCode, 403, 'a branch never issues')

  const [forBranch] = await linesOf(inv.id, cimone)
  const [forOperator] = await linesOf(inv.id, operator)
  t.match(forBranch!.nik, /^\d{16}$/, 'the branch reconciles by the full NIK')
  t.match(forOperator!.nik, /•/, 'masked for everyone else')
  const csv = await app.inject({ method: 'GET', url: `/v1/invoices/${inv.id}/lines`, headers: { ...cimone, accept: 'text/csv' } })
  t.equal(csv.statusCode, 200)
  t.match(csv.headers['content-type'], /text\/csv/)
  const rows = csv.body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)
  t.equal(rows[0], 'lineNo,enrolmentId,workerId,nik,name,kpjNumber,amount')
  t.equal(rows.length, 2)
  t.match(rows[1], new RegExp(`,${forBranch!.nik},`))
  t.equal(rows[1], [1, forBranch!.enrolmentId, forBranch!.workerId, forBranch!.nik, forBranch!.name, forBranch!.kpjNumber, forBranch!.amount].join(','), 'the CSV line is the JSON line')
  const masked = await app.inject({ method: 'GET', url: `/v1/invoices/${inv.id}/lines`, headers: { ...operator, accept: 'text/csv' } })
  const maskedRow = masked.body.split('\r\n')[1]!
  t.equal(maskedRow.split(',')[3], forOperator!.nik, 'the CSV masks the NIK for everyone but the branch, as the JSON does')
  t.notOk(masked.body.includes(forBranch!.nik), 'no full NIK in the masked CSV')
})

t.test('coverage and the JKM waiting period come from what was actually paid', async (t) => {
  const code = await program()
  const a = await enrolled(code)
  const settle = async (month: string, pay: boolean) => {
    const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month })).json()
    await post(`/v1/invoices/${inv.id}/issue`, {})
    if (pay) await post(`/v1/invoices/${inv.id}/payments`, { sp2dNumber: `SP2D-${code}-${month}`, paidAt: `${month}-14`, amount: inv.total }, { ...operator, ...idem() })
  }
  for (const m of ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07']) await settle(m, true)
  await settle('2025-08', false) // billed, not paid: the run breaks here
  await settle('2025-09', true)
  const cover = async (date: string) => (await get(`/v1/workers/${a.workerId}/coverage?date=${date}`)).json()

  const june = await cover('2025-06-15')
  t.match(june, { status: 'COVERED', jkk: true, jkm: true, run: { firstMonth: '2025-03', lastMonth: '2025-07', months: 5 }, jkmWaitingPeriodEnds: '2025-06-01', jkmWaitingPeriodMet: true })
  t.match(await cover('2025-05-31'), { status: 'COVERED', jkmWaitingPeriodMet: false }, 'the day before the waiting period ends')
  t.match(await cover('2025-08-10'), { status: 'PENDING', jkk: false, monthBilled: true, pending: { month: '2025-08' } })
  t.match(await cover('2025-09-05'), { status: 'COVERED', run: { firstMonth: '2025-09', months: 1 }, jkmWaitingPeriodEnds: '2025-12-01', jkmWaitingPeriodMet: false }, 'an unpaid month starts the count again')
  t.match(await cover('2026-02-01'), { status: 'NOT_COVERED' }, 'outside every enrolment')

  // Another worker of the same programme: only March billed to them and paid (they were added to the April–July
  // invoices of no one), so by August more than three consecutive months went unpaid: the membership lapsed.
  const lapsing = await enrolled(code, { kecamatanCode: '367102' })
  const march = (await post('/v1/invoices', { programCode: code, branchCode: 'CIKOKOL', month: '2025-03' })).json()
  await post(`/v1/invoices/${march.id}/issue`, {})
  await post(`/v1/invoices/${march.id}/payments`, { sp2dNumber: `SP2D-${code}-CIKOKOL-03`, paidAt: '2025-03-14', amount: march.total }, { ...operator, ...idem() })
  const lapsed = (await get(`/v1/workers/${lapsing.workerId}/coverage?date=2025-08-10`)).json()
  t.match(lapsed, { status: 'NOT_COVERED', lapsed: true, jkk: false, jkm: false })
  t.match(lapsed.reasons.join(' '), /2025-04 to 2025-07/)
  t.match((await get(`/v1/workers/${lapsing.workerId}/coverage?date=2025-05-10`)).json(), { status: 'PENDING', monthBilled: false }, 'not lapsed yet in May')
  t.equal((await get(`/v1/workers/${a.workerId}/coverage?date=2025-06-15`, cikokol)).statusCode, 404, 'another branch’s worker')
})

t.test('the ledger identity holds after any sequence of invoice operations', async (t) => {
  const code = await program()
  for (let i = 0; i < 3; i++) await enrolled(code)
  const months = ['2025-03', '2025-04', '2025-05', '2025-06']
  let sp2d = 0
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ op: fc.constantFrom('create', 'issue', 'pay', 'void'), month: fc.constantFrom(...months) }), { minLength: 1, maxLength: 12 }),
      async (ops) => {
        for (const { op, month } of ops) {
          const [open] = (await get(`/v1/invoices?programCode=${code}&month=${month}&limit=500`)).json().items.filter((i: Json) => i.status !== 'VOID')
          if (op === 'create') await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month })
          else if (open && op === 'issue') await post(`/v1/invoices/${open.id}/issue`, {})
          else if (open && op === 'pay') await post(`/v1/invoices/${open.id}/payments`, { sp2dNumber: `P-${++sp2d}`, paidAt: '2025-06-01', amount: open.total }, { ...operator, ...idem() })
          else if (open && op === 'void') await post(`/v1/invoices/${open.id}/void`, { reason: 'property test' })
        }
        const b = await budget(code)
        const [sums] = rowsOf<{ reserved: number; invoiced: number; paid: number }>(await db.db.execute(sql`
          select coalesce(sum(reserved_amount), 0)::bigint as reserved, coalesce(sum(invoiced_amount), 0)::bigint as invoiced, coalesce(sum(paid_amount), 0)::bigint as paid
            from enrolments where program_code = ${code}`))
        return (
          b.reserved + b.invoiced + b.paid + b.remaining === b.allocated &&
          Number(sums!.reserved) === b.reserved && Number(sums!.invoiced) === b.invoiced && Number(sums!.paid) === b.paid &&
          b.reserved >= 0 && b.invoiced >= 0 && b.paid >= 0 && b.paid <= 3 * 10 * 16_800
        )
      }
    ),
    { numRuns: 15 }
  )
  await ledgerHolds(t, code)
})

t.test('20 parallel payments of one invoice with different keys: exactly one is paid', { skip: !onPostgres() && 'concurrency needs PostgreSQL' }, async (t) => {
  const code = await program()
  await enrolled(code)
  const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-03' })).json()
  await post(`/v1/invoices/${inv.id}/issue`, {})
  const replies = await Promise.all(
    Array.from({ length: 20 }, (_, i) => post(`/v1/invoices/${inv.id}/payments`, { sp2dNumber: `PAR-${code}-${i}`, paidAt: '2025-03-14', amount: inv.total }, { ...operator, ...idem() }))
  )
  t.equal(replies.filter((r) => r.statusCode === 200).length, 1, 'one payment')
  t.ok(replies.filter((r) => r.statusCode !== 200).every((r) => r.statusCode === 409), 'every other is a conflict')
  t.match(await budget(code), { paid: inv.total, invoiced: 0 })
  await ledgerHolds(t, code)
})

t.test('the reconciliation names every kind of mismatch, worker by worker', async (t) => {
  const code = await program()
  const a = await enrolled(code)
  const b = await enrolled(code)
  const c = await enrolled(code)
  const april = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-04' })).json()
  await post(`/v1/invoices/${april.id}/issue`, {})
  const d = await enrolled(code) // registered after April was billed
  await death(b.workerId, '2025-03-20') // recorded after April was billed
  const may = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-05' })).json()
  await post(`/v1/invoices/${may.id}/issue`, {})
  await post(`/v1/invoices/${may.id}/acknowledge`, {}, cimone)
  await post(`/v1/enrolments/${c.enrolmentId}/end`, { endMonth: '2025-04', reason: 'MOVED' })

  const kinds = async (month: string) => {
    const res = await get(`/v1/programs/${code}/reconciliation?month=${month}`, bearer(keys.auditor))
    t.equal(res.statusCode, 200)
    const [branch] = res.json().branches
    return { branch, pairs: branch.mismatches.map((m: Json) => `${m.kind} ${m.enrolmentId}`).sort() as string[] }
  }
  const aprilView = await kinds('2025-04')
  t.match(aprilView.branch, { branchCode: 'CIMONE', invoiced: 3, paid: 0, confirmed: 0 })
  t.same(aprilView.pairs, [
    `BILLED_DEAD_BEFORE_MONTH ${b.enrolmentId}`,
    ...[a, b, c].map((e) => `BILLED_NOT_CONFIRMED ${e.enrolmentId}`),
    `DUE_NOT_BILLED ${d.enrolmentId}`,
  ].sort())
  const mayView = await kinds('2025-05')
  t.match(mayView.branch, { invoiced: 3, confirmed: 3 })
  t.ok(mayView.pairs.includes(`CONFIRMED_BUT_ENDED ${c.enrolmentId}`), 'acknowledged, then ended before the month')
  const csv = await app.inject({ method: 'GET', url: `/v1/programs/${code}/reconciliation?month=2025-04`, headers: { ...admin, accept: 'text/csv' } })
  t.equal(csv.body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).length, 1 + 5, 'a header and a row per mismatch')
  t.equal((await get(`/v1/programs/${code}/reconciliation?month=2025-04`, cimone)).statusCode, 403)
})

t.test('issuing is refused with budget-exceeded when a short reservation would take the programme past its budget', async (t) => {
  const code = await createProgram(app, keys.admin, { budget: 10 * 16_800, branchByKecamatan: { 367101: 'CIMONE' } })
  const a = await enrolled(code)
  const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-03' })).json()
  // The enrolment's reservation is gone and the whole budget is spent elsewhere (as if paid on another line):
  // the line's amount would be new money the budget does not have.
  await db.db.execute(sql`update enrolments set reserved_amount = 0 where id = ${a.enrolmentId}`)
  await db.db.execute(sql`update programs set reserved_amount = 0, paid_amount = budget where code = ${code}`)
  const res = await post(`/v1/invoices/${inv.id}/issue`, {})
  t.equal(res.statusCode, 409)
  t.equal(res.json().type, 'https://jamsos-rentan.id/problems/budget-exceeded')
  t.equal((await get(`/v1/invoices/${inv.id}`)).json().status, 'DRAFT', 'nothing moved')
})

t.test('20 concurrent issue, pay and void calls never pass the budget and keep the ledger', { skip: !onPostgres() && 'concurrency needs PostgreSQL' }, async (t) => {
  const code = await program()
  for (let i = 0; i < 4; i++) await enrolled(code)
  const months = ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07']
  const invoices = await Promise.all(months.map(async (month) => (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month })).json()))
  const calls = Array.from({ length: 20 }, (_, i) => {
    const inv = invoices[i % invoices.length]
    const op = ['issue', 'pay', 'void', 'issue'][i % 4]
    if (op === 'issue') return post(`/v1/invoices/${inv.id}/issue`, {})
    if (op === 'pay') return post(`/v1/invoices/${inv.id}/payments`, { sp2dNumber: `C-${code}-${i}`, paidAt: `${inv.month}-14`, amount: inv.total }, { ...operator, ...idem() })
    return post(`/v1/invoices/${inv.id}/void`, { reason: 'concurrency test' })
  })
  const replies = await Promise.all(calls)
  t.ok(replies.every((r) => [200, 409].includes(r.statusCode)), `only 200 or 409: ${replies.map((r) => r.statusCode).join(',')}`)
  await ledgerHolds(t, code)
  const b = await budget(code)
  t.ok(b.reserved + b.invoiced + b.paid <= b.allocated, 'never past the budget')
  const paidInvoices = (await get(`/v1/invoices?programCode=${code}&status=PAID`)).json().items
  t.equal(b.paid, paidInvoices.reduce((s: number, i: Json) => s + i.total, 0), 'paid is exactly the paid invoices')
})

t.test('the lines CSV writes every line as csvRow would, names that need quoting and formula escapes included', async (t) => {
  const code = await program()
  const names = ['=HYPERLINK("http://x"), Budi', 'Siti "Ojek"\nRT 01', '-Andi', '@Rudi, Jl. Melati', 'Dewi Lestari']
  for (const name of names) await enrolled(code, { name })
  const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-04' })).json()
  t.equal(inv.lineCount, names.length)
  for (const [who, headers] of [['the branch', cimone], ['an operator', operator]] as const) {
    const lines = await linesOf(inv.id, headers)
    const csv = await app.inject({ method: 'GET', url: `/v1/invoices/${inv.id}/lines`, headers: { ...headers, accept: 'text/csv' } })
    const expected = '\uFEFF' + csvRow(['lineNo', 'enrolmentId', 'workerId', 'nik', 'name', 'kpjNumber', 'amount']) +
      lines.map((l) => csvRow([l.lineNo, l.enrolmentId, l.workerId, l.nik, l.name, l.kpjNumber, l.amount])).join('')
    t.equal(csv.body, expected, `${who}: byte for byte the JSON lines through csvRow`)
  }
})

t.test('a month is paid at the latest by the end of the third month after it (the lapse rule): later is 422', async (t) => {
  const code = await program()
  await enrolled(code)
  const inv = (await post('/v1/invoices', { programCode: code, branchCode: 'CIMONE', month: '2025-04' })).json()
  await post(`/v1/invoices/${inv.id}/issue`, {})
  const late = await post(`/v1/invoices/${inv.id}/payments`, { sp2dNumber: `LATE-${code}`, paidAt: '2025-08-01', amount: inv.total }, { ...operator, ...idem() })
  t.equal(late.statusCode, 422)
  t.equal(late.json().type, 'https://jamsos-rentan.id/problems/month-no-longer-payable')
  t.match(late.json().detail, /2025-07-31/)
  const inTime = await post(`/v1/invoices/${inv.id}/payments`, { sp2dNumber: `LATE-${code}`, paidAt: '2025-07-31', amount: inv.total }, { ...operator, ...idem() })
  t.equal(inTime.json().status, 'PAID', 'on the last day it still can be')
})
