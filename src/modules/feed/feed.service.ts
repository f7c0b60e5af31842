import type { SQL } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import type { RequestContext } from '../../lib/context.js'
import { appendChanges, changesWrittenCtes, findOpenEnrolmentBranches, type Change } from './feed.repository.js'

/**
 * The branches' change feed, as its writers see it: every module that changes what a BPJS branch must know
 * (an enrolment added or ended, a worker's data, a registration) records the change here, in its own
 * transaction. The branches module reads the feed; this module only appends to it.
 */
export type { Change, ChangeAction } from './feed.repository.js'

export async function recordChanges (tx: Executor, ctx: RequestContext, changes: Change[]): Promise<void> {
  if (changes.length > 0) await appendChanges(tx, changes, ctx.at)
}

/**
 * One change for each row of `rows` (columns branch_code, enrolment_id, action, ord), numbered in `ord` order, as
 * common table expressions for the caller's own INSERT: an enrolment batch writes its 10,000 rows and their ADDs
 * in one statement, `rows` reading that INSERT's RETURNING.
 */
export function changesWrittenWith (ctx: RequestContext, rows: SQL): SQL {
  return changesWrittenCtes(rows, ctx.at)
}

/**
 * A change to workers' data (address, phone, name…) concerns the branches that register them: one UPDATE change
 * for each of their open enrolments, set-based.
 */
export async function recordWorkerChanges (tx: Executor, ctx: RequestContext, workerIds: string[]): Promise<void> {
  const open = await findOpenEnrolmentBranches(tx, workerIds)
  await recordChanges(tx, ctx, open.map((e) => ({ branchCode: e.branchCode, enrolmentId: e.id, action: 'UPDATE' as const })))
}
