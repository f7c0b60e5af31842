import { and, asc, eq, gt, ne, type SQL, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { rowsOf } from '../../db/client.js'
import { enrolments, invoiceLines, invoicePayments, invoices, type InvoiceTransition } from '../../db/schema.js'
import { csvCellSql, formulaEscapedSql, inIds, maskedNikSql } from '../../db/sql.js'

export type InvoiceRow = typeof invoices.$inferSelect
export type InvoiceStatus = InvoiceRow['status']
export type InvoiceLineRow = typeof invoiceLines.$inferSelect

/** A new DRAFT, or undefined when one that is not VOID exists for the same programme, branch and month. */
export async function insertInvoice (
  exec: Executor,
  row: Pick<InvoiceRow, 'programId' | 'programCode' | 'branchCode' | 'month' | 'unitAmount' | 'history' | 'createdAt' | 'updatedAt'>
): Promise<InvoiceRow | undefined> {
  const [created] = await exec.insert(invoices).values(row).onConflictDoNothing().returning()
  return created
}

/** The invoice that is not VOID for a programme, branch and month. */
export async function findOpenInvoice (exec: Executor, programId: string, branchCode: string, month: string): Promise<InvoiceRow | undefined> {
  const [row] = await exec
    .select()
    .from(invoices)
    .where(and(eq(invoices.programId, programId), eq(invoices.branchCode, branchCode), eq(invoices.month, month), ne(invoices.status, 'VOID')))
    .limit(1)
  return row
}

/**
 * The invoice's lines, set-based: ONE `INSERT … SELECT` over the enrolments of the branch covered that month, with the
 * worker's NIK and name and the KPJ number copied as billed. A line is due for an enrolment registered at BPJS (it has
 * its KPJ number) that is ACTIVE, or ENDED with its last month on or after the month; that started on or before the
 * month; whose worker was alive on the first day of the month or died within it. Returns the count and the total.
 */
export async function insertInvoiceLines (
  exec: Executor,
  invoice: Pick<InvoiceRow, 'id' | 'programId' | 'branchCode' | 'month' | 'unitAmount'>,
  firstDayOfMonth: string
): Promise<{ lineCount: number; total: number }> {
  // The lines are numbered in enrolment order: a 100,000-line sort fits in memory at 64 MB (the default 4 MB spills).
  await exec.execute(sql`set local work_mem = '64MB'`)
  const result = await exec.execute(sql`
    with ins as (
      insert into ${invoiceLines} (invoice_id, line_no, enrolment_id, worker_id, nik, name, kpj_number, amount)
      select ${invoice.id}::uuid, row_number() over (order by e.seq), e.id, w.id, w.nik, w.name, e.kpj_number, ${invoice.unitAmount}::bigint
        from enrolments e
        join workers w on w.id = e.worker_id
       where e.program_id = ${invoice.programId}::uuid
         and e.branch_code = ${invoice.branchCode}
         and e.start_month <= ${invoice.month}
         and e.kpj_number is not null
         and (e.status = 'ACTIVE' or (e.status = 'ENDED' and e.end_month >= ${invoice.month}))
         and (w.date_of_death is null or w.date_of_death >= ${firstDayOfMonth}::date)
      returning amount
    )
    select count(*)::int as "lineCount", coalesce(sum(amount), 0)::bigint as total from ins`)
  const [r] = rowsOf<{ lineCount: number | string; total: number | string }>(result)
  return { lineCount: Number(r!.lineCount), total: Number(r!.total) }
}

export async function findInvoice (exec: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<InvoiceRow | undefined> {
  const q = exec.select().from(invoices).where(eq(invoices.id, id)).limit(1)
  const [row] = opts.forUpdate ? await q.for('update') : await q
  return row
}

export type InvoiceFilter = {
  programId?: string | undefined
  branchCode?: string | undefined
  month?: string | undefined
  status?: InvoiceStatus | undefined
  afterSeq?: number | undefined
  limit: number
}

export async function listInvoices (exec: Executor, f: InvoiceFilter): Promise<InvoiceRow[]> {
  return exec
    .select()
    .from(invoices)
    .where(
      and(
        f.programId !== undefined ? eq(invoices.programId, f.programId) : undefined,
        f.branchCode !== undefined ? eq(invoices.branchCode, f.branchCode) : undefined,
        f.month !== undefined ? eq(invoices.month, f.month) : undefined,
        f.status !== undefined ? eq(invoices.status, f.status) : undefined,
        f.afterSeq !== undefined ? gt(invoices.seq, f.afterSeq) : undefined
      )
    )
    .orderBy(asc(invoices.seq))
    .limit(f.limit + 1)
}

/** A page of lines by line number (limit + 1 rows, so the caller knows whether more follow). */
export async function listInvoiceLines (exec: Executor, invoiceId: string, afterLineNo: number, limit: number): Promise<InvoiceLineRow[]> {
  return exec
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoiceId), gt(invoiceLines.lineNo, afterLineNo)))
    .orderBy(asc(invoiceLines.lineNo))
    .limit(limit + 1)
}

