import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import { branchScopeOf } from '../../lib/context.js'
import { etagOf } from '../../lib/etag.js'
import { IdempotencyHeaders, problemResponses } from '../../lib/problem.js'
import { ALL_ROLES, contextOf } from '../../plugins/auth.js'
import { toEnrolmentView, type EnrolmentService } from './enrolments.service.js'
import {
  BatchEnrolmentBody,
  BatchReplySchema,
  CreateEnrolmentBody,
  EndEnrolmentBody,
  EnrolmentIdParams,
  EnrolmentPageSchema,
  EnrolmentSchema,
  ListEnrolmentsQuery,
} from './enrolments.schemas.js'

export const enrolmentRoutes: FastifyPluginAsyncZod<{ enrolments: EnrolmentService }> = async (app, { enrolments }) => {
  app.post(
    '/enrolments',
    {
      config: { auth: ['admin', 'operator'], idempotent: true },
      schema: {
        tags: ['enrolments'],
        summary: 'Enrol a worker: checks eligibility, assigns the branch, reserves a place and the contributions',
        description:
          'Reserves one quota place and the contributions from startMonth to the programme’s end, atomically. ' +
          '422 `ineligible` lists every check; 409 `already-enrolled` or `quota-exhausted`.',
        headers: IdempotencyHeaders,
        body: CreateEnrolmentBody,
        response: { 201: EnrolmentSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const view = await enrolments.enrol(contextOf(req), req.body)
      return reply.code(201).header('etag', etagOf(1)).header('location', `/v1/enrolments/${view.id}`).send(view)
    },
  )

  app.post(
    '/enrolments/batch',
    {
      config: { auth: ['admin', 'operator'], idempotent: true },
      schema: {
        tags: ['enrolments'],
        summary: 'Enrol up to 10,000 workers in one call: one result per worker, in order',
        description: 'Set-based and all-or-nothing per worker: a refusal for one worker never undoes the others. Places are taken in request order.',
        headers: IdempotencyHeaders,
        body: BatchEnrolmentBody,
        response: { 200: BatchReplySchema, ...problemResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (req) => enrolments.enrolBatch(contextOf(req), req.body),
  )

  app.get(
    '/enrolments',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['enrolments'],
        summary: 'List enrolments (a branch key sees its own branch only)',
        querystring: ListEnrolmentsQuery,
        response: { 200: EnrolmentPageSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (req) => enrolments.list(req.query, branchScopeOf(contextOf(req).actor)),
  )

  app.get(
    '/enrolments/:id',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['enrolments'],
        summary: 'One enrolment, with the eligibility decision that admitted it',
        params: EnrolmentIdParams,
        response: { 200: EnrolmentSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (req, reply) => {
      const row = await enrolments.get(req.params.id, branchScopeOf(contextOf(req).actor))
      return reply.header('etag', etagOf(row.version)).send(toEnrolmentView(row))
    },
  )

  app.post(
    '/enrolments/:id/end',
    {
      config: { auth: ['admin', 'operator'] },
      schema: {
        tags: ['enrolments'],
        summary: 'End an enrolment after its last covered month; releases the reservation for later months',
        params: EnrolmentIdParams,
        body: EndEnrolmentBody,
        response: { 200: EnrolmentSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (req, reply) => {
      const row = await enrolments.end(contextOf(req), req.params.id, req.body)
      return reply.header('etag', etagOf(row.version)).send(toEnrolmentView(row))
    },
  )
}
