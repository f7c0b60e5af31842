import { randomUUID } from 'node:crypto'
import type { SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Db, Executor } from '../../db/client.js'
import { letStatementLeave } from '../../db/client.js'
import { AppError, badRequest, conflict, notFound, type FieldError } from '../../errors.js'
import { branchScopeOf, type Actor, type RequestContext } from '../../lib/context.js'
import { requireIfMatch } from '../../lib/etag.js'
import { decodeCursor, toPage } from '../../lib/pagination.js'
import { jakartaDateOf } from '../../rules/calendar.js'
import { monthOfDate } from '../../rules/month.js'
import { checkNikAgainst, maskNik } from '../../rules/nik.js'
import { kecamatanName } from '../../rules/regions.js'
import { recordAudit } from '../audit/audit.service.js'
import { recordWorkerChanges } from '../feed/feed.service.js'
import {
  findWorkerById,
  findWorkerByNik,
  findWorkerWithDuplicates,
  type PossibleDuplicate,
  findWorkerFactsByIds,
  findWorkersByIds,
  insertWorker,
  listWorkers,
  markDeceased,
  updateWorker,
  runWorkersUpsert,
  UPSERT_CHUNK,
  workersUpsert,
  type UpsertRecord,
  type WorkerFactsRow,
  type WorkerRow,
  type WorkerScope,
} from './workers.repository.js'
import {
  ImportRowSchema,
  MalformedCsvRecord,
  MAX_REPORTED_REJECTIONS,
  reportedRejection,
  type CreateWorkerInput,
  type DeathInput,
  type ImportReport,
  type ImportRowInput,
  type PatchWorkerInput,
} from './workers.schemas.js'

/**
 * Privacy (UU 27/2022 on personal data): a reply carries a full NIK and KK number only where the caller's role
 * needs them, and no more than the purpose needs.
 *
 * | role            | one worker (create, get, patch, death, search) | lists |
 * | --------------- | ---------------------------------------------- | ----- |
 * | admin, operator | full                                           | masked |
 * | branch          | full (only its own workers: it registers them at BPJS with the NIK) | full (own only) |
 * | auditor         | masked                                         | masked |
 *
 * Import reports name rows, never NIKs; possible duplicates (other people) are always masked; audit rows mask
 * NIK and KK (maskPersonalData). A branch's reads (one worker, a search, a list) are audited by worker id.
 */
export type Disclosure = 'full' | 'masked'

export function disclosureFor (actor: Actor, kind: 'record' | 'list'): Disclosure {
  switch (actor.role) {
    case 'branch':
      return 'full'
    case 'admin':
    case 'operator':
      return kind === 'record' ? 'full' : 'masked'
    case 'auditor':
      return 'masked'
  }
}

export type WorkerView = ReturnType<typeof toWorkerView>

