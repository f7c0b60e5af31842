/**
 * Who may be enrolled in a programme from a start month, judged as of the first day of that month, and (for life)
 * on the day the enrolment is decided. The answer is an ordered list of named checks; `eligible` is true only when
 * every check passes. Every check is always evaluated (no short-circuit), so a caller sees every reason at once.
 * This is the ONE judge: the eligibility endpoint and enrolment both call it, so they cannot disagree.
 *
 * Rule names are stable SCREAMING_SNAKE_CASE identifiers (see ELIGIBILITY_RULES); `detail` is an English sentence
 * with the actual values, for people.
 */
import { ageOn, compareDates, isDate } from './calendar.js'
import { assertMonth, compareMonths, firstDayOfMonth, maxMonth, minMonth, monthDiff, type Month } from './month.js'
import { kecamatanInRegion } from './regions.js'
import { CURRENT_RULESET, type RuleSet } from './ruleset.js'
import type { Sex } from './nik.js'

export const ELIGIBILITY_RULES = [
  'START_WITHIN_PROGRAMME',
  'DOMICILE_IN_REGION',
  'DESIL_WITHIN_MAX',
  'DESIL_RECENT',
  'OCCUPATION_ELIGIBLE',
  'AGE_WITHIN_LIMITS',
  'ALIVE',
  'NOT_WAGE_EARNER',
  'NO_OVERLAPPING_ENROLMENT',
  'BRANCH_ASSIGNED',
] as const

export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number]

export interface EligibilityCheck {
  readonly rule: EligibilityRule;
  readonly passed: boolean;
  readonly detail: string;
}

export interface EligibilityResult {
  readonly eligible: boolean;
  readonly rulesetVersion: string;
  /** First day of the start month: the date the checks were judged as of. */
  readonly asOf: string;
  /** The day the enrolment was (or would be) decided: life is judged on it too. */
  readonly enrolledOn: string;
  /** The BPJS branch serving the worker's kecamatan in this programme, or null (BRANCH_ASSIGNED fails). */
  readonly branchCode: string | null;
  readonly checks: EligibilityCheck[];
}

export type DesilSource = 'DTKS' | 'DTSEN'

export interface WorkerFacts {
  readonly birthDate: string;
  readonly sex: Sex;
  /** Domicile kecamatan (the KK address), 6 digits. */
  readonly kecamatanCode: string;
  readonly occupation: string;
  readonly desil: number;
  readonly desilSource: DesilSource;
  /** 'YYYY-MM': the period of the targeting data the desil comes from. */
  readonly desilPeriod: Month;
  readonly dateOfDeath: string | null;
  /** Already insured as a wage earner (PU). */
  readonly wageEarner: boolean;
}

export interface ProgrammeParameters {
  readonly code: string;
  readonly regionCode: string;
  readonly maxDesil: number;
  readonly occupations: readonly string[];
  readonly minAge: number;
  readonly maxAge: number;
  readonly startMonth: Month;
  readonly endMonth: Month;
  /** Defaults to the rule set's desilMaxAgeMonths (12). */
  readonly desilMaxAgeMonths?: number;
  /** The BPJS branch that serves each kecamatan (programme data, never code): BRANCH_ASSIGNED. */
  readonly branchByKecamatan: Readonly<Record<string, string>>;
}

export interface OtherEnrolment {
  readonly programCode: string;
  readonly startMonth: Month;
  /** null = open-ended. */
  readonly endMonth: Month | null;
}

export interface EligibilityInput {
  readonly worker: WorkerFacts;
  readonly programme: ProgrammeParameters;
  /** The month the enrolment would start (default: the programme's start month); checks are judged as of its first day. */
  readonly startMonth?: Month;
  /**
   * The day the enrolment is decided: today for a new enrolment, the real earlier date when a past cohort is
   * recorded after the fact (DOMAIN.md, Targeting data). A death recorded before it fails ALIVE.
   */
  readonly enrolledOn: string;
  /**
   * This worker's enrolments that could pay for the same months (other programmes, or earlier enrolments in this
   * one): any overlap with startMonth..programme end fails NO_OVERLAPPING_ENROLMENT.
   */
  readonly otherEnrolments: readonly OtherEnrolment[];
}

