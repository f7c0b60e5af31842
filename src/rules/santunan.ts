/**
 * The city's santunan kematian (Perda Kota Tangerang 5/2020, Perwal 100/2023): Rp3,000,000 for the death of a
 * poor resident, paid by the city, independent of JKM (a family can receive both).
 * Apply within 40 working days (Monday–Friday minus public holidays and cuti bersama, which are data per year) of
 * the death. Policy: a claim is never refused on incomplete holiday data; see `timeliness`.
 * Excluded: suicide, death penalty or a criminal sentence over 1 year, narcotics, natural disaster.
 * Policy: "poor" is a DTKS/DTSEN record with a desil at most the rule set's maxDesil (4), or Dinas Sosial's
 * verification that the person meets the criteria (`meetsPovertyCriteria`).
 */
import { assertDate, compareDates } from './calendar.js'
import {
  addWorkingDays,
  addWorkingDaysEarliest,
  holidayDataMissingReason,
  provisionalCalendarReason,
  yearList,
  workingDaysBetweenAtMost,
  type WorkingDateOutcome,
} from './workdays.js'
import { holidayYear, type HolidayCalendar, type HolidayYearStatus } from './holidays.js'
import { formatRupiah } from './money.js'
import { notPayable, payable, pendingAssessment, type Assessment } from './assessment.js'
import type { DesilSource } from './eligibility.js'
import { kecamatanInRegion } from './regions.js'
import { CURRENT_RULESET, type RuleSet, type SantunanExclusion } from './ruleset.js'

const EXCLUSION_LABELS: Readonly<Record<SantunanExclusion, string>> = {
  SUICIDE: 'suicide',
  DEATH_PENALTY: 'the death penalty',
  CRIMINAL_SENTENCE_OVER_1_YEAR: 'a criminal sentence of more than 1 year',
  NARCOTICS: 'narcotics',
  NATURAL_DISASTER: 'a natural disaster',
}

export interface SantunanInput {
  readonly dateOfDeath: string;
  /** The date the family applied. */
  readonly applicationDate: string;
  /** The deceased's domicile kecamatan (KK address). */
  readonly kecamatanCode: string;
  readonly desil: number | null;
  readonly desilSource: DesilSource | null;
  /** Dinas Sosial verified the person meets the DTKS/DTSEN criteria without being listed. */
  readonly meetsPovertyCriteria?: boolean;
  /** Circumstances of the death that exclude the santunan (empty when none). */
  readonly exclusions?: readonly SantunanExclusion[];
  /** Defaults to the rule set's built-in calendar; the service passes the one in force (with the operator's years). */
  readonly holidays?: HolidayCalendar;
}

export interface SantunanAssessment extends Assessment {
  /**
   * The last day an application is in time: the 40th working day after the death. Null when a year it needs has no
   * holiday data; when it crossed a provisional year (named in `calendar`), the earliest it can turn out to be.
   */
  readonly applicationDeadline: string | null;
  /**
   * Working days from the death to the application: exact over FINAL years, an upper bound when the count crossed a
   * provisional year or a year without data (whose weekdays count as working days), as `calendar` says.
   */
  readonly workingDaysAfterDeath: number;
  /** The holiday data the deadline and the count relied on, so that a decision over incomplete data says so. */
  readonly calendar: SantunanCalendarUse;
}

export interface SantunanCalendarUse {
  /** Every year whose data was used, with the decree it comes from. */
  readonly years: readonly { readonly year: number; readonly status: HolidayYearStatus; readonly source: string }[];
  readonly provisionalYears: readonly number[];
  readonly missingYears: readonly number[];
}

/** The last day to apply: 40 working days after the death, or holiday data missing for a year it needs. */
export function santunanDeadline (dateOfDeath: string, holidays?: HolidayCalendar, ruleset: RuleSet = CURRENT_RULESET): WorkingDateOutcome {
  return addWorkingDays(dateOfDeath, ruleset.santunanKematian.applyWithinWorkingDays, holidays ?? ruleset.holidays)
}

const union = (a: readonly number[], b: readonly number[]): number[] => [...new Set([...a, ...b])].sort((x, y) => x - y)

/** "the 2027 holiday calendar is provisional; holiday data missing for 2028". */
function caveats (use: { readonly provisionalYears: readonly number[]; readonly missingYears: readonly number[] }): string {
  return [
    ...(use.provisionalYears.length > 0 ? [provisionalCalendarReason(use.provisionalYears)] : []),
    ...(use.missingYears.length > 0 ? [holidayDataMissingReason(use.missingYears)] : []),
  ].join('; ')
}

type Timeliness =
  | { readonly outcome: 'IN_TIME'; readonly reasons: string[] }
  | { readonly outcome: 'LATE'; readonly reason: string }
  | { readonly outcome: 'PENDING'; readonly waitingFor: string; readonly reason: string }

/**
 * Whether the application is in time, exactly and fairly to the family. More holiday data can only add holidays
 * (a provisional year lists only the certain ones; see ./holidays.ts), which only moves the deadline later. So the
 * 40th working day over the data at hand, counting weekdays of a year without data as working days, is the EARLIEST
 * the real deadline can be:
 * - applied on or before it: in time, whatever the final or missing data turns out to be;
 * - applied after it, when it crossed only FINAL years: it is the real deadline, and the application is late
 *   (even if the count itself runs on into a provisional year: the deadline was passed before it);
 * - applied after it, when it crossed a provisional year or one without data: not decidable yet, so the claim is
 *   pending until that year's final holiday data is loaded, never refused on incomplete data.
 */
