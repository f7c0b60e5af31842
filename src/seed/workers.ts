import { randomUUID } from 'node:crypto'
import type { Db } from '../db/client.js'
import { systemContext, type RequestContext } from '../lib/context.js'
import { recordAudit } from '../modules/audit/audit.service.js'
import { upsertWorkers, UPSERT_CHUNK, type UpsertRecord } from '../modules/workers/workers.repository.js'
import type { ImportRowInput } from '../modules/workers/workers.schemas.js'
import { toUpsertRecord } from '../modules/workers/workers.service.js'
import { dateFromDayNumber, dayNumber } from '../rules/calendar.js'
import { buildNik, type Sex } from '../rules/nik.js'
import type { Occupation } from '../rules/occupations.js'
import { KOTA_TANGERANG_KECAMATAN } from '../rules/regions.js'

/**
 * Synthetic workers for demos and benchmarks: realistic in shape (valid NIKs, Kota Tangerang's kecamatan and
 * kelurahan, the programme's occupations, desil 1–6 from DTKS or DTSEN with recent periods, households sharing
 * a KK number and address) and reproducible: the same seed and count always give the same people. Nobody in it
 * is real. Ages are drawn against a fixed date, never the clock.
 */

/** The default seed: the programme's launch date. */
export const DEMO_SEED = 20250324

