import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from '@fastify/type-provider-zod'
import { AppError, PROBLEM_BASE, type FieldError } from '../errors.js'

/**
 * The ONE place errors become RFC 9457 problem+json. Domain errors carry their own status and code;
 * validation errors list each field; anything unexpected is logged and answered with a fixed 500
 * that names nothing internal (no stack, no SQL, no table).
 */
type Problem = {
  type: string
  title: string
  status: number
  detail: string
  requestId: string
  [extra: string]: unknown
}

function send (reply: FastifyReply, problem: Problem, headers?: Record<string, string>) {
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v)
  return reply.code(problem.status).type('application/problem+json').send(problem)
}

function fieldErrors (err: FastifyError & { validation: unknown[] }, context: string | undefined): FieldError[] {
  const out: FieldError[] = []
  for (const v of err.validation as Array<{ instancePath: string; message: string; keyword: string; params: Record<string, unknown> }>) {
    const base = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.')
    if (v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys)) {
      for (const key of v.params.keys as string[]) {
        out.push({ path: base ? `${base}.${key}` : key, message: 'unknown field' })
      }
      continue
    }
    out.push({ path: base || (context ?? 'body'), message: v.message })
  }
  return out
}

const PG_UNIQUE_VIOLATION = '23505'
const PG_CHECK_VIOLATION = '23514'

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) =>
      send(reply, {
        type: `${PROBLEM_BASE}not-found`,
        title: 'Not found',
        status: 404,
        detail: `No route ${req.method} ${req.url.split('?')[0]}.`,
        requestId: req.id,
      })
    )

    app.setErrorHandler((error: FastifyError, req, reply) => {
      const requestId = req.id
      if (error instanceof AppError) {
        return send(
          reply,
          { type: `${PROBLEM_BASE}${error.code}`, title: error.title, status: error.status, detail: error.message, requestId, ...error.extra },
          error.headers
        )
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const errors = fieldErrors(error as FastifyError & { validation: unknown[] }, error.validationContext)
        return send(reply, {
          type: `${PROBLEM_BASE}validation-failed`,
          title: 'Request validation failed',
          status: 400,
          detail: `The ${error.validationContext ?? 'request'} is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
          requestId,
          errors,
        })
      }
      if (isResponseSerializationError(error)) {
        req.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema')
        return internal(reply, requestId)
      }
      const code = (error as { code?: string }).code
      if (code === PG_UNIQUE_VIOLATION) {
        // A race the service did not foresee: still a conflict, never a 500 with SQL in it.
        return send(reply, { type: `${PROBLEM_BASE}conflict`, title: 'Conflict', status: 409, detail: 'The change conflicts with existing data.', requestId })
      }
      if (code === PG_CHECK_VIOLATION) {
        req.log.warn({ err: error }, 'database constraint refused a change')
        return send(reply, { type: `${PROBLEM_BASE}constraint-violated`, title: 'Conflict', status: 409, detail: 'The change would break a rule the data must keep (for example the budget).', requestId })
      }
      const status = error.statusCode ?? 500
      if (status === 413) {
        return send(reply, { type: `${PROBLEM_BASE}payload-too-large`, title: 'Payload too large', status, detail: `The request body exceeds the limit of ${app.initialConfig.bodyLimit} bytes.`, requestId })
      }
      if (status === 429) {
        return send(reply, { type: `${PROBLEM_BASE}rate-limited`, title: 'Too many requests', status, detail: error.message, requestId })
      }
      if (status >= 400 && status < 500 && typeof code === 'string' && code.startsWith('FST_')) {
        // Fastify's own client errors (malformed JSON, wrong content type) have safe messages.
        const kind = status === 415 ? 'unsupported-media-type' : 'bad-request'
        return send(reply, { type: `${PROBLEM_BASE}${kind}`, title: status === 415 ? 'Unsupported media type' : 'Bad request', status, detail: error.message, requestId })
      }
      req.log.error({ err: error }, 'unhandled error')
      return internal(reply, requestId)
    })
  },
  { name: 'errors' }
)

function internal (reply: FastifyReply, requestId: string) {
  return send(reply, {
    type: `${PROBLEM_BASE}internal`,
    title: 'Internal Server Error',
    status: 500,
    detail: `An unexpected error occurred. Quote request id ${requestId} when reporting it.`,
    requestId,
  })
}
