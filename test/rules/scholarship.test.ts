import t from 'tap'
import { assessScholarship, remainingScholarshipFrom, type ScholarshipChild, type ScholarshipInput } from '../../src/rules/scholarship.js'

const AS_OF = '2028-07-01'
const child = (p: Partial<ScholarshipChild> = {}): ScholarshipChild => ({
  birthDate: '2015-05-05',
  married: false,
  working: false,
  level: 'SD',
  ...p,
})
function scholarship (p: Partial<ScholarshipInput>) {
  return assessScholarship({ scheme: 'JKM', contributionMonths: 36, asOf: AS_OF, children: [child()], ...p })
}

t.test('a JKM scholarship needs at least 36 contribution months', async (t) => {
  const at36 = scholarship({ contributionMonths: 36 })
  t.equal(at36.eligible, true, '36 months qualify')
  t.equal(at36.amount, 1_500_000)
  const at35 = scholarship({ contributionMonths: 35 })
  t.equal(at35.eligible, false, '35 months do not')
  t.equal(at35.amount, 0)
  t.match(at35.reasons, [/at least 36 contribution months; 35 were paid/])
  t.equal(at35.maxTotal, 0)
  t.same(at35.children.map((c) => c.selected), [false])
})

t.test('a JKK scholarship needs no minimum contribution period', async (t) => {
  const a = scholarship({ scheme: 'JKK', contributionMonths: 0 })
  t.equal(a.eligible, true)
  t.match(a.reasons[0], /no minimum contribution period/)
})

t.test('yearly amounts by level: TK and SD Rp1.5m, SMP Rp2m, SMA Rp3m, university Rp12m', async (t) => {
  for (const [level, yearly, remaining] of [
    ['TK', 1_500_000, 87_000_000],
    ['SD', 1_500_000, 84_000_000],
    ['SMP', 2_000_000, 75_000_000],
    ['SMA', 3_000_000, 69_000_000],
    ['PT', 12_000_000, 60_000_000],
  ] as const) {
    const a = scholarship({ children: [child({ level })] })
    t.equal(a.amount, yearly, `${level}: ${yearly} a year`)
    t.same(a.breakdown, [{ component: 'SCHOLARSHIP_CHILD_1', amount: yearly }])
    t.equal(a.maxTotal, remaining, `${level}: at most ${remaining} from here on`)
    t.equal(remainingScholarshipFrom(level), remaining)
  }
})

t.test('two children from TK can receive at most Rp174,000,000', async (t) => {
  const a = scholarship({ children: [child({ level: 'TK', birthDate: '2023-01-01' }), child({ level: 'TK', birthDate: '2024-01-01' })] })
  t.equal(a.maxTotal, 174_000_000)
  t.equal(a.amount, 3_000_000)
  t.same(a.breakdown.map((l) => l.component), ['SCHOLARSHIP_CHILD_1', 'SCHOLARSHIP_CHILD_2'])
})

t.test('a child aged 22 qualifies; a child who turned 23 does not', async (t) => {
  const a22 = scholarship({ children: [child({ birthDate: '2005-07-02', level: 'PT' })] })
  t.equal(a22.eligible, true, 'turns 23 tomorrow')
  const a23 = scholarship({ children: [child({ birthDate: '2005-07-01', level: 'PT' })] })
  t.equal(a23.eligible, false, '23 today')
  t.match(a23.children[0]?.reasons, [/aged 23 on 2028-07-01, not younger than 23/])
  t.match(a23.reasons, [/no child qualifies/])
})

t.test('a married, working or out-of-school child does not qualify', async (t) => {
  const a = scholarship({
    children: [child({ married: true }), child({ working: true }), child({ level: null })],
  })
  t.equal(a.eligible, false)
  t.same(a.children.map((c) => c.reasons), [['married'], ['working'], ['not attending school']])
  const several = scholarship({ children: [child({ married: true, working: true })] })
  t.same(several.children[0]?.reasons, ['married', 'working'])
})

t.test('only two children receive it: the two oldest qualifying children are chosen', async (t) => {
  const a = scholarship({
    children: [
      child({ birthDate: '2016-01-01', level: 'SD' }),
      child({ birthDate: '2012-01-01', level: 'SMP' }),
      child({ birthDate: '2003-01-01', level: 'PT', working: true }),
      child({ birthDate: '2014-01-01', level: 'SD' }),
    ],
  })
  t.same(a.children.map((c) => c.selected), [false, true, false, true])
  t.match(a.children[0]?.reasons, [/at most 2 children receive the scholarship/])
  t.same(a.breakdown, [
    { component: 'SCHOLARSHIP_CHILD_1', amount: 2_000_000 },
    { component: 'SCHOLARSHIP_CHILD_2', amount: 1_500_000 },
  ])
  t.equal(a.amount, 3_500_000)
  t.equal(a.maxTotal, 75_000_000 + 84_000_000)
})

t.test('twins born the same day are chosen in input order', async (t) => {
  const a = scholarship({
    children: [child({ birthDate: '2014-01-01' }), child({ birthDate: '2014-01-01' }), child({ birthDate: '2014-01-01' })],
  })
  t.same(a.children.map((c) => c.selected), [true, true, false])
  const b = scholarship({ children: [child({ birthDate: '2015-01-01' }), child({ birthDate: '2014-01-01' }), child({ birthDate: '2016-01-01' })] })
  t.same(b.children.map((c) => c.selected), [true, true, false], 'a younger child listed later is left out')
})

t.test('no children, no scholarship', async (t) => {
  const a = scholarship({ children: [] })
  t.equal(a.eligible, false)
  t.equal(a.amount, 0)
})

t.test('malformed input is a programming error', async (t) => {
  t.throws(() => scholarship({ asOf: '2028-02-30' }), RangeError)
  t.throws(() => scholarship({ contributionMonths: -1 }), RangeError)
  t.throws(() => scholarship({ contributionMonths: 1.5 }), RangeError)
  t.throws(() => scholarship({ children: [child({ birthDate: '2015-13-01' })] }), RangeError)
})
