import { Readable } from 'node:stream'
import { z } from 'zod'
import type pg from 'pg'
import type { Db, Executor } from '../../db/client.js'
import { copyCsvOut } from '../../db/copy.js'
import type { InvoiceTransition } from '../../db/schema.js'
import { badRequest, conflict, notFound, unprocessable } from '../../errors.js'
import { branchFilterOf, branchScopeOf, transitionOf, type RequestContext } from '../../lib/context.js'
import { CSV_BOM, csvDownload, csvRow } from '../../lib/csv.js'
import { decodeCursor, toPage } from '../../lib/pagination.js'
import { jakartaDateOf } from '../../rules/calendar.js'
import { monthlyContribution } from '../../rules/contribution.js'
import { monthPayableUntil } from '../../rules/claims.js'
import { coverageOn } from '../../rules/coverage.js'
import { compareMonths, firstDayOfMonth, monthOfDate } from '../../rules/month.js'
import { maskNik } from '../../rules/nik.js'
import { CURRENT_RULESET } from '../../rules/ruleset.js'
import { recordAudit } from '../audit/audit.service.js'
import { enrolmentPeriodsOf } from '../enrolments/enrolments.service.js'
import { budgetParamsOf, lockProgramRow, moveMoney, type ProgramService } from '../programs/programs.service.js'
import { disclosureFor, type WorkerService } from '../workers/workers.service.js'
import {
  findBilledMonthsOfWorker,
  findInvoice,
  findOpenInvoice,
  findPaymentBySp2d,
  findPaymentOf,
  findPaymentsOf,
  insertInvoice,
  insertInvoiceLines,
  insertPayment,
  invoiceLinesCopySelect,
  invoiceLinesCsv,
  listInvoiceLines,
  listInvoices,
  moveEnrolmentMoney,
  reconciliationCounts,
  reconciliationMismatches,
  sumTakenFromReservations,
  type Mismatch,
  updateInvoice,
  type InvoiceLineRow,
  type InvoiceRow,
  type PaymentRow,
} from './invoices.repository.js'
import { INVOICE_LINE_COLUMNS } from './invoices.schemas.js'

export type InvoiceView = ReturnType<typeof toInvoiceView>
export type { InvoiceRow }