/**
 * Lines `from`..`to` (line numbers) as CSV records, formatted by PostgreSQL in the query that reads them (the
 * escaping of `csvRow`, in SQL): one string per call, so an export costs one round trip per chunk and no per-line
 * work in JavaScript. The NIK is masked unless `fullNik` (a worker's NIK is 16 digits by its CHECK: never quoted).
 */
export async function invoiceLinesCsv (exec: Executor, invoiceId: string, from: number, to: number, opts: { fullNik: boolean; nikLength: number }): Promise<string> {
  const l = invoiceLines
  const nik = opts.fullNik ? sql`${l.nik}` : maskedNikSql(l.nik, opts.nikLength)
  const result = await exec.execute(sql`
    select coalesce(string_agg(
             ${l.lineNo}::text || ',' || ${l.enrolmentId}::text || ',' || ${l.workerId}::text || ',' || ${nik} || ',' ||
             ${csvCellSql(l.name)} || ',' || ${csvCellSql(l.kpjNumber)} || ',' || ${l.amount}::text || E'\r\n',
             '' order by ${l.lineNo}), '') as csv
      from ${l}
     where ${l.invoiceId} = ${invoiceId}::uuid and ${l.lineNo} between ${from} and ${to}`)
  return rowsOf<{ csv: string }>(result)[0]!.csv
}

/**
 * The lines' columns for `COPY … TO STDOUT WITH (FORMAT csv)` (PostgreSQL), in line order: the same values as
 * `invoiceLinesCsv`, with only the formula escape done here (COPY quotes). Both give `csvRow` of each line.
 */
export function invoiceLinesCopySelect (invoiceId: string, opts: { fullNik: boolean; nikLength: number }): SQL {
  const l = invoiceLines
  const nik = opts.fullNik ? sql`${l.nik}` : maskedNikSql(l.nik, opts.nikLength)
  return sql`select ${l.lineNo}, ${l.enrolmentId}, ${l.workerId}, ${nik}, ${formulaEscapedSql(l.name)}, ${formulaEscapedSql(l.kpjNumber)}, ${l.amount}
      from ${l} where ${l.invoiceId} = ${invoiceId}::uuid order by ${l.lineNo}`
}

/** Changes an invoice and appends the transition to its history, in one statement. */
export async function updateInvoice (
  exec: Executor,
  id: string,
  set: Partial<Pick<InvoiceRow, 'status' | 'lineCount' | 'total' | 'voidReason' | 'acknowledgedAt'>>,
  transition: InvoiceTransition | null,
  at: Date
): Promise<InvoiceRow> {
  const [row] = await exec
    .update(invoices)
    .set({
      ...set,
      ...(transition ? { history: sql`${invoices.history} || ${JSON.stringify([transition])}::jsonb` } : {}),
      version: sql`${invoices.version} + 1`,
      updatedAt: at,
    })
    .where(eq(invoices.id, id))
    .returning()
  return row!
}

/**
 * What issuing takes from each enrolment's reservation: its line's amount, or all it holds when that is less (the
 * rest is new money, checked against the budget by the caller).
 */
export async function sumTakenFromReservations (exec: Executor, invoiceId: string): Promise<number> {
  const result = await exec.execute(sql`
    select coalesce(sum(least(e.reserved_amount, l.amount)), 0)::bigint as taken
      from ${invoiceLines} l join ${enrolments} e on e.id = l.enrolment_id
     where l.invoice_id = ${invoiceId}::uuid`)
  return Number(rowsOf<{ taken: number | string }>(result)[0]!.taken)
}

/**
 * Moves each line's amount between its enrolment's counters, set-based, in one statement:
 * ISSUE reserved → invoiced (taking at most what is reserved), PAY invoiced → paid, VOID invoiced → reserved.
 */
export async function moveEnrolmentMoney (exec: Executor, invoiceId: string, move: 'ISSUE' | 'PAY' | 'VOID', at: Date): Promise<void> {
  const set =
    move === 'ISSUE'
      ? sql`reserved_amount = e.reserved_amount - least(e.reserved_amount, l.amount), invoiced_amount = e.invoiced_amount + l.amount`
      : move === 'PAY'
        ? sql`invoiced_amount = e.invoiced_amount - l.amount, paid_amount = e.paid_amount + l.amount`
        : sql`invoiced_amount = e.invoiced_amount - l.amount, reserved_amount = e.reserved_amount + l.amount`
  await exec.execute(sql`
    update ${enrolments} e
       set ${set}, version = e.version + 1, updated_at = ${at.toISOString()}::timestamptz
      from ${invoiceLines} l
     where l.invoice_id = ${invoiceId}::uuid and e.id = l.enrolment_id`)
}

export type PaymentRow = typeof invoicePayments.$inferSelect

/** The payment row; undefined when the invoice already has one or the SP2D number is used in the programme. */
export async function insertPayment (
  exec: Executor,
  row: Pick<PaymentRow, 'invoiceId' | 'programId' | 'sp2dNumber' | 'paidAt' | 'amount' | 'createdAt'>
): Promise<PaymentRow | undefined> {
  const [created] = await exec.insert(invoicePayments).values(row).onConflictDoNothing().returning()
  return created
}

