import type { FastifyLoggerOptions, PinoLoggerOptions } from 'fastify/types/logger.js'
import type { Config } from './config.js'
import { maskNikRuns } from './lib/privacy.js'

/**
 * pino options: request ids on every line, and personal data redacted wherever it may appear.
 * NIK never reaches a URL by contract; these paths catch it if a body or an error object is ever logged.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'nik',
  'kkNumber',
  '*.nik',
  '*.kkNumber',
  '*.*.nik',
  '*.*.kkNumber',
  'body',
  '*.body',
  'heir',
  '*.heir',
  // PostgreSQL errors quote the offending values (e.g. "Key (nik)=(3671…) already exists")
  'err.detail',
  'err.where',
  'err.parameters',
]

export function loggerOptions (config: Pick<Config, 'logLevel' | 'env'>): FastifyLoggerOptions & PinoLoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req (req) {
        // The path without its query string: a query may carry filters about people. A client that puts a NIK
        // in the path anyway (the API never asks for one there) gets it logged masked.
        return { method: req.method, url: maskNikRuns(req.url.split('?')[0] ?? ''), remoteAddress: req.ip }
      },
    },
  }
}
