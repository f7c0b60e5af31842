import type { Executor } from '../../db/client.js'
import { checkEligibility, type EligibilityResult } from '../../rules/eligibility.js'
import type { Month } from '../../rules/month.js'
import type { ProgramRow } from '../programs/programs.repository.js'
import type { WorkerRow } from '../workers/workers.repository.js'
import { findOtherEnrolments, type OtherEnrolmentRow } from './enrolments.repository.js'

/**
 * The one place where a worker and a programme become the rules module's eligibility input, so the eligibility
 * endpoint and enrolment judge exactly alike. Other enrolments are those in other programmes, for the overlap check.
 */
export function judgeEligibility(worker: WorkerRow, program: ProgramRow, startMonth: Month, others: OtherEnrolmentRow[]): EligibilityResult {
  return checkEligibility({
    worker: {
      birthDate: worker.birthDate,
      sex: worker.sex as 'M' | 'F',
      kecamatanCode: worker.kecamatanCode,
      occupation: worker.occupation,
      desil: worker.desil,
      desilSource: worker.desilSource as 'DTKS' | 'DTSEN',
      desilPeriod: worker.desilPeriod,
      dateOfDeath: worker.dateOfDeath,
      wageEarner: worker.wageEarner,
    },
    programme: {
      code: program.code,
      regionCode: program.regionCode,
      maxDesil: program.maxDesil,
      occupations: program.occupations,
      minAge: program.minAge,
      maxAge: program.maxAge,
      startMonth: program.startMonth,
      endMonth: program.endMonth,
      desilMaxAgeMonths: program.desilMaxAgeMonths,
    },
    startMonth,
    otherEnrolments: others.filter((o) => o.workerId === worker.id).map((o) => ({ programCode: o.programCode, startMonth: o.startMonth, endMonth: o.endMonth })),
  })
}

/** Eligibility of one worker, loading their enrolments in other programmes. */
export async function eligibilityOf(exec: Executor, worker: WorkerRow, program: ProgramRow, startMonth: Month): Promise<EligibilityResult> {
  return judgeEligibility(worker, program, startMonth, await findOtherEnrolments(exec, program.id, [worker.id]))
}
