/**
 * Coverage from paid months. Policy (DOMAIN.md): a day D is covered (JKK and JKM) when the month of D is a paid
 * month, i.e. its line is on a PAID invoice. A day whose month is not paid yet but could still be (it lies in an
 * enrolment and the membership has not lapsed) is PENDING: a claim for it is assessed again once the month is paid.
 *
 * The run of D is the unbroken sequence of paid months containing D's month; an unpaid month breaks it and counting
 * starts from zero after it. More than `lapseAfterUnpaidMonths` (3) consecutive unpaid months ends the membership.
 */
import { assertDate, compareDates } from './calendar.js'
import {
  addMonths,
  assertMonth,
  compareMonths,
  firstDayOfMonth,
  monthFromIndex,
  monthIndex,
  monthOfDate,
  type Month,
} from './month.js'
import { CURRENT_RULESET, type RuleSet } from './ruleset.js'

export interface PaidRun {
  readonly firstMonth: Month;
  readonly lastMonth: Month;
  /** lastMonth − firstMonth + 1. */
  readonly months: number;
}

export interface EnrolmentPeriod {
  readonly startMonth: Month;
  /** null = still open. */
  readonly endMonth: Month | null;
}

export type CoverageStatus = 'COVERED' | 'PENDING' | 'NOT_COVERED'

export interface Coverage {
  readonly date: string;
  readonly month: Month;
  readonly status: CoverageStatus;
  /** Covered by JKK on that day (same as JKM: both follow the paid month). */
  readonly jkk: boolean;
  /** Covered by JKM on that day. */
  readonly jkm: boolean;
  /** The run of paid months containing the day's month, or null when the month is not paid. */
  readonly run: PaidRun | null;
  /** The first date the full JKM benefit is due for that run, or null without a run. */
  readonly jkmWaitingPeriodEnds: string | null;
  /** True when covered and the day is on or after jkmWaitingPeriodEnds. */
  readonly jkmWaitingPeriodMet: boolean;
  /** True when the membership had ended by that day (more than 3 consecutive unpaid months before it). */
  readonly lapsed: boolean;
  /** Present when status is PENDING. */
  readonly pending?: { readonly waitingFor: string; readonly month: Month };
  /** English sentences explaining the status. */
  readonly reasons: string[];
  readonly rulesetVersion: string;
}

function indexSet (paidMonths: readonly Month[]): Set<number> {
  return new Set(paidMonths.map((m) => monthIndex(m)))
}

/** The run of consecutive paid months containing `month`, or null when `month` is not paid. */
export function runContaining (paidMonths: readonly Month[], month: Month): PaidRun | null {
  const paid = indexSet(paidMonths)
  const at = monthIndex(month)
  if (!paid.has(at)) return null
  let first = at
  while (paid.has(first - 1)) first -= 1
  let last = at
  while (paid.has(last + 1)) last += 1
  return { firstMonth: monthFromIndex(first), lastMonth: monthFromIndex(last), months: last - first + 1 }
}

/** Every run of consecutive paid months, earliest first (duplicates ignored). */
export function paidRuns (paidMonths: readonly Month[]): PaidRun[] {
  const sorted = [...indexSet(paidMonths)].sort((a, b) => a - b)
  const runs: PaidRun[] = []
  let start: number | undefined
  let prev: number | undefined
  for (const i of sorted) {
    if (start === undefined || prev === undefined || i !== prev + 1) {
      if (start !== undefined && prev !== undefined) runs.push(toRun(start, prev))
      start = i
    }
    prev = i
  }
  if (start !== undefined && prev !== undefined) runs.push(toRun(start, prev))
  return runs
}

function toRun (first: number, last: number): PaidRun {
  return { firstMonth: monthFromIndex(first), lastMonth: monthFromIndex(last), months: last - first + 1 }
}

/** First day of the run's first month + jkmWaitingMonths (run from 2025-03 → '2025-06-01'). */
export function jkmWaitingPeriodEnd (runFirstMonth: Month, ruleset: RuleSet = CURRENT_RULESET): string {
  return firstDayOfMonth(addMonths(runFirstMonth, ruleset.coverage.jkmWaitingMonths))
}

/** Number of paid months up to and including `throughMonth` (they need not be consecutive). */
export function contributionMonthsThrough (paidMonths: readonly Month[], throughMonth: Month): number {
  const through = monthIndex(throughMonth)
  return [...indexSet(paidMonths)].filter((i) => i <= through).length
}

function inEnrolment (enrolments: readonly EnrolmentPeriod[], month: Month): EnrolmentPeriod | undefined {
  return enrolments.find(
    (e) => compareMonths(month, e.startMonth) >= 0 && (e.endMonth === null || compareMonths(month, e.endMonth) <= 0)
  )
}

