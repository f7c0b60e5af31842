/**
 * Who may be enrolled in a programme from a start month, judged as of the first day of that month, and (for life)
 * on the day the enrolment is decided. The answer is an ordered list of named checks; `eligible` is true only when
 * every check passes. Every check is always evaluated (no short-circuit), so a caller sees every reason at once.
 * This is the ONE judge: the eligibility endpoint and enrolment both call it, so they cannot disagree.
 *
 * Rule names are stable SCREAMING_SNAKE_CASE identifiers (see ELIGIBILITY_RULES); `detail` is an English sentence
 * with the actual values, for people, rendered from the check's stored values (CompactCheck, explainCheck).
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
  /** Every check in words: rendered from `stored` the first time it is read (an accepted worker of a batch never is). */
  readonly checks: EligibilityCheck[];
  /** The same checks as their rule, outcome and values (what an enrolment stores; explainCheck renders each). */
  readonly stored: CompactCheck[];
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

/**
 * A value a check's sentence names. A check is kept as its rule, its outcome and these values (a CompactCheck):
 * the sentence is rendered from them by the rule's own words (SENTENCES), at decision time and again on every read
 * of a stored decision, so the two can never differ and an enrolment stores a few hundred bytes, not the prose.
 */
export type CheckFact = string | number | null | readonly CheckFact[]

/** One check as stored: `[rule, 1 | 0 (passed), ...the values its sentence names]`. */
export type CompactCheck = readonly [rule: EligibilityRule, passed: 0 | 1, ...facts: CheckFact[]]

type Sentence = (passed: boolean, f: readonly CheckFact[]) => string

/** Each rule's sentence, from its outcome and values: the one place the words live. */
const SENTENCES: Readonly<Record<EligibilityRule, Sentence>> = {
  // [startMonth, programme code, programme start, programme end]
  START_WITHIN_PROGRAMME: (passed, [start, code, from, to]) =>
    `start month ${start} is ${passed ? 'within' : 'outside'} programme ${code} (${from} to ${to})`,
  // [kecamatan, region]
  DOMICILE_IN_REGION: (passed, [kecamatan, region]) =>
    `domicile kecamatan ${kecamatan} is ${passed ? '' : 'not '}in region ${region}`,
  // [desil, source, programme maximum]
  DESIL_WITHIN_MAX: (passed, [desil, source, max]) =>
    `desil ${desil} (${source}) is ${passed ? 'within' : 'above'} the programme maximum ${max}`,
  // [desil period, source, age in months, start month, limit]
  DESIL_RECENT: (passed, [period, source, age, start, limit]) =>
    (age as number) <= 0
      ? `desil period ${period} (${source}) is not older than start month ${start}`
      : `desil period ${period} (${source}) is ${age} months before start month ${start}, ${passed ? 'within' : 'more than'} the limit of ${limit}`,
  // [occupation] when passed; [occupation, the programme's list] when not
  OCCUPATION_ELIGIBLE: (passed, [occupation, list]) =>
    passed ? `occupation ${occupation} is on the programme's list` : `occupation ${occupation} is not on the programme's list (${list})`,
  // [age, on, minimum, maximum]
  AGE_WITHIN_LIMITS: (_passed, [age, on, min, max]) =>
    `age ${age} on ${on} is ${(age as number) < (min as number) ? 'below' : (age as number) > (max as number) ? 'above' : 'within'} the programme limits ${min}–${max}`,
  // [null] when no death is recorded; [date of death, decided on, first day of the start month] otherwise
  ALIVE: (_passed, [died, decidedOn, asOf]) => {
    if (died === null) return 'no date of death is recorded'
    if (compareDates(died as string, decidedOn as string) < 0) return `died on ${died}, before the enrolment was decided on ${decidedOn}`
    if (compareDates(died as string, asOf as string) < 0) return `died on ${died}, before ${asOf}, the first day of the start month`
    return `died on ${died}, not before the enrolment was decided on ${decidedOn} nor before ${asOf}`
  },
  // []
  NOT_WAGE_EARNER: (passed) => (passed ? 'not insured as a wage earner (PU) participant' : 'already insured as a wage earner (PU) participant'),
  // [start month, programme end, ...[programme, start, end or null, overlap from, overlap to]]
  NO_OVERLAPPING_ENROLMENT: (_passed, [start, end, ...overlaps]) =>
    overlaps.length === 0
      ? `no other enrolment covers any month from ${start} to ${end}`
      : `already enrolled for overlapping months: ${overlaps
          .map((o) => {
            const [code, from, to, overlapFrom, overlapTo] = o as readonly CheckFact[]
            return `programme ${code} (${from} to ${to ?? 'open'}) overlaps ${overlapFrom} to ${overlapTo}`
          })
          .join('; ')}`,
  // [kecamatan, branch or null, programme code]
  BRANCH_ASSIGNED: (_passed, [kecamatan, branch, code]) =>
    branch !== null ? `kecamatan ${kecamatan} is served by branch ${branch}` : `programme ${code} names no BPJS branch for kecamatan ${kecamatan}`,
}

