import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { unauthorized } from '../errors.js'
import { constantTimeEqualHex, sha256Hex } from '../lib/crypto.js'

/**
 * Prometheus metrics on a registry of this app's own, so several apps in one process (tests) never clash.
 * With a token, /metrics needs `Authorization: Bearer <token>`: route names, counts and heap figures are not for
 * the whole internet when the port is public.
 */
/** A value read when /metrics is scraped. */
export type GaugeSource = { name: string; help: string; value: () => number }

export const metricsPlugin = fp<{ token?: string | undefined; gauges?: GaugeSource[] }>(
  async (app: FastifyInstance, opts) => {
    // Hashes compared in constant time: equal lengths whatever was sent, and no early exit on the first wrong byte.
    const tokenHash = opts.token ? sha256Hex(opts.token) : undefined
    const registry = new Registry()
    collectDefaultMetrics({ register: registry })
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    })
    const requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route template and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    })

    for (const g of opts.gauges ?? []) {
      // eslint-disable-next-line no-new -- registered on the registry, read through it
      new Gauge({ name: g.name, help: g.help, registers: [registry], collect () { this.set(g.value()) } })
    }

    app.addHook('onResponse', async (req, reply) => {
      // The route template, never the raw URL: ids in paths would explode the label set.
      const route = req.routeOptions.url ?? 'unmatched'
      const labels = { method: req.method, route, status: String(reply.statusCode) }
      duration.observe(labels, reply.elapsedTime / 1000)
      requests.inc(labels)
    })

    app.get('/metrics', { config: { auth: 'public', servedUnderPressure: true }, schema: { hide: true } }, async (req, reply) => {
      if (tokenHash) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
        if (!match || !constantTimeEqualHex(sha256Hex(match[1]!), tokenHash)) throw unauthorized('/metrics needs "Authorization: Bearer <METRICS_TOKEN>".')
      }
      return reply.type(registry.contentType).send(await registry.metrics())
    })
  },
  { name: 'metrics' }
)
