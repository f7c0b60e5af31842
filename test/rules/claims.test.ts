import t from 'tap'
import fc from 'fast-check'
import { assessClaim, monthPayableUntil, type ClaimAssessment, type ClaimAssessmentInput } from '../../src/rules/claims.js'
import type { EnrolmentPeriod } from '../../src/rules/coverage.js'
import { addDays, dateFromDayNumber, dayNumber } from '../../src/rules/calendar.js'
import { BUILT_IN_HOLIDAY_CALENDAR } from '../../src/rules/holidays.js'
import { compareMonths, eachMonth, type Month } from '../../src/rules/month.js'
import { RULESET_ID_BPU_2019_1, type RuleSet } from '../../src/rules/ruleset.js'
import { santunanDeadline } from '../../src/rules/santunan.js'
import { addWorkingDays } from '../../src/rules/workdays.js'
import * as rules from '../../src/rules/index.js'

const MARCH_TO_DECEMBER = eachMonth('2025-03', '2025-12')
const ENROLLED_2025: EnrolmentPeriod[] = [{ startMonth: '2025-03', endMonth: '2025-12' }]
/** An enrolment open since January 2025: the months before a run in it can still be paid late. */
const OPEN_SINCE_JANUARY: EnrolmentPeriod[] = [{ startMonth: '2025-01', endMonth: null }]

function claim (p: Partial<ClaimAssessmentInput>, ruleset?: RuleSet): ClaimAssessment {
  return assessClaim(
    {
      type: 'JKM',
      eventDate: '2025-06-01',
      claimDate: '2025-06-10',
      asOf: '2025-06-10',
      cause: 'ILLNESS',
      paidMonths: MARCH_TO_DECEMBER,
      enrolments: ENROLLED_2025,
      ...p,
    },
    ruleset
  )
}

const full: [string, number][] = [['LUMP_SUM', 20_000_000], ['PERIODIC', 12_000_000], ['FUNERAL', 10_000_000]]
const early: [string, number][] = [['EARLY_DEATH', 10_000_000]]

