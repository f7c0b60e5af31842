import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import { branchScopeOf } from '../../lib/context.js'
import { etagOf } from '../../lib/etag.js'
import { IdempotencyHeaders, IdempotencyRequiredHeaders, problemResponses } from '../../lib/problem.js'
import { ALL_ROLES, contextOf } from '../../plugins/auth.js'
import { DeathBody, WorkerDetailSchema, WorkerIdParams } from '../workers/workers.schemas.js'
import { WRITERS } from '../workers/workers.routes.js'
import { toEnrolmentView, type EnrolmentService } from './enrolments.service.js'
import {
  BatchEnrolmentBody,
  BatchReplySchema,
  CreateEnrolmentBody,
  EligibilityQuery,
  EligibilitySchema,
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
      config: { auth: WRITERS, idempotent: true },
      schema: {
        tags: ['enrolments'],
        operationId: 'createEnrolment',
        summary: 'Enrol a worker: checks eligibility, assigns the branch, reserves a place and the contributions',
        description:
          'Reserves one quota place and the contributions from startMonth to the programme’s end, atomically. ' +
          '422 `ineligible` lists every check (the same checks GET /v1/workers/{id}/eligibility answers with); ' +
          '409 `already-enrolled` or `quota-exhausted`. A worker whose death is already recorded, after `enrolledOn`, is enrolled ' +
          'for the months they lived and the enrolment ends at once with the month of death.',
        headers: IdempotencyHeaders,
        body: CreateEnrolmentBody,
        response: { 201: EnrolmentSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const row = await enrolments.enrol(contextOf(req), req.body)
      return reply.code(201).header('etag', etagOf(row.version)).header('location', `/v1/enrolments/${row.id}`).send(toEnrolmentView(row))
    }
  )

  app.post(
    '/enrolments/batch',
    {
      // Required: a retried batch would answer "already enrolled" for the workers its lost first run enrolled.
      config: { auth: WRITERS, idempotent: 'required' },
      schema: {
        tags: ['enrolments'],
        operationId: 'createEnrolmentBatch',
        summary: 'Enrol up to 10,000 workers in one call: one result per worker, in order',
        description: 'Set-based and all-or-nothing per worker: a refusal for one worker never undoes the others. Places are taken in request order. Requires an Idempotency-Key, so a retry after a lost reply replays the first answer.',
        headers: IdempotencyRequiredHeaders,
        body: BatchEnrolmentBody,
        response: { 200: BatchReplySchema, ...problemResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (req) => enrolments.enrolBatch(contextOf(req), req.body)
  )

  app.get(
    '/enrolments',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['enrolments'],
        operationId: 'listEnrolments',
        summary: 'List enrolments (a branch key sees its own branch only)',
        querystring: ListEnrolmentsQuery,
        response: { 200: EnrolmentPageSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (req) => enrolments.list(contextOf(req), req.query)
  )

  app.get(
    '/enrolments/:id',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['enrolments'],
        operationId: 'getEnrolment',
        summary: 'One enrolment, with the eligibility decision that admitted it',
        params: EnrolmentIdParams,
        response: { 200: EnrolmentSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (req, reply) => {
      const row = await enrolments.get(req.params.id, branchScopeOf(contextOf(req).actor))
      return reply.header('etag', etagOf(row.version)).send(toEnrolmentView(row))
    }
  )

  app.post(
    '/enrolments/:id/end',
    {
      config: { auth: WRITERS },
      schema: {
        tags: ['enrolments'],
        operationId: 'endEnrolment',
        summary: 'End an enrolment after its last covered month; releases the reservation for later months',
        params: EnrolmentIdParams,
        body: EndEnrolmentBody,
        response: { 200: EnrolmentSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (req, reply) => {
      const row = await enrolments.end(contextOf(req), req.params.id, req.body)
      return reply.header('etag', etagOf(row.version)).send(toEnrolmentView(row))
    }
  )

  // Two routes under /workers are enrolment decisions, so they live here, beside the judge and the reservation they
  // use: the registry (workers module) knows nothing of enrolments.

  app.get(
    '/workers/:id/eligibility',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['workers'],
        operationId: 'getWorkerEligibility',
        summary: 'Whether the worker may be enrolled in a programme, and why',
        description:
          'Every eligibility check of the rule set — the same function POST /v1/enrolments judges with — as of the first day of ' +
          '`startMonth` (default: the programme’s start month), with life judged on `enrolledOn` too (default: today). ' +
          'The desil counts when its period is at most the programme’s `desilMaxAgeMonths` older than that month.',
        params: WorkerIdParams,
        querystring: EligibilityQuery,
        response: { 200: EligibilitySchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (req) => enrolments.eligibility(contextOf(req), req.params.id, req.query)
  )

  app.post(
    '/workers/:id/death',
    {
      config: { auth: WRITERS, idempotent: true },
      schema: {
        tags: ['workers'],
        operationId: 'recordWorkerDeath',
        summary: 'Record a worker’s death; their open enrolments end with the month of death',
        description:
          'Marks the worker DECEASED and, in the same transaction, ends every open enrolment with the month of death (nothing later is ' +
          'ever invoiced; the reservation for later months goes back to the budget). Sending the same date and cause again answers 200 as ' +
          'the first time; different facts for a worker already recorded as deceased are 409.',
        params: WorkerIdParams,
        headers: IdempotencyHeaders,
        body: DeathBody,
        response: { 200: WorkerDetailSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const { worker, version } = await enrolments.recordDeath(contextOf(req), req.params.id, req.body)
      return reply.header('etag', etagOf(version)).send(worker)
    }
  )
}
