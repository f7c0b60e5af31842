/**
 * JKM (Jaminan Kematian): death not caused by a work accident, PP 82/2019.
 * Full benefit (lump sum + periodic + funeral, Rp42,000,000) once the waiting period of the death's run is met;
 * the early-death benefit (Rp10,000,000) within it; nothing when the day was not covered or the death was a work
 * accident (that is a JKK claim). A death in a month not paid yet is pending. JKM claims do not expire while the
 * death happened during active membership, so there is no claim-date check.
 */
import { addWorkingDays, type WorkingDateOutcome } from './workdays.js'
import type { HolidayCalendar } from './holidays.js'
import { formatRupiah } from './money.js'
import { coverageOn, type Coverage, type EnrolmentPeriod } from './coverage.js'
import { notPayable, payable, pendingAssessment, type Assessment } from './assessment.js'
import type { Month } from './month.js'
import { CURRENT_RULESET, type RuleSet } from './ruleset.js'

export type DeathCause = 'ILLNESS' | 'WORK_ACCIDENT' | 'OTHER'

export interface JkmInput {
  readonly dateOfDeath: string;
  readonly cause: DeathCause;
  readonly paidMonths: readonly Month[];
  readonly enrolments: readonly EnrolmentPeriod[];
}

export interface JkmAssessment extends Assessment {
  readonly coverage: Coverage;
}

export function assessJkm (input: JkmInput, ruleset: RuleSet = CURRENT_RULESET): JkmAssessment {
  const coverage = coverageOn(
    { date: input.dateOfDeath, paidMonths: input.paidMonths, enrolments: input.enrolments },
    ruleset
  )
  const v = ruleset.version
  const done = (a: Assessment): JkmAssessment => ({ ...a, coverage })

  if (input.cause === 'WORK_ACCIDENT') {
    return done(notPayable(['a death caused by a work accident is a JKK claim, not JKM'], v))
  }
  if (coverage.status === 'NOT_COVERED') {
    return done(notPayable([`the day of death ${input.dateOfDeath} was not covered`, ...coverage.reasons], v))
  }
  if (coverage.status === 'PENDING') {
    return done(
      pendingAssessment(`payment of the contribution for ${coverage.month}`, [
        `the day of death ${input.dateOfDeath} falls in ${coverage.month}, which is not paid yet; the claim is assessed again once it is`,
      ], v)
    )
  }
  const j = ruleset.jkm
  if (coverage.jkmWaitingPeriodMet) {
    return done(
      payable(
        [
          { component: 'LUMP_SUM', amount: j.lumpSum },
          { component: 'PERIODIC', amount: j.periodic },
          { component: 'FUNERAL', amount: j.funeral },
        ],
        [
          `death on ${input.dateOfDeath} is on or after ${coverage.jkmWaitingPeriodEnds}, the end of the JKM waiting period of the run starting ${coverage.run?.firstMonth}: the full benefit is due`,
        ],
        v
      )
    )
  }
  return done(
    payable(
      [{ component: 'EARLY_DEATH', amount: j.earlyDeath }],
      [
        `death on ${input.dateOfDeath} is before ${coverage.jkmWaitingPeriodEnds}, the end of the JKM waiting period of the run starting ${coverage.run?.firstMonth}: the early-death benefit of ${formatRupiah(j.earlyDeath)} is due`,
      ],
      v
    )
  )
}

/**
 * The date BPJS should have paid a complete JKM claim by: 3 working days after it was complete. Explicit when a year
 * it needs has no holiday data, and names a provisional year it crossed (the date may then move later).
 */
export function jkmPaymentDueDate (completeOn: string, holidays?: HolidayCalendar, ruleset: RuleSet = CURRENT_RULESET): WorkingDateOutcome {
  return addWorkingDays(completeOn, ruleset.jkm.paymentWithinWorkingDays, holidays ?? ruleset.holidays)
}