export interface UnpaidStreak {
  /** Consecutive unpaid enrolment months immediately before the month asked about. */
  readonly months: number;
  readonly firstMonth: Month | null;
  readonly lastMonth: Month | null;
}

/**
 * The consecutive unpaid months immediately before `month`, going back until a paid month or a month outside every
 * enrolment. More than lapseAfterUnpaidMonths of them means the membership ended before `month`.
 */
export function unpaidStreakBefore (
  paidMonths: readonly Month[],
  enrolments: readonly EnrolmentPeriod[],
  month: Month
): UnpaidStreak {
  const paid = indexSet(paidMonths)
  let i = monthIndex(month) - 1
  let count = 0
  while (!paid.has(i) && inEnrolment(enrolments, monthFromIndex(i)) !== undefined) {
    count += 1
    i -= 1
  }
  if (count === 0) return { months: 0, firstMonth: null, lastMonth: null }
  return { months: count, firstMonth: monthFromIndex(i + 1), lastMonth: addMonths(month, -1) }
}

/** True when more than lapseAfterUnpaidMonths consecutive enrolment months before `month` are unpaid. */
export function membershipLapsedBefore (
  paidMonths: readonly Month[],
  enrolments: readonly EnrolmentPeriod[],
  month: Month,
  ruleset: RuleSet = CURRENT_RULESET
): boolean {
  return unpaidStreakBefore(paidMonths, enrolments, month).months > ruleset.coverage.lapseAfterUnpaidMonths
}

export interface CoverageInput {
  /** The day asked about, a Jakarta date. */
  readonly date: string;
  /** Months whose line is on a PAID invoice. */
  readonly paidMonths: readonly Month[];
  /** The worker's enrolment periods: an unpaid month inside one may still be paid, so it is pending. */
  readonly enrolments: readonly EnrolmentPeriod[];
}

/** Whether JKK and JKM covered `date`, the run containing it, the JKM waiting period and lapse. */
export function coverageOn (input: CoverageInput, ruleset: RuleSet = CURRENT_RULESET): Coverage {
  const date = assertDate(input.date)
  for (const m of input.paidMonths) assertMonth(m, 'paidMonths[]')
  for (const e of input.enrolments) {
    assertMonth(e.startMonth, 'enrolments[].startMonth')
    if (e.endMonth !== null) assertMonth(e.endMonth, 'enrolments[].endMonth')
  }
  const month = monthOfDate(date)
  const base = { date, month, rulesetVersion: ruleset.version }
  const run = runContaining(input.paidMonths, month)

  if (run !== null) {
    const ends = jkmWaitingPeriodEnd(run.firstMonth, ruleset)
    const met = compareDates(date, ends) >= 0
    return {
      ...base,
      status: 'COVERED',
      jkk: true,
      jkm: true,
      run,
      jkmWaitingPeriodEnds: ends,
      jkmWaitingPeriodMet: met,
      lapsed: false,
      reasons: [
        `${month} is a paid month in the run ${run.firstMonth} to ${run.lastMonth} (${run.months} months)`,
        met
          ? `the JKM waiting period of that run ended on ${ends}, on or before ${date}`
          : `the JKM waiting period of that run ends on ${ends}, after ${date}`,
      ],
    }
  }

  const notCovered = (lapsed: boolean, reasons: string[]): Coverage => ({
    ...base,
    status: 'NOT_COVERED',
    jkk: false,
    jkm: false,
    run: null,
    jkmWaitingPeriodEnds: null,
    jkmWaitingPeriodMet: false,
    lapsed,
    reasons,
  })

  if (inEnrolment(input.enrolments, month) === undefined) {
    return notCovered(false, [`${month} is not paid and lies outside every enrolment of this worker`])
  }
  const streak = unpaidStreakBefore(input.paidMonths, input.enrolments, month)
  if (streak.months > ruleset.coverage.lapseAfterUnpaidMonths) {
    return notCovered(true, [
      `the membership lapsed before ${month}: ${streak.months} consecutive months (${streak.firstMonth} to ${streak.lastMonth}) were not paid, more than ${ruleset.coverage.lapseAfterUnpaidMonths}`,
    ])
  }
  return {
    ...base,
    status: 'PENDING',
    jkk: false,
    jkm: false,
    run: null,
    jkmWaitingPeriodEnds: null,
    jkmWaitingPeriodMet: false,
    lapsed: false,
    pending: { waitingFor: `payment of the contribution for ${month}`, month },
    reasons: [`${month} lies in an enrolment but is not paid yet: coverage is decided once it is paid`],
  }
}

/** Paid months as a sorted, de-duplicated list (a convenience for callers holding invoice lines). */
export function normalisePaidMonths (paidMonths: readonly Month[]): Month[] {
  return [...indexSet(paidMonths)].sort((a, b) => a - b).map((i) => monthFromIndex(i))
}
