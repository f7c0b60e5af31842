import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

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

/** JSON with object keys sorted, so that the same body always hashes the same (idempotency). */
export function canonicalJson (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}
