import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, gt, inArray, ne, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { letStatementLeave, rowsOf } from '../../db/client.js'
import { enrolments, programs } from '../../db/schema.js'
import { arrayLiteral, inIds } from '../../db/sql.js'

export type EnrolmentRow = typeof enrolments.$inferSelect
export type NewEnrolmentRow = typeof enrolments.$inferInsert

/** What every enrolment of one call shares: the programme, the start month, the day and the rules of the decision. */
export type EnrolmentCohort = Pick<EnrolmentRow, 'programId' | 'programCode' | 'startMonth' | 'enrolledOn' | 'rulesetVersion'>
/** What is each enrolment's own. */
export type NewEnrolment = Pick<EnrolmentRow, 'workerId' | 'branchCode' | 'reservedAmount' | 'eligibility'>

/** PENDING enrolments of one cohort as they will be written: ids and timestamps made here, version 1, seq not yet known. */
export function newEnrolmentRows (cohort: EnrolmentCohort, list: NewEnrolment[], at: Date): EnrolmentRow[] {
  // One object literal per row (no spreads: 10,000 rows a call).
  const { programId, programCode, startMonth, enrolledOn, rulesetVersion } = cohort
  const rows = new Array<EnrolmentRow>(list.length)
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!
    rows[i] = {
      id: randomUUID(),
      seq: 0,
      workerId: e.workerId,
      programId,
      programCode,
      branchCode: e.branchCode,
      startMonth,
      endMonth: null,
      enrolledOn,
      status: 'PENDING',
      kpjNumber: null,
      rejectionReason: null,
      endReason: null,
      reservedAmount: e.reservedAmount,
      invoicedAmount: 0,
      paidAmount: 0,
      eligibility: e.eligibility,
      rulesetVersion,
      version: 1,
      createdAt: at,
      updatedAt: at,
    }
  }
  return rows
}

/**
 * Writes the rows of one cohort (made by newEnrolmentRows) as they are handed to it, one statement per `write`:
 * an INSERT … SELECT FROM one array per column, zipped (what the rows share travelling once as parameters),
 * whose RETURNING (every column but the decision), the CTE `written`, feeds the `alongside` CTEs of the same statement (the feed's changes and
 * the audit rows, which are thus never read back), and sets each row's seq. One statement is in flight at a time: `write` waits
 * for the one before, sends its own and returns, so the caller judges the next rows while PostgreSQL writes;
 * `done` waits for the last and throws the first failure.
 */
export class EnrolmentWriter {
  private inFlight: Promise<void> | null = null
  private statements = 0

  /**
   * How many rows the next statement should take: 500 first, so PostgreSQL starts writing soon after judging
   * starts, then 1,500 (judged while the 500 are written), then 2,500 each (a statement's fixed cost is small,
   * and judging the next 2,500 takes less time than writing these).
   */
  get wanted (): number {
    return Math.min(2_500, 500 + 1_000 * this.statements)
  }

  constructor (
    private readonly exec: Executor,
    private readonly alongside: SQL[]
  ) {}

