import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/client.js'
import { AppError, badRequest, conflict, unprocessable } from '../errors.js'
import { canonicalJson, sha256Hex } from '../lib/crypto.js'
import { claimKey, findKey, pruneExpiredKeys, releaseKey, storeResponse, type Claim } from './idempotency.repository.js'

/**
 * `Idempotency-Key` on routes that declare `config.idempotent`: the same key with the same request replays
 * the first response (status, body, key headers); the same key with another request is 422; a retry while
 * the first is still running is 409 with Retry-After. Keys are scoped to the API key that sent them and kept
 * 24 hours (CONTRACT.md): after that the key is forgotten and a request with it runs as new. A 5xx is not
 * stored, so the client may retry it. `idempotent: 'required'` marks a POST whose retry after a lost reply
 * could not be told from its first run (a batch would answer "already enrolled" for the workers it just
 * enrolled): without the header it is 400.
 *
 * A claim holds for a lease (IDEMPOTENCY_LEASE_MS, longer than any request runs). If the process dies
 * mid-request, nothing is stored and the claim lapses; a retry of the same request then takes it over in one
 * conditional statement, so of two retries only one can. This never runs the work twice: the work is one
 * transaction of its own, which either rolled back when the process died (the retry does it now) or had
 * committed before the response was kept, and then the retry meets the business rules and constraints that
 * hold for any second attempt ("already enrolled", "programme exists", a batch's per-worker refusals). Only the
 * request that holds the claim may store its response or release it, so a request that outlived its lease
 * cannot overwrite the answer of the retry that took over.
 *
 * What is kept is what a replay needs and no more: the status, three headers and the response body, which
 * must be byte-for-byte the first answer (so a POST /v1/workers reply keeps its full NIK). The request body is
 * kept only as a SHA-256. Rows are deleted after 24 hours by the prune below, and the plugin never logs a body.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean | 'required'
  }
  interface FastifyRequest {
    idempotencyClaim: Claim | null
  }
}

export type IdempotencyOptions = {
  db: Db
  /** The app's clock. */
  now: () => number
  /** How long a claim holds while its request runs. */
  leaseMs: number
  /** How often expired records are deleted (default every 5 minutes). */
  pruneEveryMs?: number
}

/** CONTRACT.md: keys are kept 24 hours. */
export const RETENTION_MS = 24 * 60 * 60 * 1000
/** At most this many rows per prune, so one run never holds many locks or a long transaction. */
const PRUNE_BATCH = 10_000
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'] as const

/** What makes two requests "the same": method, URL and body, key order aside. */
export function requestHashOf (method: string, url: string, body: unknown): string {
  return sha256Hex(`${method} ${url}\n${canonicalJson(body ?? null)}`)
}

export const idempotencyPlugin = fp<IdempotencyOptions>(
  async (app: FastifyInstance, { db, now, leaseMs, pruneEveryMs = 5 * 60_000 }) => {
    app.decorateRequest('idempotencyClaim', null)

    // Before validation, so a missing key gets its own message rather than the header schema's.
    app.addHook('preValidation', async (req) => {
      const mode = req.routeOptions.config.idempotent
      if (!mode || !req.actor) return
      const header = req.headers['idempotency-key']
      if (header === undefined) {
        if (mode !== 'required') return
        throw badRequest(
          'Idempotency-Key is required for this operation: send a new unique key with each new request and the same key when you retry it.',
          [{ path: 'Idempotency-Key', message: 'required' }]
        )
      }
      if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
        throw badRequest('Idempotency-Key must be 1–255 visible ASCII characters.', [{ path: 'Idempotency-Key', message: 'invalid' }])
      }
    })

    app.addHook('preHandler', async (req, reply) => {
      if (!req.routeOptions.config.idempotent || !req.actor) return
      const header = req.headers['idempotency-key']
      if (typeof header !== 'string') return
      const at = req.receivedAt
      const requestHash = requestHashOf(req.method, req.url, req.body)
      const claim: Claim = { apiKeyId: req.actor.keyId, key: header, lockedUntil: new Date(at.getTime() + leaseMs) }
      const forgetBefore = new Date(at.getTime() - RETENTION_MS)
      if (await claimKey(db, { ...claim, method: req.method, path: req.url, requestHash, at, forgetBefore })) {
        req.idempotencyClaim = claim
        return
      }
      const existing = await findKey(db, claim)
      if (!existing) throw conflict('idempotency-in-progress', 'Retry: the request with this Idempotency-Key just finished.')
      if (existing.requestHash !== requestHash) {
        throw unprocessable('idempotency-key-reused', 'This Idempotency-Key was used for a different request; use a new key for a new request.')
      }
      if (existing.statusCode === null) {
        const lapses = existing.lockedUntil ? ` If the process serving it has stopped, its claim lapses at ${existing.lockedUntil.toISOString()} and a retry then runs it.` : ''
        throw new AppError(409, 'idempotency-in-progress', 'Conflict', `A request with this Idempotency-Key is still being processed; retry shortly.${lapses}`, undefined, { 'retry-after': '1' })
      }
      for (const [k, v] of Object.entries(existing.responseHeaders ?? {})) reply.header(k, v)
      reply.header('idempotent-replayed', 'true')
      return reply.code(existing.statusCode).send(existing.responseBody ?? '')
    })

    app.addHook('onSend', async (req, reply, payload) => {
      const claim = req.idempotencyClaim
      if (claim === null) return payload
      req.idempotencyClaim = null
      try {
        if (reply.statusCode >= 500) {
          await releaseKey(db, claim)
        } else {
          const headers: Record<string, string> = {}
          for (const h of REPLAYED_HEADERS) {
            const v = reply.getHeader(h)
            if (v !== undefined) headers[h] = String(v)
          }
          await storeResponse(db, claim, { statusCode: reply.statusCode, body: typeof payload === 'string' ? payload : '', headers })
        }
      } catch (err) {
        req.log.error({ err }, 'could not record the idempotent response')
      }
      return payload
    })

    // Expired records go in the background: one capped, set-based DELETE per run; several instances may run it
    // at once (each skips the rows another is deleting). unref: the timer never keeps a process alive.
    let pruning: Promise<void> | undefined
    const prune = async () => {
      try {
        const deleted = await pruneExpiredKeys(db, new Date(now() - RETENTION_MS), PRUNE_BATCH)
        if (deleted > 0) app.log.info({ deleted }, 'pruned expired idempotency records')
      } catch (err) {
        app.log.warn({ err }, 'could not prune expired idempotency records')
      }
    }
    const timer = setInterval(() => {
      pruning ??= prune().finally(() => { pruning = undefined })
    }, pruneEveryMs)
    timer.unref()
    app.addHook('onClose', async () => {
      clearInterval(timer)
      await pruning // never close the database under a running prune
    })
  },
  { name: 'idempotency', dependencies: ['auth'] }
)