const table: {
  name: string;
  input: Partial<ClaimAssessmentInput>;
  eligible: boolean;
  amount: number;
  breakdown: [string, number][];
  final: boolean;
  watchMonths: Month[];
  reason: RegExp;
  openBecause?: RegExp;
  pending?: string;
}[] = [
  {
    name: 'full JKM: a death on the first day of month four of a run from 2025-03 pays Rp42,000,000, final',
    input: { eventDate: '2025-06-01' },
    eligible: true,
    amount: 42_000_000,
    breakdown: full,
    final: true,
    watchMonths: [],
    reason: /on or after 2025-06-01, the end of the JKM waiting period of the run starting 2025-03: the full benefit/,
  },
  {
    name: 'early death: Rp10,000,000, final when no unpaid month before the run can be paid (the enrolment starts with it)',
    input: { eventDate: '2025-05-31', asOf: '2025-06-02' },
    eligible: true,
    amount: 10_000_000,
    breakdown: early,
    final: true,
    watchMonths: [],
    reason: /before 2025-06-01, the end of the JKM waiting period of the run starting 2025-03: the early-death benefit of Rp10,000,000/,
  },
  {
    name: 'early death is not final while paying the unpaid month between two runs would join them and meet the waiting period',
    input: { eventDate: '2025-05-20', asOf: '2025-05-25', paidMonths: ['2025-01', '2025-02', '2025-04', '2025-05'], enrolments: OPEN_SINCE_JANUARY },
    eligible: true,
    amount: 10_000_000,
    breakdown: early,
    final: false,
    watchMonths: ['2025-03'],
    reason: /run starting 2025-04: the early-death benefit/,
    openBecause:
      /^if the unpaid month 2025-03 is paid \(it can be until 2025-06-30\), the run would start in 2025-01 \(joined to the paid months before 2025-03\), and the death on 2025-05-20 would be on or after 2025-04-01, the end of its waiting period: the full benefit of Rp42,000,000 would be due$/,
  },
  {
    name: 'early death is still not final on the last day the gap month can be paid',
    input: { eventDate: '2025-05-20', asOf: '2025-06-30', paidMonths: ['2025-01', '2025-02', '2025-04', '2025-05'], enrolments: OPEN_SINCE_JANUARY },
    eligible: true,
    amount: 10_000_000,
    breakdown: early,
    final: false,
    watchMonths: ['2025-03'],
    reason: /early-death/,
    openBecause: /2025-03 is paid \(it can be until 2025-06-30\)/,
  },
  {
    name: 'early death is final again once the gap month can no longer be paid (after 2025-06-30)',
    input: { eventDate: '2025-05-20', asOf: '2025-07-01', paidMonths: ['2025-01', '2025-02', '2025-04', '2025-05'], enrolments: OPEN_SINCE_JANUARY },
    eligible: true,
    amount: 10_000_000,
    breakdown: early,
    final: true,
    watchMonths: [],
    reason: /early-death/,
  },
  {
    name: 'early death needs all of several unpaid months between two runs: paying only some of them is not enough',
    input: { eventDate: '2025-04-15', asOf: '2025-04-20', paidMonths: ['2024-12', '2025-01', '2025-04'], enrolments: [{ startMonth: '2024-12', endMonth: null }] },
    eligible: true,
    amount: 10_000_000,
    breakdown: early,
    final: false,
    watchMonths: ['2025-02', '2025-03'],
    reason: /run starting 2025-04/,
    openBecause:
      /^if all of the unpaid months 2025-02 and 2025-03 are paid \(they can be until 2025-05-31 and 2025-06-30 respectively\), the run would start in 2024-12 \(joined to the paid months before 2025-02\), and the death on 2025-04-15 would be on or after 2025-03-01, the end of its waiting period: .*; paying only some of them is not enough$/,
  },
  {
    name: 'early death over two gaps: the walk passes a paid month and needs the unpaid months on both sides of it',
    input: { eventDate: '2025-05-10', asOf: '2025-05-12', paidMonths: ['2025-03', '2025-05'], enrolments: OPEN_SINCE_JANUARY },
    eligible: true,
    amount: 10_000_000,
    breakdown: early,
    final: false,
    watchMonths: ['2025-02', '2025-04'],
    reason: /run starting 2025-05/,
    openBecause: /^if all of the unpaid months 2025-02 and 2025-04 are paid \(they can be until 2025-05-31 and 2025-07-31 respectively\), the run would start in 2025-02, and the death on 2025-05-10 would be on or after 2025-05-01/,
  },
  {
    name: 'early death needs only the latest unpaid month when a run starting there meets the waiting period',
    input: { eventDate: '2025-06-15', asOf: '2025-06-20', paidMonths: ['2025-04', '2025-05', '2025-06'], enrolments: OPEN_SINCE_JANUARY },
    eligible: true,
    amount: 10_000_000,
    breakdown: early,
    final: false,
    watchMonths: ['2025-03'],
    reason: /run starting 2025-04/,
    openBecause: /^if the unpaid month 2025-03 is paid \(it can be until 2025-06-30\), the run would start in 2025-03, and the death on 2025-06-15 would be on or after 2025-06-01/,
  },
  {
    name: 'early death is final when even joining the earlier run would not meet the waiting period',
    input: { eventDate: '2025-04-10', asOf: '2025-04-15', paidMonths: ['2025-02', '2025-04'], enrolments: [{ startMonth: '2025-02', endMonth: null }] },
    eligible: true,
    amount: 10_000_000,
    breakdown: early,
    final: true,
    watchMonths: [],
    reason: /early-death/,
  },
  {
    name: 'early death is final once the earliest needed gap month can no longer be paid, even if a later one still can',
    input: { eventDate: '2025-05-20', asOf: '2025-06-05', paidMonths: ['2025-01', '2025-04', '2025-05'], enrolments: OPEN_SINCE_JANUARY },
    eligible: true,
    amount: 10_000_000,
    breakdown: early,
    final: true,
    watchMonths: [],
    reason: /early-death/,
  },
  {
    name: 'pending death month: not final while the month can still be paid (until the last day of month + 3)',
    input: { eventDate: '2025-12-20', asOf: '2026-03-31', paidMonths: eachMonth('2025-03', '2025-11') },
    eligible: false,
    amount: 0,
    breakdown: [],
    final: false,
    watchMonths: ['2025-12'],
    reason: /2025-12, which is not paid yet; the claim is assessed again/,
    openBecause: /^payment of the contribution for 2025-12, which can be paid until 2026-03-31$/,
    pending: 'payment of the contribution for 2025-12',
  },
  {
    name: 'pending death month past its payable window: not covered by the lapse rule, final',
    input: { eventDate: '2025-12-20', asOf: '2026-04-01', paidMonths: eachMonth('2025-03', '2025-11') },
    eligible: false,
    amount: 0,
    breakdown: [],
    final: true,
    watchMonths: [],
    reason:
      /^the day of death 2025-12-20 was not covered: the contribution for 2025-12 was not paid by 2026-03-31, and by the lapse rule \(more than 3 consecutive unpaid months end the membership\) it can no longer be paid$/,
  },
  {
    name: 'pending death month: the earlier unpaid months that would then make it the full benefit are watched too',
    input: { eventDate: '2025-05-10', asOf: '2025-05-20', paidMonths: ['2025-01', '2025-02', '2025-04'], enrolments: OPEN_SINCE_JANUARY },
    eligible: false,
    amount: 0,
    breakdown: [],
    final: false,
    watchMonths: ['2025-03', '2025-05'],
    reason: /2025-05, which is not paid yet/,
    openBecause:
      /^payment of the contribution for 2025-05, which can be paid until 2025-08-31; once it is, the death falls in a run starting 2025-04, within its waiting period \(the early-death benefit of Rp10,000,000\); if the unpaid month 2025-03 is paid \(it can be until 2025-06-30\), the run would start in 2025-01/,
    pending: 'payment of the contribution for 2025-05',
  },
  {
    name: 'pending death month: earlier unpaid months that could not make it the full benefit are not watched',
    input: { eventDate: '2025-04-10', asOf: '2025-04-15', paidMonths: [], enrolments: ENROLLED_2025 },
    eligible: false,
    amount: 0,
    breakdown: [],
    final: false,
    watchMonths: ['2025-04'],
    reason: /2025-04, which is not paid yet/,
    openBecause: /^payment of the contribution for 2025-04, which can be paid until 2025-07-31$/,
    pending: 'payment of the contribution for 2025-04',
  },
  {
    name: 'a JKM claim for a death caused by a work accident is final: it is a JKK claim',
    input: { eventDate: '2025-08-01', cause: 'WORK_ACCIDENT' },
    eligible: false,
    amount: 0,
    breakdown: [],
    final: true,
    watchMonths: [],
    reason: /work accident is a JKK claim, not JKM/,
  },
  {
    name: 'a death after the membership lapsed is not covered, final',
    input: { eventDate: '2025-09-10', asOf: '2025-09-15', paidMonths: ['2025-03', '2025-04'] },
    eligible: false,
    amount: 0,
    breakdown: [],
    final: true,
    watchMonths: [],
    reason: /lapsed before 2025-09/,
  },
  {
    name: 'a death outside every enrolment is not covered, final',
    input: { eventDate: '2025-02-28' },
    eligible: false,
    amount: 0,
    breakdown: [],
    final: true,
    watchMonths: [],
    reason: /2025-02-28 was not covered .* outside every enrolment/,
  },
]

