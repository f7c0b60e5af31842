import { hasNikRun } from './privacy.js'

/** Who is calling, in which request, and when: passed from routes to services, recorded in audit rows. */
export const ROLES = ['admin', 'operator', 'branch', 'auditor'] as const
export type Role = (typeof ROLES)[number]

export type Actor = {
  keyId: string
  name: string
  role: Role
  /** Set for (and only for) branch keys: the one BPJS branch the key acts for. */
  branchCode: string | null
}

export type RequestContext = {
  actor: Actor
  /** The server's own id of the request (never the caller's): the one the audit trail trusts. */
  requestId: string
  /**
   * The caller's X-Request-Id when it is sane, kept beside requestId so one id can follow a call across city
   * systems. Anyone can send any value, so it is correlation, never identity.
   */
  clientRequestId?: string | undefined
  /**
   * The request's instant, read once from the app's injected clock: every row and audit event the request writes
   * carries it, and "today" (Asia/Jakarta) is derived from it. Repositories never read a clock of their own.
   */
  at: Date
}

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * The caller's X-Request-Id if it is worth keeping: short, plain characters, and no 16-digit run (an id that
 * could be a NIK would carry it into the log and the audit trail).
 */
export function clientRequestIdOf (header: unknown): string | undefined {
  return typeof header === 'string' && CLIENT_REQUEST_ID.test(header) && !hasNikRun(header) ? header : undefined
}

/** The actor used by start-up tasks (bootstrap key, demo seed): recorded as such in the audit trail. */
export const SYSTEM_ACTOR: Actor = { keyId: '00000000-0000-0000-0000-000000000000', name: 'system', role: 'admin', branchCode: null }

/** The context of a start-up task or script, acting as the system. */
export function systemContext (requestId: string, at: Date = new Date()): RequestContext {
  return { actor: SYSTEM_ACTOR, requestId, at }
}

/**
 * A list's branch filter for this caller: the one asked for, or a branch key's own. null when a branch key asks for
 * another branch's list, which is empty for it.
 */
export function branchFilterOf (actor: Actor, requested: string | undefined): string | undefined | null {
  const own = branchScopeOf(actor)
  if (own === null) return requested
  return requested === undefined || requested === own ? own : null
}

/** The branch a caller is limited to: its own for a branch key, none (null) for every other role. */
export function branchScopeOf (actor: Actor): string | null {
  return actor.role === 'branch' ? actor.branchCode : null
}

/** One step of a state machine's history (invoices, claims): the new status, who took it, when, in which request. */
export type Transition<S extends string> = { status: S; at: string; actorKeyId: string; actorRole: string; requestId: string; detail?: string }

export function transitionOf<S extends string> (ctx: RequestContext, status: S, detail?: string): Transition<S> {
  return {
    status,
    at: ctx.at.toISOString(),
    actorKeyId: ctx.actor.keyId,
    actorRole: ctx.actor.role,
    requestId: ctx.requestId,
    ...(detail !== undefined ? { detail } : {}),
  }
}
