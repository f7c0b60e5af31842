import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Writable } from 'node:stream'
import pg from 'pg'
import copyStreams from 'pg-copy-streams'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import type { DbHandle } from '../src/db/client.js'
import { csvRow } from '../src/lib/csv.js'
import { generateDemoWorkers } from '../src/seed/workers.js'
import { DEMO_PROGRAM } from '../src/seed/demo.js'

/**
 * Bulk benchmarks: 100,000 workers imported, enrolled and exported, each beside a baseline of raw PostgreSQL
 * doing the same amount of data movement in the same run (COPY in, INSERT … SELECT, COPY out).
 */
export type BulkSuite = {
  title: string
  run(ctx: { handle: DbHandle; databaseUrl: string }): Promise<string[]>
}

const N = Number(process.env.BENCH_BULK_ROWS ?? 100_000)
const ADMIN = 'bench-bulk-admin-key-0123456789'
const COLUMNS = ['nik', 'kkNumber', 'name', 'birthDate', 'sex', 'address', 'kecamatanCode', 'kelurahan', 'phone', 'occupation', 'disability', 'desil', 'desilSource', 'desilPeriod'] as const

async function timed<T> (fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, value }
}

/** Rounds of a path interleaved with its baseline: the machine is shared, and a baseline taken once moves the ratio. */
const ROUNDS = Math.min(10, Number(process.env.BENCH_ROUNDS ?? 3))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const spread = (xs: number[]) => `${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)} s`

const row = (what: string, ms: number, rows: number, baselineMs?: number) =>
  `| ${what} | ${(ms / 1000).toFixed(2)} s | ${Math.round((rows / ms) * 1000).toLocaleString('en')} rows/s | ${baselineMs === undefined ? 'baseline' : `${(ms / baselineMs).toFixed(1)}× baseline`} |`

