/**
 * `npm run seed:demo`: writes the demo data into the configured database (DATABASE_URL, or the embedded one
 * in DATA_DIR): programme TNG-2025 as in DOMAIN.md. Safe to run twice: what exists is left as it is.
 */
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { seedDemoPrograms } from '../src/seed/demo.js'

const config = { ...loadConfig(), seedDemo: false, logLevel: 'warn' as const }
const app = await buildApp(config)
try {
  const programs = await seedDemoPrograms(app.services)
  console.log(`demo programmes created: ${programs}`)
} finally {
  await app.close()
}
