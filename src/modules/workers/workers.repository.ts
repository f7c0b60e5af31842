import { and, asc, eq, getTableColumns, gt, lte, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { preparedOn, rowsOf, type Executor } from '../../db/client.js'
import { enrolments, workers } from '../../db/schema.js'
import { arrayLiteral, inIds } from '../../db/sql.js'

export type WorkerRow = typeof workers.$inferSelect
export type NewWorkerRow = typeof workers.$inferInsert

/** What a caller may see: everything, or (a branch key) only the workers enrolled through its branch. */
export type WorkerScope = { branchCode: string | null }

/**
 * The condition that limits a branch key to its own workers: those enrolled (in any programme, whatever the
 * enrolment's status) through its branch. Anyone else is 404 to it, as if they did not exist.
 */
export function visibleTo (scope: WorkerScope): SQL | undefined {
  return enrolledThrough(scope.branchCode, workers.id)
}

/** `visibleTo` for any worker id expression (a subquery's alias) and branch (a value or a prepared placeholder). */
function enrolledThrough (branchCode: SQLWrapper | string | null, workerId: SQLWrapper): SQL | undefined {
  if (branchCode === null) return undefined
  return sql`exists (select 1 from ${enrolments} e where e.worker_id = ${workerId} and e.branch_code = ${branchCode})`
}

export async function insertWorker (exec: Executor, row: NewWorkerRow): Promise<WorkerRow | undefined> {
  const [created] = await exec.insert(workers).values(row).onConflictDoNothing({ target: workers.nik }).returning()
  return created
}

export async function findWorkerById (exec: Executor, id: string, scope: WorkerScope, opts: { forUpdate?: boolean } = {}): Promise<WorkerRow | undefined> {
  const q = exec.select().from(workers).where(and(eq(workers.id, id), visibleTo(scope))).limit(1)
  const [row] = opts.forUpdate ? await q.for('update') : await q
  return row
}

export type PossibleDuplicate = { id: string; nik: string }

type WorkerWithDuplicates = WorkerRow & { possibleDuplicates: PossibleDuplicate[] }

function workerWithDuplicatesQuery (exec: Executor, by: { id: SQLWrapper | string } | { nik: SQLWrapper | string }, branchCode: SQLWrapper | string | null) {
  const duplicateVisible = enrolledThrough(branchCode, sql`d.id`)
  const branchLimit = duplicateVisible === undefined ? sql`` : sql`and ${duplicateVisible}`
  // The outer row is named in full ("workers"."…"): drizzle writes a selected column unqualified, which inside the
  // subquery would name the inner "d" row instead.
  const duplicates = sql<PossibleDuplicate[]>`(select coalesce(json_agg(json_build_object('id', d.id, 'nik', d.nik) order by d.seq), '[]'::json)
      from (select d.id, d.nik, d.seq from ${workers} d
             where d.name_key = "workers"."name_key" and d.birth_date = "workers"."birth_date" and d.id <> "workers"."id" ${branchLimit}
             order by d.seq limit 20) d)`
  return exec
    .select({ ...getTableColumns(workers), possibleDuplicates: duplicates })
    .from(workers)
    .where(and('id' in by ? eq(workers.id, by.id) : eq(workers.nik, by.nik), enrolledThrough(branchCode, workers.id)))
    .limit(1)
}

/** The reads of one worker by every caller, as named statements planned once per connection. */
const workerStatements = {
  id: preparedOn((db) => workerWithDuplicatesQuery(db, { id: sql.placeholder('key') }, null).prepare('worker_by_id')),
  idScoped: preparedOn((db) => workerWithDuplicatesQuery(db, { id: sql.placeholder('key') }, sql.placeholder('branch')).prepare('worker_by_id_for_branch')),
  nik: preparedOn((db) => workerWithDuplicatesQuery(db, { nik: sql.placeholder('key') }, null).prepare('worker_by_nik')),
  nikScoped: preparedOn((db) => workerWithDuplicatesQuery(db, { nik: sql.placeholder('key') }, sql.placeholder('branch')).prepare('worker_by_nik_for_branch')),
}

/**
 * A worker with its possible duplicates (other workers with the same normalised name and birth date, the caller may
 * see), in ONE statement, prepared: a read of a worker is one round trip, its duplicates found through the
 * (name_key, birth_date) index inside it.
 */
export async function findWorkerWithDuplicates (exec: Executor, by: { id: string } | { nik: string }, scope: WorkerScope): Promise<WorkerWithDuplicates | undefined> {
  const byId = 'id' in by
  const pick = byId ? (scope.branchCode === null ? workerStatements.id : workerStatements.idScoped) : scope.branchCode === null ? workerStatements.nik : workerStatements.nikScoped
  const statement = pick(exec)
  const [row] = statement
    ? await statement.execute({ key: byId ? by.id : by.nik, branch: scope.branchCode })
    : await workerWithDuplicatesQuery(exec, by, scope.branchCode)
  return row
}

/** Workers by id, in no particular order (missing ids are simply absent). */
export async function findWorkersByIds (exec: Executor, ids: string[]): Promise<WorkerRow[]> {
  if (ids.length === 0) return []
  return exec.select().from(workers).where(inIds(workers.id, ids))
}

/** What eligibility is judged on (no name, address or NIK): the facts of each worker, for a batch. */
export type WorkerFactsRow = Pick<WorkerRow, 'id' | 'birthDate' | 'sex' | 'kecamatanCode' | 'occupation' | 'desil' | 'desilSource' | 'desilPeriod' | 'dateOfDeath' | 'wageEarner'>

export async function findWorkerFactsByIds (exec: Executor, ids: string[]): Promise<WorkerFactsRow[]> {
  if (ids.length === 0) return []
  return exec
    .select({
      id: workers.id,
      birthDate: workers.birthDate,
      sex: workers.sex,
      kecamatanCode: workers.kecamatanCode,
      occupation: workers.occupation,
      desil: workers.desil,
      desilSource: workers.desilSource,
      desilPeriod: workers.desilPeriod,
      dateOfDeath: workers.dateOfDeath,
      wageEarner: workers.wageEarner,
    })
    .from(workers)
    .where(inIds(workers.id, ids))
}

export async function findWorkerByNik (exec: Executor, nik: string, scope: WorkerScope): Promise<WorkerRow | undefined> {
  const [row] = await exec.select().from(workers).where(and(eq(workers.nik, nik), visibleTo(scope))).limit(1)
  return row
}

export async function updateWorker (
  exec: Executor,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<NewWorkerRow, 'id' | 'nik' | 'version' | 'createdAt' | 'updatedAt'>>,
  at: Date
): Promise<WorkerRow | undefined> {
  const [row] = await exec
    .update(workers)
    .set({ ...changes, version: sql`${workers.version} + 1`, updatedAt: at })
    .where(and(eq(workers.id, id), eq(workers.version, expectedVersion)))
    .returning()
  return row
}

export type WorkerFilter = {
  kecamatanCode?: string | undefined
  occupation?: string | undefined
  desilMax?: number | undefined
  status?: 'ACTIVE' | 'DECEASED' | undefined
  afterSeq?: number | undefined
  limit: number
}

/** Keyset page in registration order (seq); limit + 1 rows so the caller knows whether more follow. */
export async function listWorkers (exec: Executor, f: WorkerFilter, scope: WorkerScope): Promise<WorkerRow[]> {
  return listWorkersQuery(exec, f, scope)
}

/** The list's query, unrun: what listWorkers awaits, and what the plan test explains (test/db/plans.test.ts). */
export function listWorkersQuery (exec: Executor, f: WorkerFilter, scope: WorkerScope) {
  const where = and(
    f.kecamatanCode !== undefined ? eq(workers.kecamatanCode, f.kecamatanCode) : undefined,
    f.occupation !== undefined ? eq(workers.occupation, f.occupation) : undefined,
    f.desilMax !== undefined ? lte(workers.desil, f.desilMax) : undefined,
    f.status !== undefined ? eq(workers.status, f.status) : undefined,
    f.afterSeq !== undefined ? gt(workers.seq, f.afterSeq) : undefined,
    visibleTo(scope)
  )
  return exec.select().from(workers).where(where).orderBy(asc(workers.seq)).limit(f.limit + 1)
}

/** The columns a bulk upsert writes: the targeting data an import carries. */
export type UpsertRecord = {
  nik: string
  kkNumber: string | null
  name: string
  birthDate: string
  sex: 'M' | 'F'
  address: string
  kecamatanCode: string
  kelurahan: string | null
  phone: string | null
  occupation: string
  disability: boolean
  desil: number
  desilSource: 'DTKS' | 'DTSEN'
  desilPeriod: string
}

/** Written with each created or changed worker, in the same statement, when an import is audited per worker. */
export type UpsertAudit = { actorKeyId: string; actorRole: string; requestId: string; clientRequestId: string | null; importId: string }

/** Rows per statement: about a megabyte of parameters, well inside what both drivers send comfortably. */
export const UPSERT_CHUNK = 5_000

/** The columns of an UpsertRecord, in the order upsertWorkers sends them. */
const UPSERT_COLUMNS = ['nik', 'kkNumber', 'name', 'birthDate', 'sex', 'address', 'kecamatanCode', 'kelurahan', 'phone', 'occupation', 'disability', 'desil', 'desilSource', 'desilPeriod'] as const satisfies ReadonlyArray<keyof UpsertRecord>

/**
 * Upserts workers by NIK in ONE statement per call (call it with at most UPSERT_CHUNK rows; NIKs must be
 * distinct). A row equal to the stored one is not written at all (no new version, no dead tuple); a changed one
 * gets version + 1. `(xmax = 0)` tells an inserted row from an updated one. Rows are taken in NIK order so that
 * two concurrent imports lock the rows they share in the same order and cannot deadlock. Status and death
 * facts, wage-earner status and the id are never touched: an import carries targeting data only.
 */
export async function upsertWorkers (
  exec: Executor,
  rows: UpsertRecord[],
  /** created_at / updated_at of the rows written, and occurred_at of their audit rows. */
  at: Date,
  audit?: UpsertAudit
): Promise<UpsertCounts> {
  return runWorkersUpsert(exec, workersUpsert(rows, at, audit))
}

export type UpsertCounts = { created: number; updated: number; updatedIds: string[] }

/**
 * upsertWorkers's statement, its rows encoded but not sent (null for no rows): an import encodes the next chunk
 * while PostgreSQL still writes the one before, then sends it with runWorkersUpsert.
 */
export function workersUpsert (rows: UpsertRecord[], at: Date, audit?: UpsertAudit): SQL | null {
  if (rows.length === 0) return null
  const stamp = at.toISOString()
  const auditCte = audit
    ? sql`, audited as (
        insert into audit_events (actor_key_id, actor_role, action, entity_type, entity_id, after, request_id, client_request_id, occurred_at)
        select ${audit.actorKeyId}::uuid, ${audit.actorRole}, 'worker.imported', 'worker', u.id::text,
               jsonb_build_object('importId', ${audit.importId}::text, 'outcome', case when u.inserted then 'created' else 'updated' end),
               ${audit.requestId}, ${audit.clientRequestId}::text, ${stamp}::timestamptz
        from upserted u
      )`
    : sql``
  // One array per column (arrayLiteral): each value read by its own type's input, no JSON document of 5,000
  // objects for PostgreSQL to build and take apart first.
  const n = rows.length
  const columns = UPSERT_COLUMNS.map(() => new Array<string | number | boolean | null>(n))
  for (let i = 0; i < n; i++) {
    const r = rows[i]!
    for (let c = 0; c < UPSERT_COLUMNS.length; c++) columns[c]![i] = r[UPSERT_COLUMNS[c]!]
  }
  const [nik, kkNumber, name, birthDate, sex, address, kecamatanCode, kelurahan, phone, occupation, disability, desil, desilSource, desilPeriod] = columns.map(arrayLiteral)
  return sql`
    with input as (
      select * from unnest(${nik}::text[], ${kkNumber}::text[], ${name}::text[], ${birthDate}::date[], ${sex}::text[], ${address}::text[],
                           ${kecamatanCode}::text[], ${kelurahan}::text[], ${phone}::text[], ${occupation}::text[], ${disability}::boolean[],
                           ${desil}::integer[], ${desilSource}::text[], ${desilPeriod}::text[])
        as r(nik, "kkNumber", name, "birthDate", sex, address, "kecamatanCode", kelurahan, phone, occupation, disability, desil, "desilSource", "desilPeriod")
    ), upserted as (
      insert into workers (nik, kk_number, name, birth_date, sex, address, kecamatan_code, kelurahan, phone, occupation,
                           disability, desil, desil_source, desil_period, created_at, updated_at)
      select nik, "kkNumber", name, "birthDate", sex, address, "kecamatanCode", kelurahan, phone, occupation,
             disability, desil, "desilSource", "desilPeriod", ${stamp}::timestamptz, ${stamp}::timestamptz
      from input order by nik
      on conflict (nik) do update set
        kk_number = excluded.kk_number, name = excluded.name, birth_date = excluded.birth_date, sex = excluded.sex,
        address = excluded.address, kecamatan_code = excluded.kecamatan_code, kelurahan = excluded.kelurahan,
        phone = excluded.phone, occupation = excluded.occupation, disability = excluded.disability, desil = excluded.desil,
        desil_source = excluded.desil_source, desil_period = excluded.desil_period,
        version = workers.version + 1, updated_at = excluded.updated_at
      where (workers.kk_number, workers.name, workers.birth_date, workers.sex, workers.address, workers.kecamatan_code,
             workers.kelurahan, workers.phone, workers.occupation, workers.disability, workers.desil, workers.desil_source,
             workers.desil_period)
        is distinct from
            (excluded.kk_number, excluded.name, excluded.birth_date, excluded.sex, excluded.address, excluded.kecamatan_code,
             excluded.kelurahan, excluded.phone, excluded.occupation, excluded.disability, excluded.desil, excluded.desil_source,
             excluded.desil_period)
      returning id, (xmax = 0) as inserted
    )${auditCte}
    select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated,
           coalesce(json_agg(id) filter (where not inserted), '[]'::json) as "updatedIds"
      from upserted`
}

/** Runs a workersUpsert statement: how many workers it created and changed, and the ids of the changed ones. */
export async function runWorkersUpsert (exec: Executor, statement: SQL | null): Promise<UpsertCounts> {
  if (statement === null) return { created: 0, updated: 0, updatedIds: [] }
  const result = await exec.execute(statement)
  const [counts] = rowsOf<{ created: number; updated: number; updatedIds: string[] | string }>(result)
  const ids = counts?.updatedIds ?? []
  return { created: counts?.created ?? 0, updated: counts?.updated ?? 0, updatedIds: typeof ids === 'string' ? (JSON.parse(ids) as string[]) : ids }
}

export async function markDeceased (
  exec: Executor,
  id: string,
  facts: { dateOfDeath: string; cause: 'ILLNESS' | 'WORK_ACCIDENT' | 'OTHER' },
  at: Date
): Promise<WorkerRow | undefined> {
  const [row] = await exec
    .update(workers)
    .set({ status: 'DECEASED', dateOfDeath: facts.dateOfDeath, deathCause: facts.cause, version: sql`${workers.version} + 1`, updatedAt: at })
    .where(and(eq(workers.id, id), eq(workers.status, 'ACTIVE')))
    .returning()
  return row
}
