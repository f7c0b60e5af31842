import { z } from 'zod'
import type { Db, Executor } from '../../db/client.js'
import { AppError, badRequest, conflict, notFound, unprocessable } from '../../errors.js'
import { branchFilterOf, type RequestContext } from '../../lib/context.js'
import { decodeCursor, toPage } from '../../lib/pagination.js'
import { jakartaDateOf } from '../../rules/calendar.js'
import { enrolmentCost, quota, remainingBudget, reservationCost } from '../../rules/contribution.js'
import { explainCheck, type CompactCheck, type EligibilityCheck, type EligibilityResult } from '../../rules/eligibility.js'
import { compareMonths, monthOfDate, type Month } from '../../rules/month.js'
import { auditWrittenWith, recordAudit, type AuditChange } from '../audit/audit.service.js'
import { changesWrittenWith, recordChanges } from '../feed/feed.service.js'
import { budgetParamsOf, budgetUseOf, lockProgramRow, moveCounters, releaseCounters, type ProgramRow, type ProgramService } from '../programs/programs.service.js'
import type { DeathInput } from '../workers/workers.schemas.js'
import { findWorkerFacts, type WorkerDetail, type WorkerResult, type WorkerRow, type WorkerService } from '../workers/workers.service.js'
import { eligibilityOf, enrolmentsByWorker, judgeEligibility } from './enrolments.eligibility.js'
import {
  ADDED_CHANGES,
  createdAuditRows,
  EnrolmentWriter,
  findEnrolment,
  findEnrolmentsByIds,
  findEnrolmentPeriods,
  findLatestBranchOfWorker,
  findOpenEnrolmentsOfWorker,
  findEnrolmentsOfWorkers,
  newEnrolmentRows,
  listEnrolments,
  updateEnrolment,
  type EnrolmentCohort,
  type EnrolmentRow,
  type NewEnrolment,
} from './enrolments.repository.js'
import type { BATCH_OUTCOMES } from './enrolments.schemas.js'

export type { EnrolmentRow }
export type EnrolmentView = ReturnType<typeof toEnrolmentView>

/**
 * What an enrolment keeps of the decision that admitted it: the date judged as of and each check as its rule,
 * outcome and values (`c`), rendered into sentences on read by the rules module; the rule-set version is the row's
 * own column. Enrolments written before 2026-12 stored the sentences themselves (`checks`), and read as stored.
 */
type StoredEligibility = { asOf: string; c: CompactCheck[] } | { asOf: string; checks: EligibilityCheck[] }

const storedChecks = (e: StoredEligibility): EligibilityCheck[] => ('c' in e ? e.c.map(explainCheck) : e.checks)

