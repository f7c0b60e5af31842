import { STATUS_CODES, maxHeaderSize } from 'node:http'
import type { Socket } from 'node:net'
import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from '@fastify/type-provider-zod'
import { databaseFaultOf, sqlStateOf, type DatabaseFault } from '../db/client.js'
import { AppError, PROBLEM_BASE, type FieldError } from '../errors.js'

/**
 * The ONE place errors become RFC 9457 problem+json. Domain errors carry their own status and code;
 * validation errors list each field; a database that is busy, lost or unreachable is a 503 with Retry-After;
 * anything unexpected is logged and answered with a fixed 500 that names nothing internal (no stack, no SQL,
 * no table). The replies Fastify and Node write themselves (a bad URL, a too-long path parameter, oversized
 * headers, a request during shutdown) are made problem+json here too: see `problemServerOptions`.
 */
type Problem = {
  type: string
  title: string
  status: number
  detail: string
  requestId?: string
  [extra: string]: unknown
}

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

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

/**
 * Retry-After (seconds) for each kind of database trouble. Contention clears in about the time a lock or a
 * pooled connection is held; a lost connection is replaced at once, but a database that went away (a restart,
 * a failover) needs a few seconds.
 */
export const RETRY_AFTER_SECONDS: Record<DatabaseFault | 'overloaded' | 'shutting-down', number> = {
  busy: 1,
  lost: 2,
  unavailable: 5,
  overloaded: 2,
  'shutting-down': 5,
}

const FAULT_PROBLEMS: Record<DatabaseFault, { code: string; title: string; detail: string }> = {
  busy: {
    code: 'database-busy',
    title: 'Service busy',
    detail: 'The database is too busy to serve this request now (a lock or a connection was not free in time); nothing was changed. Try again shortly.',
  },
  lost: {
    code: 'database-unavailable',
    title: 'Service unavailable',
    detail:
      'The connection to the database was lost while serving this request. Try again shortly; for a change, retry with the same ' +
      'Idempotency-Key where the operation accepts one, or read the resource first.',
  },
  unavailable: {
    code: 'database-unavailable',
    title: 'Service unavailable',
    detail: 'The database cannot be reached right now; nothing was changed. Try again shortly.',
  },
}

function faultProblem (fault: DatabaseFault, requestId: string): [Problem, Record<string, string>] {
  const p = FAULT_PROBLEMS[fault]
  return [
    { type: `${PROBLEM_BASE}${p.code}`, title: p.title, status: 503, detail: p.detail, requestId },
    { 'retry-after': String(RETRY_AFTER_SECONDS[fault]) },
  ]
}

