import { z } from 'zod'
import type { Db, Executor } from '../../db/client.js'
import type { ClaimDocument, ClaimReassessment, ClaimTransition } from '../../db/schema.js'
import { badRequest, conflict, notFound, unprocessable, type FieldError } from '../../errors.js'
import { branchFilterOf, branchScopeOf, transitionOf, type RequestContext } from '../../lib/context.js'
import { CSV_BOM, csvRow } from '../../lib/csv.js'
import { decodeCursor, toPage } from '../../lib/pagination.js'
import { jakartaDateOf } from '../../rules/calendar.js'
import { assessClaim, type ClaimAssessment, type ClaimAssessmentInput } from '../../rules/claims.js'
import { heirRank, requiredDocuments, missingDocuments, type ClaimType } from '../../rules/documents.js'
import type { HolidayCalendar } from '../../rules/holidays.js'
import type { JkkBenefit } from '../../rules/jkk.js'
import type { DeathCause } from '../../rules/jkm.js'
import { maskNik } from '../../rules/nik.js'
import { CURRENT_RULESET, type DocumentType, type HeirRelationship, type SantunanExclusion } from '../../rules/ruleset.js'
import { recordAudit } from '../audit/audit.service.js'
import { branchOfWorker, enrolmentPeriodsOf, type EnrolmentService } from '../enrolments/enrolments.service.js'
import { paidMonthsOfWorker, type InvoiceRow } from '../invoices/invoices.service.js'
import { disclosureFor, findWorkers, type WorkerRow, type WorkerService } from '../workers/workers.service.js'
import {
  findClaim,
  findClaimPayment,
  findClaimPayments,
  findClaimsWatching,
  findDeathClaim,
  findDisbursements,
  findOpenNonFinalClaims,
  findPaymentByReference,
  insertClaim,
  insertClaimPayment,
  listClaims,
  updateClaim,
  type ClaimPaymentRow,
  type ClaimRow,
  type ClaimStatus,
} from './claims.repository.js'
import { type ClaimSchema, DISBURSEMENT_COLUMNS, type CreateClaimInput } from './claims.schemas.js'

/** What a claim keeps besides its columns for the rules to judge it again: the facts the family gave. */
type ClaimFacts = {
  reportedDate?: string
  roadAccident?: boolean
  meetsPovertyCriteria?: boolean
  exclusions?: SantunanExclusion[]
}

/** The stored assessment: the rules' result and the day it was made as of. */
type StoredAssessment = ClaimAssessment & { asOf: string }

export type ClaimView = z.infer<typeof ClaimSchema>

const todayOf = (ctx: RequestContext) => jakartaDateOf(ctx.at)

/** The parts of an assessment whose change is a re-assessment worth recording. */
const summaryOf = (a: StoredAssessment) => ({
  eligible: a.eligible,
  amount: a.amount,
  breakdown: a.breakdown,
  final: a.final,
  pending: a.pending?.waitingFor ?? null,
  watchMonths: a.watchMonths,
  reasons: a.reasons,
})
/** The same result: compared field by field (a stored assessment comes back from jsonb with its keys reordered). */
const sameResult = (a: StoredAssessment, b: StoredAssessment) => {
  const key = (x: StoredAssessment) =>
    [x.eligible, x.amount, x.final, x.pending?.waitingFor ?? '', x.breakdown.map((l) => `${l.component}=${l.amount}`).join(','), x.watchMonths.join(',')].join('|')
  return key(a) === key(b)
}

/** A JKK benefit as the rules take it: a plain string is the benefit without parameters. */
const benefitOf = (b: CreateClaimInput['jkkBenefit']): JkkBenefit | undefined => (b === undefined ? undefined : typeof b === 'string' ? { type: b } : (b as JkkBenefit))

/** The audit image of a claim: its columns without the history (the audit trail is the history). */
const auditImage = (r: ClaimRow) => {
  const { history: _h, reassessments: _r, ...rest } = r
  return rest
}

/** Claims re-assessed per query by the daily run: memory stays bounded whatever the backlog. */
const REASSESS_CHUNK = 500

