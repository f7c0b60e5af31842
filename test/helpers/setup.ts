import type { App } from '../../src/app.js'
import type { CreateWorkerInput } from '../../src/modules/workers/workers.schemas.js'
import type { CreateProgramInput } from '../../src/modules/programs/programs.schemas.js'
import { bearer } from './app.js'
import { programInput, workerInput } from './fixtures.js'

let programSerial = 0

/** Creates a programme through the API (a unique code unless given) and returns its code. */
export async function createProgram (app: App, adminKey: string, overrides: Partial<CreateProgramInput> = {}): Promise<string> {
  const code = overrides.code ?? `T-${process.pid % 1000}-${++programSerial}`
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(adminKey), payload: programInput({ ...overrides, code }) })
  if (res.statusCode !== 201) throw new Error(`createProgram: ${res.statusCode} ${res.body}`)
  return code
}

/** Creates workers through the API and returns their ids, in order. */
export async function createWorkers (app: App, key: string, n: number, overrides: Partial<CreateWorkerInput> = {}): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const res = await app.inject({ method: 'POST', url: '/v1/workers', headers: bearer(key), payload: workerInput(overrides) })
    if (res.statusCode !== 201) throw new Error(`createWorker: ${res.statusCode} ${res.body}`)
    ids.push(res.json().id)
  }
  return ids
}

/** The Rupiah budget that buys exactly `places` full-period places at Rp16,800 × 10 months. */
export const budgetFor = (places: number) => places * 16_800 * 10
