import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import helmet from '@fastify/helmet'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from '@fastify/type-provider-zod'
import type { Config } from './config.js'
import { openDatabase, type DbHandle } from './db/client.js'
import { runMigrations } from './db/migrate.js'
import { clientRequestIdOf, systemContext } from './lib/context.js'
import { loadHolidayCalendar } from './lib/holiday-file.js'
import { depthLimitedJsonParser } from './lib/json.js'
import { loggerOptions } from './logger.js'
import { apiKeyRoutes } from './modules/api-keys/api-keys.routes.js'
import { VerifiedKeyCache } from './modules/api-keys/api-keys.cache.js'
import { ApiKeyService } from './modules/api-keys/api-keys.service.js'
import { auditRoutes } from './modules/audit/audit.routes.js'
import { AuditService } from './modules/audit/audit.service.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { programRoutes } from './modules/programs/programs.routes.js'
import { ProgramService } from './modules/programs/programs.service.js'
import { workerRoutes } from './modules/workers/workers.routes.js'
import { WorkerService } from './modules/workers/workers.service.js'
import { enrolmentRoutes } from './modules/enrolments/enrolments.routes.js'
import { EnrolmentService } from './modules/enrolments/enrolments.service.js'
import { branchRoutes } from './modules/branches/branches.routes.js'
import { BranchService } from './modules/branches/branches.service.js'
import { invoiceRoutes } from './modules/invoices/invoices.routes.js'
import { InvoiceService } from './modules/invoices/invoices.service.js'
import { calendarRoutes } from './modules/calendar/calendar.routes.js'
import { CalendarService } from './modules/calendar/calendar.service.js'
import { claimRoutes } from './modules/claims/claims.routes.js'
import { ClaimService } from './modules/claims/claims.service.js'
import { authPlugin, type RegisteredRoute } from './plugins/auth.js'
import { errorsPlugin, problemServerOptions } from './plugins/errors.js'
import { idempotencyPlugin } from './plugins/idempotency.js'
import { metricsPlugin } from './plugins/metrics.js'
import { pressurePlugin } from './plugins/pressure.js'
import { rateLimitPlugin } from './plugins/rate-limit.js'
import { swaggerPlugin } from './plugins/swagger.js'
import { seedDemoIfEmpty } from './seed/demo.js'

export type AppDeps = {
  /** An open database (tests); otherwise one is opened from config and closed with the app. */
  db?: DbHandle
  /** The clock, for tests. */
  now?: () => number
  /** Where log lines go (tests read them); stdout by default. */
  logStream?: { write(line: string): void }
}

export type App = FastifyInstance & {
  services: Services
  dbHandle: DbHandle
  /** Every route with the roles it admits, for the auth-matrix test. */
  registeredRoutes: RegisteredRoute[]
}

export type Services = {
  apiKeys: ApiKeyService
  audit: AuditService
  programs: ProgramService
  workers: WorkerService
  enrolments: EnrolmentService
  branches: BranchService
  invoices: InvoiceService
  claims: ClaimService
  calendar: CalendarService
}