/**
 * Santunan claims: a family's claim for a death (JKM, the city's SANTUNAN_KEMATIAN) or a work accident (JKK),
 * assessed by the pure rules (src/rules/claims.ts) from what was actually paid, and kept true as payments arrive: an
 * invoice paid for a month a claim watches re-assesses it in the paying transaction (`reassessForInvoice`, registered
 * with the invoices module at start-up). A death claim records the death through the enrolments module's use case,
 * in the claim's transaction: the two doors to one fact agree or the second is a 409.
 *
 * State machine: SUBMITTED → VERIFIED (all documents) → APPROVED (eligible, final) | REJECTED → PAID, once: the city
 * pays SANTUNAN_KEMATIAN (payments), BPJS pays JKM and JKK (the branch records its settlement). A UNIQUE index on
 * the claim backs the state check: there is no second payment row.
 */
export class ClaimService {
  constructor (
    private readonly db: Db,
    private readonly deps: { workers: WorkerService; enrolments: EnrolmentService; holidays: HolidayCalendar }
  ) {}

  async create (ctx: RequestContext, input: CreateClaimInput): Promise<ClaimView> {
    const today = todayOf(ctx)
    const benefit = benefitOf(input.jkkBenefit)
    const errors = this.inputErrors(input, benefit, today)
    if (errors.length > 0) throw badRequest('The claim is not valid.', errors)
    const isDeath = input.type !== 'JKK' || benefit?.type === 'DEATH'
    const claimDate = input.appliedOn ?? today

    return this.db.transaction(async (tx) => {
      let worker = await this.deps.workers.load(tx, ctx, input.workerId, { forUpdate: true })
      let cause: DeathCause | null = (input.cause as DeathCause | undefined) ?? null
      if (input.type === 'JKK' && isDeath) cause = 'WORK_ACCIDENT'
      if (isDeath) {
        cause ??= worker.status === 'DECEASED' ? (worker.deathCause as DeathCause) : null
        if (cause === null) throw badRequest('The claim is not valid.', [{ path: 'cause', message: 'is required to record the death (ILLNESS, WORK_ACCIDENT or OTHER)' }])
        // The same path as POST /v1/workers/{id}/death: the other door agrees, or this is a 409 naming the difference.
        worker = await this.deps.enrolments.recordDeathWithin(tx, ctx, worker.id, { dateOfDeath: input.eventDate, cause })
      }
      const facts: ClaimFacts = {
        ...(input.reportedDate !== undefined ? { reportedDate: input.reportedDate } : {}),
        ...(input.roadAccident !== undefined ? { roadAccident: input.roadAccident } : {}),
        ...(input.meetsPovertyCriteria !== undefined ? { meetsPovertyCriteria: input.meetsPovertyCriteria } : {}),
        ...(input.exclusions !== undefined ? { exclusions: input.exclusions as SantunanExclusion[] } : {}),
      }
      const base = { type: input.type, eventDate: input.eventDate, claimDate, cause, jkkBenefit: benefit ?? null, facts }
      const assessment = await this.assess(tx, worker, base, today)
      const documents: ClaimDocument[] = input.documents.map((d) => ({ type: d.type, fileName: d.fileName ?? null, sha256: d.sha256 ?? null, url: d.url ?? null, addedAt: ctx.at.toISOString() }))
      const created = await insertClaim(tx, {
        workerId: worker.id,
        type: input.type,
        isDeath,
        eventDate: input.eventDate,
        claimDate,
        cause,
        jkkBenefit: benefit ?? null,
        jkkBenefitType: benefit?.type ?? null,
        facts,
        heirNik: input.heir.nik,
        heirName: input.heir.name,
        heirRelationship: input.heir.relationship,
        branchCode: input.type === 'SANTUNAN_KEMATIAN' ? null : await branchOfWorker(tx, worker.id),
        status: 'SUBMITTED',
        ...assessmentColumns(assessment, ctx.at),
        reassessments: [],
        documents,
        history: [transitionOf(ctx, 'SUBMITTED')],
        createdAt: ctx.at,
        updatedAt: ctx.at,
      })
      if (!created) {
        const existing = await findDeathClaim(tx, worker.id, input.type)
        throw conflict('claim-exists', `Worker ${worker.id} already has a ${input.type} death claim (${existing?.id}, ${existing?.status}): a death is claimed once per type.`, { existingClaimId: existing?.id })
      }
      await recordAudit(tx, ctx, { action: 'claim.submitted', entityType: 'claim', entityId: created.id, after: auditImage(created) })
      return this.view(ctx, created, undefined, 'record')
    })
  }

