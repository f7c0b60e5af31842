import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'

let config
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}

const app = await buildApp(config)

// On SIGTERM/SIGINT stop accepting connections, let in-flight requests finish, then close the database.
closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an uncaught error')
  else app.log.info({ signal }, 'shutting down gracefully')
  await app.close()
})

await app.listen({ port: config.port, host: config.host })
app.log.info(
  { database: app.dbHandle.engine, docs: config.docsEnabled ? '/docs' : 'disabled' },
  `jamsos-rentan listening on ${config.host}:${config.port}`,
)
