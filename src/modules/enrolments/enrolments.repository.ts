import { randomUUID } from 'node:crypto'
import { and, asc, eq, gt, inArray, ne, sql, type SQLWrapper } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { rowsOf } from '../../db/client.js'
import { branchFeeds, enrolmentChanges, enrolments, programs, workers } from '../../db/schema.js'

export type EnrolmentRow = typeof enrolments.$inferSelect
export type NewEnrolmentRow = typeof enrolments.$inferInsert
export type ChangeAction = 'ADD' | 'UPDATE' | 'END'

/** Rows per statement: each chunk travels as one JSON parameter (no per-value bind parameters to build). */
const CHUNK = 5_000

export type NewEnrolment = Pick<EnrolmentRow, 'workerId' | 'programId' | 'programCode' | 'branchCode' | 'startMonth' | 'reservedAmount' | 'eligibility' | 'rulesetVersion'>

/**
 * Inserts PENDING enrolments set-based: one INSERT … SELECT FROM jsonb_to_recordset per chunk. Ids and
 * timestamps are made here so the rows are known without reading them back (only seq is returned).
 */
export async function insertEnrolments(exec: Executor, list: NewEnrolment[]): Promise<EnrolmentRow[]> {
  const now = new Date()
  const rows: EnrolmentRow[] = list.map((e) => ({
    ...e,
    id: randomUUID(),
    seq: 0,
    endMonth: null,
    status: 'PENDING',
    kpjNumber: null,
    rejectionReason: null,
    endReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  }))
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    const json = JSON.stringify(chunk.map((r) => ({ id: r.id, w: r.workerId, p: r.programId, pc: r.programCode, b: r.branchCode, s: r.startMonth, r: r.reservedAmount, e: r.eligibility, v: r.rulesetVersion })))
    const result = await exec.execute(sql`
      insert into ${enrolments} (id, worker_id, program_id, program_code, branch_code, start_month, status, reserved_amount, eligibility, ruleset_version, created_at, updated_at)
      select v.id, v.w, v.p, v.pc, v.b, v.s, 'PENDING', v.r, v.e, v.v, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${json}::jsonb) as v(id uuid, w uuid, p uuid, pc text, b text, s text, r bigint, e jsonb, v text)
      returning id, seq`)
    const seqs = new Map(rowsOf<{ id: string; seq: number | string }>(result).map((r) => [r.id, Number(r.seq)]))
    for (const r of chunk) r.seq = seqs.get(r.id)!
  }
  return rows
}

