import t from 'tap'
import fc from 'fast-check'
import {
  budgetPosition,
  contributionDueDate,
  declaredIncomeFor,
  defaultContribution,
  fitsBudget,
  jkkContributionFor,
  monthInProgramme,
  monthlyContribution,
  programMonths,
  quota,
  remainingBudget,
  monthsCoveredByRemaining,
  reservationCost,
  enrolmentCost,
} from '../../src/rules/contribution.js'
import { addMonths } from '../../src/rules/month.js'
import { RULESET_ID_BPU_2019_1 } from '../../src/rules/ruleset.js'

const KOTA_TANGERANG_2025 = {
  budget: 999_936_000,
  contribution: { jkk: 10_000, jkm: 6_800 },
  startMonth: '2025-03',
  endMonth: '2025-12',
}

t.test('one worker costs Rp16,800 a month: JKK Rp10,000 (1% of Rp1,000,000) + JKM Rp6,800', async (t) => {
  t.equal(monthlyContribution({ jkk: 10_000, jkm: 6_800 }), 16_800)
  t.same(defaultContribution(), { jkk: 10_000, jkm: 6_800 })
  t.equal(jkkContributionFor(1_000_000), 10_000)
  t.equal(jkkContributionFor(2_500_000), 25_000)
  t.equal(declaredIncomeFor(10_000), 1_000_000)
  t.throws(() => monthlyContribution({ jkk: 10_000.5, jkm: 6_800 }), RangeError, 'a float contribution is refused')
})

t.test('the 2026 half-price discount never applies to an APBD-paid programme', async (t) => {
  t.equal(RULESET_ID_BPU_2019_1.contribution.apbdDiscountApplies, false)
  t.equal(monthlyContribution(defaultContribution()), 16_800)
})

t.test('a contribution month is due by the 15th of that month', async (t) => {
  t.equal(contributionDueDate('2025-03'), '2025-03-15')
  t.equal(contributionDueDate('2026-01'), '2026-01-15')
})

t.test('March–December 2025 is 10 programme months', async (t) => {
  t.equal(programMonths('2025-03', '2025-12'), 10)
  t.equal(programMonths('2026-01', '2026-12'), 12)
  t.throws(() => programMonths('2025-3', '2025-12'), RangeError)
})

t.test('quota for Rp999,936,000 at Rp16,800 over March–December 2025 is 5,952', async (t) => {
  t.equal(quota(KOTA_TANGERANG_2025), 5952)
  t.equal(5952 * 16_800 * 10, 999_936_000, 'the budget is spent exactly')
})

t.test('quota rounds down: one Rupiah short of a place loses the place', async (t) => {
  t.equal(quota({ ...KOTA_TANGERANG_2025, budget: 999_935_999 }), 5951)
  t.equal(quota({ ...KOTA_TANGERANG_2025, budget: 999_936_000 + 167_999 }), 5952)
  t.equal(quota({ ...KOTA_TANGERANG_2025, budget: 999_936_000 + 168_000 }), 5953)
  t.equal(quota({ ...KOTA_TANGERANG_2025, budget: 0 }), 0)
})

t.test('a programme with no months or no contribution has no quota (programming error)', async (t) => {
  t.throws(() => quota({ ...KOTA_TANGERANG_2025, endMonth: '2025-02' }), RangeError)
  t.throws(() => quota({ ...KOTA_TANGERANG_2025, contribution: { jkk: 0, jkm: 0 } }), RangeError)
  t.throws(() => quota({ ...KOTA_TANGERANG_2025, budget: -1 }), RangeError)
})

t.test('a reservation holds the cost from the start month to the programme end', async (t) => {
  t.equal(reservationCost(KOTA_TANGERANG_2025, '2025-03'), 168_000, 'the whole programme')
  t.equal(reservationCost(KOTA_TANGERANG_2025, '2025-10'), 50_400, 'October–December: 3 months')
  t.equal(reservationCost(KOTA_TANGERANG_2025, '2025-12'), 16_800, 'the last month only')
  t.equal(reservationCost(KOTA_TANGERANG_2025, '2025-01'), 168_000, 'a start before the programme is clamped to its start')
  t.equal(reservationCost(KOTA_TANGERANG_2025, '2026-01'), 0, 'after the programme end nothing is held')
  t.throws(() => reservationCost(KOTA_TANGERANG_2025, '2025-13'), RangeError)
})

