import { randomUUID } from 'node:crypto'
import t from 'tap'
import { bearer, buildTestApp, eventually, onPostgres } from '../helpers/app.js'

/**
 * The rate limit counts what the caller is, not how it spelled its header: per authenticated API key, and per
 * client address for everything that does not authenticate (no key, a wrong key, an unknown URL), which is the
 * brute-force case. Health probes are never limited.
 */
const { app: base, keys: baseKeys, db } = await buildTestApp(t)
const LIMIT = 3
const RATE_LIMITED = 'https://jamsos-rentan.id/problems/rate-limited'

t.test('rewriting the Authorization header does not start a fresh count', async (t) => {
  const { app, keys } = await buildTestApp(t, { rateLimitPerMinute: LIMIT }, db)
  const spellings = [`Bearer ${keys.admin}`, `bearer ${keys.admin}`, `BEARER ${keys.admin}`, `Bearer    ${keys.admin}`, `Bearer\t${keys.admin}`, `Bearer ${keys.admin}  `]
  const statuses: number[] = []
  for (const authorization of spellings) {
    statuses.push((await app.inject({ method: 'GET', url: '/v1/programs', headers: { authorization } })).statusCode)
  }
  t.same(statuses, [200, 200, 200, 429, 429, 429], 'one allowance for the key, however the header is written')
  const limited = await app.inject({ method: 'GET', url: '/v1/programs', headers: { authorization: `bEaReR \t ${keys.admin}` } })
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(limited.json(), { type: RATE_LIMITED, status: 429, title: String, detail: String, requestId: String })
  t.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 60, 'Retry-After in seconds, within the minute')
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(keys.operator) })).statusCode, 200, 'another key has its own allowance')
})

t.test('wrong keys are limited per client address, and the limit holds whatever key is tried next', async (t) => {
  const { app, keys } = await buildTestApp(t, { rateLimitPerMinute: LIMIT }, db)
  const attacker = '203.0.113.7'
  const guess = () => bearer(`jr_guess-${randomUUID()}`)
  const statuses: number[] = []
  for (let i = 0; i < LIMIT + 2; i++) {
    statuses.push((await app.inject({ method: 'GET', url: '/v1/programs', headers: guess(), remoteAddress: attacker })).statusCode)
  }
  t.same(statuses, [401, 401, 401, 429, 429], 'each guess counts, however it varies')
  const noKey = await app.inject({ method: 'GET', url: '/v1/programs', remoteAddress: attacker })
  t.equal(noKey.statusCode, 429, 'no key at all counts against the same address')
  t.equal(noKey.json().type, RATE_LIMITED)
  t.ok(Number(noKey.headers['retry-after']) > 0)

  const other = await app.inject({ method: 'GET', url: '/v1/programs', headers: guess(), remoteAddress: '198.51.100.9' })
  t.equal(other.statusCode, 401, 'another address has its own allowance')
  const valid = await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(keys.admin), remoteAddress: attacker })
  t.equal(valid.statusCode, 200, 'a valid key from the same address counts against the key, so guessing cannot lock it out')
})

t.test('an IPv6 client cannot escape by rotating addresses within its /64', async (t) => {
  const { app } = await buildTestApp(t, { rateLimitPerMinute: LIMIT }, db)
  const statuses: number[] = []
  for (let i = 1; i <= LIMIT + 1; i++) {
    statuses.push((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(`jr_guess-${randomUUID()}`), remoteAddress: `2001:db8:1:2::${i}` })).statusCode)
  }
  t.same(statuses, [401, 401, 401, 429])
})

t.test('unknown URLs are limited per client address', async (t) => {
  const { app, keys } = await buildTestApp(t, { rateLimitPerMinute: LIMIT }, db)
  const statuses: number[] = []
  for (let i = 0; i < LIMIT + 1; i++) {
    statuses.push((await app.inject({ method: 'GET', url: `/v1/nothing-${i}`, headers: bearer(keys.admin), remoteAddress: '192.0.2.44' })).statusCode)
  }
  t.same(statuses, [404, 404, 404, 429])
})