export function toWorkerView (r: WorkerRow, disclosure: Disclosure) {
  const masked = disclosure === 'masked'
  return {
    id: r.id,
    nik: masked ? maskNik(r.nik) : r.nik,
    kkNumber: r.kkNumber === null ? null : masked ? maskNik(r.kkNumber) : r.kkNumber,
    masked,
    name: r.name,
    birthDate: r.birthDate,
    sex: r.sex,
    address: r.address,
    kecamatanCode: r.kecamatanCode,
    kecamatanName: kecamatanName(r.kecamatanCode) ?? r.kecamatanCode,
    kelurahan: r.kelurahan,
    phone: r.phone,
    occupation: r.occupation,
    disability: r.disability,
    desil: r.desil,
    desilSource: r.desilSource,
    desilPeriod: r.desilPeriod,
    wageEarner: r.wageEarner,
    status: r.status,
    dateOfDeath: r.dateOfDeath,
    deathCause: r.deathCause,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** The import's first statement: 500 rows (then 2,000, then UPSERT_CHUNK each), so writing starts early. */
const FIRST_UPSERT_CHUNK = 500

/** What the audit trail keeps of a worker: the view, NIK and KK masked (maskPersonalData masks them again). */
const auditImage = (r: WorkerRow) => toWorkerView(r, 'masked')

export type WorkerDetail = WorkerView & { possibleDuplicates: Array<{ id: string; maskedNik: string }> }
export type WorkerResult<T = WorkerView> = { worker: T; version: number }

/**
 * Checks that need more than one field, or today's date. Every failure names its field; the NIK checks are the
 * rules module's (each reason as it states it).
 */
export function workerFactErrors (
  w: { nik: string; birthDate: string; sex: 'M' | 'F'; desilPeriod: string },
  today: string
): FieldError[] {
  const errors: FieldError[] = checkNikAgainst(w.nik, { birthDate: w.birthDate, sex: w.sex }).map((message) => ({ path: 'nik', message }))
  if (w.birthDate > today) errors.push({ path: 'birthDate', message: `must not be after today (${today})` })
  if (w.desilPeriod > monthOfDate(today)) errors.push({ path: 'desilPeriod', message: `must not be after the current month (${monthOfDate(today)})` })
  return errors
}

const failed = (errors: FieldError[]) => badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors)

/** The columns an import or a create writes, from validated input: absent optional fields are null or false. */
export function toUpsertRecord (i: ImportRowInput): UpsertRecord {
  return {
    nik: i.nik,
    kkNumber: i.kkNumber ?? null,
    name: i.name,
    birthDate: i.birthDate,
    sex: i.sex,
    address: i.address,
    kecamatanCode: i.kecamatanCode,
    kelurahan: i.kelurahan ?? null,
    phone: i.phone ?? null,
    occupation: i.occupation,
    disability: i.disability ?? false,
    desil: i.desil,
    desilSource: i.desilSource,
    desilPeriod: i.desilPeriod,
  }
}

/** zod issues as the API reports field errors (the same shape the error handler gives a rejected body). */
function issuesToFieldErrors (error: z.ZodError): FieldError[] {
  const out: FieldError[] = []
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: base ? `${base}.${key}` : key, message: 'unknown field' })
    } else {
      out.push({ path: base || 'row', message: issue.message })
    }
  }
  return out
}

const scopeOf = (actor: Actor): WorkerScope => ({ branchCode: branchScopeOf(actor) })

/** Today in Asia/Jakarta, from the request's instant. */
const todayOf = (ctx: RequestContext) => jakartaDateOf(ctx.at)

/** Workers by id, in the caller's transaction (enrolment reads every worker of a batch at once). */
export function findWorkers (exec: Executor, ids: string[]): Promise<WorkerRow[]> {
  return findWorkersByIds(exec, ids)
}

/** The eligibility facts of these workers, and nothing personal beyond them (an enrolment batch of 10,000). */
export function findWorkerFacts (exec: Executor, ids: string[]): Promise<WorkerFactsRow[]> {
  return findWorkerFactsByIds(exec, ids)
}

export type { WorkerRow, WorkerFactsRow }

export class WorkerService {
  constructor (private readonly db: Db) {}

  /** The worker as a record, with its possible duplicates (looked up here unless the read already brought them). */
  async detail (exec: Executor, ctx: RequestContext, row: WorkerRow, known?: PossibleDuplicate[]): Promise<WorkerResult<WorkerDetail>> {
    const duplicates = known ?? (await findWorkerWithDuplicates(exec, { id: row.id }, scopeOf(ctx.actor)))?.possibleDuplicates ?? []
    return {
      worker: { ...toWorkerView(row, disclosureFor(ctx.actor, 'record')), possibleDuplicates: duplicates.map((d) => ({ id: d.id, maskedNik: maskNik(d.nik) })) },
      version: row.version,
    }
  }

  async create (ctx: RequestContext, input: CreateWorkerInput): Promise<WorkerResult<WorkerDetail>> {
    const errors = workerFactErrors(input, todayOf(ctx))
    if (errors.length > 0) throw failed(errors)
    return this.db.transaction(async (tx) => {
      const created = await insertWorker(tx, { ...toUpsertRecord(input), wageEarner: input.wageEarner ?? false, createdAt: ctx.at, updatedAt: ctx.at })
      if (!created) {
        const existing = await findWorkerByNik(tx, input.nik, { branchCode: null })
        throw conflict('worker-exists', 'A worker with this NIK is already registered: see existingWorkerId.', {
          existingWorkerId: existing?.id,
          id: existing?.id,
        })
      }
      await recordAudit(tx, ctx, { action: 'worker.created', entityType: 'worker', entityId: created.id, after: auditImage(created) })
      return this.detail(tx, ctx, created)
    })
  }

