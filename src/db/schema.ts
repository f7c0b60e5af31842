import { sql, type SQLWrapper } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

/**
 * One schema for PGlite and PostgreSQL. Tables are snake_case and never exposed as-is: every route
 * maps rows to its own camelCase contract. Money is bigint Rupiah (mode 'number': safe up to 2^53).
 */

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
const rupiah = (name: string) => bigint(name, { mode: 'number' })

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'operator', 'branch', 'auditor'] }).notNull(),
    branchCode: text('branch_code'),
    /** SHA-256 of the secret; the secret itself is shown once and never stored. */
    secretHash: text('secret_hash').notNull().unique(),
    /** First characters of the secret, so a person can tell keys apart in a list. */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('api_keys_branch_role', sql`(${t.role} = 'branch') = (${t.branchCode} is not null)`),
  ]
)

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorKeyId: uuid('actor_key_id'),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    /** The server's id of the request that made the change: the one the audit trusts. */
    requestId: text('request_id'),
    /** The caller's X-Request-Id, kept for correlation across city systems, never trusted as identity. */
    clientRequestId: text('client_request_id'),
  },
  (t) => [index('audit_events_entity_idx').on(t.entityType, t.entityId, t.id)]
)

export const programs = pgTable(
  'programs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull(),
    startMonth: text('start_month').notNull(),
    endMonth: text('end_month').notNull(),
    budget: rupiah('budget').notNull(),
    contributionJkk: integer('contribution_jkk').notNull(),
    contributionJkm: integer('contribution_jkm').notNull(),
    maxDesil: integer('max_desil').notNull(),
    desilMaxAgeMonths: integer('desil_max_age_months').notNull().default(12),
    occupations: jsonb('occupations').$type<string[]>().notNull(),
    minAge: integer('min_age').notNull(),
    maxAge: integer('max_age').notNull(),
    branchByKecamatan: jsonb('branch_by_kecamatan').$type<Record<string, string>>().notNull(),
    /** Quota places taken by enrolments that are not ENDED before their first month or REJECTED. */
    enrolledCount: integer('enrolled_count').notNull().default(0),
    /** Contributions held for enrolments, not yet on an issued invoice. */
    reservedAmount: rupiah('reserved_amount').notNull().default(0),
    /** Issued invoices not yet paid. */
    invoicedAmount: rupiah('invoiced_amount').notNull().default(0),
    paidAmount: rupiah('paid_amount').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('programs_month_format', sql`${t.startMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' and ${t.endMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('programs_month_order', sql`${t.endMonth} >= ${t.startMonth}`),
    check('programs_budget_positive', sql`${t.budget} > 0`),
    // The budget is never over-committed: the database refuses it even if a service had a bug.
    check(
      'programs_budget_not_exceeded',
      sql`${t.reservedAmount} >= 0 and ${t.invoicedAmount} >= 0 and ${t.paidAmount} >= 0 and ${t.reservedAmount} + ${t.invoicedAmount} + ${t.paidAmount} <= ${t.budget}`
    ),
    check('programs_enrolled_nonnegative', sql`${t.enrolledCount} >= 0`),
  ]
)

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    apiKeyId: uuid('api_key_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    /** null while the first request is still being processed. */
    statusCode: integer('status_code'),
    /** Compressed with lz4 where PostgreSQL has it (migration 0015): a batch's reply is megabytes, and pglz took 19 ms of each. */
    responseBody: text('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt: createdAt(),
    /** While the first request runs: until when its claim holds. A claim whose process died expires and may be retried. */
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)]
)

/**
 * A name as the possible-duplicate check compares it: lower case, runs of white space collapsed, trimmed.
 * Defined once, in SQL, so the stored key and the value looked up are normalised by the same code.
 */
export const normalisedName = (value: SQLWrapper) => sql`lower(btrim(regexp_replace(${value}, '\\s+', ' ', 'g')))`

export const WORKER_STATUSES = ['ACTIVE', 'DECEASED'] as const
export const DEATH_CAUSES = ['ILLNESS', 'WORK_ACCIDENT', 'OTHER'] as const
export const DESIL_SOURCES = ['DTKS', 'DTSEN'] as const

/**
 * The registry of the people the city protects. NIK and KK number are personal data (UU 27/2022): they are
 * stored in full (the branch feed and claims need them) and masked in every reply and audit row that does not.
 */
export const workers = pgTable(
  'workers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Registration order: the keyset for paging (a uuid has no useful order, a timestamp ties). */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    nik: text('nik').notNull(),
    kkNumber: text('kk_number'),
    name: text('name').notNull(),
    /** normalisedName(name): what the possible-duplicate check compares. */
    nameKey: text('name_key')
      .notNull()
      .generatedAlwaysAs(() => normalisedName(sql.identifier('name'))),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: ['M', 'F'] }).notNull(),
    address: text('address').notNull(),
    /** Domicile (the KK address), one of the region's kecamatan. */
    kecamatanCode: text('kecamatan_code').notNull(),
    kelurahan: text('kelurahan'),
    phone: text('phone'),
    occupation: text('occupation').notNull(),
    disability: boolean('disability').notNull().default(false),
    desil: integer('desil').notNull(),
    desilSource: text('desil_source', { enum: DESIL_SOURCES }).notNull(),
    /** 'YYYY-MM': the period of the targeting data the desil comes from. */
    desilPeriod: text('desil_period').notNull(),
    /** Already insured as a wage earner (PU): the NOT_WAGE_EARNER eligibility check. Not carried by imports. */
    wageEarner: boolean('wage_earner').notNull().default(false),
    status: text('status', { enum: WORKER_STATUSES }).notNull().default('ACTIVE'),
    dateOfDeath: date('date_of_death', { mode: 'string' }),
    deathCause: text('death_cause', { enum: DEATH_CAUSES }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('workers_nik_unique').on(t.nik),
    uniqueIndex('workers_seq_unique').on(t.seq),
    // The list filters, each followed by the keyset so a filtered page is an index range scan.
    index('workers_kecamatan_seq_idx').on(t.kecamatanCode, t.seq),
    index('workers_occupation_seq_idx').on(t.occupation, t.seq),
    // status=DECEASED is rare: without its own range the planner walked the whole keyset and discarded the living.
    index('workers_status_seq_idx').on(t.status, t.seq),
    // The combined filter of a city's outreach (a kecamatan's ojek drivers, say): one range, not one range filtered.
    index('workers_kecamatan_occupation_seq_idx').on(t.kecamatanCode, t.occupation, t.seq),
    // Possible duplicates: same normalised name and birth date.
    index('workers_name_birth_idx').on(t.nameKey, t.birthDate),
    check('workers_nik_format', sql`${t.nik} ~ '^[0-9]{16}$'`),
    check('workers_kk_format', sql`${t.kkNumber} is null or ${t.kkNumber} ~ '^[0-9]{16}$'`),
    check('workers_sex', sql`${t.sex} in ('M', 'F')`),
    check('workers_desil_range', sql`${t.desil} between 1 and 10`),
    check('workers_desil_source', sql`${t.desilSource} in ('DTKS', 'DTSEN')`),
    check('workers_desil_period_format', sql`${t.desilPeriod} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('workers_status', sql`${t.status} in ('ACTIVE', 'DECEASED')`),
    // A deceased worker has a date and cause of death; a living one has neither.
    check(
      'workers_death_facts',
      sql`(${t.status} = 'DECEASED') = (${t.dateOfDeath} is not null) and (${t.dateOfDeath} is null) = (${t.deathCause} is null)`
    ),
    check('workers_death_cause', sql`${t.deathCause} is null or ${t.deathCause} in ('ILLNESS', 'WORK_ACCIDENT', 'OTHER')`),
  ]
)