for (const row of table) {
  t.test(row.name, async (t) => {
    const a = claim(row.input)
    t.equal(a.eligible, row.eligible)
    t.equal(a.amount, row.amount)
    t.same(a.breakdown.map((l) => [l.component, l.amount]), row.breakdown)
    t.equal(a.breakdown.reduce((s, l) => s + l.amount, 0), a.amount, 'the breakdown sums to the amount')
    t.equal(a.final, row.final)
    t.same(a.watchMonths, row.watchMonths)
    t.match(a.reasons.join(' | '), row.reason)
    if (row.openBecause === undefined) t.equal(a.openBecause, undefined, 'a final result has no openBecause')
    else t.match(a.openBecause, row.openBecause)
    t.same(a.pending, row.pending === undefined ? undefined : { waitingFor: row.pending })
    t.equal(a.rulesetVersion, 'ID-BPU-2019.1')
    t.equal(a.coverage?.date, row.input.eventDate ?? '2025-06-01', 'the coverage of the day of death')
    t.equal(a.expiresOn, undefined, 'JKM has no expiry')
  })
}

t.test('early death: paying the watched month late turns it into the full benefit, final', async (t) => {
  const input = { eventDate: '2025-05-20', asOf: '2025-05-25', paidMonths: ['2025-01', '2025-02', '2025-04', '2025-05'], enrolments: OPEN_SINCE_JANUARY }
  const before = claim(input)
  t.same(before.watchMonths, ['2025-03'])
  t.equal(before.coverage?.status, 'COVERED')
  const after = claim({ ...input, paidMonths: [...input.paidMonths, ...before.watchMonths] })
  t.equal(after.amount, 42_000_000)
  t.equal(after.final, true)
  t.match(after.reasons.join(' | '), /on or after 2025-04-01, the end of the JKM waiting period of the run starting 2025-01/)
})

