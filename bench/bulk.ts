import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import copyStreams from 'pg-copy-streams'
import { buildApp, type App } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { csvRow } from '../src/lib/csv.js'
import { generateDemoWorkers } from '../src/seed/workers.js'
import { DEMO_PROGRAM } from '../src/seed/demo.js'
import { freshDatabase } from './harness.js'
import { addRound, cpuPer, emptyRounds, measure, median, mib, spread, type Cost, type Rounds } from './measure.js'

/**
 * Bulk benchmarks: 100,000 workers imported, enrolled and exported, each beside a baseline of raw PostgreSQL
 * doing the same amount of data movement in the same run (COPY in, INSERT … SELECT, COPY out), interleaved with
 * it for ROUNDS rounds. Each round runs in a fresh database (workers and enrolments refuse DELETE and TRUNCATE),
 * so every round's import starts from an empty `workers` table. The invoices run in the last round's database.
 */
export type BulkSuite = {
  title: string
  run(): Promise<string[]>
}

const N = Number(process.env.BENCH_BULK_ROWS ?? 100_000)
const ADMIN = 'bench-bulk-admin-key-0123456789'
const COLUMNS = ['nik', 'kkNumber', 'name', 'birthDate', 'sex', 'address', 'kecamatanCode', 'kelurahan', 'phone', 'occupation', 'disability', 'desil', 'desilSource', 'desilPeriod'] as const
const auth = { authorization: `Bearer ${ADMIN}` }

/** Rounds of a path interleaved with its baseline: the machine is shared, and a baseline taken once moves the ratio. */
const ROUNDS = Math.min(10, Number(process.env.BENCH_ROUNDS ?? 3))

const seconds = (ms: number) => (ms / 1000).toFixed(2)

/** `(median of 3, 0.99–1.26 s[, interleaved])` for a path measured in rounds; nothing for a single run. */
function roundsNote (r: Rounds, interleaved: boolean, extra?: string): string {
  const notes = [extra, r.ms.length > 1 ? `median of ${r.ms.length}, ${spread(r.ms, seconds)} s` : undefined, interleaved && r.ms.length > 1 ? 'interleaved' : undefined]
  const text = notes.filter((n) => n !== undefined).join(', ')
  return text === '' ? '' : ` (${text})`
}

/**
 * A table row: median time, throughput, the ratio of medians to its baseline (and in brackets to a second, bare
 * one), then CPU per 1,000 rows (this process, which runs both the app and its client; PostgreSQL) and the peak
 * growth of this process's RSS (highest of the rounds).
 */
function row (what: string, r: Rounds, rows: number, baseline?: Rounds, bare?: { name: string; rounds: Rounds }): string {
  const ms = median(r.ms)
  let vs = 'baseline'
  if (baseline !== undefined) {
    vs = `${(ms / median(baseline.ms)).toFixed(1)}× baseline`
    if (bare !== undefined) vs += ` (${(ms / median(bare.rounds.ms)).toFixed(1)}× ${bare.name})`
  }
  const perK = (cpu: number[]) => cpuPer(median(cpu), rows, 1000)
  return `| ${what} | ${seconds(ms)} s | ${Math.round((rows / ms) * 1000).toLocaleString('en')} rows/s | ${vs} | ${perK(r.serverCpuMs)} | ${perK(r.pgCpuMs)} | ${mib(Math.max(...r.rssBytes))} |`
}

const TABLE_HEAD = [
  '| what | time | throughput | vs baseline | server CPU ms / 1,000 rows | PostgreSQL CPU ms / 1,000 rows | peak RSS growth MiB |',
  '|---|---:|---:|---:|---:|---:|---:|',
]

/** A Writable that counts the bytes written into it. */
function byteSink (): { sink: Writable; bytes(): number } {
  let n = 0
  return {
    sink: new Writable({ write (chunk: Buffer, _e, cb) { n += chunk.length; cb() } }),
    bytes: () => n,
  }
}

/** The rounds of every path and baseline of the import, enrolment and export rows. */
type BulkRounds = Record<'rawCopy' | 'copyWorkers' | 'importFirst' | 'importAgain' | 'insertSelect' | 'enrol' | 'sameRows' | 'feedCopy' | 'feedHttp', Rounds>

type Facts = { created: number; unchanged: number; enrolled: number; feedRows: number; feedCopyBytes: number; feedHttpBytes: number }

const FEED_COPY = `copy (select c.change_id, c.action, e.id, w.nik, w.name, w.birth_date, w.sex, w.address, w.occupation, w.phone,
  e.start_month, e.end_month, e.status, e.kpj_number from enrolment_changes c join enrolments e on e.id = c.enrolment_id
  join workers w on w.id = e.worker_id where c.branch_code = 'CIMONE' order by c.change_id) to stdout with (format csv)`

