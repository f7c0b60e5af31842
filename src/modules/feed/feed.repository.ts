import { and, inArray, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { branchFeeds, enrolmentChanges, enrolments } from '../../db/schema.js'
import { inIds } from '../../db/sql.js'

export type ChangeAction = 'ADD' | 'UPDATE' | 'END'
export type Change = { branchCode: string; enrolmentId: string; action: ChangeAction }

/** Rows per statement: each chunk travels as one JSON parameter (no per-value bind parameters to build). */
const CHUNK = 5_000

/**
 * Appends changes to each branch's feed, in the order given within each branch (appendChangesFrom numbers them).
 * The change ids come from an UPDATE of the branch's feed row, whose lock is held until this transaction commits:
 * a branch's changes become visible in change-id order, so a reader resuming after change N never misses one
 * committed later with a smaller id. Branches are locked in code order (the changes are sorted by branch, stably,
 * before they are cut into statements), so two transactions touching the same branches cannot deadlock.
 */
export async function appendChanges (exec: Executor, changes: Change[], at: Date): Promise<void> {
  const byBranch = [...changes].sort((a, b) => (a.branchCode < b.branchCode ? -1 : a.branchCode > b.branchCode ? 1 : 0))
  for (let i = 0; i < byBranch.length; i += CHUNK) {
    const json = JSON.stringify(byBranch.slice(i, i + CHUNK).map((c) => ({ b: c.branchCode, e: c.enrolmentId, a: c.action })))
    await appendChangesFrom(
      exec,
      sql`select v.b as branch_code, v.e as enrolment_id, v.a as action, v.ord
            from rows from (jsonb_to_recordset(${json}::jsonb) as (b text, e uuid, a text)) with ordinality as v(b, e, a, ord)`,
      at
    )
  }
}

/**
 * Appends one change for each row of a query (columns branch_code, enrolment_id, action, ord) in ONE statement:
 * each branch's feed row takes the next ids (and its lock, in branch-code order), and its changes are numbered
 * from them in `ord` order.
 */
export async function appendChangesFrom (exec: Executor, rows: SQL, at: Date): Promise<void> {
  await exec.execute(sql`with ${changesWrittenCtes(rows, at)} select 1`)
}

/**
 * appendChangesFrom as common table expressions (`feed_c`, `feed_n`, `feed_f`, `feed_w`), for a writer that adds
 * them to the statement writing its own rows: `rows` may then read that statement's RETURNING, so the rows and
 * their changes are written together and never read back.
 */
export function changesWrittenCtes (rows: SQL, at: Date): SQL {
  return sql`feed_c as (${rows}),
    feed_n as (select branch_code, count(*)::bigint as cnt from feed_c group by branch_code),
    feed_f as (
      insert into ${branchFeeds} (branch_code, last_change_id)
      select branch_code, cnt from feed_n order by branch_code
      on conflict (branch_code) do update set last_change_id = ${branchFeeds}.last_change_id + excluded.last_change_id
      returning branch_code, last_change_id
    ),
    feed_w as (
      insert into ${enrolmentChanges} (branch_code, change_id, enrolment_id, action, occurred_at)
      select c.branch_code, f.last_change_id - n.cnt + row_number() over (partition by c.branch_code order by c.ord), c.enrolment_id, c.action,
             ${at.toISOString()}::timestamptz
        from feed_c c join feed_n n on n.branch_code = c.branch_code join feed_f f on f.branch_code = c.branch_code
    )`
}

/** The open (PENDING or ACTIVE) enrolments of these workers, with their branch: who must hear of a change. */
export async function findOpenEnrolmentBranches (exec: Executor, workerIds: string[]): Promise<Array<{ id: string; branchCode: string }>> {
  if (workerIds.length === 0) return []
  return exec
    .select({ id: enrolments.id, branchCode: enrolments.branchCode })
    .from(enrolments)
    .where(and(inIds(enrolments.workerId, workerIds), inArray(enrolments.status, ['PENDING', 'ACTIVE'])))
}