  /** Checks that need more than one field: which fields go with which type, and dates against today. */
  private inputErrors (input: CreateClaimInput, benefit: JkkBenefit | undefined, today: string): FieldError[] {
    const errors: FieldError[] = []
    if (input.eventDate > today) errors.push({ path: 'eventDate', message: `must not be after today (${today})` })
    if (input.appliedOn !== undefined && (input.appliedOn < input.eventDate || input.appliedOn > today)) {
      errors.push({ path: 'appliedOn', message: `must be between the event (${input.eventDate}) and today (${today})` })
    }
    if (input.type === 'JKK' && benefit === undefined) errors.push({ path: 'jkkBenefit', message: 'is required for a JKK claim' })
    if (input.type !== 'JKK') {
      for (const f of ['jkkBenefit', 'reportedDate', 'roadAccident'] as const) if (input[f] !== undefined) errors.push({ path: f, message: 'is for JKK claims only' })
    }
    if (input.type !== 'SANTUNAN_KEMATIAN') {
      for (const f of ['meetsPovertyCriteria', 'exclusions'] as const) if (input[f] !== undefined) errors.push({ path: f, message: 'is for SANTUNAN_KEMATIAN claims only' })
    }
    if (input.type === 'JKK' && benefit?.type === 'DEATH' && input.cause !== undefined && input.cause !== 'WORK_ACCIDENT') {
      errors.push({ path: 'cause', message: 'a JKK death is a WORK_ACCIDENT' })
    }
    if (input.type === 'JKK' && benefit?.type !== 'DEATH' && input.cause !== undefined) errors.push({ path: 'cause', message: 'is for death claims only' })
    const required = requiredDocuments({
      type: input.type,
      heirRelationship: input.heir.relationship as HeirRelationship,
      ...(benefit !== undefined ? { jkkBenefit: benefit.type } : {}),
      ...(input.roadAccident !== undefined ? { roadAccident: input.roadAccident } : {}),
    })
    input.documents.forEach((d, i) => {
      if (!required.includes(d.type as DocumentType)) errors.push({ path: `documents.${i}.type`, message: `is not a document this claim needs (${required.join(', ')})` })
    })
    if (input.reportedDate !== undefined && (input.reportedDate < input.eventDate || input.reportedDate > today)) {
      errors.push({ path: 'reportedDate', message: `must be between the accident (${input.eventDate}) and today (${today})` })
    }
    return errors
  }

  /** The rules' assessment of a claim as of a day, from the worker's registry record and PAID invoice lines. */
  private async assess (
    exec: Executor,
    worker: WorkerRow,
    c: { type: ClaimType; eventDate: string; claimDate: string; cause: string | null; jkkBenefit: unknown; facts: unknown },
    asOf: string
  ): Promise<StoredAssessment> {
    const facts = c.facts as ClaimFacts
    const input: ClaimAssessmentInput = {
      type: c.type,
      eventDate: c.eventDate,
      claimDate: c.claimDate,
      asOf,
      paidMonths: c.type === 'SANTUNAN_KEMATIAN' ? [] : await paidMonthsOfWorker(exec, worker.id),
      enrolments: c.type === 'SANTUNAN_KEMATIAN' ? [] : await enrolmentPeriodsOf(exec, worker.id),
      ...(c.cause !== null ? { cause: c.cause as DeathCause } : {}),
      ...(c.jkkBenefit !== null ? { jkkBenefit: c.jkkBenefit as JkkBenefit } : {}),
      ...(facts.reportedDate !== undefined ? { reportedDate: facts.reportedDate } : {}),
      ...(c.type === 'SANTUNAN_KEMATIAN'
        ? {
            santunan: {
              kecamatanCode: worker.kecamatanCode,
              desil: worker.desil,
              desilSource: worker.desilSource as 'DTKS' | 'DTSEN',
              meetsPovertyCriteria: facts.meetsPovertyCriteria === true,
              exclusions: facts.exclusions ?? [],
              holidays: this.deps.holidays,
            },
          }
        : {}),
    }
    return { ...assessClaim(input), asOf }
  }

