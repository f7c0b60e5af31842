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
