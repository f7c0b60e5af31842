import { PGlite } from '@electric-sql/pglite'
import { openDatabase } from '../src/db/client.js'
import { runMigrations } from '../src/db/migrate.js'
let t0 = performance.now()
const h = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' })
console.log('open', performance.now() - t0); t0 = performance.now()
await runMigrations(h)
console.log('migrate', performance.now() - t0); t0 = performance.now()
const dump = await h.pglite!.dumpDataDir('none')
console.log('dump', performance.now() - t0, dump.size); t0 = performance.now()
const c = new PGlite({ loadDataDir: dump }); await c.waitReady
console.log('load', performance.now() - t0); t0 = performance.now()
const r = await c.query('select count(*) from programs'); console.log(r.rows, performance.now() - t0)
const c2 = new PGlite(); await c2.waitReady
console.log('open2', performance.now() - t0)
