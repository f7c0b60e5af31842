import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { databaseFaultOf, describeDatabaseError, retryWhileUnreachable, sqlStateOf } from './db/client.js'
import { loggerOptions } from './logger.js'

/**
 * What stops start-up (a bad environment variable or holiday file, a database that never answered) is said in
 * one line on stderr, and the process exits 1: an operator reads the cause, not a stack trace.
 */
async function orExit<T> (step: () => T | Promise<T>, databaseHint = ''): Promise<T> {
  try {
    return await step()
  } catch (err) {
    if (err instanceof ConfigError) exit(err.message)
    if (databaseFaultOf(err) !== undefined || sqlStateOf(err) !== undefined) exit(`Database error at start-up${databaseHint}: ${describeDatabaseError(err)}`)
    throw err
  }
}

function exit (line: string): never {
  console.error(line.replace(/\s*\n\s*/g, ' '))
  process.exit(1)
}

const config = await orExit(() => loadConfig())
// The app's logger exists only once the app does; until then, retries are logged with the same options.
const startLog = pino(loggerOptions(config))

// A database that is not up yet (a container starting beside it, a failover) is waited for, within a budget.
const app = await orExit(
  () =>
    retryWhileUnreachable(() => buildApp(config), {
      budgetMs: config.dbStartupTimeoutMs,
      onRetry: (err, attempt, delayMs) =>
        startLog.warn({ attempt, err }, `database not reachable yet: retrying in ${delayMs} ms`),
    }),
  ` (gave up after ${config.dbStartupTimeoutMs / 1000} s, DB_STARTUP_TIMEOUT_MS)`
)

// On SIGTERM/SIGINT stop accepting connections, let in-flight requests finish, then close the database.
closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an uncaught error')
  else app.log.info({ signal }, 'shutting down gracefully')
  await app.close()
})

try {
  await app.listen({ port: config.port, host: config.host })
} catch (err) {
  await app.close()
  exit(`Cannot listen on ${config.host}:${config.port}: ${err instanceof Error ? err.message : String(err)}`)
}
app.log.info(
  { database: app.dbHandle.engine, docs: config.docsEnabled ? '/docs' : 'disabled' },
  `jamsos-rentan listening on ${config.host}:${config.port}`
)
