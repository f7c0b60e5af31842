/**
 * The rule set: every number and policy choice the rules use, in one versioned object.
 *
 * Sources (see ../../../shared/DOMAIN.md): PP 44/2015, PP 82/2019 (JKK/JKM benefits), Permenaker 5/2021
 * (BPU contributions and claims), Perda Kota Tangerang 5/2020 and Perwal 100/2023 (santunan kematian).
 * Where sources disagree, the choice made here is named in a comment, so that Dinas Sosial can change it by
 * publishing a new rule set with a new `version` instead of editing functions. Every decision returned by
 * src/rules carries the `version` of the rule set that made it.
 */
import { BUILT_IN_HOLIDAY_CALENDAR, type HolidayCalendar } from './holidays.js'

export type SchoolLevel = 'TK' | 'SD' | 'SMP' | 'SMA' | 'PT'
export type TransportMode = 'LAND' | 'SEA' | 'AIR'
export type SantunanExclusion =
  | 'SUICIDE'
  | 'DEATH_PENALTY'
  | 'CRIMINAL_SENTENCE_OVER_1_YEAR'
  | 'NARCOTICS'
  | 'NATURAL_DISASTER'
export type DocumentType =
  | 'DEATH_CERTIFICATE'
  | 'KK'
  | 'KTP_DECEASED'
  | 'KTP_HEIR'
  | 'HEIR_CERTIFICATE'
  | 'BANK_BOOK_HEIR'
  | 'MARRIAGE_BOOK'
  | 'ACCIDENT_REPORT_1'
  | 'ACCIDENT_REPORT_2'
  | 'DOCTOR_STATEMENT'
  | 'KTP'
  | 'CHRONOLOGY'
  | 'POLICE_REPORT'
  | 'HEIR_STATEMENT'
  | 'DTKS_LETTER'
  | 'KTP_APPLICANT'
  | 'KK_DECEASED'
  | 'BANK_ACCOUNT_APPLICANT'
export type HeirRelationship =
  | 'SPOUSE'
  | 'CHILD'
  | 'PARENT'
  | 'GRANDCHILD'
  | 'GRANDPARENT'
  | 'SIBLING'
  | 'PARENT_IN_LAW'
  | 'WILL_BENEFICIARY'

