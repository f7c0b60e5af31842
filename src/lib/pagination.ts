import { z } from 'zod'
import { badRequest } from '../errors.js'
import { queryInt } from './schemas.js'

/**
 * Keyset pagination: the cursor is the sort key of the last item returned, so rows inserted between two
 * fetches never cause a duplicate or a gap among the rows that existed. Cursors are opaque base64url JSON.
 */
export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 500

/**
 * A cursor as a query parameter: base64url, which is all encodeCursor writes, so any other character (a NUL, a
 * space, a quote) is a 400 on the parameter before anything decodes it.
 */
export function cursorParam () {
  return z.string().max(512).regex(/^[A-Za-z0-9_-]*$/, 'must be a cursor this API issued (base64url)')
}

export const pageQuery = {
  limit: queryInt(1, MAX_LIMIT).default(DEFAULT_LIMIT).describe('Items per page (1–500).'),
  cursor: cursorParam().optional().describe('Opaque cursor: the `nextCursor` of the previous page.'),
}

export function pageSchema<T extends z.ZodType> (item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  })
}

export function encodeCursor (key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')
}

/**
 * The sort key a cursor carries, or a 400 naming `param` when the cursor is not one this API issued. A key that
 * holds a NUL anywhere is refused too: it would reach the database as a text parameter, which PostgreSQL refuses.
 */
export function decodeCursor<T> (cursor: string | undefined, schema: z.ZodType<T>, param = 'cursor'): T | undefined {
  if (cursor === undefined || cursor === '') return undefined
  try {
    const text = Buffer.from(cursor, 'base64url').toString('utf8')
    // JSON writes a NUL inside a string as \u0000 (in any case of hex digits); a raw one is not JSON at all
    const parsed = /\\u0000/i.test(text) ? undefined : schema.safeParse(JSON.parse(text))
    if (parsed?.success) return parsed.data
  } catch {
    // fall through to the same error as a well-formed but foreign cursor
  }
  throw badRequest(`The ${param} is not one this API issued.`, [{ path: param, message: `invalid ${param}` }])
}

/** Repositories fetch limit + 1 rows; this trims the extra row and derives the next cursor from the last item. */
export function toPage<Row, Item> (
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => unknown,
  map: (row: Row) => Item
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit
  const pageRows = hasMore ? rows.slice(0, limit) : rows
  const last = pageRows[pageRows.length - 1]
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null,
  }
}