/** The check a stored CompactCheck stands for, its sentence rendered by the rule's words. */
export function explainCheck (stored: CompactCheck): EligibilityCheck {
  const [rule, passed, ...facts] = stored
  const sentence = Object.hasOwn(SENTENCES, rule) ? SENTENCES[rule] : undefined
  if (sentence === undefined) throw new RangeError(`no eligibility rule named ${JSON.stringify(rule)}`)
  return { rule, passed: passed === 1, detail: sentence(passed === 1, facts) }
}

/** The checks, in ELIGIBILITY_RULES order. Malformed input (a bad month or date) throws a RangeError. */
export function checkEligibility (input: EligibilityInput, ruleset: RuleSet = CURRENT_RULESET): EligibilityResult {
  const { worker: w, programme: p } = input
  const startMonth = input.startMonth ?? p.startMonth
  validate(input, startMonth, ruleset)
  const asOf = firstDayOfMonth(startMonth)
  const stored: CompactCheck[] = []
  const check = (rule: EligibilityRule, passed: boolean, ...facts: CheckFact[]): void => {
    stored.push([rule, passed ? 1 : 0, ...facts])
  }

  check('START_WITHIN_PROGRAMME', compareMonths(startMonth, p.startMonth) >= 0 && compareMonths(startMonth, p.endMonth) <= 0, startMonth, p.code, p.startMonth, p.endMonth)

  // DOMICILE_IN_REGION: from the KK address, not the NIK (which records where it was first issued).
  check('DOMICILE_IN_REGION', kecamatanInRegion(w.kecamatanCode, p.regionCode), w.kecamatanCode, p.regionCode)

  check('DESIL_WITHIN_MAX', w.desil <= p.maxDesil, w.desil, w.desilSource, p.maxDesil)

  // DESIL_RECENT: the desil period may be at most N months older than the start month (newer is fine).
  {
    const maxAge = p.desilMaxAgeMonths ?? ruleset.eligibility.desilMaxAgeMonths
    const age = monthDiff(w.desilPeriod, startMonth)
    check('DESIL_RECENT', age <= maxAge, w.desilPeriod, w.desilSource, age, startMonth, maxAge)
  }

  {
    const passed = p.occupations.includes(w.occupation)
    if (passed) check('OCCUPATION_ELIGIBLE', true, w.occupation)
    else check('OCCUPATION_ELIGIBLE', false, w.occupation, p.occupations.join(', '))
  }

  // AGE_WITHIN_LIMITS: on the first day of the start month.
  {
    const age = ageOn(w.birthDate, asOf)
    check('AGE_WITHIN_LIMITS', age >= p.minAge && age <= p.maxAge, age, asOf, p.minAge, p.maxAge)
  }

  // ALIVE: judged on the day the enrolment was decided and on the first day of the start month. A death recorded
  // before either is ineligible; a cohort member who died after being enrolled keeps the enrolment (DOMAIN.md).
  {
    const d = w.dateOfDeath
    if (d === null) check('ALIVE', true, null)
    else check('ALIVE', compareDates(d, input.enrolledOn) >= 0 && compareDates(d, asOf) >= 0, d, input.enrolledOn, asOf)
  }

  // NOT_WAGE_EARNER: a PU participant is already insured; paying BPU as well would pay twice.
  check('NOT_WAGE_EARNER', !w.wageEarner)

  // NO_OVERLAPPING_ENROLMENT: no other enrolment pays for any month of startMonth..programme end.
  {
    const end = p.endMonth
    const overlaps = input.otherEnrolments
      .filter((e) => compareMonths(e.startMonth, end) <= 0 && (e.endMonth === null || compareMonths(e.endMonth, startMonth) >= 0))
      .map((e): CheckFact => [e.programCode, e.startMonth, e.endMonth, maxMonth(e.startMonth, startMonth), e.endMonth === null ? end : minMonth(e.endMonth, end)])
    check('NO_OVERLAPPING_ENROLMENT', overlaps.length === 0, startMonth, end, ...overlaps)
  }

  // BRANCH_ASSIGNED: the programme names the BPJS branch that registers workers of this kecamatan.
  const branchCode = Object.hasOwn(p.branchByKecamatan, w.kecamatanCode) ? p.branchByKecamatan[w.kecamatanCode]! : null
  check('BRANCH_ASSIGNED', branchCode !== null, w.kecamatanCode, branchCode, p.code)

  let checks: EligibilityCheck[] | undefined
  return {
    eligible: stored.every((c) => c[1] === 1),
    rulesetVersion: ruleset.version,
    asOf,
    enrolledOn: input.enrolledOn,
    branchCode,
    get checks () {
      checks ??= stored.map(explainCheck)
      return checks
    },
    stored,
  }
}
