import { sql } from 'drizzle-orm'
import t from 'tap'
import { runMigrations } from '../../src/db/migrate.js'
import { listWorkersQuery } from '../../src/modules/workers/workers.repository.js'
import { OCCUPATIONS } from '../../src/rules/occupations.js'
import { onPostgres, openTestDatabase } from '../helpers/app.js'

/**
 * Every filter of the workers list is an index range on a large table with statistics: no sequential scan, and
 * the rare filters (status=DECEASED) and the combined one on their own index rather than the keyset walked and
 * filtered. A planner's choice at scale is PostgreSQL's: the embedded database is for trying the service.
 */
t.test('no worker list filter scans the table sequentially (300,000 workers, analyzed)', { skip: !onPostgres() && 'the planner at scale is PostgreSQL’s' }, async (t) => {
  const handle = await openTestDatabase(t)
  await runMigrations(handle)
  const db = handle.db
  const occupations = `{${OCCUPATIONS.join(',')}}`
  await db.execute(sql`
    insert into workers (nik, name, birth_date, sex, address, kecamatan_code, occupation, desil, desil_source, desil_period, status, date_of_death, death_cause)
    select lpad((3671010000000000 + i)::text, 16, '0'), 'Pekerja Rencana ' || i, date '1970-01-01' + (i % 15000), case when i % 2 = 0 then 'M' else 'F' end,
           'Jl. Rencana ' || i, '3671' || lpad((1 + i % 13)::text, 2, '0'), (${occupations}::text[])[1 + i % ${OCCUPATIONS.length}], 1 + i % 10, 'DTKS', '2025-01',
           case when i % 1000 = 0 then 'DECEASED' else 'ACTIVE' end, case when i % 1000 = 0 then date '2025-05-01' end, case when i % 1000 = 0 then 'ILLNESS' end
      from generate_series(1, 300000) i`)
  await db.execute(sql`analyze workers`)
  const filters = [
    { name: 'no filter', f: {} },
    { name: 'status=DECEASED', f: { status: 'DECEASED' as const }, index: 'workers_status_seq_idx' },
    { name: 'kecamatanCode', f: { kecamatanCode: '367105' } },
    { name: 'occupation', f: { occupation: OCCUPATIONS[3]! } },
    { name: 'kecamatanCode and occupation', f: { kecamatanCode: '367105', occupation: OCCUPATIONS[3]! }, index: 'workers_kecamatan_occupation_seq_idx' },
    { name: 'desilMax', f: { desilMax: 2 } },
    { name: 'every filter at once', f: { kecamatanCode: '367105', occupation: OCCUPATIONS[3]!, desilMax: 4, status: 'ACTIVE' as const } },
  ]
  for (const { name, f, index } of filters) {
    const q = listWorkersQuery(db, { ...f, limit: 50 }, { branchCode: null }).toSQL()
    const result = await handle.pool!.query(`explain (format json) ${q.sql}`, q.params)
    const plan = JSON.stringify(result.rows[0]['QUERY PLAN'])
    t.notMatch(plan, /"Node Type":"Seq Scan"/, `${name}: no sequential scan`, { plan })
    if (index) t.match(plan, `"Index Name":"${index}"`, `${name}: its own index`, { plan })
  }
})
