import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'

/** A configuration problem (an environment variable, the holiday file) stops start-up with one line. */
async function orExit<T> (step: () => T | Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
}

const config = await orExit(() => loadConfig())
const app = await orExit(() => buildApp(config))

// On SIGTERM/SIGINT stop accepting connections, let in-flight requests finish, then close the database.
closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an uncaught error')
  else app.log.info({ signal }, 'shutting down gracefully')
  await app.close()
})

await app.listen({ port: config.port, host: config.host })
app.log.info(
  { database: app.dbHandle.engine, docs: config.docsEnabled ? '/docs' : 'disabled' },
  `jamsos-rentan listening on ${config.host}:${config.port}`
)
