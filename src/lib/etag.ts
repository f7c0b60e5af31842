import { preconditionFailed, preconditionRequired } from '../errors.js'

/** Strong ETag from a row's version counter: it changes on every write. */
export function etagOf (version: number): string {
  return `"v${version}"`
}

/**
 * For PATCH: 428 without If-Match, 412 unless it names the current version. If-Match compares strongly (RFC 9110
 * §13.1.1): a weak tag `W/"v3"` only claims an equivalent representation, so it never matches, even ours.
 */
export function requireIfMatch (header: string | undefined, currentVersion: number): void {
  if (header === undefined || header.trim() === '') throw preconditionRequired()
  const tags = header.split(',').map((s) => s.trim())
  if (tags.includes('*')) return
  if (!tags.includes(etagOf(currentVersion))) throw preconditionFailed()
}