/**
 * One round in a fresh database: each baseline beside its path (the baseline first, except where the baseline
 * copies the rows the path wrote). `then`, given for the last round, runs in the same database before it is dropped.
 */
async function bulkRound (
  round: number,
  csv: string,
  acc: BulkRounds,
  facts: Facts,
  then?: (ctx: { app: App; client: pg.Client; port: number }) => Promise<void>
): Promise<void> {
  const db = await freshDatabase(`bulk${round}`)
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  const app = await buildApp({ ...loadConfig({ LOG_LEVEL: 'warn', SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '100000000' }), databaseUrl: db.url, bootstrapAdminKey: ADMIN }, { db: db.handle })
  const keep = (name: keyof BulkRounds, c: Cost) => addRound(acc[name], c)
  try {
    // Baseline 1: COPY the same CSV into a bare table with the same columns (no checks, no upsert, no audit).
    await client.query(`create table bench_copy (nik text, kk_number text, name text, birth_date date, sex text, address text, kecamatan_code text,
      kelurahan text, phone text, occupation text, disability boolean, desil int, desil_source text, desil_period text)`)
    keep('rawCopy', await measure(() => pipeline(Readable.from([csv]), client.query(copyStreams.from('copy bench_copy from stdin with (format csv, header true)')))))
    // Baseline 1b (issue 12's): COPY of the same rows into a copy of the workers table, with its indexes and checks.
    await client.query('create table bench_workers (like workers including all)')
    keep('copyWorkers', await measure(() => pipeline(Readable.from([csv]), client.query(copyStreams.from(
      'copy bench_workers (nik, kk_number, name, birth_date, sex, address, kecamatan_code, kelurahan, phone, occupation, disability, desil, desil_source, desil_period) from stdin with (format csv, header true)'
    )))))
    const importCsv = () => app.inject({ method: 'POST', url: '/v1/workers/import', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv })
    const first = await measure(importCsv)
    keep('importFirst', first)
    facts.created = first.value.json().created
    const again = await measure(importCsv)
    keep('importAgain', again)
    facts.unchanged = again.value.json().unchanged

    // Baseline 2: a set-based INSERT … SELECT of one row per worker.
    await client.query('create table bench_enrol (worker_id uuid, start_month text, reserved bigint)')
    keep('insertSelect', await measure(() => client.query('insert into bench_enrol select id, \'2025-03\', 168000 from workers')))

    const program = { ...DEMO_PROGRAM, code: 'BENCH-ALL', budget: N * 168_000, maxDesil: 10, minAge: 0, maxAge: 120, desilMaxAgeMonths: 60 }
    await app.inject({ method: 'POST', url: '/v1/programs', headers: auth, payload: program })
    const ids = (await client.query<{ id: string }>('select id from workers order by seq')).rows.map((r) => r.id)
    let enrolled = 0
    keep('enrol', await measure(async () => {
      for (let i = 0; i < ids.length; i += 10_000) {
        const res = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: { ...auth, 'idempotency-key': `bench-enrol-${i}` }, payload: { programCode: 'BENCH-ALL', workerIds: ids.slice(i, i + 10_000) } })
        enrolled += res.json().enrolled
      }
    }))
    facts.enrolled = enrolled
    // Baseline 2b (issue 12's): the same rows written set-based into copies of enrolments, the feed and the audit
    // trail with their indexes, in one transaction. After the path: it copies what the path wrote.
    await client.query('create table bench_enrolments (like enrolments including all)')
    await client.query('create table bench_changes (like enrolment_changes including all)')
    await client.query('create table bench_audit (like audit_events including all)')
    keep('sameRows', await measure(async () => {
      await client.query('begin')
      await client.query('insert into bench_enrolments overriding system value select * from enrolments')
      await client.query('insert into bench_changes select * from enrolment_changes')
      await client.query('insert into bench_audit overriding system value select * from audit_events where entity_type = \'enrolment\'')
      await client.query('commit')
    }))

    // Baseline 3: COPY the same join out as CSV, beside the branch feed as CSV over HTTP.
    const copyOut = byteSink()
    keep('feedCopy', await measure(() => pipeline(client.query(copyStreams.to(FEED_COPY)), copyOut.sink)))
    facts.feedCopyBytes = copyOut.bytes()
    facts.feedRows = Number((await client.query<{ n: string }>('select count(*) as n from enrolment_changes where branch_code = \'CIMONE\'')).rows[0]!.n)
    await app.listen({ port: 0, host: '127.0.0.1' })
    const port = (app.server.address() as { port: number }).port
    const httpOut = byteSink()
    keep('feedHttp', await measure(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/branches/CIMONE/enrolments`, { headers: { ...auth, accept: 'text/csv' } })
      await pipeline(Readable.fromWeb(res.body as never), httpOut.sink)
    }))
    facts.feedHttpBytes = httpOut.bytes()

    if (then) await then({ app, client, port })
  } finally {
    await app.close()
    await client.end()
    await db.drop()
  }
}

/**
 * Invoices, in the last round's database: the branch registers everyone (set-up, not measured), then a month's
 * invoice of N lines per round (ROUNDS months) beside the bare INSERT … SELECT of the same lines, interleaved;
 * issue and pay the first; its lines as CSV beside COPY … TO STDOUT of the same lines, interleaved.
 */
async function invoiceRows ({ app, client, port }: { app: App; client: pg.Client; port: number }): Promise<string[]> {
  const out: string[] = []
  await client.query('update enrolments set status = \'ACTIVE\', kpj_number = \'KPJ\' || lpad(seq::text, 10, \'0\') where program_code = \'BENCH-ALL\'')
  await client.query('create table bench_lines (invoice_id uuid, line_no int, enrolment_id uuid, worker_id uuid, nik text, name text, kpj_number text, amount bigint)')
  const bare = emptyRounds()
  const create = emptyRounds()
  const invoices: Array<{ id: string; total: number; lineCount: number }> = []
  for (let r = 0; r < ROUNDS; r++) {
    await client.query('truncate bench_lines')
    addRound(bare, await measure(() =>
      client.query(`insert into bench_lines select gen_random_uuid(), row_number() over (order by e.seq), e.id, w.id, w.nik, w.name, e.kpj_number, 16800
        from enrolments e join workers w on w.id = e.worker_id where e.program_code = 'BENCH-ALL' and e.branch_code = 'CIMONE'`)))
    const created = await measure(() => app.inject({ method: 'POST', url: '/v1/invoices', headers: auth, payload: { programCode: 'BENCH-ALL', branchCode: 'CIMONE', month: `2025-${String(3 + r).padStart(2, '0')}` } }))
    addRound(create, created)
    invoices.push(created.value.json())
  }
  const invoice = invoices[0]!
  out.push(row(`baseline: bare INSERT … SELECT of the same invoice lines${roundsNote(bare, false)}`, bare, N))
  out.push(row(`POST /v1/invoices: a month of ${Number(invoice.lineCount).toLocaleString('en')} lines, as billed, audited${roundsNote(create, true)}`, create, N, bare))
  const issued = await measure(() => app.inject({ method: 'POST', url: `/v1/invoices/${invoice.id}/issue`, headers: auth }))
  const issue = emptyRounds()
  addRound(issue, issued)
  out.push(row(`POST /v1/invoices/{id}/issue: reserved → invoiced on the programme and ${N.toLocaleString('en')} enrolments (${issued.value.json().status})`, issue, N, bare))
  const paid = await measure(() =>
    app.inject({ method: 'POST', url: `/v1/invoices/${invoice.id}/payments`, headers: { ...auth, 'idempotency-key': 'bench-pay' }, payload: { sp2dNumber: 'BENCH/1', paidAt: '2025-03-14', amount: invoice.total } })
  )
  const pay = emptyRounds()
  addRound(pay, paid)
  out.push(row(`POST /v1/invoices/{id}/payments: invoiced → paid (${paid.value.json().status})`, pay, N, bare))

  // The lines as CSV beside COPY … TO STDOUT of the same lines, interleaved.
  const copy = emptyRounds()
  const csv = emptyRounds()
  let copyBytes = 0
  let csvBytes = 0
  for (let r = 0; r < ROUNDS; r++) {
    const a = byteSink()
    addRound(copy, await measure(() =>
      pipeline(client.query(copyStreams.to(`copy (select line_no, enrolment_id, worker_id, nik, name, kpj_number, amount from invoice_lines where invoice_id = '${invoice.id}' order by line_no) to stdout with (format csv)`)), a.sink)
    ))
    copyBytes = a.bytes()
    const b = byteSink()
    addRound(csv, await measure(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/invoices/${invoice.id}/lines`, { headers: { ...auth, accept: 'text/csv' } })
      await pipeline(Readable.fromWeb(res.body as never), b.sink)
    }))
    csvBytes = b.bytes()
  }
  out.push(row(`baseline: COPY (invoice lines) TO STDOUT, ${(copyBytes / 2 ** 20).toFixed(1)} MiB${roundsNote(copy, false)}`, copy, N))
  out.push(row(`GET /v1/invoices/{id}/lines as CSV over HTTP, ${(csvBytes / 2 ** 20).toFixed(1)} MiB${roundsNote(csv, true)}`, csv, N, copy))
  return out
}