t.test('early death over two gap months: each of them is needed', async (t) => {
  const input = { eventDate: '2025-04-15', asOf: '2025-04-20', paidMonths: ['2024-12', '2025-01', '2025-04'], enrolments: [{ startMonth: '2024-12', endMonth: null }] }
  const onlyMarch = claim({ ...input, paidMonths: [...input.paidMonths, '2025-03'] })
  t.equal(onlyMarch.amount, 10_000_000, 'March alone starts the run in 2025-03: still early')
  t.same(onlyMarch.watchMonths, ['2025-02'], 'and February is still watched')
  t.match(onlyMarch.openBecause, /^if the unpaid month 2025-02 is paid \(it can be until 2025-05-31\), the run would start in 2024-12/)
  const onlyFebruary = claim({ ...input, paidMonths: [...input.paidMonths, '2025-02'] })
  t.equal(onlyFebruary.amount, 10_000_000, 'February alone leaves March breaking the run')
  t.same(onlyFebruary.watchMonths, ['2025-03'])
  t.equal(claim({ ...input, paidMonths: [...input.paidMonths, '2025-02', '2025-03'] }).amount, 42_000_000)
})

t.test('the pending month\'s coverage is reported as coverageOn computed it; the lapse reason is the assessment\'s', async (t) => {
  const a = claim({ eventDate: '2025-12-20', asOf: '2026-04-01', paidMonths: eachMonth('2025-03', '2025-11') })
  t.equal(a.coverage?.status, 'PENDING')
  t.equal(a.pending, undefined, 'no longer pending')
})

t.test('the payable window follows the rule set: with a longer lapse only the latest gap months are needed', async (t) => {
  // lapseAfterUnpaidMonths 6: January to April 2025 can all still be paid in June; the death on 2025-06-20 needs a run
  // starting by 2025-03 (3 waiting months), so March and April are needed and January and February are not.
  const longer: RuleSet = { ...RULESET_ID_BPU_2019_1, version: 'TEST-LAPSE-6', coverage: { ...RULESET_ID_BPU_2019_1.coverage, lapseAfterUnpaidMonths: 6 } }
  t.equal(monthPayableUntil('2025-01', longer), '2025-07-31')
  const a = claim({ eventDate: '2025-06-20', asOf: '2025-06-25', paidMonths: ['2025-05', '2025-06'], enrolments: OPEN_SINCE_JANUARY }, longer)
  t.equal(a.amount, 10_000_000)
  t.equal(a.final, false)
  t.same(a.watchMonths, ['2025-03', '2025-04'])
  t.match(a.openBecause, /^if all of the unpaid months 2025-03 and 2025-04 are paid \(they can be until 2025-09-30 and 2025-10-31 respectively\), the run would start in 2025-03, and the death on 2025-06-20 would be on or after 2025-06-01/)
  t.equal(a.rulesetVersion, 'TEST-LAPSE-6')
  const pending = claim({ eventDate: '2025-12-20', asOf: '2026-04-01', paidMonths: eachMonth('2025-03', '2025-11') }, longer)
  t.equal(pending.final, false, 'December 2025 can still be paid until 2026-06-30')
  t.match(pending.openBecause, /can be paid until 2026-06-30$/)
  const lapsed = claim({ eventDate: '2025-12-20', asOf: '2026-07-01', paidMonths: eachMonth('2025-03', '2025-11') }, longer)
  t.match(lapsed.reasons[0], /more than 6 consecutive unpaid months/)
})

