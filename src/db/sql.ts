import { sql, type SQLWrapper } from 'drizzle-orm'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * `column = any($1::uuid[])`: ONE parameter however long the list (an IN list binds one per id, and drizzle would
 * expand a JS array the same way), sent as an array literal. Anything but a UUID is refused before it gets there.
 */
export function inIds (column: SQLWrapper, ids: string[]) {
  for (const id of ids) if (!UUID.test(id)) throw new TypeError(`not a uuid: ${JSON.stringify(id)}`)
  return sql`${column} = any(${`{${ids.join(',')}}`}::uuid[])`
}
