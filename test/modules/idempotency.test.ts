import t from 'tap'
import { bearer, buildTestApp } from '../helpers/app.js'
import { programInput } from '../helpers/fixtures.js'

const { app, keys } = await buildTestApp(t)

t.test('the same Idempotency-Key with the same body replays the first response', async (t) => {
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'create-tng-2025' }
  const first = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'IDEM-1' }) })
  t.equal(first.statusCode, 201)
  const replay = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'IDEM-1' }) })
  t.equal(replay.statusCode, 201, 'same status, not 409')
  t.equal(replay.body, first.body, 'same body')
  t.equal(replay.headers.etag, first.headers.etag)
  t.equal(replay.headers['idempotent-replayed'], 'true')
  const audit = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=program&entityId=IDEM-1', headers: bearer(keys.admin) })
  t.equal(audit.json().items.length, 1, 'the change happened once')
})

t.test('the same key with a different body is 422', async (t) => {
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'k-1' }
  await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'IDEM-2' }) })
  const other = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'OTHER' }) })
  t.equal(other.statusCode, 422)
  t.equal(other.json().type, 'https://jamsos-rentan.id/problems/idempotency-key-reused')
})

t.test('keys are scoped to the API client', async (t) => {
  const created = await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: 'second admin', role: 'admin' } })
  const secondAdmin = created.json().key
  await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'idempotency-key': 'shared' }, payload: programInput({ code: 'A-1' }) })
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(secondAdmin), 'idempotency-key': 'shared' }, payload: programInput({ code: 'B-1' }) })
  t.equal(res.statusCode, 201, 'another client may use the same key for its own request')
})

t.test('body key order does not make a different request', async (t) => {
  const headers = { ...bearer(keys.admin), 'idempotency-key': 'order', 'content-type': 'application/json' }
  const input = programInput({ code: 'IDEM-3' })
  const reversed = Object.fromEntries(Object.entries(input).reverse())
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: JSON.stringify(input) })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: JSON.stringify(reversed) })).statusCode, 201)
})