const RETRIED = Symbol('retries a read once when its database connection is lost')
const READ_METHODS = new Set(['GET', 'HEAD'])

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    /*
     * A read whose database connection died under it (pg_terminate_backend, a failover, a server restart) runs
     * once more on a fresh pooled connection: reads write nothing, so running one twice is safe. Writes are not
     * retried: their transaction was rolled back (or its commit is unconfirmed), so they answer 503 and the client
     * decides, with its Idempotency-Key. This covers a read's transaction and a read that also writes (an audited
     * feed read: its audit row may then be written twice, which over-records a read and loses nothing); a lone
     * SELECT, the API-key lookup before any handler among them, is repeated by the pool itself (db/client.ts).
     * Not once bytes of the reply have gone out (a stream).
     */
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      const handler = route.handler as RouteHandlerMethod & { [RETRIED]?: true }
      if (!methods.every((m) => READ_METHODS.has(m)) || handler[RETRIED]) return
      // Not an async wrapper: a handler that answers through reply.send and returns nothing must stay that way.
      const retrying = function (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply): unknown {
        const again = async (err: unknown) => {
          if (reply.sent || databaseFaultOf(err) !== 'lost') throw err
          req.log.warn({ err }, 'database connection lost during a read: retrying once')
          // let the pool see the other dead connections first, so the retry does not pick one of them
          await new Promise((resolve) => setImmediate(resolve))
          return await handler.call(this, req, reply)
        }
        let result: unknown
        try {
          result = handler.call(this, req, reply)
        } catch (err) {
          return again(err)
        }
        return result instanceof Promise ? result.catch(again) : result
      }
      route.handler = Object.assign(retrying, { [RETRIED]: true as const }) as typeof route.handler
    })

    // Fastify's own 503 while closing is plain JSON (return503OnClosing is off in problemServerOptions): requests
    // still arriving on open keep-alive connections during a graceful shutdown get this problem instead.
    let closing = false
    app.addHook('preClose', async () => {
      closing = true
    })
    // close() closes the connections idle at that moment; one whose request was still in flight becomes idle
    // later and would hold close() for Fastify's 72 s keep-alive timeout (past SHUTDOWN_GRACE_MS): close it
    // once its reply is out (one with a pipelined request waiting is not idle yet, and goes after that reply).
    app.addHook('onResponse', async () => {
      if (closing) setImmediate(() => app.server.closeIdleConnections())
    })
    app.addHook('onRequest', async () => {
      if (!closing) return
      throw new AppError(503, 'shutting-down', 'Service unavailable', 'This instance is shutting down; retry shortly (another instance may answer).', undefined, {
        'retry-after': String(RETRY_AFTER_SECONDS['shutting-down']),
        connection: 'close',
      })
    })

    app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) =>
      send(reply, {
        type: `${PROBLEM_BASE}not-found`,
        title: 'Not found',
        status: 404,
        detail: `No route ${req.method} ${(req.url.split('?')[0] ?? '').slice(0, 200)}.`,
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
        // where and how the reply broke its schema, never the values (they are the reply's data)
        const issues = error.cause.issues.map((i) => ({ code: i.code, path: i.path.map(String).join('.') }))
        req.log.error({ err: error, issues }, 'response did not match its schema')
        return internal(reply, requestId)
      }
      const fault = databaseFaultOf(error)
      if (fault) {
        // The err serializer (src/logger.ts) keeps its class and SQLSTATE only: a database message can quote a value.
        req.log.warn({ fault, err: error }, 'database trouble: answered 503')
        const [problem, headers] = faultProblem(fault, requestId)
        return send(reply, problem, headers)
      }
      const code = sqlStateOf(error) ?? (error as { code?: string }).code
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
      if (status === 415) {
        return send(reply, { type: `${PROBLEM_BASE}unsupported-media-type`, title: 'Unsupported media type', status, detail: error.message, requestId })
      }
      if (status >= 400 && status < 500) {
        // Fastify's own client errors (malformed JSON, a bad header) have safe messages; anyone else's may not.
        const detail = typeof code === 'string' && code.startsWith('FST_') ? error.message : (STATUS_CODES[status] ?? 'Bad request')
        return send(reply, { type: `${PROBLEM_BASE}bad-request`, title: STATUS_CODES[status] ?? 'Bad request', status, detail, requestId })
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

/**
 * Errors Fastify meets while routing, before any hook or handler: a path that is not valid percent-encoding (400)
 * and a path parameter longer than the router's maxParamLength, 100 characters (414 URI Too Long). Fastify would
 * answer them with its own JSON.
 */
function frameworkErrors (error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const requestId = req.id
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, { type: `${PROBLEM_BASE}uri-too-long`, title: 'URI too long', status: 414, detail: 'A path segment is longer than 100 characters.', requestId })
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return send(reply, { type: `${PROBLEM_BASE}bad-request`, title: 'Bad request', status: 400, detail: 'The path is not a valid URL (bad percent-encoding).', requestId })
  }
  req.log.error({ err: error }, 'routing error')
  return internal(reply, requestId)
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them: a request line plus headers above Node's
 * max header size (16 KiB by default; a very long URL ends here, as 431), a malformed request (400), a client
 * too slow to send its headers (408). There is no request yet, so no request id; the connection is closed.
 */
function clientErrorHandler (this: FastifyInstance, err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [status, kind, detail] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request-header-fields-too-large', `The request line and headers exceed ${maxHeaderSize} bytes (a URL that long is refused here).`]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'The request was not received in time.']
        : [400, 'bad-request', 'The request is not valid HTTP.']
  const body = JSON.stringify({ type: `${PROBLEM_BASE}${kind}`, title: STATUS_CODES[status], status, detail })
  this.log.debug({ code: err.code }, 'client error')
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
    )
  }
  socket.destroy(err)
}

/** Fastify server options that route its built-in error replies through problem+json (spread into Fastify()). */
export const problemServerOptions = {
  frameworkErrors,
  clientErrorHandler,
  return503OnClosing: false,
}