function validate (input: EligibilityInput, startMonth: Month, ruleset: RuleSet): void {
  const { worker: w, programme: p } = input
  assertMonth(startMonth, 'startMonth')
  assertMonth(p.startMonth, 'programme.startMonth')
  assertMonth(p.endMonth, 'programme.endMonth')
  assertMonth(w.desilPeriod, 'worker.desilPeriod')
  if (!isDate(w.birthDate)) throw new RangeError(`worker.birthDate must be a real date, got ${JSON.stringify(w.birthDate)}`)
  if (!isDate(input.enrolledOn)) throw new RangeError(`enrolledOn must be a real date, got ${JSON.stringify(input.enrolledOn)}`)
  if (w.dateOfDeath !== null && !isDate(w.dateOfDeath)) {
    throw new RangeError(`worker.dateOfDeath must be a real date or null, got ${JSON.stringify(w.dateOfDeath)}`)
  }
  const { minDesil, maxDesilValue } = ruleset.eligibility
  if (!Number.isInteger(w.desil) || w.desil < minDesil || w.desil > maxDesilValue) {
    throw new RangeError(`worker.desil must be an integer ${minDesil}–${maxDesilValue}, got ${w.desil}`)
  }
  for (const [name, n] of [
    ['programme.maxDesil', p.maxDesil],
    ['programme.minAge', p.minAge],
    ['programme.maxAge', p.maxAge],
  ] as const) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`)
  }
  for (const e of input.otherEnrolments) {
    assertMonth(e.startMonth, 'otherEnrolments[].startMonth')
    if (e.endMonth !== null) assertMonth(e.endMonth, 'otherEnrolments[].endMonth')
  }
}

/** The checks, in ELIGIBILITY_RULES order. Malformed input (a bad month or date) throws a RangeError. */
export function checkEligibility (input: EligibilityInput, ruleset: RuleSet = CURRENT_RULESET): EligibilityResult {
  const { worker: w, programme: p } = input
  const startMonth = input.startMonth ?? p.startMonth
  validate(input, startMonth, ruleset)
  const asOf = firstDayOfMonth(startMonth)
  const checks: EligibilityCheck[] = []
  const check = (rule: EligibilityRule, passed: boolean, detail: string): void => {
    checks.push({ rule, passed, detail })
  }

  // START_WITHIN_PROGRAMME
  {
    const passed = compareMonths(startMonth, p.startMonth) >= 0 && compareMonths(startMonth, p.endMonth) <= 0
    check(
      'START_WITHIN_PROGRAMME',
      passed,
      passed
        ? `start month ${startMonth} is within programme ${p.code} (${p.startMonth} to ${p.endMonth})`
        : `start month ${startMonth} is outside programme ${p.code} (${p.startMonth} to ${p.endMonth})`
    )
  }

  // DOMICILE_IN_REGION: from the KK address, not the NIK (which records where it was first issued).
  {
    const passed = kecamatanInRegion(w.kecamatanCode, p.regionCode)
    check(
      'DOMICILE_IN_REGION',
      passed,
      passed
        ? `domicile kecamatan ${w.kecamatanCode} is in region ${p.regionCode}`
        : `domicile kecamatan ${w.kecamatanCode} is not in region ${p.regionCode}`
    )
  }

  // DESIL_WITHIN_MAX
  {
    const passed = w.desil <= p.maxDesil
    check(
      'DESIL_WITHIN_MAX',
      passed,
      passed
        ? `desil ${w.desil} (${w.desilSource}) is within the programme maximum ${p.maxDesil}`
        : `desil ${w.desil} (${w.desilSource}) is above the programme maximum ${p.maxDesil}`
    )
  }

  // DESIL_RECENT: the desil period may be at most N months older than the start month (newer is fine).
  {
    const maxAge = p.desilMaxAgeMonths ?? ruleset.eligibility.desilMaxAgeMonths
    const age = monthDiff(w.desilPeriod, startMonth)
    const passed = age <= maxAge
    check(
      'DESIL_RECENT',
      passed,
      age <= 0
        ? `desil period ${w.desilPeriod} (${w.desilSource}) is not older than start month ${startMonth}`
        : passed
          ? `desil period ${w.desilPeriod} (${w.desilSource}) is ${age} months before start month ${startMonth}, within the limit of ${maxAge}`
          : `desil period ${w.desilPeriod} (${w.desilSource}) is ${age} months before start month ${startMonth}, more than the limit of ${maxAge}`
    )
  }

  // OCCUPATION_ELIGIBLE
  {
    const passed = p.occupations.includes(w.occupation)
    check(
      'OCCUPATION_ELIGIBLE',
      passed,
      passed
        ? `occupation ${w.occupation} is on the programme's list`
        : `occupation ${w.occupation} is not on the programme's list (${p.occupations.join(', ')})`
    )
  }

  // AGE_WITHIN_LIMITS: on the first day of the start month.
  {
    const age = ageOn(w.birthDate, asOf)
    const passed = age >= p.minAge && age <= p.maxAge
    const where = age < p.minAge ? 'below' : age > p.maxAge ? 'above' : 'within'
    check(
      'AGE_WITHIN_LIMITS',
      passed,
      `age ${age} on ${asOf} is ${where} the programme limits ${p.minAge}–${p.maxAge}`
    )
  }

  // ALIVE: judged on the day the enrolment was decided and on the first day of the start month. A death recorded
  // before either is ineligible; a cohort member who died after being enrolled keeps the enrolment (DOMAIN.md).
  {
    const d = w.dateOfDeath
    const beforeDecision = d !== null && compareDates(d, input.enrolledOn) < 0
    const beforeStart = d !== null && compareDates(d, asOf) < 0
    check(
      'ALIVE',
      !beforeDecision && !beforeStart,
      d === null
        ? 'no date of death is recorded'
        : beforeDecision
          ? `died on ${d}, before the enrolment was decided on ${input.enrolledOn}`
          : beforeStart
            ? `died on ${d}, before ${asOf}, the first day of the start month`
            : `died on ${d}, not before the enrolment was decided on ${input.enrolledOn} nor before ${asOf}`
    )
  }

  // NOT_WAGE_EARNER: a PU participant is already insured; paying BPU as well would pay twice.
  check(
    'NOT_WAGE_EARNER',
    !w.wageEarner,
    w.wageEarner ? 'already insured as a wage earner (PU) participant' : 'not insured as a wage earner (PU) participant'
  )

  // NO_OVERLAPPING_ENROLMENT: no other enrolment pays for any month of startMonth..programme end.
  {
    const overlaps = input.otherEnrolments.filter(
      (e) =>
        compareMonths(e.startMonth, p.endMonth) <= 0 && (e.endMonth === null || compareMonths(e.endMonth, startMonth) >= 0)
    )
    const end = p.endMonth
    check(
      'NO_OVERLAPPING_ENROLMENT',
      overlaps.length === 0,
      overlaps.length === 0
        ? `no other enrolment covers any month from ${startMonth} to ${end}`
        : `already enrolled for overlapping months: ${overlaps
            .map((e) => {
              const from = maxMonth(e.startMonth, startMonth)
              const to = e.endMonth === null ? end : minMonth(e.endMonth, end)
              return `programme ${e.programCode} (${e.startMonth} to ${e.endMonth ?? 'open'}) overlaps ${from} to ${to}`
            })
            .join('; ')}`
    )
  }

  // BRANCH_ASSIGNED: the programme names the BPJS branch that registers workers of this kecamatan.
  const branchCode = Object.hasOwn(p.branchByKecamatan, w.kecamatanCode) ? p.branchByKecamatan[w.kecamatanCode]! : null
  check(
    'BRANCH_ASSIGNED',
    branchCode !== null,
    branchCode !== null
      ? `kecamatan ${w.kecamatanCode} is served by branch ${branchCode}`
      : `programme ${p.code} names no BPJS branch for kecamatan ${w.kecamatanCode}`
  )

  return { eligible: checks.every((c) => c.passed), rulesetVersion: ruleset.version, asOf, enrolledOn: input.enrolledOn, branchCode, checks }
}
