/**
 * JKK (Jaminan Kecelakaan Kerja): work-accident benefits on the declared income I, PP 82/2019.
 * No waiting period: the accident day only has to be covered (its month paid). The right expires 5 years after the
 * accident; a late accident report (after 2 × 24 hours) does not forfeit it.
 */
import { addDays, addYears, assertDate, compareDates } from './calendar.js'
import { coverageOn, type Coverage, type EnrolmentPeriod } from './coverage.js'
import { basisPointsOf, formatRupiah, minRupiah, mulRupiah, percentOf, rupiah, type Rupiah } from './money.js'
import { notPayable, payable, pendingAssessment, type Assessment, type BreakdownLine } from './assessment.js'
import type { Month } from './month.js'
import { CURRENT_RULESET, type RuleSet, type TransportMode } from './ruleset.js'

export type JkkBenefit =
  | { readonly type: 'DEATH' }
  | { readonly type: 'TOTAL_PERMANENT_DISABILITY' }
  /** disabilityPercent: the table percentage, 0 < p ≤ 100, at most two decimals (2.5 = 2.5%). */
  | { readonly type: 'PARTIAL_DISABILITY'; readonly disabilityPercent: number }
  /**
   * incapacityMonths whole months of incapacity claimed, starting at month `fromMonthNumber` of the incapacity
   * (default 1), so a follow-up claim for months 13–15 pays the reduced rate.
   */
  | { readonly type: 'TEMPORARY_INCAPACITY'; readonly incapacityMonths: number; readonly fromMonthNumber?: number }
  | { readonly type: 'MEDICAL'; readonly actualCost: number }
  | { readonly type: 'TRANSPORT'; readonly actualCost: number; readonly mode: TransportMode }

export type JkkBenefitType = JkkBenefit['type']

export const JKK_BENEFIT_TYPES: readonly JkkBenefitType[] = [
  'DEATH',
  'TOTAL_PERMANENT_DISABILITY',
  'PARTIAL_DISABILITY',
  'TEMPORARY_INCAPACITY',
  'MEDICAL',
  'TRANSPORT',
]

export interface JkkInput {
  readonly accidentDate: string;
  /** The date the claim is made (today, for a new claim): checked against the 5-year expiry. */
  readonly claimDate: string;
  /** When the accident was reported; only used to note a late report. */
  readonly reportedDate?: string;
  /** Declared income I; defaults to the rule set's lowest bracket (Rp1,000,000). */
  readonly declaredIncome?: number;
  readonly paidMonths: readonly Month[];
  readonly enrolments: readonly EnrolmentPeriod[];
  readonly benefit: JkkBenefit;
}

export interface JkkAssessment extends Assessment {
  readonly coverage: Coverage;
  /** The last day a claim for this accident is in time. */
  readonly expiresOn: string;
}

/** Percent with at most two decimals → basis points (2.5 → 250). */
function percentToBasisPoints (percent: number): number {
  const bp = Math.round(percent * 100)
  if (!Number.isFinite(percent) || Math.abs(percent * 100 - bp) > 1e-6 || bp <= 0 || bp > 10_000) {
    throw new RangeError(`disabilityPercent must be more than 0 and at most 100 with at most two decimals, got ${percent}`)
  }
  return bp
}

/** The breakdown of one JKK benefit for income I (no eligibility checks). */
export function jkkBenefitBreakdown (benefit: JkkBenefit, income: Rupiah, ruleset: RuleSet = CURRENT_RULESET): BreakdownLine[] {
  const k = ruleset.jkk
  rupiah(income, 'declaredIncome')
  switch (benefit.type) {
    case 'DEATH':
      return [
        // 60% × 80 × I, at least the JKM lump sum.
        { component: 'LUMP_SUM', amount: Math.max(mulRupiah(income, k.deathMultiplier), k.deathMinimum) },
        { component: 'FUNERAL', amount: k.funeral },
        { component: 'PERIODIC', amount: k.periodic },
      ]
    case 'TOTAL_PERMANENT_DISABILITY':
      return [
        { component: 'DISABILITY_LUMP_SUM', amount: mulRupiah(income, k.totalDisabilityMultiplier) },
        { component: 'PERIODIC', amount: k.totalDisabilityPeriodic },
      ]
    case 'PARTIAL_DISABILITY': {
      const bp = percentToBasisPoints(benefit.disabilityPercent)
      return [
        { component: 'PARTIAL_DISABILITY', amount: basisPointsOf(mulRupiah(income, k.partialDisabilityMultiplier), bp) },
      ]
    }
    case 'TEMPORARY_INCAPACITY': {
      const from = benefit.fromMonthNumber ?? 1
      const n = benefit.incapacityMonths
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`incapacityMonths must be a non-negative integer, got ${n}`)
      if (!Number.isSafeInteger(from) || from < 1) throw new RangeError(`fromMonthNumber must be an integer ≥ 1, got ${from}`)
      const last = from + n - 1
      const fullMonths = Math.max(0, Math.min(last, k.temporaryFullMonths) - from + 1)
      const reducedMonths = n - fullMonths
      return [
        { component: 'TEMPORARY_INCAPACITY_FULL', amount: mulRupiah(percentOf(income, k.temporaryFullPercent), fullMonths) },
        {
          component: 'TEMPORARY_INCAPACITY_REDUCED',
          amount: mulRupiah(percentOf(income, k.temporaryReducedPercent), reducedMonths),
        },
      ]
    }
    case 'MEDICAL':
      // As needed, no ceiling: the actual cost.
      return [{ component: 'MEDICAL', amount: rupiah(benefit.actualCost, 'actualCost') }]
    case 'TRANSPORT':
      return [{ component: 'TRANSPORT', amount: minRupiah(rupiah(benefit.actualCost, 'actualCost'), k.transportCaps[benefit.mode]) }]
  }
}