export async function findPaymentOf (exec: Executor, invoiceId: string): Promise<PaymentRow | undefined> {
  const [row] = await exec.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, invoiceId)).limit(1)
  return row
}

/** The payments of these invoices, in one query. */
export async function findPaymentsOf (exec: Executor, invoiceIds: string[]): Promise<PaymentRow[]> {
  if (invoiceIds.length === 0) return []
  return exec.select().from(invoicePayments).where(inIds(invoicePayments.invoiceId, invoiceIds))
}

export async function findPaymentBySp2d (exec: Executor, programId: string, sp2dNumber: string): Promise<PaymentRow | undefined> {
  const [row] = await exec
    .select()
    .from(invoicePayments)
    .where(and(eq(invoicePayments.programId, programId), eq(invoicePayments.sp2dNumber, sp2dNumber)))
    .limit(1)
  return row
}

/** A worker's billed months: from every invoice that is not VOID, with whether it is paid. */
export async function findBilledMonthsOfWorker (exec: Executor, workerId: string): Promise<Array<{ month: string; paid: boolean }>> {
  const result = await exec.execute(sql`
    select i.month, bool_or(i.status = 'PAID') as paid
      from ${invoiceLines} l join ${invoices} i on i.id = l.invoice_id
     where l.worker_id = ${workerId}::uuid and i.status in ('ISSUED', 'PAID', 'DRAFT')
     group by i.month
     order by i.month`)
  return rowsOf<{ month: string; paid: boolean }>(result)
}

export type ReconciliationCounts = { branchCode: string; due: number; invoiced: number; paid: number; confirmed: number }
export type Mismatch = { branchCode: string; kind: 'DUE_NOT_BILLED' | 'BILLED_DEAD_BEFORE_MONTH' | 'BILLED_NOT_CONFIRMED' | 'CONFIRMED_BUT_ENDED'; enrolmentId: string; workerId: string }

/**
 * The month of a programme, per branch, set-based: what is due now (the invoice line rule applied to today's data),
 * what is on invoices that are not VOID, and how the two disagree, worker by worker.
 */
function reconciliationSources (programId: string, month: string, firstDay: string) {
  return sql`
    due as (
      select e.id as enrolment_id, e.worker_id, e.branch_code
        from enrolments e join workers w on w.id = e.worker_id
       where e.program_id = ${programId}::uuid and e.start_month <= ${month} and e.kpj_number is not null
         and (e.status = 'ACTIVE' or (e.status = 'ENDED' and e.end_month >= ${month}))
         and (w.date_of_death is null or w.date_of_death >= ${firstDay}::date)
    ),
    billed as (
      select l.enrolment_id, l.worker_id, i.branch_code, i.status, i.acknowledged_at is not null as confirmed,
             e.status as enrolment_status, e.end_month, w.date_of_death
        from ${invoiceLines} l
        join ${invoices} i on i.id = l.invoice_id
        join enrolments e on e.id = l.enrolment_id
        join workers w on w.id = l.worker_id
       where i.program_id = ${programId}::uuid and i.month = ${month} and i.status <> 'VOID'
    )`
}

export async function reconciliationCounts (exec: Executor, programId: string, month: string, firstDay: string): Promise<ReconciliationCounts[]> {
  const result = await exec.execute(sql`
    with ${reconciliationSources(programId, month, firstDay)},
    branches as (select branch_code from due union select branch_code from billed)
    select b.branch_code as "branchCode",
           (select count(*) from due d where d.branch_code = b.branch_code)::int as due,
           (select count(*) from billed x where x.branch_code = b.branch_code and x.status in ('ISSUED', 'PAID'))::int as invoiced,
           (select count(*) from billed x where x.branch_code = b.branch_code and x.status = 'PAID')::int as paid,
           (select count(*) from billed x where x.branch_code = b.branch_code and x.confirmed)::int as confirmed
      from branches b order by b.branch_code`)
  return rowsOf<ReconciliationCounts>(result)
}

export async function reconciliationMismatches (exec: Executor, programId: string, month: string, firstDay: string): Promise<Mismatch[]> {
  const result = await exec.execute(sql`
    with ${reconciliationSources(programId, month, firstDay)}
    select d.branch_code as "branchCode", 'DUE_NOT_BILLED' as kind, d.enrolment_id as "enrolmentId", d.worker_id as "workerId"
      from due d where not exists (select 1 from billed x where x.enrolment_id = d.enrolment_id)
    union all
    select x.branch_code, 'BILLED_DEAD_BEFORE_MONTH', x.enrolment_id, x.worker_id from billed x where x.date_of_death < ${firstDay}::date
    union all
    select x.branch_code, 'BILLED_NOT_CONFIRMED', x.enrolment_id, x.worker_id from billed x where x.status in ('ISSUED', 'PAID') and not x.confirmed
    union all
    select x.branch_code, 'CONFIRMED_BUT_ENDED', x.enrolment_id, x.worker_id from billed x
     where x.confirmed and (x.enrolment_status = 'REJECTED' or (x.enrolment_status = 'ENDED' and x.end_month < ${month}))
    order by 1, 2, 3`)
  return rowsOf<Mismatch>(result)
}
