/**
 * Indonesian national public holidays (hari libur nasional) and cuti bersama, as data, one year at a time.
 *
 * Working days for the santunan kematian (Perwal 100/2023: 40 hari kerja) are Monday–Friday minus the holidays and
 * cuti bersama of the SKB 3 Menteri for that year. Policy (DOMAIN.md): a count that reaches a year without holiday
 * data says so instead of silently counting Mondays to Fridays, and a year loaded from incomplete data is marked
 * PROVISIONAL, so that every deadline computed over it says so.
 *
 * The built-in calendar below is the default; an operator extends or corrects it without a release (a FINAL 2027
 * decree, a 2028 list) through a file loaded at start-up (src/lib/holiday-file.ts), merged with
 * mergeHolidayCalendars: the operator's year replaces the built-in year whole.
 *
 * Policy for PROVISIONAL years: they list only dates fixed by law or by fixed calendar arithmetic, which every
 * SKB 3 Menteri includes, so the final decree can only add holidays. A count over a provisional year is therefore
 * an upper bound on working days, and a deadline computed over it the earliest it can turn out to be.
 */
import { isDate } from './calendar.js'

export type HolidayKind = 'NATIONAL' | 'CUTI_BERSAMA'

/** FINAL: from the SKB 3 Menteri for the year. PROVISIONAL: incomplete, more holidays may follow. */
export type HolidayYearStatus = 'FINAL' | 'PROVISIONAL'

export interface Holiday {
  readonly date: string;
  readonly name: string;
  readonly kind: HolidayKind;
}

export interface HolidayYear {
  readonly year: number;
  readonly status: HolidayYearStatus;
  /** The decree the dates come from, or why the year is provisional. */
  readonly source: string;
  readonly holidays: readonly Holiday[];
}

/** A validated set of holiday years: build one with holidayCalendar, never by hand. */
export interface HolidayCalendar {
  /** Sorted by year; each year's holidays sorted by date. */
  readonly years: readonly HolidayYear[];
  /** Every holiday and cuti bersama date, for working-day counts. */
  readonly dates: ReadonlySet<string>;
  /** The status of each year with data; a year not here has no holiday data. */
  readonly statusByYear: ReadonlyMap<number, HolidayYearStatus>;
}

const STATUSES: readonly string[] = ['FINAL', 'PROVISIONAL']
const KINDS: readonly string[] = ['NATIONAL', 'CUTI_BERSAMA']

/**
 * What is wrong with these years, first problem first (empty when they make a valid calendar): every year a whole
 * number 1–9999 with a status and a source, at most once; every date real, inside its year, at most once, named,
 * of a known kind.
 */
export function holidayYearsProblems (years: readonly HolidayYear[]): string[] {
  const problems: string[] = []
  const seenYears = new Set<number>()
  for (const y of years) {
    const label = `year ${y.year}`
    if (!Number.isSafeInteger(y.year) || y.year < 1 || y.year > 9999) {
      problems.push(`${label}: must be a whole year from 1 to 9999`)
      continue
    }
    if (seenYears.has(y.year)) problems.push(`${label} is listed twice`)
    seenYears.add(y.year)
    if (!STATUSES.includes(y.status)) problems.push(`${label}: status must be FINAL or PROVISIONAL, got ${JSON.stringify(y.status)}`)
    if (typeof y.source !== 'string' || y.source.trim() === '') problems.push(`${label}: source must name the decree, or say why the year is provisional`)
    const seenDates = new Set<string>()
    for (const h of y.holidays) {
      if (!isDate(h.date)) {
        problems.push(`${label}: ${JSON.stringify(h.date)} is not a real date 'YYYY-MM-DD'`)
        continue
      }
      if (Number(h.date.slice(0, 4)) !== y.year) problems.push(`${label}: ${h.date} is not in ${y.year}`)
      if (seenDates.has(h.date)) problems.push(`${label}: ${h.date} is listed twice`)
      seenDates.add(h.date)
      if (typeof h.name !== 'string' || h.name.trim() === '') problems.push(`${label}: ${h.date} needs a name`)
      if (!KINDS.includes(h.kind)) problems.push(`${label}: ${h.date} kind must be NATIONAL or CUTI_BERSAMA, got ${JSON.stringify(h.kind)}`)
    }
  }
  return problems
}

/** A calendar of these years. Invalid data is a programming or data error: a RangeError naming the first problem. */
export function holidayCalendar (years: readonly HolidayYear[]): HolidayCalendar {
  const problems = holidayYearsProblems(years)
  if (problems.length > 0) throw new RangeError(`invalid holiday calendar: ${problems[0]}`)
  const sorted: HolidayYear[] = [...years]
    .sort((a, b) => a.year - b.year)
    .map((y) => ({
      year: y.year,
      status: y.status,
      source: y.source,
      holidays: [...y.holidays].sort((a, b) => (a.date < b.date ? -1 : 1)).map((h) => ({ date: h.date, name: h.name, kind: h.kind })),
    }))
  return {
    years: sorted,
    dates: new Set(sorted.flatMap((y) => y.holidays.map((h) => h.date))),
    statusByYear: new Map(sorted.map((y) => [y.year, y.status])),
  }
}

