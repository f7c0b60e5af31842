import { connect } from 'node:net'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { bearer, buildTestApp, listenWithSlowRoute, openTestDatabase, testConfig } from '../helpers/app.js'
import { programInput } from '../helpers/fixtures.js'

/**
 * Every error reply is RFC 9457 problem+json, the ones Fastify and Node's HTTP parser would otherwise write in
 * their own JSON included: an unknown route, a body over the limit, a too-long path segment, a bad URL, a wrong
 * content type, headers over Node's limit, and a request that arrives while the server shuts down.
 */

const PROBLEMS = 'https://jamsos-rentan.id/problems/'
const db = await openTestDatabase(t)
const { app, keys } = await buildTestApp(t, { bodyLimitBytes: 1024 }, db)

type Reply = { statusCode: number; headers: Record<string, unknown>; json(): unknown }

function isProblem (t: Tap, res: Reply, status: number, type: string) {
  t.equal(res.statusCode, status, `${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/, `${status} is problem+json`)
  t.match(res.json(), { type: `${PROBLEMS}${type}`, title: String, status, detail: String }, `${status} has type, title, status, detail`)
}
type Tap = Pick<Test, 'equal' | 'match'>

t.test('an unknown route is a 404 problem', async (t) => {
  isProblem(t, await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: bearer(keys.admin) }), 404, 'not-found')
  isProblem(t, await app.inject({ method: 'DELETE', url: '/nowhere' }), 404, 'not-found')
})

t.test('a body over the limit is a 413 problem', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: bearer(keys.admin), payload: { ...programInput(), name: 'x'.repeat(2000) } })
  isProblem(t, res, 413, 'payload-too-large')
})

t.test('a path segment over 100 characters is a 414 problem (Fastify would answer in its own JSON)', async (t) => {
  const res = await app.inject({ method: 'GET', url: `/v1/workers/${'a'.repeat(150)}`, headers: bearer(keys.admin) })
  isProblem(t, res, 414, 'uri-too-long')
  t.notOk(res.body.includes('a'.repeat(150)), 'the segment is not echoed')
})

t.test('a path that is not valid percent-encoding is a 400 problem', async (t) => {
  isProblem(t, await app.inject({ method: 'GET', url: '/v1/programs/%E0%A4%A', headers: bearer(keys.admin) }), 400, 'bad-request')
})

t.test('a content type the route does not take is a 415 problem', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/v1/programs', headers: { ...bearer(keys.admin), 'content-type': 'application/xml' }, payload: '<a/>' })
  isProblem(t, res, 415, 'unsupported-media-type')
})

t.test('over HTTP: a URL past Node\'s header limit is a 431 problem, written before Fastify sees the request', async (t) => {
  const served = await buildApp(testConfig(), { db })
  await served.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => served.close())
  const port = (served.server.address() as { port: number }).port
  const res = await fetch(`http://127.0.0.1:${port}/v1/programs?q=${'a'.repeat(20_000)}`)
  t.equal(res.status, 431)
  t.match(res.headers.get('content-type'), /^application\/problem\+json/)
  t.match(await res.json(), { type: `${PROBLEMS}request-header-fields-too-large`, title: String, status: 431, detail: String })
})

t.test('a request arriving while the server shuts down is a 503 problem with Retry-After', async (t) => {
  const closingApp = await buildApp(testConfig(), { db })
  const { port, inHandler, release } = await listenWithSlowRoute(closingApp)

  // One keep-alive connection: a request in flight keeps it open through close(), and a second request is
  // pipelined on it after close() began (a load balancer that has not yet noticed).
  const socket = connect(port, '127.0.0.1')
  let received = ''
  socket.setEncoding('utf8').on('data', (d: string) => { received += d })
  const socketClosed = new Promise((resolve) => socket.on('close', resolve))
  socket.write('GET /slow HTTP/1.1\r\nHost: test\r\n\r\n')
  await inHandler
  const closing = closingApp.close()
  while (closingApp.server.listening) await new Promise((resolve) => setImmediate(resolve))
  socket.write('GET /v1/programs HTTP/1.1\r\nHost: test\r\n\r\n')
  await new Promise((resolve) => setTimeout(resolve, 50))
  release()
  await closing
  await Promise.race([socketClosed, new Promise((resolve) => setTimeout(resolve, 2_000))])
  socket.destroy()

  const second = received.indexOf('HTTP/1.1', 1)
  t.ok(received.startsWith('HTTP/1.1 200'), 'the in-flight request finished')
  t.ok(second > 0, 'the request sent during shutdown was answered')
  const [head = '', body = ''] = received.slice(second).split('\r\n\r\n')
  t.match(head, /^HTTP\/1\.1 503/)
  t.match(head, /content-type: application\/problem\+json/i)
  t.match(head, /retry-after: 5/i)
  t.match(head, /connection: close/i)
  t.match(JSON.parse(body), { type: `${PROBLEMS}shutting-down`, title: String, status: 503, detail: String })
})

t.test('shutdown ends as soon as the in-flight request is answered, not after the keep-alive timeout', async (t) => {
  const slowApp = await buildApp(testConfig(), { db })
  let release: () => void = () => {}
  let entered: () => void = () => {}
  const gate = new Promise<void>((resolve) => { release = resolve })
  const inHandler = new Promise<void>((resolve) => { entered = resolve })
  slowApp.get('/slow', { config: { auth: 'public' } }, async () => {
    entered()
    await gate
    return { done: true }
  })
  await slowApp.listen({ port: 0, host: '127.0.0.1' })
  const port = (slowApp.server.address() as { port: number }).port
  const inFlight = fetch(`http://127.0.0.1:${port}/slow`) // a keep-alive connection, as a load balancer keeps
  await inHandler
  const closing = slowApp.close()
  release()
  t.equal((await inFlight).status, 200)
  // Fastify keeps an idle connection for 72 s, past SHUTDOWN_GRACE_MS: the process would be killed, not closed
  const closed = await Promise.race([closing.then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 5_000, 'still open'))])
  t.equal(closed, 'closed', 'close() finished within 5 s')
  await closing
})
