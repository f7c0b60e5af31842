import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import t from 'tap'

/**
 * The server process itself (src/server.ts): with its database unreachable it retries for DB_STARTUP_TIMEOUT_MS,
 * logging each retry on one line, then says why in one line on stderr and exits 1; no stack trace.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** A port nothing listens on: bound, then closed. */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

function run (env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      // only what the server needs: no DATABASE_URL or anything else from the test run leaks in
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(killer)
      resolve({ code, stdout, stderr })
    })
  })
}

t.test('an unreachable database at start-up: retries logged on one line each, then one line and exit 1', async (t) => {
  const port = await closedPort()
  const { code, stdout, stderr } = await run({
    DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/jamsos`,
    DB_STARTUP_TIMEOUT_MS: '1500',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  })
  t.equal(code, 1, 'exits non-zero')
  const errLines = stderr.split('\n').filter((l) => l.trim() !== '')
  t.equal(errLines.length, 1, `one line on stderr: ${stderr}`)
  t.match(errLines[0], /^Database error at start-up \(gave up after 1\.5 s, DB_STARTUP_TIMEOUT_MS\): .*ECONNREFUSED/)
  t.notOk(/\n\s+at /.test(stderr + stdout), 'no stack trace')
  const retries = stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { msg: string })
  t.ok(retries.length >= 1, 'at least one retry was logged')
  for (const r of retries) t.match(r.msg, /^database not reachable yet: retrying in \d+ ms$/)
})
