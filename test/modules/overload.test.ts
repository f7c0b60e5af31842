import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { bearer, buildTestApp, openTestDatabase } from '../helpers/app.js'

/**
 * Load shedding (@fastify/under-pressure): while the process is saturated, new requests get a 503 problem+json
 * with Retry-After at once, and the health probes and /metrics keep answering.
 */

const db = await openTestDatabase(t)

t.test('with the heap over its threshold, API requests get 503 overloaded while the probes and metrics answer', async (t) => {
  // a 1-byte heap limit: saturated from the first sample on, so the outcome does not depend on timing
  const { app, keys } = await buildTestApp(t, { pressureMaxHeapUsedBytes: 1, pressureMaxEventLoopDelayMs: 0, pressureSampleIntervalMs: 10 }, db)
  await sleep(60)
  const res = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(keys.admin) })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(res.headers['retry-after'], '2')
  t.match(res.json(), { type: 'https://jamsos-rentan.id/problems/overloaded', title: String, status: 503, detail: String, requestId: String })

  const live = await app.inject('/health/live')
  t.equal(live.statusCode, 200, 'alive: an orchestrator must not restart a process that is only busy')
  t.same(live.json(), { status: 'ok' })
  t.equal((await app.inject('/health/ready')).statusCode, 200, 'readiness reports the database')
  t.equal((await app.inject('/metrics')).statusCode, 200, 'metrics answer under load')
})

t.test('after the event loop was blocked, new requests get 503 overloaded', async (t) => {
  const { app } = await buildTestApp(t, { pressureMaxEventLoopDelayMs: 20, pressureMaxHeapUsedBytes: 0, pressureSampleIntervalMs: 100 }, db)
  const until = Date.now() + 500
  while (Date.now() < until) {
    // a synchronous stretch, as a CSV parse of a large import once was
  }
  // a sample (every 100 ms) sees the delay and holds it until the next one; poll until then
  let shed
  for (const deadline = Date.now() + 2_000; Date.now() < deadline;) {
    const res = await app.inject('/v1/nothing-here')
    if (res.statusCode === 503) {
      shed = res
      break
    }
    t.equal(res.statusCode, 404, 'served normally until the sample')
    await sleep(5)
  }
  if (!shed) return t.fail('no request was shed after a 500 ms block')
  t.equal(shed.headers['retry-after'], '2')
  t.match(shed.json(), { type: 'https://jamsos-rentan.id/problems/overloaded', status: 503 })
})
