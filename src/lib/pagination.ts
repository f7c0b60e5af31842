import { z } from 'zod'
import { badRequest } from '../errors.js'

/**
 * Keyset pagination: the cursor is the sort key of the last item returned, so rows inserted between two
 * fetches never cause a duplicate or a gap among the rows that existed. Cursors are opaque base64url JSON.
 */
export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 500

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT).describe('Items per page (1–500).'),
  cursor: z.string().max(512).optional().describe('Opaque cursor: the `nextCursor` of the previous page.'),
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

export function decodeCursor<T> (cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined || cursor === '') return undefined
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
    if (parsed.success) return parsed.data
  } catch {
    // fall through to the same error as a well-formed but foreign cursor
  }
  throw badRequest('The cursor is not one this API issued.', [{ path: 'cursor', message: 'invalid cursor' }])
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
