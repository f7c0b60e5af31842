import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('defaults give an embedded database on port 3000 with docs on', async (t) => {
  const c = loadConfig({})
  t.equal(c.port, 3000)
  t.equal(c.databaseUrl, undefined)
  t.equal(c.dataDir, './data')
  t.equal(c.docsEnabled, true)
  t.equal(c.rateLimitPerMinute, 1200)
  t.equal(c.bodyLimitBytes, 64 * 1024 * 1024)
})

t.test('an empty DATABASE_URL means the embedded database', async (t) => {
  t.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined)
})

const bad: Array<[string, Record<string, string>]> = [
  ['PORT', { PORT: 'eighty' }],
  ['PORT', { PORT: '70000' }],
  ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }],
  ['BOOTSTRAP_ADMIN_KEY', { BOOTSTRAP_ADMIN_KEY: 'short' }],
  ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
  ['DOCS_ENABLED', { DOCS_ENABLED: 'maybe' }],
  ['RATE_LIMIT_PER_MINUTE', { RATE_LIMIT_PER_MINUTE: '0' }],
  ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
  ['IDEMPOTENCY_LEASE_MS', { IDEMPOTENCY_LEASE_MS: '86400000' }],
  ['DB_LOCK_TIMEOUT_MS', { DB_LOCK_TIMEOUT_MS: 'five seconds' }],
  ['DB_STATEMENT_TIMEOUT_MS', { DB_STATEMENT_TIMEOUT_MS: '-1' }],
  ['DB_CONNECT_TIMEOUT_MS', { DB_CONNECT_TIMEOUT_MS: '0' }],
  ['PRESSURE_SAMPLE_INTERVAL_MS', { PRESSURE_SAMPLE_INTERVAL_MS: '1' }],
  ['METRICS_TOKEN', { METRICS_TOKEN: 'short' }],
]
for (const [variable, env] of bad) {
  t.test(`a bad ${variable} (${Object.values(env)[0]}) stops start-up with one line naming it`, async (t) => {
    let error: unknown
    try {
      loadConfig(env)
    } catch (err) {
      error = err
    }
    t.ok(error instanceof ConfigError, 'a ConfigError')
    t.match((error as Error).message, new RegExp(`^Invalid configuration: ${variable}: [^\\n]+$`))
  })
}

t.test('DOCS_ENABLED=false turns Swagger UI off', async (t) => {
  t.equal(loadConfig({ DOCS_ENABLED: 'false' }).docsEnabled, false)
})

t.test('database timeouts, load shedding and the metrics token have safe defaults', async (t) => {
  const c = loadConfig({})
  t.equal(c.dbStatementTimeoutMs, 30_000)
  t.equal(c.dbLockTimeoutMs, 5_000)
  t.equal(c.dbIdleInTransactionTimeoutMs, 60_000)
  t.equal(c.dbConnectTimeoutMs, 5_000)
  t.equal(c.dbStartupTimeoutMs, 60_000)
  t.equal(c.pressureMaxEventLoopDelayMs, 1_000)
  t.equal(c.pressureMaxHeapUsedBytes, undefined, '90% of the V8 heap limit')
  t.equal(c.metricsToken, undefined)
  t.equal(loadConfig({ DB_LOCK_TIMEOUT_MS: '0' }).dbLockTimeoutMs, 0, '0 turns a timeout off')
})
