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

/**
 * A PostgreSQL array literal (`{"a","b\\"c",NULL}`, `{1,2}`, `{t,f}`) for ONE parameter cast to an array type:
 * `unnest($1::uuid[], $2::text[], …)` takes thousands of rows as one array per column, each value read by its own
 * type's input, with no JSON document to take apart first. Every string is quoted, its quotes and backslashes
 * escaped, so any text travels intact (the string 'NULL' included); null is SQL NULL.
 */
export function arrayLiteral (values: ReadonlyArray<string | number | boolean | null>): string {
  const parts = new Array<string>(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (typeof v === 'string') parts[i] = v.includes('"') || v.includes('\\') ? `"${v.replace(ARRAY_ESCAPE, '\\$&')}"` : `"${v}"`
    else if (v === null || v === undefined) parts[i] = 'NULL'
    else if (typeof v === 'boolean') parts[i] = v ? 't' : 'f'
    else parts[i] = String(v)
  }
  return `{${parts.join(',')}}`
}
const ARRAY_ESCAPE = /["\\]/g

/**
 * The SQL twin of `csvCell` (lib/csv.ts) for a text expression, so a CSV export can be formatted by PostgreSQL in
 * the query that reads it: NULL is empty; a value a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return) gets a leading apostrophe; a value holding a comma, a quote or a line break is quoted with
 * its quotes doubled. test/db/sql.test.ts checks it against `csvCell` on the same strings.
 */
export function csvCellSql (text: SQLWrapper) {
  return sql`(case
    when ${text} is null then ''
    when ${text} ~ E'^[=+@\\t\\r-]' then
      case when ${text} ~ E'[",\\r\\n]' then '"''' || replace(${text}, '"', '""') || '"' else '''' || ${text} end
    when ${text} ~ E'[",\\r\\n]' then '"' || replace(${text}, '"', '""') || '"'
    else ${text} end)`
}

/**
 * A text value with the formula escape of `csvCell` (a leading apostrophe before = + - @, a tab or a carriage
 * return) and nothing else: for `COPY … WITH (FORMAT csv)`, which does the quoting itself.
 */
export function formulaEscapedSql (text: SQLWrapper) {
  return sql`(case when ascii(${text}) in (61, 43, 45, 64, 9, 13) then '''' || ${text} else ${text} end)`
}

/**
 * The SQL twin of `maskNik` (rules/nik.ts) for a NIK column whose CHECK makes it `length` digits: the first and
 * last four kept, the rest dots. Digits and dots need no CSV quoting.
 */
export function maskedNikSql (nik: SQLWrapper, length: number) {
  return sql`(left(${nik}, 4) || ${'•'.repeat(length - 8)} || right(${nik}, 4))`
}
