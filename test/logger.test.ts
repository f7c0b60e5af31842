import t from 'tap'
import { DrizzleQueryError } from 'drizzle-orm/errors'
import { pino, type LoggerOptions } from 'pino'
import { conflict } from '../src/errors.js'
import { loggerOptions, serializeError } from '../src/logger.js'

const NIK = '3671014507900001'
const NAME = 'Pekerja Uji Log'
const NIK_RUN = /(?<!\d)\d{16}(?!\d)/

/** A logger with the app's options writing into an array, and the lines it wrote. */
function capture () {
  const lines: string[] = []
  const log = pino(loggerOptions({ logLevel: 'trace', env: 'test' }) as LoggerOptions, { write: (l: string) => { lines.push(l) } })
  return { log, lines, text: () => lines.join('') }
}

/** What the pg and PGlite drivers throw: the SQLSTATE and names, and values in message and detail. */
function databaseError () {
  return Object.assign(new Error(`duplicate key value violates unique constraint "workers_nik_unique" (${NAME})`), {
    name: 'error',
    code: '23505',
    constraint: 'workers_nik_unique',
    table: 'workers',
    detail: `Key (nik)=(${NIK}) already exists.`,
    where: `insert of ${NAME}`,
    severity: 'ERROR',
  })
}

/** What drizzle throws around it: the query and every parameter in the message. */
function failedQuery () {
  return new DrizzleQueryError('insert into workers (nik, name) values ($1, $2)', [NIK, NAME], databaseError())
}

t.test('a database error is logged by its class, code and constraint only', async (t) => {
  const { log, lines, text } = capture()
  log.error({ err: failedQuery() }, 'unhandled error')
  const line = JSON.parse(lines[0]!)
  t.same(line.err, { type: 'DrizzleQueryError', cause: { type: 'Error', code: '23505', constraint: 'workers_nik_unique', table: 'workers' } })
  t.equal(line.msg, 'unhandled error')
  t.notOk(NIK_RUN.test(text()), 'no NIK, not even masked digits of one')
  t.notOk(text().includes(NAME), 'no name')
  t.notOk(/insert into|stack|detail|params/.test(text()), 'no query, stack, detail or parameters')
})

t.test('an error logged without a message, or with its own message, is named by class and code instead', async (t) => {
  const { log, lines, text } = capture()
  const err = failedQuery()
  log.error(err)
  log.error({ err })
  log.error({ err }, err.message)
  log.error(err, err.message)
  t.equal(lines.length, 4)
  for (const l of lines) t.equal(JSON.parse(l).msg, 'DrizzleQueryError 23505')
  t.notOk(text().includes(NAME), 'no name in any message')
  t.notOk(NIK_RUN.test(text()))
})

t.test('an AppError is logged by its code and status; its detail is not', async (t) => {
  t.same(serializeError(conflict('worker-exists', `NIK ${NIK} of ${NAME} is taken`)), { type: 'AppError', code: 'worker-exists', status: 409 })
})

t.test('the serializer keeps only codes and names of a safe shape, whatever the object', async (t) => {
  t.same(serializeError({ code: NIK, constraint: `${NAME}`, table: 'x; drop', column: 'nik' }), { type: 'Object', column: 'nik' })
  t.same(serializeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })), { type: 'Error', code: 'ECONNREFUSED' })
  t.same(serializeError(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'y')), { type: 'AggregateError', errors: [{ type: 'Error', code: 'ECONNREFUSED' }] })
  t.same(serializeError(NAME), { type: 'string' })
  t.same(serializeError(null), { type: 'object' })
  const hostile = { get code () { throw new Error(NAME) } }
  t.same(serializeError(hostile), { type: 'Error' }, 'a throwing getter yields the bare class, never an exception')
  let deep: Record<string, unknown> = { code: '23505' }
  for (let i = 0; i < 10; i++) deep = { cause: deep }
  t.ok(JSON.stringify(serializeError(deep)).length < 200, 'causes are followed a few levels only')
})

t.test('an error under another key than err is serialized the same way', async (t) => {
  const { log, text } = capture()
  log.warn({ error: failedQuery(), attempt: 2 }, 'retrying')
  const line = JSON.parse(text())
  t.same(line.error, { type: 'DrizzleQueryError', cause: { type: 'Error', code: '23505', constraint: 'workers_nik_unique', table: 'workers' } })
  t.equal(line.attempt, 2)
  t.notOk(text().includes(NAME))
})

t.test('a NIK anywhere in any logged object, message or binding is masked on its way out', async (t) => {
  const { log, text } = capture()
  const child = log.child({ clientRequestId: `req-${NIK}` })
  child.info({ some: { unexpected: [{ shape: `nik ${NIK}` }] }, asNumber: Number(NIK) }, `looked up ${NIK}`)
  t.notOk(NIK_RUN.test(text()), 'no 16-digit run', { log: text() })
  t.match(text(), '3671••••••••0001')
  t.doesNotThrow(() => JSON.parse(text()), 'still one JSON line')
})
