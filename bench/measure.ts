import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'

/**
 * What a measured path costs besides its wall time: CPU of the server and of PostgreSQL, read from /proc (Linux
 * only), and peak memory. A child-process server is read through its pid; an in-process path (the bulk suites,
 * app.inject) through process.cpuUsage() and sampled RSS, which then include the bench's own client side.
 */

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, normally 100). */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/**
 * The CPU fields of /proc/<pid>/stat in ms: utime and stime (fields 14 and 15), and cutime and cstime (16 and
 * 17: the children it has reaped). Read after the last `)`, since the command name may hold spaces. Undefined
 * when the process has gone.
 */
function statCpuMs (pid: number | string, withChildren: boolean): number | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // after ") " the fields start at field 3 (state): field n is at index n - 3
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0)
  return (ticks * 1000) / CLK_TCK
}

/** CPU ms (user + system, every thread) a process has used so far; 0 when it has gone. */
export function processCpuMs (pid: number): number {
  return statCpuMs(pid, false) ?? 0
}

/**
 * CPU ms used by every process whose /proc/<pid>/comm is `postgres`: the postmaster, its background processes and
 * every backend. A backend that exits is reaped by the postmaster, which adds its times to its own cutime and
 * cstime, so those are counted too and the sum never drops when a connection closes. Processes that vanish
 * between listing /proc and reading them are skipped. This is the whole server: another database's sessions on
 * the same PostgreSQL (someone's test run) land in it as well.
 */
export function postgresCpuMs (): number {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let comm: string
    try {
      comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
    } catch {
      continue
    }
    if (comm !== 'postgres') continue
    total += statCpuMs(entry, true) ?? 0
  }
  return total
}

/** The peak resident set of a process in bytes (VmHWM of /proc/<pid>/status); 0 when it has gone. */
export function peakRssOf (pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/**
 * Resets a process's peak RSS to its current RSS (`5` into /proc/<pid>/clear_refs), so that VmHWM read after a load
 * is that load's peak rather than the process's since it started. False where that is not allowed; the peak is
 * then the process's since it started.
 */
export function resetPeakRss (pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/** Samples this process's RSS every 20 ms until stopped: the peak growth over the RSS when it started, in bytes. */
export function sampleRss (): { stop(): number } {
  const before = process.memoryUsage().rss
  let peak = before
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  return {
    stop () {
      clearInterval(timer)
      peak = Math.max(peak, process.memoryUsage().rss)
      return peak - before
    },
  }
}

/** One measured run of a path. */
export type Cost = {
  ms: number
  /** CPU ms of the server: the child process given, or this whole process (an in-process path and its client). */
  serverCpuMs: number
  /** CPU ms of every PostgreSQL process. */
  pgCpuMs: number
  /** A child server: its peak RSS during the run (VmHWM). In-process: the peak growth of this process's RSS. */
  rssBytes: number
}

/**
 * Runs fn and measures it: wall time, the server's CPU (`pid`: a child server; none: this process), PostgreSQL's
 * CPU and peak memory.
 */
export async function measure<T> (fn: () => Promise<T>, pid?: number): Promise<Cost & { value: T }> {
  if (pid !== undefined) resetPeakRss(pid)
  const rss = pid === undefined ? sampleRss() : undefined
  const cpu0 = pid === undefined ? process.cpuUsage() : processCpuMs(pid)
  const pg0 = postgresCpuMs()
  const t0 = performance.now()
  const value = await fn()
  const ms = performance.now() - t0
  const pgCpuMs = postgresCpuMs() - pg0
  let serverCpuMs: number
  if (typeof cpu0 === 'number') {
    serverCpuMs = processCpuMs(pid!) - cpu0
  } else {
    const d = process.cpuUsage(cpu0)
    serverCpuMs = (d.user + d.system) / 1000
  }
  const rssBytes = rss === undefined ? peakRssOf(pid!) : rss.stop()
  return { ms, serverCpuMs, pgCpuMs, rssBytes, value }
}

/** The median (the upper one of an even count, as the existing rows have it). */
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** `min–max` of the rounds, formatted by fmt. */
export const spread = (xs: readonly number[], fmt: (x: number) => string) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`

export const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0)

/** CPU ms per `per` units (requests, rows): one decimal below 10, whole numbers above. */
export function cpuPer (cpuMs: number, units: number, per = 1): string {
  const x = (cpuMs / Math.max(1, units)) * per
  return x < 10 ? x.toFixed(per === 1 ? 2 : 1) : Math.round(x).toLocaleString('en')
}

/** Several measured runs of one path (its interleaved rounds), summarised per column. */
export type Rounds = { ms: number[]; serverCpuMs: number[]; pgCpuMs: number[]; rssBytes: number[] }

export const emptyRounds = (): Rounds => ({ ms: [], serverCpuMs: [], pgCpuMs: [], rssBytes: [] })

export function addRound (rounds: Rounds, c: Cost): void {
  rounds.ms.push(c.ms)
  rounds.serverCpuMs.push(c.serverCpuMs)
  rounds.pgCpuMs.push(c.pgCpuMs)
  rounds.rssBytes.push(c.rssBytes)
}
