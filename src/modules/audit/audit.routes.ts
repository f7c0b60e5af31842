import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import { problemResponses } from '../../lib/problem.js'
import type { AuditService } from './audit.service.js'
import { AuditPageSchema, ListAuditQuery } from './audit.schemas.js'

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/audit-events',
    {
      config: { auth: ['admin', 'auditor'] },
      schema: {
        tags: ['audit'],
        operationId: 'listAuditEvents',
        summary: 'The audit trail: who changed what, when, before and after',
        querystring: ListAuditQuery,
        response: { 200: AuditPageSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (req) => audit.list(req.query)
  )
}
