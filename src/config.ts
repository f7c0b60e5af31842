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
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  DB_POOL_SIZE: z.coerce.number().int().positive().max(200).default(10),
  SEED_DEMO: booleanString.default(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  HOLIDAYS_FILE: z
    .string()
    .min(1)
    .optional()
    .or(z.literal('').transform(() => undefined)),
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
  bodyLimitBytes: number
  dbPoolSize: number
  /** Seed the demo programme into an empty embedded database on first start. */
  seedDemo: boolean
  shutdownGraceMs: number
  /**
   * A JSON file of holiday years (national holidays and cuti bersama), read once at start-up by
   * lib/holiday-file.ts: its years replace the built-in ones, so an operator adds a new SKB 3 Menteri without a release.
   */
  holidaysFile: string | undefined
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
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    dbPoolSize: e.DB_POOL_SIZE,
    seedDemo: e.SEED_DEMO,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    holidaysFile: e.HOLIDAYS_FILE,
  }
}