export async function findEnrolment(exec: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<EnrolmentRow | undefined> {
  const q = exec.select().from(enrolments).where(eq(enrolments.id, id)).limit(1)
  const [row] = opts.forUpdate ? await q.for('update') : await q
  return row
}

/**
 * `column = any($1::uuid[])`: ONE parameter however long the list (an IN list binds one per id, and drizzle would
 * expand a JS array the same way), sent as an array literal. Anything but a UUID is refused before it gets there.
 */
export function inIds(column: SQLWrapper, ids: string[]) {
  for (const id of ids) if (!UUID.test(id)) throw new TypeError(`not a uuid: ${JSON.stringify(id)}`)
  return sql`${column} = any(${`{${ids.join(',')}}`}::uuid[])`
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function findEnrolmentsByIds(exec: Executor, ids: string[], opts: { forUpdate?: boolean } = {}): Promise<EnrolmentRow[]> {
  if (ids.length === 0) return []
  const q = exec.select().from(enrolments).where(inIds(enrolments.id, ids))
  return opts.forUpdate ? q.for('update') : q
}

/** Enrolments (not REJECTED) of these workers in this programme. */
export async function findEnrolledWorkerIds(exec: Executor, programId: string, workerIds: string[]): Promise<Set<string>> {
  if (workerIds.length === 0) return new Set()
  const rows = await exec
    .select({ workerId: enrolments.workerId })
    .from(enrolments)
    .where(and(eq(enrolments.programId, programId), inIds(enrolments.workerId, workerIds), ne(enrolments.status, 'REJECTED')))
  return new Set(rows.map((r) => r.workerId))
}

export type OtherEnrolmentRow = { workerId: string; programCode: string; startMonth: string; endMonth: string }

/** The months each worker is (or was) enrolled for in programmes other than `programId`: for the overlap check. */
export async function findOtherEnrolments(exec: Executor, programId: string | null, workerIds: string[]): Promise<OtherEnrolmentRow[]> {
  if (workerIds.length === 0) return []
  return exec
    .select({
      workerId: enrolments.workerId,
      programCode: programs.code,
      startMonth: enrolments.startMonth,
      endMonth: sql<string>`coalesce(${enrolments.endMonth}, ${programs.endMonth})`,
    })
    .from(enrolments)
    .innerJoin(programs, eq(programs.id, enrolments.programId))
    .where(
      and(
        inIds(enrolments.workerId, workerIds),
        ne(enrolments.status, 'REJECTED'),
        programId === null ? undefined : ne(enrolments.programId, programId),
      ),
    )
}

export type EnrolmentFilter = {
  programId?: string | undefined
  status?: string | undefined
  branchCode?: string | undefined
  workerId?: string | undefined
  afterSeq?: number | undefined
  limit: number
}

export async function listEnrolments(exec: Executor, f: EnrolmentFilter): Promise<EnrolmentRow[]> {
  return exec
    .select()
    .from(enrolments)
    .where(
      and(
        f.programId !== undefined ? eq(enrolments.programId, f.programId) : undefined,
        f.status !== undefined ? eq(enrolments.status, f.status as EnrolmentRow['status']) : undefined,
        f.branchCode !== undefined ? eq(enrolments.branchCode, f.branchCode) : undefined,
        f.workerId !== undefined ? eq(enrolments.workerId, f.workerId) : undefined,
        f.afterSeq !== undefined ? gt(enrolments.seq, f.afterSeq) : undefined,
      ),
    )
    .orderBy(asc(enrolments.seq))
    .limit(f.limit + 1)
}

export async function updateEnrolment(exec: Executor, id: string, set: Partial<NewEnrolmentRow>): Promise<EnrolmentRow> {
  const [row] = await exec
    .update(enrolments)
    .set({ ...set, version: sql`${enrolments.version} + 1`, updatedAt: new Date() })
    .where(eq(enrolments.id, id))
    .returning()
  return row!
}

/** Open enrolments (PENDING or ACTIVE) of a worker, locked: a recorded death ends them. */
export async function findOpenEnrolmentsOfWorker(exec: Executor, workerId: string): Promise<EnrolmentRow[]> {
  return exec
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.workerId, workerId), inArray(enrolments.status, ['PENDING', 'ACTIVE'])))
    .for('update')
}

/**
 * Moves the programme's counters by a delta. Both the quota (places) and the budget are re-checked in the same
 * UPDATE, on the row lock: with N places left, exactly N of any number of concurrent enrolments get through.
 * Returns false when the programme has no room for the delta.
 */
export async function moveProgramCounters(
  exec: Executor,
  programId: string,
  delta: { places: number; reserved: number },
  quota: number,
): Promise<boolean> {
  const rows = await exec
    .update(programs)
    .set({
      enrolledCount: sql`${programs.enrolledCount} + ${delta.places}`,
      reservedAmount: sql`${programs.reservedAmount} + ${delta.reserved}`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(programs.id, programId),
        delta.places > 0 ? sql`${programs.enrolledCount} + ${delta.places} <= ${quota}` : undefined,
        delta.reserved > 0
          ? sql`${programs.reservedAmount} + ${programs.invoicedAmount} + ${programs.paidAmount} + ${delta.reserved} <= ${programs.budget}`
          : undefined,
      ),
    )
    .returning({ id: programs.id })
  return rows.length === 1
}