export function toInvoiceView (r: InvoiceRow, payment: PaymentRow | undefined) {
  return {
    id: r.id,
    programCode: r.programCode,
    branchCode: r.branchCode,
    month: r.month,
    status: r.status,
    lineCount: r.lineCount,
    unitAmount: r.unitAmount,
    total: r.total,
    voidReason: r.voidReason,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    payment: payment ? { sp2dNumber: payment.sp2dNumber, paidAt: payment.paidAt, amount: payment.amount } : null,
    history: r.history,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** The audit image of an invoice: its view without the history (the audit trail is the history). */
const auditImage = (r: InvoiceRow) => {
  const { history: _history, ...rest } = toInvoiceView(r, undefined)
  return rest
}

/** A worker's months on PAID invoices, sorted: what coverage and every claim assessment count. */
export async function paidMonthsOfWorker (exec: Executor, workerId: string): Promise<string[]> {
  return (await findBilledMonthsOfWorker(exec, workerId)).filter((b) => b.paid).map((b) => b.month)
}

/**
 * Called in the paying transaction, after the invoice is PAID: a later module (claims) re-assesses what the payment
 * changes. Registered at start-up (app.ts), so this module never imports the ones after it.
 */
export type InvoicePaidListener = (tx: Executor, ctx: RequestContext, invoice: InvoiceRow) => Promise<void>

/** CSV lines read per query while streaming: memory stays flat whatever the invoice's size. */
const CSV_CHUNK = 10_000

/**
 * Premium invoices: what the city owes BPJS for a programme, branch and month, and the money's way through the
 * programme's counters: reserved at enrolment → invoiced when issued → paid once. Every transition runs under the
 * programme's row lock, then the invoice's (README: lock order), audited in its transaction.
 */
export class InvoiceService {
  constructor (
    private readonly db: Db,
    private readonly deps: { programs: ProgramService; workers: WorkerService; pool?: pg.Pool | undefined }
  ) {}

  private readonly paidListeners: InvoicePaidListener[] = []

  /** Adds what runs in the paying transaction once an invoice is PAID (README: module order). */
  onPaid (listener: InvoicePaidListener): void {
    this.paidListeners.push(listener)
  }

  /** A DRAFT with one line per enrolment of the branch covered that month, written by one INSERT … SELECT. */
  async create (ctx: RequestContext, input: { programCode: string; branchCode: string; month: string }): Promise<InvoiceView> {
    return this.db.transaction(async (tx) => {
      const program = await lockProgramRow(tx, { code: input.programCode })
      if (!program) throw notFound('Programme', `Programme ${input.programCode} not found.`)
      if (compareMonths(input.month, program.startMonth) < 0 || compareMonths(input.month, program.endMonth) > 0) {
        throw unprocessable('month-outside-programme', `${input.month} is outside programme ${program.code} (${program.startMonth} to ${program.endMonth}).`)
      }
      const created = await insertInvoice(tx, {
        programId: program.id,
        programCode: program.code,
        branchCode: input.branchCode,
        month: input.month,
        unitAmount: monthlyContribution(budgetParamsOf(program).contribution),
        history: [transitionOf(ctx, 'DRAFT')],
        createdAt: ctx.at,
        updatedAt: ctx.at,
      })
      if (!created) {
        const existing = await findOpenInvoice(tx, program.id, input.branchCode, input.month)
        throw conflict('invoice-exists', `Invoice ${existing?.id} (${existing?.status}) already bills ${program.code}, ${input.branchCode}, ${input.month}: void it first to bill again.`, {
          existingInvoiceId: existing?.id,
        })
      }
      const totals = await insertInvoiceLines(tx, created, firstDayOfMonth(input.month))
      const invoice = await updateInvoice(tx, created.id, totals, null, ctx.at)
      await recordAudit(tx, ctx, { action: 'invoice.created', entityType: 'invoice', entityId: invoice.id, after: auditImage(invoice) })
      return toInvoiceView(invoice, undefined)
    })
  }

  async list (ctx: RequestContext, q: { programCode?: string | undefined; branchCode?: string | undefined; month?: string | undefined; status?: InvoiceRow['status'] | undefined; limit: number; cursor?: string | undefined }) {
    const branchCode = branchFilterOf(ctx.actor, q.branchCode)
    const programId = await this.deps.programs.idForFilter(q.programCode)
    if (branchCode === null || programId === null) return { items: [], nextCursor: null }
    const afterSeq = decodeCursor(q.cursor, z.number().int().nonnegative())
    const rows = await listInvoices(this.db, { programId, branchCode, month: q.month, status: q.status, afterSeq, limit: q.limit })
    const paid = rows.slice(0, q.limit).filter((r) => r.status === 'PAID').map((r) => r.id)
    const payments = new Map((await findPaymentsOf(this.db, paid)).map((p) => [p.invoiceId, p]))
    return toPage(rows, q.limit, (r) => r.seq, (r) => toInvoiceView(r, payments.get(r.id)))
  }

  /** The invoice as the caller may see it: a branch key sees its own branch's only (another's is 404). */
  private async load (exec: Executor, ctx: RequestContext, id: string, opts: { forUpdate?: boolean } = {}): Promise<InvoiceRow> {
    const row = await findInvoice(exec, id, opts)
    const scope = branchScopeOf(ctx.actor)
    if (!row || (scope !== null && row.branchCode !== scope)) throw notFound('Invoice', `Invoice ${id} not found.`)
    return row
  }

  async get (ctx: RequestContext, id: string): Promise<InvoiceView> {
    const row = await this.load(this.db, ctx, id)
    return toInvoiceView(row, row.status === 'PAID' ? await findPaymentOf(this.db, id) : undefined)
  }

  private lineView (ctx: RequestContext) {
    // The invoice's branch reconciles it against its members by NIK; every other role sees lists masked.
    const masked = disclosureFor(ctx.actor, 'list') === 'masked'
    return (l: InvoiceLineRow) => ({
      lineNo: l.lineNo,
      enrolmentId: l.enrolmentId,
      workerId: l.workerId,
      nik: masked ? maskNik(l.nik) : l.nik,
      name: l.name,
      kpjNumber: l.kpjNumber,
      amount: l.amount,
    })
  }

  async lines (ctx: RequestContext, id: string, q: { limit: number; cursor?: string | undefined }) {
    await this.load(this.db, ctx, id)
    const after = decodeCursor(q.cursor, z.number().int().nonnegative()) ?? 0
    const rows = await listInvoiceLines(this.db, id, after, q.limit)
    return toPage(rows, q.limit, (r) => r.lineNo, this.lineView(ctx))
  }

  /**
   * The lines as CSV with flat memory whatever the invoice's size, formatted by the database: on PostgreSQL one
   * `COPY … TO STDOUT` streamed through (its LF record ends made CRLF); on the embedded PGlite, chunks of line
   * numbers (dense, 1..lineCount) each formatted by one query (`invoiceLinesCsv`). JavaScript only passes text on.
   */
  async linesCsv (ctx: RequestContext, id: string): Promise<{ invoice: InvoiceRow; stream: Readable }> {
    const invoice = await this.load(this.db, ctx, id)
    const opts = { fullNik: disclosureFor(ctx.actor, 'list') !== 'masked', nikLength: CURRENT_RULESET.nik.length }
    const header = CSV_BOM + csvRow(INVOICE_LINE_COLUMNS)
    if (this.deps.pool) return { invoice, stream: csvDownload(header, await copyCsvOut(this.deps.pool, invoiceLinesCopySelect(invoice.id, opts))) }
    const db = this.db
    async function * chunks () {
      yield header
      for (let from = 1; from <= invoice.lineCount; from += CSV_CHUNK) {
        yield await invoiceLinesCsv(db, invoice.id, from, from + CSV_CHUNK - 1, opts)
      }
    }
    return { invoice, stream: Readable.from(chunks()) }
  }

  /**
   * DRAFT → ISSUED: the lines' amounts move from reserved to invoiced on the programme and on each enrolment. A
   * line whose enrolment holds less than its amount takes the rest from the unreserved budget: 409 budget-exceeded
   * when the programme would pass its budget. Issuing an issued invoice again changes nothing.
   */
  async issue (ctx: RequestContext, id: string): Promise<InvoiceView> {
    return this.transition(ctx, id, async (tx, invoice) => {
      if (invoice.status === 'ISSUED') return invoice
      if (invoice.status !== 'DRAFT') throw conflict('invoice-not-draft', `Invoice ${id} is ${invoice.status}: only a DRAFT is issued.`)
      const taken = await sumTakenFromReservations(tx, id)
      if (!(await moveMoney(tx, ctx, invoice.programId, { reserved: -taken, invoiced: invoice.total, paid: 0 }))) {
        throw conflict('budget-exceeded', `Issuing invoice ${id} (${invoice.total} Rupiah, ${invoice.total - taken} beyond what its enrolments hold) would take ${invoice.programCode} past its budget.`)
      }
      await moveEnrolmentMoney(tx, id, 'ISSUE', ctx.at)
      return this.audited(tx, ctx, invoice, 'invoice.issued', { status: 'ISSUED' }, transitionOf(ctx, 'ISSUED'))
    })
  }

  /**
   * ISSUED → PAID with the city's SP2D: the amount must equal the total; invoiced moves to paid. A paid invoice is
   * never paid again (409; a UNIQUE index on the invoice refuses a second payment row whatever the code does).
   */
  async pay (ctx: RequestContext, id: string, input: { sp2dNumber: string; paidAt: string; amount: number }): Promise<InvoiceView> {
    const today = jakartaDateOf(ctx.at)
    if (input.paidAt > today) throw badRequest(`paidAt must not be after today (${today}).`, [{ path: 'paidAt', message: `must not be after today (${today})` }])
    let payment: PaymentRow | undefined
    const view = await this.transition(ctx, id, async (tx, invoice) => {
      if (invoice.status === 'PAID') {
        const paid = await findPaymentOf(tx, id)
        throw conflict('invoice-already-paid', `Invoice ${id} was already paid (SP2D ${paid?.sp2dNumber}, ${paid?.paidAt}): it is never paid twice.`, { sp2dNumber: paid?.sp2dNumber })
      }
      if (invoice.status !== 'ISSUED') throw conflict('invoice-not-issued', `Invoice ${id} is ${invoice.status}: only an ISSUED invoice is paid.`)
      if (input.amount !== invoice.total) {
        throw unprocessable('amount-mismatch', `The amount ${input.amount} does not equal the invoice total ${invoice.total}.`, { total: invoice.total })
      }
      const until = monthPayableUntil(invoice.month)
      if (input.paidAt > until) {
        throw unprocessable('month-no-longer-payable', `The contribution for ${invoice.month} could be paid until ${until}: paid on ${input.paidAt}, it would be more than 3 months late, and by the lapse rule the membership ended instead. Void the invoice.`, { payableUntil: until })
      }
      if (await findPaymentBySp2d(tx, invoice.programId, input.sp2dNumber)) {
        throw conflict('sp2d-number-used', `SP2D ${input.sp2dNumber} already paid another invoice of ${invoice.programCode}.`)
      }
      payment = await insertPayment(tx, { invoiceId: id, programId: invoice.programId, sp2dNumber: input.sp2dNumber, paidAt: input.paidAt, amount: input.amount, createdAt: ctx.at })
      if (!payment) throw conflict('invoice-already-paid', `Invoice ${id} already has a payment.`)
      await moveMoney(tx, ctx, invoice.programId, { reserved: 0, invoiced: -invoice.total, paid: invoice.total })
      await moveEnrolmentMoney(tx, id, 'PAY', ctx.at)
      const paid = await this.audited(tx, ctx, invoice, 'invoice.paid', { status: 'PAID' }, transitionOf(ctx, 'PAID', `SP2D ${input.sp2dNumber} of ${input.paidAt}`))
      for (const listener of this.paidListeners) await listener(tx, ctx, paid)
      return paid
    })
    return { ...view, payment: payment ? { sp2dNumber: payment.sp2dNumber, paidAt: payment.paidAt, amount: payment.amount } : view.payment }
  }

  /** DRAFT or ISSUED → VOID; an issued invoice gives its amounts back to the reservation. A PAID one is 409. */
  async void (ctx: RequestContext, id: string, reason: string): Promise<InvoiceView> {
    return this.transition(ctx, id, async (tx, invoice) => {
      if (invoice.status === 'VOID') {
        if (invoice.voidReason === reason) return invoice
        throw conflict('invoice-void', `Invoice ${id} was already voided: ${invoice.voidReason}.`)
      }
      if (invoice.status === 'PAID') throw conflict('invoice-paid', `Invoice ${id} is PAID: a paid invoice is never voided.`)
      if (invoice.status === 'ISSUED') {
        await moveMoney(tx, ctx, invoice.programId, { reserved: invoice.total, invoiced: -invoice.total, paid: 0 })
        await moveEnrolmentMoney(tx, id, 'VOID', ctx.at)
      }
      return this.audited(tx, ctx, invoice, 'invoice.voided', { status: 'VOID', voidReason: reason }, transitionOf(ctx, 'VOID', reason))
    })
  }

  /** The invoice's branch acknowledges receipt; sending it again changes nothing. */
  async acknowledge (ctx: RequestContext, id: string): Promise<InvoiceView> {
    return this.transition(ctx, id, async (tx, invoice) => {
      if (invoice.acknowledgedAt !== null) return invoice
      if (invoice.status !== 'ISSUED' && invoice.status !== 'PAID') {
        throw conflict('invoice-not-issued', `Invoice ${id} is ${invoice.status}: only an issued invoice reaches the branch.`)
      }
      return this.audited(tx, ctx, invoice, 'invoice.acknowledged', { acknowledgedAt: ctx.at }, transitionOf(ctx, 'ACKNOWLEDGED'))
    })
  }

  /**
   * Whether JKK and JKM covered a worker on a day, from the lines of PAID invoices only, through the pure coverage
   * rules: the run of paid months, the JKM waiting period, lapse, and pending when the month is not paid yet.
   */
  async coverage (ctx: RequestContext, workerId: string, date: string) {
    const worker = await this.deps.workers.load(this.db, ctx, workerId)
    const billed = await findBilledMonthsOfWorker(this.db, worker.id)
    const periods = await enrolmentPeriodsOf(this.db, worker.id)
    const c = coverageOn({ date, paidMonths: billed.filter((b) => b.paid).map((b) => b.month), enrolments: periods })
    const month = monthOfDate(date)
    return { workerId: worker.id, ...c, monthBilled: billed.some((b) => b.month === month) }
  }

  /**
   * Per branch for a month: what is due now (registered, covered, alive), invoiced, paid and confirmed (on an
   * invoice the branch acknowledged), with the workers in each mismatch by name of the mismatch.
   */
  async reconciliation (programCode: string, month: string) {
    const program = await this.deps.programs.get(programCode)
    if (compareMonths(month, program.startMonth) < 0 || compareMonths(month, program.endMonth) > 0) {
      throw unprocessable('month-outside-programme', `${month} is outside programme ${program.code} (${program.startMonth} to ${program.endMonth}).`)
    }
    const first = firstDayOfMonth(month)
    const counts = await reconciliationCounts(this.db, program.id, month, first)
    const mismatches = await reconciliationMismatches(this.db, program.id, month, first)
    const byBranch = new Map<string, Mismatch[]>()
    for (const m of mismatches) {
      const list = byBranch.get(m.branchCode)
      if (list) list.push(m)
      else byBranch.set(m.branchCode, [m])
    }
    return {
      programCode: program.code,
      month,
      branches: counts.map((c) => ({
        ...c,
        mismatches: (byBranch.get(c.branchCode) ?? []).map((m) => ({ kind: m.kind, enrolmentId: m.enrolmentId, workerId: m.workerId })),
      })),
    }
  }

  /** Under the programme's lock, then the invoice's: the one order every money path takes (README). */
  private async transition (ctx: RequestContext, id: string, step: (tx: Executor, invoice: InvoiceRow) => Promise<InvoiceRow>): Promise<InvoiceView> {
    return this.db.transaction(async (tx) => {
      const seen = await this.load(tx, ctx, id)
      await lockProgramRow(tx, { id: seen.programId })
      const invoice = await this.load(tx, ctx, id, { forUpdate: true })
      const after = await step(tx, invoice)
      return toInvoiceView(after, after.status === 'PAID' ? await findPaymentOf(tx, id) : undefined)
    })
  }

  private async audited (
    tx: Executor,
    ctx: RequestContext,
    before: InvoiceRow,
    action: string,
    set: Parameters<typeof updateInvoice>[2],
    transition: InvoiceTransition
  ): Promise<InvoiceRow> {
    const after = await updateInvoice(tx, before.id, set, transition, ctx.at)
    await recordAudit(tx, ctx, { action, entityType: 'invoice', entityId: after.id, before: auditImage(before), after: auditImage(after) })
    return after
  }
}