function timeliness (
  death: string,
  applied: string,
  limit: number,
  deadline: ReturnType<typeof addWorkingDaysEarliest>,
  elapsed: ReturnType<typeof workingDaysBetweenAtMost>
): Timeliness {
  const deadlineExact = deadline.provisionalYears.length === 0 && deadline.missingYears.length === 0
  const countExact = elapsed.provisionalYears.length === 0 && elapsed.missingYears.length === 0
  const until = deadlineExact ? `until ${deadline.date}` : `until ${deadline.date} at the earliest: ${caveats(deadline)}`
  if (compareDates(applied, deadline.date) <= 0) {
    if (countExact) return { outcome: 'IN_TIME', reasons: [`applied on ${applied}, ${elapsed.count} working days after the death, within ${limit} (${until})`] }
    const why = [
      ...(elapsed.provisionalYears.length > 0 ? [provisionalCalendarReason(elapsed.provisionalYears)] : []),
      ...(elapsed.missingYears.length > 0 ? [`${holidayDataMissingReason(elapsed.missingYears)}, so its weekdays were counted as working days`] : []),
    ].join('; ')
    return {
      outcome: 'IN_TIME',
      reasons: [
        `applied on ${applied}, at most ${elapsed.count} working days after the death, within ${limit} (${until})`,
        `${why}: more holidays would only lower the count, so the application is in time whatever that data turns out to be`,
      ],
    }
  }
  if (deadlineExact) {
    const count = countExact ? `${elapsed.count} working days` : `more than ${limit} working days`
    return { outcome: 'LATE', reason: `applied on ${applied}, ${count} after the death on ${death}; the limit is ${limit} working days (until ${deadline.date})` }
  }
  const waitingFor = `final holiday data for ${yearList(union(deadline.provisionalYears, deadline.missingYears))}`
  return {
    outcome: 'PENDING',
    waitingFor,
    reason: `applied on ${applied}, after ${deadline.date}, the last of the ${limit} working days after the death on ${death} by the holiday data at hand; ${caveats(deadline)}, and more holidays would move the deadline later: the claim is assessed again once that data is loaded`,
  }
}

export function assessSantunanKematian (input: SantunanInput, ruleset: RuleSet = CURRENT_RULESET): SantunanAssessment {
  const sk = ruleset.santunanKematian
  const death = assertDate(input.dateOfDeath, 'dateOfDeath')
  const applied = assertDate(input.applicationDate, 'applicationDate')
  const holidays = input.holidays ?? ruleset.holidays
  const deadline = addWorkingDaysEarliest(death, sk.applyWithinWorkingDays, holidays)
  const elapsed = workingDaysBetweenAtMost(death, applied, holidays)
  const failures: string[] = []
  const passes: string[] = []

  if (kecamatanInRegion(input.kecamatanCode, sk.regionCode)) {
    passes.push(`a resident of kecamatan ${input.kecamatanCode} in region ${sk.regionCode}`)
  } else {
    failures.push(`kecamatan ${input.kecamatanCode} is not in region ${sk.regionCode}: the santunan is for the city's residents`)
  }

  const listed = input.desil !== null && input.desilSource !== null && input.desil <= sk.maxDesil
  if (listed) {
    passes.push(`poor resident: desil ${input.desil} in ${input.desilSource}, at most ${sk.maxDesil}`)
  } else if (input.meetsPovertyCriteria === true) {
    passes.push('poor resident: verified as meeting the DTKS/DTSEN criteria')
  } else {
    failures.push(
      input.desil === null || input.desilSource === null
        ? 'not registered in DTKS/DTSEN and not verified as meeting its criteria'
        : `desil ${input.desil} in ${input.desilSource} is above ${sk.maxDesil} and the person was not verified as meeting the criteria`
    )
  }

  for (const e of input.exclusions ?? []) {
    if (sk.exclusions.includes(e)) failures.push(`excluded: the death was caused by ${EXCLUSION_LABELS[e]}`)
  }

  let pending: { readonly waitingFor: string; readonly reason: string } | null = null
  if (compareDates(applied, death) < 0) {
    failures.push(`the application date ${applied} is before the death on ${death}`)
  } else {
    const time = timeliness(death, applied, sk.applyWithinWorkingDays, deadline, elapsed)
    if (time.outcome === 'IN_TIME') passes.push(...time.reasons)
    else if (time.outcome === 'LATE') failures.push(time.reason)
    else pending = time
  }

  const extra = {
    applicationDeadline: deadline.missingYears.length > 0 ? null : deadline.date,
    workingDaysAfterDeath: elapsed.count,
    calendar: {
      years: union(deadline.years, elapsed.years).map((year) => {
        // Every year the walks judged with data is in the calendar they walked.
        const y = holidayYear(holidays, year)!
        return { year, status: y.status, source: y.source }
      }),
      provisionalYears: union(deadline.provisionalYears, elapsed.provisionalYears),
      missingYears: union(deadline.missingYears, elapsed.missingYears),
    },
  }
  // A failure that does not depend on the holiday data refuses the claim at once; only timeliness can wait for data.
  if (failures.length > 0) return { ...notPayable(failures, ruleset.version), ...extra }
  if (pending !== null) return { ...pendingAssessment(pending.waitingFor, [...passes, pending.reason], ruleset.version), ...extra }
  return {
    ...payable(
      [{ component: 'SANTUNAN_KEMATIAN', amount: sk.amount }],
      [...passes, `santunan kematian of ${formatRupiah(sk.amount)} is due`],
      ruleset.version
    ),
    ...extra,
  }
}
