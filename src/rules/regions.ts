/**
 * Regions as data: Kota Tangerang (3671, province Banten 36) and its 13 kecamatan (Kepmendagri 300.2.2-2138/2025),
 * and the BPJS Ketenagakerjaan branches the city works with. Which branch serves which kecamatan is programme data
 * (`branchByKecamatan`), never code.
 */
export const PROVINCE_BANTEN = '36'
export const REGION_KOTA_TANGERANG = '3671'

export interface Kecamatan {
  readonly code: string;
  readonly name: string;
}

export const KOTA_TANGERANG_KECAMATAN: readonly Kecamatan[] = [
  { code: '367101', name: 'Tangerang' },
  { code: '367102', name: 'Jatiuwung' },
  { code: '367103', name: 'Batuceper' },
  { code: '367104', name: 'Benda' },
  { code: '367105', name: 'Cipondoh' },
  { code: '367106', name: 'Ciledug' },
  { code: '367107', name: 'Karawaci' },
  { code: '367108', name: 'Periuk' },
  { code: '367109', name: 'Cibodas' },
  { code: '367110', name: 'Neglasari' },
  { code: '367111', name: 'Pinang' },
  { code: '367112', name: 'Karang Tengah' },
  { code: '367113', name: 'Larangan' },
]

/** Region code (4 digits) → its kecamatan. */
export const KECAMATAN_BY_REGION: Readonly<Record<string, readonly Kecamatan[]>> = {
  [REGION_KOTA_TANGERANG]: KOTA_TANGERANG_KECAMATAN,
}

/** The region code of a known region, with its name. */
export const REGION_NAMES: Readonly<Record<string, string>> = {
  [REGION_KOTA_TANGERANG]: 'Kota Tangerang',
}

/** The kecamatan of a region, or undefined when the region is not listed here. */
export function kecamatanOf (regionCode: string): readonly Kecamatan[] | undefined {
  return Object.hasOwn(KECAMATAN_BY_REGION, regionCode) ? KECAMATAN_BY_REGION[regionCode] : undefined
}

/**
 * True when the 6-digit kecamatan code belongs to the region. For a listed region the code must be one of its
 * kecamatan; for a region not listed here (another payer's programme) the code must be 6 digits starting with the
 * region code.
 */
export function kecamatanInRegion (kecamatanCode: string, regionCode: string): boolean {
  const listed = kecamatanOf(regionCode)
  if (listed !== undefined) return listed.some((k) => k.code === kecamatanCode)
  return /^\d{4}$/.test(regionCode) && /^\d{6}$/.test(kecamatanCode) && kecamatanCode.startsWith(regionCode)
}

/** The name of a listed kecamatan ('367105' → 'Cipondoh'), or undefined. */
export function kecamatanName (kecamatanCode: string): string | undefined {
  for (const list of Object.values(KECAMATAN_BY_REGION)) {
    const found = list.find((k) => k.code === kecamatanCode)
    if (found !== undefined) return found.name
  }
  return undefined
}

/** The BPJS Ketenagakerjaan branches with agreements (Cimone since March 2025; Cikokol and Batu Ceper from January 2026). */
export const BRANCH_CODES = ['CIMONE', 'CIKOKOL', 'BATUCEPER'] as const
export type BranchCode = (typeof BRANCH_CODES)[number]

export function isBranchCode (s: string): s is BranchCode {
  return (BRANCH_CODES as readonly string[]).includes(s)
}

/**
 * The branch serving a kecamatan under a programme's `branchByKecamatan` mapping, or null when the mapping has no
 * valid branch for it (the mapping is programme data).
 */
export function branchForKecamatan (
  branchByKecamatan: Readonly<Record<string, string>>,
  kecamatanCode: string
): BranchCode | null {
  const branch = Object.hasOwn(branchByKecamatan, kecamatanCode) ? branchByKecamatan[kecamatanCode] : undefined
  return branch !== undefined && isBranchCode(branch) ? branch : null
}
