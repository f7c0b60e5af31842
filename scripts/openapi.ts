/**
 * Writes openapi.yaml from the routes' zod schemas (`npm run openapi`), or fails when the committed file is
 * stale (`npm run openapi:check`). The document is never edited by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

const target = fileURLToPath(new URL('../openapi.yaml', import.meta.url))
const check = process.argv.includes('--check')

const app = await buildApp({ ...loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO: 'false' }), databaseUrl: undefined, dataDir: 'memory://', docsEnabled: true })
await app.ready()
const yaml = app.swagger({ yaml: true })
await app.close()

if (check) {
  let current = ''
  try {
    current = readFileSync(target, 'utf8')
  } catch {
    // missing counts as stale
  }
  if (current !== yaml) {
    console.error('openapi.yaml is stale: run `npm run openapi` and commit the result.')
    process.exit(1)
  }
  console.log('openapi.yaml is up to date.')
} else {
  writeFileSync(target, yaml)
  console.log(`wrote ${target}`)
}
