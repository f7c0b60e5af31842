import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
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
  ],
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
    requestId: text('request_id'),
  },
  (t) => [index('audit_events_entity_idx').on(t.entityType, t.entityId, t.id)],
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
      sql`${t.reservedAmount} >= 0 and ${t.invoicedAmount} >= 0 and ${t.paidAmount} >= 0 and ${t.reservedAmount} + ${t.invoicedAmount} + ${t.paidAmount} <= ${t.budget}`,
    ),
    check('programs_enrolled_nonnegative', sql`${t.enrolledCount} >= 0`),
  ],
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
    responseBody: text('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] })],
)
