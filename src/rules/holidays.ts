/**
 * Indonesian national public holidays (hari libur nasional) and cuti bersama, as data.
 * 2025: SKB 3 Menteri 1017/2024 · 2/2024 · 2/2024 as amended by 933/2025 · 1/2025 · 3/2025 (adds cuti bersama
 * 18 August 2025). 2026: SKB 3 Menteri 1497/2025 · 2/2025 · 5/2025 (17 holidays, 8 cuti bersama).
 * Weekend entries are kept for completeness; working-day counts skip weekends anyway.
 * Dates after 2026 are not listed: a count that runs past 2026-12-31 sees only weekends until a new list is added.
 */
export type HolidayKind = 'NATIONAL' | 'CUTI_BERSAMA';

export interface Holiday {
  readonly date: string;
  readonly name: string;
  readonly kind: HolidayKind;
}

export const INDONESIAN_HOLIDAYS_2025_2026: readonly Holiday[] = [
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
];

/** Just the dates, for working-day functions. */
export const INDONESIAN_HOLIDAY_DATES_2025_2026: readonly string[] = INDONESIAN_HOLIDAYS_2025_2026.map((h) => h.date);
