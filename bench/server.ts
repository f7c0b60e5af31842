/**
 * A server for the HTTP benchmarks, run as a child process so that the load generator does not share its
 * event loop. Modes:
 *   bare  — the baseline: fastify + pg, one primary-key read (a programme, a worker), no auth, no validation, no logging
 *   app   — the real app (auth, rate limit, zod serialization, drizzle), request logging at LOG_LEVEL
 * Prints `READY <port>` when listening.
 */
import Fastify from 'fastify'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

const mode = process.argv[2]
const databaseUrl = process.env.BENCH_DATABASE_URL
const logLevel = (process.env.BENCH_LOG_LEVEL ?? 'warn') as 'warn' | 'info'

if (mode === 'bare') {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  const app = Fastify({ logger: false })
  app.get<{ Params: { code: string } }>('/programs/:code', async (req, reply) => {
    const { rows } = await pool.query('select * from programs where code = $1', [req.params.code])
    if (rows.length === 0) return reply.code(404).send({ status: 404 })
    return rows[0]
  })
  app.get<{ Params: { id: string } }>('/workers/:id', async (req, reply) => {
    const { rows } = await pool.query('select * from workers where id = $1', [req.params.id])
    if (rows.length === 0) return reply.code(404).send({ status: 404 })
    return rows[0]
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  console.log(`READY ${(app.server.address() as { port: number }).port}`)
} else if (mode === 'app') {
  const config = {
    ...loadConfig({ LOG_LEVEL: logLevel, SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '100000000' }),
    databaseUrl: databaseUrl === 'pglite' ? undefined : databaseUrl,
    dataDir: process.env.BENCH_DATA_DIR ?? 'memory://',
    bootstrapAdminKey: process.env.BENCH_ADMIN_KEY,
  }
  const app = await buildApp(config)
  await app.listen({ port: 0, host: '127.0.0.1' })
  console.log(`READY ${(app.server.address() as { port: number }).port}`)
} else {
  console.error('usage: server.ts bare|app')
  process.exit(2)
}

// Exit cleanly on a signal, so that `node --cpu-prof bench/server.ts app` writes its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0))
