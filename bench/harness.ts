import { spawn, type ChildProcess } from 'node:child_process'
import pg from 'pg'
import { openDatabase, type DbHandle } from '../src/db/client.js'
import { runMigrations } from '../src/db/migrate.js'

/** What every bench mode shares: throw-away databases on the local PostgreSQL and child-process servers. */

export const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export type BenchDatabase = { url: string; handle: DbHandle; drop(): Promise<void> }

async function admin (sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

/**
 * A new, empty database `jr_bench_<pid>_<suffix>` with the migrations applied, and its handle; drop() closes the
 * handle and drops the database (forcing out any session still in it).
 */
export async function freshDatabase (suffix: string): Promise<BenchDatabase> {
  const name = `jr_bench_${process.pid}_${suffix}`
  await admin(`drop database if exists ${name} with (force)`)
  await admin(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' })
  try {
    await runMigrations(handle)
  } catch (err) {
    await handle.close()
    await admin(`drop database if exists ${name} with (force)`)
    throw err
  }
  return {
    url: url.toString(),
    handle,
    async drop () {
      await handle.close()
      await admin(`drop database if exists ${name} with (force)`)
    },
  }
}

export type ChildServer = { port: number; child: ChildProcess; pid: number; stop(): void }

/** bench/server.ts in its own process (`bare` or `app`), resolved once it prints `READY <port>`. */
export function startServer (mode: 'bare' | 'app', env: Record<string, string>): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', mode], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (\d+)/.exec(out)
      if (m) resolve({ port: Number(m[1]), child, pid: child.pid!, stop: () => child.kill() })
    })
    child.on('exit', (code) => reject(new Error(`bench server ${mode} exited with ${code}`)))
  })
}