/** The date ages are drawn against: the start of the 2025 programme. */
const REFERENCE_DAY = dayNumber('2025-03-01')

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; enough for synthetic data, never for secrets. */
export function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const MALE_NAMES = [
  'Agus', 'Ahmad', 'Andi', 'Asep', 'Bambang', 'Budi', 'Dedi', 'Dodi', 'Eko', 'Fajar', 'Hadi', 'Hendra', 'Imam', 'Iwan',
  'Joko', 'Junaedi', 'Kurniawan', 'Maman', 'Muhammad', 'Mulyadi', 'Nanang', 'Rahmat', 'Rizki', 'Rudi', 'Slamet', 'Sugianto',
  'Supriyadi', 'Suryadi', 'Taufik', 'Teguh', 'Ujang', 'Wahyu', 'Yanto', 'Yusuf', 'Zainal', 'Ade', 'Dadang', 'Engkos', 'Herman', 'Sarip',
]
const FEMALE_NAMES = [
  'Ani', 'Ayu', 'Dewi', 'Dian', 'Endang', 'Eni', 'Fitri', 'Ika', 'Indah', 'Kartini', 'Lina', 'Lilis', 'Mariam', 'Nining',
  'Nur', 'Nurhayati', 'Popon', 'Puji', 'Ratna', 'Rina', 'Rini', 'Rohmah', 'Sari', 'Siti', 'Sri', 'Sumiati', 'Suryani', 'Tuti',
  'Wati', 'Yani', 'Yuli', 'Euis', 'Neneng', 'Aminah', 'Halimah', 'Juju', 'Maesaroh', 'Oom', 'Tati', 'Umi',
]
const SECOND_NAMES = [
  'Hidayat', 'Setiawan', 'Saputra', 'Wijaya', 'Santoso', 'Susanto', 'Kurniasih', 'Rahayu', 'Lestari', 'Permana', 'Nugraha',
  'Pratama', 'Hasanah', 'Maulana', 'Ramdani', 'Sulaeman', 'Sopian', 'Firmansyah', 'Gunawan', 'Hermawan', 'Purnama', 'Suherman',
  'Wahyudi', 'Rohim', 'Syamsudin', 'Fauzi', 'Hakim', 'Aminah', 'Fatimah', 'Komariah', 'Nasution', 'Siregar', 'Simanjuntak',
  'Lubis', 'Harahap', 'Tanjung', 'Sembiring', 'Ginting', 'Manurung', 'Pohan', 'Kusuma', 'Handayani', 'Utami', 'Safitri', 'Sumarni',
]
const STREETS = [
  'Melati', 'Mawar', 'Kenanga', 'Anggrek', 'Dahlia', 'Flamboyan', 'Cempaka', 'Teratai', 'Kamboja', 'Nusa Indah', 'Merdeka',
  'Pahlawan', 'KH Hasyim Ashari', 'Imam Bonjol', 'Gatot Subroto', 'Daan Mogot', 'Maulana Hasanudin', 'Perintis Kemerdekaan',
  'Benteng Betawi', 'Moh. Toha', 'Otista', 'Veteran', 'Kisamaun', 'Raya Pinang', 'Raya Cipondoh', 'Gelatik', 'Cendrawasih',
]
/** Kota Tangerang's 104 kelurahan by kecamatan. */
const KELURAHAN: Readonly<Record<string, readonly string[]>> = {
  367101: ['Babakan', 'Buaran Indah', 'Cikokol', 'Kelapa Indah', 'Sukaasih', 'Sukarasa', 'Sukasari', 'Tanah Tinggi'],
  367102: ['Alam Jaya', 'Gandasari', 'Jatake', 'Keroncong', 'Manis Jaya', 'Pasir Jaya'],
  367103: ['Batuceper', 'Batujaya', 'Batusari', 'Kebon Besar', 'Poris Gaga', 'Poris Gaga Baru', 'Poris Jaya'],
  367104: ['Belendung', 'Benda', 'Jurumudi', 'Jurumudi Baru', 'Pajang'],
  367105: ['Cipondoh', 'Cipondoh Indah', 'Cipondoh Makmur', 'Gondrong', 'Kenanga', 'Ketapang', 'Petir', 'Poris Plawad', 'Poris Plawad Indah', 'Poris Plawad Utara'],
  367106: ['Paninggilan', 'Paninggilan Utara', 'Parung Serab', 'Sudimara Barat', 'Sudimara Jaya', 'Sudimara Selatan', 'Sudimara Timur', 'Tajur'],
  367107: ['Bojong Jaya', 'Bugel', 'Cimone', 'Cimone Jaya', 'Gerendeng', 'Karawaci', 'Karawaci Baru', 'Koang Jaya', 'Margasari', 'Nambo Jaya', 'Nusa Jaya', 'Pabuaran', 'Pabuaran Tumpeng', 'Pasar Baru', 'Sukajadi', 'Sumur Pancing'],
  367108: ['Gebang Raya', 'Gembor', 'Periuk', 'Periuk Jaya', 'Sangiang Jaya'],
  367109: ['Cibodas', 'Cibodas Baru', 'Cibodasari', 'Jatiuwung', 'Panunggangan Barat', 'Uwung Jaya'],
  367110: ['Karang Anyar', 'Karang Sari', 'Kedaung Baru', 'Kedaung Wetan', 'Mekarsari', 'Neglasari', 'Selapajang Jaya'],
  367111: ['Cipete', 'Kunciran', 'Kunciran Indah', 'Kunciran Jaya', 'Nerogtog', 'Pakojan', 'Panunggangan', 'Panunggangan Timur', 'Panunggangan Utara', 'Pinang', 'Sudimara Pinang'],
  367112: ['Karang Mulya', 'Karang Tengah', 'Karang Timur', 'Parung Jaya', 'Pedurenan', 'Pondok Bahar', 'Pondok Pucung'],
  367113: ['Cipadu', 'Cipadu Jaya', 'Gaga', 'Kreo', 'Kreo Selatan', 'Larangan Indah', 'Larangan Selatan', 'Larangan Utara'],
}
/** Where NIKs of people who moved to the city were first issued (Kabupaten Tangerang, Jakarta, West Java, Central Java, Lampung). */
const MIGRANT_NIK_KECAMATAN = ['360305', '360311', '360320', '317301', '317405', '320116', '327501', '330215', '331801', '180510']
/** Weight per occupation: mostly casual labourers, traders and drivers. Women are rarer in the first six. */
const OCCUPATION_WEIGHTS: ReadonlyArray<readonly [Occupation, number, number]> = [
  ['TUKANG_OJEK', 14, 0.05],
  ['SOPIR_ANGKUTAN_UMUM', 7, 0.03],
  ['JURU_PARKIR', 7, 0.1],
  ['NELAYAN', 3, 0.1],
  ['PETANI', 4, 0.3],
  ['BURUH_HARIAN', 20, 0.3],
  ['PEDAGANG_KECIL', 15, 0.55],
  ['PEDAGANG_ASONGAN', 8, 0.4],
  ['PETUGAS_KEBERSIHAN', 8, 0.45],
  ['PEKERJA_LINGKUNGAN', 6, 0.35],
  ['PEKERJA_DISABILITAS', 3, 0.4],
]
const DESIL_WEIGHTS: ReadonlyArray<readonly [number, number]> = [[1, 25], [2, 25], [3, 20], [4, 15], [5, 10], [6, 5]]
const DTKS_PERIODS = ['2024-06', '2024-09', '2024-12', '2025-01', '2025-02']
const DTSEN_PERIODS = ['2025-04', '2025-07', '2025-10']
const PHONE_PREFIXES = ['0812', '0813', '0821', '0822', '0852', '0853', '0857', '0858', '0877', '0878', '0895', '0896', '0899']