  /**
   * Assesses the claim again as of today; when the result changed, records it with both results (claim history,
   * reassessments, audit). Returns the row as it now is. The caller holds the claim's row lock.
   */
  private async reassess (tx: Executor, ctx: RequestContext, claim: ClaimRow, trigger: string): Promise<ClaimRow> {
    if (claim.final || (claim.status !== 'SUBMITTED' && claim.status !== 'VERIFIED')) return claim
    const [worker] = await findWorkers(tx, [claim.workerId])
    const before = claim.assessment as StoredAssessment
    const after = await this.assess(tx, worker!, claim, todayOf(ctx))
    if (sameResult(before, after)) return claim
    const change: ClaimReassessment = { at: ctx.at.toISOString(), trigger, before: summaryOf(before), after: summaryOf(after) }
    const detail = `${trigger}: ${before.eligible ? before.amount : before.pending ? 'pending' : 'not eligible'} → ${after.eligible ? after.amount : after.pending ? 'pending' : 'not eligible'}`
    const updated = await updateClaim(tx, claim.id, { ...assessmentColumns(after, ctx.at), reassessments: [...claim.reassessments, change] }, transitionOf(ctx, 'REASSESSED', detail), ctx.at)
    await recordAudit(tx, ctx, { action: 'claim.reassessed', entityType: 'claim', entityId: claim.id, before: { assessment: summaryOf(before) }, after: { assessment: summaryOf(after), trigger } })
    return updated
  }

  /**
   * Runs in the transaction that pays an invoice (registered with the invoices module): every open claim of a worker
   * on the invoice that watches its month is assessed again. Lock order: claims after the invoice and enrolments.
   */
  async reassessForInvoice (tx: Executor, ctx: RequestContext, invoice: InvoiceRow): Promise<void> {
    const watching = await findClaimsWatching(tx, invoice.id, invoice.month)
    for (const claim of watching) await this.reassess(tx, ctx, claim, `invoice ${invoice.id} for ${invoice.month} paid`)
  }

  /**
   * Assesses every open claim that is not final again as of today, in chunks, each claim in its own short
   * transaction: a pending month that can no longer be paid turns into "not covered", holiday data loaded since
   * decides a santunan waiting for it. Meant for a daily scheduler; safe to run at any time and on any instance.
   */
  async reassessOpen (ctx: RequestContext): Promise<{ examined: number; changed: number; asOf: string }> {
    let examined = 0
    let changed = 0
    let after = 0
    for (;;) {
      const page = await findOpenNonFinalClaims(this.db, after, REASSESS_CHUNK)
      for (const seen of page) {
        examined++
        const done = await this.db.transaction(async (tx) => {
          const claim = await findClaim(tx, seen.id, { forUpdate: true })
          return claim ? (await this.reassess(tx, ctx, claim, `daily re-assessment as of ${todayOf(ctx)}`)) !== claim : false
        })
        if (done) changed++
      }
      if (page.length < REASSESS_CHUNK) break
      after = page.at(-1)!.seq
    }
    return { examined, changed, asOf: todayOf(ctx) }
  }

  async list (ctx: RequestContext, q: { status?: ClaimStatus | undefined; type?: ClaimRow['type'] | undefined; tahap?: string | undefined; branchCode?: string | undefined; workerId?: string | undefined; limit: number; cursor?: string | undefined }) {
    const branchCode = branchFilterOf(ctx.actor, q.branchCode)
    if (branchCode === null) return { items: [], nextCursor: null }
    const scope = branchScopeOf(ctx.actor)
    const afterSeq = decodeCursor(q.cursor, z.number().int().nonnegative())
    const rows = await listClaims(this.db, {
      status: q.status,
      type: q.type,
      tahap: q.tahap,
      branchCode: scope === null ? branchCode : undefined,
      branchScope: scope ?? undefined,
      workerId: q.workerId,
      afterSeq,
      limit: q.limit,
    })
    const payments = new Map((await findClaimPayments(this.db, rows.slice(0, q.limit).filter((r) => r.status === 'PAID').map((r) => r.id))).map((p) => [p.claimId, p]))
    const page = toPage(rows, q.limit, (r) => r.seq, (r) => this.view(ctx, r, payments.get(r.id), 'list'))
    await this.auditBranchRead(ctx, page.items.map((c) => c.id))
    return page
  }

