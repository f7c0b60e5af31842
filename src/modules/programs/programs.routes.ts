import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import { etagOf } from '../../lib/etag.js'
import { IdempotencyHeaders, problemResponses } from '../../lib/problem.js'
import { ALL_ROLES, contextOf } from '../../plugins/auth.js'
import { toProgramView, type ProgramService } from './programs.service.js'
import {
  BudgetSchema,
  CreateProgramBody,
  ListProgramsQuery,
  ProgramCodeParams,
  ProgramPageSchema,
  ProgramSchema,
} from './programs.schemas.js'

export const programRoutes: FastifyPluginAsyncZod<{ programs: ProgramService }> = async (app, { programs }) => {
  app.post(
    '/programs',
    {
      config: { auth: ['admin'], idempotent: true },
      schema: {
        tags: ['programs'],
        operationId: 'createProgram',
        summary: 'Create a programme: one payer’s scheme for one period',
        headers: IdempotencyHeaders,
        body: CreateProgramBody,
        response: { 201: ProgramSchema, ...problemResponses(400, 401, 403, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const row = await programs.create(contextOf(req), req.body)
      return reply
        .code(201)
        .header('etag', etagOf(row.version))
        .header('location', `/v1/programs/${row.code}`)
        .send(toProgramView(row))
    }
  )

  app.get(
    '/programs',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['programs'],
        operationId: 'listPrograms',
        summary: 'List programmes',
        querystring: ListProgramsQuery,
        response: { 200: ProgramPageSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (req) => programs.list(req.query)
  )

  app.get(
    '/programs/:code',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['programs'],
        operationId: 'getProgram',
        summary: 'A programme, with its quota and enrolled count',
        params: ProgramCodeParams,
        response: { 200: ProgramSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (req, reply) => {
      const row = await programs.get(req.params.code)
      return reply.header('etag', etagOf(row.version)).send(toProgramView(row))
    }
  )

  app.get(
    '/programs/:code/budget',
    {
      config: { auth: ['admin', 'operator', 'auditor'] },
      schema: {
        tags: ['programs'],
        operationId: 'getProgramBudget',
        summary: 'Where the programme’s money stands: allocated, reserved, invoiced, paid, remaining',
        params: ProgramCodeParams,
        response: { 200: BudgetSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => programs.budget(req.params.code)
  )
}
