import t from 'tap'
import fc from 'fast-check'
import {
  contributionMonthsThrough,
  coverageOn,
  jkmWaitingPeriodEnd,
  membershipLapsedBefore,
  normalisePaidMonths,
  paidRuns,
  runContaining,
  unpaidStreakBefore,
  type EnrolmentPeriod,
} from '../../src/rules/coverage.js'
import { addMonths, eachMonth, firstDayOfMonth, monthDiff } from '../../src/rules/month.js'

const MARCH_TO_DECEMBER = eachMonth('2025-03', '2025-12')
const ENROLLED_2025: EnrolmentPeriod[] = [{ startMonth: '2025-03', endMonth: '2025-12' }]

t.test('the run of a month is the unbroken sequence of paid months containing it', async (t) => {
  t.same(runContaining(MARCH_TO_DECEMBER, '2025-07'), { firstMonth: '2025-03', lastMonth: '2025-12', months: 10 })
  t.equal(runContaining(MARCH_TO_DECEMBER, '2025-02'), null, 'an unpaid month has no run')
  const gap = ['2025-03', '2025-04', '2025-06', '2025-07', '2025-07']
  t.same(runContaining(gap, '2025-04'), { firstMonth: '2025-03', lastMonth: '2025-04', months: 2 })
  t.same(runContaining(gap, '2025-06'), { firstMonth: '2025-06', lastMonth: '2025-07', months: 2 }, 'after an unpaid month counting starts again')
  t.same(runContaining(['2025-12', '2026-01'], '2026-01'), { firstMonth: '2025-12', lastMonth: '2026-01', months: 2 }, 'a run crosses the year')
})

t.test('paidRuns lists every run in order; duplicates and order of input do not matter', async (t) => {
  t.same(paidRuns([]), [])
  t.same(paidRuns(['2025-07', '2025-03', '2025-04', '2025-04', '2025-06']), [
    { firstMonth: '2025-03', lastMonth: '2025-04', months: 2 },
    { firstMonth: '2025-06', lastMonth: '2025-07', months: 2 },
  ])
  t.same(normalisePaidMonths(['2025-07', '2025-03', '2025-07']), ['2025-03', '2025-07'])
})

t.test('the JKM waiting period of a run starting 2025-03 ends on 2025-06-01', async (t) => {
  t.equal(jkmWaitingPeriodEnd('2025-03'), '2025-06-01')
  t.equal(jkmWaitingPeriodEnd('2025-11'), '2026-02-01')
})

const coverageTable: { name: string; date: string; paid?: string[]; enrolments?: EnrolmentPeriod[]; status: string; met?: boolean; lapsed?: boolean; reason: RegExp }[] = [
  { name: 'a day in a paid month is covered by JKK and JKM', date: '2025-04-10', status: 'COVERED', met: false, reason: /2025-04 is a paid month in the run 2025-03 to 2025-12/ },
  { name: 'death on 2025-05-31 is inside the waiting period of a run starting 2025-03', date: '2025-05-31', status: 'COVERED', met: false, reason: /ends on 2025-06-01, after 2025-05-31/ },
  { name: 'death on 2025-06-01 has met the waiting period of a run starting 2025-03', date: '2025-06-01', status: 'COVERED', met: true, reason: /ended on 2025-06-01, on or before 2025-06-01/ },
  { name: 'a day in a month outside every enrolment is not covered', date: '2025-02-20', status: 'NOT_COVERED', lapsed: false, reason: /outside every enrolment/ },
  { name: 'a day after the enrolment ended is not covered', date: '2026-01-05', status: 'NOT_COVERED', lapsed: false, reason: /outside every enrolment/ },
  {
    name: 'a day in an enrolled month not paid yet is pending',
    date: '2025-12-20',
    paid: eachMonth('2025-03', '2025-11'),
    status: 'PENDING',
    lapsed: false,
    reason: /2025-12 lies in an enrolment but is not paid yet/,
  },
  {
    name: 'three unpaid months before the day still leave it pending',
    date: '2025-07-10',
    paid: ['2025-03'],
    status: 'PENDING',
    lapsed: false,
    reason: /not paid yet/,
  },
  {
    name: 'more than three consecutive unpaid months end the membership',
    date: '2025-08-10',
    paid: ['2025-03'],
    status: 'NOT_COVERED',
    lapsed: true,
    reason: /lapsed before 2025-08: 4 consecutive months \(2025-04 to 2025-07\) were not paid, more than 3/,
  },
  {
    name: 'an enrolment never paid for lapses after three months too',
    date: '2025-07-15',
    paid: [],
    status: 'NOT_COVERED',
    lapsed: true,
    reason: /4 consecutive months \(2025-03 to 2025-06\)/,
  },
  {
    name: 'a paid month after a lapse is covered again, with a new run and a new waiting period',
    date: '2025-09-15',
    paid: ['2025-03', '2025-09'],
    status: 'COVERED',
    met: false,
    reason: /run 2025-09 to 2025-09/,
  },
]