export const bulkSuites: BulkSuite[] = [
  {
    title: `Bulk: ${N.toLocaleString('en')} workers (PostgreSQL)`,
    async run () {
      const workers = [...generateDemoWorkers({ count: N, seed: 2025 })]
      const csv = csvRow(COLUMNS) + workers.map((w) => csvRow(COLUMNS.map((c) => (w as Record<string, string | number | boolean | null>)[c] ?? null))).join('')
      const acc: BulkRounds = {
        rawCopy: emptyRounds(),
        copyWorkers: emptyRounds(),
        importFirst: emptyRounds(),
        importAgain: emptyRounds(),
        insertSelect: emptyRounds(),
        enrol: emptyRounds(),
        sameRows: emptyRounds(),
        feedCopy: emptyRounds(),
        feedHttp: emptyRounds(),
      }
      const facts: Facts = { created: 0, unchanged: 0, enrolled: 0, feedRows: 0, feedCopyBytes: 0, feedHttpBytes: 0 }
      let invoices: string[] = []
      for (let r = 0; r < ROUNDS; r++) {
        console.error(`bench: bulk round ${r + 1} of ${ROUNDS}`)
        await bulkRound(r, csv, acc, facts, r === ROUNDS - 1 ? async (ctx) => { invoices = await invoiceRows(ctx) } : undefined)
      }

      const batches = Math.ceil(N / 10_000)
      const rawCopy = { name: 'raw COPY', rounds: acc.rawCopy }
      const insertSelect = { name: 'INSERT … SELECT one row per worker', rounds: acc.insertSelect }
      return [
        `Each of ${ROUNDS} rounds runs in a fresh database: every baseline beside its path (the baseline first, except the enrolment's same-rows ` +
          'baseline, which copies what the path wrote); then a month\'s invoices in the last round\'s database. Times and CPU are the ' +
          'median of the rounds (their range in the row); each ratio is of medians, against the same-table baseline above the path ' +
          'and, in brackets, against the bare one. The app runs in the bench process (app.inject; fetch for the CSV exports), so the ' +
          'server CPU column is the whole bench process, the client side of each request included, and the baselines\' column is the ' +
          'bench\'s pg client. PostgreSQL CPU is every postgres process on the machine. Peak RSS growth: this process\'s RSS sampled ' +
          'every 20 ms during the path, over its value at the start (highest of the rounds).',
        '',
        ...TABLE_HEAD,
        row(`baseline: raw COPY of the CSV into a bare table${roundsNote(acc.rawCopy, false)}`, acc.rawCopy, N),
        row(`baseline: COPY of the same rows into a copy of \`workers\` (same indexes, checks)${roundsNote(acc.copyWorkers, false)}`, acc.copyWorkers, N),
        row(`POST /v1/workers/import, ${N.toLocaleString('en')}-row CSV: validate, upsert, audit${roundsNote(acc.importFirst, true, `created ${facts.created}`)}`, acc.importFirst, N, acc.copyWorkers, rawCopy),
        row(`the same file again${roundsNote(acc.importAgain, true, `unchanged ${facts.unchanged}`)}`, acc.importAgain, N, acc.copyWorkers, rawCopy),
        row(`baseline: INSERT … SELECT one row per worker${roundsNote(acc.insertSelect, false)}`, acc.insertSelect, N),
        row(`baseline: INSERT … SELECT of the same enrolment, feed and audit rows into copies of their tables (indexes, checks), one transaction${roundsNote(acc.sameRows, false)}`, acc.sameRows, N),
        row(
          `POST /v1/enrolments/batch × ${batches} (10,000 each): eligibility, quota, budget, feed, audit${roundsNote(acc.enrol, true, `enrolled ${facts.enrolled}`)}`,
          acc.enrol, N, acc.sameRows, insertSelect
        ),
        row(`baseline: COPY (feed join) TO STDOUT, ${facts.feedRows.toLocaleString('en')} rows, ${(facts.feedCopyBytes / 2 ** 20).toFixed(1)} MiB${roundsNote(acc.feedCopy, false)}`, acc.feedCopy, facts.feedRows),
        row(`GET /v1/branches/CIMONE/enrolments as CSV over HTTP, ${(facts.feedHttpBytes / 2 ** 20).toFixed(1)} MiB${roundsNote(acc.feedHttp, true)}`, acc.feedHttp, facts.feedRows, acc.feedCopy),
        ...invoices,
      ]
    },
  },
]
