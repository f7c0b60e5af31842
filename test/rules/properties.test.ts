// Properties every assessment keeps, whatever the facts: amounts are whole, never negative, and the breakdown
// always sums to the amount; a pending assessment pays nothing.
import t from 'tap'
import fc from 'fast-check'
import { assessJkm } from '../../src/rules/jkm.js'
import { assessJkk, type JkkBenefit } from '../../src/rules/jkk.js'
import { assessScholarship } from '../../src/rules/scholarship.js'
import { assessSantunanKematian } from '../../src/rules/santunan.js'
import type { Assessment } from '../../src/rules/assessment.js'
import { addMonths } from '../../src/rules/month.js'
import { dateFromDayNumber, dayNumber } from '../../src/rules/calendar.js'

function wellFormed (a: Assessment): boolean {
  const sum = a.breakdown.reduce((s, l) => s + l.amount, 0)
  return (
    Number.isSafeInteger(a.amount) &&
    a.amount >= 0 &&
    a.breakdown.every((l) => Number.isSafeInteger(l.amount) && l.amount > 0) &&
    sum === a.amount &&
    (a.eligible || a.amount === 0) &&
    (a.pending === undefined || (!a.eligible && a.amount === 0 && a.pending.waitingFor.length > 0)) &&
    a.reasons.length > 0 &&
    a.rulesetVersion === 'ID-BPU-2019.1'
  )
}

const paidArb = fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { maxLength: 24 }).map((o) => o.map((i) => addMonths('2025-01', i)))
const dateArb = (from: string, to: string) => fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(dateFromDayNumber)
const enrolArb = fc.constantFrom(
  [{ startMonth: '2025-01', endMonth: null }],
  [{ startMonth: '2025-03', endMonth: '2025-12' }],
  []
)

t.test('property: JKM amounts are never negative and the breakdown sums to the amount', async (t) => {
  fc.assert(
    fc.property(dateArb('2024-12-01', '2027-01-31'), fc.constantFrom('ILLNESS' as const, 'WORK_ACCIDENT' as const, 'OTHER' as const), paidArb, enrolArb, (dateOfDeath, cause, paidMonths, enrolments) => {
      const a = assessJkm({ dateOfDeath, cause, paidMonths, enrolments })
      return wellFormed(a) && [0, 10_000_000, 42_000_000].includes(a.amount)
    })
  )
  t.pass('holds')
})

const benefitArb: fc.Arbitrary<JkkBenefit> = fc.oneof(
  fc.constant({ type: 'DEATH' as const }),
  fc.constant({ type: 'TOTAL_PERMANENT_DISABILITY' as const }),
  fc.integer({ min: 1, max: 10_000 }).map((bp) => ({ type: 'PARTIAL_DISABILITY' as const, disabilityPercent: bp / 100 })),
  fc.record({ incapacityMonths: fc.integer({ min: 0, max: 60 }), fromMonthNumber: fc.integer({ min: 1, max: 30 }) }).map((r) => ({ type: 'TEMPORARY_INCAPACITY' as const, ...r })),
  fc.integer({ min: 0, max: 1_000_000_000 }).map((actualCost) => ({ type: 'MEDICAL' as const, actualCost })),
  fc.record({ actualCost: fc.integer({ min: 0, max: 50_000_000 }), mode: fc.constantFrom('LAND' as const, 'SEA' as const, 'AIR' as const) }).map((r) => ({ type: 'TRANSPORT' as const, ...r }))
)

t.test('property: JKK amounts are never negative and the breakdown sums to the amount', async (t) => {
  fc.assert(
    fc.property(
      dateArb('2024-12-01', '2026-12-31'),
      fc.integer({ min: -5, max: 2_200 }),
      fc.integer({ min: 0, max: 20_000_000 }),
      paidArb,
      enrolArb,
      benefitArb,
      (accidentDate, claimOffset, declaredIncome, paidMonths, enrolments, benefit) => {
        const claimDate = dateFromDayNumber(dayNumber(accidentDate) + claimOffset)
        const a = assessJkk({ accidentDate, claimDate, declaredIncome, paidMonths, enrolments, benefit })
        const transportCapped = benefit.type !== 'TRANSPORT' || a.amount <= 10_000_000
        return wellFormed(a) && transportCapped
      }
    )
  )
  t.pass('holds')
})

t.test('property: scholarship amounts are never negative, sum to the amount, and stay under Rp174,000,000', async (t) => {
  const childArb = fc.record({
    birthDate: dateArb('2000-01-01', '2026-01-01'),
    married: fc.boolean(),
    working: fc.boolean(),
    level: fc.constantFrom(null, 'TK' as const, 'SD' as const, 'SMP' as const, 'SMA' as const, 'PT' as const),
  })
  fc.assert(
    fc.property(fc.constantFrom('JKM' as const, 'JKK' as const), fc.integer({ min: 0, max: 120 }), fc.array(childArb, { maxLength: 6 }), (scheme, contributionMonths, children) => {
      const a = assessScholarship({ scheme, contributionMonths, asOf: '2026-06-01', children })
      return (
        wellFormed(a) &&
        a.breakdown.length <= 2 &&
        a.children.filter((c) => c.selected).length === a.breakdown.length &&
        a.maxTotal <= 174_000_000 &&
        a.maxTotal >= a.amount
      )
    })
  )
  t.pass('holds')
})

t.test('property: santunan kematian pays Rp3,000,000 or nothing, with a consistent breakdown', async (t) => {
  fc.assert(
    fc.property(
      dateArb('2025-01-01', '2027-10-31'),
      fc.integer({ min: -3, max: 90 }),
      fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
      fc.constantFrom('367101', '367113', '360301'),
      fc.subarray(['SUICIDE', 'DEATH_PENALTY', 'CRIMINAL_SENTENCE_OVER_1_YEAR', 'NARCOTICS', 'NATURAL_DISASTER'] as const),
      fc.boolean(),
      (dateOfDeath, offset, desil, kecamatanCode, exclusions, meetsPovertyCriteria) => {
        const applicationDate = dateFromDayNumber(dayNumber(dateOfDeath) + offset)
        const a = assessSantunanKematian({
          dateOfDeath,
          applicationDate,
          kecamatanCode,
          desil,
          desilSource: desil === null ? null : 'DTSEN',
          exclusions,
          meetsPovertyCriteria,
        })
        // Paid only in time: on or before the deadline (the earliest it can be when it crossed a provisional year).
        const inTime = offset >= 0 && a.applicationDeadline !== null && applicationDate <= a.applicationDeadline
        // Pending only on holiday data that is not final yet.
        const pendingOnData = a.pending === undefined || a.calendar.provisionalYears.length + a.calendar.missingYears.length > 0
        return wellFormed(a) && [0, 3_000_000].includes(a.amount) && (!a.eligible || (inTime && exclusions.length === 0)) && pendingOnData
      }
    )
  )
  t.pass('holds')
})