function weighted<T> (rand: () => number, items: ReadonlyArray<readonly [T, number, ...unknown[]]>): readonly [T, number, ...unknown[]] {
  const total = items.reduce((s, i) => s + i[1], 0)
  let x = rand() * total
  for (const item of items) {
    x -= item[1]
    if (x < 0) return item
  }
  return items[items.length - 1]!
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
const digits = (rand: () => number, n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('')

function nameFor (rand: () => number, sex: Sex): string {
  const first = pick(rand, sex === 'F' ? FEMALE_NAMES : MALE_NAMES)
  const r = rand()
  if (r < 0.3) return first
  if (r < 0.85) return `${first} ${pick(rand, SECOND_NAMES)}`
  return `${first} ${pick(rand, sex === 'F' ? FEMALE_NAMES : MALE_NAMES)} ${pick(rand, SECOND_NAMES)}`
}

/** `count` synthetic workers, the same ones for the same seed. NIKs are unique within one run. */
export function * generateDemoWorkers (opts: { count: number; seed?: number }): Generator<ImportRowInput> {
  const rand = prng(opts.seed ?? DEMO_SEED)
  const niks = new Set<string>()
  let household: { kkNumber: string; address: string; kecamatanCode: string; kelurahan: string } | undefined
  for (let i = 0; i < opts.count; i++) {
    // a quarter of workers share a household (KK, address) with the one before: spouses, grown-up children
    if (household === undefined || rand() >= 0.25) {
      const kec = pick(rand, KOTA_TANGERANG_KECAMATAN).code
      const issued = dateFromDayNumber(dayNumber('2005-01-01') + Math.floor(rand() * 7300))
      household = {
        kkNumber: `${kec}${issued.slice(8, 10)}${issued.slice(5, 7)}${issued.slice(2, 4)}${String(1 + Math.floor(rand() * 9999)).padStart(4, '0')}`,
        address: `Jl. ${pick(rand, STREETS)} No. ${1 + Math.floor(rand() * 120)}, RT ${String(1 + Math.floor(rand() * 12)).padStart(3, '0')}/RW ${String(1 + Math.floor(rand() * 9)).padStart(3, '0')}`,
        kecamatanCode: kec,
        kelurahan: pick(rand, KELURAHAN[kec] ?? ['']),
      }
    }
    const [occupation, , femaleShare] = weighted(rand, OCCUPATION_WEIGHTS) as readonly [Occupation, number, number]
    const sex: Sex = rand() < femaleShare ? 'F' : 'M'
    // ages 17–70 on the reference date: a few fall outside a programme's 18–65, as in real lists
    const birthDate = dateFromDayNumber(REFERENCE_DAY - Math.floor((17 + rand() * 53) * 365.25))
    const nikKecamatan = rand() < 0.85 ? household.kecamatanCode : pick(rand, MIGRANT_NIK_KECAMATAN)
    let serial = 1 + Math.floor(rand() * 9999)
    let nik = buildNik({ kecamatan: nikKecamatan, birthDate, sex, serial })
    while (niks.has(nik)) {
      serial = (serial % 9999) + 1
      nik = buildNik({ kecamatan: nikKecamatan, birthDate, sex, serial })
    }
    niks.add(nik)
    const desil = weighted(rand, DESIL_WEIGHTS)[0]
    const dtsen = rand() < 0.4
    yield {
      nik,
      kkNumber: household.kkNumber,
      name: nameFor(rand, sex),
      birthDate,
      sex,
      address: household.address,
      kecamatanCode: household.kecamatanCode,
      kelurahan: household.kelurahan,
      phone: rand() < 0.85 ? `${pick(rand, PHONE_PREFIXES)}${digits(rand, 7 + Math.floor(rand() * 2))}` : null,
      occupation,
      disability: occupation === 'PEKERJA_DISABILITAS' || rand() < 0.02,
      desil,
      desilSource: dtsen ? 'DTSEN' : 'DTKS',
      desilPeriod: pick(rand, dtsen ? DTSEN_PERIODS : DTKS_PERIODS),
    }
  }
}

export type SeedWorkersResult = { created: number; updated: number; unchanged: number; ms: number }

/**
 * Writes the synthetic workers through the import's own set-based upsert, UPSERT_CHUNK rows per statement and
 * transaction (a million rows never sit in one transaction), then one summary audit event. Running it again
 * with the same seed changes nothing.
 */
export async function seedDemoWorkers (
  db: Db,
  opts: { count: number; seed?: number; onProgress?: (done: number) => void; ctx?: RequestContext }
): Promise<SeedWorkersResult> {
  const ctx = opts.ctx ?? systemContext('seed-demo')
  const started = performance.now()
  let created = 0
  let updated = 0
  let done = 0
  let chunk: UpsertRecord[] = []
  const flush = async () => {
    const counts = await db.transaction((tx) => upsertWorkers(tx, chunk, ctx.at))
    created += counts.created
    updated += counts.updated
    done += chunk.length
    chunk = []
    opts.onProgress?.(done)
  }
  for (const worker of generateDemoWorkers(opts)) {
    chunk.push(toUpsertRecord(worker))
    if (chunk.length === UPSERT_CHUNK) await flush()
  }
  if (chunk.length > 0) await flush()
  const result = { created, updated, unchanged: done - created - updated }
  await recordAudit(db, ctx, {
    action: 'worker-import.completed',
    entityType: 'worker-import',
    entityId: randomUUID(),
    after: { format: 'demo-seed', received: done, ...result, rejected: 0, seed: opts.seed ?? DEMO_SEED },
  })
  return { ...result, ms: Math.round(performance.now() - started) }
}
