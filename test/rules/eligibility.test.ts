import fc from 'fast-check'
import t from 'tap'
import {
  ELIGIBILITY_RULES,
  checkEligibility,
  explainCheck,
  type CompactCheck,
  type EligibilityInput,
  type ProgrammeParameters,
  type WorkerFacts,
} from '../../src/rules/eligibility.js'
import { OCCUPATIONS, OCCUPATION_LABELS, isOccupation } from '../../src/rules/occupations.js'

const PROGRAMME: ProgrammeParameters = {
  code: 'KOTA-TNG-2025',
  regionCode: '3671',
  maxDesil: 4,
  occupations: OCCUPATIONS,
  minAge: 18,
  maxAge: 60,
  startMonth: '2025-03',
  endMonth: '2025-12',
  branchByKecamatan: { 367105: 'CIKOKOL', 367107: 'CIMONE', 367113: 'BATUCEPER' },
}

const WORKER: WorkerFacts = {
  birthDate: '1985-06-15',
  sex: 'M',
  kecamatanCode: '367105',
  occupation: 'TUKANG_OJEK',
  desil: 2,
  desilSource: 'DTKS',
  desilPeriod: '2025-02',
  dateOfDeath: null,
  wageEarner: false,
}

function judge (
  worker: Partial<WorkerFacts> = {},
  rest: Partial<Omit<EligibilityInput, 'worker' | 'programme'>> & { programme?: Partial<ProgrammeParameters> } = {}
) {
  return checkEligibility({
    worker: { ...WORKER, ...worker },
    programme: { ...PROGRAMME, ...rest.programme },
    startMonth: rest.startMonth ?? '2025-03',
    enrolledOn: rest.enrolledOn ?? '2025-02-20',
    otherEnrolments: rest.otherEnrolments ?? [],
  })
}

function rule (result: ReturnType<typeof judge>, name: string) {
  const found = result.checks.find((c) => c.rule === name)
  if (found === undefined) throw new Error(`no check ${name}`)
  return found
}

t.test('a poor tukang ojek living in Cipondoh, aged 39, is eligible on every check', async (t) => {
  const r = judge()
  t.equal(r.eligible, true)
  t.equal(r.rulesetVersion, 'ID-BPU-2019.1')
  t.equal(r.asOf, '2025-03-01')
  t.equal(r.enrolledOn, '2025-02-20')
  t.equal(r.branchCode, 'CIKOKOL', 'the branch that serves Cipondoh in this programme')
  t.same(
    r.checks.map((c) => c.rule),
    [...ELIGIBILITY_RULES],
    'every check is listed, in a stable order'
  )
  t.ok(r.checks.every((c) => c.passed && c.detail.length > 0))
})

t.test('without a start month the checks are judged as of the programme start', async (t) => {
  const r = checkEligibility({ worker: WORKER, programme: { ...PROGRAMME, startMonth: '2025-05' }, enrolledOn: '2025-04-20', otherEnrolments: [] })
  t.equal(r.asOf, '2025-05-01')
  t.equal(r.eligible, true)
})

t.test('every check is evaluated: a worker failing several sees all reasons', async (t) => {
  const r = judge({ desil: 7, occupation: 'PNS', wageEarner: true })
  t.equal(r.eligible, false)
  t.same(
    r.checks.filter((c) => !c.passed).map((c) => c.rule),
    ['DESIL_WITHIN_MAX', 'OCCUPATION_ELIGIBLE', 'NOT_WAGE_EARNER']
  )
})

