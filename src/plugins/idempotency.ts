import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/client.js'
import { AppError, badRequest, conflict, unprocessable } from '../errors.js'
import { canonicalJson, sha256Hex } from '../lib/crypto.js'
import { claimKey, findKey, releaseKey, storeResponse } from './idempotency.repository.js'

/**
 * `Idempotency-Key` on routes that declare `config.idempotent`: the same key with the same request replays
 * the first response (status, body, key headers); the same key with another request is 422; a retry while
 * the first is still running is 409. Keys are scoped to the API key that sent them. A 5xx is not stored,
 * so the client may retry it.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean
  }
  interface FastifyRequest {
    idempotencyKey: string | null
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'] as const

export const idempotencyPlugin = fp<{ db: Db }>(
  async (app: FastifyInstance, { db }) => {
    app.decorateRequest('idempotencyKey', null)

    app.addHook('preHandler', async (req, reply) => {
      if (!req.routeOptions.config.idempotent || !req.actor) return
      const header = req.headers['idempotency-key']
      if (header === undefined) return
      if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
        throw badRequest('Idempotency-Key must be 1–255 visible ASCII characters.', [{ path: 'Idempotency-Key', message: 'invalid' }])
      }
      const requestHash = sha256Hex(`${req.method} ${req.url}\n${canonicalJson(req.body ?? null)}`)
      const scope = { apiKeyId: req.actor.keyId, key: header }
      if (await claimKey(db, { ...scope, method: req.method, path: req.url, requestHash, createdAt: req.receivedAt })) {
        req.idempotencyKey = header
        return
      }
      const existing = await findKey(db, scope)
      if (!existing) throw conflict('idempotency-in-progress', 'Retry: the request with this Idempotency-Key just finished.')
      if (existing.requestHash !== requestHash) {
        throw unprocessable('idempotency-key-reused', 'This Idempotency-Key was used for a different request; use a new key for a new request.')
      }
      if (existing.statusCode === null) {
        throw new AppError(409, 'idempotency-in-progress', 'Conflict', 'A request with this Idempotency-Key is still being processed; retry shortly.', undefined, { 'retry-after': '1' })
      }
      for (const [k, v] of Object.entries(existing.responseHeaders ?? {})) reply.header(k, v)
      reply.header('idempotent-replayed', 'true')
      return reply.code(existing.statusCode).send(existing.responseBody ?? '')
    })

    app.addHook('onSend', async (req, reply, payload) => {
      const key = req.idempotencyKey
      if (key === null || !req.actor) return payload
      req.idempotencyKey = null
      const scope = { apiKeyId: req.actor.keyId, key }
      try {
        if (reply.statusCode >= 500) {
          await releaseKey(db, scope)
        } else {
          const headers: Record<string, string> = {}
          for (const h of REPLAYED_HEADERS) {
            const v = reply.getHeader(h)
            if (v !== undefined) headers[h] = String(v)
          }
          await storeResponse(db, scope, { statusCode: reply.statusCode, body: typeof payload === 'string' ? payload : '', headers })
        }
      } catch (err) {
        req.log.error({ err }, 'could not record the idempotent response')
      }
      return payload
    })
  },
  { name: 'idempotency', dependencies: ['auth'] }
)