function explain (benefit: JkkBenefit, income: Rupiah, ruleset: RuleSet): string {
  const k = ruleset.jkk
  const i = formatRupiah(income)
  switch (benefit.type) {
    case 'DEATH':
      return `death: ${k.deathMultiplier} × ${i} (at least ${formatRupiah(k.deathMinimum)}) + funeral ${formatRupiah(k.funeral)} + periodic ${formatRupiah(k.periodic)}`
    case 'TOTAL_PERMANENT_DISABILITY':
      return `total permanent disability: ${k.totalDisabilityMultiplier} × ${i} + periodic ${formatRupiah(k.totalDisabilityPeriodic)}`
    case 'PARTIAL_DISABILITY':
      return `partial disability: ${benefit.disabilityPercent}% × ${k.partialDisabilityMultiplier} × ${i}`
    case 'TEMPORARY_INCAPACITY':
      return `temporary incapacity: ${k.temporaryFullPercent}% of ${i} a month for months 1–${k.temporaryFullMonths}, ${k.temporaryReducedPercent}% after; ${benefit.incapacityMonths} months from month ${benefit.fromMonthNumber ?? 1}`
    case 'MEDICAL':
      return 'medical care at actual cost, no ceiling'
    case 'TRANSPORT':
      return `transport (${benefit.mode}) at actual cost, capped at ${formatRupiah(k.transportCaps[benefit.mode])}`
  }
}

export function assessJkk (input: JkkInput, ruleset: RuleSet = CURRENT_RULESET): JkkAssessment {
  const accident = assertDate(input.accidentDate, 'accidentDate')
  const claimDate = assertDate(input.claimDate, 'claimDate')
  const income = rupiah(input.declaredIncome ?? ruleset.contribution.defaultDeclaredIncome, 'declaredIncome')
  const coverage = coverageOn({ date: accident, paidMonths: input.paidMonths, enrolments: input.enrolments }, ruleset)
  const expiresOn = addYears(accident, ruleset.jkk.expiryYears)
  // Compute first so an invalid benefit (a programming error) throws whatever the outcome.
  const breakdown = jkkBenefitBreakdown(input.benefit, income, ruleset)
  const v = ruleset.version
  const done = (a: Assessment): JkkAssessment => ({ ...a, coverage, expiresOn })

  const notes: string[] = []
  if (input.reportedDate !== undefined) {
    const reportBy = addDays(accident, ruleset.jkk.reportWithinDays)
    if (compareDates(assertDate(input.reportedDate, 'reportedDate'), reportBy) > 0) {
      notes.push(
        `the accident was reported on ${input.reportedDate}, later than ${reportBy} (2 × 24 hours); a late report does not forfeit the right`
      )
    }
  }

  if (compareDates(claimDate, accident) < 0) {
    return done(notPayable([`the claim date ${claimDate} is before the accident on ${accident}`], v))
  }
  if (compareDates(claimDate, expiresOn) > 0) {
    return done(
      notPayable(
        [`the right to JKK benefits expired on ${expiresOn}, ${ruleset.jkk.expiryYears} years after the accident on ${accident}; the claim was made on ${claimDate}`],
        v
      )
    )
  }
  if (coverage.status === 'NOT_COVERED') {
    return done(notPayable([`the day of the accident ${accident} was not covered`, ...coverage.reasons, ...notes], v))
  }
  if (coverage.status === 'PENDING') {
    return done(
      pendingAssessment(`payment of the contribution for ${coverage.month}`, [
        `the day of the accident ${accident} falls in ${coverage.month}, which is not paid yet; the claim is assessed again once it is`,
        ...notes,
      ], v)
    )
  }
  return done(
    payable(
      breakdown,
      [`the day of the accident ${accident} was covered (JKK has no waiting period)`, explain(input.benefit, income, ruleset), ...notes],
      v
    )
  )
}
