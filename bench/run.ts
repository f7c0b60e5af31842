/**
 * `npm run bench`: measures this service against baselines taken in the same run on the same machine, and
 * prints a Markdown report (also written to bench/results/latest.md) for BENCHMARKS.md.
 * `npm run bench -- --scale N`: instead, the registry at N workers (bench/scale.ts), written to bench/results/scale.md.
 *
 * Uses the local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) to
 * create throw-away databases. Timings are never part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { systemContext } from '../src/lib/context.js'
import { ProgramService } from '../src/modules/programs/programs.service.js'
import { WorkerService } from '../src/modules/workers/workers.service.js'
import { generateDemoWorkers } from '../src/seed/workers.js'
import { DEMO_PROGRAM } from '../src/seed/demo.js'
import { bulkSuites } from './bulk.js'
import { csvParseSuite } from './csv-parse.js'
import { freshDatabase, startServer, type ChildServer } from './harness.js'
import { CLK_TCK, median, mib, peakRssOf, postgresCpuMs, processCpuMs, resetPeakRss } from './measure.js'
import { scaleReport } from './scale.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)
/** The worker read is measured at the load: 50 connections. */
const workerConnections = Number(process.env.BENCH_WORKER_CONNECTIONS ?? 50)
/** Rounds of an HTTP path interleaved with its baseline. */
const HTTP_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef'

/** One measured autocannon run against a child server. */
type HttpRun = { rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number; serverCpuMs: number; pgCpuMs: number; rssBytes: number }

/** A path to load: its row label, the child server behind it, the URL path and headers. */
type HttpPath = { name: string; server: ChildServer; path: string; headers?: Record<string, string>; embedded?: boolean }

/**
 * One autocannon run after a 2 s warm-up (JIT and connection pools settled), with the server's CPU, PostgreSQL's
 * CPU and the server's peak RSS over the measured part only.
 */
async function load (target: HttpPath, conns: number): Promise<HttpRun> {
  const url = `http://127.0.0.1:${target.server.port}${target.path}`
  const headers = target.headers ?? {}
  await autocannon({ url, connections: conns, duration: 2, headers })
  const pid = target.server.pid
  resetPeakRss(pid)
  const cpu0 = processCpuMs(pid)
  const pg0 = postgresCpuMs()
  const r = await autocannon({ url, connections: conns, duration: seconds, headers })
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    requests: r.requests.total,
    serverCpuMs: processCpuMs(pid) - cpu0,
    pgCpuMs: postgresCpuMs() - pg0,
    rssBytes: peakRssOf(pid),
  }
}

/** A path's rounds summarised: the median round by req/s (its p50 and p99), errors summed, CPU per request the median, RSS the highest. */
type HttpRow = { name: string; conns: number; rps: number; p50: number; p99: number; errors: number; non2xx: number; serverCpuPerReq: number; pgCpuPerReq: number | undefined; rssBytes: number }

/**
 * The paths loaded one after another (the baseline first) for HTTP_ROUNDS rounds: baseline, path, …, baseline,
 * path, …, so a change in the machine's load falls on all of them alike.
 */
async function interleaved (paths: HttpPath[], conns: number): Promise<HttpRow[]> {
  const runs: HttpRun[][] = paths.map(() => [])
  for (let r = 0; r < HTTP_ROUNDS; r++) {
    for (const [i, p] of paths.entries()) {
      console.error(`bench: round ${r + 1} of ${HTTP_ROUNDS}: ${p.name}`)
      runs[i]!.push(await load(p, conns))
    }
  }
  return paths.map((p, i) => {
    const rs = runs[i]!
    const sorted = [...rs].sort((a, b) => a.rps - b.rps)
    const m = sorted[Math.floor(sorted.length / 2)]!
    return {
      name: `${p.name} (median of ${rs.length} interleaved rounds, ${sorted[0]!.rps}–${sorted.at(-1)!.rps} req/s)`,
      conns,
      rps: m.rps,
      p50: m.p50,
      p99: m.p99,
      errors: rs.reduce((s, x) => s + x.errors, 0),
      non2xx: rs.reduce((s, x) => s + x.non2xx, 0),
      serverCpuPerReq: median(rs.map((x) => x.serverCpuMs / Math.max(1, x.requests))),
      // the embedded engine runs inside the server process: its CPU is in the server's column
      pgCpuPerReq: p.embedded ? undefined : median(rs.map((x) => x.pgCpuMs / Math.max(1, x.requests))),
      rssBytes: Math.max(...rs.map((x) => x.rssBytes)),
    }
  })
}

const httpRow = (r: HttpRow, base: HttpRow, of: string) =>
  `| ${r.name} | ${r.conns} | ${r.rps} (${Math.round((100 * r.rps) / base.rps)}% of ${of}) | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ` +
  `${r.serverCpuPerReq.toFixed(2)} | ${r.pgCpuPerReq === undefined ? 'in server' : r.pgCpuPerReq.toFixed(2)} | ${mib(r.rssBytes)} |`

/**
 * Every HTTP path beside its bare baseline, interleaved: GET /v1/programs/{code} (logging warn and info, and on the
 * embedded PGlite) at `connections`, then GET /v1/workers/{id} at `workerConnections`.
 */