  /** The worker as the caller may see it (a branch: only its own), or 404. */
  async load (exec: Executor, ctx: RequestContext, id: string, opts: { forUpdate?: boolean } = {}): Promise<WorkerRow> {
    const row = await findWorkerById(exec, id, scopeOf(ctx.actor), opts)
    if (!row) throw notFound('Worker', `Worker ${id} not found.`)
    return row
  }

  /**
   * A branch (an outside organisation) reads people in full: each such read is audited like its feed reads
   * (branch-feed.read), naming whom it looked at by id, never by NIK. The row is written before the reply
   * goes out, so no branch read goes unrecorded.
   */
  private async auditBranchRead (ctx: RequestContext, change: { action: 'worker.read'; workerId: string; via: 'get' | 'search' } | { action: 'worker-list.read'; workerIds: string[]; filter: Record<string, unknown> }) {
    const branchCode = branchScopeOf(ctx.actor)
    if (branchCode === null) return
    if (change.action === 'worker.read') {
      await recordAudit(this.db, ctx, { action: change.action, entityType: 'worker', entityId: change.workerId, after: { via: change.via, branchCode } })
    } else {
      await recordAudit(this.db, ctx, { action: change.action, entityType: 'branch', entityId: branchCode, after: { count: change.workerIds.length, workerIds: change.workerIds, filter: change.filter } })
    }
  }

  /** One statement: the worker and its possible duplicates (findWorkerWithDuplicates). */
  async get (ctx: RequestContext, id: string): Promise<WorkerResult<WorkerDetail>> {
    const row = await findWorkerWithDuplicates(this.db, { id }, scopeOf(ctx.actor))
    if (!row) throw notFound('Worker', `Worker ${id} not found.`)
    const result = await this.detail(this.db, ctx, row, row.possibleDuplicates)
    await this.auditBranchRead(ctx, { action: 'worker.read', workerId: result.worker.id, via: 'get' })
    return result
  }

  async search (ctx: RequestContext, nik: string): Promise<WorkerResult<WorkerDetail>> {
    const row = await findWorkerWithDuplicates(this.db, { nik }, scopeOf(ctx.actor))
    if (!row) throw notFound('Worker', 'No worker with this NIK is registered.')
    const result = await this.detail(this.db, ctx, row, row.possibleDuplicates)
    await this.auditBranchRead(ctx, { action: 'worker.read', workerId: row.id, via: 'search' })
    return result
  }

  async list (
    ctx: RequestContext,
    q: { kecamatanCode?: string | undefined; occupation?: string | undefined; desilMax?: number | undefined; status?: 'ACTIVE' | 'DECEASED' | undefined; limit: number; cursor?: string | undefined }
  ) {
    const afterSeq = decodeCursor(q.cursor, z.number().int().nonnegative())
    const rows = await listWorkers(this.db, { ...q, afterSeq }, scopeOf(ctx.actor))
    const disclosure = disclosureFor(ctx.actor, 'list')
    const page = toPage(rows, q.limit, (r) => r.seq, (r) => toWorkerView(r, disclosure))
    const filter = Object.fromEntries(Object.entries({ kecamatanCode: q.kecamatanCode, occupation: q.occupation, desilMax: q.desilMax, status: q.status }).filter(([, v]) => v !== undefined))
    await this.auditBranchRead(ctx, { action: 'worker-list.read', workerIds: page.items.map((w) => w.id), filter })
    return page
  }