t.test('the remaining budget is what is not reserved, invoiced or paid, never below zero', async (t) => {
  const position = budgetPosition({ allocated: 999_936_000, reserved: 100_000_000, invoiced: 16_800_000, paid: 50_000_000 })
  t.same(position, {
    allocated: 999_936_000,
    reserved: 100_000_000,
    invoiced: 16_800_000,
    paid: 50_000_000,
    committed: 166_800_000,
    remaining: 833_136_000,
    overrun: 0,
  })
  t.equal(remainingBudget({ allocated: 100, reserved: 40, invoiced: 30, paid: 30 }), 0, 'exactly spent')
  const over = budgetPosition({ allocated: 100, reserved: 50, invoiced: 30, paid: 30 })
  t.equal(over.remaining, 0, 'over budget: nothing remains')
  t.equal(over.overrun, 10, 'and the overrun is reported')
  t.throws(() => remainingBudget({ allocated: 100, reserved: 0.5, invoiced: 0, paid: 0 }), RangeError)
})

t.test('an invoice fits the budget only when it does not take the programme past it', async (t) => {
  const use = { allocated: 1_000, reserved: 0, invoiced: 400, paid: 500 }
  t.equal(fitsBudget(use, 100), true, 'exactly the remainder fits')
  t.equal(fitsBudget(use, 101), false, 'one Rupiah more does not')
  t.equal(fitsBudget({ ...use, paid: 700 }, 0), false, 'nothing fits once over budget')
})

t.test('a month is in the programme from its start to its end month', async (t) => {
  t.equal(monthInProgramme(KOTA_TANGERANG_2025, '2025-02'), false)
  t.equal(monthInProgramme(KOTA_TANGERANG_2025, '2025-03'), true)
  t.equal(monthInProgramme(KOTA_TANGERANG_2025, '2025-12'), true)
  t.equal(monthInProgramme(KOTA_TANGERANG_2025, '2026-01'), false)
})

t.test('property: quota × monthly × months never exceeds the budget, and one more place would', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 100_000_000_000 }),
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 0, max: 100_000 }),
      fc.integer({ min: 0, max: 35 }),
      (budget, jkk, jkm, extraMonths) => {
        const p = { budget, contribution: { jkk, jkm }, startMonth: '2025-03', endMonth: addMonths('2025-03', extraMonths) }
        const perWorker = (jkk + jkm) * (extraMonths + 1)
        const q = quota(p)
        return q * perWorker <= budget && (q + 1) * perWorker > budget
      }
    )
  )
  t.pass('holds')
})

t.test('property: a reservation never costs more than a whole-programme place', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: -24, max: 24 }), (offset) => {
      const cost = reservationCost(KOTA_TANGERANG_2025, addMonths('2025-03', offset))
      return cost >= 0 && cost <= 168_000 && cost % 16_800 === 0
    })
  )
  t.pass('holds')
})

const enrolmentCostCases: Array<[string, string, string | null, number]> = [
  ['an open enrolment from the programme start holds all 10 months', '2025-03', null, 168_000],
  ['an enrolment ended in May holds March–May', '2025-03', '2025-05', 50_400],
  ['an enrolment from June that ends in June holds one month', '2025-06', '2025-06', 16_800],
  ['an end after the programme end holds only the programme months', '2025-10', '2026-03', 50_400],
  ['a start before the programme start counts from the programme start', '2025-01', '2025-03', 16_800],
  ['an end before the start holds nothing', '2025-06', '2025-05', 0],
]
for (const [name, start, end, expected] of enrolmentCostCases) {
  t.test(`enrolment cost: ${name}`, async (t) => {
    t.equal(enrolmentCost(KOTA_TANGERANG_2025, start, end), expected)
  })
}

t.test('the forecast: the remaining budget covers whole months of the current cohort', async (t) => {
  const c = { jkk: 10_000, jkm: 6_800 }
  t.equal(monthsCoveredByRemaining(16_800 * 100 * 3, 100, c), 3, '100 workers, three months of money left')
  t.equal(monthsCoveredByRemaining(16_800 * 100 * 3 - 1, 100, c), 2, 'one Rupiah short of the third month')
  t.equal(monthsCoveredByRemaining(0, 5_952, c), 0, 'nothing left')
  t.equal(monthsCoveredByRemaining(999_936_000, 0, c), null, 'nobody covered: no forecast')
  t.throws(() => monthsCoveredByRemaining(100, -1, c), RangeError)
  t.throws(() => monthsCoveredByRemaining(100, 1.5, c), RangeError)
})
