import { z } from 'zod'
import type { Db, Executor } from '../../db/client.js'
import { badRequest, conflict, notFound, type FieldError } from '../../errors.js'
import type { RequestContext } from '../../lib/context.js'
import { decodeCursor, toPage } from '../../lib/pagination.js'
import { CURRENT_RULESET } from '../../rules/ruleset.js'
import { monthsInclusive, compareMonths } from '../../rules/month.js'
import { monthlyContribution, monthsCoveredByRemaining, quota, remainingBudget } from '../../rules/contribution.js'
import { kecamatanInRegion } from '../../rules/regions.js'
import { recordAudit } from '../audit/audit.service.js'
import { findProgramByCode, insertProgram, listPrograms, lockProgram, moveProgramCounters, moveProgramMoney, type ProgramRow } from './programs.repository.js'
import { MAX_PROGRAM_MONTHS, type CreateProgramInput } from './programs.schemas.js'

export type { ProgramRow }
export type ProgramView = ReturnType<typeof toProgramView>

/** A programme row as the rules module's budget parameters (quota, reservation and enrolment costs). */
export function budgetParamsOf (r: ProgramRow) {
  return { budget: r.budget, contribution: { jkk: r.contributionJkk, jkm: r.contributionJkm }, startMonth: r.startMonth, endMonth: r.endMonth }
}

/** Where the programme's money stands, from its counters. */
export function budgetUseOf (r: ProgramRow) {
  return { allocated: r.budget, reserved: r.reservedAmount, invoiced: r.invoicedAmount, paid: r.paidAmount }
}

export function toProgramView (r: ProgramRow) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    regionCode: r.regionCode,
    startMonth: r.startMonth,
    endMonth: r.endMonth,
    months: monthsInclusive(r.startMonth, r.endMonth),
    budget: r.budget,
    contribution: { jkk: r.contributionJkk, jkm: r.contributionJkm, total: monthlyContribution(budgetParamsOf(r).contribution) },
    maxDesil: r.maxDesil,
    desilMaxAgeMonths: r.desilMaxAgeMonths,
    occupations: r.occupations,
    minAge: r.minAge,
    maxAge: r.maxAge,
    branchByKecamatan: r.branchByKecamatan,
    quota: quota(budgetParamsOf(r)),
    enrolledCount: r.enrolledCount,
    rulesetVersion: CURRENT_RULESET.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** Checks across fields that a per-field schema cannot make; each failure names its field. */
export function programInputErrors (input: CreateProgramInput): FieldError[] {
  const errors: FieldError[] = []
  if (compareMonths(input.endMonth, input.startMonth) < 0) {
    errors.push({ path: 'endMonth', message: `must not be before startMonth ${input.startMonth}` })
  } else if (monthsInclusive(input.startMonth, input.endMonth) > MAX_PROGRAM_MONTHS) {
    const months = monthsInclusive(input.startMonth, input.endMonth)
    errors.push({ path: 'endMonth', message: `must make a programme of at most ${MAX_PROGRAM_MONTHS} months from startMonth ${input.startMonth} (this makes ${months})` })
  }
  if (input.minAge > input.maxAge) errors.push({ path: 'maxAge', message: `must not be below minAge ${input.minAge}` })
  for (const kec of Object.keys(input.branchByKecamatan)) {
    if (!kecamatanInRegion(kec, input.regionCode)) {
      errors.push({ path: `branchByKecamatan.${kec}`, message: `is not a kecamatan of region ${input.regionCode}` })
    }
  }
  if (Object.keys(input.branchByKecamatan).length === 0) {
    errors.push({ path: 'branchByKecamatan', message: 'must map at least one kecamatan to a branch' })
  }
  if (new Set(input.occupations).size !== input.occupations.length) errors.push({ path: 'occupations', message: 'must not repeat an occupation' })
  if (errors.length === 0 && quota(input) < 1) {
    errors.push({ path: 'budget', message: 'does not cover even one worker for the whole period' })
  }
  return errors
}

export class ProgramService {
  constructor (private readonly db: Db) {}

