import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import { Redis } from 'ioredis'
import { AppError } from '../errors.js'

/**
 * RATE_LIMIT_PER_MINUTE, counted for WHO calls, not for how the call is spelled. The auth plugin calls
 * `app.rateLimitRequest` after it has parsed the Authorization header and asked who the key belongs to, so:
 * - an authenticated call counts against its API key id (`bearer`, `BEARER`, a tab or extra spaces are one key);
 * - everything else (no key, a wrong or revoked key, an unknown URL, a public page) counts against the client
 *   address: that is where guessing comes from, and a valid key's own allowance is never used up by someone else's
 *   guesses from the same address.
 * Health probes are never counted. With REDIS_URL the counts live in Redis, so every instance shares one allowance;
 * without it each process counts alone (the embedded, single-instance default).
 */
declare module 'fastify' {
  interface FastifyInstance {
    /** Counts the request for its caller (an API key id, else the client address); throws 429 once over the limit. */
    rateLimitRequest (req: FastifyRequest, reply: FastifyReply, keyId: string | null): Promise<void>
  }
}

export type RateLimitOptions = {
  max: number
  redisUrl: string | undefined
  redisKeyPrefix: string
}

const WINDOW_MS = 60_000

/** An IPv6 client counts by its /64, as one host usually holds the whole block and could rotate through it. */
const addressOf = (req: FastifyRequest) => `ip:${normalizeIP(req.ip)}`

export const rateLimitPlugin = fp<RateLimitOptions>(
  async (app: FastifyInstance, opts) => {
    const redis = opts.redisUrl ? await connectRedis(app, opts.redisUrl) : undefined
    // Who a request counts against, set just before the count (the limiter's key generator only sees the request).
    const subjects = new WeakMap<FastifyRequest, string>()

    await app.register(rateLimit, {
      // No route hooks: the auth plugin decides when a request is counted, once it knows who is calling.
      global: false,
      max: opts.max,
      timeWindow: WINDOW_MS,
      keyGenerator: (req) => subjects.get(req) ?? addressOf(req),
      allowList: (req) => req.routeOptions.url?.startsWith('/health/') === true,
      // While Redis is unreachable, serve rather than refuse everyone: the outage is logged (connectRedis).
      skipOnError: true,
      ...(redis ? { redis, nameSpace: `${opts.redisKeyPrefix}rate-limit:` } : {}),
    })
    const check = app.createRateLimit()

    app.decorate('rateLimitRequest', async (req: FastifyRequest, reply: FastifyReply, keyId: string | null) => {
      subjects.set(req, keyId ? `key:${keyId}` : addressOf(req))
      const limit = await check(req)
      if (limit.isAllowed) return
      reply.header('x-ratelimit-limit', limit.max)
      reply.header('x-ratelimit-remaining', limit.remaining)
      reply.header('x-ratelimit-reset', limit.ttlInSeconds)
      if (!limit.isExceeded) return
      const seconds = Math.max(1, limit.ttlInSeconds)
      throw new AppError(429, 'rate-limited', 'Too many requests', `More than ${limit.max} requests a minute: retry in ${seconds} s.`, undefined, { 'retry-after': String(seconds) })
    })
  },
  { name: 'rate-limit' }
)

/**
 * One connection per app, closed with it. Commands never queue while Redis is away (they fail at once and the
 * request is served uncounted), so an outage costs no latency; ioredis reconnects by itself.
 */
async function connectRedis (app: FastifyInstance, url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000, commandTimeout: 1_000 })
  let reachable = true
  redis.on('error', (err) => {
    // ioredis repeats the error on every reconnect attempt: say it once per outage.
    if (reachable) app.log.error({ err }, 'Redis is unreachable: requests are not rate limited until it is back')
    reachable = false
  })
  redis.on('ready', () => {
    if (!reachable) app.log.warn('Redis is reachable again: the rate limit is shared again')
    reachable = true
  })
  await redis.connect().catch(() => {}) // logged by the error listener; it keeps reconnecting
  app.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect())
  })
  return redis
}
