import { z } from 'zod'
import type { Db, Executor } from '../../db/client.js'
import { workers } from '../../db/schema.js'
import { AppError, badRequest, conflict, notFound, unprocessable } from '../../errors.js'
import type { RequestContext } from '../../lib/context.js'
import { decodeCursor, toPage } from '../../lib/pagination.js'
import { enrolmentCost, quota, remainingBudget, reservationCost } from '../../rules/contribution.js'
import { budgetParamsOf, budgetUseOf } from '../programs/programs.service.js'
import { compareMonths, type Month } from '../../rules/month.js'
import { recordAudit, type AuditChange } from '../audit/audit.service.js'
import { findProgramByCode, lockProgram } from '../programs/programs.repository.js'
import type { ProgramRow } from '../programs/programs.repository.js'
import type { WorkerRow } from '../workers/workers.repository.js'
import { judgeEligibility } from './enrolments.eligibility.js'
import {
  appendChanges,
  findEnrolledWorkerIds,
  findEnrolment,
  findOpenEnrolmentsOfWorker,
  findOtherEnrolments,
  inIds,
  insertEnrolments,
  listEnrolments,
  moveProgramCounters,
  updateEnrolment,
  type EnrolmentRow,
  type NewEnrolment,
} from './enrolments.repository.js'
import type { BATCH_OUTCOMES } from './enrolments.schemas.js'

export type EnrolmentView = ReturnType<typeof toEnrolmentView>

type StoredEligibility = { checks: Array<{ rule: string; passed: boolean; detail: string }>; asOf: string; rulesetVersion: string }

