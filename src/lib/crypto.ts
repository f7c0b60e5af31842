import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { MAX_JSON_DEPTH } from './json.js'

export function sha256Hex (value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex')
}

export function constantTimeEqualHex (a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex')
  const bb = Buffer.from(b, 'hex')
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

/** A new API key secret: a readable prefix and 32 random bytes. */
export function newApiKeySecret (): string {
  return `jr_${randomBytes(32).toString('base64url')}`
}

/**
 * JSON with object keys sorted, so that the same body always hashes the same (idempotency). It recurses: request
 * bodies reach it at most MAX_JSON_DEPTH deep (the JSON parser refuses deeper ones, lib/json.ts), and anything
 * deeper than twice that is refused here with a RangeError rather than a stack overflow.
 */
export function canonicalJson (value: unknown, depth = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (depth >= 2 * MAX_JSON_DEPTH) throw new RangeError(`canonicalJson: nested more than ${2 * MAX_JSON_DEPTH} levels deep`)
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`).join(',')}}`
}
