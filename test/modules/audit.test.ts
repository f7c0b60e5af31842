import t from 'tap'
import { sql } from 'drizzle-orm'
import { systemContext } from '../../src/lib/context.js'
import { recordAudit } from '../../src/modules/audit/audit.service.js'
import { bearer, buildTestApp } from '../helpers/app.js'
import { programInput } from '../helpers/fixtures.js'

const ctx = systemContext('req-audit-test')
const { app, keys } = await buildTestApp(t)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

t.test('creating a programme writes one audit row with the actor, the request id and the after-image', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'x-request-id': 'req-42' }, payload: programInput() })
  t.equal(res.statusCode, 201)
  const requestId = res.headers['x-request-id']
  t.match(requestId, UUID, 'the request id is the server’s own')
  t.equal(res.headers['x-client-request-id'], 'req-42', 'the caller’s id is echoed beside it')
  const trail = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=program&entityId=TNG-2025', headers: bearer(keys.auditor) })
  t.equal(trail.statusCode, 200)
  const items = trail.json().items
  t.equal(items.length, 1)
  t.match(items[0], { action: 'program.created', entityType: 'program', entityId: 'TNG-2025', before: null, after: { code: 'TNG-2025', quota: 5952 }, requestId, clientRequestId: 'req-42', actor: { role: 'admin' } })
  t.match(items[0].occurredAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
})

t.test('a caller’s X-Request-Id is never the request id: two calls with the same one are told apart in the trail', async (t) => {
  const headers = { ...bearer(keys.admin), 'x-request-id': 'same-id' }
  const first = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'RID-1' }) })
  const second = await app.inject({ method: 'POST', url: '/v1/programs', headers, payload: programInput({ code: 'RID-2' }) })
  t.not(first.headers['x-request-id'], second.headers['x-request-id'])
  const events = (await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=program&limit=500', headers: bearer(keys.admin) })).json().items
  const of = (code: string) => events.find((e: { entityId: string }) => e.entityId === code)
  t.match(of('RID-1'), { requestId: first.headers['x-request-id'], clientRequestId: 'same-id' })
  t.match(of('RID-2'), { requestId: second.headers['x-request-id'], clientRequestId: 'same-id' })
  // a problem quotes the server's id too
  const dup = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'x-request-id': 'dup-1' }, payload: programInput({ code: 'RID-1' }) })
  t.equal(dup.json().requestId, dup.headers['x-request-id'])
  t.not(dup.json().requestId, 'dup-1')
})

t.test('an X-Request-Id that is not plain, too long, or could be a NIK is neither kept nor echoed', async (t) => {
  for (const [i, bad] of ['has space', 'x'.repeat(129), 'req-3671014507900001', 'ünïcode'].entries()) {
    const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'x-request-id': bad }, payload: programInput({ code: `BAD-${i}` }) })
    t.equal(res.statusCode, 201)
    t.match(res.headers['x-request-id'], UUID)
    t.equal(res.headers['x-client-request-id'], undefined, 'not echoed')
    const [event] = (await app.inject({ method: 'GET', url: `/v1/audit-events?entityType=program&entityId=BAD-${i}`, headers: bearer(keys.admin) })).json().items
    t.match(event, { requestId: res.headers['x-request-id'], clientRequestId: null }, 'not kept')
  }
})

t.test('a change that fails leaves no audit row', async (t) => {
  await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code: 'ONCE' }) })
  const dup = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: programInput({ code: 'ONCE' }) })
  t.equal(dup.statusCode, 409)
  const trail = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=program&entityId=ONCE', headers: bearer(keys.admin) })
  t.equal(trail.json().items.length, 1, 'only the successful creation is audited')

  // and a transaction that records its audit row, then fails, leaves none
  await t.rejects(
    app.dbHandle.db.transaction(async (tx) => {
      await recordAudit(tx, ctx, { action: 'test.rolled-back', entityType: 'test', entityId: 'x', after: { a: 1 } })
      throw new Error('the change failed after its audit row was written')
    })
  )
  const rolledBack = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=test', headers: bearer(keys.admin) })
  t.same(rolledBack.json().items, [])
})

t.test('audit rows never hold a full NIK', async (t) => {
  await recordAudit(app.dbHandle.db, ctx, {
    action: 'worker.created',
    entityType: 'worker',
    entityId: 'w1',
    after: { nik: '3671014507900001', kkNumber: '3671010101010001', name: 'Siti', heir: { nik: '3671010101800002' } },
  })
  const res = await app.inject({ method: 'GET', url: '/v1/audit-events?entityType=worker', headers: bearer(keys.auditor) })
  const body = res.body
  for (const full of ['3671014507900001', '3671010101010001', '3671010101800002']) t.notOk(body.includes(full), 'this full NIK or KK number is not in the trail')
  t.equal(res.json().items[0].after.nik, '3671••••••••0001')
})

t.test('the audit trail is append-only in the database itself', async (t) => {
  await recordAudit(app.dbHandle.db, ctx, { action: 'x', entityType: 'test', entityId: '1' })
  await t.rejects(app.dbHandle.db.execute(sql`update audit_events set action = 'rewritten'`), 'update refused')
  await t.rejects(app.dbHandle.db.execute(sql`delete from audit_events`), 'delete refused')
})

t.test('the audit trail pages oldest first without gaps', async (t) => {
  for (let i = 0; i < 5; i++) await recordAudit(app.dbHandle.db, ctx, { action: `a${i}`, entityType: 'paging', entityId: String(i) })
  const actions: string[] = []
  let cursor: string | null = null
  do {
    const page: { json(): { items: Array<{ action: string }>; nextCursor: string | null } } = await app.inject({ method: 'GET', url: `/v1/audit-events?entityType=paging&limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(keys.admin) })
    actions.push(...page.json().items.map((e: { action: string }) => e.action))
    cursor = page.json().nextCursor
  } while (cursor)
  t.same(actions, ['a0', 'a1', 'a2', 'a3', 'a4'])
})
