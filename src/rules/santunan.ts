/**
 * The city's santunan kematian (Perda Kota Tangerang 5/2020, Perwal 100/2023): Rp3,000,000 for the death of a
 * poor resident, paid by the city, independent of JKM (a family can receive both).
 * Apply within 40 working days (Monday–Friday minus public holidays and cuti bersama, which are data) of the death.
 * Excluded: suicide, death penalty or a criminal sentence over 1 year, narcotics, natural disaster.
 * Policy: "poor" is a DTKS/DTSEN record with a desil at most the rule set's maxDesil (4), or Dinas Sosial's
 * verification that the person meets the criteria (`meetsPovertyCriteria`).
 */
import { addWorkingDays, assertDate, compareDates, workingDaysBetween, type HolidayList } from './calendar.js';
import { formatRupiah } from './money.js';
import { notPayable, payable, type Assessment } from './assessment.js';
import type { DesilSource } from './eligibility.js';
import { kecamatanInRegion } from './regions.js';
import { CURRENT_RULESET, type RuleSet, type SantunanExclusion } from './ruleset.js';

const EXCLUSION_LABELS: Readonly<Record<SantunanExclusion, string>> = {
  SUICIDE: 'suicide',
  DEATH_PENALTY: 'the death penalty',
  CRIMINAL_SENTENCE_OVER_1_YEAR: 'a criminal sentence of more than 1 year',
  NARCOTICS: 'narcotics',
  NATURAL_DISASTER: 'a natural disaster',
};

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
  /** Defaults to the rule set's holiday list. */
  readonly holidays?: HolidayList;
}

export interface SantunanAssessment extends Assessment {
  /** The last day an application is in time. */
  readonly applicationDeadline: string;
  /** Working days from the death to the application. */
  readonly workingDaysAfterDeath: number;
}

/** The last day to apply: 40 working days after the death. */
export function santunanDeadline(dateOfDeath: string, holidays?: HolidayList, ruleset: RuleSet = CURRENT_RULESET): string {
  return addWorkingDays(dateOfDeath, ruleset.santunanKematian.applyWithinWorkingDays, holidays ?? ruleset.holidays);
}

export function assessSantunanKematian(input: SantunanInput, ruleset: RuleSet = CURRENT_RULESET): SantunanAssessment {
  const sk = ruleset.santunanKematian;
  const death = assertDate(input.dateOfDeath, 'dateOfDeath');
  const applied = assertDate(input.applicationDate, 'applicationDate');
  const holidays = input.holidays ?? ruleset.holidays;
  const deadline = santunanDeadline(death, holidays, ruleset);
  const elapsed = workingDaysBetween(death, applied, holidays);
  const failures: string[] = [];
  const passes: string[] = [];

  if (kecamatanInRegion(input.kecamatanCode, sk.regionCode)) {
    passes.push(`a resident of kecamatan ${input.kecamatanCode} in region ${sk.regionCode}`);
  } else {
    failures.push(`kecamatan ${input.kecamatanCode} is not in region ${sk.regionCode}: the santunan is for the city's residents`);
  }

  const listed = input.desil !== null && input.desilSource !== null && input.desil <= sk.maxDesil;
  if (listed) {
    passes.push(`poor resident: desil ${input.desil} in ${input.desilSource}, at most ${sk.maxDesil}`);
  } else if (input.meetsPovertyCriteria === true) {
    passes.push('poor resident: verified as meeting the DTKS/DTSEN criteria');
  } else {
    failures.push(
      input.desil === null || input.desilSource === null
        ? 'not registered in DTKS/DTSEN and not verified as meeting its criteria'
        : `desil ${input.desil} in ${input.desilSource} is above ${sk.maxDesil} and the person was not verified as meeting the criteria`,
    );
  }

  for (const e of input.exclusions ?? []) {
    if (sk.exclusions.includes(e)) failures.push(`excluded: the death was caused by ${EXCLUSION_LABELS[e]}`);
  }

  if (compareDates(applied, death) < 0) {
    failures.push(`the application date ${applied} is before the death on ${death}`);
  } else if (compareDates(applied, deadline) > 0) {
    failures.push(
      `applied on ${applied}, ${elapsed} working days after the death on ${death}; the limit is ${sk.applyWithinWorkingDays} working days (until ${deadline})`,
    );
  } else {
    passes.push(`applied on ${applied}, ${elapsed} working days after the death, within ${sk.applyWithinWorkingDays} (until ${deadline})`);
  }

  const extra = { applicationDeadline: deadline, workingDaysAfterDeath: elapsed };
  if (failures.length > 0) return { ...notPayable(failures, ruleset.version), ...extra };
  return {
    ...payable(
      [{ component: 'SANTUNAN_KEMATIAN', amount: sk.amount }],
      [...passes, `santunan kematian of ${formatRupiah(sk.amount)} is due`],
      ruleset.version,
    ),
    ...extra,
  };
}