export const ENROLMENT_STATUSES = ['PENDING', 'ACTIVE', 'ENDED', 'REJECTED'] as const
export const END_REASONS = ['DECEASED', 'MOVED', 'WAGE_EARNER', 'REQUESTED', 'INELIGIBLE'] as const

export const enrolments = pgTable(
  'enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order, for keyset paging. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    /**
     * The worker and the programme, checked without a foreign key: a row-level key checked and share-locked the
     * worker and the programme row once per enrolment, a quarter of a batch's insert. A statement-level trigger
     * checks every statement's new rows at once instead, and workers and programmes are never deleted nor their
     * ids changed (migration 0014).
     */
    workerId: uuid('worker_id').notNull(),
    programId: uuid('program_id').notNull(),
    /** Programme codes never change: kept here so lists need no join. */
    programCode: text('program_code').notNull(),
    branchCode: text('branch_code').notNull(),
    startMonth: text('start_month').notNull(),
    /** Last covered month once ENDED (null: through the programme's end). */
    endMonth: text('end_month'),
    /**
     * The day the enrolment was decided (Asia/Jakarta): today for a new one, the real earlier date for a past cohort
     * recorded after the fact. Life is judged on it (ALIVE).
     */
    enrolledOn: date('enrolled_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: ENROLMENT_STATUSES }).notNull().default('PENDING'),
    kpjNumber: text('kpj_number'),
    rejectionReason: text('rejection_reason'),
    endReason: text('end_reason', { enum: END_REASONS }),
    /** Contributions this enrolment holds against the programme budget (released on END or REJECTED). */
    reservedAmount: rupiah('reserved_amount').notNull(),
    /** Its lines on ISSUED invoices not yet paid. */
    invoicedAmount: rupiah('invoiced_amount').notNull().default(0),
    /** Its lines on PAID invoices. */
    paidAmount: rupiah('paid_amount').notNull().default(0),
    /**
     * The eligibility decision that admitted it: asOf and each check as its rule, outcome and values (rendered on
     * read). `json`, stored as written: it is read whole and never searched, and text is half the size of `jsonb`
     * and cheaper to take in (an enrolment batch writes 10,000 a call).
     */
    eligibility: json('eligibility').notNull(),
    rulesetVersion: text('ruleset_version').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('enrolments_seq_unique').on(t.seq),
    // A worker is enrolled at most once in a programme (a REJECTED attempt does not count).
    uniqueIndex('enrolments_worker_program_unique').on(t.workerId, t.programId).where(sql`${t.status} <> 'REJECTED'`),
    index('enrolments_program_seq_idx').on(t.programId, t.seq),
    index('enrolments_branch_seq_idx').on(t.branchCode, t.seq),
    index('enrolments_worker_idx').on(t.workerId),
    index('enrolments_program_status_seq_idx').on(t.programId, t.status, t.seq),
    check('enrolments_status', sql`${t.status} in ('PENDING', 'ACTIVE', 'ENDED', 'REJECTED')`),
    check('enrolments_month_format', sql`${t.startMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' and (${t.endMonth} is null or ${t.endMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')`),
    check('enrolments_active_has_kpj', sql`${t.status} <> 'ACTIVE' or ${t.kpjNumber} is not null`),
    check('enrolments_reserved_nonnegative', sql`${t.reservedAmount} >= 0`),
    check('enrolments_invoiced_paid_nonnegative', sql`${t.invoicedAmount} >= 0 and ${t.paidAmount} >= 0`),
  ]
)

