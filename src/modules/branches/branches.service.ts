import { Readable } from 'node:stream'
import { z } from 'zod'
import type pg from 'pg'
import type { Db } from '../../db/client.js'
import { copyCsvOut } from '../../db/copy.js'
import { notFound } from '../../errors.js'
import { branchScopeOf, type RequestContext } from '../../lib/context.js'
import { CSV_BOM, csvDownload, csvRow } from '../../lib/csv.js'
import { decodeCursor, encodeCursor } from '../../lib/pagination.js'
import { maskNik } from '../../rules/nik.js'
import { CURRENT_RULESET } from '../../rules/ruleset.js'
import { recordAudit } from '../audit/audit.service.js'
import { enrolmentAuditImage, findEnrolments, type EnrolmentRow } from '../enrolments/enrolments.service.js'
import { recordChanges } from '../feed/feed.service.js'
import { lockProgramRow, releaseCounters } from '../programs/programs.service.js'
import { applyConfirmations, feedCopySelect, lastChangeId, readFeed, type FeedRow } from './branches.repository.js'

export const FEED_COLUMNS = ['changeId', 'action', 'enrolmentId', 'nik', 'name', 'birthDate', 'sex', 'address', 'occupation', 'phone', 'startMonth', 'endMonth', 'status', 'kpjNumber'] as const

/** Rows per read while streaming CSV: memory stays flat whatever the feed's length. */
const CSV_CHUNK = 2_000

/**
 * The feed exists so that a branch can register its workers at BPJS, which takes the full NIK: the branch's own
 * key reads it in full. Every other role (admin, operator, auditor) reads the feed to check it, and sees the NIK
 * masked, as in every other list of people (workers.service.ts: disclosureFor).
 */
export type FeedDisclosure = 'full' | 'masked'

export function feedDisclosureFor (ctx: RequestContext): FeedDisclosure {
  return ctx.actor.role === 'branch' ? 'full' : 'masked'
}

const disclosed = (r: FeedRow, disclosure: FeedDisclosure): FeedRow => (disclosure === 'full' ? r : { ...r, nik: maskNik(r.nik) })

type Confirmation = { enrolmentId: string; outcome: 'REGISTERED' | 'REJECTED'; kpjNumber?: string | undefined; reason?: string | undefined }
type ConfirmationResult = { enrolmentId: string; result: 'APPLIED' | 'UNCHANGED' | 'REFUSED'; status: string | null; detail: string }

export class BranchService {
  /** `pool`: PostgreSQL's, for the COPY export; undefined on PGlite, which reads the feed in chunks. */
  constructor (private readonly db: Db, private readonly pool?: pg.Pool) {}

  /** A branch key acts for its own branch only; another branch's feed is 404, as if it did not exist. */
  static assertOwn (ctx: RequestContext, branchCode: string) {
    const own = branchScopeOf(ctx.actor)
    if (own !== null && own !== branchCode) throw notFound('Branch')
  }

  private cursorOf (since: string | undefined): number {
    return decodeCursor(since, z.number().int().nonnegative()) ?? 0
  }

  async feedPage (ctx: RequestContext, branchCode: string, q: { since?: string | undefined; limit: number }) {
    BranchService.assertOwn(ctx, branchCode)
    const after = this.cursorOf(q.since)
    const disclosure = feedDisclosureFor(ctx)
    const rows = await readFeed(this.db, branchCode, after, q.limit)
    const last = rows.at(-1)?.changeId ?? after
    await recordAudit(this.db, ctx, { action: 'branch-feed.read', entityType: 'branch', entityId: branchCode, after: { format: 'json', since: after, through: last, count: rows.length, nikDisclosure: disclosure } })
    return { items: rows.map((r) => disclosed(r, disclosure)), nextCursor: encodeCursor(last) }
  }

  /**
   * The feed as CSV, streamed in chunks by change id. It stops at the last change committed when the read began
   * (a branch's changes commit in change-id order), and that position is returned as the next cursor up front.
   */
  async feedCsv (ctx: RequestContext, branchCode: string, q: { since?: string | undefined; limit?: number | undefined }) {
    BranchService.assertOwn(ctx, branchCode)
    const after = this.cursorOf(q.since)
    const committed = await lastChangeId(this.db, branchCode)
    const through = q.limit !== undefined ? Math.min(committed, after + q.limit) : committed
    const disclosure = feedDisclosureFor(ctx)
    await recordAudit(this.db, ctx, { action: 'branch-feed.read', entityType: 'branch', entityId: branchCode, after: { format: 'csv', since: after, through, nikDisclosure: disclosure } })
    const header = CSV_BOM + csvRow(FEED_COLUMNS)
    if (this.pool) {
      // PostgreSQL: one COPY of the whole range, formatted by the database (its LF record ends made CRLF).
      const copy = await copyCsvOut(this.pool, feedCopySelect(branchCode, after, through, { fullNik: disclosure === 'full', nikLength: CURRENT_RULESET.nik.length }))
      return { stream: csvDownload(header, copy), nextCursor: encodeCursor(Math.max(after, through)) }
    }
    const db = this.db
    async function * lines () {
      yield header
      let position = after
      while (position < through) {
        const rows = await readFeed(db, branchCode, position, Math.min(CSV_CHUNK, through - position))
        if (rows.length === 0) break
        let chunk = ''
        for (const r of rows) {
          const row = disclosed(r, disclosure)
          chunk += csvRow(FEED_COLUMNS.map((c) => row[c]))
        }
        yield chunk
        position = rows.at(-1)!.changeId
      }
    }
    return { stream: Readable.from(lines()), nextCursor: encodeCursor(Math.max(after, through)) }
  }