  async update (ctx: RequestContext, id: string, ifMatch: string | undefined, patch: PatchWorkerInput): Promise<WorkerResult<WorkerDetail>> {
    const current = await this.load(this.db, ctx, id)
    requireIfMatch(ifMatch, current.version)

    const errors: FieldError[] = []
    // A desil means nothing without the data it comes from: the three change together.
    const desilFields = ['desil', 'desilSource', 'desilPeriod'] as const
    if (desilFields.some((f) => patch[f] !== undefined)) {
      for (const f of desilFields) {
        if (patch[f] === undefined) errors.push({ path: f, message: 'is required when the desil changes: send desil, desilSource and desilPeriod together' })
      }
    }
    const next = {
      nik: current.nik,
      kkNumber: patch.kkNumber === undefined ? current.kkNumber : patch.kkNumber,
      name: patch.name ?? current.name,
      birthDate: patch.birthDate ?? current.birthDate,
      sex: patch.sex ?? current.sex,
      address: patch.address ?? current.address,
      kecamatanCode: patch.kecamatanCode ?? current.kecamatanCode,
      kelurahan: patch.kelurahan === undefined ? current.kelurahan : patch.kelurahan,
      phone: patch.phone === undefined ? current.phone : patch.phone,
      occupation: patch.occupation ?? current.occupation,
      disability: patch.disability ?? current.disability,
      desil: patch.desil ?? current.desil,
      desilSource: patch.desilSource ?? current.desilSource,
      desilPeriod: patch.desilPeriod ?? current.desilPeriod,
      wageEarner: patch.wageEarner ?? current.wageEarner,
    }
    errors.push(...workerFactErrors(next, todayOf(ctx)))
    if (errors.length > 0) throw failed(errors)

    const changes = Object.fromEntries(
      Object.entries(next).filter(([k, v]) => k !== 'nik' && current[k as keyof WorkerRow] !== v)
    ) as Partial<typeof next>
    if (Object.keys(changes).length === 0) return this.detail(this.db, ctx, current)

    return this.db.transaction(async (tx) => {
      const updated = await updateWorker(tx, id, current.version, changes, ctx.at)
      // changed by someone else between our read and this write
      if (!updated) throw new AppError(412, 'precondition-failed', 'Precondition failed', 'The worker changed while this update was being made: fetch it again and retry with the new ETag.')
      await recordAudit(tx, ctx, { action: 'worker.updated', entityType: 'worker', entityId: id, before: auditImage(current), after: auditImage(updated) })
      // The branches that register this worker hear of the change (an UPDATE in their feed).
      await recordWorkerChanges(tx, ctx, [id])
      return this.detail(tx, ctx, updated)
    })
  }

  /**
   * Marks a worker deceased in the caller's transaction, which must also end the worker's enrolments (the
   * enrolments module owns the whole use case: recordDeath there). The same facts again answer as the first time
   * and write nothing (`changed: false`); other facts for a worker already recorded as deceased are a 409: a
   * recorded death is corrected by a person, not overwritten.
   */
  async markDeceased (tx: Executor, ctx: RequestContext, id: string, death: DeathInput): Promise<{ worker: WorkerRow; changed: boolean }> {
    const current = await this.load(tx, ctx, id, { forUpdate: true })
    const today = todayOf(ctx)
    const errors: FieldError[] = []
    if (death.dateOfDeath > today) errors.push({ path: 'dateOfDeath', message: `must not be after today (${today})` })
    if (death.dateOfDeath < current.birthDate) errors.push({ path: 'dateOfDeath', message: `must not be before the birth date ${current.birthDate}` })
    if (errors.length > 0) throw failed(errors)

    if (current.status === 'DECEASED') {
      if (current.dateOfDeath === death.dateOfDeath && current.deathCause === death.cause) return { worker: current, changed: false }
      throw conflict(
        'worker-already-deceased',
        `This worker is already recorded as deceased on ${current.dateOfDeath} (${current.deathCause}); a different date or cause is not recorded over it.`,
        { recorded: { dateOfDeath: current.dateOfDeath, cause: current.deathCause } }
      )
    }
    const updated = await markDeceased(tx, id, death, ctx.at)
    if (!updated) throw new Error('worker row locked FOR UPDATE was not ACTIVE')
    await recordAudit(tx, ctx, { action: 'worker.deceased', entityType: 'worker', entityId: id, before: auditImage(current), after: auditImage(updated) })
    return { worker: updated, changed: true }
  }

