import t from 'tap'
import * as rules from '../../src/rules/index.js'

const { CURRENT_RULESET, RULESET_ID_BPU_2019_1, RULESETS, rulesetByVersion } = rules

t.test('the current rule set is ID-BPU-2019.1', async (t) => {
  t.equal(CURRENT_RULESET, RULESET_ID_BPU_2019_1)
  t.equal(CURRENT_RULESET.version, 'ID-BPU-2019.1')
  t.equal(rulesetByVersion('ID-BPU-2019.1'), RULESET_ID_BPU_2019_1)
  t.equal(rulesetByVersion('ID-BPU-2099.9'), undefined)
  t.equal(rulesetByVersion('constructor'), undefined, 'no prototype lookups')
  t.same(Object.keys(RULESETS), ['ID-BPU-2019.1'])
})

t.test('the rule set holds the numbers of DOMAIN.md', async (t) => {
  const r = RULESET_ID_BPU_2019_1
  t.equal(r.contribution.defaultJkk + r.contribution.defaultJkm, 16_800)
  t.equal(r.jkm.lumpSum + r.jkm.periodic + r.jkm.funeral, 42_000_000)
  t.equal(r.jkm.earlyDeath, 10_000_000)
  t.equal(r.jkk.deathMinimum, r.jkm.lumpSum, 'the JKK death floor is the JKM lump sum')
  t.equal(r.jkk.partialDisabilityMultiplier * 70 / 100, r.jkk.totalDisabilityMultiplier, '70% × 80 = 56')
  t.equal(r.jkk.partialDisabilityMultiplier * 60 / 100, r.jkk.deathMultiplier, '60% × 80 = 48')
  const perChild = Object.values(r.scholarship.levels).reduce((s, l) => s + l.perYear * l.years, 0)
  t.equal(perChild * r.scholarship.maxChildren, r.scholarship.maxTotal, 'Rp87m a child, Rp174m for two')
  t.equal(r.santunanKematian.amount, 3_000_000)
  t.equal(r.santunanKematian.applyWithinWorkingDays, 40)
  t.equal(r.coverage.lapseAfterUnpaidMonths, 3)
  t.equal(r.coverage.jkmWaitingMonths, 3)
  t.equal(r.eligibility.desilMaxAgeMonths, 12)
  t.equal(r.holidays, rules.BUILT_IN_HOLIDAY_CALENDAR, 'the built-in holiday calendar, unless a caller passes the operator\'s')
  t.same(r.holidays.years.map((y) => `${y.year} ${y.status}`), ['2025 FINAL', '2026 FINAL', '2027 PROVISIONAL'])
})

// A rule set with other numbers: every function must follow it, proving no number is a literal in a function body.
const OTHER: rules.RuleSet = {
  ...RULESET_ID_BPU_2019_1,
  version: 'TEST-2099.1',
  nik: { ...RULESET_ID_BPU_2019_1.nik, femaleDayOffset: 50, defaultCenturyPivot: 50 },
  contribution: { ...RULESET_ID_BPU_2019_1.contribution, jkkRateBasisPoints: 200, defaultDeclaredIncome: 2_000_000, dueDayOfMonth: 10 },
  coverage: { lapseAfterUnpaidMonths: 1, jkmWaitingMonths: 6 },
  eligibility: { ...RULESET_ID_BPU_2019_1.eligibility, desilMaxAgeMonths: 3 },
  jkm: { ...RULESET_ID_BPU_2019_1.jkm, earlyDeath: 8_000_000, lumpSum: 30_000_000 },
  scholarship: { ...RULESET_ID_BPU_2019_1.scholarship, minContributionMonthsJkm: 12, maxChildren: 1 },
  jkk: { ...RULESET_ID_BPU_2019_1.jkk, expiryYears: 2, transportCaps: { LAND: 1, SEA: 2, AIR: 3 }, reportWithinDays: 5 },
  santunanKematian: { ...RULESET_ID_BPU_2019_1.santunanKematian, amount: 5_000_000, applyWithinWorkingDays: 5, maxDesil: 2, exclusions: [] },
  documents: { ...RULESET_ID_BPU_2019_1.documents, JKM: ['KK'] },
  heirOrder: [['CHILD'], ['SPOUSE']],
  // Holidays are data too: a 2025 without any, so 14 July counts and the deadline follows this calendar.
  holidays: rules.holidayCalendar([{ year: 2025, status: 'FINAL', source: 'test: no holidays', holidays: [] }]),
}