  async create (ctx: RequestContext, input: CreateProgramInput): Promise<ProgramRow> {
    const errors = programInputErrors(input)
    if (errors.length > 0) throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors)
    return this.db.transaction(async (tx) => {
      const created = await insertProgram(tx, {
        code: input.code,
        name: input.name,
        regionCode: input.regionCode,
        startMonth: input.startMonth,
        endMonth: input.endMonth,
        budget: input.budget,
        contributionJkk: input.contribution.jkk,
        contributionJkm: input.contribution.jkm,
        maxDesil: input.maxDesil,
        desilMaxAgeMonths: input.desilMaxAgeMonths,
        occupations: input.occupations,
        minAge: input.minAge,
        maxAge: input.maxAge,
        branchByKecamatan: input.branchByKecamatan,
        createdAt: ctx.at,
        updatedAt: ctx.at,
      })
      if (!created) throw conflict('program-exists', `A programme with code ${input.code} already exists.`)
      await recordAudit(tx, ctx, { action: 'program.created', entityType: 'program', entityId: created.code, after: toProgramView(created) })
      return created
    })
  }

  async get (code: string, exec: Executor = this.db): Promise<ProgramRow> {
    const row = await findProgramByCode(exec, code)
    if (!row) throw notFound('Programme', `Programme ${code} not found.`)
    return row
  }

  /** The programme, or undefined: for filters, where an unknown code simply matches nothing. */
  async find (code: string): Promise<ProgramRow | undefined> {
    return findProgramByCode(this.db, code)
  }

  /** A list's programme filter: undefined without one, null when the code names no programme (the list is empty). */
  async idForFilter (code: string | undefined): Promise<string | undefined | null> {
    if (code === undefined) return undefined
    return (await this.find(code))?.id ?? null
  }

  async list (q: { limit: number; cursor?: string | undefined }) {
    const after = decodeCursor(q.cursor, z.string())
    const rows = await listPrograms(this.db, { afterCode: after, limit: q.limit })
    return toPage(rows, q.limit, (r) => r.code, toProgramView)
  }

  /**
   * The ledger: allocated = reserved + invoiced + paid + remaining, always (the counters move together under the
   * programme's lock and a database CHECK), with a forecast at the current number of covered workers.
   */
  async budget (code: string) {
    const r = await this.get(code)
    const use = budgetUseOf(r)
    const remaining = remainingBudget(use)
    const contribution = budgetParamsOf(r).contribution
    return {
      programCode: r.code,
      ...use,
      remaining,
      forecast: {
        coveredWorkers: r.enrolledCount,
        monthlyCost: monthlyContribution(contribution) * r.enrolledCount,
        monthsCoveredByRemaining: monthsCoveredByRemaining(remaining, r.enrolledCount, contribution),
      },
    }
  }
}

/**
 * The programme row locked until the caller's transaction ends: places and money are taken and given back under
 * this lock (enrolment, ending, a branch's rejection, invoicing).
 */
export async function lockProgramRow (tx: Executor, by: { code: string } | { id: string }): Promise<ProgramRow | undefined> {
  return lockProgram(tx, by)
}

/**
 * Moves a programme's places and reservation by a delta in the caller's transaction. A delta that takes places
 * or money is re-checked against the quota and the budget in the same UPDATE (and by the database CHECK): false
 * when there is no room. A delta that gives back always succeeds.
 */
export async function moveCounters (tx: Executor, ctx: RequestContext, program: ProgramRow, delta: { places: number; reserved: number }): Promise<boolean> {
  return moveProgramCounters(tx, program.id, delta, quota(budgetParamsOf(program)), ctx.at)
}

/** Gives places and reserved money back to a programme (a rejection, an end): never refused. */
export async function releaseCounters (tx: Executor, ctx: RequestContext, programId: string, released: { places: number; reserved: number }): Promise<void> {
  if (released.places < 0 || released.reserved < 0) throw new RangeError('a release gives back, it never takes')
  await moveProgramCounters(tx, programId, { places: -released.places, reserved: -released.reserved }, Number.MAX_SAFE_INTEGER, ctx.at)
}

/**
 * Moves money between a programme's counters in the caller's transaction (invoicing: reserved → invoiced → paid,
 * a void gives it back). False when a move that adds money would pass the budget.
 */
export async function moveMoney (tx: Executor, ctx: RequestContext, programId: string, delta: { reserved: number; invoiced: number; paid: number }): Promise<boolean> {
  return moveProgramMoney(tx, programId, delta, ctx.at)
}