  async write (rows: EnrolmentRow[]): Promise<void> {
    if (rows.length === 0) return
    const n = rows.length
    const ids = new Array<string>(n)
    const workerIds = new Array<string>(n)
    const branches = new Array<string>(n)
    const amounts = new Array<number>(n)
    const decisions = new Array<string>(n)
    for (let i = 0; i < n; i++) {
      const r = rows[i]!
      ids[i] = r.id
      workerIds[i] = r.workerId
      branches[i] = r.branchCode
      amounts[i] = r.reservedAmount
      decisions[i] = JSON.stringify(r.eligibility)
    }
    // The decisions travel as one JSON array (json_array_elements hands each out as written): as array elements
    // every quote in them would have to be escaped, in JavaScript and again in PostgreSQL.
    const [i, w, b, a] = [ids, workerIds, branches, amounts].map(arrayLiteral)
    const e = `[${decisions.join(',')}]`
    if (this.inFlight) await this.inFlight
    this.statements++
    const first = rows[0]!
    const stamp = first.createdAt.toISOString()
    const statement = this.exec
      .execute(sql`
        with written as (
          insert into ${enrolments} (id, worker_id, program_id, program_code, branch_code, start_month, enrolled_on, status, reserved_amount, eligibility, ruleset_version, created_at, updated_at)
          select v.i, v.w, ${first.programId}::uuid, ${first.programCode}, v.b, ${first.startMonth}, ${first.enrolledOn}::date, 'PENDING', v.r, v.e,
                 ${first.rulesetVersion}, ${stamp}::timestamptz, ${stamp}::timestamptz
            from rows from (unnest(${i}::uuid[]), unnest(${w}::uuid[]), unnest(${b}::text[]), unnest(${a}::bigint[]), json_array_elements(${e}::json)) as v(i, w, b, r, e)
          returning id, seq, worker_id, program_code, branch_code, start_month, end_month, enrolled_on, status, kpj_number,
                    rejection_reason, end_reason, reserved_amount, invoiced_amount, paid_amount, ruleset_version, created_at, updated_at
        ), ${sql.join(this.alongside, sql`, `)}
        select id, seq from written`)
      .then((result) => {
        const seqs = new Map(rowsOf<{ id: string; seq: number | string }>(result).map((r) => [r.id, Number(r.seq)]))
        for (const r of rows) r.seq = seqs.get(r.id)!
      })
    // Handled here too: a failure while the caller judges the next rows is not an unhandled rejection (done() and
    // the next write still throw it).
    statement.catch(() => {})
    this.inFlight = statement
    await letStatementLeave()
  }

  async done (): Promise<void> {
    if (this.inFlight) await this.inFlight
  }
}

/**
 * The audit rows of the enrolments an EnrolmentWriter statement creates (for auditWrittenWith): images of
 * `written`, the same object as enrolmentAuditImage (enrolments.service.ts; a test holds them equal). What every row
 * of one statement shares (the insert gives each of these columns one parameter: programme, start month, decision
 * day, status, rule set, timestamps; and the defaults: no end, no KPJ number, nothing invoiced or paid) is built once,
 * from the first row written, and each row adds its own four values: building all eighteen per row, two dates
 * formatted as text among them, was a quarter of the statement's time. `asOf`, the day every decision of the call was
 * judged as of, is given, so no decision is parsed again.
 */
export const createdAuditRows = (asOf: string) => sql`select 'enrolment.created' as action, 'enrolment' as entity_type, e.id::text as entity_id,
    null::jsonb as before,
    s.image || jsonb_build_object('id', e.id, 'workerId', e.worker_id, 'branchCode', e.branch_code, 'reservedAmount', e.reserved_amount) as after
  from written e,
       (select jsonb_build_object(
          'programCode', f.program_code, 'startMonth', f.start_month, 'endMonth', f.end_month, 'enrolledOn', f.enrolled_on::text,
          'status', f.status, 'kpjNumber', f.kpj_number, 'rejectionReason', f.rejection_reason, 'endReason', f.end_reason,
          'invoicedAmount', f.invoiced_amount, 'paidAmount', f.paid_amount, 'rulesetVersion', f.ruleset_version,
          'eligibilityAsOf', ${asOf}::text,
          'createdAt', to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'updatedAt', to_char(f.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) as image
          from written f limit 1) s`

/** The ADD changes of the enrolments an EnrolmentWriter statement creates (for changesWrittenWith), in seq order. */
export const ADDED_CHANGES = sql`select e.branch_code, e.id as enrolment_id, 'ADD'::text as action, e.seq as ord from written e`