const table: { name: string; worker?: Partial<WorkerFacts>; rest?: Parameters<typeof judge>[1]; rule: string; passed: boolean; detail: RegExp }[] = [
  // START_WITHIN_PROGRAMME
  { name: 'a start in the programme’s first month is within it', rest: { startMonth: '2025-03' }, rule: 'START_WITHIN_PROGRAMME', passed: true, detail: /2025-03 is within programme KOTA-TNG-2025/ },
  { name: 'a start in the programme’s last month is within it', rest: { startMonth: '2025-12' }, rule: 'START_WITHIN_PROGRAMME', passed: true, detail: /within/ },
  { name: 'a start the month before the programme is outside it', rest: { startMonth: '2025-02' }, rule: 'START_WITHIN_PROGRAMME', passed: false, detail: /2025-02 is outside programme KOTA-TNG-2025 \(2025-03 to 2025-12\)/ },
  { name: 'a start the month after the programme is outside it', rest: { startMonth: '2026-01' }, rule: 'START_WITHIN_PROGRAMME', passed: false, detail: /outside/ },
  // DOMICILE_IN_REGION
  { name: 'a domicile in Larangan (367113) is in Kota Tangerang', worker: { kecamatanCode: '367113' }, rule: 'DOMICILE_IN_REGION', passed: true, detail: /367113 is in region 3671/ },
  { name: 'a domicile in Kabupaten Tangerang is not in Kota Tangerang', worker: { kecamatanCode: '360301' }, rule: 'DOMICILE_IN_REGION', passed: false, detail: /360301 is not in region 3671/ },
  { name: 'a 14th kecamatan code does not exist', worker: { kecamatanCode: '367114' }, rule: 'DOMICILE_IN_REGION', passed: false, detail: /not in region/ },
  // DESIL_WITHIN_MAX
  { name: 'desil 4 is within the maximum 4', worker: { desil: 4 }, rule: 'DESIL_WITHIN_MAX', passed: true, detail: /desil 4 \(DTKS\) is within the programme maximum 4/ },
  { name: 'desil 5 is above the programme maximum 4', worker: { desil: 5, desilSource: 'DTSEN' }, rule: 'DESIL_WITHIN_MAX', passed: false, detail: /desil 5 \(DTSEN\) is above the programme maximum 4/ },
  { name: 'desil 1 is within a desil 1–2 programme', worker: { desil: 1 }, rest: { programme: { maxDesil: 2 } }, rule: 'DESIL_WITHIN_MAX', passed: true, detail: /maximum 2/ },
  { name: 'desil 3 is above a desil 1–2 programme', worker: { desil: 3 }, rest: { programme: { maxDesil: 2 } }, rule: 'DESIL_WITHIN_MAX', passed: false, detail: /above the programme maximum 2/ },
  // DESIL_RECENT
  { name: 'a desil period 12 months before the start month counts', worker: { desilPeriod: '2024-03' }, rule: 'DESIL_RECENT', passed: true, detail: /2024-03 \(DTKS\) is 12 months before start month 2025-03, within the limit of 12/ },
  { name: 'a desil period 13 months before the start month is too old', worker: { desilPeriod: '2024-02' }, rule: 'DESIL_RECENT', passed: false, detail: /2024-02 \(DTKS\) is 13 months before start month 2025-03, more than the limit of 12/ },
  { name: 'a desil period newer than the start month counts', worker: { desilPeriod: '2025-06' }, rule: 'DESIL_RECENT', passed: true, detail: /2025-06 \(DTKS\) is not older than start month 2025-03/ },
  { name: 'a desil period of the start month itself counts', worker: { desilPeriod: '2025-03' }, rule: 'DESIL_RECENT', passed: true, detail: /is not older than/ },
  { name: 'the desil age limit is a programme parameter', worker: { desilPeriod: '2024-09' }, rest: { programme: { desilMaxAgeMonths: 6 } }, rule: 'DESIL_RECENT', passed: true, detail: /limit of 6/ },
  { name: 'a desil 7 months old fails a 6-month limit', worker: { desilPeriod: '2024-08' }, rest: { programme: { desilMaxAgeMonths: 6 } }, rule: 'DESIL_RECENT', passed: false, detail: /7 months before .* limit of 6/ },
  // OCCUPATION_ELIGIBLE
  { name: 'a nelayan is on the list', worker: { occupation: 'NELAYAN' }, rule: 'OCCUPATION_ELIGIBLE', passed: true, detail: /NELAYAN is on the programme's list/ },
  { name: 'a civil servant is not on the list', worker: { occupation: 'PNS' }, rule: 'OCCUPATION_ELIGIBLE', passed: false, detail: /PNS is not on the programme's list \(NELAYAN, PETANI/ },
  { name: 'a programme may list fewer occupations', worker: { occupation: 'PETANI' }, rest: { programme: { occupations: ['NELAYAN'] } }, rule: 'OCCUPATION_ELIGIBLE', passed: false, detail: /not on the programme's list \(NELAYAN\)/ },
  // AGE_WITHIN_LIMITS (on the first day of the start month)
  { name: 'turning 18 on the first day of the start month is old enough', worker: { birthDate: '2007-03-01' }, rule: 'AGE_WITHIN_LIMITS', passed: true, detail: /age 18 on 2025-03-01 is within the programme limits 18–60/ },
  { name: 'turning 18 the day after the first of the start month is too young', worker: { birthDate: '2007-03-02' }, rule: 'AGE_WITHIN_LIMITS', passed: false, detail: /age 17 on 2025-03-01 is below the programme limits 18–60/ },
  { name: 'aged 60 on the first day of the start month is within the limit', worker: { birthDate: '1964-03-02' }, rule: 'AGE_WITHIN_LIMITS', passed: true, detail: /age 60 .* within/ },
  { name: 'turning 61 on the first day of the start month is too old', worker: { birthDate: '1964-03-01' }, rule: 'AGE_WITHIN_LIMITS', passed: false, detail: /age 61 on 2025-03-01 is above the programme limits 18–60/ },
  { name: 'age is judged as of the start month asked about, not the programme start', worker: { birthDate: '2007-06-10' }, rest: { startMonth: '2025-07' }, rule: 'AGE_WITHIN_LIMITS', passed: true, detail: /age 18 on 2025-07-01/ },
  // ALIVE: judged on the day the enrolment was decided (enrolledOn) and on the first day of the start month
  { name: 'no recorded death is alive', rule: 'ALIVE', passed: true, detail: /no date of death is recorded/ },
  { name: 'a death on the last day before the start month fails', worker: { dateOfDeath: '2025-02-28' }, rest: { enrolledOn: '2025-02-01' }, rule: 'ALIVE', passed: false, detail: /died on 2025-02-28, before 2025-03-01, the first day of the start month/ },
  { name: 'a death on the first day of the start month, after the decision, keeps a recorded cohort member eligible', worker: { dateOfDeath: '2025-03-01' }, rule: 'ALIVE', passed: true, detail: /died on 2025-03-01, not before the enrolment was decided on 2025-02-20 nor before 2025-03-01/ },
  { name: 'a later death does not undo a past enrolment (a recorded cohort)', worker: { dateOfDeath: '2025-08-10' }, rest: { enrolledOn: '2025-03-05' }, rule: 'ALIVE', passed: true, detail: /not before the enrolment was decided on 2025-03-05/ },
  { name: 'a death inside the start month, before the day the enrolment is decided, fails', worker: { dateOfDeath: '2025-03-10' }, rest: { enrolledOn: '2025-03-20' }, rule: 'ALIVE', passed: false, detail: /died on 2025-03-10, before the enrolment was decided on 2025-03-20/ },
  { name: 'a death months before today fails a new enrolment for a past start month', worker: { dateOfDeath: '2025-06-01' }, rest: { enrolledOn: '2026-12-02' }, rule: 'ALIVE', passed: false, detail: /before the enrolment was decided on 2026-12-02/ },
  { name: 'a death on the day the enrolment is decided is not before it', worker: { dateOfDeath: '2025-03-20' }, rest: { enrolledOn: '2025-03-20' }, rule: 'ALIVE', passed: true, detail: /not before the enrolment was decided/ },
  // NOT_WAGE_EARNER
  { name: 'a wage-earner (PU) participant is already insured', worker: { wageEarner: true }, rule: 'NOT_WAGE_EARNER', passed: false, detail: /already insured as a wage earner \(PU\)/ },
  { name: 'an informal worker is not a wage earner', rule: 'NOT_WAGE_EARNER', passed: true, detail: /not insured as a wage earner/ },
  // NO_OVERLAPPING_ENROLMENT
  { name: 'no other enrolment, no overlap', rule: 'NO_OVERLAPPING_ENROLMENT', passed: true, detail: /no other enrolment covers any month from 2025-03 to 2025-12/ },
  {
    name: 'an enrolment that ended the month before the start does not overlap',
    rest: { startMonth: '2025-06', otherEnrolments: [{ programCode: 'KAB-TNG-2025', startMonth: '2025-01', endMonth: '2025-05' }] },
    rule: 'NO_OVERLAPPING_ENROLMENT',
    passed: true,
    detail: /no other enrolment/,
  },
  {
    name: 'an enrolment ending in the start month overlaps that month',
    rest: { startMonth: '2025-06', otherEnrolments: [{ programCode: 'KAB-TNG-2025', startMonth: '2025-01', endMonth: '2025-06' }] },
    rule: 'NO_OVERLAPPING_ENROLMENT',
    passed: false,
    detail: /programme KAB-TNG-2025 \(2025-01 to 2025-06\) overlaps 2025-06 to 2025-06/,
  },
  {
    name: 'an open-ended enrolment overlaps every later month',
    rest: { otherEnrolments: [{ programCode: 'KAB-TNG-2024', startMonth: '2024-01', endMonth: null }] },
    rule: 'NO_OVERLAPPING_ENROLMENT',
    passed: false,
    detail: /KAB-TNG-2024 \(2024-01 to open\) overlaps 2025-03 to 2025-12/,
  },
  {
    name: 'an enrolment starting in the programme’s last month overlaps',
    rest: { otherEnrolments: [{ programCode: 'OTHER', startMonth: '2025-12', endMonth: null }] },
    rule: 'NO_OVERLAPPING_ENROLMENT',
    passed: false,
    detail: /overlaps 2025-12 to 2025-12/,
  },
  {
    name: 'an enrolment starting after the programme end does not overlap',
    rest: { otherEnrolments: [{ programCode: 'KOTA-TNG-2026', startMonth: '2026-01', endMonth: null }] },
    rule: 'NO_OVERLAPPING_ENROLMENT',
    passed: true,
    detail: /no other enrolment/,
  },
  {
    name: 'every overlapping enrolment is named',
    rest: {
      otherEnrolments: [
        { programCode: 'A', startMonth: '2025-04', endMonth: '2025-05' },
        { programCode: 'B', startMonth: '2025-11', endMonth: '2026-02' },
      ],
    },
    rule: 'NO_OVERLAPPING_ENROLMENT',
    passed: false,
    detail: /A \(2025-04 to 2025-05\) overlaps 2025-04 to 2025-05; programme B \(2025-11 to 2026-02\) overlaps 2025-11 to 2025-12/,
  },
  // BRANCH_ASSIGNED
  { name: 'a kecamatan the programme maps to a branch is assigned to it', worker: { kecamatanCode: '367107' }, rule: 'BRANCH_ASSIGNED', passed: true, detail: /kecamatan 367107 is served by branch CIMONE/ },
  { name: 'a kecamatan of the region with no branch in the programme is not assigned', worker: { kecamatanCode: '367101' }, rule: 'BRANCH_ASSIGNED', passed: false, detail: /programme KOTA-TNG-2025 names no BPJS branch for kecamatan 367101/ },
  { name: 'an inherited object key is not a branch', worker: { kecamatanCode: 'toString' }, rule: 'BRANCH_ASSIGNED', passed: false, detail: /names no BPJS branch/ },
]

for (const row of table) {
  t.test(row.name, async (t) => {
    const r = judge(row.worker, row.rest)
    const c = rule(r, row.rule)
    t.equal(c.passed, row.passed, `${row.rule} ${row.passed ? 'passes' : 'fails'}`)
    t.match(c.detail, row.detail)
    t.equal(r.eligible, r.checks.every((x) => x.passed), 'eligible only when every check passes')
  })
}

t.test('malformed facts are programming errors, not ineligibility', async (t) => {
  t.throws(() => judge({}, { startMonth: '2025-3' }), RangeError)
  t.throws(() => judge({ desilPeriod: '2025' }), RangeError)
  t.throws(() => judge({ birthDate: '1985-02-30' }), RangeError)
  t.throws(() => judge({ dateOfDeath: '2025-13-01' }), RangeError)
  t.throws(() => judge({}, { enrolledOn: '2025-02-30' }), RangeError)
  t.throws(() => judge({ desil: 0 }), RangeError)
  t.throws(() => judge({ desil: 11 }), RangeError)
  t.throws(() => judge({ desil: 2.5 }), RangeError)
  t.throws(() => judge({}, { programme: { minAge: -1 } }), RangeError)
  t.throws(() => judge({}, { programme: { maxDesil: 1.5 } }), RangeError)
  t.throws(() => judge({}, { programme: { startMonth: 'March' } }), RangeError)
  t.throws(() => judge({}, { otherEnrolments: [{ programCode: 'X', startMonth: '2025-1', endMonth: null }] }), RangeError)
  t.throws(() => judge({}, { otherEnrolments: [{ programCode: 'X', startMonth: '2025-01', endMonth: '2025-1' }] }), RangeError)
})

t.test('the eleven occupations named by the programme have canonical codes', async (t) => {
  t.equal(OCCUPATIONS.length, 11)
  t.ok(OCCUPATIONS.every((o) => /^[A-Z_]+$/.test(o) && OCCUPATION_LABELS[o].length > 0))
  t.equal(isOccupation('SOPIR_ANGKUTAN_UMUM'), true)
  t.equal(isOccupation('sopir'), false)
})

t.test('a stored decision (rule, outcome, values) is explained on read in the very words it was decided with', async (t) => {
  const r = judge()
  const stored = JSON.parse(JSON.stringify(r.stored)) as CompactCheck[]
  t.same(stored.map(explainCheck), r.checks, 'rendered from the stored values after a JSON round trip')
  t.same(stored[0], ['START_WITHIN_PROGRAMME', 1, '2025-03', 'KOTA-TNG-2025', '2025-03', '2025-12'])
  t.ok(JSON.stringify(r.stored).length < 450, 'an eligible decision stores a few hundred bytes, not its sentences')
  t.ok(JSON.stringify(r.checks).length > 2 * JSON.stringify(r.stored).length)
  t.throws(() => explainCheck(['NO_SUCH_RULE' as never, 1]), RangeError, 'a rule the rule set does not know is an error, not a blank')
})

t.test('property: every decision, eligible or not, is explained identically from what is stored', async () => {
  const month = fc.record({ y: fc.integer({ min: 2023, max: 2027 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`)
  const day = fc.record({ y: fc.integer({ min: 2023, max: 2027 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
  fc.assert(
    fc.property(
      fc.record({
        desil: fc.integer({ min: 1, max: 10 }),
        desilPeriod: month,
        occupation: fc.constantFrom('TUKANG_OJEK', 'PNS', 'NELAYAN'),
        kecamatanCode: fc.constantFrom('367105', '367107', '367199', '320101'),
        birthYear: fc.integer({ min: 1950, max: 2012 }),
        dateOfDeath: fc.option(day, { nil: null }),
        wageEarner: fc.boolean(),
      }),
      month,
      day,
      fc.array(fc.record({ programCode: fc.constantFrom('A', 'B'), startMonth: month, endMonth: fc.option(month, { nil: null }) }), { maxLength: 3 }),
      (w, startMonth, enrolledOn, otherEnrolments) => {
        const r = judge(
          { desil: w.desil, desilPeriod: w.desilPeriod, occupation: w.occupation, kecamatanCode: w.kecamatanCode, birthDate: `${w.birthYear}-06-15`, dateOfDeath: w.dateOfDeath, wageEarner: w.wageEarner },
          { startMonth, enrolledOn, otherEnrolments }
        )
        const again = (JSON.parse(JSON.stringify(r.stored)) as CompactCheck[]).map(explainCheck)
        if (JSON.stringify(again) !== JSON.stringify(r.checks)) throw new Error('a stored decision reads differently from the one made')
      }
    ),
    { numRuns: 500 }
  )
})
