import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { forbidden, unauthorized } from '../errors.js'
import { clientRequestIdOf, type Actor, type RequestContext, type Role } from '../lib/context.js'

/**
 * Every route declares who may call it in `config.auth`: a list of roles, or 'public'.
 * A /v1 route that declares nothing stops the app from starting, so no route is left open by accident.
 */
export type RouteAuth = readonly Role[] | 'public'

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth
  }
  interface FastifyRequest {
    actor: Actor | null
    /** When the request arrived, from the app's one clock: the `at` of its RequestContext. */
    receivedAt: Date
    /** The caller's X-Request-Id when sane (clientRequestIdOf): for correlation, never the request's identity (req.id). */
    clientRequestId: string | undefined
  }
}

export type RegisteredRoute = { method: string; url: string; auth: RouteAuth }

export const ALL_ROLES: readonly Role[] = ['admin', 'operator', 'branch', 'auditor']

export type AuthOptions = {
  /** The caller for a presented secret, or null when it is unknown or revoked (the api-keys module answers). */
  authenticate: (secret: string) => Promise<Actor | null>
  /** Every route with the roles it admits is pushed here, for the auth-matrix test. */
  routes: RegisteredRoute[]
  /** The app's clock. */
  now: () => number
  /**
   * Counts the request against its caller (the key id once authenticated, else null: the client address) and
   * throws 429 over the limit. Called after the header is parsed and the key looked up, and before any 401 or 403,
   * so neither rewriting the header nor guessing keys escapes it.
   */
  limit?: (req: FastifyRequest, reply: FastifyReply, keyId: string | null) => Promise<void>
}

export const authPlugin = fp<AuthOptions>(
  async (app: FastifyInstance, opts) => {
    app.decorateRequest('actor', null)
    app.decorateRequest('receivedAt', null as unknown as Date) // set on every request (a Date is a reference type)
    app.decorateRequest('clientRequestId', undefined)

    app.addHook('onRoute', (route) => {
      const declared = (route.config as { auth?: RouteAuth } | undefined)?.auth
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      if (declared === undefined && route.url.startsWith('/v1')) {
        throw new Error(`Route ${methods.join(',')} ${route.url} declares no config.auth`)
      }
      const auth: RouteAuth = declared ?? 'public'
      route.config = { ...(route.config ?? {}), auth }
      // OpenAPI: a public route needs no bearer key (the document's default is to require one).
      if (auth === 'public' && route.schema) route.schema = { ...route.schema, security: [] } as typeof route.schema
      for (const m of methods) if (m !== 'HEAD') opts.routes.push({ method: m, url: route.url, auth })
    })

    app.addHook('onRequest', async (req, reply) => {
      req.receivedAt = new Date(opts.now())
      req.clientRequestId = clientRequestIdOf(req.headers['x-request-id'])
      const auth = req.routeOptions.config.auth
      // Unknown URLs (auth undefined) fall through to the 404 handler; they and public pages count per address.
      if (auth === undefined || auth === 'public') {
        await opts.limit?.(req, reply, null)
        return
      }
      const header = req.headers.authorization
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
      const actor = match ? await opts.authenticate(match[1]!) : null
      await opts.limit?.(req, reply, actor?.keyId ?? null)
      if (!match) throw unauthorized()
      if (!actor) throw unauthorized('The API key is unknown or revoked.')
      req.actor = actor
      if (!auth.includes(actor.role)) throw forbidden()
    })
  },
  { name: 'auth' }
)

/** The authenticated caller of a route that declared roles (never public routes). */
export function contextOf (req: FastifyRequest): RequestContext {
  if (!req.actor) throw unauthorized()
  return { actor: req.actor, requestId: req.id, clientRequestId: req.clientRequestId, at: req.receivedAt }
}
