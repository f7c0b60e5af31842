/**
 * Contributions, quota and budget of a programme (BPU paid by a government: JKK + JKM a month per worker).
 * The amounts are programme parameters (`contribution: { jkk, jkm }`); the rule set supplies the defaults.
 */
import { addRupiah, basisPointsOf, mulRupiah, rupiah, subRupiah, sumRupiah, type Rupiah } from './money.js'
import { assertMonth, compareMonths, firstDayOfMonth, maxMonth, minMonth, monthsInclusive, type Month } from './month.js'
import { CURRENT_RULESET, type RuleSet } from './ruleset.js'

export interface Contribution {
  readonly jkk: number;
  readonly jkm: number;
}

export interface ProgrammeBudget {
  readonly budget: number;
  readonly contribution: Contribution;
  readonly startMonth: Month;
  readonly endMonth: Month;
}

/** jkk + jkm: what one worker costs a month (Rp16,800 for the lowest bracket). */
export function monthlyContribution (c: Contribution): Rupiah {
  return addRupiah(rupiah(c.jkk, 'contribution.jkk'), rupiah(c.jkm, 'contribution.jkm'))
}

/** JKK is a percentage (1%) of declared income: Rp10,000 for Rp1,000,000. */
export function jkkContributionFor (declaredIncome: Rupiah, ruleset: RuleSet = CURRENT_RULESET): Rupiah {
  return basisPointsOf(declaredIncome, ruleset.contribution.jkkRateBasisPoints)
}

/** The declared income I a JKK contribution stands for (Rp10,000 → Rp1,000,000); JKK benefits are multiples of I. */
export function declaredIncomeFor (jkk: Rupiah, ruleset: RuleSet = CURRENT_RULESET): Rupiah {
  return rupiah(Math.floor((rupiah(jkk) * 10_000) / ruleset.contribution.jkkRateBasisPoints), 'declared income')
}

/** The default contribution of the rule set (lowest bracket): { jkk: 10,000, jkm: 6,800 }. */
export function defaultContribution (ruleset: RuleSet = CURRENT_RULESET): Contribution {
  return { jkk: ruleset.contribution.defaultJkk, jkm: ruleset.contribution.defaultJkm }
}

/** Months in the programme, both ends included (2025-03..2025-12 is 10). */
export function programMonths (startMonth: Month, endMonth: Month): number {
  return monthsInclusive(assertMonth(startMonth, 'startMonth'), assertMonth(endMonth, 'endMonth'))
}

/**
 * How many workers the budget pays for the whole programme: floor(budget / (monthly × months)).
 * Rp999,936,000 at Rp16,800 over 2025-03..2025-12 is 5,952. A programme with no months or a zero contribution has
 * no meaningful quota: that is a programming error (RangeError).
 */
export function quota (p: ProgrammeBudget): number {
  const perWorker = mulRupiah(monthlyContribution(p.contribution), programMonths(p.startMonth, p.endMonth))
  if (perWorker === 0) throw new RangeError('a programme needs at least one month and a non-zero contribution to have a quota')
  return Math.floor(rupiah(p.budget, 'budget') / perWorker)
}

/**
 * What enrolling one worker from `fromMonth` costs until the programme ends: monthly × months from `fromMonth`
 * (clamped to the programme start) to the programme end. This is what an enrolment reservation must hold.
 * 0 when `fromMonth` is after the programme end.
 */
export function reservationCost (p: Pick<ProgrammeBudget, 'contribution' | 'startMonth' | 'endMonth'>, fromMonth: Month): Rupiah {
  const from = maxMonth(assertMonth(fromMonth, 'fromMonth'), assertMonth(p.startMonth, 'startMonth'))
  return mulRupiah(monthlyContribution(p.contribution), monthsInclusive(from, assertMonth(p.endMonth, 'endMonth')))
}

/**
 * What an enrolment from `startMonth` that ended with `endMonth` (null: still open) holds: the contributions of
 * its months that lie within the programme. An end before the start holds nothing.
 */
export function enrolmentCost (
  p: Pick<ProgrammeBudget, 'contribution' | 'startMonth' | 'endMonth'>,
  startMonth: Month,
  endMonth: Month | null
): Rupiah {
  const from = maxMonth(assertMonth(startMonth, 'startMonth'), assertMonth(p.startMonth, 'programme startMonth'))
  const to = endMonth === null ? assertMonth(p.endMonth, 'programme endMonth') : minMonth(assertMonth(endMonth, 'endMonth'), p.endMonth)
  return mulRupiah(monthlyContribution(p.contribution), monthsInclusive(from, to))
}

/** The date a contribution month is due: the 15th of that month itself. */
export function contributionDueDate (month: Month, ruleset: RuleSet = CURRENT_RULESET): string {
  return `${firstDayOfMonth(month).slice(0, 8)}${String(ruleset.contribution.dueDayOfMonth).padStart(2, '0')}`
}

export interface BudgetUse {
  /** The programme budget. */
  readonly allocated: number;
  /** Held for enrolments not yet invoiced. */
  readonly reserved: number;
  /** On issued, unpaid invoices. */
  readonly invoiced: number;
  /** On paid invoices. */
  readonly paid: number;
}

export interface BudgetPosition extends BudgetUse {
  readonly committed: Rupiah;
  /** allocated − committed, never below 0. */
  readonly remaining: Rupiah;
  /** committed − allocated when the programme is over budget, else 0. */
  readonly overrun: Rupiah;
}

/** The budget with what is reserved, invoiced and paid taken off. */
export function budgetPosition (u: BudgetUse): BudgetPosition {
  const allocated = rupiah(u.allocated, 'allocated')
  const committed = sumRupiah([rupiah(u.reserved, 'reserved'), rupiah(u.invoiced, 'invoiced'), rupiah(u.paid, 'paid')])
  const over = committed > allocated
  return {
    allocated,
    reserved: u.reserved,
    invoiced: u.invoiced,
    paid: u.paid,
    committed,
    remaining: over ? 0 : subRupiah(allocated, committed),
    overrun: over ? subRupiah(committed, allocated) : 0,
  }
}

/** allocated − (reserved + invoiced + paid), never below 0. */
export function remainingBudget (u: BudgetUse): Rupiah {
  return budgetPosition(u).remaining
}

/**
 * The forecast beside the ledger: how many whole months the remaining (unreserved) budget would pay for at the
 * current number of covered workers, beyond what is already reserved for them; null when nobody is covered.
 */
export function monthsCoveredByRemaining (remaining: Rupiah, coveredWorkers: number, contribution: Contribution): number | null {
  if (!Number.isSafeInteger(coveredWorkers) || coveredWorkers < 0) throw new RangeError(`coveredWorkers must be a non-negative integer, got ${coveredWorkers}`)
  if (coveredWorkers === 0) return null
  return Math.floor(rupiah(remaining, 'remaining') / mulRupiah(monthlyContribution(contribution), coveredWorkers))
}

/** True when `extra` more can be committed without going past the budget. */
export function fitsBudget (u: BudgetUse, extra: Rupiah): boolean {
  const p = budgetPosition(u)
  return p.overrun === 0 && rupiah(extra, 'extra') <= p.remaining
}

/** True when `month` lies inside the programme period. */
export function monthInProgramme (p: Pick<ProgrammeBudget, 'startMonth' | 'endMonth'>, month: Month): boolean {
  return compareMonths(month, p.startMonth) >= 0 && compareMonths(month, p.endMonth) <= 0
}