for (const row of coverageTable) {
  t.test(row.name, async (t) => {
    const c = coverageOn({ date: row.date, paidMonths: row.paid ?? MARCH_TO_DECEMBER, enrolments: row.enrolments ?? ENROLLED_2025 })
    t.equal(c.status, row.status)
    t.equal(c.jkk, row.status === 'COVERED')
    t.equal(c.jkm, row.status === 'COVERED')
    t.equal(c.rulesetVersion, 'ID-BPU-2019.1')
    if (row.met !== undefined) t.equal(c.jkmWaitingPeriodMet, row.met, `waiting period ${row.met ? 'met' : 'not met'}`)
    if (row.lapsed !== undefined) t.equal(c.lapsed, row.lapsed, row.lapsed ? 'lapsed' : 'not lapsed')
    t.match(c.reasons.join(' | '), row.reason)
    if (row.status === 'PENDING') t.same(c.pending, { waitingFor: `payment of the contribution for ${c.month}`, month: c.month })
    else t.equal(c.pending, undefined)
  })
}

t.test('a run spanning two programmes (2025 and 2026) counts as one', async (t) => {
  const c = coverageOn({
    date: '2026-02-10',
    paidMonths: [...MARCH_TO_DECEMBER, '2026-01', '2026-02'],
    enrolments: [...ENROLLED_2025, { startMonth: '2026-01', endMonth: null }],
  })
  t.same(c.run, { firstMonth: '2025-03', lastMonth: '2026-02', months: 12 })
  t.equal(c.jkmWaitingPeriodEnds, '2025-06-01')
})

t.test('the unpaid streak stops at a paid month or the enrolment start', async (t) => {
  t.same(unpaidStreakBefore(['2025-03'], ENROLLED_2025, '2025-04'), { months: 0, firstMonth: null, lastMonth: null })
  t.same(unpaidStreakBefore(['2025-03'], ENROLLED_2025, '2025-07'), { months: 3, firstMonth: '2025-04', lastMonth: '2025-06' })
  t.same(unpaidStreakBefore([], ENROLLED_2025, '2025-05'), { months: 2, firstMonth: '2025-03', lastMonth: '2025-04' })
  t.equal(membershipLapsedBefore(['2025-03'], ENROLLED_2025, '2025-07'), false, 'three unpaid months: not lapsed')
  t.equal(membershipLapsedBefore(['2025-03'], ENROLLED_2025, '2025-08'), true, 'four unpaid months: lapsed')
})

t.test('contribution months are counted up to and including a month, gaps allowed', async (t) => {
  t.equal(contributionMonthsThrough(MARCH_TO_DECEMBER, '2025-06'), 4)
  t.equal(contributionMonthsThrough(['2025-03', '2025-05', '2025-05'], '2025-12'), 2)
  t.equal(contributionMonthsThrough(MARCH_TO_DECEMBER, '2025-02'), 0)
})

t.test('malformed months and dates are programming errors', async (t) => {
  t.throws(() => coverageOn({ date: '2025-02-30', paidMonths: [], enrolments: [] }), RangeError)
  t.throws(() => coverageOn({ date: '2025-02-01', paidMonths: ['2025-2'], enrolments: [] }), RangeError)
  t.throws(() => coverageOn({ date: '2025-02-01', paidMonths: [], enrolments: [{ startMonth: '2025', endMonth: null }] }), RangeError)
  t.throws(() => coverageOn({ date: '2025-02-01', paidMonths: [], enrolments: [{ startMonth: '2025-01', endMonth: '12-2025' }] }), RangeError)
})

const paidSetArb = fc.uniqueArray(fc.integer({ min: 0, max: 35 }), { maxLength: 36 }).map((offsets) => offsets.map((o) => addMonths('2025-01', o)))

t.test('property: a run never spans an unpaid month and is maximal', async (t) => {
  fc.assert(
    fc.property(paidSetArb, fc.integer({ min: 0, max: 35 }), (paid, offset) => {
      const month = addMonths('2025-01', offset)
      const run = runContaining(paid, month)
      const isPaid = (m: string) => paid.includes(m)
      if (run === null) return !isPaid(month)
      return (
        eachMonth(run.firstMonth, run.lastMonth).every(isPaid) &&
        run.months === monthDiff(run.firstMonth, run.lastMonth) + 1 &&
        !isPaid(addMonths(run.firstMonth, -1)) &&
        !isPaid(addMonths(run.lastMonth, 1))
      )
    })
  )
  t.pass('holds')
})

t.test('property: the runs partition the paid months', async (t) => {
  fc.assert(
    fc.property(paidSetArb, (paid) => {
      const runs = paidRuns(paid)
      return runs.reduce((n, r) => n + r.months, 0) === paid.length && runs.every((r) => eachMonth(r.firstMonth, r.lastMonth).every((m) => paid.includes(m)))
    })
  )
  t.pass('holds')
})

t.test('property: covered exactly when the month is paid, and the waiting period is met exactly from first month + 3', async (t) => {
  fc.assert(
    fc.property(paidSetArb, fc.integer({ min: 0, max: 35 }), fc.integer({ min: 1, max: 28 }), (paid, offset, day) => {
      const month = addMonths('2025-01', offset)
      const date = `${month}-${String(day).padStart(2, '0')}`
      const c = coverageOn({ date, paidMonths: paid, enrolments: [{ startMonth: '2025-01', endMonth: null }] })
      const covered = paid.includes(month)
      if (c.jkk !== covered || c.jkm !== covered || (c.status === 'COVERED') !== covered) return false
      if (!covered) return c.run === null && !c.jkmWaitingPeriodMet && (c.status === 'PENDING') !== c.lapsed
      const run = c.run
      return run !== null && c.jkmWaitingPeriodMet === (date >= firstDayOfMonth(addMonths(run.firstMonth, 3)))
    })
  )
  t.pass('holds')
})
