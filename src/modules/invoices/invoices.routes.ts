import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import { sendCsv, wantsCsv } from '../../lib/accept.js'
import { CSV_BOM, csvRow } from '../../lib/csv.js'
import { IdempotencyHeaders, IdempotencyRequiredHeaders, problemResponses } from '../../lib/problem.js'
import { ALL_ROLES, contextOf } from '../../plugins/auth.js'
import { WorkerIdParams } from '../workers/workers.schemas.js'
import type { InvoiceService } from './invoices.service.js'
import {
  CoverageQuery,
  CoverageSchema,
  CreateInvoiceBody,
  InvoiceIdParams,
  InvoiceLinePageSchema,
  InvoicePageSchema,
  InvoiceSchema,
  ListInvoicesQuery,
  ListLinesQuery,
  PaymentBody,
  ProgramCodeParams,
  RECONCILIATION_COLUMNS,
  ReconciliationQuery,
  ReconciliationSchema,
  VoidBody,
} from './invoices.schemas.js'

/** Dinas Sosial's systems bill and pay; the auditor reads; a branch reads its own invoices and acknowledges them. */
const BILLERS = ['admin', 'operator'] as const
const READERS = ['admin', 'operator', 'auditor', 'branch'] as const

export const invoiceRoutes: FastifyPluginAsyncZod<{ invoices: InvoiceService }> = async (app, { invoices }) => {
  app.post(
    '/invoices',
    {
      config: { auth: BILLERS, idempotent: true },
      schema: {
        tags: ['invoices'],
        operationId: 'createInvoice',
        summary: 'Bill a programme’s month for one branch: a DRAFT with a line per covered enrolment',
        description:
          'One line per enrolment of the branch covered that month, at the programme’s jkk + jkm, as billed (NIK, name, KPJ number ' +
          'copied): registered at BPJS (KPJ number), ACTIVE or ENDED with endMonth on or after the month, started on or before it, ' +
          'the worker alive on its first day or dead within it. A month outside the programme is 422; an invoice that is not VOID ' +
          'for the same programme, branch and month is 409 naming it (`existingInvoiceId`).',
        headers: IdempotencyHeaders,
        body: CreateInvoiceBody,
        response: { 201: InvoiceSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const view = await invoices.create(contextOf(req), req.body)
      return reply.code(201).header('location', `/v1/invoices/${view.id}`).send(view)
    }
  )

  app.get(
    '/invoices',
    {
      config: { auth: READERS },
      schema: {
        tags: ['invoices'],
        operationId: 'listInvoices',
        summary: 'List invoices (a branch key sees its own branch only)',
        querystring: ListInvoicesQuery,
        response: { 200: InvoicePageSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (req) => invoices.list(contextOf(req), req.query)
  )

  app.get(
    '/invoices/:id',
    {
      config: { auth: READERS },
      schema: {
        tags: ['invoices'],
        operationId: 'getInvoice',
        summary: 'An invoice: line count, total, status, payment and the history of its transitions',
        params: InvoiceIdParams,
        response: { 200: InvoiceSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => invoices.get(contextOf(req), req.params.id)
  )

  app.get(
    '/invoices/:id/lines',
    {
      config: { auth: READERS },
      schema: {
        tags: ['invoices'],
        operationId: 'listInvoiceLines',
        summary: 'The invoice’s lines, paged, or the whole list as CSV',
        description:
          'With `Accept: text/csv` every line streams as CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting, NIK as plain digits, cells starting ' +
          'with = + - @ prefixed with an apostrophe), read in chunks so memory stays flat. NIK is full for the invoice’s branch and masked ' +
          'for every other role.',
        params: InvoiceIdParams,
        querystring: ListLinesQuery,
        response: { 200: InvoiceLinePageSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req)
      if (wantsCsv(req.headers.accept)) {
        const { invoice, stream } = await invoices.linesCsv(ctx, req.params.id)
        return sendCsv(reply, `invoice-${invoice.programCode}-${invoice.branchCode}-${invoice.month}.csv`, stream)
      }
      return invoices.lines(ctx, req.params.id, req.query)
    }
  )

  app.post(
    '/invoices/:id/issue',
    {
      config: { auth: BILLERS, idempotent: true },
      schema: {
        tags: ['invoices'],
        operationId: 'issueInvoice',
        summary: 'Issue a DRAFT: its amounts move from reserved to invoiced (409 budget-exceeded past the budget)',
        headers: IdempotencyHeaders,
        params: InvoiceIdParams,
        response: { 200: InvoiceSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req) => invoices.issue(contextOf(req), req.params.id)
  )

  app.post(
    '/invoices/:id/payments',
    {
      config: { auth: BILLERS, idempotent: 'required' },
      schema: {
        tags: ['invoices'],
        operationId: 'payInvoice',
        summary: 'Record the city’s payment (SP2D) of an ISSUED invoice: PAID, once',
        description:
          '`Idempotency-Key` is required (400 without): a retry after a lost reply replays the first answer. The amount must equal the ' +
          'total (422). A paid invoice is never paid again (409 with another key); an SP2D number is used once per programme.',
        headers: IdempotencyRequiredHeaders,
        params: InvoiceIdParams,
        body: PaymentBody,
        response: { 200: InvoiceSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req) => invoices.pay(contextOf(req), req.params.id, req.body)
  )

  app.post(
    '/invoices/:id/void',
    {
      config: { auth: BILLERS, idempotent: true },
      schema: {
        tags: ['invoices'],
        operationId: 'voidInvoice',
        summary: 'Withdraw a DRAFT or ISSUED invoice (an issued one gives its amounts back to the reservation); PAID is 409',
        headers: IdempotencyHeaders,
        params: InvoiceIdParams,
        body: VoidBody,
        response: { 200: InvoiceSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req) => invoices.void(contextOf(req), req.params.id, req.body.reason)
  )

  app.post(
    '/invoices/:id/acknowledge',
    {
      config: { auth: ['branch', 'admin'] },
      schema: {
        tags: ['invoices'],
        operationId: 'acknowledgeInvoice',
        summary: 'The branch acknowledges receipt of its invoice; sending it again changes nothing',
        params: InvoiceIdParams,
        response: { 200: InvoiceSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (req) => invoices.acknowledge(contextOf(req), req.params.id)
  )

  // Coverage is answered from what was paid: invoices, so it lives here though its path is under /workers.
  app.get(
    '/workers/:id/coverage',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['workers'],
        operationId: 'getWorkerCoverage',
        summary: 'Whether JKK and JKM covered the worker on a day, from the months actually paid',
        description:
          'From the lines of PAID invoices only: the unbroken run of paid months containing the day’s month, whether the JKM waiting ' +
          'period was met that day and when it is (or was) met, lapse after more than 3 consecutive unpaid months, and PENDING when the ' +
          'day’s month lies in an enrolment but is not paid yet (`monthBilled` says whether it is at least invoiced).',
        params: WorkerIdParams,
        querystring: CoverageQuery,
        response: { 200: CoverageSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (req) => invoices.coverage(contextOf(req), req.params.id, req.query.date)
  )

  // The month's reconciliation reads invoices against enrolments, so it lives here though its path is a programme's.
  app.get(
    '/programs/:code/reconciliation',
    {
      config: { auth: ['admin', 'operator', 'auditor'] },
      schema: {
        tags: ['invoices'],
        operationId: 'getProgramReconciliation',
        summary: 'A month per branch: due vs invoiced vs paid vs confirmed, with the workers in each mismatch',
        description: 'With `Accept: text/csv` the mismatches as CSV: one row per worker in a mismatch (branchCode, kind, enrolmentId, workerId).',
        params: ProgramCodeParams,
        querystring: ReconciliationQuery,
        response: { 200: ReconciliationSchema, ...problemResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (req, reply) => {
      const r = await invoices.reconciliation(req.params.code, req.query.month)
      if (!wantsCsv(req.headers.accept)) return r
      let csv = CSV_BOM + csvRow(RECONCILIATION_COLUMNS)
      for (const b of r.branches) for (const m of b.mismatches) csv += csvRow([b.branchCode, m.kind, m.enrolmentId, m.workerId])
      return sendCsv(reply, `reconciliation-${r.programCode}-${r.month}.csv`, csv)
    }
  )
}
