/**
 * Canonical occupation codes for the informal workers the Kota Tangerang programme names. A programme lists the
 * codes it accepts (`occupations`), so another payer can accept a different set.
 */
export const OCCUPATIONS = [
  'NELAYAN',
  'PETANI',
  'TUKANG_OJEK',
  'BURUH_HARIAN',
  'SOPIR_ANGKUTAN_UMUM',
  'JURU_PARKIR',
  'PEKERJA_DISABILITAS',
  'PEDAGANG_ASONGAN',
  'PEDAGANG_KECIL',
  'PETUGAS_KEBERSIHAN',
  'PEKERJA_LINGKUNGAN',
] as const

export type Occupation = (typeof OCCUPATIONS)[number]

/** Indonesian labels, for people reading an export. */
export const OCCUPATION_LABELS: Readonly<Record<Occupation, string>> = {
  NELAYAN: 'Nelayan',
  PETANI: 'Petani',
  TUKANG_OJEK: 'Tukang ojek',
  BURUH_HARIAN: 'Buruh harian',
  SOPIR_ANGKUTAN_UMUM: 'Sopir angkutan umum',
  JURU_PARKIR: 'Juru parkir',
  PEKERJA_DISABILITAS: 'Pekerja disabilitas',
  PEDAGANG_ASONGAN: 'Pedagang asongan',
  PEDAGANG_KECIL: 'Pedagang kecil',
  PETUGAS_KEBERSIHAN: 'Petugas kebersihan',
  PEKERJA_LINGKUNGAN: 'Pekerja lingkungan',
}

export function isOccupation (s: string): s is Occupation {
  return (OCCUPATIONS as readonly string[]).includes(s)
}