export interface RuleSet {
  /** Recorded on every decision as `rulesetVersion`. */
  readonly version: string;
  readonly description: string;
  readonly nik: {
    readonly length: number;
    /** Women's NIK carries the birth day + 40 (41–71). */
    readonly femaleDayOffset: number;
    /**
     * Two-digit years below this pivot read as 20YY, the others as 19YY, when no `today` is given to resolve
     * the century (a sliding window would need the clock, which rules never read).
     */
    readonly defaultCenturyPivot: number;
  };
  readonly contribution: {
    /** JKK is 1% of declared income, in basis points (100 = 1%). */
    readonly jkkRateBasisPoints: number;
    /** The lowest BPU income bracket, used as declared income I. */
    readonly defaultDeclaredIncome: number;
    readonly defaultJkk: number;
    readonly defaultJkm: number;
    /** Due by this day of the contribution month itself. */
    readonly dueDayOfMonth: number;
    /**
     * The 2026 half-price discount for informal workers (PP 50/2025) excludes participants paid from APBN/APBD:
     * it never applies to a government-paid programme.
     */
    readonly apbdDiscountApplies: false;
  };
  readonly coverage: {
    /** More than this many consecutive unpaid months ends the membership. */
    readonly lapseAfterUnpaidMonths: number;
    /**
     * JKM full benefit needs "more than three consecutive months" of membership. Policy: due when the date of death
     * is on or after the first day of the run's first month + this many months (run from 2025-03 → 2025-06-01).
     */
    readonly jkmWaitingMonths: number;
  };
  readonly eligibility: {
    /** The desil on record counts when its period is at most this many months older than the start month. */
    readonly desilMaxAgeMonths: number;
    readonly minDesil: number;
    readonly maxDesilValue: number;
  };
  readonly jkm: {
    readonly lumpSum: number;
    /** 24 × Rp500,000, paid at once. */
    readonly periodic: number;
    readonly funeral: number;
    /** Policy: a death within the waiting period pays one component `EARLY_DEATH` (sources split it 8 + 2 or 10 funeral). */
    readonly earlyDeath: number;
    /** BPJS pays within this many working days of a complete claim (informational). */
    readonly paymentWithinWorkingDays: number;
  };
  readonly scholarship: {
    /** JKM scholarship needs at least this many contribution months; JKK needs none. */
    readonly minContributionMonthsJkm: number;
    readonly maxChildren: number;
    /** A child must be younger than this (whole years) on the assessment date. */
    readonly maxAgeExclusive: number;
    readonly levels: Readonly<Record<SchoolLevel, { readonly perYear: number; readonly years: number }>>;
    readonly maxTotal: number;
  };
  readonly jkk: {
    /** Death: 60% × 80 × I. */
    readonly deathMultiplier: number;
    /** Death lump sum is at least the JKM lump sum. */
    readonly deathMinimum: number;
    readonly funeral: number;
    readonly periodic: number;
    /** Total permanent disability: 70% × 80 × I. */
    readonly totalDisabilityMultiplier: number;
    readonly totalDisabilityPeriodic: number;
    /** Partial disability: table percentage × this × I. */
    readonly partialDisabilityMultiplier: number;
    /** Temporary incapacity (STMB): full percent for the first months, reduced percent after. */
    readonly temporaryFullMonths: number;
    readonly temporaryFullPercent: number;
    readonly temporaryReducedPercent: number;
    readonly transportCaps: Readonly<Record<TransportMode, number>>;
    /** The right expires this many years after the accident; a claim on the anniversary itself is in time. */
    readonly expiryYears: number;
    /** The accident should be reported within this many days (2 × 24 hours); late reporting does not forfeit. */
    readonly reportWithinDays: number;
  };
  readonly santunanKematian: {
    readonly amount: number;
    readonly applyWithinWorkingDays: number;
    readonly exclusions: readonly SantunanExclusion[];
    /** The city whose poor residents it covers (Kota Tangerang). */
    readonly regionCode: string;
    /**
     * Policy: "poor" means registered in DTKS/DTSEN with a desil at most this value (1 very poor … 4 vulnerable),
     * or verified by Dinas Sosial as meeting the criteria.
     */
    readonly maxDesil: number;
  };
  readonly documents: {
    readonly JKM: readonly DocumentType[];
    readonly JKK: readonly DocumentType[];
    readonly SANTUNAN_KEMATIAN: readonly DocumentType[];
    /** Added to the JKM list when the heir is the spouse. */
    readonly spouseHeirExtra: readonly DocumentType[];
    /** Added to the JKK list for a road accident. */
    readonly roadAccidentExtra: readonly DocumentType[];
    /**
     * Policy: on a JKK death the injured worker is the deceased, so a JKK document about the worker (`jkk`) is the
     * JKM document about the deceased (`jkm`) that the death adds: it is asked for once, under its JKM name.
     * The worker's KTP is the deceased's KTP: 'KTP' is left out and 'KTP_DECEASED' kept.
     */
    readonly jkkDeathSameDocuments: readonly { readonly jkk: DocumentType; readonly jkm: DocumentType }[];
  };
  /** Heirs in order of priority; relationships in one group rank equally. */
  readonly heirOrder: readonly (readonly HeirRelationship[])[];
  /**
   * Public holidays and cuti bersama for working-day counts, by year: the built-in calendar by default. Holidays are
   * data, not rules: the service passes the calendar in force (with the operator's years, src/lib/holiday-file.ts).
   */
  readonly holidays: HolidayCalendar;
}