t.test('every function follows the rule set it is given and records its version', async (t) => {
  const paid = rules.eachMonth('2025-03', '2025-12')
  const enrolments = [{ startMonth: '2025-03', endMonth: '2025-12' }]
  t.equal(rules.jkmWaitingPeriodEnd('2025-03', OTHER), '2025-09-01')
  const early = rules.assessJkm({ dateOfDeath: '2025-08-31', cause: 'ILLNESS', paidMonths: paid, enrolments }, OTHER)
  t.equal(early.amount, 8_000_000)
  t.equal(early.rulesetVersion, 'TEST-2099.1')
  const full = rules.assessJkm({ dateOfDeath: '2025-09-01', cause: 'ILLNESS', paidMonths: paid, enrolments }, OTHER)
  t.equal(full.amount, 52_000_000)
  const cov = rules.coverageOn({ date: '2025-06-10', paidMonths: ['2025-03'], enrolments }, OTHER)
  t.equal(cov.lapsed, true, 'two unpaid months lapse with a limit of 1')
  t.equal(cov.rulesetVersion, 'TEST-2099.1')
  const jkk = rules.assessJkk({ accidentDate: '2025-04-10', claimDate: '2027-04-11', paidMonths: paid, enrolments, benefit: { type: 'DEATH' } }, OTHER)
  t.equal(jkk.eligible, false, 'expired after 2 years')
  const transport = rules.assessJkk({ accidentDate: '2025-04-10', claimDate: '2025-04-20', reportedDate: '2025-04-14', paidMonths: paid, enrolments, benefit: { type: 'TRANSPORT', mode: 'AIR', actualCost: 100 } }, OTHER)
  t.equal(transport.amount, 3)
  t.notMatch(transport.reasons.join(), /reported/, 'reported within 5 days')
  const death = rules.assessJkk({ accidentDate: '2025-04-10', claimDate: '2025-04-20', paidMonths: paid, enrolments, benefit: { type: 'DEATH' } }, OTHER)
  t.equal(death.breakdown[0]?.amount, 96_000_000, 'declared income defaults to the rule set’s 2,000,000')
  t.equal(rules.jkkContributionFor(1_000_000, OTHER), 20_000)
  t.equal(rules.declaredIncomeFor(20_000, OTHER), 1_000_000)
  t.equal(rules.contributionDueDate('2025-03', OTHER), '2025-03-10')
  t.same(rules.defaultContribution(OTHER), { jkk: 10_000, jkm: 6_800 })
  const s = rules.assessScholarship({
    scheme: 'JKM',
    contributionMonths: 12,
    asOf: '2026-01-01',
    children: [
      { birthDate: '2015-01-01', married: false, working: false, level: 'SD' },
      { birthDate: '2016-01-01', married: false, working: false, level: 'SD' },
    ]
  }, OTHER)
  t.equal(s.breakdown.length, 1, 'one child with maxChildren 1')
  t.equal(rules.remainingScholarshipFrom('PT', OTHER), 60_000_000)
  const santunan = rules.assessSantunanKematian({ dateOfDeath: '2025-07-07', applicationDate: '2025-07-14', kecamatanCode: '367101', desil: 2, desilSource: 'DTKS', exclusions: ['SUICIDE'] }, OTHER)
  t.equal(santunan.amount, 5_000_000, 'no exclusions configured; desil 2 allowed')
  t.equal(santunan.applicationDeadline, '2025-07-14')
  t.equal(rules.assessSantunanKematian({ dateOfDeath: '2025-07-07', applicationDate: '2025-07-14', kecamatanCode: '367101', desil: 3, desilSource: 'DTKS' }, OTHER).eligible, false)
  t.same(rules.santunanDeadline('2025-07-07', undefined, OTHER), { ok: true, date: '2025-07-14', provisionalYears: [] })
  t.same(rules.jkmPaymentDueDate('2025-08-14', undefined, OTHER), { ok: true, date: '2025-08-19', provisionalYears: [] }, '18 August is not a holiday in this calendar')
  t.same(rules.requiredDocuments({ type: 'JKM' }, OTHER), ['KK'])
  t.equal(rules.heirRank('SPOUSE', OTHER), 2)
  t.same(rules.rightfulHeirs(['SPOUSE', 'CHILD'], OTHER), ['CHILD'])
  const e = rules.checkEligibility({
    worker: { birthDate: '1985-06-15', sex: 'M', kecamatanCode: '367105', occupation: 'NELAYAN', desil: 2, desilSource: 'DTKS', desilPeriod: '2024-11', dateOfDeath: null, wageEarner: false },
    programme: { code: 'P', regionCode: '3671', maxDesil: 4, occupations: ['NELAYAN'], minAge: 18, maxAge: 60, startMonth: '2025-03', endMonth: '2025-12', branchByKecamatan: { 367105: 'CIMONE' } },
    startMonth: '2025-03',
    enrolledOn: '2025-02-20',
    otherEnrolments: [],
  }, OTHER)
  t.equal(e.checks.find((c) => c.rule === 'DESIL_RECENT')?.passed, false, '4 months old with a limit of 3')
  t.equal(e.rulesetVersion, 'TEST-2099.1')
  t.equal(rules.buildNik({ kecamatan: '367101', birthDate: '1990-08-16', sex: 'F', serial: 1 }, OTHER), '3671016608900001')
  const parsed = rules.parseNik('3671016608400001', { ruleset: OTHER })
  t.same(parsed.ok && [parsed.value.sex, parsed.value.birthDate], ['F', '2040-08-16'], 'pivot 50 reads 40 as 2040')
  t.same(rules.checkNikAgainst('3671016608900001', { birthDate: '1990-08-16', sex: 'F' }, OTHER), [])
  t.equal(rules.maskNik('3671016608900001', OTHER), '3671••••••••0001')
  t.equal(rules.membershipLapsedBefore(['2025-03'], enrolments, '2025-06', OTHER), true)
})
