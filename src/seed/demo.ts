import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client.js'
import { systemContext, type RequestContext } from '../lib/context.js'
import { seedDemoTahap } from './claims.js'
import { seedDemoWorkers } from './workers.js'
import type { ClaimService } from '../modules/claims/claims.service.js'
import type { ProgramService } from '../modules/programs/programs.service.js'
import type { WorkerService } from '../modules/workers/workers.service.js'
import type { CreateProgramInput } from '../modules/programs/programs.schemas.js'
import { OCCUPATIONS } from '../rules/occupations.js'
import { KECAMATAN_BY_REGION } from '../rules/regions.js'

/**
 * Kota Tangerang 2025 as reported (DOMAIN.md): Rp999,936,000 for 5,952 workers at Rp16,800 a month,
 * March–December 2025, DTKS desil 1–4, launched with BPJS branch Cimone for every kecamatan.
 * Age limits are not settled in any public source: 18–65 is this demo's choice, a programme parameter.
 */
export const DEMO_PROGRAM: CreateProgramInput = {
  code: 'TNG-2025',
  name: 'Perlindungan Pekerja Rentan Kota Tangerang 2025',
  regionCode: '3671',
  startMonth: '2025-03',
  endMonth: '2025-12',
  budget: 999_936_000,
  contribution: { jkk: 10_000, jkm: 6_800 },
  maxDesil: 4,
  desilMaxAgeMonths: 12,
  occupations: [...OCCUPATIONS],
  minAge: 18,
  maxAge: 65,
  branchByKecamatan: Object.fromEntries((KECAMATAN_BY_REGION['3671'] ?? []).map((k) => [k.code, 'CIMONE'])),
}

export async function seedDemoPrograms (services: { programs: ProgramService }, ctx: RequestContext = systemContext('seed-demo')): Promise<number> {
  if (await services.programs.find(DEMO_PROGRAM.code)) return 0
  await services.programs.create(ctx, DEMO_PROGRAM)
  return 1
}

/** How many synthetic workers the first start of an empty embedded database writes. */
export const FIRST_START_DEMO_WORKERS = 1_000

/** First start of an empty embedded database: give a newcomer real data to look at in Swagger UI. */
export async function seedDemoIfEmpty (
  services: { programs: ProgramService; workers: WorkerService; claims: ClaimService },
  db: Db,
  log: FastifyBaseLogger,
  ctx: RequestContext
): Promise<void> {
  const page = await services.programs.list({ limit: 1 })
  if (page.items.length > 0) return
  await seedDemoPrograms(services, ctx)
  const workers = await seedDemoWorkers(db, { count: FIRST_START_DEMO_WORKERS, ctx })
  const claims = await seedDemoTahap(services, ctx)
  log.info({ workers: workers.created, claims }, 'seeded demo programme TNG-2025, synthetic workers and santunan tahap 2025-I into the empty embedded database')
}