export function toEnrolmentView(r: EnrolmentRow) {
  const e = r.eligibility as StoredEligibility
  return {
    id: r.id,
    workerId: r.workerId,
    programCode: r.programCode,
    branchCode: r.branchCode,
    startMonth: r.startMonth,
    endMonth: r.endMonth,
    status: r.status,
    kpjNumber: r.kpjNumber,
    rejectionReason: r.rejectionReason,
    endReason: r.endReason,
    reservedAmount: r.reservedAmount,
    checks: e.checks,
    rulesetVersion: r.rulesetVersion,
    eligibilityAsOf: e.asOf,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** What a batch result says of a created enrolment; the whole record (with its checks) is GET /v1/enrolments/{id}. */
export type EnrolmentSummary = Pick<EnrolmentView, 'id' | 'branchCode' | 'status' | 'startMonth' | 'reservedAmount' | 'rulesetVersion'>

export type BatchResult = {
  workerId: string
  outcome: (typeof BATCH_OUTCOMES)[number]
  status: number
  detail: string
  enrolment?: EnrolmentSummary
  checks?: Array<{ rule: string; passed: boolean; detail: string }>
  rulesetVersion?: string
}

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
export function enrolmentAuditImage(r: EnrolmentRow) {
  const { checks: _checks, ...rest } = toEnrolmentView(r)
  return rest
}

const auditOf = (action: string, before: EnrolmentRow | null, after: EnrolmentRow): AuditChange => ({
  action,
  entityType: 'enrolment',
  entityId: after.id,
  before: before ? enrolmentAuditImage(before) : null,
  after: enrolmentAuditImage(after),
})

export class EnrolmentService {
  constructor(private readonly db: Db) {}

  /**
   * Enrols workers, set-based, in one transaction that holds the programme's row lock: eligibility is judged for
   * every worker from one read of the workers and their other enrolments, places and money are taken in order
   * until the quota or the budget is used up, and the accepted enrolments, their feed changes, the programme's
   * counters and the audit rows are written together. A refusal for one worker never undoes the others.
   */
  async enrolBatch(ctx: RequestContext, input: { programCode: string; startMonth?: string | undefined; workerIds: string[] }) {
    return this.db.transaction(async (tx) => {
      const program = await lockProgram(tx, { code: input.programCode })
      if (!program) throw notFound('Programme', `Programme ${input.programCode} not found.`)
      const startMonth = input.startMonth ?? program.startMonth
      if (compareMonths(startMonth, program.startMonth) < 0 || compareMonths(startMonth, program.endMonth) > 0) {
        throw badRequest(`startMonth must lie within the programme, ${program.startMonth} to ${program.endMonth}.`, [
          { path: 'startMonth', message: `outside ${program.code} (${program.startMonth}..${program.endMonth})` },
        ])
      }

      const ids = [...new Set(input.workerIds)]
      const found: WorkerRow[] = ids.length ? await tx.select().from(workers).where(inIds(workers.id, ids)) : []
      const byId = new Map(found.map((w) => [w.id, w]))
      const enrolled = await findEnrolledWorkerIds(tx, program.id, ids)
      const others = await findOtherEnrolments(tx, program.id, ids)

      const params = budgetParamsOf(program)
      const places = quota(params)
      const cost = reservationCost(params, startMonth)
      let placesLeft = places - program.enrolledCount
      let moneyLeft = remainingBudget(budgetUseOf(program))

      const results: BatchResult[] = []
      const seen = new Set<string>()
      const accepted: Array<{ index: number; row: NewEnrolment }> = []
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
        const decision = judgeEligibility(worker, program, startMonth, others)
        const branchCode = program.branchByKecamatan[worker.kecamatanCode]
        const checks = [...decision.checks] as Array<{ rule: string; passed: boolean; detail: string }>
        checks.push({
          rule: 'BRANCH_ASSIGNED',
          passed: branchCode !== undefined,
          detail: branchCode
            ? `kecamatan ${worker.kecamatanCode} is served by branch ${branchCode}`
            : `the programme names no BPJS branch for kecamatan ${worker.kecamatanCode}`,
        })
        if (!decision.eligible || !branchCode) {
          result('INELIGIBLE', `Not eligible: ${checks.filter((c) => !c.passed).map((c) => c.detail).join('; ')}.`, { checks, rulesetVersion: decision.rulesetVersion })
          continue
        }
        if (placesLeft < 1 || moneyLeft < cost) {
          result('QUOTA_EXHAUSTED', placesLeft < 1 ? `All ${places} places of ${program.code} are taken.` : `The remaining budget of ${program.code} cannot hold another ${cost} Rupiah.`)
          continue
        }
        placesLeft -= 1
        moneyLeft -= cost
        accepted.push({
          index: results.length,
          row: {
            workerId,
            programId: program.id,
            programCode: program.code,
            branchCode,
            startMonth,
            reservedAmount: cost,
            eligibility: { checks, asOf: decision.asOf, rulesetVersion: decision.rulesetVersion },
            rulesetVersion: decision.rulesetVersion,
          },
        })
        results.push({ workerId, outcome: 'ENROLLED', status: 201, detail: `Enrolled through branch ${branchCode}.` })
      }

      if (accepted.length > 0) {
        const rows = await insertEnrolments(tx, accepted.map((a) => a.row))
        // The programme row is locked by this transaction, and the UPDATE re-checks quota and budget all the same.
        const moved = await moveProgramCounters(tx, program.id, { places: rows.length, reserved: cost * rows.length }, places)
        if (!moved) throw new AppError(409, 'quota-exhausted', 'Conflict', 'The programme has no room for these enrolments.')
        await appendChanges(tx, rows.map((r) => ({ branchCode: r.branchCode, enrolmentId: r.id, action: 'ADD' as const })))
        await recordAudit(tx, ctx, rows.map((r) => auditOf('enrolment.created', null, r)))
        const byWorker = new Map(rows.map((r) => [r.workerId, r]))
        for (const a of accepted) {
          const r = byWorker.get(a.row.workerId)!
          results[a.index]!.enrolment = { id: r.id, branchCode: r.branchCode, status: r.status, startMonth: r.startMonth, reservedAmount: r.reservedAmount, rulesetVersion: r.rulesetVersion }
        }
      }
      return {
        programCode: program.code,
        startMonth,
        enrolled: accepted.length,
        refused: results.length - accepted.length,
        results,
      }
    })
  }

  /** One enrolment: the batch path with one worker, its refusal turned into the matching problem. */
  async enrol(ctx: RequestContext, input: { workerId: string; programCode: string; startMonth?: string | undefined }): Promise<EnrolmentView> {
    const batch = await this.enrolBatch(ctx, { programCode: input.programCode, startMonth: input.startMonth, workerIds: [input.workerId] })
    const r = batch.results[0]!
    switch (r.outcome) {
      case 'ENROLLED':
        return toEnrolmentView((await findEnrolment(this.db, r.enrolment!.id))!)
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

  async get(id: string, branchCode: string | null): Promise<EnrolmentRow> {
    const row = await findEnrolment(this.db, id)
    if (!row || (branchCode !== null && row.branchCode !== branchCode)) throw notFound('Enrolment')
    return row
  }

  async list(q: { programCode?: string | undefined; status?: string | undefined; branchCode?: string | undefined; workerId?: string | undefined; limit: number; cursor?: string | undefined }, scopeBranch: string | null) {
    if (scopeBranch !== null && q.branchCode !== undefined && q.branchCode !== scopeBranch) return { items: [], nextCursor: null }
    let programId: string | undefined
    if (q.programCode !== undefined) {
      const p = await findProgramByCode(this.db, q.programCode)
      if (!p) return { items: [], nextCursor: null }
      programId = p.id
    }
    const afterSeq = decodeCursor(q.cursor, z.number().int().nonnegative())
    const rows = await listEnrolments(this.db, { programId, status: q.status, branchCode: scopeBranch ?? q.branchCode, workerId: q.workerId, afterSeq, limit: q.limit })
    return toPage(rows, q.limit, (r) => r.seq, toEnrolmentView)
  }

  /** Ends an enrolment with its last covered month, releasing the reservation for the months after it and its place. */
  async end(ctx: RequestContext, id: string, input: { endMonth: string; reason: EnrolmentRow['endReason'] & string }): Promise<EnrolmentRow> {
    return this.db.transaction(async (tx) => {
      const before = await findEnrolment(tx, id, { forUpdate: true })
      if (!before) throw notFound('Enrolment')
      if (before.status === 'ENDED') {
        // the same facts again (an end past the programme's end was stored as the programme's end)
        const program = await findProgramByCode(tx, before.programCode)
        const asStored = program && compareMonths(input.endMonth, program.endMonth) > 0 ? program.endMonth : input.endMonth
        if (before.endMonth === asStored && before.endReason === input.reason) return before
        throw conflict('enrolment-ended', `The enrolment already ended with ${before.endMonth} (${before.endReason}).`)
      }
      if (before.status === 'REJECTED') throw conflict('enrolment-rejected', 'A rejected enrolment cannot be ended.')
      const [after] = await endEnrolments(tx, ctx, [before], input.endMonth, input.reason)
      return after!
    })
  }
}

/**
 * Ends open enrolments with `endMonth` as their last covered month (the month of death, a move…): the reservation
 * for later months goes back to the budget, the place is freed, each branch sees an END change, every row is audited.
 * Takes the caller's transaction: a recorded death and the end of its enrolments commit together.
 */
export async function endEnrolments(
  tx: Executor,
  ctx: RequestContext,
  open: EnrolmentRow[],
  endMonth: Month,
  reason: NonNullable<EnrolmentRow['endReason']>,
): Promise<EnrolmentRow[]> {
  const out: EnrolmentRow[] = []
  for (const before of open) {
    const program = (await lockProgram(tx, { id: before.programId }))!
    // An end after the programme's end is the programme's end; an end before the first month means it never
    // covered anything (endMonth < startMonth) and holds nothing.
    const effectiveEnd = compareMonths(endMonth, program.endMonth) > 0 ? program.endMonth : endMonth
    const endedBeforeStart = compareMonths(effectiveEnd, before.startMonth) < 0
    const held = endedBeforeStart ? 0 : Math.min(before.reservedAmount, enrolmentCost(budgetParamsOf(program), before.startMonth, effectiveEnd))
    const released = before.reservedAmount - held
    await moveProgramCounters(tx, before.programId, { places: -1, reserved: -released }, Number.MAX_SAFE_INTEGER)
    const after = await updateEnrolment(tx, before.id, { status: 'ENDED', endMonth: effectiveEnd, endReason: reason, reservedAmount: held })
    out.push(after)
  }
  if (out.length > 0) {
    await appendChanges(tx, out.map((r) => ({ branchCode: r.branchCode, enrolmentId: r.id, action: 'END' as const })))
    await recordAudit(tx, ctx, out.map((r, i) => auditOf('enrolment.ended', open[i]!, r)))
  }
  return out
}

/** A recorded death ends the worker's open enrolments with the month of death. */
export async function endEnrolmentsForDeath(tx: Executor, ctx: RequestContext, workerId: string, deathMonth: Month): Promise<EnrolmentRow[]> {
  return endEnrolments(tx, ctx, await findOpenEnrolmentsOfWorker(tx, workerId), deathMonth, 'DECEASED')
}