/**
 * One row per branch: the last change id handed out. Taking the next ids is an UPDATE of this row, whose lock is
 * held to commit, so a branch's changes commit in change-id order and a reader paging by change id never skips one.
 */
export const branchFeeds = pgTable('branch_feeds', {
  branchCode: text('branch_code').primaryKey(),
  lastChangeId: bigint('last_change_id', { mode: 'number' }).notNull().default(0),
})

export const enrolmentChanges = pgTable(
  'enrolment_changes',
  {
    branchCode: text('branch_code').notNull(),
    changeId: bigint('change_id', { mode: 'number' }).notNull(),
    /** Checked by a statement-level trigger, not a row-level foreign key (as enrolments.workerId; migration 0014). */
    enrolmentId: uuid('enrolment_id').notNull(),
    action: text('action', { enum: ['ADD', 'UPDATE', 'END'] }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.branchCode, t.changeId] })]
)

export const INVOICE_STATUSES = ['DRAFT', 'ISSUED', 'PAID', 'VOID'] as const

/**
 * A premium invoice: what the city owes BPJS for one programme, branch and month. At most one that is not VOID per
 * programme, branch and month (a partial UNIQUE index: the database refuses a second even if a service had a bug).
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Creation order, for keyset paging. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    programCode: text('program_code').notNull(),
    branchCode: text('branch_code').notNull(),
    month: text('month').notNull(),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('DRAFT'),
    lineCount: integer('line_count').notNull().default(0),
    total: rupiah('total').notNull().default(0),
    /** The monthly contribution per line (jkk + jkm) it was billed at. */
    unitAmount: rupiah('unit_amount').notNull(),
    voidReason: text('void_reason'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, mode: 'date' }),
    /** Every transition, oldest first: { status, at, actorKeyId, actorRole, requestId }. */
    history: jsonb('history').$type<InvoiceTransition[]>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('invoices_seq_unique').on(t.seq),
    uniqueIndex('invoices_one_per_month').on(t.programId, t.branchCode, t.month).where(sql`${t.status} <> 'VOID'`),
    index('invoices_program_month_idx').on(t.programId, t.month),
    check('invoices_status', sql`${t.status} in ('DRAFT', 'ISSUED', 'PAID', 'VOID')`),
    check('invoices_month_format', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('invoices_amounts', sql`${t.lineCount} >= 0 and ${t.total} >= 0 and ${t.total} = ${t.lineCount} * ${t.unitAmount}`),
  ]
)