  /**
   * Bulk upsert by NIK. Every row is validated on its own (the POST schema and cross checks); a NIK repeated in
   * the file rejects the later row; the valid rows are written set-based, a chunk of at most UPSERT_CHUNK rows
   * per statement, in ONE transaction with the audit rows, so the report describes exactly what committed. The next
   * chunk is validated while PostgreSQL writes the current one.
   *
   * Audit: one `worker-import` event with the counts, plus one `worker.imported` event per worker that was
   * created or changed (written by the same statement as the row itself), so a worker's own trail shows which
   * import touched it. Unchanged rows write nothing, so re-sending a file leaves only the summary event.
   */
  async importRows (ctx: RequestContext, rows: readonly unknown[], format: 'csv' | 'json'): Promise<ImportReport> {
    const today = todayOf(ctx)
    // The report lists the first MAX_REPORTED_REJECTIONS rejected rows and counts them all: 100,000 rows of
    // garbage would otherwise make a reply of a hundred megabytes.
    const rejected: ImportReport['rejected'] = []
    let rejectedCount = 0
    const reject = (row: number, errors: FieldError[]) => {
      rejectedCount++
      if (rejected.length < MAX_REPORTED_REJECTIONS) rejected.push(reportedRejection(row, errors))
    }
    const firstRowOfNik = new Map<string, number>()
    let validCount = 0

    /** Rows from..to (0-based, end excluded) validated in order; the valid ones as upsert records. */
    const validate = (from: number, to: number): UpsertRecord[] => {
      const valid: UpsertRecord[] = []
      for (let index = from; index < Math.min(to, rows.length); index++) {
        const raw = rows[index]
        const row = index + 1
        if (raw instanceof MalformedCsvRecord) {
          reject(row, raw.errors)
          continue
        }
        const errors: FieldError[] = []
        const rawNik = typeof raw === 'object' && raw !== null && typeof (raw as { nik?: unknown }).nik === 'string' ? (raw as { nik: string }).nik.trim() : undefined
        if (rawNik !== undefined && rawNik !== '') {
          const first = firstRowOfNik.get(rawNik)
          if (first !== undefined) errors.push({ path: 'nik', message: `repeats the NIK of row ${first}: a NIK may appear only once in an import` })
          else firstRowOfNik.set(rawNik, row)
        }
        const parsed = ImportRowSchema.safeParse(raw)
        if (!parsed.success) errors.push(...issuesToFieldErrors(parsed.error))
        else errors.push(...workerFactErrors(parsed.data, today))
        if (errors.length > 0) reject(row, errors)
        else if (parsed.success) valid.push(toUpsertRecord(parsed.data))
      }
      validCount += valid.length
      return valid
    }

    const importId = randomUUID()
    const audit = { actorKeyId: ctx.actor.keyId, actorRole: ctx.actor.role, requestId: ctx.requestId, clientRequestId: ctx.clientRequestId ?? null, importId }
    const { created, updated } = await this.db.transaction(async (tx) => {
      let created = 0
      let updated = 0
      const write = async (statement: SQL) => {
        const counts = await runWorkersUpsert(tx, statement)
        await recordWorkerChanges(tx, ctx, counts.updatedIds)
        created += counts.created
        updated += counts.updated
      }
      // Validation and writing overlap: the next chunk is validated and encoded (JavaScript) while PostgreSQL
      // writes this one, one statement in flight at a time on the transaction's connection, the chunks in file
      // order. The first chunks are small, so PostgreSQL starts writing soon after validation starts.
      let writing: Promise<void> | null = null
      for (let i = 0, size = FIRST_UPSERT_CHUNK; i < rows.length; i += size, size = Math.min(UPSERT_CHUNK, size * 4)) {
        const statement = workersUpsert(validate(i, i + size), ctx.at, audit)
        if (writing) await writing
        writing = statement ? write(statement) : null
        // Handled here too: a write failing while the next chunk is validated is not an unhandled rejection (the
        // await above or below still throws it, and the transaction rolls back).
        writing?.catch(() => {})
        await letStatementLeave()
      }
      if (writing) await writing
      const summary = { format, received: rows.length, created, updated, unchanged: validCount - created - updated, rejected: rejectedCount }
      await recordAudit(tx, ctx, { action: 'worker-import.completed', entityType: 'worker-import', entityId: importId, after: summary })
      return { created, updated }
    })
    return {
      importId,
      received: rows.length,
      created,
      updated,
      unchanged: validCount - created - updated,
      rejectedCount,
      rejectedTruncated: rejectedCount > rejected.length,
      rejected,
    }
  }
}
