/**
 * One assessment for a claim of any type (JKM, JKK, santunan kematian), saying whether it is final.
 *
 * Policy (DOMAIN.md, "an assessment follows the payments"): a claim is assessed again whenever a month that could
 * change it is paid: its own month while it is pending, or an unpaid month before the run of the event whose late
 * payment closes a gap (Rp10m early death → Rp42m). Such a result is not final: it says why (`openBecause`) and which
 * months to watch (`watchMonths`). A pending month that can no longer be paid (see monthPayableUntil) turns the claim
 * into "not covered", final.
 */
import { assertDate, compareDates } from './calendar.js'
import { jkmWaitingPeriodEnd, runContaining, type Coverage, type EnrolmentPeriod } from './coverage.js'
import { notPayable, type Assessment } from './assessment.js'
import type { ClaimType } from './documents.js'
import { assessJkm, type DeathCause } from './jkm.js'
import { assessJkk, type JkkBenefit } from './jkk.js'
import { formatRupiah, sumRupiah } from './money.js'
import { addMonths, assertMonth, compareMonths, lastDayOfMonth, type Month } from './month.js'
import { CURRENT_RULESET, type RuleSet } from './ruleset.js'
import { assessSantunanKematian, type SantunanCalendarUse, type SantunanInput } from './santunan.js'

export interface ClaimAssessmentInput {
  readonly type: ClaimType;
  /** YYYY-MM-DD: the death (JKM, SANTUNAN_KEMATIAN) or the accident (JKK). */
  readonly eventDate: string;
  /** The day the claim was submitted (JKK 5-year expiry; santunan's application date). */
  readonly claimDate: string;
  /** Today: decides whether an unpaid month can still be paid. */
  readonly asOf: string;
  /** JKM: required (a missing cause is a programming error). */
  readonly cause?: DeathCause;
  /** JKK: required (a missing benefit is a programming error). */
  readonly jkkBenefit?: JkkBenefit;
  /** JKK, passed on to assessJkk. */
  readonly reportedDate?: string;
  /** JKK, passed on to assessJkk. */
  readonly declaredIncome?: number;
  /** JKM/JKK: months on PAID invoices. */
  readonly paidMonths: readonly Month[];
  readonly enrolments: readonly EnrolmentPeriod[];
  /** SANTUNAN_KEMATIAN: required; the death and application dates are eventDate and claimDate. */
  readonly santunan?: Omit<SantunanInput, 'dateOfDeath' | 'applicationDate'>;
}

export interface ClaimAssessment extends Assessment {
  /** False while a payment or data that could still arrive would change the result. */
  readonly final: boolean;
  /** Why a result that is not final could still change; absent when final. */
  readonly openBecause?: string;
  /** The months whose payment could change this result (sorted, no duplicates); empty when final. */
  readonly watchMonths: Month[];
  /**
   * JKM/JKK: the coverage of the event day (coverageOn), from the paid months alone: a PENDING coverage whose month
   * can no longer be paid stays PENDING here, and the assessment says "not covered". Absent for SANTUNAN_KEMATIAN.
   */
  readonly coverage?: Coverage;
  /** JKK: the last day a claim is in time. */
  readonly expiresOn?: string;
  /** SANTUNAN_KEMATIAN: as SantunanAssessment has them. */
  readonly applicationDeadline?: string | null;
  readonly workingDaysAfterDeath?: number;
  readonly calendar?: SantunanCalendarUse;
}

/**
 * The last day the contribution for `month` can still be paid.
 *
 * Policy (late-payment window): the contribution for month M is due by the 15th of M itself (dueDayOfMonth), and an
 * unpaid M can still be paid late until the last day of M + lapseAfterUnpaidMonths (3): 2025-04 → '2025-07-31'.
 * After that day M would be the first of more than 3 consecutive unpaid months, which by the lapse rule ends the
 * membership, so it can no longer be paid (whether or not the months after it were paid: a contribution is never
 * accepted more than lapseAfterUnpaidMonths months late).
 */
export function monthPayableUntil (month: Month, ruleset: RuleSet = CURRENT_RULESET): string {
  return lastDayOfMonth(addMonths(assertMonth(month), ruleset.coverage.lapseAfterUnpaidMonths))
}