export type InvoiceTransition = { status: 'DRAFT' | 'ISSUED' | 'PAID' | 'VOID' | 'ACKNOWLEDGED'; at: string; actorKeyId: string; actorRole: string; requestId: string; detail?: string }

/**
 * One line per enrolment covered that month, as it was billed: the worker's NIK and name, the KPJ number and the
 * amount are copied, so a later change to the worker never rewrites a billed line.
 *
 * `invoice_id`, `enrolment_id` and `worker_id` carry no foreign key, on purpose: the lines are written only by the
 * invoice's one `INSERT … SELECT` from enrolments joined to workers, in the transaction that creates the invoice (so
 * each id exists when its line is written), and no invoice, enrolment or worker can be deleted (a trigger refuses
 * it, migrations 0007 and 0012). A foreign key would add nothing but a per-line check and `FOR KEY SHARE` lock: on
 * every billed enrolment 1.1 s of a 100,000-line invoice's 3.4 s, and on the one invoice row a further 0.3 s.
 */
export const invoiceLines = pgTable(
  'invoice_lines',
  {
    invoiceId: uuid('invoice_id').notNull(),
    /** 1..lineCount within the invoice: the keyset for paging its lines. */
    lineNo: integer('line_no').notNull(),
    enrolmentId: uuid('enrolment_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    nik: text('nik').notNull(),
    name: text('name').notNull(),
    kpjNumber: text('kpj_number').notNull(),
    amount: rupiah('amount').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.invoiceId, t.lineNo] }),
    uniqueIndex('invoice_lines_enrolment_unique').on(t.invoiceId, t.enrolmentId),
    index('invoice_lines_worker_idx').on(t.workerId),
    check('invoice_lines_amount_positive', sql`${t.amount} > 0`),
  ]
)

/**
 * The city's payment of an invoice (its SP2D, the treasury's disbursement order). UNIQUE on the invoice: a second
 * payment row for one invoice is impossible whatever the code does; an SP2D number is used once per programme.
 */
export const invoicePayments = pgTable(
  'invoice_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    programId: uuid('program_id').notNull(),
    sp2dNumber: text('sp2d_number').notNull(),
    paidAt: date('paid_at', { mode: 'string' }).notNull(),
    amount: rupiah('amount').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invoice_payments_invoice_unique').on(t.invoiceId),
    uniqueIndex('invoice_payments_sp2d_unique').on(t.programId, t.sp2dNumber),
  ]
)

export const CLAIM_TYPES = ['JKM', 'JKK', 'SANTUNAN_KEMATIAN'] as const
export const CLAIM_STATUSES = ['SUBMITTED', 'VERIFIED', 'APPROVED', 'REJECTED', 'PAID'] as const

export type ClaimTransition = { status: (typeof CLAIM_STATUSES)[number] | 'DOCUMENT_ADDED' | 'REASSESSED'; at: string; actorKeyId: string; actorRole: string; requestId: string; detail?: string }
export type ClaimDocument = { type: string; fileName: string | null; sha256: string | null; url: string | null; addedAt: string }
/** A change of assessment, with both results: what was assessed before and after, and what caused it. */
export type ClaimReassessment = { at: string; trigger: string; before: unknown; after: unknown }

/**
 * A santunan claim: a family's claim for a worker's death (JKM, or the city's SANTUNAN_KEMATIAN) or work accident
 * (JKK). One death claim of each type per worker that is not REJECTED (a partial UNIQUE index: a second is refused
 * whatever a service does). The assessment is the rules' result as of the event, kept current as payments arrive
 * (`reassessments` keeps each change with both results). The heir's NIK is personal data: masked in lists and logs.
 */
