import type { Executor } from '../../db/client.js'
import { checkEligibility, type EligibilityResult, type OtherEnrolment } from '../../rules/eligibility.js'
import type { Month } from '../../rules/month.js'
import type { ProgramRow } from '../programs/programs.service.js'
import type { WorkerFactsRow } from '../workers/workers.service.js'
import { findEnrolmentsOfWorkers, type WorkerEnrolmentRow } from './enrolments.repository.js'

/** When and from which month an enrolment is (or would be) decided. */
export type EligibilityQuestion = { startMonth: Month; enrolledOn: string }

/**
 * The one place where a worker and a programme become the rules module's eligibility input. The eligibility
 * endpoint and enrolment (single and batch) both call it, and every check, BRANCH_ASSIGNED included, is the rules
 * module's: the two paths cannot disagree.
 */
export function judgeEligibility (worker: WorkerFactsRow, program: ProgramRow, q: EligibilityQuestion, others: readonly OtherEnrolment[]): EligibilityResult {
  return checkEligibility({
    worker: {
      birthDate: worker.birthDate,
      sex: worker.sex,
      kecamatanCode: worker.kecamatanCode,
      occupation: worker.occupation,
      desil: worker.desil,
      desilSource: worker.desilSource,
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
      branchByKecamatan: program.branchByKecamatan,
    },
    startMonth: q.startMonth,
    enrolledOn: q.enrolledOn,
    otherEnrolments: others,
  })
}

/**
 * In one pass over the workers' enrolments (findEnrolmentsOfWorkers): who is already enrolled in `programId`, and
 * each worker's enrolments in other programmes, for the overlap check (a batch of 10,000 never rescans the list
 * per worker).
 */
export function enrolmentsByWorker (rows: readonly WorkerEnrolmentRow[], programId: string): { enrolled: Set<string>; others: Map<string, OtherEnrolment[]> } {
  const enrolled = new Set<string>()
  const others = new Map<string, OtherEnrolment[]>()
  for (const r of rows) {
    if (r.programId === programId) {
      enrolled.add(r.workerId)
      continue
    }
    const item = { programCode: r.programCode, startMonth: r.startMonth, endMonth: r.endMonth }
    const list = others.get(r.workerId)
    if (list) list.push(item)
    else others.set(r.workerId, [item])
  }
  return { enrolled, others }
}

/** Eligibility of one worker, loading their enrolments in other programmes. */
export async function eligibilityOf (exec: Executor, worker: WorkerFactsRow, program: ProgramRow, q: EligibilityQuestion): Promise<EligibilityResult> {
  const { others } = enrolmentsByWorker(await findEnrolmentsOfWorkers(exec, [worker.id]), program.id)
  return judgeEligibility(worker, program, q, others.get(worker.id) ?? [])
}
