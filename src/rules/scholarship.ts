/**
 * Beasiswa (scholarship) for the children of a participant who died (JKM) or died or became totally disabled
 * from a work accident (JKK), PP 82/2019. JKM needs at least 36 contribution months; JKK none. Up to 2 children,
 * younger than 23, unmarried and not working; a yearly amount by school level, at most Rp174,000,000 for two.
 *
 * Policy: a child qualifies when it also attends a level now (TK, SD, SMP, SMA or university); when more children
 * qualify than may receive it, the oldest are chosen (by birth date, then input order).
 * `amount` is what is due for the current year; `maxTotal` is the most the family can receive over the remaining
 * levels (each level counted in full), capped at the rule set's maxTotal.
 */
import { ageOn, assertDate } from './calendar.js'
import { formatRupiah, mulRupiah, sumRupiah, minRupiah, type Rupiah } from './money.js'
import { notPayable, payable, type Assessment, type BreakdownLine } from './assessment.js'
import { CURRENT_RULESET, type RuleSet, type SchoolLevel } from './ruleset.js'

/** School levels in order. */
export const SCHOOL_LEVELS: readonly SchoolLevel[] = ['TK', 'SD', 'SMP', 'SMA', 'PT']

export interface ScholarshipChild {
  readonly birthDate: string;
  readonly married: boolean;
  readonly working: boolean;
  /** The level attended now, or null when not in school. */
  readonly level: SchoolLevel | null;
}

export interface ScholarshipInput {
  readonly scheme: 'JKM' | 'JKK';
  /** Paid contribution months up to the event (see contributionMonthsThrough). */
  readonly contributionMonths: number;
  /** The date the children's situation is judged on. */
  readonly asOf: string;
  readonly children: readonly ScholarshipChild[];
}

export interface ChildEntitlement {
  /** Index in the input list. */
  readonly index: number;
  readonly selected: boolean;
  readonly yearlyAmount: Rupiah;
  /** Remaining maximum for this child: its current level and every later one, in full. */
  readonly remainingMax: Rupiah;
  readonly reasons: string[];
}

export interface ScholarshipAssessment extends Assessment {
  readonly children: ChildEntitlement[];
  readonly maxTotal: Rupiah;
}

/** The most a child at `level` can still receive: that level and every later one, in full. */
export function remainingScholarshipFrom (level: SchoolLevel, ruleset: RuleSet = CURRENT_RULESET): Rupiah {
  const levels = ruleset.scholarship.levels
  return sumRupiah(SCHOOL_LEVELS.slice(SCHOOL_LEVELS.indexOf(level)).map((l) => mulRupiah(levels[l].perYear, levels[l].years)))
}

export function assessScholarship (input: ScholarshipInput, ruleset: RuleSet = CURRENT_RULESET): ScholarshipAssessment {
  const s = ruleset.scholarship
  const asOf = assertDate(input.asOf, 'asOf')
  const months = input.contributionMonths
  if (!Number.isSafeInteger(months) || months < 0) throw new RangeError(`contributionMonths must be a non-negative integer, got ${months}`)
  const v = ruleset.version

  const judged = input.children.map((child, index) => {
    const age = ageOn(assertDate(child.birthDate, `children[${index}].birthDate`), asOf)
    const reasons: string[] = []
    if (age >= s.maxAgeExclusive) reasons.push(`aged ${age} on ${asOf}, not younger than ${s.maxAgeExclusive}`)
    if (child.married) reasons.push('married')
    if (child.working) reasons.push('working')
    if (child.level === null) reasons.push('not attending school')
    return { index, child, qualifies: reasons.length === 0, reasons }
  })

  const emptyChildren = judged.map(
    (j): ChildEntitlement => ({ index: j.index, selected: false, yearlyAmount: 0, remainingMax: 0, reasons: j.reasons })
  )
  if (input.scheme === 'JKM' && months < s.minContributionMonthsJkm) {
    return {
      ...notPayable(
        [`a JKM scholarship needs at least ${s.minContributionMonthsJkm} contribution months; ${months} were paid`],
        v
      ),
      children: emptyChildren,
      maxTotal: 0,
    }
  }

  const chosen = judged
    .filter((j) => j.qualifies)
    .sort((a, b) => (a.child.birthDate < b.child.birthDate ? -1 : a.child.birthDate > b.child.birthDate ? 1 : a.index - b.index))
    .slice(0, s.maxChildren)
    .map((j) => j.index)

  const children = judged.map((j): ChildEntitlement => {
    const level = j.child.level
    if (!j.qualifies || level === null) return { index: j.index, selected: false, yearlyAmount: 0, remainingMax: 0, reasons: j.reasons }
    if (!chosen.includes(j.index)) {
      return {
        index: j.index,
        selected: false,
        yearlyAmount: 0,
        remainingMax: 0,
        reasons: [`at most ${s.maxChildren} children receive the scholarship; older children were chosen`],
      }
    }
    const yearly = s.levels[level].perYear
    return {
      index: j.index,
      selected: true,
      yearlyAmount: yearly,
      remainingMax: remainingScholarshipFrom(level, ruleset),
      reasons: [`attends ${level}: ${formatRupiah(yearly)} a year`],
    }
  })

  const selected = children.filter((c) => c.selected)
  if (selected.length === 0) {
    return { ...notPayable(['no child qualifies (younger than 23, unmarried, not working, attending school)'], v), children, maxTotal: 0 }
  }
  const maxTotal = minRupiah(sumRupiah(selected.map((c) => c.remainingMax)), s.maxTotal)
  // Numbered in input order among the chosen children: SCHOLARSHIP_CHILD_1, SCHOLARSHIP_CHILD_2.
  const breakdown = selected.map((c, i): BreakdownLine => ({ component: `SCHOLARSHIP_CHILD_${i + 1}`, amount: c.yearlyAmount }))
  return {
    ...payable(
      breakdown,
      [
        input.scheme === 'JKM'
          ? `${months} contribution months meet the JKM minimum of ${s.minContributionMonthsJkm}`
          : 'a JKK scholarship needs no minimum contribution period',
        `${selected.length} child(ren) receive the scholarship this year; at most ${formatRupiah(maxTotal)} in all`,
      ],
      v
    ),
    children,
    maxTotal,
  }
}