export function toEnrolmentView (r: EnrolmentRow) {
  const e = r.eligibility as StoredEligibility
  return {
    id: r.id,
    workerId: r.workerId,
    programCode: r.programCode,
    branchCode: r.branchCode,
    startMonth: r.startMonth,
    endMonth: r.endMonth,
    enrolledOn: r.enrolledOn,
    status: r.status,
    kpjNumber: r.kpjNumber,
    rejectionReason: r.rejectionReason,
    endReason: r.endReason,
    reservedAmount: r.reservedAmount,
    invoicedAmount: r.invoicedAmount,
    paidAmount: r.paidAmount,
    checks: storedChecks(e),
    rulesetVersion: r.rulesetVersion,
    eligibilityAsOf: e.asOf,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** What a batch result says of a created enrolment; the whole record (with its checks) is GET /v1/enrolments/{id}. */
export type EnrolmentSummary = Pick<EnrolmentView, 'id' | 'branchCode' | 'status' | 'startMonth' | 'endMonth' | 'reservedAmount' | 'rulesetVersion'>

export type BatchResult = {
  workerId: string
  outcome: (typeof BATCH_OUTCOMES)[number]
  status: number
  detail: string
  enrolment?: EnrolmentSummary
  checks?: Array<{ rule: string; passed: boolean; detail: string }>
  rulesetVersion?: string
}

export type EnrolInput = { programCode: string; startMonth?: string | undefined; enrolledOn?: string | undefined }

const STATUS_OF: Record<BatchResult['outcome'], number> = {
  ENROLLED: 201,
  WORKER_NOT_FOUND: 404,
  ALREADY_ENROLLED: 409,
  QUOTA_EXHAUSTED: 409,
  DUPLICATE_IN_REQUEST: 409,
  INELIGIBLE: 422,
}

/**
 * The audit image of an enrolment leaves out the eligibility checks: they never change after enrolment and are
 * stored on the enrolment itself (with their rule-set version, which the image keeps).
 */
export function enrolmentAuditImage (r: EnrolmentRow) {
  const { checks: _checks, ...rest } = toEnrolmentView({ ...r, eligibility: { asOf: (r.eligibility as StoredEligibility).asOf, c: [] } })
  return rest
}

const auditOf = (action: string, before: EnrolmentRow | null, after: EnrolmentRow): AuditChange => ({
  action,
  entityType: 'enrolment',
  entityId: after.id,
  before: before ? enrolmentAuditImage(before) : null,
  after: enrolmentAuditImage(after),
})

/** Today in Asia/Jakarta, from the request's instant. */
const todayOf = (ctx: RequestContext) => jakartaDateOf(ctx.at)

/** The day an enrolment is decided: the caller's date for a past cohort, today otherwise; never a future day. */
function decisionDay (ctx: RequestContext, enrolledOn: string | undefined): string {
  const today = todayOf(ctx)
  if (enrolledOn === undefined) return today
  if (enrolledOn > today) {
    throw badRequest(`enrolledOn must not be after today (${today}).`, [{ path: 'enrolledOn', message: `must not be after today (${today})` }])
  }
  return enrolledOn
}

/**
 * Enrolment: the eligibility decision, the quota place and the money reserved for it, the worker's death (which
 * ends their enrolments), and the branch feed entries and audit rows of each, in one transaction per call.
 * Uses the programmes and workers modules below it; the branches module above it reads what it writes.
 */
export class EnrolmentService {
  constructor (
    private readonly db: Db,
    private readonly deps: { programs: ProgramService; workers: WorkerService }
  ) {}

  /**
   * Enrols workers, set-based, in one transaction that holds the programme's row lock: eligibility is judged for
   * every worker from one read of the workers and their other enrolments, places and money are taken in order
   * until the quota or the budget is used up, and the accepted enrolments, their feed changes, the programme's
   * counters and the audit rows are written together. A refusal for one worker never undoes the others.
   */
  async enrolBatch (ctx: RequestContext, input: EnrolInput & { workerIds: string[] }) {
    const { reply } = await this.enrolAll(ctx, input)
    return reply
  }

  /** One enrolment: the batch path with one worker, its refusal turned into the matching problem. */
  async enrol (ctx: RequestContext, input: EnrolInput & { workerId: string }): Promise<EnrolmentRow> {
    const { reply, written } = await this.enrolAll(ctx, { ...input, workerIds: [input.workerId] })
    const r = reply.results[0]!
    switch (r.outcome) {
      case 'ENROLLED':
        return written.get(input.workerId)!
      case 'WORKER_NOT_FOUND':
        throw notFound('Worker', r.detail)
      case 'INELIGIBLE':
        throw unprocessable('ineligible', r.detail, { checks: r.checks, rulesetVersion: r.rulesetVersion })
      case 'ALREADY_ENROLLED':
        throw conflict('already-enrolled', r.detail)
      default:
        throw conflict('quota-exhausted', r.detail)
    }
  }

  private async enrolAll (ctx: RequestContext, input: EnrolInput & { workerIds: string[] }) {
    const enrolledOn = decisionDay(ctx, input.enrolledOn)
    return this.db.transaction(async (tx) => {
      const program = await lockProgramRow(tx, { code: input.programCode })
      if (!program) throw notFound('Programme', `Programme ${input.programCode} not found.`)
      const startMonth = input.startMonth ?? program.startMonth
      const question = { startMonth, enrolledOn }

      const ids = [...new Set(input.workerIds)]
      // Both reads are sent at once: PostgreSQL runs the second while the first's rows are taken apart here.
      const [facts, theirEnrolments] = await Promise.all([findWorkerFacts(tx, ids), findEnrolmentsOfWorkers(tx, ids)])
      const byId = new Map(facts.map((w) => [w.id, w]))
      const { enrolled, others } = enrolmentsByWorker(theirEnrolments, program.id)

      const params = budgetParamsOf(program)
      const places = quota(params)
      let placesLeft = places - program.enrolledCount
      let moneyLeft = remainingBudget(budgetUseOf(program))

      const results: BatchResult[] = []
      const seen = new Set<string>()
      const accepted: Array<{ index: number; workerId: string }> = []
      // Accepted rows are written a chunk at a time (writer.wanted) while the next workers are judged; each statement also
      // makes their feed changes and audit rows (from what it wrote: 10,000 of each never travel as JSON). The
      // cohort and the writer are made with the first acceptance: every decision of a call shares its rule set
      // and the day it was judged as of.
      let cohort: EnrolmentCohort | undefined
      let writer: EnrolmentWriter | undefined
      const rows: EnrolmentRow[] = []
      let pending: NewEnrolment[] = []
      const flush = async () => {
        const chunk = newEnrolmentRows(cohort!, pending, ctx.at)
        pending = []
        for (const r of chunk) rows.push(r)
        await writer!.write(chunk)
      }
      for (const workerId of input.workerIds) {
        const result = (outcome: BatchResult['outcome'], detail: string, extra: Partial<BatchResult> = {}) =>
          results.push({ workerId, outcome, status: STATUS_OF[outcome], detail, ...extra })
        if (seen.has(workerId)) {
          result('DUPLICATE_IN_REQUEST', 'This worker appears earlier in the same request.')
          continue
        }
        seen.add(workerId)
        const worker = byId.get(workerId)
        if (!worker) {
          result('WORKER_NOT_FOUND', `Worker ${workerId} not found.`)
          continue
        }
        if (enrolled.has(workerId)) {
          result('ALREADY_ENROLLED', `The worker is already enrolled in ${program.code}.`)
          continue
        }
        const decision = judgeEligibility(worker, program, question, others.get(workerId) ?? [])
        if (!decision.eligible) {
          result('INELIGIBLE', `Not eligible: ${decision.checks.filter((c) => !c.passed).map((c) => c.detail).join('; ')}.`, {
            checks: decision.checks,
            rulesetVersion: decision.rulesetVersion,
          })
          continue
        }
        // Eligible means the start month lies within the programme, so its cost is defined.
        const cost = reservationCost(params, startMonth)
        if (placesLeft < 1 || moneyLeft < cost) {
          result('QUOTA_EXHAUSTED', placesLeft < 1 ? `All ${places} places of ${program.code} are taken.` : `The remaining budget of ${program.code} cannot hold another ${cost} Rupiah.`)
          continue
        }
        placesLeft -= 1
        moneyLeft -= cost
        cohort ??= { programId: program.id, programCode: program.code, startMonth, enrolledOn, rulesetVersion: decision.rulesetVersion }
        writer ??= new EnrolmentWriter(tx, [changesWrittenWith(ctx, ADDED_CHANGES), auditWrittenWith(ctx, createdAuditRows(decision.asOf))])
        pending.push({ workerId, branchCode: decision.branchCode!, reservedAmount: cost, eligibility: storedDecision(decision) })
        accepted.push({ index: results.length, workerId })
        results.push({ workerId, outcome: 'ENROLLED', status: 201, detail: `Enrolled through branch ${decision.branchCode}.` })
        if (pending.length === writer.wanted) await flush()
      }
      if (pending.length > 0) await flush()
      await writer?.done()

      const written = new Map<string, EnrolmentRow>()
      if (rows.length > 0) {
        // The programme row is locked by this transaction, and the UPDATE re-checks quota and budget all the same.
        const reserved = rows.reduce((sum, r) => sum + r.reservedAmount, 0)
        if (!(await moveCounters(tx, ctx, program, { places: rows.length, reserved }))) {
          throw new AppError(409, 'quota-exhausted', 'Conflict', 'The programme has no room for these enrolments.')
        }
        for (const r of rows) written.set(r.workerId, r)

        // A past cohort's member whose death is already recorded (after the day they were enrolled) keeps the
        // enrolment for the months they lived, and it ends at once with the month of death: nothing later is held.
        const deaths = new Map<Month, EnrolmentRow[]>()
        for (const r of rows) {
          const died = byId.get(r.workerId)!.dateOfDeath
          if (died === null) continue
          const month = monthOfDate(died)
          const list = deaths.get(month)
          if (list) list.push(r)
          else deaths.set(month, [r])
        }
        for (const [month, list] of deaths) {
          for (const ended of await endEnrolments(tx, ctx, list, month, 'DECEASED')) written.set(ended.workerId, ended)
        }

        for (const a of accepted) {
          const r = written.get(a.workerId)!
          results[a.index]!.enrolment = {
            id: r.id,
            branchCode: r.branchCode,
            status: r.status,
            startMonth: r.startMonth,
            endMonth: r.endMonth,
            reservedAmount: r.reservedAmount,
            rulesetVersion: r.rulesetVersion,
          }
        }
      }
      const reply = {
        programCode: program.code,
        startMonth,
        enrolledOn,
        enrolled: accepted.length,
        refused: results.length - accepted.length,
        results,
      }
      return { reply, written }
    })
  }

  /**
   * Whether a worker may be enrolled in a programme, and why: the very judge enrolment uses, on the same facts
   * (the worker, the programme, their other enrolments, the start month and the day of decision).
   */
  async eligibility (ctx: RequestContext, workerId: string, q: { programCode: string; startMonth?: string | undefined; enrolledOn?: string | undefined }) {
    const enrolledOn = decisionDay(ctx, q.enrolledOn)
    const worker = await this.deps.workers.load(this.db, ctx, workerId)
    const program = await this.deps.programs.get(q.programCode)
    const startMonth = q.startMonth ?? program.startMonth
    const { stored: _stored, ...result } = await eligibilityOf(this.db, worker, program, { startMonth, enrolledOn })
    return { workerId: worker.id, programCode: program.code, startMonth, ...result }
  }

  /**
   * Records a worker's death and ends their open enrolments with the month of death, in one transaction, so no
   * later month is ever invoiced. The claims module records a death through this same call.
   */
  async recordDeath (ctx: RequestContext, workerId: string, death: DeathInput): Promise<WorkerResult<WorkerDetail>> {
    return this.db.transaction(async (tx) => {
      const worker = await this.recordDeathWithin(tx, ctx, workerId, death)
      return this.deps.workers.detail(tx, ctx, worker)
    })
  }

  /**
   * The death use case in the caller's transaction (a death claim records the death with the claim): the worker
   * marked deceased and the open enrolments ended with the month of death. The same facts again change nothing;
   * other facts for a recorded death are a 409 naming the recorded ones.
   */
  async recordDeathWithin (tx: Executor, ctx: RequestContext, workerId: string, death: DeathInput): Promise<WorkerRow> {
    const { worker, changed } = await this.deps.workers.markDeceased(tx, ctx, workerId, death)
    if (changed) await endEnrolments(tx, ctx, await findOpenEnrolmentsOfWorker(tx, worker.id), monthOfDate(death.dateOfDeath), 'DECEASED')
    return worker
  }

  async get (id: string, branchCode: string | null): Promise<EnrolmentRow> {
    const row = await findEnrolment(this.db, id)
    if (!row || (branchCode !== null && row.branchCode !== branchCode)) throw notFound('Enrolment')
    return row
  }

  async list (ctx: RequestContext, q: { programCode?: string | undefined; status?: string | undefined; branchCode?: string | undefined; workerId?: string | undefined; limit: number; cursor?: string | undefined }) {
    const branchCode = branchFilterOf(ctx.actor, q.branchCode)
    const programId = await this.deps.programs.idForFilter(q.programCode)
    if (branchCode === null || programId === null) return { items: [], nextCursor: null }
    const afterSeq = decodeCursor(q.cursor, z.number().int().nonnegative())
    const rows = await listEnrolments(this.db, { programId, status: q.status, branchCode, workerId: q.workerId, afterSeq, limit: q.limit })
    return toPage(rows, q.limit, (r) => r.seq, toEnrolmentView)
  }

  /** Ends an enrolment with its last covered month, releasing the reservation for the months after it and its place. */
  async end (ctx: RequestContext, id: string, input: { endMonth: string; reason: NonNullable<EnrolmentRow['endReason']> }): Promise<EnrolmentRow> {
    return this.db.transaction(async (tx) => {
      // Lock order (README): the programme, then the enrolment.
      const found = await findEnrolment(tx, id)
      if (!found) throw notFound('Enrolment')
      await lockProgramRow(tx, { id: found.programId })
      const before = (await findEnrolment(tx, id, { forUpdate: true }))!
      if (before.status === 'ENDED') {
        // the same facts again (an end past the programme's end was stored as the programme's end)
        const program = await this.deps.programs.get(before.programCode, tx)
        const asStored = compareMonths(input.endMonth, program.endMonth) > 0 ? program.endMonth : input.endMonth
        if (before.endMonth === asStored && before.endReason === input.reason) return before
        throw conflict('enrolment-ended', `The enrolment already ended with ${before.endMonth} (${before.endReason}).`)
      }
      if (before.status === 'REJECTED') throw conflict('enrolment-rejected', 'A rejected enrolment cannot be ended.')
      const [after] = await endEnrolments(tx, ctx, [before], input.endMonth, input.reason)
      return after!
    })
  }
}

/** A worker's enrolment periods (not REJECTED; an open one to its programme's end), for coverage. */
export function enrolmentPeriodsOf (exec: Executor, workerId: string): Promise<Array<{ startMonth: string; endMonth: string }>> {
  return findEnrolmentPeriods(exec, workerId)
}

/** The branch of the worker's latest enrolment that is not REJECTED: the branch that serves their claims. */
export function branchOfWorker (exec: Executor, workerId: string): Promise<string | null> {
  return findLatestBranchOfWorker(exec, workerId)
}

/** Enrolments by id in the caller's transaction, optionally locked until it ends (a branch's confirmations). */
export function findEnrolments (tx: Executor, ids: string[], opts: { forUpdate?: boolean } = {}): Promise<EnrolmentRow[]> {
  return findEnrolmentsByIds(tx, ids, opts)
}

/** What an enrolment keeps of the decision that admitted it (StoredEligibility): a few hundred bytes, no sentences. */
function storedDecision (d: EligibilityResult): StoredEligibility {
  return { asOf: d.asOf, c: d.stored }
}

/**
 * Ends open enrolments with `endMonth` as their last covered month (the month of death, a move…): the reservation
 * for later months goes back to the budget, the place is freed, each branch sees an END change, every row is audited.
 * Takes the caller's transaction: a recorded death and the end of its enrolments commit together.
 */
async function endEnrolments (
  tx: Executor,
  ctx: RequestContext,
  open: EnrolmentRow[],
  endMonth: Month,
  reason: NonNullable<EnrolmentRow['endReason']>
): Promise<EnrolmentRow[]> {
  // Lock order (README): the programmes first (in id order), then the enrolments, read again under their locks.
  const programsById = new Map<string, ProgramRow>()
  for (const programId of [...new Set(open.map((e) => e.programId))].sort()) programsById.set(programId, (await lockProgramRow(tx, { id: programId }))!)
  const locked = new Map((await findEnrolmentsByIds(tx, open.map((e) => e.id), { forUpdate: true })).map((e) => [e.id, e]))
  const out: EnrolmentRow[] = []
  const befores: EnrolmentRow[] = []
  for (const stale of open) {
    const before = locked.get(stale.id)!
    if (before.status === 'ENDED' || before.status === 'REJECTED') continue // ended meanwhile: nothing more to end
    befores.push(before)
    const program = programsById.get(before.programId)!
    // An end after the programme's end is the programme's end; an end before the first month means it never
    // covered anything (endMonth < startMonth) and holds nothing.
    const effectiveEnd = compareMonths(endMonth, program.endMonth) > 0 ? program.endMonth : endMonth
    const endedBeforeStart = compareMonths(effectiveEnd, before.startMonth) < 0
    // What is still to be billed for the months it keeps: their cost less what is already on issued or paid invoices.
    const stillDue = endedBeforeStart ? 0 : enrolmentCost(budgetParamsOf(program), before.startMonth, effectiveEnd) - before.invoicedAmount - before.paidAmount
    const held = Math.max(0, Math.min(before.reservedAmount, stillDue))
    await releaseCounters(tx, ctx, program.id, { places: 1, reserved: before.reservedAmount - held })
    out.push(await updateEnrolment(tx, before.id, { status: 'ENDED', endMonth: effectiveEnd, endReason: reason, reservedAmount: held }, ctx.at))
  }
  if (out.length > 0) {
    await recordChanges(tx, ctx, out.map((r) => ({ branchCode: r.branchCode, enrolmentId: r.id, action: 'END' as const })))
    await recordAudit(tx, ctx, out.map((r, i) => auditOf('enrolment.ended', befores[i]!, r)))
  }
  return out
}