export async function findEnrolment (exec: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<EnrolmentRow | undefined> {
  const q = exec.select().from(enrolments).where(eq(enrolments.id, id)).limit(1)
  const [row] = opts.forUpdate ? await q.for('update') : await q
  return row
}

export async function findEnrolmentsByIds (exec: Executor, ids: string[], opts: { forUpdate?: boolean } = {}): Promise<EnrolmentRow[]> {
  if (ids.length === 0) return []
  const q = exec.select().from(enrolments).where(inIds(enrolments.id, ids))
  return opts.forUpdate ? q.for('update') : q
}

export type WorkerEnrolmentRow = { workerId: string; programId: string; programCode: string; startMonth: string; endMonth: string }

/**
 * The enrolments (not REJECTED) of these workers in every programme, an open one running to its programme's end:
 * in ONE read, whether each is already in a programme and the months the overlap check compares.
 */
export async function findEnrolmentsOfWorkers (exec: Executor, workerIds: string[]): Promise<WorkerEnrolmentRow[]> {
  if (workerIds.length === 0) return []
  return exec
    .select({
      workerId: enrolments.workerId,
      programId: enrolments.programId,
      programCode: programs.code,
      startMonth: enrolments.startMonth,
      endMonth: sql<string>`coalesce(${enrolments.endMonth}, ${programs.endMonth})`,
    })
    .from(enrolments)
    .innerJoin(programs, eq(programs.id, enrolments.programId))
    .where(and(inIds(enrolments.workerId, workerIds), ne(enrolments.status, 'REJECTED')))
}

export type EnrolmentFilter = {
  programId?: string | undefined
  status?: string | undefined
  branchCode?: string | undefined
  workerId?: string | undefined
  afterSeq?: number | undefined
  limit: number
}

export async function listEnrolments (exec: Executor, f: EnrolmentFilter): Promise<EnrolmentRow[]> {
  return exec
    .select()
    .from(enrolments)
    .where(
      and(
        f.programId !== undefined ? eq(enrolments.programId, f.programId) : undefined,
        f.status !== undefined ? eq(enrolments.status, f.status as EnrolmentRow['status']) : undefined,
        f.branchCode !== undefined ? eq(enrolments.branchCode, f.branchCode) : undefined,
        f.workerId !== undefined ? eq(enrolments.workerId, f.workerId) : undefined,
        f.afterSeq !== undefined ? gt(enrolments.seq, f.afterSeq) : undefined
      )
    )
    .orderBy(asc(enrolments.seq))
    .limit(f.limit + 1)
}

export async function updateEnrolment (exec: Executor, id: string, set: Partial<NewEnrolmentRow>, at: Date): Promise<EnrolmentRow> {
  const [row] = await exec
    .update(enrolments)
    .set({ ...set, version: sql`${enrolments.version} + 1`, updatedAt: at })
    .where(eq(enrolments.id, id))
    .returning()
  return row!
}

/** Open enrolments (PENDING or ACTIVE) of a worker: a recorded death ends them (endEnrolments locks them). */
export async function findOpenEnrolmentsOfWorker (exec: Executor, workerId: string): Promise<EnrolmentRow[]> {
  return exec
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.workerId, workerId), inArray(enrolments.status, ['PENDING', 'ACTIVE'])))
    .orderBy(asc(enrolments.seq))
}

/** The branch of the worker's latest enrolment that is not REJECTED (null when there is none). */
export async function findLatestBranchOfWorker (exec: Executor, workerId: string): Promise<string | null> {
  const [row] = await exec
    .select({ branchCode: enrolments.branchCode })
    .from(enrolments)
    .where(and(eq(enrolments.workerId, workerId), ne(enrolments.status, 'REJECTED')))
    .orderBy(desc(enrolments.startMonth), desc(enrolments.seq))
    .limit(1)
  return row?.branchCode ?? null
}

/** A worker's enrolment periods (not REJECTED), an open one running to its programme's end: for coverage. */
export async function findEnrolmentPeriods (exec: Executor, workerId: string): Promise<Array<{ startMonth: string; endMonth: string }>> {
  return exec
    .select({ startMonth: enrolments.startMonth, endMonth: sql<string>`coalesce(${enrolments.endMonth}, ${programs.endMonth})` })
    .from(enrolments)
    .innerJoin(programs, eq(programs.id, enrolments.programId))
    .where(and(eq(enrolments.workerId, workerId), ne(enrolments.status, 'REJECTED')))
    .orderBy(asc(enrolments.startMonth))
}
