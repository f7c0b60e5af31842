import { and, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { branchFeeds, enrolmentChanges, enrolments } from '../../db/schema.js'
import { inIds } from '../../db/sql.js'

export type ChangeAction = 'ADD' | 'UPDATE' | 'END'
export type Change = { branchCode: string; enrolmentId: string; action: ChangeAction }

/** Rows per statement: each chunk travels as one JSON parameter (no per-value bind parameters to build). */
const CHUNK = 5_000

/**
 * Appends changes to each branch's feed. The change ids come from an UPDATE of the branch's feed row, whose lock
 * is held until this transaction commits: a branch's changes become visible in change-id order, so a reader
 * resuming after change N never misses one committed later with a smaller id. Branches are locked in code order,
 * so two transactions touching the same branches cannot deadlock.
 */
export async function appendChanges (exec: Executor, changes: Change[], at: Date): Promise<void> {
  const byBranch = new Map<string, Change[]>()
  for (const c of changes) {
    const list = byBranch.get(c.branchCode)
    if (list) list.push(c)
    else byBranch.set(c.branchCode, [c])
  }
  for (const branch of [...byBranch.keys()].sort()) {
    const list = byBranch.get(branch)!
    const [feed] = await exec
      .insert(branchFeeds)
      .values({ branchCode: branch, lastChangeId: list.length })
      .onConflictDoUpdate({ target: branchFeeds.branchCode, set: { lastChangeId: sql`${branchFeeds.lastChangeId} + ${list.length}` } })
      .returning({ last: branchFeeds.lastChangeId })
    const first = feed!.last - list.length + 1
    for (let i = 0; i < list.length; i += CHUNK) {
      const json = JSON.stringify(list.slice(i, i + CHUNK).map((c, j) => ({ c: first + i + j, e: c.enrolmentId, a: c.action })))
      await exec.execute(sql`
        insert into ${enrolmentChanges} (branch_code, change_id, enrolment_id, action, occurred_at)
        select ${branch}, v.c, v.e, v.a, ${at.toISOString()}::timestamptz from jsonb_to_recordset(${json}::jsonb) as v(c bigint, e uuid, a text)`)
    }
  }
}

/** The open (PENDING or ACTIVE) enrolments of these workers, with their branch: who must hear of a change. */
export async function findOpenEnrolmentBranches (exec: Executor, workerIds: string[]): Promise<Array<{ id: string; branchCode: string }>> {
  if (workerIds.length === 0) return []
  return exec
    .select({ id: enrolments.id, branchCode: enrolments.branchCode })
    .from(enrolments)
    .where(and(inIds(enrolments.workerId, workerIds), inArray(enrolments.status, ['PENDING', 'ACTIVE'])))
}