// JKK: a work accident. The default declared income is Rp1,000,000.
const jkk = (p: Partial<ClaimAssessmentInput>) => claim({ type: 'JKK', cause: undefined, jkkBenefit: { type: 'DEATH' }, eventDate: '2025-04-10', claimDate: '2025-04-20', asOf: '2025-04-20', ...p })

t.test('JKK death for a work accident pays Rp70,000,000 (48 × Rp1,000,000 + funeral + periodic), final', async (t) => {
  const a = jkk({})
  t.equal(a.eligible, true)
  t.equal(a.amount, 70_000_000)
  t.same(a.breakdown.map((l) => [l.component, l.amount]), [['LUMP_SUM', 48_000_000], ['FUNERAL', 10_000_000], ['PERIODIC', 12_000_000]])
  t.equal(a.final, true)
  t.same(a.watchMonths, [])
  t.equal(a.openBecause, undefined)
  t.equal(a.expiresOn, '2030-04-10')
  t.equal(a.coverage?.status, 'COVERED')
  t.match(a.reasons.join(' | '), /the day of the accident 2025-04-10 was covered \(JKK has no waiting period\)/)
})

t.test('JKK has no waiting period: a covered accident in the first month is final whatever months before it could be paid', async (t) => {
  const a = jkk({ eventDate: '2025-03-05', claimDate: '2025-03-10', asOf: '2025-03-10', paidMonths: ['2025-03'], enrolments: OPEN_SINCE_JANUARY })
  t.equal(a.amount, 70_000_000)
  t.equal(a.final, true)
  t.same(a.watchMonths, [])
})

t.test('JKK claimed after 5 years is expired: stored but not eligible, final, the reason names the expiry', async (t) => {
  const a = jkk({ claimDate: '2030-04-11', asOf: '2030-04-11' })
  t.equal(a.eligible, false)
  t.equal(a.amount, 0)
  t.equal(a.final, true)
  t.same(a.watchMonths, [])
  t.equal(a.expiresOn, '2030-04-10')
  t.same(a.reasons, ['the right to JKK benefits expired on 2030-04-10, 5 years after the accident on 2025-04-10; the claim was made on 2030-04-11'])
  t.equal(jkk({ claimDate: '2030-04-10', asOf: '2030-04-11' }).eligible, true, 'a claim on the anniversary itself is in time')
})

t.test('JKK in a month not paid yet is pending on that month alone (no waiting period: earlier months cannot change it)', async (t) => {
  const input = { eventDate: '2025-05-10', claimDate: '2025-05-12', asOf: '2025-05-20', paidMonths: ['2025-01', '2025-02', '2025-04'], enrolments: OPEN_SINCE_JANUARY }
  const a = jkk({ ...input, reportedDate: '2025-05-15' })
  t.equal(a.final, false)
  t.same(a.watchMonths, ['2025-05'])
  t.same(a.pending, { waitingFor: 'payment of the contribution for 2025-05' })
  t.equal(a.openBecause, 'payment of the contribution for 2025-05, which can be paid until 2025-08-31')
  t.equal(a.expiresOn, '2030-05-10')
  const lapsed = jkk({ ...input, reportedDate: '2025-05-15', asOf: '2025-09-01' })
  t.equal(lapsed.final, true)
  t.equal(lapsed.eligible, false)
  t.equal(lapsed.pending, undefined)
  t.equal(lapsed.expiresOn, '2030-05-10', 'the expiry is still reported')
  t.same(lapsed.reasons, [
    'the day of the accident 2025-05-10 was not covered: the contribution for 2025-05 was not paid by 2025-08-31, and by the lapse rule (more than 3 consecutive unpaid months end the membership) it can no longer be paid',
    'the accident was reported on 2025-05-15, later than 2025-05-12 (2 × 24 hours); a late report does not forfeit the right',
  ], 'the late-report note is kept')
  const paid = jkk({ ...input, paidMonths: [...input.paidMonths, ...a.watchMonths], declaredIncome: 2_000_000, jkkBenefit: { type: 'MEDICAL', actualCost: 1_250_000 } })
  t.equal(paid.amount, 1_250_000, 'once paid, the benefit is due')
  t.equal(paid.final, true)
})

t.test('a JKK accident outside every enrolment is not covered, final', async (t) => {
  const a = jkk({ eventDate: '2025-02-10', claimDate: '2025-02-12', asOf: '2025-02-12' })
  t.equal(a.eligible, false)
  t.equal(a.final, true)
  t.match(a.reasons.join(' | '), /2025-02-10 was not covered/)
})

