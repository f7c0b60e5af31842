import t from 'tap'
import { sql } from 'drizzle-orm'
import { buildApp } from '../../src/app.js'
import { bearer, buildTestApp, openTestDatabase, testConfig } from '../helpers/app.js'

const { app, keys, db } = await buildTestApp(t)

t.test('an admin creates a key whose secret is shown once and stored only as a hash', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: 'Cimone integrator', role: 'branch', branchCode: 'CIMONE' } })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body, { name: 'Cimone integrator', role: 'branch', branchCode: 'CIMONE', revokedAt: null })
  t.match(body.key, /^jr_[A-Za-z0-9_-]{43}$/)
  t.equal(res.headers['cache-control'], 'no-store')

  const list = await app.inject({ method: 'GET', url: '/v1/api-keys?limit=500', headers: bearer(keys.admin) })
  t.equal(list.statusCode, 200)
  t.notOk(list.body.includes(body.key), 'the list never shows a secret')
  t.ok(list.json().items.some((k: { id: string }) => k.id === body.id))

  const stored = await db.db.execute(sql`select secret_hash from api_keys where id = ${body.id}`)
  t.notOk(JSON.stringify(stored).includes(body.key), 'the database holds no secret')
})

t.test('a branch key needs a branch code and no other key may have one', async (t) => {
  const noBranch = await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: 'x', role: 'branch' } })
  t.equal(noBranch.statusCode, 400)
  t.same(noBranch.json().errors, [{ path: 'branchCode', message: 'a branch key needs branchCode' }])
  const extra = await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: 'x', role: 'operator', branchCode: 'CIMONE' } })
  t.equal(extra.statusCode, 400)
  const unknownBranch = await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: 'x', role: 'branch', branchCode: 'SERPONG' } })
  t.equal(unknownBranch.statusCode, 400)
  t.equal(unknownBranch.json().errors[0].path, 'branchCode')
})

t.test('revoking an unknown key is 404 and revoking twice is harmless', async (t) => {
  const missing = await app.inject({ method: 'DELETE', url: '/v1/api-keys/00000000-0000-4000-8000-000000000000', headers: bearer(keys.admin) })
  t.equal(missing.statusCode, 404)
  const { id } = (await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: 'x', role: 'auditor' } })).json()
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: bearer(keys.admin) })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: bearer(keys.admin) })).statusCode, 204)
})

t.test('BOOTSTRAP_ADMIN_KEY makes sure an admin key with that secret exists, once', async (t) => {
  const db = await openTestDatabase(t)
  const secret = 'bootstrap-secret-for-tests-123'
  const first = await buildApp(testConfig({ bootstrapAdminKey: secret }), { db })
  await first.close()
  const second = await buildApp(testConfig({ bootstrapAdminKey: secret }), { db })
  t.teardown(() => second.close())
  const res = await second.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(secret) })
  t.equal(res.statusCode, 200)
  t.equal(res.json().items.filter((k: { name: string }) => k.name === 'bootstrap admin').length, 1, 'restarting does not add a second key')
})