  /**
   * A branch (an outside organisation) reads families' data (the heir's NIK in full): each such read is audited,
   * naming the claims by id, as its reads of workers are.
   */
  private async auditBranchRead (ctx: RequestContext, claimIds: string[]): Promise<void> {
    const branchCode = branchScopeOf(ctx.actor)
    if (branchCode === null || claimIds.length === 0) return
    await recordAudit(this.db, ctx, { action: 'claim.read', entityType: 'branch', entityId: branchCode, after: { count: claimIds.length, claimIds } })
  }

  /** The claim as the caller may see it: a branch key sees its own workers' JKM and JKK claims only (others: 404). */
  private async load (exec: Executor, ctx: RequestContext, id: string, opts: { forUpdate?: boolean } = {}): Promise<ClaimRow> {
    const row = await findClaim(exec, id, opts)
    const scope = branchScopeOf(ctx.actor)
    if (!row || (scope !== null && (row.branchCode !== scope || row.type === 'SANTUNAN_KEMATIAN'))) throw notFound('Claim', `Claim ${id} not found.`)
    return row
  }

  async get (ctx: RequestContext, id: string): Promise<ClaimView> {
    const row = await this.load(this.db, ctx, id)
    const view = this.view(ctx, row, row.status === 'PAID' ? await findClaimPayment(this.db, id) : undefined, 'record')
    await this.auditBranchRead(ctx, [row.id])
    return view
  }

  /** One more document; `missingDocuments` shrinks. Not once the claim is PAID or REJECTED. */
  async addDocument (ctx: RequestContext, id: string, doc: { type: string; fileName?: string | undefined; sha256?: string | undefined; url?: string | undefined }): Promise<ClaimView> {
    return this.transition(ctx, id, async (tx, claim) => {
      if (claim.status === 'PAID' || claim.status === 'REJECTED') throw conflict('claim-closed', `Claim ${id} is ${claim.status}: it takes no more documents.`)
      if (claim.documents.length >= 50) throw conflict('too-many-documents', `Claim ${id} already has ${claim.documents.length} documents.`)
      const required = this.required(claim)
      if (!required.includes(doc.type as DocumentType)) throw badRequest('The document is not valid.', [{ path: 'type', message: `is not a document this claim needs (${required.join(', ')})` }])
      const document: ClaimDocument = { type: doc.type, fileName: doc.fileName ?? null, sha256: doc.sha256 ?? null, url: doc.url ?? null, addedAt: ctx.at.toISOString() }
      return this.audited(tx, ctx, claim, 'claim.document-added', { documents: [...claim.documents, document] }, transitionOf(ctx, 'DOCUMENT_ADDED', doc.type))
    })
  }

  /** SUBMITTED → VERIFIED: every required document is there (409 naming the missing ones). */
  async verify (ctx: RequestContext, id: string): Promise<ClaimView> {
    return this.transition(ctx, id, async (tx, claim) => {
      if (claim.status === 'VERIFIED') return claim
      this.expect(claim, ['SUBMITTED'], 'verified')
      const missing = missingDocuments(this.required(claim), claim.documents.map((d) => d.type))
      if (missing.length > 0) throw conflict('documents-missing', `Claim ${id} still needs: ${missing.join(', ')}.`, { missingDocuments: missing })
      const current = await this.reassess(tx, ctx, claim, 'verification')
      return this.audited(tx, ctx, current, 'claim.verified', { status: 'VERIFIED' }, transitionOf(ctx, 'VERIFIED'))
    })
  }

  /**
   * VERIFIED → APPROVED: assessed again as of today first; only an eligible, final assessment is approved (409
   * otherwise, with what it waits for: the city pays the gap month it is waiting for, or rejects the claim).
   */
  async approve (ctx: RequestContext, id: string): Promise<ClaimView> {
    return this.transition(ctx, id, async (tx, claim) => {
      if (claim.status === 'APPROVED') return claim
      this.expect(claim, ['VERIFIED'], 'approved')
      const current = await this.reassess(tx, ctx, claim, 'approval')
      const a = current.assessment as StoredAssessment
      if (!a.final) throw conflict('assessment-not-final', `Claim ${id} cannot be approved yet: ${a.openBecause ?? a.pending?.waitingFor ?? 'its assessment may still change'}.`, { assessment: a })
      if (!a.eligible) throw conflict('claim-not-eligible', `Claim ${id} is assessed as not eligible (${a.reasons.join('; ')}): reject it with the reason.`, { reasons: a.reasons })
      return this.audited(tx, ctx, current, 'claim.approved', { status: 'APPROVED' }, transitionOf(ctx, 'APPROVED', `${a.amount} Rupiah`))
    })
  }