t.test('health probes are never limited', async (t) => {
  const { app } = await buildTestApp(t, { rateLimitPerMinute: LIMIT }, db)
  for (let i = 0; i < LIMIT * 3; i++) {
    t.equal((await app.inject({ method: 'GET', url: i % 2 ? '/health/live' : '/health/ready', remoteAddress: '192.0.2.50' })).statusCode, 200)
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/programs', remoteAddress: '192.0.2.50' })).statusCode, 401, 'and they used none of the allowance')
})

t.test('replies within the allowance say how much is left', async (t) => {
  const res = await base.inject({ method: 'GET', url: '/v1/programs', headers: bearer(baseKeys.auditor) })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['x-ratelimit-limit'], '1200')
  t.equal(res.headers['x-ratelimit-remaining'], '1199')
})

// Several instances on one database: the allowance is shared through Redis, and a revocation is seen by every
// instance on its very next request.
const redisUrl = process.env.REDIS_URL

t.test('two instances with REDIS_URL share one allowance per key and per address', { skip: !onPostgres() || !redisUrl ? 'needs PostgreSQL and REDIS_URL' : false }, async (t) => {
  // A namespace of this run's own: parallel test files and earlier runs share the Redis server.
  const shared = { rateLimitPerMinute: LIMIT, redisUrl, redisKeyPrefix: `jr-test:${randomUUID()}:` }
  const a = await buildTestApp(t, shared, db)
  const b = await buildTestApp(t, shared, db)
  const key = bearer(a.keys.operator)
  const statuses = [
    (await a.app.inject({ method: 'GET', url: '/v1/programs', headers: key })).statusCode,
    (await b.app.inject({ method: 'GET', url: '/v1/programs', headers: key })).statusCode,
    (await a.app.inject({ method: 'GET', url: '/v1/programs', headers: key })).statusCode,
    (await b.app.inject({ method: 'GET', url: '/v1/programs', headers: key })).statusCode,
  ]
  t.same(statuses, [200, 200, 200, 429], 'the fourth request is over the limit, whichever instance serves it')
  const limited = await a.app.inject({ method: 'GET', url: '/v1/programs', headers: key })
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().type, RATE_LIMITED)
  t.ok(Number(limited.headers['retry-after']) > 0)

  const guesses: number[] = []
  for (const app of [a.app, b.app, a.app, b.app]) {
    guesses.push((await app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(`jr_guess-${randomUUID()}`), remoteAddress: '203.0.113.99' })).statusCode)
  }
  t.same(guesses, [401, 401, 401, 429], 'guesses spread over instances share the address\'s allowance')
})

t.test('a key revoked through one instance is refused by another as soon as PostgreSQL notifies the change', { skip: !onPostgres() ? 'two instances need PostgreSQL' : false }, async (t) => {
  const a = await buildTestApp(t, {}, db)
  const b = await buildTestApp(t, {}, db)
  const created = await a.app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(a.keys.admin), payload: { name: 'soon revoked', role: 'auditor' } })
  const { id, key } = created.json()
  t.equal((await b.app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })).statusCode, 200, 'instance B has seen the key work')
  t.equal((await a.app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: bearer(a.keys.admin) })).statusCode, 204)
  // B may hold the key in its cache of verified keys until the notification of the change reaches it (milliseconds;
  // the revoking instance itself refuses at once: api-key-cache.test.ts).
  let after: Awaited<ReturnType<typeof b.app.inject>> | undefined
  t.ok(await eventually(async () => {
    after = await b.app.inject({ method: 'GET', url: '/v1/programs', headers: bearer(key) })
    return after.statusCode === 401
  }, 2_000), 'instance B refuses it')
  t.equal(after?.json().type, 'https://jamsos-rentan.id/problems/unauthorized')
})
