/**
 * `npm run seed:demo [-- --workers N] [--seed S]`: writes the demo data into the configured database
 * (DATABASE_URL, or the embedded one in DATA_DIR): programme TNG-2025 as in DOMAIN.md and N synthetic workers
 * (default 1,000; reproducible for a seed), and the santunan tahap 2025-I (98 families paid). Safe to run twice:
 * what exists is left as it is.
 */
import { parseArgs } from 'node:util'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { systemContext } from '../src/lib/context.js'
import { DEMO_TAHAP, seedDemoTahap } from '../src/seed/claims.js'
import { seedDemoPrograms } from '../src/seed/demo.js'
import { DEMO_SEED, seedDemoWorkers } from '../src/seed/workers.js'

const { values } = parseArgs({
  options: { workers: { type: 'string', default: '1000' }, seed: { type: 'string', default: String(DEMO_SEED) } },
})
const count = Number(values.workers)
const seed = Number(values.seed)
if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run seed:demo -- [--workers N] [--seed S]   (N and S whole numbers)')
  process.exit(2)
}

const config = { ...loadConfig(), seedDemo: false, logLevel: 'warn' as const }
const app = await buildApp(config)
try {
  const programs = await seedDemoPrograms(app.services)
  console.log(`demo programmes created: ${programs}`)
  let reported = 0
  const result = await seedDemoWorkers(app.dbHandle.db, {
    count,
    seed,
    onProgress: (done) => {
      if (done - reported >= 100_000) {
        reported = done
        console.log(`  ${done.toLocaleString('en')} workers written…`)
      }
    },
  })
  const tahap = await seedDemoTahap(app.services, systemContext('seed-demo'))
  console.log(`santunan claims paid in tahap ${DEMO_TAHAP.tahap}: ${tahap}`)
  const rate = result.ms > 0 ? Math.round((count / result.ms) * 1000) : count
  console.log(
    `demo workers (seed ${seed}): ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged ` +
      `in ${(result.ms / 1000).toFixed(1)} s (${rate.toLocaleString('en')} rows/s, ${app.dbHandle.engine})`
  )
} finally {
  await app.close()
}
