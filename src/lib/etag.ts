import { preconditionFailed, preconditionRequired } from '../errors.js'

/** Strong ETag from a row's version counter: it changes on every write. */
export function etagOf (version: number): string {
  return `"v${version}"`
}

/** For PATCH: 428 without If-Match, 412 when it names another version; returns the version the client read. */
export function requireIfMatch (header: string | undefined, currentVersion: number): void {
  if (header === undefined || header.trim() === '') throw preconditionRequired()
  const tags = header.split(',').map((s) => s.trim().replace(/^W\//, ''))
  if (tags.includes('*')) return
  if (!tags.includes(etagOf(currentVersion))) throw preconditionFailed()
}
