import t from 'tap'
import { JKK_BENEFIT_TYPES, assessJkk, jkkBenefitBreakdown, type JkkInput } from '../../src/rules/jkk.js'
import { eachMonth } from '../../src/rules/month.js'

const PAID = eachMonth('2025-03', '2025-12')
const ENROLLED = [{ startMonth: '2025-03', endMonth: '2025-12' }]

function jkk (p: Partial<JkkInput>) {
  return assessJkk({
    accidentDate: '2025-04-10',
    claimDate: '2025-04-20',
    paidMonths: PAID,
    enrolments: ENROLLED,
    benefit: { type: 'DEATH' },
    ...p,
  })
}

type Row = { name: string; input: Partial<JkkInput>; amount: number; breakdown: [string, number][] }

const amounts: Row[] = [
  {
    name: 'a work-accident death at I = Rp1,000,000 pays Rp70,000,000 (48 × I + funeral Rp10m + periodic Rp12m)',
    input: { benefit: { type: 'DEATH' } },
    amount: 70_000_000,
    breakdown: [['LUMP_SUM', 48_000_000], ['FUNERAL', 10_000_000], ['PERIODIC', 12_000_000]],
  },
  {
    name: 'a work-accident death pays at least the JKM lump sum of Rp20,000,000',
    input: { benefit: { type: 'DEATH' }, declaredIncome: 400_000 },
    amount: 42_000_000,
    breakdown: [['LUMP_SUM', 20_000_000], ['FUNERAL', 10_000_000], ['PERIODIC', 12_000_000]],
  },
  {
    name: 'at 48 × I just above Rp20,000,000 the income-based lump sum applies',
    input: { benefit: { type: 'DEATH' }, declaredIncome: 416_667 },
    amount: 20_000_016 + 22_000_000,
    breakdown: [['LUMP_SUM', 20_000_016], ['FUNERAL', 10_000_000], ['PERIODIC', 12_000_000]],
  },
  {
    name: 'total permanent disability pays 56 × I + Rp12,000,000 periodic',
    input: { benefit: { type: 'TOTAL_PERMANENT_DISABILITY' } },
    amount: 68_000_000,
    breakdown: [['DISABILITY_LUMP_SUM', 56_000_000], ['PERIODIC', 12_000_000]],
  },
  {
    name: 'partial disability of 10% pays 10% × 80 × I',
    input: { benefit: { type: 'PARTIAL_DISABILITY', disabilityPercent: 10 } },
    amount: 8_000_000,
    breakdown: [['PARTIAL_DISABILITY', 8_000_000]],
  },
  {
    name: 'partial disability of 2.5% pays 2.5% × 80 × I',
    input: { benefit: { type: 'PARTIAL_DISABILITY', disabilityPercent: 2.5 } },
    amount: 2_000_000,
    breakdown: [['PARTIAL_DISABILITY', 2_000_000]],
  },
  {
    name: 'partial disability rounds down to whole Rupiah',
    input: { benefit: { type: 'PARTIAL_DISABILITY', disabilityPercent: 0.07 }, declaredIncome: 1_234_567 },
    amount: 69_135,
    breakdown: [['PARTIAL_DISABILITY', 69_135]],
  },
  {
    name: 'partial disability of 100% pays 80 × I',
    input: { benefit: { type: 'PARTIAL_DISABILITY', disabilityPercent: 100 } },
    amount: 80_000_000,
    breakdown: [['PARTIAL_DISABILITY', 80_000_000]],
  },
  {
    name: 'twelve months of temporary incapacity are paid at 100% of I',
    input: { benefit: { type: 'TEMPORARY_INCAPACITY', incapacityMonths: 12 } },
    amount: 12_000_000,
    breakdown: [['TEMPORARY_INCAPACITY_FULL', 12_000_000]],
  },
  {
    name: 'the thirteenth month of temporary incapacity is paid at 50% of I',
    input: { benefit: { type: 'TEMPORARY_INCAPACITY', incapacityMonths: 13 } },
    amount: 12_500_000,
    breakdown: [['TEMPORARY_INCAPACITY_FULL', 12_000_000], ['TEMPORARY_INCAPACITY_REDUCED', 500_000]],
  },
  {
    name: 'a follow-up claim for months 11–14 pays two months at 100% and two at 50%',
    input: { benefit: { type: 'TEMPORARY_INCAPACITY', incapacityMonths: 4, fromMonthNumber: 11 } },
    amount: 3_000_000,
    breakdown: [['TEMPORARY_INCAPACITY_FULL', 2_000_000], ['TEMPORARY_INCAPACITY_REDUCED', 1_000_000]],
  },
  {
    name: 'a follow-up claim from month 13 pays only the reduced rate',
    input: { benefit: { type: 'TEMPORARY_INCAPACITY', incapacityMonths: 3, fromMonthNumber: 13 } },
    amount: 1_500_000,
    breakdown: [['TEMPORARY_INCAPACITY_REDUCED', 1_500_000]],
  },
  {
    name: 'zero months of incapacity pay nothing but the claim is valid',
    input: { benefit: { type: 'TEMPORARY_INCAPACITY', incapacityMonths: 0 } },
    amount: 0,
    breakdown: [],
  },
  {
    name: 'medical care is paid at actual cost with no ceiling',
    input: { benefit: { type: 'MEDICAL', actualCost: 250_000_000 } },
    amount: 250_000_000,
    breakdown: [['MEDICAL', 250_000_000]],
  },
  ...(
    [
      ['LAND', 4_999_999, 4_999_999],
      ['LAND', 5_000_000, 5_000_000],
      ['LAND', 5_000_001, 5_000_000],
      ['SEA', 2_000_000, 2_000_000],
      ['SEA', 2_000_001, 2_000_000],
      ['AIR', 10_000_000, 10_000_000],
      ['AIR', 12_000_000, 10_000_000],
    ] as const
  ).map(
    ([mode, cost, paid]): Row => ({
      name: `transport by ${mode.toLowerCase()} costing ${cost} pays ${paid}`,
      input: { benefit: { type: 'TRANSPORT', mode, actualCost: cost } },
      amount: paid,
      breakdown: [['TRANSPORT', paid]],
    })
  ),
]

