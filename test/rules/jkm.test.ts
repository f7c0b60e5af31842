import t from 'tap'
import { assessJkm, jkmPaymentDueDate, type JkmInput } from '../../src/rules/jkm.js'
import { eachMonth } from '../../src/rules/month.js'
import { holidayCalendar } from '../../src/rules/holidays.js'

const PAID_2025 = eachMonth('2025-03', '2025-12')
const ENROLLED = [{ startMonth: '2025-03', endMonth: '2025-12' }]

function jkm (p: Partial<JkmInput>) {
  return assessJkm({ dateOfDeath: '2025-08-01', cause: 'ILLNESS', paidMonths: PAID_2025, enrolments: ENROLLED, ...p })
}

const table: { name: string; input: Partial<JkmInput>; eligible: boolean; amount: number; breakdown: [string, number][]; reason: RegExp; pending?: string }[] = [
  {
    name: 'death on the first day of month four pays the full Rp42,000,000',
    input: { dateOfDeath: '2025-06-01' },
    eligible: true,
    amount: 42_000_000,
    breakdown: [['LUMP_SUM', 20_000_000], ['PERIODIC', 12_000_000], ['FUNERAL', 10_000_000]],
    reason: /on or after 2025-06-01, the end of the JKM waiting period of the run starting 2025-03: the full benefit/,
  },
  {
    name: 'death on the last day of month three pays the early-death benefit of Rp10,000,000',
    input: { dateOfDeath: '2025-05-31' },
    eligible: true,
    amount: 10_000_000,
    breakdown: [['EARLY_DEATH', 10_000_000]],
    reason: /is before 2025-06-01, the end of the JKM waiting period .* early-death benefit of Rp10,000,000/,
  },
  {
    name: 'a death two months after the start pays the early-death benefit',
    input: { dateOfDeath: '2025-05-01' },
    eligible: true,
    amount: 10_000_000,
    breakdown: [['EARLY_DEATH', 10_000_000]],
    reason: /early-death/,
  },
  {
    name: 'death on the first day of cover pays the early-death benefit',
    input: { dateOfDeath: '2025-03-01' },
    eligible: true,
    amount: 10_000_000,
    breakdown: [['EARLY_DEATH', 10_000_000]],
    reason: /early-death/,
  },
  {
    name: 'a death after an unpaid gap restarts the waiting period',
    input: { dateOfDeath: '2025-09-10', paidMonths: ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-09'] },
    eligible: true,
    amount: 10_000_000,
    breakdown: [['EARLY_DEATH', 10_000_000]],
    reason: /run starting 2025-09/,
  },
  {
    name: 'a death caused by a work accident is a JKK claim and pays nothing under JKM',
    input: { dateOfDeath: '2025-08-01', cause: 'WORK_ACCIDENT' },
    eligible: false,
    amount: 0,
    breakdown: [],
    reason: /work accident is a JKK claim, not JKM/,
  },
  {
    name: 'a death before the first covered month pays nothing',
    input: { dateOfDeath: '2025-02-28' },
    eligible: false,
    amount: 0,
    breakdown: [],
    reason: /2025-02-28 was not covered .* outside every enrolment/,
  },
  {
    name: 'a death after the membership lapsed pays nothing',
    input: { dateOfDeath: '2025-09-10', paidMonths: ['2025-03', '2025-04'] },
    eligible: false,
    amount: 0,
    breakdown: [],
    reason: /lapsed before 2025-09/,
  },
  {
    name: 'a death in an enrolled month not paid yet is pending, not refused',
    input: { dateOfDeath: '2025-12-20', paidMonths: eachMonth('2025-03', '2025-11') },
    eligible: false,
    amount: 0,
    breakdown: [],
    reason: /2025-12, which is not paid yet; the claim is assessed again/,
    pending: 'payment of the contribution for 2025-12',
  },
]

for (const row of table) {
  t.test(row.name, async (t) => {
    const a = jkm(row.input)
    t.equal(a.eligible, row.eligible)
    t.equal(a.amount, row.amount)
    t.same(a.breakdown.map((l) => [l.component, l.amount]), row.breakdown)
    t.equal(a.breakdown.reduce((s, l) => s + l.amount, 0), a.amount, 'the breakdown sums to the amount')
    t.match(a.reasons.join(' | '), row.reason)
    t.equal(a.rulesetVersion, 'ID-BPU-2019.1')
    t.same(a.pending, row.pending === undefined ? undefined : { waitingFor: row.pending })
  })
}

t.test('the assessment carries the coverage it was based on', async (t) => {
  const a = jkm({ dateOfDeath: '2025-06-01' })
  t.equal(a.coverage.status, 'COVERED')
  t.equal(a.coverage.jkmWaitingPeriodEnds, '2025-06-01')
})

t.test('a death given as a malformed date is a programming error', async (t) => {
  t.throws(() => jkm({ dateOfDeath: '2025-06-31' }), RangeError)
})

t.test('BPJS pays a complete JKM claim within 3 working days', async (t) => {
  t.same(jkmPaymentDueDate('2025-07-07'), { ok: true, date: '2025-07-10', provisionalYears: [] }, 'Monday → Thursday')
  t.same(jkmPaymentDueDate('2025-08-14'), { ok: true, date: '2025-08-20', provisionalYears: [] }, 'the weekend and cuti bersama 18 August are skipped')
  const no2025Holidays = holidayCalendar([{ year: 2025, status: 'FINAL', source: 'test', holidays: [] }])
  t.same(jkmPaymentDueDate('2025-08-14', no2025Holidays), { ok: true, date: '2025-08-19', provisionalYears: [] }, 'holidays are data')
})

t.test('a JKM payment due date into 2027 skips 1 January and says the 2027 calendar is provisional', async (t) => {
  // Wednesday 30 December 2026: 31 December, (Friday 1 January 2027 Tahun Baru, weekend), 4 and 5 January.
  t.same(jkmPaymentDueDate('2026-12-30'), { ok: true, date: '2027-01-05', provisionalYears: [2027] })
})

t.test('a JKM payment due date into a year without holiday data is explicit', async (t) => {
  t.same(jkmPaymentDueDate('2027-12-30'), { ok: false, missingYears: [2028], reason: 'holiday data missing for 2028' })
})
