import type { CreateProgramInput } from '../../src/modules/programs/programs.schemas.js'
import { DEMO_PROGRAM } from '../../src/seed/demo.js'

/** The Kota Tangerang 2025 programme, with a code of the test's choosing. */
export function programInput(overrides: Partial<CreateProgramInput> = {}): CreateProgramInput {
  return { ...DEMO_PROGRAM, ...overrides }
}
