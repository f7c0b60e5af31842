import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { rowsOf } from '../../db/client.js'
import { claimPayments, claims, type ClaimTransition } from '../../db/schema.js'

export type ClaimRow = typeof claims.$inferSelect
export type ClaimStatus = ClaimRow['status']
export type ClaimPaymentRow = typeof claimPayments.$inferSelect
export type NewClaim = Omit<typeof claims.$inferInsert, 'id' | 'seq' | 'version'>

/** The new claim, or undefined when the worker already has a death claim of this type that is not REJECTED. */
export async function insertClaim (exec: Executor, row: NewClaim): Promise<ClaimRow | undefined> {
  const [created] = await exec.insert(claims).values(row).onConflictDoNothing().returning()
  return created
}

/** The worker's death claim of this type that is not REJECTED (the one the UNIQUE index keeps single). */
export async function findDeathClaim (exec: Executor, workerId: string, type: ClaimRow['type']): Promise<ClaimRow | undefined> {
  const [row] = await exec
    .select()
    .from(claims)
    .where(and(eq(claims.workerId, workerId), eq(claims.type, type), eq(claims.isDeath, true), sql`${claims.status} <> 'REJECTED'`))
    .limit(1)
  return row
}

export async function findClaim (exec: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<ClaimRow | undefined> {
  const q = exec.select().from(claims).where(eq(claims.id, id)).limit(1)
  const [row] = opts.forUpdate ? await q.for('update') : await q
  return row
}

export type ClaimFilter = {
  status?: ClaimStatus | undefined
  type?: ClaimRow['type'] | undefined
  tahap?: string | undefined
  branchCode?: string | undefined
  /** A branch key: its own branch's JKM and JKK claims only. */
  branchScope?: string | undefined
  workerId?: string | undefined
  afterSeq?: number | undefined
  limit: number
}

export async function listClaims (exec: Executor, f: ClaimFilter): Promise<ClaimRow[]> {
  return exec
    .select()
    .from(claims)
    .where(
      and(
        f.status !== undefined ? eq(claims.status, f.status) : undefined,
        f.type !== undefined ? eq(claims.type, f.type) : undefined,
        f.branchCode !== undefined ? eq(claims.branchCode, f.branchCode) : undefined,
        f.branchScope !== undefined ? and(eq(claims.branchCode, f.branchScope), inArray(claims.type, ['JKM', 'JKK'])) : undefined,
        f.workerId !== undefined ? eq(claims.workerId, f.workerId) : undefined,
        f.tahap !== undefined ? sql`exists (select 1 from ${claimPayments} p where p.claim_id = ${claims.id} and p.tahap = ${f.tahap})` : undefined,
        f.afterSeq !== undefined ? gt(claims.seq, f.afterSeq) : undefined
      )
    )
    .orderBy(asc(claims.seq))
    .limit(f.limit + 1)
}

/** Changes a claim and appends the transition to its history, in one statement. */
export async function updateClaim (
  exec: Executor,
  id: string,
  set: Partial<Pick<ClaimRow, 'status' | 'assessment' | 'eligible' | 'amount' | 'final' | 'watchMonths' | 'assessedAt' | 'rejectReason' | 'documents' | 'reassessments'>>,
  transition: ClaimTransition,
  at: Date
): Promise<ClaimRow> {
  const [row] = await exec
    .update(claims)
    .set({ ...set, history: sql`${claims.history} || ${JSON.stringify([transition])}::jsonb`, version: sql`${claims.version} + 1`, updatedAt: at })
    .where(eq(claims.id, id))
    .returning()
  return row!
}

/**
 * The open claims (SUBMITTED or VERIFIED, assessment not final) of the workers billed on an invoice that watch its
 * month, locked: the claims a payment of that invoice may change (README: lock order, claims after enrolments).
 */
export async function findClaimsWatching (exec: Executor, invoiceId: string, month: string): Promise<ClaimRow[]> {
  return exec
    .select()
    .from(claims)
    .where(
      and(
        sql`not ${claims.final}`,
        inArray(claims.status, ['SUBMITTED', 'VERIFIED']),
        sql`${claims.watchMonths} @> array[${month}]::text[]`,
        sql`${claims.workerId} in (select l.worker_id from invoice_lines l where l.invoice_id = ${invoiceId}::uuid)`
      )
    )
    .orderBy(asc(claims.seq))
    .for('update')
}

/** Open claims whose assessment is not final, oldest first, after a seq (the daily re-assessment walks them all). */
export async function findOpenNonFinalClaims (exec: Executor, afterSeq: number, limit: number): Promise<ClaimRow[]> {
  return exec
    .select()
    .from(claims)
    .where(and(sql`not ${claims.final}`, inArray(claims.status, ['SUBMITTED', 'VERIFIED']), gt(claims.seq, afterSeq)))
    .orderBy(asc(claims.seq))
    .limit(limit)
}

/** The payment row; undefined when the claim already has one or the reference is used. */
export async function insertClaimPayment (exec: Executor, row: Omit<typeof claimPayments.$inferInsert, 'id'>): Promise<ClaimPaymentRow | undefined> {
  const [created] = await exec.insert(claimPayments).values(row).onConflictDoNothing().returning()
  return created
}

export async function findClaimPayment (exec: Executor, claimId: string): Promise<ClaimPaymentRow | undefined> {
  const [row] = await exec.select().from(claimPayments).where(eq(claimPayments.claimId, claimId)).limit(1)
  return row
}

export async function findClaimPayments (exec: Executor, claimIds: string[]): Promise<ClaimPaymentRow[]> {
  if (claimIds.length === 0) return []
  return exec.select().from(claimPayments).where(inArray(claimPayments.claimId, claimIds))
}

export async function findPaymentByReference (exec: Executor, kind: ClaimPaymentRow['kind'], reference: string): Promise<ClaimPaymentRow | undefined> {
  const [row] = await exec.select().from(claimPayments).where(and(eq(claimPayments.kind, kind), eq(claimPayments.reference, reference))).limit(1)
  return row
}

export type DisbursementRow = { claimId: string; workerId: string; heirNik: string; heirName: string; heirRelationship: string; amount: number; paidAt: string; reference: string }

/** The city's payments of one tranche, in payment order. */
export async function findDisbursements (exec: Executor, tahap: string): Promise<DisbursementRow[]> {
  const result = await exec.execute(sql`
    select c.id as "claimId", c.worker_id as "workerId", c.heir_nik as "heirNik", c.heir_name as "heirName",
           c.heir_relationship as "heirRelationship", p.amount::bigint as amount, p.paid_at::text as "paidAt", p.reference
      from ${claimPayments} p join ${claims} c on c.id = p.claim_id
     where p.kind = 'PAYMENT' and p.tahap = ${tahap}
     order by p.created_at, p.id`)
  return rowsOf<DisbursementRow>(result).map((r) => ({ ...r, amount: Number(r.amount) }))
}
