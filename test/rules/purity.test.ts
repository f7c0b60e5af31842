// src/rules is pure: no I/O, no clock, no environment, no framework; relative .js imports only; named exports only.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as rules from '../../src/rules/index.js'

const dir = join(import.meta.dirname, '../../src/rules')
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))

t.test('src/rules imports only its own files, with .js extensions', async (t) => {
  t.ok(files.length >= 10)
  for (const f of files) {
    const src = readFileSync(join(dir, f), 'utf8')
    const specifiers = [...src.matchAll(/\bfrom\s+'([^']+)'/g), ...src.matchAll(/\bimport\s*\(\s*'([^']+)'/g)].map((m) => m[1] ?? '')
    for (const s of specifiers) t.match(s, /^\.\/[a-z-]+\.js$/, `${f} imports ${s}`)
  }
})

t.test('src/rules never reads the clock, the environment or the process, and has no default export', async (t) => {
  for (const f of files) {
    const src = readFileSync(join(dir, f), 'utf8')
    t.notMatch(src, /new Date\(\s*\)/, `${f}: no new Date()`)
    t.notMatch(src, /Date\.now\(/, `${f}: no Date.now()`)
    t.notMatch(src, /\bprocess\./, `${f}: no process`)
    t.notMatch(src, /\brequire\(/, `${f}: no require`)
    t.notMatch(src, /Math\.random\(/, `${f}: no randomness`)
    t.notMatch(src, /export\s+default/, `${f}: no default export`)
    t.notMatch(src, /\bconsole\./, `${f}: no logging`)
  }
})

t.test('index re-exports every module of src/rules', async (t) => {
  const index = readFileSync(join(dir, 'index.ts'), 'utf8')
  for (const f of files.filter((x) => x !== 'index.ts')) {
    t.match(index, `export * from './${f.replace(/\.ts$/, '.js')}'`, `index re-exports ${f}`)
  }
  for (const name of ['checkEligibility', 'coverageOn', 'assessJkm', 'assessJkk', 'assessScholarship', 'assessSantunanKematian', 'requiredDocuments', 'missingDocuments', 'parseNik', 'quota', 'CURRENT_RULESET']) {
    t.ok(name in rules, `${name} is exported`)
  }
})
