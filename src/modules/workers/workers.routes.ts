import type { IncomingMessage } from 'node:http'
import type { FastifyRequest } from 'fastify'
import { errorCodes } from 'fastify'
import type { FastifyPluginAsyncZod, ZodTypeProvider } from '@fastify/type-provider-zod'
import { badRequest } from '../../errors.js'
import { CsvLimitError, CsvSyntaxError, csvRecords } from '../../lib/csv.js'
import { etagOf } from '../../lib/etag.js'
import { IdempotencyHeaders, IfMatchHeaders, problemResponses } from '../../lib/problem.js'
import { ALL_ROLES, contextOf } from '../../plugins/auth.js'
import type { WorkerService } from './workers.service.js'
import {
  CreateWorkerBody,
  ImportBody,
  ImportReportSchema,
  ListWorkersQuery,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_FIELD_LENGTH,
  MAX_IMPORT_HEADER_LENGTH,
  MAX_IMPORT_ROWS,
  PatchWorkerBody,
  SearchWorkerBody,
  WorkerDetailSchema,
  WorkerIdParams,
  WorkerPageSchema,
  importColumns,
  rowFromCsv,
  type MalformedCsvRecord,
} from './workers.schemas.js'

/** Who may change the registry. Recording a death and judging eligibility are enrolment decisions: enrolments.routes.ts. */
export const WRITERS = ['admin', 'operator'] as const

/**
 * A text/csv body → the same array of row objects a JSON body would be, read record by record from the request
 * stream. The body limit is enforced here (a stream parser gets no help from Fastify): the declared length
 * first, then the bytes actually received. Past any limit (bytes, rows, or the reader's columns, field and header
 * lengths) reading stops at once and the whole request is refused: nothing of it is applied.
 */