/**
 * The calendars merged, later ones winning per year: a later calendar's year REPLACES the earlier year whole
 * (an operator's FINAL 2027 decree supersedes the built-in provisional 2027; it does not add to it).
 */
export function mergeHolidayCalendars (...calendars: readonly HolidayCalendar[]): HolidayCalendar {
  const byYear = new Map<number, HolidayYear>()
  for (const c of calendars) for (const y of c.years) byYear.set(y.year, y)
  return holidayCalendar([...byYear.values()])
}

/** The data for one year, or undefined when the calendar has none. */
export function holidayYear (calendar: HolidayCalendar, year: number): HolidayYear | undefined {
  return calendar.years.find((y) => y.year === year)
}

/** SKB 3 Menteri 1017/2024 · 2/2024 · 2/2024 as amended by 933/2025 · 1/2025 · 3/2025 (adds cuti bersama 18 August 2025). */
export const HOLIDAYS_2025: HolidayYear = {
  year: 2025,
  status: 'FINAL',
  source: 'SKB 3 Menteri 1017/2024 · 2/2024 · 2/2024, as amended by 933/2025 · 1/2025 · 3/2025 (adds cuti bersama 18 August 2025)',
  holidays: [
    { date: '2025-01-01', name: 'Tahun Baru 2025 Masehi', kind: 'NATIONAL' },
    { date: '2025-01-27', name: "Isra Mi'raj Nabi Muhammad SAW", kind: 'NATIONAL' },
    { date: '2025-01-28', name: 'Cuti bersama Tahun Baru Imlek', kind: 'CUTI_BERSAMA' },
    { date: '2025-01-29', name: 'Tahun Baru Imlek 2576 Kongzili', kind: 'NATIONAL' },
    { date: '2025-03-28', name: 'Cuti bersama Hari Suci Nyepi', kind: 'CUTI_BERSAMA' },
    { date: '2025-03-29', name: 'Hari Suci Nyepi (Tahun Baru Saka 1947)', kind: 'NATIONAL' },
    { date: '2025-03-31', name: 'Idul Fitri 1446 H', kind: 'NATIONAL' },
    { date: '2025-04-01', name: 'Idul Fitri 1446 H', kind: 'NATIONAL' },
    { date: '2025-04-02', name: 'Cuti bersama Idul Fitri', kind: 'CUTI_BERSAMA' },
    { date: '2025-04-03', name: 'Cuti bersama Idul Fitri', kind: 'CUTI_BERSAMA' },
    { date: '2025-04-04', name: 'Cuti bersama Idul Fitri', kind: 'CUTI_BERSAMA' },
    { date: '2025-04-07', name: 'Cuti bersama Idul Fitri', kind: 'CUTI_BERSAMA' },
    { date: '2025-04-18', name: 'Wafat Yesus Kristus', kind: 'NATIONAL' },
    { date: '2025-04-20', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'NATIONAL' },
    { date: '2025-05-01', name: 'Hari Buruh Internasional', kind: 'NATIONAL' },
    { date: '2025-05-12', name: 'Hari Raya Waisak 2569 BE', kind: 'NATIONAL' },
    { date: '2025-05-13', name: 'Cuti bersama Hari Raya Waisak', kind: 'CUTI_BERSAMA' },
    { date: '2025-05-29', name: 'Kenaikan Yesus Kristus', kind: 'NATIONAL' },
    { date: '2025-05-30', name: 'Cuti bersama Kenaikan Yesus Kristus', kind: 'CUTI_BERSAMA' },
    { date: '2025-06-01', name: 'Hari Lahir Pancasila', kind: 'NATIONAL' },
    { date: '2025-06-06', name: 'Idul Adha 1446 H', kind: 'NATIONAL' },
    { date: '2025-06-09', name: 'Cuti bersama Idul Adha', kind: 'CUTI_BERSAMA' },
    { date: '2025-06-27', name: '1 Muharam Tahun Baru Islam 1447 H', kind: 'NATIONAL' },
    { date: '2025-08-17', name: 'Proklamasi Kemerdekaan', kind: 'NATIONAL' },
    { date: '2025-08-18', name: 'Cuti bersama Proklamasi Kemerdekaan (HUT ke-80 RI)', kind: 'CUTI_BERSAMA' },
    { date: '2025-09-05', name: 'Maulid Nabi Muhammad SAW', kind: 'NATIONAL' },
    { date: '2025-12-25', name: 'Kelahiran Yesus Kristus', kind: 'NATIONAL' },
    { date: '2025-12-26', name: 'Cuti bersama Kelahiran Yesus Kristus', kind: 'CUTI_BERSAMA' },
  ],
}

