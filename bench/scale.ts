import { cpus, totalmem } from 'node:os'
import pg from 'pg'
import { csvRow } from '../src/lib/csv.js'
import { encodeCursor } from '../src/lib/pagination.js'
import { generateDemoWorkers } from '../src/seed/workers.js'
import { DEMO_PROGRAM } from '../src/seed/demo.js'
import { freshDatabase, startServer, type ChildServer } from './harness.js'
import { CLK_TCK, cpuPer, measure, median, mib } from './measure.js'

/**
 * `npm run bench -- --scale N`: the registry at N workers, in a fresh database, through the real app in its own
 * process (bench/server.ts app, logging warn) over HTTP, one request at a time from this process:
 *   - N workers imported as CSV in calls of 100,000 rows (the import's limit), every call timed;
 *   - deaths recorded set-based in SQL (one worker in 997), then ANALYZE;
 *   - p50 and p99 of every list filter (first page, and a page from deep in the table), the NIK search and the
 *     read by id, against the issue's target of p50 < 20 ms at 1,000,000;
 *   - everyone enrolled in calls of 10,000, registered with SQL, and a month's invoice per branch;
 *   - the size of every table.
 * Written to bench/results/scale.md by run.ts.
 */

const ADMIN = 'bench-scale-admin-key-0123456789'
const auth = { authorization: `Bearer ${ADMIN}` }
const COLUMNS = ['nik', 'kkNumber', 'name', 'birthDate', 'sex', 'address', 'kecamatanCode', 'kelurahan', 'phone', 'occupation', 'disability', 'desil', 'desilSource', 'desilPeriod'] as const
/** Rows per import call: the import's own limit (MAX_IMPORT_ROWS). */
const IMPORT_ROWS = Number(process.env.BENCH_SCALE_IMPORT_ROWS ?? 100_000)
const ENROL_ROWS = 10_000
/** Timed requests per latency row, after WARM_UP untimed ones. */
const REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? 200)
const WARM_UP = 20
/** The issue's target for every list filter and the search at 1,000,000 workers. */
const TARGET_P50_MS = 20

const fmt = (n: number) => n.toLocaleString('en')
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const perK = (cpuMs: number, rows: number) => cpuPer(cpuMs, rows, 1000)
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!

/** A JSON answer of the server; a 503 (load shed) is retried after its Retry-After, and counted. */
type Api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: any }>

