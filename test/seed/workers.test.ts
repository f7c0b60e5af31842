import t from 'tap'
import { ImportRowSchema } from '../../src/modules/workers/workers.schemas.js'
import { workerFactErrors } from '../../src/modules/workers/workers.service.js'
import { ageOn } from '../../src/rules/calendar.js'
import { isOccupation } from '../../src/rules/occupations.js'
import { kecamatanInRegion } from '../../src/rules/regions.js'
import { generateDemoWorkers, seedDemoWorkers } from '../../src/seed/workers.js'
import { bearer, buildTestApp } from '../helpers/app.js'

t.test('the demo generator is reproducible: the same seed gives the same people, another seed others', async (t) => {
  const a = [...generateDemoWorkers({ count: 300, seed: 1 })]
  const b = [...generateDemoWorkers({ count: 300, seed: 1 })]
  const c = [...generateDemoWorkers({ count: 300, seed: 2 })]
  t.same(a, b)
  t.not(JSON.stringify(a), JSON.stringify(c))
  t.same([...generateDemoWorkers({ count: 100, seed: 1 })], a.slice(0, 100), 'a smaller run is a prefix of a larger one')
})

t.test('every demo worker passes the import’s own validation, in Kota Tangerang, desil 1–6, with unique NIKs', async (t) => {
  const workers = [...generateDemoWorkers({ count: 5000 })]
  const invalid = workers.filter((w) => {
    const parsed = ImportRowSchema.safeParse(JSON.parse(JSON.stringify(w)))
    return !parsed.success || workerFactErrors(parsed.data, '2026-01-01').length > 0
  })
  t.same(invalid, [], 'no worker the import would reject')
  t.equal(new Set(workers.map((w) => w.nik)).size, workers.length, 'unique NIKs')
  t.ok(workers.every((w) => kecamatanInRegion(w.kecamatanCode, '3671') && isOccupation(w.occupation) && w.desil >= 1 && w.desil <= 6))
  const desils = new Set(workers.map((w) => w.desil))
  t.same([...desils].sort(), [1, 2, 3, 4, 5, 6], 'every desil 1–6 occurs')
  t.equal(new Set(workers.map((w) => w.kecamatanCode)).size, 13, 'all 13 kecamatan occur')
  t.ok(workers.some((w) => w.desilSource === 'DTSEN') && workers.some((w) => w.desilSource === 'DTKS'))
  const households = new Set(workers.map((w) => w.kkNumber)).size
  t.ok(households < workers.length * 0.85 && households > workers.length * 0.6, `households share a KK number (${households} KK for ${workers.length})`)
  const women = workers.filter((w) => w.sex === 'F')
  t.ok(women.length > 0 && women.every((w) => Number(w.nik.slice(6, 8)) > 40), 'women’s NIKs carry the day + 40')
  const ages = workers.map((w) => ageOn(w.birthDate, '2025-03-01'))
  t.ok(Math.min(...ages) >= 17 && Math.max(...ages) <= 70)
})

t.test('seeding writes the workers through the import upsert; seeding again changes nothing', async (t) => {
  const { app, keys } = await buildTestApp(t)
  const first = await seedDemoWorkers(app.dbHandle.db, { count: 1000 })
  t.match(first, { created: 1000, updated: 0, unchanged: 0 })
  const again = await seedDemoWorkers(app.dbHandle.db, { count: 1000 })
  t.match(again, { created: 0, updated: 0, unchanged: 1000 })
  const page = await app.inject({ method: 'GET', url: '/v1/workers?limit=500&kecamatanCode=367105', headers: bearer(keys.auditor) })
  t.ok(page.json().items.length > 30, 'Cipondoh has its share')
  const [demo] = [...generateDemoWorkers({ count: 1 })]
  const found = await app.inject({ method: 'POST', url: '/v1/workers/search', headers: bearer(keys.operator), payload: { nik: demo!.nik } })
  t.match(found.json(), { name: demo!.name, kecamatanCode: demo!.kecamatanCode })
  const summary = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=worker-import', headers: bearer(keys.auditor) })
  t.match(summary.json().items, [{ actor: { role: 'admin' }, after: { format: 'demo-seed', created: 1000 } }, { after: { unchanged: 1000 } }])
})