/** SKB 3 Menteri 1497/2025 · 2/2025 · 5/2025: 17 holidays, 8 cuti bersama (weekend entries kept for completeness). */
export const HOLIDAYS_2026: HolidayYear = {
  year: 2026,
  status: 'FINAL',
  source: 'SKB 3 Menteri 1497/2025 · 2/2025 · 5/2025 (17 holidays, 8 cuti bersama)',
  holidays: [
    { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'NATIONAL' },
    { date: '2026-01-16', name: "Isra Mi'raj Nabi Muhammad SAW", kind: 'NATIONAL' },
    { date: '2026-02-16', name: 'Cuti bersama Tahun Baru Imlek', kind: 'CUTI_BERSAMA' },
    { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili', kind: 'NATIONAL' },
    { date: '2026-03-18', name: 'Cuti bersama Hari Suci Nyepi', kind: 'CUTI_BERSAMA' },
    { date: '2026-03-19', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)', kind: 'NATIONAL' },
    { date: '2026-03-20', name: 'Cuti bersama Idul Fitri', kind: 'CUTI_BERSAMA' },
    { date: '2026-03-21', name: 'Idul Fitri 1447 H', kind: 'NATIONAL' },
    { date: '2026-03-22', name: 'Idul Fitri 1447 H', kind: 'NATIONAL' },
    { date: '2026-03-23', name: 'Cuti bersama Idul Fitri', kind: 'CUTI_BERSAMA' },
    { date: '2026-03-24', name: 'Cuti bersama Idul Fitri', kind: 'CUTI_BERSAMA' },
    { date: '2026-04-03', name: 'Wafat Yesus Kristus', kind: 'NATIONAL' },
    { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'NATIONAL' },
    { date: '2026-05-01', name: 'Hari Buruh Internasional', kind: 'NATIONAL' },
    { date: '2026-05-14', name: 'Kenaikan Yesus Kristus', kind: 'NATIONAL' },
    { date: '2026-05-15', name: 'Cuti bersama Kenaikan Yesus Kristus', kind: 'CUTI_BERSAMA' },
    { date: '2026-05-27', name: 'Idul Adha 1447 H', kind: 'NATIONAL' },
    { date: '2026-05-28', name: 'Cuti bersama Idul Adha', kind: 'CUTI_BERSAMA' },
    { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE', kind: 'NATIONAL' },
    { date: '2026-06-01', name: 'Hari Lahir Pancasila', kind: 'NATIONAL' },
    { date: '2026-06-16', name: '1 Muharam Tahun Baru Islam 1448 H', kind: 'NATIONAL' },
    { date: '2026-08-17', name: 'Proklamasi Kemerdekaan', kind: 'NATIONAL' },
    { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW', kind: 'NATIONAL' },
    { date: '2026-12-24', name: 'Cuti bersama Kelahiran Yesus Kristus', kind: 'CUTI_BERSAMA' },
    { date: '2026-12-25', name: 'Kelahiran Yesus Kristus', kind: 'NATIONAL' },
  ],
}

/**
 * 2027, PROVISIONAL: the SKB 3 Menteri for 2027 was not at hand. Only the dates fixed by law (1 January, 1 May,
 * 1 June, 17 August, 25 December) and by the Gregorian Easter computus (Easter 28 March 2027: Good Friday two days
 * before, Ascension 39 days after) are listed. The Islamic, Chinese, Hindu and Buddhist holidays, set each year by
 * the government, and every cuti bersama are missing: the final decree replaces this year whole.
 */
export const HOLIDAYS_2027_PROVISIONAL: HolidayYear = {
  year: 2027,
  status: 'PROVISIONAL',
  source:
    'Provisional: the SKB 3 Menteri for 2027 was not at hand. Only dates fixed by law and by the Gregorian Easter computus; Islamic, Imlek, Nyepi and Waisak holidays and every cuti bersama are missing',
  holidays: [
    { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'NATIONAL' },
    { date: '2027-03-26', name: 'Wafat Yesus Kristus', kind: 'NATIONAL' },
    { date: '2027-03-28', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'NATIONAL' },
    { date: '2027-05-01', name: 'Hari Buruh Internasional', kind: 'NATIONAL' },
    { date: '2027-05-06', name: 'Kenaikan Yesus Kristus', kind: 'NATIONAL' },
    { date: '2027-06-01', name: 'Hari Lahir Pancasila', kind: 'NATIONAL' },
    { date: '2027-08-17', name: 'Proklamasi Kemerdekaan', kind: 'NATIONAL' },
    { date: '2027-12-25', name: 'Kelahiran Yesus Kristus', kind: 'NATIONAL' },
  ],
}

/** The calendar the rule set uses unless a caller passes another (the operator's, merged at start-up). */
export const BUILT_IN_HOLIDAY_CALENDAR: HolidayCalendar = holidayCalendar([HOLIDAYS_2025, HOLIDAYS_2026, HOLIDAYS_2027_PROVISIONAL])