// Santunan kematian: a death on Monday 7 July 2025, over the FINAL 2025 holiday calendar.
const DEATH = '2025-07-07'
const SANTUNAN = { kecamatanCode: '367107', desil: 1, desilSource: 'DTSEN' as const }
const santunan = (p: Partial<ClaimAssessmentInput>) => claim({ type: 'SANTUNAN_KEMATIAN', cause: undefined, eventDate: DEATH, santunan: SANTUNAN, ...p })

t.test('santunan applied on the 40th working day is in time and final; on the 41st it is refused and final', async (t) => {
  const deadline = santunanDeadline(DEATH)
  if (!deadline.ok) throw new Error(deadline.reason)
  t.same(deadline.provisionalYears, [], 'over FINAL 2025 data')
  const next = addWorkingDays(deadline.date, 1, BUILT_IN_HOLIDAY_CALENDAR)
  if (!next.ok) throw new Error(next.reason)

  const day40 = santunan({ claimDate: deadline.date, asOf: deadline.date })
  t.equal(day40.eligible, true)
  t.same(day40.breakdown, [{ component: 'SANTUNAN_KEMATIAN', amount: 3_000_000 }])
  t.equal(day40.final, true)
  t.same(day40.watchMonths, [])
  t.equal(day40.openBecause, undefined)
  t.equal(day40.applicationDeadline, deadline.date)
  t.equal(day40.workingDaysAfterDeath, 40)
  t.same(day40.calendar?.provisionalYears, [])
  t.equal(day40.coverage, undefined, 'the santunan does not follow BPJS coverage')
  t.equal(day40.expiresOn, undefined)

  const day41 = santunan({ claimDate: next.date, asOf: next.date })
  t.equal(day41.eligible, false)
  t.equal(day41.amount, 0)
  t.equal(day41.final, true)
  t.equal(day41.workingDaysAfterDeath, 41)
  t.same(day41.reasons, [`applied on ${next.date}, 41 working days after the death on ${DEATH}; the limit is 40 working days (until ${deadline.date})`])
})

t.test('santunan applied late over a provisional holiday calendar is pending on that data: not final, no month to watch', async (t) => {
  const death = '2026-11-20'
  const deadline = santunanDeadline(death)
  if (!deadline.ok) throw new Error(deadline.reason)
  t.same(deadline.provisionalYears, [2027])
  const late = addDays(deadline.date, 1)
  const a = santunan({ eventDate: death, claimDate: late, asOf: late })
  t.equal(a.eligible, false)
  t.equal(a.final, false)
  t.same(a.pending, { waitingFor: 'final holiday data for 2027' })
  t.equal(a.openBecause, 'final holiday data for 2027')
  t.same(a.watchMonths, [])
  t.same(a.calendar?.provisionalYears, [2027])
})

t.test('a santunan refused on residence is final', async (t) => {
  const a = santunan({ claimDate: '2025-07-10', asOf: '2025-07-10', santunan: { ...SANTUNAN, kecamatanCode: '360301' } })
  t.equal(a.eligible, false)
  t.equal(a.final, true)
  t.match(a.reasons.join(' | '), /not in region 3671/)
})

t.test('policy (late-payment window): a month can be paid until the last day of the month 3 months after it', async (t) => {
  const rows: [Month, string][] = [
    ['2025-04', '2025-07-31'],
    ['2025-01', '2025-04-30'],
    ['2025-03', '2025-06-30'],
    ['2025-10', '2026-01-31'],
    ['2025-11', '2026-02-28'],
    ['2025-12', '2026-03-31'],
    ['2023-11', '2024-02-29'],
  ]
  for (const [month, until] of rows) t.equal(monthPayableUntil(month), until, `${month} → ${until}`)
  const strict: RuleSet = { ...RULESET_ID_BPU_2019_1, coverage: { ...RULESET_ID_BPU_2019_1.coverage, lapseAfterUnpaidMonths: 1 } }
  t.equal(monthPayableUntil('2025-12', strict), '2026-01-31', 'the window is the rule set\'s lapse rule')
  t.throws(() => monthPayableUntil('2025-13'), RangeError)
})