for (const row of amounts) {
  t.test(row.name, async (t) => {
    const a = jkk(row.input)
    t.equal(a.eligible, true)
    t.equal(a.amount, row.amount)
    t.same(a.breakdown.map((l) => [l.component, l.amount]), row.breakdown)
    t.equal(a.breakdown.reduce((s, l) => s + l.amount, 0), a.amount, 'the breakdown sums to the amount')
    t.equal(a.rulesetVersion, 'ID-BPU-2019.1')
    t.match(a.reasons[0], /was covered \(JKK has no waiting period\)/)
  })
}

t.test('JKK has no waiting period: an accident in the first covered month is paid in full', async (t) => {
  const a = jkk({ accidentDate: '2025-03-01', claimDate: '2025-03-03' })
  t.equal(a.amount, 70_000_000)
})

t.test('a claim on the fifth anniversary of the accident is in time', async (t) => {
  const a = jkk({ claimDate: '2030-04-10' })
  t.equal(a.eligible, true)
  t.equal(a.expiresOn, '2030-04-10')
})

t.test('a claim the day after the fifth anniversary has expired', async (t) => {
  const a = jkk({ claimDate: '2030-04-11' })
  t.equal(a.eligible, false)
  t.equal(a.amount, 0)
  t.match(a.reasons, [/expired on 2030-04-10, 5 years after the accident on 2025-04-10; the claim was made on 2030-04-11/])
})

t.test('a claim dated before the accident pays nothing', async (t) => {
  const a = jkk({ claimDate: '2025-04-09' })
  t.equal(a.eligible, false)
  t.match(a.reasons, [/claim date 2025-04-09 is before the accident on 2025-04-10/])
})

t.test('an accident on a day not covered pays nothing', async (t) => {
  const a = jkk({ accidentDate: '2026-01-10', claimDate: '2026-01-12' })
  t.equal(a.eligible, false)
  t.equal(a.amount, 0)
  t.match(a.reasons.join(' | '), /2026-01-10 was not covered .* outside every enrolment/)
  t.equal(a.pending, undefined)
})

t.test('an accident in an enrolled month not paid yet is pending', async (t) => {
  const a = jkk({ accidentDate: '2025-12-05', claimDate: '2025-12-08', paidMonths: eachMonth('2025-03', '2025-11') })
  t.equal(a.eligible, false)
  t.equal(a.amount, 0)
  t.same(a.pending, { waitingFor: 'payment of the contribution for 2025-12' })
})