export const RULESET_ID_BPU_2019_1: RuleSet = {
  version: 'ID-BPU-2019.1',
  description:
    'BPJS Ketenagakerjaan BPU paid by a local government (PP 44/2015, PP 82/2019, Permenaker 5/2021) and the Kota Tangerang santunan kematian (Perda 5/2020, Perwal 100/2023)',
  nik: { length: 16, femaleDayOffset: 40, defaultCenturyPivot: 30 },
  contribution: {
    jkkRateBasisPoints: 100,
    defaultDeclaredIncome: 1_000_000,
    defaultJkk: 10_000,
    defaultJkm: 6_800,
    dueDayOfMonth: 15,
    apbdDiscountApplies: false,
  },
  coverage: { lapseAfterUnpaidMonths: 3, jkmWaitingMonths: 3 },
  eligibility: { desilMaxAgeMonths: 12, minDesil: 1, maxDesilValue: 10 },
  jkm: {
    lumpSum: 20_000_000,
    periodic: 12_000_000,
    funeral: 10_000_000,
    earlyDeath: 10_000_000,
    paymentWithinWorkingDays: 3,
  },
  scholarship: {
    minContributionMonthsJkm: 36,
    maxChildren: 2,
    maxAgeExclusive: 23,
    levels: {
      TK: { perYear: 1_500_000, years: 2 },
      SD: { perYear: 1_500_000, years: 6 },
      SMP: { perYear: 2_000_000, years: 3 },
      SMA: { perYear: 3_000_000, years: 3 },
      PT: { perYear: 12_000_000, years: 5 },
    },
    maxTotal: 174_000_000,
  },
  jkk: {
    deathMultiplier: 48,
    deathMinimum: 20_000_000,
    funeral: 10_000_000,
    periodic: 12_000_000,
    totalDisabilityMultiplier: 56,
    totalDisabilityPeriodic: 12_000_000,
    partialDisabilityMultiplier: 80,
    temporaryFullMonths: 12,
    temporaryFullPercent: 100,
    temporaryReducedPercent: 50,
    transportCaps: { LAND: 5_000_000, SEA: 2_000_000, AIR: 10_000_000 },
    expiryYears: 5,
    reportWithinDays: 2,
  },
  santunanKematian: {
    amount: 3_000_000,
    applyWithinWorkingDays: 40,
    exclusions: ['SUICIDE', 'DEATH_PENALTY', 'CRIMINAL_SENTENCE_OVER_1_YEAR', 'NARCOTICS', 'NATURAL_DISASTER'],
    regionCode: '3671',
    maxDesil: 4,
  },
  documents: {
    JKM: ['DEATH_CERTIFICATE', 'KK', 'KTP_DECEASED', 'KTP_HEIR', 'HEIR_CERTIFICATE', 'BANK_BOOK_HEIR'],
    JKK: ['ACCIDENT_REPORT_1', 'ACCIDENT_REPORT_2', 'DOCTOR_STATEMENT', 'KTP', 'CHRONOLOGY'],
    SANTUNAN_KEMATIAN: [
      'DEATH_CERTIFICATE',
      'HEIR_STATEMENT',
      'DTKS_LETTER',
      'KTP_APPLICANT',
      'KK_DECEASED',
      'BANK_ACCOUNT_APPLICANT',
    ],
    spouseHeirExtra: ['MARRIAGE_BOOK'],
    roadAccidentExtra: ['POLICE_REPORT'],
    jkkDeathSameDocuments: [{ jkk: 'KTP', jkm: 'KTP_DECEASED' }],
  },
  heirOrder: [
    ['SPOUSE', 'CHILD'],
    ['PARENT'],
    ['GRANDCHILD'],
    ['GRANDPARENT'],
    ['SIBLING'],
    ['PARENT_IN_LAW'],
    ['WILL_BENEFICIARY'],
  ],
  holidays: BUILT_IN_HOLIDAY_CALENDAR,
}

/** The rule set used when a caller does not pass one. */
export const CURRENT_RULESET: RuleSet = RULESET_ID_BPU_2019_1

/** Rule sets by version, so a stored decision can be re-explained with the rules that made it. */
export const RULESETS: Readonly<Record<string, RuleSet>> = {
  [RULESET_ID_BPU_2019_1.version]: RULESET_ID_BPU_2019_1,
}

/** The rule set with this version, or undefined. */
export function rulesetByVersion (version: string): RuleSet | undefined {
  return Object.hasOwn(RULESETS, version) ? RULESETS[version] : undefined
}
