import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import { sendCsv, wantsCsv } from '../../lib/accept.js'
import { IdempotencyHeaders, IdempotencyRequiredHeaders, problemResponses } from '../../lib/problem.js'
import { contextOf } from '../../plugins/auth.js'
import type { ClaimService } from './claims.service.js'
import {
  ClaimIdParams,
  ClaimPageSchema,
  ClaimPaymentBody,
  ClaimSchema,
  CreateClaimBody,
  DisbursementSchema,
  DisbursementsQuery,
  DocumentBody,
  ListClaimsQuery,
  ReassessmentRunSchema,
  RejectBody,
  SettlementBody,
} from './claims.schemas.js'

/** Dinas Sosial's systems take, decide and pay claims; the auditor reads; a branch reads and settles its own workers' JKM and JKK. */
const HANDLERS = ['admin', 'operator'] as const
const READERS = ['admin', 'operator', 'auditor', 'branch'] as const
const TREASURY_READERS = ['admin', 'operator', 'auditor'] as const

export const claimRoutes: FastifyPluginAsyncZod<{ claims: ClaimService }> = async (app, { claims }) => {
  app.post(
    '/claims',
    {
      config: { auth: HANDLERS, idempotent: true },
      schema: {
        tags: ['claims'],
        operationId: 'createClaim',
        summary: 'Submit a family’s claim: SUBMITTED, with its assessment as of the event date and the reasons for it',
        description:
          'The assessment comes from the versioned rules and what was actually paid: `eligible`, `amount`, `breakdown`, `reasons`, ' +
          '`rulesetVersion`, `pending` (what it waits for) and `final` (false while a payment could still change it, with `openBecause`). ' +
          'A death claim (JKM, SANTUNAN_KEMATIAN, JKK with the DEATH benefit) records the death on the worker and ends the open enrolments ' +
          'in the same transaction, as `POST /v1/workers/{id}/death` does: a death already recorded with another date or cause is 409 naming ' +
          'it. A second death claim of the same type for a worker is 409 (`existingClaimId`). A claim after its deadline is stored and ' +
          'assessed not eligible with the reason, never refused.',
        headers: IdempotencyHeaders,
        body: CreateClaimBody,
        response: { 201: ClaimSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const view = await claims.create(contextOf(req), req.body)
      return reply.code(201).header('location', `/v1/claims/${view.id}`).send(view)
    }
  )

  app.get(
    '/claims',
    {
      config: { auth: READERS },
      schema: {
        tags: ['claims'],
        operationId: 'listClaims',
        summary: 'List claims (a branch key sees its own workers’ JKM and JKK claims only)',
        querystring: ListClaimsQuery,
        response: { 200: ClaimPageSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (req) => claims.list(contextOf(req), req.query)
  )

  app.get(
    '/claims/disbursements',
    {
      config: { auth: TREASURY_READERS },
      schema: {
        tags: ['claims'],
        operationId: 'listDisbursements',
        summary: 'The city’s payments of one tranche (tahap), with count and total, as JSON or CSV',
        description: 'With `Accept: text/csv` the same list as CSV (UTF-8 with BOM, CRLF, RFC 4180, formula escaping). The heir’s NIK is masked.',
        querystring: DisbursementsQuery,
        response: { 200: DisbursementSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const d = await claims.disbursements(req.query.tahap)
      if (wantsCsv(req.headers.accept)) return sendCsv(reply, `disbursements-${d.tahap}.csv`, claims.disbursementsCsv(d))
      return d
    }
  )

  app.post(
    '/claims/reassessments',
    {
      config: { auth: HANDLERS, idempotent: true },
      schema: {
        tags: ['claims'],
        operationId: 'reassessOpenClaims',
        summary: 'Assess every open claim that is not final again as of today (for a daily scheduler)',
        description:
          'A pending claim whose month can no longer be paid (the lapse rule) becomes not covered with that reason; a santunan waiting ' +
          'for final holiday data is decided once it is loaded. Each change is recorded with both results. Safe to run at any time.',
        headers: IdempotencyHeaders,
        response: { 200: ReassessmentRunSchema, ...problemResponses(401, 403, 429) },
      },
    },
    async (req) => claims.reassessOpen(contextOf(req))
  )

  app.get(
    '/claims/:id',
    {
      config: { auth: READERS },
      schema: {
        tags: ['claims'],
        operationId: 'getClaim',
        summary: 'A claim: its assessment, documents (with missingDocuments), heir, payment, re-assessments and history',
        params: ClaimIdParams,
        response: { 200: ClaimSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => claims.get(contextOf(req), req.params.id)
  )

  app.post(
    '/claims/:id/documents',
    {
      config: { auth: HANDLERS, idempotent: true },
      schema: {
        tags: ['claims'],
        operationId: 'addClaimDocument',
        summary: 'Record one more document of the claim: missingDocuments shrinks',
        headers: IdempotencyHeaders,
        params: ClaimIdParams,
        body: DocumentBody,
        response: { 201: ClaimSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (req, reply) => reply.code(201).send(await claims.addDocument(contextOf(req), req.params.id, req.body))
  )

  const step = (path: 'verify' | 'approve', operationId: string, summary: string) =>
    app.post(
      `/claims/:id/${path}`,
      {
        config: { auth: HANDLERS, idempotent: true },
        schema: {
          tags: ['claims'],
          operationId,
          summary,
          headers: IdempotencyHeaders,
          params: ClaimIdParams,
          response: { 200: ClaimSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
        },
      },
      async (req) => (path === 'verify' ? claims.verify(contextOf(req), req.params.id) : claims.approve(contextOf(req), req.params.id))
    )
  step('verify', 'verifyClaim', 'SUBMITTED → VERIFIED: 409 documents-missing while a required document is missing')
  step('approve', 'approveClaim', 'VERIFIED → APPROVED: only an eligible assessment that is final (409 otherwise, with what it waits for)')

  app.post(
    '/claims/:id/reject',
    {
      config: { auth: HANDLERS, idempotent: true },
      schema: {
        tags: ['claims'],
        operationId: 'rejectClaim',
        summary: 'SUBMITTED or VERIFIED → REJECTED, with the reason told to the family',
        headers: IdempotencyHeaders,
        params: ClaimIdParams,
        body: RejectBody,
        response: { 200: ClaimSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (req) => claims.reject(contextOf(req), req.params.id, req.body.reason)
  )

  app.post(
    '/claims/:id/payments',
    {
      config: { auth: HANDLERS, idempotent: 'required' },
      schema: {
        tags: ['claims'],
        operationId: 'payClaim',
        summary: 'The city pays an APPROVED SANTUNAN_KEMATIAN claim: PAID, once',
        description:
          '`Idempotency-Key` is required (400 without): a retry replays the first answer. The amount must equal the assessed amount (422). ' +
          'A paid claim is never paid again (409 with another key; a UNIQUE index refuses a second payment row); a reference (SP2D) is ' +
          'used once. JKM and JKK claims are paid by BPJS: their branch records the settlement.',
        headers: IdempotencyRequiredHeaders,
        params: ClaimIdParams,
        body: ClaimPaymentBody,
        response: { 200: ClaimSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req) => claims.pay(contextOf(req), req.params.id, req.body)
  )

  app.post(
    '/claims/:id/settlement',
    {
      config: { auth: ['admin', 'branch'], idempotent: true },
      schema: {
        tags: ['claims'],
        operationId: 'settleClaim',
        summary: 'The worker’s branch records what BPJS paid on an APPROVED JKM or JKK claim: PAID, once',
        description: 'An amount that differs from the assessment is recorded and shown (`payment.differsFromAssessment`).',
        headers: IdempotencyHeaders,
        params: ClaimIdParams,
        body: SettlementBody,
        response: { 200: ClaimSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req) => claims.settle(contextOf(req), req.params.id, req.body)
  )
}
