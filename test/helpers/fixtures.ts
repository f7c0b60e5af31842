import type { CreateProgramInput } from '../../src/modules/programs/programs.schemas.js'
import type { CreateWorkerInput } from '../../src/modules/workers/workers.schemas.js'
import { buildNik } from '../../src/rules/nik.js'
import { DEMO_PROGRAM } from '../../src/seed/demo.js'

/** The Kota Tangerang 2025 programme, with a code of the test's choosing. */
export function programInput (overrides: Partial<CreateProgramInput> = {}): CreateProgramInput {
  return { ...DEMO_PROGRAM, ...overrides }
}

let workerSerial = 0

/**
 * A valid worker for POST /v1/workers: a NIK built for its birth date and sex, a name of its own (so no test
 * meets a possible duplicate it did not ask for). Override any field; the NIK follows birthDate and sex unless given.
 */
export function workerInput (overrides: Partial<CreateWorkerInput> = {}): CreateWorkerInput {
  workerSerial++
  const birthDate = overrides.birthDate ?? '1990-07-05'
  const sex = overrides.sex ?? 'F'
  return {
    nik: buildNik({ kecamatan: '367101', birthDate, sex, serial: ((workerSerial - 1) % 9999) + 1 }),
    kkNumber: `36710101011000${String(workerSerial % 100).padStart(2, '0')}`,
    name: `Pekerja Uji ${workerSerial}`,
    birthDate,
    sex,
    address: `Jl. Melati No. ${workerSerial}, RT 001/RW 002`,
    kecamatanCode: '367101',
    kelurahan: 'Sukarasa',
    phone: '081234567890',
    occupation: 'PEDAGANG_KECIL',
    desil: 2,
    desilSource: 'DTKS',
    desilPeriod: '2025-01',
    ...overrides,
  }
}