function apiOf (server: ChildServer, shed: { count: number }): Api {
  return async (method, path, body, headers = {}) => {
    const payload = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body)
    const contentType = typeof body === 'string' ? 'text/csv' : 'application/json'
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
        method,
        headers: { ...auth, ...(payload === undefined ? {} : { 'content-type': contentType }), ...headers },
        body: payload,
      })
      const text = await res.text()
      if (res.status === 503 && attempt < 10) {
        shed.count++
        await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers.get('retry-after') ?? 1)))
        continue
      }
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`)
      return { status: res.status, json: text === '' ? undefined : JSON.parse(text) }
    }
  }
}

/** Up to `count` rows of the generator as an import CSV (header first); empty when it is spent. */
function csvChunk (gen: Generator<Record<string, unknown>>, count: number): { csv: string; rows: number } {
  const lines: string[] = [csvRow(COLUMNS)]
  for (let i = 0; i < count; i++) {
    const next = gen.next()
    if (next.done) break
    const w = next.value as Record<string, string | number | boolean | null>
    lines.push(csvRow(COLUMNS.map((c) => w[c] ?? null)))
  }
  return { csv: lines.join(''), rows: lines.length - 1 }
}

type LatencyRow = { what: string; matching: string; p50: number; p99: number; failed: number; serverCpuMs: number; pgCpuMs: number }

/** REQUESTS sequential requests after WARM_UP untimed ones: p50 and p99 of each request's own time, CPU per request. */
async function latency (server: ChildServer, what: string, matching: string, request: (i: number) => Promise<Response>): Promise<LatencyRow> {
  for (let i = 0; i < WARM_UP; i++) await (await request(i)).arrayBuffer()
  const times: number[] = []
  let failed = 0
  const run = await measure(async () => {
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now()
      const res = await request(i)
      await res.arrayBuffer()
      times.push(performance.now() - t0)
      if (res.status !== 200) failed++
    }
  }, server.pid)
  times.sort((a, b) => a - b)
  return { what, matching, p50: percentile(times, 0.5), p99: percentile(times, 0.99), failed, serverCpuMs: run.serverCpuMs, pgCpuMs: run.pgCpuMs }
}

export async function scaleReport (n: number): Promise<string> {
  const started = new Date()
  const out: string[] = []
  const db = await freshDatabase('scale')
  // set-up statements (deaths, registration) may outlast the pool's statement timeout: a client without one
  const sql = new pg.Client({ connectionString: db.url })
  await sql.connect()
  let server: ChildServer | undefined
  try {
    server = await startServer('app', { BENCH_DATABASE_URL: db.url, BENCH_ADMIN_KEY: ADMIN, BENCH_LOG_LEVEL: 'warn' })
    const shed = { count: 0 }
    const api = apiOf(server, shed)
    const pgVersion = (await sql.query<{ v: string }>('select current_setting(\'server_version\') as v')).rows[0]!.v

    out.push(`# Scale run ${started.toISOString()}: ${fmt(n)} workers`, '')
    out.push(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${pgVersion}.`)
    out.push(
      'The app (bench/server.ts app: PostgreSQL, logging warn, an admin key) runs in its own process, in a fresh database; requests come ' +
        'over HTTP from the bench process one at a time. CPU: utime + stime from /proc/<pid>/stat ' +
        `(${CLK_TCK} ticks/s) of the server process and of every \`postgres\` process on the machine. Server peak RSS: the server's VmHWM, reset before each call.`,
      ''
    )

    // Import: one generator for all N (its NIKs are unique within one run), cut into calls of IMPORT_ROWS.
    out.push(`## Import: ${fmt(n)} workers in calls of ${fmt(IMPORT_ROWS)}`, '')
    out.push('| call | workers before | rows | time | throughput | created / rejected | server CPU ms / 1,000 rows | PostgreSQL CPU ms / 1,000 rows | server peak RSS MiB |')
    out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    const gen = generateDemoWorkers({ count: n, seed: 2025 }) as Generator<Record<string, unknown>>
    const total = { ms: 0, rows: 0, created: 0, rejected: 0, serverCpuMs: 0, pgCpuMs: 0, rssBytes: 0 }
    for (let call = 1; total.rows < n; call++) {
      const chunk = csvChunk(gen, Math.min(IMPORT_ROWS, n - total.rows))
      if (chunk.rows === 0) break
      const r = await measure(() => api('POST', '/v1/workers/import', chunk.csv), server.pid)
      const created = r.value.json.created as number
      const rejected = r.value.json.rejectedCount as number
      out.push(`| ${call} | ${fmt(total.rows)} | ${fmt(chunk.rows)} | ${secs(r.ms)} | ${fmt(Math.round((chunk.rows / r.ms) * 1000))} rows/s | ${fmt(created)} / ${fmt(rejected)} | ` +
        `${perK(r.serverCpuMs, chunk.rows)} | ${perK(r.pgCpuMs, chunk.rows)} | ${mib(r.rssBytes)} |`)
      console.error(`bench: scale: import call ${call}: ${chunk.rows} rows in ${secs(r.ms)}`)
      total.ms += r.ms
      total.rows += chunk.rows
      total.created += created
      total.rejected += rejected
      total.serverCpuMs += r.serverCpuMs
      total.pgCpuMs += r.pgCpuMs
      total.rssBytes = Math.max(total.rssBytes, r.rssBytes)
    }
    out.push(`| all | | ${fmt(total.rows)} | ${secs(total.ms)} | ${fmt(Math.round((total.rows / total.ms) * 1000))} rows/s | ${fmt(total.created)} / ${fmt(total.rejected)} | ` +
      `${perK(total.serverCpuMs, total.rows)} | ${perK(total.pgCpuMs, total.rows)} | ${mib(total.rssBytes)} |`, '')

    // Deaths, set-based, so that status=DECEASED has rows; then fresh statistics for the planner.
    const t0 = performance.now()
    const deaths = (await sql.query('update workers set status = \'DECEASED\', date_of_death = \'2025-05-01\', death_cause = \'ILLNESS\' where seq % 997 = 0')).rowCount ?? 0
    await sql.query('analyze')
    out.push(`Set-up, not timed in the rows below: ${fmt(deaths)} deaths recorded in SQL (\`seq % 997 = 0\`, status DECEASED) and ANALYZE, ${secs(performance.now() - t0)}.`, '')

    // List and search.
    console.error('bench: scale: list and search latency')
    const [combo] = (await sql.query<{ k: string; o: string; c: string }>('select kecamatan_code as k, occupation as o, count(*) as c from workers group by 1, 2 order by 3 desc limit 1')).rows
    const filters: Array<{ label: string; query: string; where: string; params: unknown[] }> = [
      { label: 'no filter', query: '', where: 'true', params: [] },
      { label: 'status=DECEASED', query: 'status=DECEASED', where: 'status = \'DECEASED\'', params: [] },
      { label: 'status=ACTIVE', query: 'status=ACTIVE', where: 'status = \'ACTIVE\'', params: [] },
      { label: `kecamatanCode=${combo!.k}&occupation=${combo!.o}`, query: `kecamatanCode=${combo!.k}&occupation=${combo!.o}`, where: 'kecamatan_code = $1 and occupation = $2', params: [combo!.k, combo!.o] },
      { label: 'desilMax=1', query: 'desilMax=1', where: 'desil <= 1', params: [] },
    ]
    const get = (path: string) => () => fetch(`http://127.0.0.1:${server!.port}${path}`, { headers: auth })
    const rows: LatencyRow[] = []
    for (const f of filters) {
      const count = Number((await sql.query<{ c: string }>(`select count(*) as c from workers where ${f.where}`, f.params)).rows[0]!.c)
      const base = `/v1/workers${f.query ? `?${f.query}` : ''}`
      rows.push(await latency(server, `GET ${base}`, fmt(count), get(base)))
      // a page from deep in the table: the cursor the API issues after the row at 90% of the filter's rows
      const deep = (await sql.query<{ seq: string }>(`select seq from workers where ${f.where} order by seq offset ${Math.floor(count * 0.9)} limit 1`, f.params)).rows[0]
      if (deep === undefined) continue
      const path = `${base}${f.query ? '&' : '?'}cursor=${encodeCursor(Number(deep.seq))}`
      const check = await api('GET', path)
      if (!Array.isArray(check.json.items) || check.json.items.length === 0) throw new Error(`${path}: an empty page`)
      rows.push(await latency(server, `GET ${base}, cursor after ${fmt(Math.floor(count * 0.9))} of them`, fmt(count - Math.floor(count * 0.9) - 1), get(path)))
    }
    const sample = (await sql.query<{ id: string; nik: string }>(`select id, nik from workers order by random() limit ${REQUESTS}`)).rows
    rows.push(await latency(server, 'POST /v1/workers/search {"nik": …}, a different real NIK each time', '1', (i) =>
      fetch(`http://127.0.0.1:${server!.port}/v1/workers/search`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ nik: sample[i % sample.length]!.nik }) })))
    rows.push(await latency(server, 'GET /v1/workers/{id}, a different worker each time', '1', (i) =>
      fetch(`http://127.0.0.1:${server!.port}/v1/workers/${sample[i % sample.length]!.id}`, { headers: auth })))

    out.push(`## List and search at ${fmt(n)} workers`, '')
    out.push(`${REQUESTS} requests each, one at a time, after ${WARM_UP} untimed; the first page (50 workers) unless a cursor is given. ` +
      `Target: p50 < ${TARGET_P50_MS} ms for every list filter and the search at 1,000,000 workers; a row at or above it is marked **over**.`, '')
    out.push('| request | rows matching | p50 ms | p99 ms | p50 < 20 ms | failed | server CPU ms/req | PostgreSQL CPU ms/req |')
    out.push('|---|---:|---:|---:|---|---:|---:|---:|')
    for (const r of rows) {
      out.push(`| ${r.what.replace(/\|/g, '\\|')} | ${r.matching} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.p50 < TARGET_P50_MS ? 'yes' : '**over**'} | ${r.failed} | ` +
        `${cpuPer(r.serverCpuMs, REQUESTS)} | ${cpuPer(r.pgCpuMs, REQUESTS)} |`)
    }
    out.push('')

    // Enrolment: everyone, in calls of 10,000 (the deceased are refused).
    console.error('bench: scale: enrolment')
    const program = { ...DEMO_PROGRAM, code: 'BENCH-ALL', budget: n * 168_000, maxDesil: 10, minAge: 0, maxAge: 120, desilMaxAgeMonths: 60 }
    await api('POST', '/v1/programs', program)
    const ids = (await sql.query<{ id: string }>('select id from workers order by seq')).rows.map((r) => r.id)
    const callMs: number[] = []
    let enrolled = 0
    let refused = 0
    const enrol = await measure(async () => {
      for (let i = 0; i < ids.length; i += ENROL_ROWS) {
        const t = performance.now()
        const res = await api('POST', '/v1/enrolments/batch', { programCode: 'BENCH-ALL', workerIds: ids.slice(i, i + ENROL_ROWS) }, { 'idempotency-key': `bench-scale-enrol-${i}` })
        callMs.push(performance.now() - t)
        enrolled += res.json.enrolled
        refused += res.json.refused
        if (callMs.length % 10 === 0) console.error(`bench: scale: enrolled ${i + ENROL_ROWS}`)
      }
    }, server.pid)
    out.push('## Enrolment and a month\'s invoice', '')
    out.push('| what | time | throughput | server CPU ms / 1,000 rows | PostgreSQL CPU ms / 1,000 rows | server peak RSS MiB |')
    out.push('|---|---:|---:|---:|---:|---:|')
    out.push(`| POST /v1/enrolments/batch × ${callMs.length} (${fmt(ENROL_ROWS)} each): enrolled ${fmt(enrolled)}, refused ${fmt(refused)} | ${secs(enrol.ms)} | ` +
      `${fmt(Math.round((ids.length / enrol.ms) * 1000))} rows/s | ${perK(enrol.serverCpuMs, ids.length)} | ${perK(enrol.pgCpuMs, ids.length)} | ${mib(enrol.rssBytes)} |`)

    // Registration by the branch (set-up), then one invoice per branch of the programme for its first month.
    const t1 = performance.now()
    await sql.query('update enrolments set status = \'ACTIVE\', kpj_number = \'KPJ\' || lpad(seq::text, 10, \'0\') where program_code = \'BENCH-ALL\'')
    await sql.query('analyze enrolments')
    const registerMs = performance.now() - t1
    for (const branch of [...new Set(Object.values(program.branchByKecamatan))].sort()) {
      console.error(`bench: scale: invoice ${branch}`)
      const r = await measure(() => api('POST', '/v1/invoices', { programCode: 'BENCH-ALL', branchCode: branch, month: program.startMonth }), server.pid)
      const lines = r.value.json.lineCount as number
      out.push(`| POST /v1/invoices: ${branch}, ${program.startMonth}, ${fmt(lines)} lines | ${secs(r.ms)} | ${fmt(Math.round((lines / r.ms) * 1000))} lines/s | ` +
        `${perK(r.serverCpuMs, lines)} | ${perK(r.pgCpuMs, lines)} | ${mib(r.rssBytes)} |`)
    }
    const sortedCalls = [...callMs].sort((a, b) => a - b)
    out.push('', `Enrolment calls: first ${secs(callMs[0]!)}, median ${secs(median(callMs))}, slowest ${secs(sortedCalls.at(-1)!)}, last ${secs(callMs.at(-1)!)}. ` +
      `Set-up, not timed above: every enrolment registered (ACTIVE, a KPJ number) in one SQL UPDATE and ANALYZE, ${secs(registerMs)}.`, '')

    // Sizes.
    out.push(`## Database size at ${fmt(n)} workers`, '')
    out.push('| table | size (with indexes and TOAST) | bytes |', '|---|---:|---:|')
    const sizes = await sql.query<{ relname: string; pretty: string; bytes: string }>(
      'select relname, pg_size_pretty(pg_total_relation_size(oid)) as pretty, pg_total_relation_size(oid) as bytes from pg_class where relkind = \'r\' and relnamespace = \'public\'::regnamespace order by 3 desc'
    )
    for (const s of sizes.rows) out.push(`| ${s.relname} | ${s.pretty} | ${fmt(Number(s.bytes))} |`)
    const dbSize = (await sql.query<{ pretty: string; bytes: string }>('select pg_size_pretty(pg_database_size(current_database())) as pretty, pg_database_size(current_database()) as bytes')).rows[0]!
    out.push(`| **the database** (pg_database_size) | ${dbSize.pretty} | ${fmt(Number(dbSize.bytes))} |`, '')
    out.push(`Requests shed with 503 and retried: ${shed.count}.`)
    return out.join('\n') + '\n'
  } finally {
    server?.stop()
    await sql.end()
    await db.drop()
  }
}
