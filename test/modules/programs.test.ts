import t from 'tap'
import { bearer, buildTestApp } from '../helpers/app.js'
import { programInput } from '../helpers/fixtures.js'

const { app, keys } = await buildTestApp(t)

t.test('the Kota Tangerang 2025 programme: quota = floor(999,936,000 / (16,800 × 10)) = 5,952', async (t) => {
  const created = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput() })
  t.equal(created.statusCode, 201, { body: created.body })
  t.equal(created.headers.location, '/v1/programs/TNG-2025')
  t.match(created.json(), { code: 'TNG-2025', months: 10, budget: 999_936_000, contribution: { jkk: 10_000, jkm: 6_800, total: 16_800 }, quota: 5952, enrolledCount: 0 })
  t.match(created.json().rulesetVersion, /^ID-BPU-/)

  const got = await app.inject({ method: 'GET', url: '/v1/programs/TNG-2025', headers: bearer(keys.cimone) })
  t.equal(got.statusCode, 200)
  t.equal(got.json().quota, 5952)
  t.equal(got.headers.etag, '"v1"')
})

t.test('one rupiah less than the exact budget leaves 5,951 places', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code: 'TNG-TIGHT', budget: 999_935_999 }) })
  t.equal(res.json().quota, 5951)
})

t.test('the budget of a new programme is all remaining', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/v1/programs/TNG-2025/budget', headers: bearer(keys.operator) })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    programCode: 'TNG-2025',
    allocated: 999_936_000,
    reserved: 0,
    invoiced: 0,
    paid: 0,
    remaining: 999_936_000,
    forecast: { coveredWorkers: 0, monthlyCost: 0, monthsCoveredByRemaining: null },
  })
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs/NOPE/budget', headers: bearer(keys.operator) })).statusCode, 404)
})

const invalid: Array<[string, Record<string, unknown>, string]> = [
  ['an end month before the start month', { endMonth: '2025-02' }, 'endMonth'],
  ['a malformed month', { startMonth: '2025-13' }, 'startMonth'],
  ['a zero budget', { budget: 0 }, 'budget'],
  ['a fractional budget', { budget: 1000.5 }, 'budget'],
  ['a budget that covers nobody', { budget: 100_000 }, 'budget'],
  ['a kecamatan of another region', { branchByKecamatan: { 360101: 'CIMONE' } }, 'branchByKecamatan.360101'],
  ['a kecamatan code that does not exist in Kota Tangerang', { branchByKecamatan: { 367199: 'CIMONE' } }, 'branchByKecamatan.367199'],
  ['an unknown branch', { branchByKecamatan: { 367101: 'SERPONG' } }, 'branchByKecamatan.367101'],
  ['an unknown occupation', { occupations: ['ASTRONAUT'] }, 'occupations.0'],
  ['minAge above maxAge', { minAge: 70, maxAge: 60 }, 'maxAge'],
  ['an unknown field', { colour: 'blue' }, 'colour'],
  ['a lower-case code', { code: 'tng-2025' }, 'code'],
]
for (const [what, patch, path] of invalid) {
  t.test(`a programme with ${what} is 400 naming ${path}`, async (t) => {
    const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: { ...programInput(), ...patch } })
    t.equal(res.statusCode, 400, { body: res.body })
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    const body = res.json()
    t.match(body, { type: 'https://jamsos-rentan.id/problems/validation-failed', title: String, status: 400, detail: String })
    t.ok(body.errors.some((e: { path: string }) => e.path === path), `errors name ${path}: ${JSON.stringify(body.errors)}`)
  })
}

t.test('a second programme with the same code is 409', async (t) => {
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code: 'DUP-1' }) })).statusCode, 201)
  const again = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code: 'DUP-1', name: 'another' }) })
  t.equal(again.statusCode, 409)
  t.equal(again.json().type, 'https://jamsos-rentan.id/problems/program-exists')
})

t.test('programmes page by code without duplicates or gaps while others are added', async (t) => {
  // a database of its own: the test asserts the exact list
  const { app, keys } = await buildTestApp(t)
  for (const code of ['P-01', 'P-03', 'P-05', 'P-07']) {
    await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code }) })
  }
  const seen: string[] = []
  let cursor: string | null = null
  let round = 0
  do {
    const url: string = `/v1/programs?limit=2${cursor ? `&cursor=${cursor}` : ''}`
    const page = await app.inject({ method: 'GET', url, headers: bearer(keys.auditor) })
    t.equal(page.statusCode, 200)
    seen.push(...page.json().items.map((p: { code: string }) => p.code))
    cursor = page.json().nextCursor
    if (round++ === 0) {
      // inserted behind and ahead of the cursor between two page fetches
      await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code: 'P-00' }) })
      await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code: 'P-06' }) })
    }
  } while (cursor)
  t.same(seen, ['P-01', 'P-03', 'P-05', 'P-06', 'P-07'], 'every pre-existing programme once, in order; the later insert ahead of the cursor appears')
})

t.test('a cursor that this API did not issue is 400', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/v1/programs?cursor=not-a-cursor', headers: bearer(keys.admin) })
  t.equal(res.statusCode, 400)
  t.equal(res.json().errors[0].path, 'cursor')
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs?limit=501', headers: bearer(keys.admin) })).statusCode, 400)
})
