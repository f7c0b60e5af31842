/**
 * `npm run bench`: measures this service against baselines taken in the same run on the same machine, and
 * prints a Markdown report (also written to bench/results/latest.md) for BENCHMARKS.md.
 *
 * Uses the local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) to
 * create a throw-away database. Timings are never part of `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import autocannon from 'autocannon'
import pg from 'pg'
import { systemContext } from '../src/lib/context.js'
import { openDatabase } from '../src/db/client.js'
import { runMigrations } from '../src/db/migrate.js'
import { ProgramService } from '../src/modules/programs/programs.service.js'
import { WorkerService } from '../src/modules/workers/workers.service.js'
import { generateDemoWorkers } from '../src/seed/workers.js'
import { DEMO_PROGRAM } from '../src/seed/demo.js'
import { bulkSuites } from './bulk.js'
import { csvParseSuite } from './csv-parse.js'

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)
/** Rounds of an HTTP path interleaved with its baseline. */
const HTTP_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef'

type HttpResult = { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }

async function createDatabase (): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jr_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop () {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

function startServer (mode: 'bare' | 'app', env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', mode], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (\d+)/.exec(out)
      if (m) resolve({ port: Number(m[1]), child })
    })
    child.on('exit', (code) => reject(new Error(`bench server ${mode} exited with ${code}`)))
  })
}

async function load (name: string, url: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  // a short warm-up so JIT and connection pools are settled before measuring
  await autocannon({ url, connections, duration: 2, headers })
  const r = await autocannon({ url, connections, duration: seconds, headers })
  return { name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx }
}

/**
 * GET /v1/workers/{id} beside the bare route's read of the same row, interleaved (bare, app, bare, app …) for
 * HTTP_ROUNDS rounds: the median of each and the ratio of the medians.
 */
async function workerReadSuite (dbUrl: string, workerId: string): Promise<HttpResult[]> {
  const bare = await startServer('bare', { BENCH_DATABASE_URL: dbUrl })
  const app = await startServer('app', { BENCH_DATABASE_URL: dbUrl, BENCH_ADMIN_KEY: ADMIN_KEY, BENCH_LOG_LEVEL: 'warn' })
  const bareRuns: HttpResult[] = []
  const appRuns: HttpResult[] = []
  try {
    for (let r = 0; r < HTTP_ROUNDS; r++) {
      bareRuns.push(await load('baseline: bare fastify + pg, the same worker by primary key', `http://127.0.0.1:${bare.port}/workers/${workerId}`))
      appRuns.push(await load('GET /v1/workers/{id}, PostgreSQL, logging warn', `http://127.0.0.1:${app.port}/v1/workers/${workerId}`, { authorization: `Bearer ${ADMIN_KEY}` }))
    }
  } finally {
    bare.child.kill()
    app.child.kill()
  }
  const med = (runs: HttpResult[]): HttpResult => {
    const sorted = [...runs].sort((a, b) => a.rps - b.rps)
    const m = sorted[Math.floor(sorted.length / 2)]!
    return { ...m, name: `${m.name} (median of ${runs.length} interleaved rounds, ${sorted[0]!.rps}–${sorted.at(-1)!.rps} req/s)` }
  }
  return [med(bareRuns), med(appRuns)]
}

async function httpSuite (dbUrl: string): Promise<HttpResult[]> {
  const results: HttpResult[] = []
  const bare = await startServer('bare', { BENCH_DATABASE_URL: dbUrl })
  results.push(await load('baseline: bare fastify + pg, primary-key read', `http://127.0.0.1:${bare.port}/programs/TNG-2025`))
  bare.child.kill()

  for (const [label, level] of [['warn', 'warn'], ['info (a log line per request)', 'info']] as const) {
    const app = await startServer('app', { BENCH_DATABASE_URL: dbUrl, BENCH_ADMIN_KEY: ADMIN_KEY, BENCH_LOG_LEVEL: level })
    results.push(
      await load(`GET /v1/programs/{code}, PostgreSQL, logging ${label}`, `http://127.0.0.1:${app.port}/v1/programs/TNG-2025`, {
        authorization: `Bearer ${ADMIN_KEY}`,
      })
    )
    app.child.kill()
  }

  const embedded = await startServer('app', { BENCH_DATABASE_URL: 'pglite', BENCH_ADMIN_KEY: ADMIN_KEY, BENCH_LOG_LEVEL: 'warn' })
  // the embedded database starts empty: create the programme through the API
  await fetch(`http://127.0.0.1:${embedded.port}/v1/programs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_PROGRAM),
  })
  results.push(
    await load('GET /v1/programs/{code}, embedded PGlite, logging warn', `http://127.0.0.1:${embedded.port}/v1/programs/TNG-2025`, {
      authorization: `Bearer ${ADMIN_KEY}`,
    })
  )
  embedded.child.kill()
  return results
}

const started = new Date()
const db = await createDatabase()
const lines: string[] = []
try {
  const handle = await openDatabase({ databaseUrl: db.url, dataDir: 'unused' })
  await runMigrations(handle)
  await new ProgramService(handle.db).create(systemContext('bench'), DEMO_PROGRAM)

  lines.push(`# Benchmark run ${started.toISOString()}`, '')
  lines.push(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`)
  lines.push(`HTTP: autocannon, ${connections} connections, ${seconds} s per row after a 2 s warm-up; server in its own process.`, '')
  lines.push('## HTTP', '', '| what | req/s | p50 ms | p99 ms | errors | non-2xx |', '|---|---:|---:|---:|---:|---:|')
  const http = await httpSuite(db.url)
  const base = http[0]!.rps
  for (const r of http) {
    lines.push(`| ${r.name} | ${r.rps} (${Math.round((100 * r.rps) / base)}% of baseline) | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`)
  }
  const [sample] = generateDemoWorkers({ count: 1, seed: 7 })
  const worker = await new WorkerService(handle.db).create(systemContext('bench'), sample as never)
  const [bareWorker, appWorker] = await workerReadSuite(db.url, worker.worker.id)
  for (const r of [bareWorker!, appWorker!]) {
    lines.push(`| ${r.name} | ${r.rps} (${Math.round((100 * r.rps) / bareWorker!.rps)}% of its baseline) | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`)
  }
  for (const suite of [...bulkSuites, csvParseSuite]) {
    lines.push('', `## ${suite.title}`, '')
    lines.push(...(await suite.run({ handle, databaseUrl: db.url })))
  }
  await handle.close()
} finally {
  await db.drop()
}
const report = lines.join('\n') + '\n'
mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/latest.md', report)
console.log(report)
