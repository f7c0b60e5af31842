import fc from 'fast-check'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { rowsOf } from '../../src/db/client.js'
import { runMigrations } from '../../src/db/migrate.js'
import { arrayLiteral, csvCellSql, maskedNikSql } from '../../src/db/sql.js'
import { csvCell } from '../../src/lib/csv.js'
import { maskNik } from '../../src/rules/nik.js'
import { openTestDatabase } from '../helpers/app.js'

/** The SQL twins of the CSV cell and the NIK mask write exactly what their TypeScript originals write. */

const CASES = [
  'Siti', '', 'Siti, Aminah', 'Budi "Ojek"', 'Jl. Melati\r\nRT 1', 'a\nb', 'a\rb', '=1+1', '+62812', '-2+3', '@SUM(A1)', '\tcmd', '\rx',
  '=HYPERLINK("x")', '-', '"', ',', "'quoted'", 'KPJ-001', 'Ñoño – ĳ 😀', ' lead', 'trail ',
]

async function sqlCells (db: Awaited<ReturnType<typeof openTestDatabase>>['db'], values: Array<string | null>): Promise<string[]> {
  const result = await db.execute(sql`select ${csvCellSql(sql`v`)} as cell from unnest(${`{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`}::text[]) with ordinality as x(v, i) order by i`)
  return rowsOf<{ cell: string }>(result).map((r) => r.cell)
}

t.test('csvCellSql: PostgreSQL formats every cell as csvCell does (formula escape, quoting, NULL empty)', async (t) => {
  const { db } = await openTestDatabase(t)
  const values = [...CASES, null]
  t.same(await sqlCells(db, values), values.map((v) => csvCell(v)))
})

t.test('csvCellSql: the same as csvCell on random text with the characters that matter', async (t) => {
  const { db } = await openTestDatabase(t)
  const char = fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\r', '\n', '\t', '=', '+', '-', '@', "'", 'é', '\\', '{', '}')
  const texts = fc.sample(fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')), { numRuns: 500, seed: 42 })
  t.same(await sqlCells(db, texts), texts.map((v) => csvCell(v)))
})

t.test('arrayLiteral: every text, null, number and boolean comes back out of unnest as it went in', async (t) => {
  const { db } = await openTestDatabase(t)
  const char = fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\\', '{', '}', '\r', '\n', '\t', "'", 'é', '😀', 'N', 'U', 'L')
  const texts = fc.sample(fc.oneof(fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')), fc.constant(null), fc.constantFrom('NULL', 'null', '', ' ')), { numRuns: 500, seed: 7 })
  const back = rowsOf<{ v: string | null }>(await db.execute(sql`select v from unnest(${arrayLiteral(texts)}::text[]) with ordinality as x(v, i) order by i`))
  t.same(back.map((r) => r.v), texts, 'texts, NULL and the text "NULL" apart')
  const numbers = [0, -1, 16_800, 2 ** 53 - 1]
  const n = rowsOf<{ v: string | number }>(await db.execute(sql`select v from unnest(${arrayLiteral(numbers)}::bigint[]) with ordinality as x(v, i) order by i`))
  t.same(n.map((r) => Number(r.v)), numbers)
  const flags = [true, false, null]
  const f = rowsOf<{ v: boolean | null }>(await db.execute(sql`select v from unnest(${arrayLiteral(flags)}::boolean[]) with ordinality as x(v, i) order by i`))
  t.same(f.map((r) => r.v), flags)
})

t.test('maskedNikSql: the NIK mask of the rules (first and last four digits kept)', async (t) => {
  const { db } = await openTestDatabase(t)
  const nik = '3671014507900001'
  const [r] = rowsOf<{ m: string }>(await db.execute(sql`select ${maskedNikSql(sql`${nik}::text`, 16)} as m`))
  t.equal(r!.m, maskNik(nik))
})

t.test('workers, enrolments and invoices are never deleted: billed invoice lines point at them without a foreign key', async (t) => {
  const handle = await openTestDatabase(t)
  await runMigrations(handle)
  const { db } = handle
  const refusal = async (statement: string) => {
    try {
      await db.execute(sql.raw(statement))
      return 'done'
    } catch (e) {
      return String((e as { cause?: Error }).cause?.message ?? e)
    }
  }
  for (const table of ['workers', 'enrolments', 'invoices']) {
    t.match(await refusal(`delete from ${table}`), /never deleted/, `delete from ${table} refused`)
    t.match(await refusal(`truncate ${table} cascade`), /never deleted/, `truncate ${table} refused`)
  }
})

t.test('enrolments keep 30% of each page free, so the monthly counter updates stay in place (HOT)', async (t) => {
  const handle = await openTestDatabase(t)
  await runMigrations(handle)
  const [r] = rowsOf<{ options: string[] | null }>(await handle.db.execute(sql`select reloptions as options from pg_class where relname = 'enrolments'`))
  t.same(r!.options, ['fillfactor=70'])
})
