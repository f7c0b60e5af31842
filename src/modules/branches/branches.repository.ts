import { eq, type SQL, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { rowsOf } from '../../db/client.js'
import { branchFeeds, enrolmentChanges, enrolments, workers } from '../../db/schema.js'
import { formulaEscapedSql, maskedNikSql } from '../../db/sql.js'
import type { ChangeAction } from '../feed/feed.service.js'

export type FeedRow = {
  changeId: number
  action: ChangeAction
  enrolmentId: string
  nik: string
  name: string
  birthDate: string
  sex: 'M' | 'F'
  address: string
  occupation: string
  phone: string | null
  startMonth: string
  endMonth: string | null
  status: string
  kpjNumber: string | null
}

/**
 * A page of a branch's feed, oldest change first, with the enrolment and worker as they are now. The page of
 * changes is cut first (index range on the feed's primary key) and only then joined, so each page costs its own
 * size whatever the planner believes about freshly loaded tables.
 */
export async function readFeed (exec: Executor, branchCode: string, afterChangeId: number, limit: number): Promise<FeedRow[]> {
  const result = await exec.execute(sql`
    select c.change_id as "changeId", c.action, e.id as "enrolmentId", w.nik, w.name, w.birth_date::text as "birthDate",
           w.sex, w.address, w.occupation, w.phone, e.start_month as "startMonth", e.end_month as "endMonth",
           e.status, e.kpj_number as "kpjNumber"
      from (select change_id, action, enrolment_id
              from ${enrolmentChanges}
             where branch_code = ${branchCode} and change_id > ${afterChangeId}
             order by change_id
             limit ${limit}) c
      join ${enrolments} e on e.id = c.enrolment_id
      join ${workers} w on w.id = e.worker_id
     order by c.change_id`)
  return rowsOf<FeedRow>(result).map((r) => ({ ...r, changeId: Number(r.changeId) }))
}

/**
 * The feed's changes after `afterChangeId` through `throughChangeId` in the CSV columns (FEED_COLUMNS), for `COPY …
 * TO STDOUT WITH (FORMAT csv)` on PostgreSQL: the same values `readFeed` gives, with the formula escape of `csvRow`
 * done here (COPY quotes) and the NIK masked unless `fullNik`.
 */
export function feedCopySelect (branchCode: string, afterChangeId: number, throughChangeId: number, opts: { fullNik: boolean; nikLength: number }): SQL {
  const nik = opts.fullNik ? sql`w.nik` : maskedNikSql(sql`w.nik`, opts.nikLength)
  return sql`
    select c.change_id, c.action, e.id, ${nik}, ${formulaEscapedSql(sql`w.name`)}, w.birth_date::text, w.sex, ${formulaEscapedSql(sql`w.address`)},
           w.occupation, ${formulaEscapedSql(sql`w.phone`)}, e.start_month, e.end_month, e.status, e.kpj_number
      from ${enrolmentChanges} c
      join ${enrolments} e on e.id = c.enrolment_id
      join ${workers} w on w.id = e.worker_id
     where c.branch_code = ${branchCode} and c.change_id > ${afterChangeId} and c.change_id <= ${throughChangeId}
     order by c.change_id`
}

/** The last change id committed to a branch's feed (0 before its first change). */
export async function lastChangeId (exec: Executor, branchCode: string): Promise<number> {
  const [feed] = await exec.select({ last: branchFeeds.lastChangeId }).from(branchFeeds).where(eq(branchFeeds.branchCode, branchCode))
  return feed?.last ?? 0
}

export type ConfirmedState = { id: string; status: string; kpjNumber: string | null; rejectionReason: string | null }

/**
 * Writes a branch's confirmations in ONE statement, whatever the list's length: status, KPJ number and
 * rejection reason; a rejection holds no money any more.
 */
export async function applyConfirmations (exec: Executor, states: ConfirmedState[], at: Date): Promise<void> {
  if (states.length === 0) return
  const json = JSON.stringify(states.map((r) => ({ id: r.id, status: r.status, kpj: r.kpjNumber, reason: r.rejectionReason })))
  await exec.execute(sql`
    update ${enrolments} e
       set status = v.status, kpj_number = v.kpj, rejection_reason = v.reason,
           reserved_amount = case when v.status = 'REJECTED' then 0 else e.reserved_amount end,
           version = e.version + 1, updated_at = ${at.toISOString()}::timestamptz
      from jsonb_to_recordset(${json}::jsonb) as v(id uuid, status text, kpj text, reason text)
     where e.id = v.id`)
}