t.test('missing facts for the claim type are programming errors', async (t) => {
  t.throws(() => claim({ cause: undefined }), RangeError, 'JKM needs a cause')
  t.throws(() => jkk({ jkkBenefit: undefined }), RangeError, 'JKK needs a benefit')
  t.throws(() => santunan({ santunan: undefined }), RangeError, 'SANTUNAN_KEMATIAN needs its facts')
  t.throws(() => claim({ type: 'SCHOLARSHIP' as ClaimAssessmentInput['type'] }), RangeError, 'an unknown claim type')
  t.throws(() => claim({ asOf: '2025-02-30' }), RangeError)
  t.throws(() => claim({ eventDate: '2025-6-1' }), RangeError)
  t.throws(() => claim({ claimDate: '' }), RangeError)
})

t.test('the rules index exports assessClaim and monthPayableUntil', async (t) => {
  t.equal(rules.assessClaim, assessClaim)
  t.equal(rules.monthPayableUntil, monthPayableUntil)
})

// Properties. The months 2024-10..2025-12 are paid at random, the death or accident falls among them, and "today" is
// up to 150 days after the claim. Half the time the late-payment window (6 months) is longer than the waiting period,
// so that a payable month a result does not need exists, and watching it would be caught.
const LAPSE_6: RuleSet = { ...RULESET_ID_BPU_2019_1, coverage: { ...RULESET_ID_BPU_2019_1.coverage, lapseAfterUnpaidMonths: 6 } }
const MONTHS = eachMonth('2024-10', '2025-12')
/** Every month a late payment could concern here. */
const CANDIDATES = eachMonth('2024-06', '2026-06')
const dateArb = (from: string, to: string) => fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(dateFromDayNumber)
const enrolArb = fc.constantFrom<EnrolmentPeriod[]>(
  [{ startMonth: '2024-10', endMonth: null }],
  [{ startMonth: '2025-01', endMonth: null }],
  [{ startMonth: '2024-10', endMonth: '2025-04' }, { startMonth: '2025-06', endMonth: null }],
  [{ startMonth: '2025-03', endMonth: '2025-12' }],
  []
)
const scenarioArb = fc.record({
  type: fc.constantFrom<ClaimAssessmentInput['type']>('JKM', 'JKM', 'JKM', 'JKK', 'SANTUNAN_KEMATIAN'),
  cause: fc.constantFrom('ILLNESS' as const, 'OTHER' as const, 'WORK_ACCIDENT' as const),
  jkkBenefit: fc.constantFrom({ type: 'DEATH' as const }, { type: 'MEDICAL' as const, actualCost: 2_500_000 }),
  eventDate: dateArb('2024-10-01', '2025-12-31'),
  claimAfter: fc.integer({ min: 0, max: 20 }),
  asOfAfter: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 150 })),
  paidMonths: fc.subarray(MONTHS),
  enrolments: enrolArb,
  desil: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
  /** Which of the payable months outside the watched ones get paid late. */
  payMask: fc.array(fc.boolean(), { minLength: CANDIDATES.length, maxLength: CANDIDATES.length }),
  ruleset: fc.constantFrom(RULESET_ID_BPU_2019_1, LAPSE_6),
})
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never

function inputOf (s: Scenario): ClaimAssessmentInput {
  const claimDate = addDays(s.eventDate, s.claimAfter)
  return {
    type: s.type,
    eventDate: s.eventDate,
    claimDate,
    asOf: addDays(claimDate, s.asOfAfter),
    cause: s.cause,
    jkkBenefit: s.jkkBenefit,
    paidMonths: s.paidMonths,
    enrolments: s.enrolments,
    santunan: { kecamatanCode: '367107', desil: s.desil, desilSource: s.desil === null ? null : 'DTSEN' },
  }
}

const inEnrolment = (enrolments: readonly EnrolmentPeriod[], m: Month) =>
  enrolments.some((e) => compareMonths(m, e.startMonth) >= 0 && (e.endMonth === null || compareMonths(m, e.endMonth) <= 0))
/** A month that can still be paid late at asOf: unpaid, in an enrolment, within its late-payment window. */
const payable = (s: Scenario, input: ClaimAssessmentInput, m: Month) =>
  !input.paidMonths.includes(m) && inEnrolment(input.enrolments, m) && input.asOf <= monthPayableUntil(m, s.ruleset)
