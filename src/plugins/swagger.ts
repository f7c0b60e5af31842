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

/**
 * OpenAPI generated from the routes' zod schemas; Swagger UI at /docs with the bearer "Authorize" button and the
 * document at /openapi.json. With docs disabled neither is served (both 404): the document maps every route for
 * whoever asks. `app.swagger()` works either way (npm run openapi).
 */
export const swaggerPlugin = fp<{ docsEnabled: boolean }>(
  async (app: FastifyInstance, opts) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: OPENAPI_INFO,
        servers: [],
        tags: [
          { name: 'programs', description: 'A payer’s scheme for one period: budget, contribution, eligibility parameters' },
          { name: 'workers', description: 'The registry of the people the city protects: NIK-native records, bulk import, eligibility, death' },
          { name: 'enrolments', description: 'Enrolment within the quota and budget: eligibility, branch, reservation' },
          { name: 'branches', description: 'BPJS branch integration: the enrolment change feed (JSON or CSV) and KPJ confirmations' },
          { name: 'invoices', description: 'Premium invoices: the city billed per programme, branch and month, issued, paid once (SP2D), voided; coverage from what was paid' },
          { name: 'claims', description: 'Santunan claims (JKM, JKK, the city’s SANTUNAN_KEMATIAN): assessed from what was paid and re-assessed as payments arrive, documented, decided, paid once' },
          { name: 'calendar', description: 'National holidays and cuti bersama as data, and working-day deadlines (final or provisional years)' },
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
      transformObject: (input) => pruneUnusedSchemas(jsonSchemaTransformObject(input) as ReturnType<typeof jsonSchemaTransformObject> & OpenApiDoc),
    })

    if (opts.docsEnabled) {
      app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger())
      await app.register(swaggerUi, {
        routePrefix: '/docs',
        uiConfig: { persistAuthorization: true, deepLinking: true, displayRequestDuration: true },
        staticCSP: true,
      })
    }
  },
  { name: 'swagger' }
)

type OpenApiDoc = { paths?: unknown; components?: { schemas?: Record<string, unknown> } }

/**
 * The zod transform registers an input and an output variant of every named schema; keep only those that an
 * operation (or a kept schema) actually references, so the document lists what the API really uses.
 */
export function pruneUnusedSchemas<T extends OpenApiDoc> (doc: T): T {
  const schemas = doc.components?.schemas
  if (!schemas) return doc
  const refsIn = (value: unknown): string[] => {
    const out: string[] = []
    JSON.stringify(value, (key, v) => {
      if (key === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) out.push(v.slice(21))
      return v
    })
    return out
  }
  const keep = new Set<string>()
  const queue = refsIn(doc.paths)
  while (queue.length > 0) {
    const name = queue.pop()!
    if (keep.has(name) || !(name in schemas)) continue
    keep.add(name)
    queue.push(...refsIn(schemas[name]))
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => keep.has(name)))
  return { ...doc, components: { ...doc.components, schemas: kept } }
}