export const bulkSuites: BulkSuite[] = [
  {
    title: `Bulk: ${N.toLocaleString('en')} workers (PostgreSQL)`,
    async run ({ databaseUrl }) {
      const workers = [...generateDemoWorkers({ count: N, seed: 2025 })]
      const csv = csvRow(COLUMNS) + workers.map((w) => csvRow(COLUMNS.map((c) => (w as Record<string, string | number | boolean | null>)[c] ?? null))).join('')
      const client = new pg.Client({ connectionString: databaseUrl })
      await client.connect()
      const out: string[] = ['| what | time | throughput | vs baseline |', '|---|---:|---:|---:|']

      // Baseline 1: COPY the same CSV into a bare table with the same columns (no checks, no upsert, no audit).
      await client.query(`create table bench_copy (nik text, kk_number text, name text, birth_date date, sex text, address text, kecamatan_code text,
        kelurahan text, phone text, occupation text, disability boolean, desil int, desil_source text, desil_period text)`)
      const copyIn = await timed(() => pipeline(Readable.from([csv]), client.query(copyStreams.from('copy bench_copy from stdin with (format csv, header true)'))))
      out.push(row('baseline: raw COPY of the CSV into a bare table', copyIn.ms, N))

      const app = await buildApp({ ...loadConfig({ LOG_LEVEL: 'warn', SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '100000000' }), databaseUrl, bootstrapAdminKey: ADMIN })
      const auth = { authorization: `Bearer ${ADMIN}` }
      const importCsv = () => app.inject({ method: 'POST', url: '/v1/workers/import', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv })
      const first = await timed(importCsv)
      const firstReport = first.value.json()
      out.push(row(`POST /v1/workers/import, ${N.toLocaleString('en')}-row CSV: validate, upsert, audit (created ${firstReport.created})`, first.ms, N, copyIn.ms))
      // Baseline 1b (issue 12's): COPY of the same rows into a copy of the workers table, with its indexes and checks.
      await client.query('create table bench_workers (like workers including all)')
      const copyWorkers = await timed(() => pipeline(Readable.from([csv]), client.query(copyStreams.from(
        'copy bench_workers (nik, kk_number, name, birth_date, sex, address, kecamatan_code, kelurahan, phone, occupation, disability, desil, desil_source, desil_period) from stdin with (format csv, header true)'
      ))))
      out.push(row('baseline: COPY of the same rows into a copy of `workers` (same indexes, checks)', copyWorkers.ms, N))
      out.push(row('POST /v1/workers/import, the same first import, against that baseline', first.ms, N, copyWorkers.ms))
      const again = await timed(importCsv)
      out.push(row(`the same file again (unchanged ${again.value.json().unchanged})`, again.ms, N, copyIn.ms))

      // Baseline 2: a set-based INSERT … SELECT of one row per worker.
      await client.query('create table bench_enrol (worker_id uuid, start_month text, reserved bigint)')
      const insertSelect = await timed(() => client.query('insert into bench_enrol select id, \'2025-03\', 168000 from workers'))
      out.push(row('baseline: INSERT … SELECT one row per worker', insertSelect.ms, N))

      const program = { ...DEMO_PROGRAM, code: 'BENCH-ALL', budget: N * 168_000, maxDesil: 10, minAge: 0, maxAge: 120, desilMaxAgeMonths: 60 }
      await app.inject({ method: 'POST', url: '/v1/programs', headers: auth, payload: program })
      const ids = (await client.query<{ id: string }>('select id from workers order by seq')).rows.map((r) => r.id)
      let enrolled = 0
      const enrol = await timed(async () => {
        for (let i = 0; i < ids.length; i += 10_000) {
          const res = await app.inject({ method: 'POST', url: '/v1/enrolments/batch', headers: { ...auth, 'idempotency-key': `bench-enrol-${i}` }, payload: { programCode: 'BENCH-ALL', workerIds: ids.slice(i, i + 10_000) } })
          enrolled += res.json().enrolled
        }
      })
      out.push(row(`POST /v1/enrolments/batch × ${Math.ceil(N / 10_000)} (10,000 each): eligibility, quota, budget, feed, audit (enrolled ${enrolled})`, enrol.ms, N, insertSelect.ms))
      // Baseline 2b (issue 12's): the same rows written set-based into copies of enrolments, the feed and the audit
      // trail with their indexes, in one transaction.
      await client.query('create table bench_enrolments (like enrolments including all)')
      await client.query('create table bench_changes (like enrolment_changes including all)')
      await client.query('create table bench_audit (like audit_events including all)')
      const sameRows = await timed(async () => {
        await client.query('begin')
        await client.query('insert into bench_enrolments overriding system value select * from enrolments')
        await client.query('insert into bench_changes select * from enrolment_changes')
        await client.query('insert into bench_audit overriding system value select * from audit_events where entity_type = \'enrolment\'')
        await client.query('commit')
      })
      out.push(row('baseline: INSERT … SELECT of the same enrolment, feed and audit rows into copies of their tables (indexes, checks), one transaction', sameRows.ms, N))
      out.push(row('POST /v1/enrolments/batch × 10, against that baseline', enrol.ms, N, sameRows.ms))

      // Baseline 3: COPY the same join out as CSV.
      let bytes = 0
      const sink = () => new Writable({ write (chunk: Buffer, _e, cb) { bytes += chunk.length; cb() } })
      const copyOut = await timed(() =>
        pipeline(
          client.query(copyStreams.to(`copy (select c.change_id, c.action, e.id, w.nik, w.name, w.birth_date, w.sex, w.address, w.occupation, w.phone,
            e.start_month, e.end_month, e.status, e.kpj_number from enrolment_changes c join enrolments e on e.id = c.enrolment_id
            join workers w on w.id = e.worker_id where c.branch_code = 'CIMONE' order by c.change_id) to stdout with (format csv)`)),
          sink()
        )
      )
      const baselineBytes = bytes
      const cimone = (await client.query<{ n: string }>('select count(*) as n from enrolment_changes where branch_code = \'CIMONE\'')).rows[0]!.n
      out.push(row(`baseline: COPY (feed join) TO STDOUT, ${Number(cimone).toLocaleString('en')} rows, ${(baselineBytes / 2 ** 20).toFixed(1)} MiB`, copyOut.ms, Number(cimone)))

      await app.listen({ port: 0, host: '127.0.0.1' })
      const port = (app.server.address() as { port: number }).port
      let rss = 0
      const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 20)
      const before = process.memoryUsage().rss
      bytes = 0
      const exportCsv = await timed(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/v1/branches/CIMONE/enrolments`, { headers: { ...auth, accept: 'text/csv' } })
        await pipeline(Readable.fromWeb(res.body as never), sink())
      })
      clearInterval(sampler)
      out.push(
        row(`GET /v1/branches/CIMONE/enrolments as CSV over HTTP, ${(bytes / 2 ** 20).toFixed(1)} MiB (RSS grew ${((rss - before) / 2 ** 20).toFixed(0)} MiB)`, exportCsv.ms, Number(cimone), copyOut.ms)
      )

      // Invoices: the branch registers everyone (set-up, not measured), then a month's invoice of N lines.
      await client.query('update enrolments set status = \'ACTIVE\', kpj_number = \'KPJ\' || lpad(seq::text, 10, \'0\') where program_code = \'BENCH-ALL\'')
      await client.query('create table bench_lines (invoice_id uuid, line_no int, enrolment_id uuid, worker_id uuid, nik text, name text, kpj_number text, amount bigint)')
      // Each invoice row beside its baseline, interleaved (baseline, path, baseline, path …), ROUNDS rounds: a month's
      // invoice of N lines per round (three months), beside the bare INSERT … SELECT of the same lines.
      const bareRuns: number[] = []
      const createRuns: number[] = []
      const invoices: Array<{ id: string; total: number; lineCount: number }> = []
      for (let r = 0; r < ROUNDS; r++) {
        await client.query('truncate bench_lines')
        bareRuns.push((await timed(() =>
          client.query(`insert into bench_lines select gen_random_uuid(), row_number() over (order by e.seq), e.id, w.id, w.nik, w.name, e.kpj_number, 16800
            from enrolments e join workers w on w.id = e.worker_id where e.program_code = 'BENCH-ALL' and e.branch_code = 'CIMONE'`))).ms)
        const created = await timed(() => app.inject({ method: 'POST', url: '/v1/invoices', headers: auth, payload: { programCode: 'BENCH-ALL', branchCode: 'CIMONE', month: `2025-${String(3 + r).padStart(2, '0')}` } }))
        createRuns.push(created.ms)
        invoices.push(created.value.json())
      }
      const invoice = invoices[0]!
      out.push(row(`baseline: bare INSERT … SELECT of the same invoice lines (median of ${ROUNDS}, ${spread(bareRuns)})`, median(bareRuns), N))
      out.push(row(`POST /v1/invoices: a month of ${Number(invoice.lineCount).toLocaleString('en')} lines, as billed, audited (median of ${ROUNDS}, ${spread(createRuns)}, interleaved)`, median(createRuns), N, median(bareRuns)))
      const issued = await timed(() => app.inject({ method: 'POST', url: `/v1/invoices/${invoice.id}/issue`, headers: auth }))
      out.push(row(`POST /v1/invoices/{id}/issue: reserved → invoiced on the programme and ${N.toLocaleString('en')} enrolments (${issued.value.json().status})`, issued.ms, N, median(bareRuns)))
      const paid = await timed(() =>
        app.inject({ method: 'POST', url: `/v1/invoices/${invoice.id}/payments`, headers: { ...auth, 'idempotency-key': 'bench-pay' }, payload: { sp2dNumber: 'BENCH/1', paidAt: '2025-03-14', amount: invoice.total } })
      )
      out.push(row(`POST /v1/invoices/{id}/payments: invoiced → paid (${paid.value.json().status})`, paid.ms, N, median(bareRuns)))

      // The lines as CSV beside COPY … TO STDOUT of the same lines, interleaved, with the server's RSS growth.
      const copyRuns: number[] = []
      const csvRuns: number[] = []
      let copyBytes = 0
      let csvBytes = 0
      let rssGrowth = 0
      for (let r = 0; r < ROUNDS; r++) {
        bytes = 0
        copyRuns.push((await timed(() =>
          pipeline(client.query(copyStreams.to(`copy (select line_no, enrolment_id, worker_id, nik, name, kpj_number, amount from invoice_lines where invoice_id = '${invoice.id}' order by line_no) to stdout with (format csv)`)), sink())
        )).ms)
        copyBytes = bytes
        rss = 0
        const beforeLines = process.memoryUsage().rss
        const linesSampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 20)
        bytes = 0
        csvRuns.push((await timed(async () => {
          const res = await fetch(`http://127.0.0.1:${port}/v1/invoices/${invoice.id}/lines`, { headers: { ...auth, accept: 'text/csv' } })
          await pipeline(Readable.fromWeb(res.body as never), sink())
        })).ms)
        clearInterval(linesSampler)
        csvBytes = bytes
        rssGrowth = Math.max(rssGrowth, rss - beforeLines)
      }
      out.push(row(`baseline: COPY (invoice lines) TO STDOUT, ${(copyBytes / 2 ** 20).toFixed(1)} MiB (median of ${ROUNDS}, ${spread(copyRuns)})`, median(copyRuns), N))
      out.push(row(`GET /v1/invoices/{id}/lines as CSV over HTTP, ${(csvBytes / 2 ** 20).toFixed(1)} MiB (median of ${ROUNDS}, ${spread(csvRuns)}, interleaved; RSS grew at most ${(rssGrowth / 2 ** 20).toFixed(0)} MiB)`, median(csvRuns), N, median(copyRuns)))

      await app.close()
      await client.end()
      return out
    },
  },
]
