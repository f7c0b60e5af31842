import { z } from 'zod'

/**
 * The only reader of process.env. Every setting is validated here so that a bad value stops start-up
 * with one line naming the variable, instead of failing later in some request.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('./data'),
  BOOTSTRAP_ADMIN_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DOCS_ENABLED: booleanString.default(true),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  AUTH_CACHE_TTL_MS: z.coerce.number().int().nonnegative().max(300_000).default(10_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  DB_POOL_SIZE: z.coerce.number().int().positive().max(200).default(10),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(30_000),
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(5_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(60_000),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  DB_STARTUP_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(60_000),
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().nonnegative().default(1_000),
  PRESSURE_MAX_HEAP_USED_BYTES: z.coerce.number().int().nonnegative().optional(),
  PRESSURE_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(10).default(1_000),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SEED_DEMO: booleanString.default(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  HOLIDAYS_FILE: z
    .string()
    .min(1)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_KEY_PREFIX: z.string().min(1).max(100).default('jamsos-rentan:'),
  // Longer than any request may run, shorter than the 24 hours a key is kept (see plugins/idempotency.ts).
  IDEMPOTENCY_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
})

export type Config = {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined
  /** PGlite data folder, or `memory://` for a throw-away in-memory database. */
  dataDir: string
  bootstrapAdminKey: string | undefined
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  docsEnabled: boolean
  rateLimitPerMinute: number
  /**
   * How long a verified API key may be answered from this instance's cache (ms; 0: never cached). The cache is used
   * only while the instance hears PostgreSQL's notification of every change to api_keys: modules/api-keys/api-keys.cache.ts.
   */
  authCacheTtlMs: number
  bodyLimitBytes: number
  dbPoolSize: number
  /** PostgreSQL per-connection limits in ms (0: off); see db/client.ts DbTimeouts. */
  dbStatementTimeoutMs: number
  dbLockTimeoutMs: number
  dbIdleInTransactionTimeoutMs: number
  /** Longest wait for a connection, new or from a full pool, before a 503. */
  dbConnectTimeoutMs: number
  /** How long start-up keeps retrying an unreachable database before it gives up with one line (0: no retry). */
  dbStartupTimeoutMs: number
  /** Above this event-loop delay (ms) new requests get 503 with Retry-After; 0: off. */
  pressureMaxEventLoopDelayMs: number
  /** Above this heap use new requests get 503; undefined: 90% of the V8 heap limit; 0: off. */
  pressureMaxHeapUsedBytes: number | undefined
  /** How often the load is sampled (ms). */
  pressureSampleIntervalMs: number
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined
  /** Seed the demo programme into an empty embedded database on first start. */
  seedDemo: boolean
  shutdownGraceMs: number
  /**
   * A JSON file of holiday years (national holidays and cuti bersama), read once at start-up by
   * lib/holiday-file.ts: its years replace the built-in ones, so an operator adds a new SKB 3 Menteri without a release.
   */
  holidaysFile: string | undefined
  /** Redis shared by every instance (the rate limit's counts); unset means each process counts on its own. */
  redisUrl: string | undefined
  /** Prefix of every Redis key this service writes, so deployments can share one Redis. */
  redisKeyPrefix: string
  /** How long an Idempotency-Key claim holds while its request runs; a claim left by a dead process lapses after it. */
  idempotencyLeaseMs: number
}

export class ConfigError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

export function loadConfig (env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const variable = issue.path.join('.') || 'environment'
    throw new ConfigError(`Invalid configuration: ${variable}: ${issue.message}`)
  }
  const e = parsed.data
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    bootstrapAdminKey: e.BOOTSTRAP_ADMIN_KEY,
    logLevel: e.LOG_LEVEL,
    docsEnabled: e.DOCS_ENABLED,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    authCacheTtlMs: e.AUTH_CACHE_TTL_MS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    dbPoolSize: e.DB_POOL_SIZE,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    dbLockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
    dbIdleInTransactionTimeoutMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbStartupTimeoutMs: e.DB_STARTUP_TIMEOUT_MS,
    pressureMaxEventLoopDelayMs: e.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
    pressureMaxHeapUsedBytes: e.PRESSURE_MAX_HEAP_USED_BYTES,
    pressureSampleIntervalMs: e.PRESSURE_SAMPLE_INTERVAL_MS,
    metricsToken: e.METRICS_TOKEN,
    seedDemo: e.SEED_DEMO,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    holidaysFile: e.HOLIDAYS_FILE,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    idempotencyLeaseMs: e.IDEMPOTENCY_LEASE_MS,
  }
}