const outcome = (a: ClaimAssessment) => `${a.eligible} ${a.amount} ${a.pending?.waitingFor ?? '-'}`
const paying = (s: Scenario, input: ClaimAssessmentInput, months: readonly Month[]) =>
  assessClaim({ ...input, paidMonths: [...input.paidMonths, ...months] }, s.ruleset)

t.test('property: amounts are never negative, equal the breakdown, and final goes with no watched months', async (t) => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const input = inputOf(s)
      const a = assessClaim(input, s.ruleset)
      const sum = a.breakdown.reduce((x, l) => x + l.amount, 0)
      const sorted = a.watchMonths.every((m, i) => i === 0 || compareMonths(a.watchMonths[i - 1]!, m) < 0)
      return (
        Number.isSafeInteger(a.amount) && a.amount >= 0 && sum === a.amount && a.breakdown.every((l) => l.amount > 0) &&
        (a.eligible || a.amount === 0) &&
        (a.final ? a.watchMonths.length === 0 && a.openBecause === undefined : (a.openBecause ?? '').length > 0) &&
        // Never eligible while pending; not final only while pending or as an early death that could still become full.
        !(a.eligible && a.pending !== undefined) &&
        (a.final || a.pending !== undefined || a.breakdown.some((l) => l.component === 'EARLY_DEATH')) &&
        sorted &&
        a.watchMonths.every((m) => payable(s, input, m)) &&
        (input.type === 'SANTUNAN_KEMATIAN') === (a.coverage === undefined)
      )
    }),
    { numRuns: 500 }
  )
  t.pass('holds')
})

t.test('property: the watched months decide a result that is not final, and no other payable month changes it', async (t) => {
  let open = 0
  let severalWatched = 0
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const input = inputOf(s)
      const a = assessClaim(input, s.ruleset)
      if (a.final || input.type === 'SANTUNAN_KEMATIAN') return true
      open += 1
      if (a.watchMonths.length > 1) severalWatched += 1
      const decided = paying(s, input, a.watchMonths)
      // Paying every watched month decides it; leaving out any one of them gives another result.
      if (!decided.final || decided.pending !== undefined) return false
      if (a.watchMonths.some((w) => outcome(paying(s, input, a.watchMonths.filter((m) => m !== w))) === outcome(decided))) return false
      // No other month that can still be paid changes what the watched ones decide.
      const others = CANDIDATES.filter((m, i) => s.payMask[i] === true && !a.watchMonths.includes(m) && payable(s, input, m))
      return outcome(paying(s, input, [...a.watchMonths, ...others])) === outcome(decided)
    }),
    { numRuns: 3000 }
  )
  t.ok(open > 20, `${open} results were not final`)
  t.ok(severalWatched > 0, `${severalWatched} of them watched several months`)
})

t.test('property: a final early death stays early whatever months are still paid late', async (t) => {
  let finalEarly = 0
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const input = { ...inputOf(s), type: 'JKM' as const, cause: 'ILLNESS' as const }
      const a = assessClaim(input, s.ruleset)
      if (!a.final || !a.breakdown.some((l) => l.component === 'EARLY_DEATH')) return true
      finalEarly += 1
      const late = CANDIDATES.filter((m, i) => s.payMask[i] === true && payable(s, input, m))
      return paying(s, input, late).amount === a.amount
    }),
    { numRuns: 2000 }
  )
  t.ok(finalEarly > 20, `${finalEarly} final early deaths`)
})

t.test('property: a non-final early death becomes the full benefit once its watched months are paid', async (t) => {
  let hits = 0
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const input = { ...inputOf(s), type: 'JKM' as const, cause: 'ILLNESS' as const }
      const a = assessClaim(input, s.ruleset)
      if (a.final || a.pending !== undefined) return true
      hits += 1
      const full = paying(s, input, a.watchMonths)
      // The run then starts in the earliest watched month or, joined to paid months before it, earlier.
      return a.amount === 10_000_000 && full.amount === 42_000_000 && full.final &&
        compareMonths(full.coverage!.run!.firstMonth, a.watchMonths[0]!) <= 0
    }),
    { numRuns: 3000 }
  )
  t.ok(hits > 0, `${hits} non-final early deaths`)
})
