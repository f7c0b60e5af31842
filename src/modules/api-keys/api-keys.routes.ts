import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import { z } from 'zod'
import { contextOf } from '../../plugins/auth.js'
import { problemResponses } from '../../lib/problem.js'
import type { ApiKeyService } from './api-keys.service.js'
import { ApiKeyIdParams, ApiKeyPageSchema, CreateApiKeyBody, CreatedApiKeySchema, ListApiKeysQuery } from './api-keys.schemas.js'

export const apiKeyRoutes: FastifyPluginAsyncZod<{ apiKeys: ApiKeyService }> = async (app, { apiKeys }) => {
  app.post(
    '/api-keys',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['api-keys'],
        operationId: 'createApiKey',
        summary: 'Create an API key (the secret is shown once)',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKeySchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const created = await apiKeys.create(contextOf(req), req.body)
      return reply.code(201).header('cache-control', 'no-store').send(created)
    }
  )

  app.get(
    '/api-keys',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['api-keys'],
        operationId: 'listApiKeys',
        summary: 'List API keys (never their secrets)',
        querystring: ListApiKeysQuery,
        response: { 200: ApiKeyPageSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (req) => apiKeys.list(req.query)
  )

  app.delete(
    '/api-keys/:id',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['api-keys'],
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key; it stops working at once',
        description:
          'The instance that serves this call refuses the key from its next request; every other instance as soon as PostgreSQL notifies it of the change (milliseconds), since instances keep recently verified keys in memory only while they hear every change to them.',
        params: ApiKeyIdParams,
        response: { 204: z.null().describe('Revoked'), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await apiKeys.revoke(contextOf(req), req.params.id)
      return reply.code(204).send(null)
    }
  )
}