export async function buildApp (config: Config, deps: AppDeps = {}): Promise<App> {
  // Read and validated before the database is opened: a bad HOLIDAYS_FILE stops start-up with one line.
  const holidays = loadHolidayCalendar(config.holidaysFile)
  const timeouts = {
    statementTimeoutMs: config.dbStatementTimeoutMs,
    lockTimeoutMs: config.dbLockTimeoutMs,
    idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
    connectTimeoutMs: config.dbConnectTimeoutMs,
  }
  const handle = deps.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize, timeouts }))
  const ownsDb = deps.db === undefined
  try {
    await runMigrations(handle)
  } catch (err) {
    if (ownsDb) await handle.close()
    throw err
  }
  const db = handle.db
  const now = deps.now ?? Date.now

  // The modules, each built on those before it (README: module order). A module reaches another only through
  // what it is given here or through the exported functions of the service files below it, never back up.
  const verifiedKeys = new VerifiedKeyCache({ ttlMs: config.authCacheTtlMs, maxEntries: 10_000, now })
  const apiKeys = new ApiKeyService(db, now, verifiedKeys)
  const audit = new AuditService(db)
  const programs = new ProgramService(db)
  const workers = new WorkerService(db)
  const enrolments = new EnrolmentService(db, { programs, workers })
  const branches = new BranchService(db, handle.pool)
  const invoices = new InvoiceService(db, { programs, workers, pool: handle.pool })
  const claims = new ClaimService(db, { workers, enrolments, holidays })
  // A paid invoice re-assesses the claims watching its month, in the paying transaction (the one seam that runs
  // from an earlier module to a later one, as a listener given here rather than an import).
  invoices.onPaid((tx, ctx, invoice) => claims.reassessForInvoice(tx, ctx, invoice))
  const calendar = new CalendarService(holidays)
  const services: Services = { apiKeys, audit, programs, workers, enrolments, branches, invoices, claims, calendar }

  const app = Fastify({
    logger: deps.logStream ? { ...loggerOptions(config), stream: deps.logStream } : loggerOptions(config),
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    // The request id is always the server's own: audit rows, problems and log lines trust it. A caller's sane
    // X-Request-Id is kept beside it (req.clientRequestId, audit client_request_id) and on every log line.
    genReqId: () => randomUUID(),
    childLoggerFactory: (logger, bindings, opts, rawReq) => {
      const clientRequestId = clientRequestIdOf(rawReq.headers['x-request-id'])
      return logger.child(clientRequestId === undefined ? bindings : { ...bindings, clientRequestId }, opts)
    },
    routerOptions: { ignoreTrailingSlash: true },
    // On close: idle keep-alive sockets are closed at once, in-flight requests finish (graceful shutdown).
    forceCloseConnections: 'idle',
    // Fastify's and Node's own error replies (bad URL, too-long path segment, oversized headers, closing) as problem+json.
    ...problemServerOptions,
  }).withTypeProvider<ZodTypeProvider>()

  // The first start of an empty embedded database seeds the demo before the load-shedding plugin starts measuring:
  // the embedded engine's queries block the event loop while it writes, and that stretch must not count as load.
  if (config.seedDemo && handle.engine === 'pglite') {
    try {
      await seedDemoIfEmpty(services, db, app.log, systemContext('seed-demo', new Date(now())))
    } catch (err) {
      if (ownsDb) await handle.close()
      throw err
    }
  }

  // Every change to api_keys, from anywhere, is notified (migration 0011): the cache of verified keys forgets all of
  // them, and is used only while this instance is listening.
  const stopListening = config.authCacheTtlMs > 0
    ? await handle.listen('api_keys_changed', { onNotify: () => verifiedKeys.invalidate(), onLive: (live) => verifiedKeys.setLive(live) })
    : null
  app.addHook('onClose', async () => {
    await stopListening?.()
  })

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // JSON bodies nested deeper than MAX_JSON_DEPTH are a 400 before anything walks them recursively (lib/json.ts).
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = app.initialConfig
  app.addContentTypeParser('application/json', { parseAs: 'string' }, depthLimitedJsonParser(app.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning)))

  const registeredRoutes: RegisteredRoute[] = []
  await app.register(errorsPlugin)
  // Before auth and the rate limit: a saturated process sheds a request before spending anything on it.
  await app.register(pressurePlugin, {
    maxEventLoopDelayMs: config.pressureMaxEventLoopDelayMs,
    maxHeapUsedBytes: config.pressureMaxHeapUsedBytes,
    sampleIntervalMs: config.pressureSampleIntervalMs,
  })
  await app.register(helmet, { global: true, contentSecurityPolicy: false })
  // The limit counts per API key once the auth plugin knows the caller, per address otherwise (plugins/rate-limit.ts).
  await app.register(rateLimitPlugin, { max: config.rateLimitPerMinute, redisUrl: config.redisUrl, redisKeyPrefix: config.redisKeyPrefix })
  await app.register(authPlugin, {
    authenticate: (secret) => apiKeys.authenticate(secret),
    routes: registeredRoutes,
    now,
    limit: (req, reply, keyId) => app.rateLimitRequest(req, reply, keyId),
  })
  await app.register(idempotencyPlugin, { db, now, leaseMs: config.idempotencyLeaseMs })
  await app.register(metricsPlugin, {
    token: config.metricsToken,
    gauges: [
      { name: 'api_key_cache_live', help: '1 while verified API keys may be answered from this instance\'s cache (it hears every change to api_keys)', value: () => (apiKeys.cacheState().live ? 1 : 0) },
      { name: 'api_key_cache_entries', help: 'Verified API keys held by this instance\'s cache', value: () => apiKeys.cacheState().entries },
    ],
  })
  await app.register(swaggerPlugin, { docsEnabled: config.docsEnabled })

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id)
    if (req.clientRequestId !== undefined) reply.header('x-client-request-id', req.clientRequestId)
    // API replies may carry personal data: never cache them anywhere.
    if (req.url.startsWith('/v1/')) reply.header('cache-control', 'no-store')
    return payload
  })

  // Probes hit these every few seconds: log them only when something is wrong.
  const probeLogLevel = config.logLevel === 'silent' || config.logLevel === 'fatal' || config.logLevel === 'error' ? config.logLevel : 'warn'
  await app.register(healthRoutes, { prefix: '/health', ping: () => handle.ping(), logLevel: probeLogLevel })
  await app.register(
    async (v1) => {
      await v1.register(apiKeyRoutes, { apiKeys: services.apiKeys })
      await v1.register(auditRoutes, { audit: services.audit })
      await v1.register(programRoutes, { programs: services.programs })
      await v1.register(workerRoutes, { workers: services.workers })
      await v1.register(enrolmentRoutes, { enrolments: services.enrolments })
      await v1.register(branchRoutes, { branches: services.branches })
      await v1.register(invoiceRoutes, { invoices: services.invoices })
      await v1.register(claimRoutes, { claims: services.claims })
      await v1.register(calendarRoutes, { calendar: services.calendar })
    },
    { prefix: '/v1' }
  )

  app.addHook('onClose', async () => {
    if (ownsDb) await handle.close()
  })

  try {
    if (config.bootstrapAdminKey) await services.apiKeys.ensureBootstrapAdmin(config.bootstrapAdminKey)
  } catch (err) {
    // The database may fail between the migrations and here: close what was opened, so a retry starts clean.
    await app.close()
    throw err
  }

  return Object.assign(app, { services, dbHandle: handle, registeredRoutes }) as unknown as App
}