async function httpSection (dbUrl: string, workerId: string): Promise<string[]> {
  const servers: ChildServer[] = []
  const start = async (mode: 'bare' | 'app', env: Record<string, string>) => {
    const s = await startServer(mode, env)
    servers.push(s)
    return s
  }
  try {
    const bare = await start('bare', { BENCH_DATABASE_URL: dbUrl })
    const warn = await start('app', { BENCH_DATABASE_URL: dbUrl, BENCH_ADMIN_KEY: ADMIN_KEY, BENCH_LOG_LEVEL: 'warn' })
    const info = await start('app', { BENCH_DATABASE_URL: dbUrl, BENCH_ADMIN_KEY: ADMIN_KEY, BENCH_LOG_LEVEL: 'info' })
    const embedded = await start('app', { BENCH_DATABASE_URL: 'pglite', BENCH_ADMIN_KEY: ADMIN_KEY, BENCH_LOG_LEVEL: 'warn' })
    // the embedded database starts empty: create the programme through the API
    await fetch(`http://127.0.0.1:${embedded.port}/v1/programs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_PROGRAM),
    })
    const authed = { authorization: `Bearer ${ADMIN_KEY}` }
    const programs = await interleaved([
      { name: 'baseline: bare fastify + pg, primary-key read', server: bare, path: '/programs/TNG-2025' },
      { name: 'GET /v1/programs/{code}, PostgreSQL, logging warn', server: warn, path: '/v1/programs/TNG-2025', headers: authed },
      { name: 'GET /v1/programs/{code}, PostgreSQL, logging info (a log line per request)', server: info, path: '/v1/programs/TNG-2025', headers: authed },
      { name: 'GET /v1/programs/{code}, embedded PGlite, logging warn', server: embedded, path: '/v1/programs/TNG-2025', headers: authed, embedded: true },
    ], connections)
    // only the bare route and the app at warn are needed from here on
    info.stop()
    embedded.stop()
    const [bareWorker, appWorker] = await interleaved([
      { name: 'baseline: bare fastify + pg, the same worker by primary key', server: bare, path: `/workers/${workerId}` },
      { name: 'GET /v1/workers/{id}, PostgreSQL, logging warn', server: warn, path: `/v1/workers/${workerId}`, headers: authed },
    ], workerConnections) as [HttpRow, HttpRow]

    const ratio = appWorker.rps / bareWorker.rps
    const met = ratio >= 0.6 && appWorker.p99 < 50
    return [
      '| what | connections | req/s | p50 ms | p99 ms | errors | non-2xx | server CPU ms/req | PostgreSQL CPU ms/req | server peak RSS MiB |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...programs.map((r) => httpRow(r, programs[0]!, 'baseline')),
      ...[bareWorker, appWorker].map((r) => httpRow(r, bareWorker, 'its baseline')),
      '',
      `Issue target for GET /v1/workers/{id} at ${workerConnections} connections: ≥ 0.6× the bare route and p99 < 50 ms. ` +
        `This run: ${ratio.toFixed(2)}×, p99 ${appWorker.p99} ms: **${met ? 'met' : 'not met'}**.`,
    ]
  } finally {
    for (const s of servers) s.stop()
  }
}

/** The normal run: HTTP, bulk and CSV reading, to bench/results/latest.md. */
async function mainReport (): Promise<string> {
  const started = new Date()
  const lines: string[] = []
  const db = await freshDatabase('http')
  try {
    await new ProgramService(db.handle.db).create(systemContext('bench'), DEMO_PROGRAM)
    const [sample] = generateDemoWorkers({ count: 1, seed: 7 })
    const worker = await new WorkerService(db.handle.db).create(systemContext('bench'), sample as never)

    lines.push(`# Benchmark run ${started.toISOString()}`, '')
    lines.push(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`)
    lines.push(
      `HTTP: autocannon, ${connections} connections (GET /v1/workers/{id} and its baseline: ${workerConnections}), ${seconds} s per row after a 2 s warm-up; ` +
        `each path interleaved with its baseline for ${HTTP_ROUNDS} rounds (median req/s, p50 and p99 of that median round, errors summed over the rounds); ` +
        'every server in its own process.',
      `CPU: utime + stime from /proc/<pid>/stat (${CLK_TCK} ticks/s) over the measured part of each run, per request, median of the rounds: the server process, ` +
        'and every `postgres` process on the machine (so another database\'s sessions on the same PostgreSQL would count too). The load generator\'s own CPU is not counted. ' +
        'Server peak RSS: VmHWM of the server process, reset before each measured run, highest of the rounds.',
      ''
    )
    lines.push('## HTTP', '')
    lines.push(...(await httpSection(db.url, worker.worker.id)))
  } finally {
    await db.drop()
  }
  for (const suite of [...bulkSuites, csvParseSuite]) {
    lines.push('', `## ${suite.title}`, '')
    lines.push(...(await suite.run()))
  }
  return lines.join('\n') + '\n'
}

const { values } = parseArgs({ options: { scale: { type: 'string' } }, allowPositionals: true })
const scale = values.scale === undefined ? undefined : Number(values.scale)
if (scale !== undefined && !(Number.isInteger(scale) && scale > 0)) {
  console.error(`--scale takes a number of workers, got ${values.scale}`)
  process.exit(2)
}
const report = scale === undefined ? await mainReport() : await scaleReport(scale)
mkdirSync('bench/results', { recursive: true })
writeFileSync(scale === undefined ? 'bench/results/latest.md' : 'bench/results/scale.md', report)
console.log(report)