t.test('a report within 2 × 24 hours is not remarked on; a late report is noted but does not forfeit', async (t) => {
  const onTime = jkk({ reportedDate: '2025-04-12' })
  t.notMatch(onTime.reasons.join(' | '), /reported/)
  const late = jkk({ reportedDate: '2025-04-13' })
  t.equal(late.eligible, true)
  t.equal(late.amount, 70_000_000)
  t.match(late.reasons.join(' | '), /reported on 2025-04-13, later than 2025-04-12 .* does not forfeit/)
  const lateAndPending = jkk({ reportedDate: '2025-12-20', accidentDate: '2025-12-05', claimDate: '2025-12-20', paidMonths: eachMonth('2025-03', '2025-11') })
  t.match(lateAndPending.reasons.join(' | '), /does not forfeit/)
  const lateAndUncovered = jkk({ reportedDate: '2026-01-20', accidentDate: '2026-01-05', claimDate: '2026-01-20' })
  t.match(lateAndUncovered.reasons.join(' | '), /does not forfeit/)
})

t.test('the explanation names the formula used', async (t) => {
  t.match(jkk({ benefit: { type: 'TOTAL_PERMANENT_DISABILITY' } }).reasons[1], /56 × Rp1,000,000 \+ periodic Rp12,000,000/)
  t.match(jkk({ benefit: { type: 'PARTIAL_DISABILITY', disabilityPercent: 10 } }).reasons[1], /10% × 80 × Rp1,000,000/)
  t.match(jkk({ benefit: { type: 'TEMPORARY_INCAPACITY', incapacityMonths: 2 } }).reasons[1], /100% of Rp1,000,000 a month for months 1–12, 50% after; 2 months from month 1/)
  t.match(jkk({ benefit: { type: 'MEDICAL', actualCost: 1 } }).reasons[1], /actual cost, no ceiling/)
  t.match(jkk({ benefit: { type: 'TRANSPORT', actualCost: 1, mode: 'SEA' } }).reasons[1], /\(SEA\) .* capped at Rp2,000,000/)
  t.match(jkk({}).reasons[1], /48 × Rp1,000,000 \(at least Rp20,000,000\)/)
})

t.test('invalid benefit parameters are programming errors', async (t) => {
  for (const disabilityPercent of [0, -5, 100.01, 12.345, Number.NaN]) {
    t.throws(() => jkk({ benefit: { type: 'PARTIAL_DISABILITY', disabilityPercent } }), RangeError, `percent ${disabilityPercent}`)
  }
  t.throws(() => jkk({ benefit: { type: 'TEMPORARY_INCAPACITY', incapacityMonths: -1 } }), RangeError)
  t.throws(() => jkk({ benefit: { type: 'TEMPORARY_INCAPACITY', incapacityMonths: 1.5 } }), RangeError)
  t.throws(() => jkk({ benefit: { type: 'TEMPORARY_INCAPACITY', incapacityMonths: 1, fromMonthNumber: 0 } }), RangeError)
  t.throws(() => jkk({ benefit: { type: 'MEDICAL', actualCost: 100.5 } }), RangeError)
  t.throws(() => jkk({ benefit: { type: 'TRANSPORT', actualCost: -1, mode: 'AIR' } }), RangeError)
  t.throws(() => jkk({ declaredIncome: 1_000_000.5 }), RangeError)
  t.throws(() => jkk({ accidentDate: '2025-02-29' }), RangeError)
  t.throws(() => jkk({ claimDate: 'today' }), RangeError)
  t.throws(() => jkk({ reportedDate: '2025-04-31' }), RangeError)
})

t.test('jkkBenefitBreakdown is usable on its own and knows every benefit type', async (t) => {
  t.same(JKK_BENEFIT_TYPES, ['DEATH', 'TOTAL_PERMANENT_DISABILITY', 'PARTIAL_DISABILITY', 'TEMPORARY_INCAPACITY', 'MEDICAL', 'TRANSPORT'])
  t.same(jkkBenefitBreakdown({ type: 'DEATH' }, 2_000_000), [
    { component: 'LUMP_SUM', amount: 96_000_000 },
    { component: 'FUNERAL', amount: 10_000_000 },
    { component: 'PERIODIC', amount: 12_000_000 },
  ])
})
