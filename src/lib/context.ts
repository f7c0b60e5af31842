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
  requestId: string
  /**
   * The request's instant, read once from the app's injected clock: every row and audit event the request writes
   * carries it, and "today" (Asia/Jakarta) is derived from it. Repositories never read a clock of their own.
   */
  at: Date
}

/** The actor used by start-up tasks (bootstrap key, demo seed): recorded as such in the audit trail. */
export const SYSTEM_ACTOR: Actor = { keyId: '00000000-0000-0000-0000-000000000000', name: 'system', role: 'admin', branchCode: null }

/** The context of a start-up task or script, acting as the system. */
export function systemContext (requestId: string, at: Date = new Date()): RequestContext {
  return { actor: SYSTEM_ACTOR, requestId, at }
}

/** The branch a caller is limited to: its own for a branch key, none (null) for every other role. */
export function branchScopeOf (actor: Actor): string | null {
  return actor.role === 'branch' ? actor.branchCode : null
}
