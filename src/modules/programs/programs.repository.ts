import { and, asc, eq, gt, sql, type SQLWrapper } from 'drizzle-orm'
import { preparedOn, type Executor } from '../../db/client.js'
import { programs } from '../../db/schema.js'

export type ProgramRow = typeof programs.$inferSelect
export type NewProgramRow = typeof programs.$inferInsert

export async function insertProgram (exec: Executor, row: NewProgramRow): Promise<ProgramRow | undefined> {
  const [created] = await exec.insert(programs).values(row).onConflictDoNothing({ target: programs.code }).returning()
  return created
}

const programByCodeQuery = (exec: Executor, code: SQLWrapper | string) => exec.select().from(programs).where(eq(programs.code, code)).limit(1)

/** Read by almost every request that names a programme: a named statement, planned once per connection. */
const programByCodeStatement = preparedOn((db) => programByCodeQuery(db, sql.placeholder('code')).prepare('program_by_code'))

export async function findProgramByCode (exec: Executor, code: string): Promise<ProgramRow | undefined> {
  const statement = programByCodeStatement(exec)
  const [row] = statement ? await statement.execute({ code }) : await programByCodeQuery(exec, code)
  return row
}

export async function listPrograms (exec: Executor, q: { afterCode?: string | undefined; limit: number }): Promise<ProgramRow[]> {
  return exec
    .select()
    .from(programs)
    .where(q.afterCode !== undefined ? gt(programs.code, q.afterCode) : undefined)
    .orderBy(asc(programs.code))
    .limit(q.limit + 1)
}

/** The programme row, locked until the transaction ends: enrolment takes places and money under this lock. */
export async function lockProgram (exec: Executor, by: { code: string } | { id: string }): Promise<ProgramRow | undefined> {
  const [row] = await exec
    .select()
    .from(programs)
    .where('code' in by ? eq(programs.code, by.code) : eq(programs.id, by.id))
    .for('update')
  return row
}

/**
 * Moves the programme's counters by a delta. Both the quota (places) and the budget are re-checked in the same
 * UPDATE, on the row lock: with N places left, exactly N of any number of concurrent enrolments get through.
 * Returns false when the programme has no room for the delta.
 */
export async function moveProgramCounters (
  exec: Executor,
  programId: string,
  delta: { places: number; reserved: number },
  quota: number,
  at: Date
): Promise<boolean> {
  const rows = await exec
    .update(programs)
    .set({
      enrolledCount: sql`${programs.enrolledCount} + ${delta.places}`,
      reservedAmount: sql`${programs.reservedAmount} + ${delta.reserved}`,
      updatedAt: at,
    })
    .where(
      and(
        eq(programs.id, programId),
        delta.places > 0 ? sql`${programs.enrolledCount} + ${delta.places} <= ${quota}` : undefined,
        delta.reserved > 0
          ? sql`${programs.reservedAmount} + ${programs.invoicedAmount} + ${programs.paidAmount} + ${delta.reserved} <= ${programs.budget}`
          : undefined
      )
    )
    .returning({ id: programs.id })
  return rows.length === 1
}

/**
 * Moves a programme's money between its counters (reserved → invoiced → paid, and back on a void) by a delta.
 * When the delta adds money in all (a line whose reservation was short), the same UPDATE re-checks the budget;
 * the database CHECK refuses any negative counter or an over-committed budget whatever the code does.
 * Returns false when the budget has no room.
 */
export async function moveProgramMoney (
  exec: Executor,
  programId: string,
  delta: { reserved: number; invoiced: number; paid: number },
  at: Date
): Promise<boolean> {
  const added = delta.reserved + delta.invoiced + delta.paid
  const rows = await exec
    .update(programs)
    .set({
      reservedAmount: sql`${programs.reservedAmount} + ${delta.reserved}`,
      invoicedAmount: sql`${programs.invoicedAmount} + ${delta.invoiced}`,
      paidAmount: sql`${programs.paidAmount} + ${delta.paid}`,
      updatedAt: at,
    })
    .where(
      and(
        eq(programs.id, programId),
        added > 0 ? sql`${programs.reservedAmount} + ${programs.invoicedAmount} + ${programs.paidAmount} + ${added} <= ${programs.budget}` : undefined
      )
    )
    .returning({ id: programs.id })
  return rows.length === 1
}
