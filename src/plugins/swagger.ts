import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, jsonSchemaTransformObject } from '@fastify/type-provider-zod'

export const OPENAPI_INFO = {
  title: 'jamsos-rentan',
  version: '1.0.0',
  description:
    'Headless API with which a city government pays the BPJS Ketenagakerjaan (JKK + JKM) contributions of vulnerable informal ' +
    'workers (pekerja rentan), reserves its budget at enrolment, invoices itself as payer, and assesses death and accident claims ' +
    'with explained decisions. Authenticate with `Authorization: Bearer <api key>` (use **Authorize**). Errors are RFC 9457 ' +
    'problem+json; money is integer Rupiah; months are `YYYY-MM`, dates `YYYY-MM-DD` in Asia/Jakarta.',
}

/** OpenAPI generated from the routes' zod schemas; Swagger UI at /docs with the bearer "Authorize" button. */
export const swaggerPlugin = fp<{ uiEnabled: boolean }>(
  async (app: FastifyInstance, opts) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: OPENAPI_INFO,
        servers: [],
        tags: [
          { name: 'programs', description: 'A payer’s scheme for one period: budget, contribution, eligibility parameters' },
          { name: 'api-keys', description: 'Who may call the API' },
          { name: 'audit', description: 'The append-only audit trail' },
          { name: 'operations', description: 'Health and readiness' },
        ],
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key.' } },
        },
        security: [{ bearerAuth: [] }],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    })

    app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger())

    if (opts.uiEnabled) {
      await app.register(swaggerUi, {
        routePrefix: '/docs',
        uiConfig: { persistAuthorization: true, deepLinking: true, displayRequestDuration: true },
        staticCSP: true,
      })
    }
  },
  { name: 'swagger' },
)