/** "a", "a and b", "a, b and c". */
function andList (items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** Late payments that would make a JKM death the full benefit. */
interface PathToFull {
  /** The unpaid months that must all be paid, ascending; each of them is needed. Empty: none is. */
  readonly months: Month[];
  /** The first month of the run once they are paid. */
  readonly firstMonth: Month;
}

/** The same test as coverage.ts: the month lies in one of the enrolments. */
function inEnrolment (enrolments: readonly EnrolmentPeriod[], month: Month): boolean {
  return enrolments.some(
    (e) => compareMonths(month, e.startMonth) >= 0 && (e.endMonth === null || compareMonths(month, e.endMonth) <= 0)
  )
}

/**
 * The unpaid months before a run starting `runFirst` whose late payment would make a death on `death` fall on or
 * after the waiting period, or null when no payment still possible at `asOf` can.
 *
 * Walking back g = runFirst − 1, runFirst − 2, …: a paid month joins the run for free; an unpaid month has to be paid,
 * so it must lie in an enrolment (as coverage.ts tests it) and still be payable (monthPayableUntil), or the walk fails.
 * The walk ends at the first g whose waiting period the death meets: the run then starts in g or earlier. Every month
 * returned is needed (a run starting after g ends its waiting period after the death, and an unpaid month left between
 * g and the run breaks it), and no other payment can help: a run starting at g or earlier contains them all.
 */
function pathToFull (
  paidMonths: readonly Month[],
  enrolments: readonly EnrolmentPeriod[],
  runFirst: Month,
  death: string,
  asOf: string,
  ruleset: RuleSet
): PathToFull | null {
  const meets = (first: Month): boolean => compareDates(death, jkmWaitingPeriodEnd(first, ruleset)) >= 0
  const paid = new Set(paidMonths)
  const months: Month[] = []
  let g = runFirst
  // Ends: the run contains the death's month, and a run starting jkmWaitingMonths before it meets the waiting period.
  while (!meets(g)) {
    g = addMonths(g, -1)
    if (paid.has(g)) continue
    if (!inEnrolment(enrolments, g) || compareDates(asOf, monthPayableUntil(g, ruleset)) > 0) return null
    months.unshift(g)
  }
  return { months, firstMonth: runContaining([...paidMonths, ...months], runFirst)!.firstMonth }
}

/** "if the unpaid month 2025-03 is paid (it can be until 2025-06-30), the run would … : the full benefit … would be due". */
function explainPath (path: PathToFull, death: string, ruleset: RuleSet): string {
  const j = ruleset.jkm
  const first = path.months[0]!
  const untils = path.months.map((m) => monthPayableUntil(m, ruleset))
  const ifPaid = path.months.length === 1
    ? `if the unpaid month ${first} is paid (it can be until ${untils[0]})`
    : `if all of the unpaid months ${andList(path.months)} are paid (they can be until ${andList(untils)} respectively)`
  const joined = compareMonths(path.firstMonth, first) < 0 ? ` (joined to the paid months before ${first})` : ''
  const onlyAll = path.months.length > 1 ? '; paying only some of them is not enough' : ''
  return `${ifPaid}, the run would start in ${path.firstMonth}${joined}, and the death on ${death} would be on or after ${jkmWaitingPeriodEnd(path.firstMonth, ruleset)}, the end of its waiting period: the full benefit of ${formatRupiah(sumRupiah([j.lumpSum, j.periodic, j.funeral]))} would be due${onlyAll}`
}

type Delegated = Assessment & { readonly coverage: Coverage; readonly expiresOn?: string }

const settled = <A extends Assessment>(a: A): A & ClaimAssessment => ({ ...a, final: true, watchMonths: [] })

/**
 * A JKM or JKK claim pending on the payment of the event month M: still pending while M can be paid (watching M and,
 * for JKM, the earlier months whose payment would then make it the full benefit), "not covered" once it cannot.
 */
function pendingClaim (a: Delegated, waitingFor: string, input: ClaimAssessmentInput, asOf: string, ruleset: RuleSet): ClaimAssessment {
  const month = a.coverage.month
  const until = monthPayableUntil(month, ruleset)
  const jkm = input.type === 'JKM'
  if (compareDates(asOf, until) > 0) {
    const day = jkm ? `the day of death ${input.eventDate}` : `the day of the accident ${input.eventDate}`
    const lapse = ruleset.coverage.lapseAfterUnpaidMonths
    return {
      ...notPayable(
        [
          `${day} was not covered: the contribution for ${month} was not paid by ${until}, and by the lapse rule (more than ${lapse} consecutive unpaid months end the membership) it can no longer be paid`,
          // The delegates put their pending sentence first; the notes after it (a late accident report) still hold.
          ...a.reasons.slice(1),
        ],
        a.rulesetVersion
      ),
      coverage: a.coverage,
      ...(a.expiresOn === undefined ? {} : { expiresOn: a.expiresOn }),
      final: true,
      watchMonths: [],
    }
  }
  const open = `${waitingFor}, which can be paid until ${until}`
  // JKK has no waiting period: only the event month can change it.
  if (!jkm) return { ...a, final: false, openBecause: open, watchMonths: [month] }
  // Once M is paid the death falls in the run containing M; earlier late payments may then make it full.
  const withMonth = [...input.paidMonths, month]
  const runFirst = runContaining(withMonth, month)!.firstMonth
  const path = pathToFull(withMonth, input.enrolments, runFirst, input.eventDate, asOf, ruleset)
  if (path === null || path.months.length === 0) return { ...a, final: false, openBecause: open, watchMonths: [month] }
  return {
    ...a,
    final: false,
    openBecause: `${open}; once it is, the death falls in a run starting ${runFirst}, within its waiting period (the early-death benefit of ${formatRupiah(ruleset.jkm.earlyDeath)}); ${explainPath(path, input.eventDate, ruleset)}`,
    watchMonths: [...path.months, month],
  }
}

function jkmClaim (input: ClaimAssessmentInput, asOf: string, ruleset: RuleSet): ClaimAssessment {
  if (input.cause === undefined) throw new RangeError('cause is required for a JKM claim')
  const a = assessJkm(
    { dateOfDeath: input.eventDate, cause: input.cause, paidMonths: input.paidMonths, enrolments: input.enrolments },
    ruleset
  )
  if (a.pending !== undefined) return pendingClaim(a, a.pending.waitingFor, input, asOf, ruleset)
  const run = a.coverage.run
  // Not covered, a work accident (a JKK claim) or the full benefit: no payment can change it.
  if (run === null || !a.eligible || a.coverage.jkmWaitingPeriodMet) return settled(a)
  // Early death: the full benefit if unpaid months before the run can still be paid and would join it.
  const path = pathToFull(input.paidMonths, input.enrolments, run.firstMonth, input.eventDate, asOf, ruleset)
  if (path === null) return settled(a)
  return { ...a, final: false, openBecause: explainPath(path, input.eventDate, ruleset), watchMonths: path.months }
}

function jkkClaim (input: ClaimAssessmentInput, asOf: string, ruleset: RuleSet): ClaimAssessment {
  if (input.jkkBenefit === undefined) throw new RangeError('jkkBenefit is required for a JKK claim')
  const a = assessJkk(
    {
      accidentDate: input.eventDate,
      claimDate: input.claimDate,
      reportedDate: input.reportedDate,
      declaredIncome: input.declaredIncome,
      paidMonths: input.paidMonths,
      enrolments: input.enrolments,
      benefit: input.jkkBenefit,
    },
    ruleset
  )
  // Payable, not covered or expired: JKK has no waiting period, so only a pending month can still change it.
  return a.pending === undefined ? settled(a) : pendingClaim(a, a.pending.waitingFor, input, asOf, ruleset)
}

function santunanClaim (input: ClaimAssessmentInput, ruleset: RuleSet): ClaimAssessment {
  if (input.santunan === undefined) throw new RangeError('santunan is required for a SANTUNAN_KEMATIAN claim')
  const a = assessSantunanKematian(
    { ...input.santunan, dateOfDeath: input.eventDate, applicationDate: input.claimDate },
    ruleset
  )
  // Only holiday data still to come (not a payment) can change it.
  if (a.pending === undefined) return settled(a)
  return { ...a, final: false, openBecause: a.pending.waitingFor, watchMonths: [] }
}

/**
 * The assessment of a claim by its type (assessJkm, assessJkk, assessSantunanKematian, whose reasons and breakdown
 * it keeps), saying whether it is final, and if not why and which months' payment could change it.
 */
export function assessClaim (input: ClaimAssessmentInput, ruleset: RuleSet = CURRENT_RULESET): ClaimAssessment {
  assertDate(input.eventDate, 'eventDate')
  assertDate(input.claimDate, 'claimDate')
  const asOf = assertDate(input.asOf, 'asOf')
  switch (input.type) {
    case 'JKM':
      return jkmClaim(input, asOf, ruleset)
    case 'JKK':
      return jkkClaim(input, asOf, ruleset)
    case 'SANTUNAN_KEMATIAN':
      return santunanClaim(input, ruleset)
    default:
      throw new RangeError(`unknown claim type ${JSON.stringify((input as { readonly type: unknown }).type)}`)
  }
}