  /** SUBMITTED or VERIFIED → REJECTED with the reason told to the family. */
  async reject (ctx: RequestContext, id: string, reason: string): Promise<ClaimView> {
    return this.transition(ctx, id, async (tx, claim) => {
      if (claim.status === 'REJECTED' && claim.rejectReason === reason) return claim
      this.expect(claim, ['SUBMITTED', 'VERIFIED'], 'rejected')
      return this.audited(tx, ctx, claim, 'claim.rejected', { status: 'REJECTED', rejectReason: reason }, transitionOf(ctx, 'REJECTED', reason))
    })
  }

  /** The city pays an APPROVED SANTUNAN_KEMATIAN, once: the amount must equal the assessed amount. */
  async pay (ctx: RequestContext, id: string, input: { amount: number; paidAt: string; reference: string; tahap?: string | undefined }): Promise<ClaimView> {
    return this.paid(ctx, id, 'PAYMENT', input)
  }

  /** The worker's branch records what BPJS paid on an APPROVED JKM or JKK claim, once. */
  async settle (ctx: RequestContext, id: string, input: { amount: number; paidAt: string; reference: string }): Promise<ClaimView> {
    return this.paid(ctx, id, 'SETTLEMENT', input)
  }

  private async paid (ctx: RequestContext, id: string, kind: ClaimPaymentRow['kind'], input: { amount: number; paidAt: string; reference: string; tahap?: string | undefined }): Promise<ClaimView> {
    const today = todayOf(ctx)
    if (input.paidAt > today) throw badRequest(`paidAt must not be after today (${today}).`, [{ path: 'paidAt', message: `must not be after today (${today})` }])
    return this.transition(ctx, id, async (tx, claim) => {
      if (claim.status === 'PAID') {
        const p = await findClaimPayment(tx, id)
        throw conflict('claim-already-paid', `Claim ${id} was already paid (${p?.reference}, ${p?.paidAt}): it is never paid twice.`, { reference: p?.reference })
      }
      const cityPays = claim.type === 'SANTUNAN_KEMATIAN'
      if (kind === 'PAYMENT' && !cityPays) throw conflict('claim-paid-by-bpjs', `A ${claim.type} claim is paid by BPJS: its branch records the settlement.`)
      if (kind === 'SETTLEMENT' && cityPays) throw conflict('claim-paid-by-city', 'A SANTUNAN_KEMATIAN claim is paid by the city through its payments.')
      this.expect(claim, ['APPROVED'], 'paid')
      if (input.paidAt < claim.eventDate) throw badRequest(`paidAt must not be before the event (${claim.eventDate}).`, [{ path: 'paidAt', message: `must not be before ${claim.eventDate}` }])
      if (kind === 'PAYMENT' && input.amount !== claim.amount) {
        throw unprocessable('amount-mismatch', `The amount ${input.amount} does not equal the assessed amount ${claim.amount}.`, { assessedAmount: claim.amount })
      }
      if (await findPaymentByReference(tx, kind, input.reference)) throw conflict('reference-used', `Reference ${input.reference} already paid another claim.`)
      const payment = await insertClaimPayment(tx, { claimId: id, kind, amount: input.amount, paidAt: input.paidAt, reference: input.reference, tahap: input.tahap ?? null, createdAt: ctx.at })
      if (!payment) throw conflict('claim-already-paid', `Claim ${id} already has a payment.`)
      const detail = `${kind === 'PAYMENT' ? 'paid by the city' : 'settled by BPJS'}: ${input.amount} Rupiah on ${input.paidAt}, ${input.reference}${input.tahap ? `, tahap ${input.tahap}` : ''}${input.amount !== claim.amount ? ` (assessed ${claim.amount})` : ''}`
      return this.audited(tx, ctx, claim, kind === 'PAYMENT' ? 'claim.paid' : 'claim.settled', { status: 'PAID' }, transitionOf(ctx, 'PAID', detail))
    })
  }

