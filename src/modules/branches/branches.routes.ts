import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import { sendCsv, wantsCsv } from '../../lib/accept.js'
import { problemResponses } from '../../lib/problem.js'
import { contextOf } from '../../plugins/auth.js'
import type { BranchService } from './branches.service.js'
import { BranchParams, ConfirmationsBody, ConfirmationsReplySchema, FeedPageSchema, FeedQuery } from './branches.schemas.js'

export const branchRoutes: FastifyPluginAsyncZod<{ branches: BranchService }> = async (app, { branches }) => {
  app.get(
    '/branches/:branchCode/enrolments',
    {
      config: { auth: ['admin', 'operator', 'auditor', 'branch'] },
      schema: {
        tags: ['branches'],
        operationId: 'getBranchFeed',
        summary: 'The branch’s change feed: every ADD, UPDATE and END once, oldest first, resumable',
        description:
          'Follow `nextCursor` (as `since`) until `items` is empty; poll later with the last cursor. ' +
          'The NIK is in full for the branch’s own key only (it registers the worker with it); every other role sees it masked. ' +
          'With `Accept: text/csv` the same list streams as CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting, NIK as plain digits, ' +
          'cells starting with = + - @ prefixed with an apostrophe); the resume cursor is then in the `X-Next-Cursor` header. ' +
          'Every read is audited.',
        params: BranchParams,
        querystring: FeedQuery,
        response: { 200: FeedPageSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req)
      if (wantsCsv(req.headers.accept)) {
        const rawLimit = new URL(req.url, 'http://x').searchParams.get('limit')
        const { stream, nextCursor } = await branches.feedCsv(ctx, req.params.branchCode, { since: req.query.since, limit: rawLimit === null ? undefined : req.query.limit })
        return sendCsv(reply, `enrolments-${req.params.branchCode}.csv`, stream, { 'x-next-cursor': nextCursor })
      }
      return branches.feedPage(ctx, req.params.branchCode, req.query)
    }
  )

  app.post(
    '/branches/:branchCode/confirmations',
    {
      config: { auth: ['admin', 'operator', 'branch'] },
      schema: {
        tags: ['branches'],
        operationId: 'postBranchConfirmations',
        summary: 'Post KPJ numbers and refusals back: one result per item; sending the same list again changes nothing',
        params: BranchParams,
        body: ConfirmationsBody,
        response: { 200: ConfirmationsReplySchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => branches.confirm(contextOf(req), req.params.branchCode, req.body)
  )
}
