import type { FastifyLoggerOptions, PinoLoggerOptions } from 'fastify/types/logger.js'
import type { Config } from './config.js'
import { AppError } from './errors.js'
import { maskNikRuns, scrubLogLine } from './lib/privacy.js'

/**
 * What a log line may say about an error: only what we built, never what the error carries. A database error's
 * message, detail, stack, query and parameters quote the very rows that failed (a failed import once logged each
 * NIK three times), so none of them is read, whatever the error's shape.
 */
export type LoggedError = {
  /** The error's class, e.g. DrizzleQueryError, DatabaseError, AppError. */
  type: string
  /** SQLSTATE (e.g. 23505), a Node/Fastify error code (ECONNREFUSED, FST_ERR_…), or an AppError's code. */
  code?: string
  status?: number
  statusCode?: number
  constraint?: string
  table?: string
  column?: string
  /** What it wraps (drizzle wraps the driver's error, whose code names the failure). */
  cause?: LoggedError
  /** The errors of an AggregateError (a connection refused on every address). */
  errors?: LoggedError[]
}

const SQLSTATE = /^[0-9A-Z]{5}$/
// Constants of Node (ECONNRESET, ERR_STREAM_PREMATURE_CLOSE) and Fastify (FST_ERR_…): fixed names, no data.
const SYSTEM_CODE = /^(?:E[A-Z0-9]{2,30}|ERR_[A-Z0-9_]{1,60}|FST_[A-Z0-9_]{1,60})$/
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/
const MAX_DEPTH = 3

function classOf (err: object): string {
  const name = (Object.getPrototypeOf(err) as { constructor?: { name?: unknown } } | null)?.constructor?.name
  return typeof name === 'string' && IDENTIFIER.test(name) ? name : 'Object'
}

function build (err: unknown, depth: number): LoggedError {
  if (err instanceof AppError) return { type: 'AppError', code: err.code, status: err.status }
  if (err === null || typeof err !== 'object') return { type: typeof err }
  const e = err as Record<string, unknown>
  const out: LoggedError = { type: classOf(err) }
  if (typeof e.code === 'string' && (SQLSTATE.test(e.code) || SYSTEM_CODE.test(e.code))) out.code = e.code
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode
  for (const key of ['constraint', 'table', 'column'] as const) {
    const v = e[key]
    if (typeof v === 'string' && IDENTIFIER.test(v)) out[key] = v
  }
  if (depth < MAX_DEPTH && e.cause !== undefined && e.cause !== null) out.cause = build(e.cause, depth + 1)
  if (depth < MAX_DEPTH && Array.isArray(e.errors)) out.errors = e.errors.slice(0, 5).map((x) => build(x, depth + 1))
  return out
}

/** The `err` serializer: an error as LoggedError. Never throws (a getter that does yields just the class). */
export function serializeError (err: unknown): LoggedError {
  try {
    return build(err, 0)
  } catch {
    return { type: 'Error' }
  }
}

/** A message that names the error without quoting it: 'DrizzleQueryError 22P05'. */
function summary (err: unknown): string {
  const e = serializeError(err)
  const root = e.cause?.code !== undefined && e.code === undefined ? e.cause : e
  return root.code === undefined ? e.type : `${e.type} ${root.code}`
}

/**
 * pino options: request ids on every line, and personal data kept out whatever is logged.
 * - Serializers emit only what we built: a request is its method, its path (no query string: a query may carry
 *   filters about people) and the caller's address; an error is a LoggedError.
 * - pino takes an error's message as the line's message when none is given (and Fastify passes it on purpose
 *   when its own handler logs); such a message is replaced by the error's class and code.
 * - Last, every serialized line is scrubbed: 16-digit runs masked and API key secrets censored, in any field
 *   of any object, the message and the bindings included.
 */
export function loggerOptions (config: Pick<Config, 'logLevel' | 'env'>): FastifyLoggerOptions & PinoLoggerOptions {
  return {
    level: config.logLevel,
    serializers: {
      req (req) {
        // A client that puts a NIK in the path anyway (the API never asks for one there) gets it logged masked.
        return { method: req.method, url: maskNikRuns(req.url.split('?')[0] ?? ''), remoteAddress: req.ip }
      },
      // Fastify's type asks for message and stack: exactly what must not be logged.
      err: serializeError as unknown as NonNullable<NonNullable<FastifyLoggerOptions['serializers']>['err']>,
    },
    formatters: {
      // An error under any other key than `err` gets the same treatment (only the top level: no deep walk per line).
      log (object) {
        let out = object
        for (const key of Object.keys(object)) {
          if (key !== 'err' && object[key] instanceof Error) {
            if (out === object) out = { ...object }
            out[key] = serializeError(object[key])
          }
        }
        return out
      },
    },
    hooks: {
      logMethod (args, method) {
        const [first, second] = args as unknown[]
        if (first instanceof Error) {
          return method.apply(this, [{ err: first }, typeof second === 'string' && second !== first.message ? second : summary(first)])
        }
        if (first !== null && typeof first === 'object' && (first as { err?: unknown }).err instanceof Error) {
          const err = (first as { err: Error }).err
          if (second === undefined || second === err.message) return method.apply(this, [first, summary(err)])
        }
        return method.apply(this, args)
      },
      streamWrite: scrubLogLine,
    },
  }
}
