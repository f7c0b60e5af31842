import t from 'tap'
import { ALL_ROLES } from '../../src/plugins/auth.js'
import { bearer, buildTestApp } from '../helpers/app.js'

/** A concrete URL for a route template: every path parameter gets a plausible value. */
function concrete (url: string): string {
  return url.replace(/:code/g, 'TNG-2025').replace(/:branchCode/g, 'CIMONE').replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000')
}

const { app, keys, db } = await buildTestApp(t)

t.test('auth matrix over every registered route', async (t) => {
  await app.ready()
  const v1 = app.registeredRoutes.filter((r) => r.url.startsWith('/v1'))
  t.ok(v1.length >= 8, `found ${v1.length} /v1 routes`)

  for (const route of v1) {
    t.not(route.auth, 'public', `${route.method} ${route.url} is not public`)
    const url = concrete(route.url)
    const method = route.method as 'GET' | 'POST' | 'DELETE' | 'PATCH'

    const anonymous = await app.inject({ method, url })
    t.equal(anonymous.statusCode, 401, `${method} ${route.url} without a key is 401`)
    t.equal(anonymous.headers['content-type'], 'application/problem+json; charset=utf-8')

    const wrong = await app.inject({ method, url, headers: bearer('jr_this-key-does-not-exist-at-all') })
    t.equal(wrong.statusCode, 401, `${method} ${route.url} with a wrong key is 401`)

    const byRole = { admin: keys.admin, operator: keys.operator, auditor: keys.auditor, branch: keys.cimone }
    for (const role of ALL_ROLES) {
      if (route.auth === 'public' || route.auth.includes(role)) continue
      const res = await app.inject({ method, url, headers: bearer(byRole[role]) })
      t.equal(res.statusCode, 403, `${method} ${route.url} as ${role} is 403`)
    }
  }
})

t.test('a /v1 route that declares no roles stops the app from building', async (t) => {
  // an app of its own: this one is not ready yet, so routes may still be added
  const { app } = await buildTestApp(t, {}, db)
  t.throws(() => app.get('/v1/unprotected', async () => 'open'), /declares no config\.auth/)
})

t.test('a revoked key stops working at once', async (t) => {
  const created = await app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(keys.admin), payload: { name: 'temp', role: 'auditor' } })
  t.equal(created.statusCode, 201)
  const { id, key } = created.json()
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })).statusCode, 200)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: bearer(keys.admin) })).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })).statusCode, 401)
})

t.test('a malformed Authorization header is 401, not 500', async (t) => {
  for (const authorization of ['Basic abc', 'Bearer', 'Bearer a b', 'bearer ' + 'x'.repeat(300)]) {
    const res = await app.inject({ method: 'GET', url: '/v1/programs', headers: { authorization } })
    t.equal(res.statusCode, 401, authorization.slice(0, 20))
    t.equal(res.headers['www-authenticate'], 'Bearer')
  }
})
