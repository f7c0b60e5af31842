import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import type { LogLevel } from 'fastify'
import { z } from 'zod'

const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['up', 'down']).optional() })

export const healthRoutes: FastifyPluginAsyncZod<{ ping: () => Promise<void>; logLevel: LogLevel }> = async (app, { ping, logLevel }) => {
  app.get(
    '/live',
    { config: { auth: 'public', servedUnderPressure: true }, logLevel, schema: { tags: ['operations'], operationId: 'getLiveness', summary: 'The process is up', response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' as const })
  )

  app.get(
    '/ready',
    {
      // Served under load too: readiness is about the database; a busy process sheds requests by itself.
      config: { auth: 'public', servedUnderPressure: true },
      logLevel,
      schema: {
        tags: ['operations'],
        operationId: 'getReadiness',
        summary: 'Ready to serve: the database answers (503 otherwise)',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (req, reply) => {
      try {
        await Promise.race([ping(), new Promise((_resolve, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref())])
        return { status: 'ok' as const, database: 'up' as const }
      } catch (err) {
        req.log.warn({ err }, 'readiness: database unreachable')
        return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', database: 'down' })
      }
    }
  )
}
