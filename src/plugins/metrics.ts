import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Prometheus metrics on a registry of this app's own, so several apps in one process (tests) never clash. */
export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
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

    app.addHook('onResponse', async (req, reply) => {
      // The route template, never the raw URL: ids in paths would explode the label set.
      const route = req.routeOptions.url ?? 'unmatched'
      const labels = { method: req.method, route, status: String(reply.statusCode) }
      duration.observe(labels, reply.elapsedTime / 1000)
      requests.inc(labels)
    })

    app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
      return reply.type(registry.contentType).send(await registry.metrics())
    })
  },
  { name: 'metrics' }
)
