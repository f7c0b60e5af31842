import t from 'tap'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../src/db/client.js'
import { bearer, buildTestApp } from '../helpers/app.js'
import { workerInput } from '../helpers/fixtures.js'
import { createProgram } from '../helpers/setup.js'

t.test('Dinas Sosial enrols its 5,952 workers in one batch and the budget is exactly used, never passed', async (t) => {
  const { app, keys } = await buildTestApp(t)
  const code = await createProgram(app, keys.admin) // TNG-2025 parameters: Rp999,936,000, quota 5,952
  const rows = Array.from({ length: 6_000 }, (_, i) =>
    workerInput({ birthDate: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? 'M' : 'F', occupation: i % 3 ? 'BURUH_HARIAN' : 'NELAYAN' })
  )
  const imported = await app.inject({ method: 'POST', url: '/v1/workers/import', headers: bearer(keys.operator), payload: rows as never })
  t.equal(imported.statusCode, 200, imported.body.slice(0, 300))
  t.equal(imported.json().created, 6_000)
  const ids = rowsOf<{ id: string }>(await app.dbHandle.db.execute(sql`select id from workers order by seq`)).map((r) => r.id)

  const res = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: { ...bearer(keys.operator), 'idempotency-key': 'scale-batch' }, payload: { programCode: code, workerIds: ids } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.enrolled, 5_952, 'exactly the quota')
  t.equal(body.results.filter((r: { outcome: string }) => r.outcome === 'QUOTA_EXHAUSTED').length, 48)
  t.ok(body.results.slice(0, 5_952).every((r: { outcome: string }) => r.outcome === 'ENROLLED'), 'places go in request order')

  const budget = (await app.inject({ method: 'GET', url: `/v1/programs/${code}/budget`, headers: bearer(keys.admin) })).json()
  t.match(budget, { programCode: code, allocated: 999_936_000, reserved: 999_936_000, invoiced: 0, paid: 0, remaining: 0 })
  const feed = await app.inject({ method: 'GET', url: '/v1/branches/CIMONE/enrolments', headers: { ...bearer(keys.cimone), accept: 'text/csv' } })
  t.equal(feed.body.split('\r\n').filter(Boolean).length, 1 + 5_952, 'the branch pulls all 5,952 as one CSV')
})