async function parseCsvBody (req: FastifyRequest, payload: AsyncIterable<Buffer>): Promise<Array<Record<string, unknown> | MalformedCsvRecord>> {
  const limit = req.routeOptions.bodyLimit ?? req.server.initialConfig.bodyLimit ?? Infinity
  if (Number(req.headers['content-length']) > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()
  let received = 0
  const onBytes = (n: number) => {
    received += n
    if (received > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()
  }
  const rows: Array<Record<string, unknown> | MalformedCsvRecord> = []
  let columns: string[] | undefined
  try {
    const limits = { maxFields: MAX_IMPORT_COLUMNS, maxFieldLength: MAX_IMPORT_FIELD_LENGTH, maxHeaderLength: MAX_IMPORT_HEADER_LENGTH }
    for await (const cells of csvRecords(payload, { delimiter: 'auto', onBytes, ...limits })) {
      if (columns === undefined) {
        columns = importColumns(cells)
        continue
      }
      if (rows.length === MAX_IMPORT_ROWS) {
        throw badRequest(`An import holds at most ${MAX_IMPORT_ROWS} rows: split the file.`, [{ path: 'body', message: `more than ${MAX_IMPORT_ROWS} rows` }])
      }
      rows.push(rowFromCsv(columns, cells))
    }
  } catch (err) {
    if (err instanceof CsvLimitError) throw badRequest(`The CSV is refused: ${err.message}. Is it the right file?`, [{ path: 'body', message: err.message }])
    if (err instanceof CsvSyntaxError) throw badRequest(`The CSV cannot be read: ${err.message}.`, [{ path: 'body', message: err.message }])
    throw err
  }
  if (columns === undefined) throw badRequest('The CSV is empty: send a header row and one row per worker.', [{ path: 'body', message: 'no header row' }])
  return rows
}

export const workerRoutes: FastifyPluginAsyncZod<{ workers: WorkerService }> = async (app, { workers }) => {
  app.post(
    '/workers',
    {
      config: { auth: WRITERS, idempotent: true },
      schema: {
        tags: ['workers'],
        operationId: 'createWorker',
        summary: 'Register a worker',
        description:
          'The NIK must be 16 digits and match the birth date and sex (day + 40 for women): otherwise 400 on `nik`, with every reason. ' +
          'A NIK already registered is 409 naming the existing worker (`existingWorkerId`). Another worker with the same name and ' +
          'birth date is reported in `possibleDuplicates`, never merged.',
        headers: IdempotencyHeaders,
        body: CreateWorkerBody,
        response: { 201: WorkerDetailSchema, ...problemResponses(400, 401, 403, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const { worker, version } = await workers.create(contextOf(req), req.body)
      return reply.code(201).header('etag', etagOf(version)).header('location', `/v1/workers/${worker.id}`).send(worker)
    }
  )

  app.get(
    '/workers',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['workers'],
        operationId: 'listWorkers',
        summary: 'List workers (NIK masked; a branch key sees only its own workers)',
        querystring: ListWorkersQuery,
        response: { 200: WorkerPageSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (req) => workers.list(contextOf(req), req.query)
  )

  app.post(
    '/workers/search',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['workers'],
        operationId: 'searchWorker',
        summary: 'Find a worker by NIK (sent in the body, never in a URL)',
        body: SearchWorkerBody,
        response: { 200: WorkerDetailSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (req, reply) => {
      const { worker, version } = await workers.search(contextOf(req), req.body.nik)
      return reply.header('etag', etagOf(version)).send(worker)
    }
  )

  app.get(
    '/workers/:id',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['workers'],
        operationId: 'getWorker',
        summary: 'A worker',
        params: WorkerIdParams,
        response: { 200: WorkerDetailSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (req, reply) => {
      const { worker, version } = await workers.get(contextOf(req), req.params.id)
      return reply.header('etag', etagOf(version)).send(worker)
    }
  )

  app.patch(
    '/workers/:id',
    {
      config: { auth: WRITERS },
      schema: {
        tags: ['workers'],
        operationId: 'updateWorker',
        summary: 'Change a worker (If-Match required; the NIK never changes)',
        description: 'Send the ETag you read as If-Match: without it 428, when the worker changed since 412. The result is validated like a new worker.',
        params: WorkerIdParams,
        headers: IfMatchHeaders,
        body: PatchWorkerBody,
        response: { 200: WorkerDetailSchema, ...problemResponses(400, 401, 403, 404, 412, 428, 429) },
      },
    },
    async (req, reply) => {
      const { worker, version } = await workers.update(contextOf(req), req.params.id, req.headers['if-match'], req.body)
      return reply.header('etag', etagOf(version)).send(worker)
    }
  )

  // The import route has its own scope, so the text/csv parser applies to it alone.
  await app.register(async (csvScope) => {
    const scope = csvScope.withTypeProvider<ZodTypeProvider>()
    scope.addContentTypeParser('text/csv', (req: FastifyRequest, payload: IncomingMessage) => parseCsvBody(req, payload))
    scope.post(
      '/workers/import',
      {
        config: { auth: WRITERS, idempotent: true },
        schema: {
          tags: ['workers'],
          operationId: 'importWorkers',
          summary: 'Import workers in bulk: upsert by NIK, every row validated',
          description:
            `Up to ${MAX_IMPORT_ROWS.toLocaleString('en')} rows as \`text/csv\` (header row) or a JSON array. Rows are matched by NIK: new ones are created, ` +
            'changed ones updated, identical ones left alone, so sending the same file twice changes nothing the second time. A bad row ' +
            'is reported in `rejected` with its row number and every field error, and never stops the good ones; a NIK repeated in the ' +
            'file rejects the later row. Wage-earner status and death facts are not part of an import and are never changed by one. ' +
            'A body over the size limit is 413.',
          headers: IdempotencyHeaders,
          consumes: ['application/json', 'text/csv'],
          body: ImportBody,
          response: { 200: ImportReportSchema, ...problemResponses(400, 401, 403, 413, 415, 422, 429) },
        },
      },
      async (req) => {
        const format = (req.headers['content-type'] ?? '').toLowerCase().startsWith('text/csv') ? 'csv' : 'json'
        return workers.importRows(contextOf(req), req.body, format)
      }
    )
  })
}