export const claims = pgTable(
  'claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    workerId: uuid('worker_id')
      .notNull()
      .references(() => workers.id),
    type: text('type', { enum: CLAIM_TYPES }).notNull(),
    /** A claim for the worker's death (JKM, SANTUNAN_KEMATIAN, JKK with the DEATH benefit). */
    isDeath: boolean('is_death').notNull(),
    /** The day of the death or the accident (Jakarta). */
    eventDate: date('event_date', { mode: 'string' }).notNull(),
    /** The day the claim was submitted (Jakarta): the JKK expiry and the santunan's 40 working days count to it. */
    claimDate: date('claim_date', { mode: 'string' }).notNull(),
    cause: text('cause'),
    /** JKK: the benefit claimed ({ type, … }); its type is also a column for filters. */
    jkkBenefit: jsonb('jkk_benefit'),
    jkkBenefitType: text('jkk_benefit_type'),
    /** What the rules need besides the registry: report date, road accident, poverty verification, exclusions. */
    facts: jsonb('facts').notNull(),
    heirNik: text('heir_nik').notNull(),
    heirName: text('heir_name').notNull(),
    heirRelationship: text('heir_relationship').notNull(),
    /** The branch of the worker's enrolment (JKM, JKK): which branch key may see and settle it. */
    branchCode: text('branch_code'),
    status: text('status', { enum: CLAIM_STATUSES }).notNull().default('SUBMITTED'),
    assessment: jsonb('assessment').notNull(),
    eligible: boolean('eligible').notNull(),
    amount: rupiah('amount').notNull(),
    final: boolean('final').notNull(),
    /** Months whose payment could change the assessment: an invoice paid for one of them re-assesses the claim. */
    watchMonths: text('watch_months').array().notNull(),
    assessedAt: timestamp('assessed_at', { withTimezone: true, mode: 'date' }).notNull(),
    reassessments: jsonb('reassessments').$type<ClaimReassessment[]>().notNull(),
    documents: jsonb('documents').$type<ClaimDocument[]>().notNull(),
    rejectReason: text('reject_reason'),
    history: jsonb('history').$type<ClaimTransition[]>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('claims_seq_unique').on(t.seq),
    uniqueIndex('claims_one_death_claim_per_type').on(t.workerId, t.type).where(sql`${t.isDeath} and ${t.status} <> 'REJECTED'`),
    index('claims_worker_idx').on(t.workerId),
    index('claims_status_seq_idx').on(t.status, t.seq),
    index('claims_branch_seq_idx').on(t.branchCode, t.seq),
    index('claims_open_watch_idx').using('gin', t.watchMonths).where(sql`not ${t.final}`),
    check('claims_type', sql`${t.type} in ('JKM', 'JKK', 'SANTUNAN_KEMATIAN')`),
    check('claims_status', sql`${t.status} in ('SUBMITTED', 'VERIFIED', 'APPROVED', 'REJECTED', 'PAID')`),
    check('claims_amount_nonnegative', sql`${t.amount} >= 0`),
    check('claims_jkk_benefit', sql`(${t.type} = 'JKK') = (${t.jkkBenefitType} is not null)`),
  ]
)

/**
 * The one payment of a claim: the city's (PAYMENT, SANTUNAN_KEMATIAN) or BPJS's as its branch reports it
 * (SETTLEMENT, JKM and JKK). UNIQUE on the claim: a second payment row is impossible whatever the code does; a
 * city payment's reference (its SP2D) is used once.
 */
export const claimPayments = pgTable(
  'claim_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    kind: text('kind', { enum: ['PAYMENT', 'SETTLEMENT'] }).notNull(),
    amount: rupiah('amount').notNull(),
    paidAt: date('paid_at', { mode: 'string' }).notNull(),
    reference: text('reference').notNull(),
    /** The city's disbursement tranche (e.g. 2025-I). */
    tahap: text('tahap'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('claim_payments_claim_unique').on(t.claimId),
    uniqueIndex('claim_payments_reference_unique').on(t.kind, t.reference),
    index('claim_payments_tahap_idx').on(t.tahap),
    check('claim_payments_amount_positive', sql`${t.amount} > 0`),
  ]
)
