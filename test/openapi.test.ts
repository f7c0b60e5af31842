import t from 'tap'
import { readFileSync } from 'node:fs'
import { buildTestApp } from './helpers/app.js'

t.test('the committed openapi.yaml is exactly what the routes generate (run `npm run openapi`)', async (t) => {
  const { app } = await buildTestApp(t, { docsEnabled: true })
  await app.ready()
  const generated = app.swagger({ yaml: true })
  const committed = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')
  t.equal(committed, generated)
})

t.test('every operation documents its problem responses and requires a bearer key unless public', async (t) => {
  const { app } = await buildTestApp(t)
  await app.ready()
  const spec = app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>> }
  for (const [path, ops] of Object.entries(spec.paths)) {
    if (!path.startsWith('/v1')) continue
    for (const [method, op] of Object.entries(ops)) {
      t.ok(op.responses['401'], `${method.toUpperCase()} ${path} documents 401`)
      t.ok(op.responses['429'], `${method.toUpperCase()} ${path} documents 429`)
    }
  }
})

t.test('every operation has its own operationId, the name a typed client gives its function', async (t) => {
  const { app } = await buildTestApp(t)
  await app.ready()
  const spec = app.swagger() as unknown as { paths: Record<string, Record<string, { operationId?: string }>> }
  const seen = new Map<string, string>()
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const where = `${method.toUpperCase()} ${path}`
      t.match(op.operationId, /^[a-z][A-Za-z]+$/, `${where} has a camelCase operationId`)
      if (op.operationId === undefined) continue
      t.notOk(seen.has(op.operationId), `${where}: operationId ${op.operationId} is not also ${seen.get(op.operationId) ?? 'used elsewhere'}`)
      seen.set(op.operationId, where)
    }
  }
  t.ok(seen.size >= 25, `${seen.size} operations named`)
})
