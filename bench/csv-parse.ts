import { parse } from 'csv-parse'
import { CsvParser, csvRow } from '../src/lib/csv.js'
import { generateDemoWorkers } from '../src/seed/workers.js'
import type { BulkSuite } from './bulk.js'

/**
 * The import's CSV reader (src/lib/csv.ts) beside csv-parse, a well-kept streaming library, on the same 100,000-row
 * file cut into the same 64 KiB chunks, interleaved for three rounds: records out, time, and what each does with
 * the inputs people send that RFC 4180 does not cover.
 */
const COLUMNS = ['nik', 'kkNumber', 'name', 'birthDate', 'sex', 'address', 'kecamatanCode', 'kelurahan', 'phone', 'occupation', 'disability', 'desil', 'desilSource', 'desilPeriod'] as const

async function ours (chunks: string[]): Promise<number> {
  const p = new CsvParser({ delimiter: 'auto' })
  let n = 0
  for (const c of chunks) n += p.push(c).length
  return n + p.end().length
}

async function library (chunks: string[]): Promise<number> {
  const parser = parse({ bom: true, relax_column_count: true })
  let n = 0
  const done = new Promise<void>((resolve, reject) => {
    parser.on('readable', () => { while (parser.read() !== null) n++ })
    parser.on('end', resolve)
    parser.on('error', reject)
  })
  for (const c of chunks) parser.write(c)
  parser.end()
  await done
  return n
}

const describe = async (fn: () => Promise<unknown>) => {
  try {
    return JSON.stringify(await fn())
  } catch (e) {
    return `refused (${(e as Error).message.split('\n')[0]})`
  }
}

export const csvParseSuite: BulkSuite = {
  title: 'CSV reading: the hand-written reader beside csv-parse',
  async run () {
    const rows = [...generateDemoWorkers({ count: 100_000, seed: 2025 })]
    const text = csvRow(COLUMNS) + rows.map((w) => csvRow(COLUMNS.map((c) => (w as Record<string, string | number | boolean | null>)[c] ?? null))).join('')
    const chunks: string[] = []
    for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536))
    const runs: Record<'ours' | 'library', number[]> = { ours: [], library: [] }
    for (let r = 0; r < 3; r++) {
      for (const [name, fn] of [['ours', ours], ['library', library]] as const) {
        const t0 = performance.now()
        const n = await fn(chunks)
        if (n !== rows.length + 1) throw new Error(`${name} read ${n} records`)
        runs[name].push(performance.now() - t0)
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!
    const out = [
      `${(Buffer.byteLength(text) / 2 ** 20).toFixed(1)} MiB, ${rows.length.toLocaleString('en')} rows in 64 KiB chunks; median of 3 interleaved rounds.`,
      '',
      '| reader | time | vs the hand-written reader |',
      '|---|---:|---:|',
      `| src/lib/csv.ts CsvParser | ${Math.round(med(runs.ours))} ms | 1.0× |`,
      `| csv-parse (bom, relax_column_count) | ${Math.round(med(runs.library))} ms | ${(med(runs.library) / med(runs.ours)).toFixed(1)}× |`,
      '',
      '| input | CsvParser | csv-parse |',
      '|---|---|---|',
    ]
    const cases: Array<[string, string]> = [
      ['`;`-separated (Excel in an Indonesian locale)', 'a;b\r\n1;2\r\n'],
      ['a stray quote inside an unquoted field', 'a,b\r\n1,x"y\r\n'],
      ['a quoted field never closed', 'a,b\r\n1,"x\r\n'],
    ]
    for (const [name, t] of cases) {
      const a = await describe(async () => { const p = new CsvParser({ delimiter: 'auto' }); return [...p.push(t), ...p.end()] })
      const b = await describe(() => new Promise((resolve, reject) => parse(t, { relax_column_count: true }, (err, o) => (err ? reject(err) : resolve(o)))))
      out.push(`| ${name} | ${a.replace(/\|/g, '\\|')} | ${b.replace(/\|/g, '\\|')} |`)
    }
    return out
  },
}