/**
 * Appends changes to each branch's feed. The change ids come from an UPDATE of the branch's feed row, whose lock
 * is held until this transaction commits: a branch's changes become visible in change-id order, so a reader
 * resuming after change N never misses one committed later with a smaller id.
 */
export async function appendChanges(exec: Executor, changes: Array<{ branchCode: string; enrolmentId: string; action: ChangeAction }>): Promise<void> {
  const byBranch = new Map<string, typeof changes>()
  for (const c of changes) byBranch.set(c.branchCode, [...(byBranch.get(c.branchCode) ?? []), c])
  for (const branch of [...byBranch.keys()].sort()) {
    const list = byBranch.get(branch)!
    const [feed] = await exec
      .insert(branchFeeds)
      .values({ branchCode: branch, lastChangeId: list.length })
      .onConflictDoUpdate({ target: branchFeeds.branchCode, set: { lastChangeId: sql`${branchFeeds.lastChangeId} + ${list.length}` } })
      .returning({ last: branchFeeds.lastChangeId })
    const first = feed!.last - list.length + 1
    for (let i = 0; i < list.length; i += CHUNK) {
      const json = JSON.stringify(list.slice(i, i + CHUNK).map((c, j) => ({ c: first + i + j, e: c.enrolmentId, a: c.action })))
      await exec.execute(sql`
        insert into ${enrolmentChanges} (branch_code, change_id, enrolment_id, action)
        select ${branch}, v.c, v.e, v.a from jsonb_to_recordset(${json}::jsonb) as v(c bigint, e uuid, a text)`)
    }
  }
}

export type FeedRow = {
  changeId: number
  action: ChangeAction
  enrolmentId: string
  nik: string
  name: string
  birthDate: string
  sex: 'M' | 'F'
  address: string
  occupation: string
  phone: string | null
  startMonth: string
  endMonth: string | null
  status: string
  kpjNumber: string | null
}

/**
 * A page of a branch's feed, oldest change first, with the enrolment and worker as they are now. The page of
 * changes is cut first (index range on the feed's primary key) and only then joined, so each page costs its own
 * size whatever the planner believes about freshly loaded tables.
 */
export async function readFeed(exec: Executor, branchCode: string, afterChangeId: number, limit: number): Promise<FeedRow[]> {
  const result = await exec.execute(sql`
    select c.change_id as "changeId", c.action, e.id as "enrolmentId", w.nik, w.name, w.birth_date::text as "birthDate",
           w.sex, w.address, w.occupation, w.phone, e.start_month as "startMonth", e.end_month as "endMonth",
           e.status, e.kpj_number as "kpjNumber"
      from (select change_id, action, enrolment_id
              from ${enrolmentChanges}
             where branch_code = ${branchCode} and change_id > ${afterChangeId}
             order by change_id
             limit ${limit}) c
      join ${enrolments} e on e.id = c.enrolment_id
      join ${workers} w on w.id = e.worker_id
     order by c.change_id`)
  return rowsOf<FeedRow>(result).map((r) => ({ ...r, changeId: Number(r.changeId) }))
}

/**
 * A change to workers' data (address, phone, name…) concerns the branches that register them: one UPDATE change
 * for each of their open enrolments, set-based.
 */
export async function appendWorkerChanges(exec: Executor, workerIds: string[]): Promise<void> {
  if (workerIds.length === 0) return
  const open = await exec
    .select({ id: enrolments.id, branchCode: enrolments.branchCode })
    .from(enrolments)
    .where(and(inIds(enrolments.workerId, workerIds), inArray(enrolments.status, ['PENDING', 'ACTIVE'])))
  await appendChanges(exec, open.map((e) => ({ branchCode: e.branchCode, enrolmentId: e.id, action: 'UPDATE' as const })))
}