  /**
   * KPJ numbers and refusals from the branch, applied in one transaction. Each item is judged against the
   * enrolment as it stands (earlier items of the same list included), so sending the same list again changes
   * nothing; an enrolment of another branch is refused as not found.
   */
  async confirm (ctx: RequestContext, branchCode: string, items: Confirmation[]) {
    BranchService.assertOwn(ctx, branchCode)
    return this.db.transaction(async (tx) => {
      const ids = [...new Set(items.map((i) => i.enrolmentId))]
      // Lock order (README): the programmes first, then the enrolments, as invoicing and ending take them.
      for (const programId of [...new Set((await findEnrolments(tx, ids)).map((r) => r.programId))].sort()) await lockProgramRow(tx, { id: programId })
      const rows = await findEnrolments(tx, ids, { forUpdate: true })
      const state = new Map(rows.filter((r) => r.branchCode === branchCode).map((r) => [r.id, r]))
      const before = new Map(state)
      const results: ConfirmationResult[] = []
      for (const item of items) {
        const current = state.get(item.enrolmentId)
        const out = (result: ConfirmationResult['result'], detail: string, status: string | null = current?.status ?? null) =>
          results.push({ enrolmentId: item.enrolmentId, result, status, detail })
        if (!current) {
          out('REFUSED', `Enrolment ${item.enrolmentId} not found for branch ${branchCode}.`, null)
          continue
        }
        if (item.outcome === 'REGISTERED') {
          if (!item.kpjNumber) out('REFUSED', 'REGISTERED needs the kpjNumber.')
          else if (current.kpjNumber === item.kpjNumber) out('UNCHANGED', `Already registered with KPJ ${item.kpjNumber}.`)
          else if (current.kpjNumber !== null) out('REFUSED', `Already registered with another KPJ number, ${current.kpjNumber}.`)
          else if (current.status === 'REJECTED') out('REFUSED', 'The branch already rejected this enrolment.')
          else {
            state.set(current.id, { ...current, kpjNumber: item.kpjNumber, status: current.status === 'PENDING' ? 'ACTIVE' : current.status })
            out('APPLIED', current.status === 'PENDING' ? `Registered with KPJ ${item.kpjNumber}: ACTIVE.` : `KPJ ${item.kpjNumber} recorded on the ${current.status} enrolment.`, state.get(current.id)!.status)
          }
        } else {
          if (!item.reason) out('REFUSED', 'REJECTED needs a reason.')
          else if (current.status === 'REJECTED') out('UNCHANGED', 'Already rejected.')
          else if (current.status !== 'PENDING') out('REFUSED', `An enrolment that is ${current.status} cannot be rejected.`)
          else {
            state.set(current.id, { ...current, status: 'REJECTED', rejectionReason: item.reason })
            out('APPLIED', 'Rejected: its place and reservation go back to the programme.', 'REJECTED')
          }
        }
      }

      const changed = [...state.values()].filter((r) => r !== before.get(r.id))
      if (changed.length > 0) {
        await applyConfirmations(tx, changed, ctx.at)
        const updated = await findEnrolments(tx, changed.map((r) => r.id))
        // A rejection frees the place and the reservation it held.
        const releases = new Map<string, { places: number; reserved: number }>()
        for (const r of changed) {
          if (r.status !== 'REJECTED') continue
          const was = before.get(r.id)!
          const t = releases.get(r.programId) ?? { places: 0, reserved: 0 }
          releases.set(r.programId, { places: t.places + 1, reserved: t.reserved + was.reservedAmount })
        }
        for (const [programId, released] of releases) await releaseCounters(tx, ctx, programId, released)
        await recordChanges(tx, ctx, updated.map((r) => ({ branchCode, enrolmentId: r.id, action: 'UPDATE' as const })))
        await recordAudit(
          tx,
          ctx,
          updated.map((r: EnrolmentRow) => ({
            action: r.status === 'REJECTED' ? 'enrolment.rejected' : 'enrolment.registered',
            entityType: 'enrolment',
            entityId: r.id,
            before: enrolmentAuditImage(before.get(r.id)!),
            after: enrolmentAuditImage(r),
          }))
        )
      }
      const count = (k: ConfirmationResult['result']) => results.filter((r) => r.result === k).length
      return { applied: count('APPLIED'), unchanged: count('UNCHANGED'), refused: count('REFUSED'), results }
    })
  }
}