  /** The city's payments of one tranche, with count and total: what the treasury disbursed (JSON or CSV). */
  async disbursements (tahap: string) {
    const rows = await findDisbursements(this.db, tahap)
    const items = rows.map((r) => ({ ...r, heirNik: maskNik(r.heirNik) }))
    return { tahap, count: items.length, total: items.reduce((s, r) => s + r.amount, 0), items }
  }

  disbursementsCsv (d: Awaited<ReturnType<ClaimService['disbursements']>>): string {
    return CSV_BOM + csvRow(DISBURSEMENT_COLUMNS) + d.items.map((r) => csvRow(DISBURSEMENT_COLUMNS.map((c) => r[c]))).join('')
  }

  private required (claim: ClaimRow) {
    const facts = claim.facts as ClaimFacts
    return requiredDocuments({
      type: claim.type,
      heirRelationship: claim.heirRelationship as HeirRelationship,
      ...(claim.jkkBenefitType !== null ? { jkkBenefit: claim.jkkBenefitType as JkkBenefit['type'] } : {}),
      ...(facts.roadAccident !== undefined ? { roadAccident: facts.roadAccident } : {}),
    })
  }

  private expect (claim: ClaimRow, from: ClaimStatus[], to: string): void {
    if (!from.includes(claim.status)) {
      throw conflict('claim-transition-invalid', `Claim ${claim.id} is ${claim.status}: only a ${from.join(' or ')} claim is ${to}.`, { claimStatus: claim.status })
    }
  }

  view (ctx: RequestContext, r: ClaimRow, payment: ClaimPaymentRow | undefined, kind: 'record' | 'list'): ClaimView {
    const required = this.required(r)
    const rank = heirRank(r.heirRelationship as HeirRelationship)
    return {
      id: r.id,
      workerId: r.workerId,
      type: r.type,
      eventDate: r.eventDate,
      claimDate: r.claimDate,
      cause: r.cause,
      jkkBenefit: r.jkkBenefit as Record<string, unknown> | null,
      heir: {
        nik: disclosureFor(ctx.actor, kind) === 'full' ? r.heirNik : maskNik(r.heirNik),
        name: r.heirName,
        relationship: r.heirRelationship,
        rank,
        ranksFirst: rank === 1,
      },
      heirsRankingFirst: [...CURRENT_RULESET.heirOrder[0]!],
      branchCode: r.branchCode,
      status: r.status,
      assessment: r.assessment as ClaimView['assessment'],
      documents: r.documents,
      requiredDocuments: required,
      missingDocuments: missingDocuments(required, r.documents.map((d) => d.type)),
      rejectReason: r.rejectReason,
      payment: payment
        ? { kind: payment.kind, amount: payment.amount, paidAt: payment.paidAt, reference: payment.reference, tahap: payment.tahap, differsFromAssessment: payment.amount !== r.amount }
        : null,
      reassessments: r.reassessments,
      history: r.history,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }
  }

  /** Under the claim's row lock, one transaction per transition. */
  private async transition (ctx: RequestContext, id: string, step: (tx: Executor, claim: ClaimRow) => Promise<ClaimRow>): Promise<ClaimView> {
    return this.db.transaction(async (tx) => {
      const claim = await this.load(tx, ctx, id, { forUpdate: true })
      const after = await step(tx, claim)
      return this.view(ctx, after, after.status === 'PAID' ? await findClaimPayment(tx, id) : undefined, 'record')
    })
  }

  private async audited (tx: Executor, ctx: RequestContext, before: ClaimRow, action: string, set: Parameters<typeof updateClaim>[2], transition: ClaimTransition): Promise<ClaimRow> {
    const after = await updateClaim(tx, before.id, set, transition, ctx.at)
    await recordAudit(tx, ctx, { action, entityType: 'claim', entityId: after.id, before: auditImage(before), after: auditImage(after) })
    return after
  }
}

/** The columns an assessment is kept in: the whole result, and what filters and re-assessment need. */
function assessmentColumns (a: StoredAssessment, at: Date) {
  return { assessment: a, eligible: a.eligible, amount: a.amount, final: a.final, watchMonths: a.watchMonths, assessedAt: at }
}
