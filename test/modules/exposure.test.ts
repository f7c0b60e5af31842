import t from 'tap'
import { bearer, buildTestApp, openTestDatabase } from '../helpers/app.js'

/** What the operations routes show to whom: DOCS_ENABLED=false hides the document too; METRICS_TOKEN guards /metrics. */

const db = await openTestDatabase(t)

t.test('DOCS_ENABLED=false turns off /openapi.json as well as /docs', async (t) => {
  const { app } = await buildTestApp(t, { docsEnabled: false }, db)
  for (const url of ['/openapi.json', '/docs', '/docs/']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 404, url)
    t.match(res.json(), { type: 'https://jamsos-rentan.id/problems/not-found', status: 404 }, `${url}: a plain 404 problem`)
  }
  t.ok(app.swagger().paths?.['/v1/programs'], 'the document is still built (npm run openapi)')
})

t.test('docs on: both are served', async (t) => {
  const { app } = await buildTestApp(t, { docsEnabled: true }, db)
  t.equal((await app.inject('/openapi.json')).statusCode, 200)
  t.equal((await app.inject('/docs/')).statusCode, 200)
})

t.test('with METRICS_TOKEN set, /metrics needs it as a bearer token: 401 problem+json otherwise', async (t) => {
  const token = 'metrics-token-0123456789abcdef'
  const { app, keys } = await buildTestApp(t, { metricsToken: token }, db)
  for (const [name, headers] of [
    ['no credentials', {}],
    ['a wrong token', bearer('metrics-token-0123456789abcdeX')],
    ['a shorter token', bearer('metrics')],
    ['an API key', bearer(keys.admin)],
    ['the token in another scheme', { authorization: `Basic ${token}` }],
  ] as const) {
    const res = await app.inject({ url: '/metrics', headers })
    t.equal(res.statusCode, 401, name)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem+json`)
    t.equal(res.headers['www-authenticate'], 'Bearer')
    t.match(res.json(), { type: 'https://jamsos-rentan.id/problems/unauthorized', title: String, status: 401, detail: String })
    t.notOk(res.body.includes('http_requests_total'), `${name}: no metrics`)
  }
  const ok = await app.inject({ url: '/metrics', headers: bearer(token) })
  t.equal(ok.statusCode, 200)
  t.match(ok.body, /http_requests_total/)
})

t.test('without METRICS_TOKEN, /metrics is open (for a scraper on a private network)', async (t) => {
  const { app } = await buildTestApp(t, {}, db)
  t.equal((await app.inject('/metrics')).statusCode, 200)
})
