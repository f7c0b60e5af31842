/** Who is calling and in which request: passed from routes to services, recorded in audit rows. */
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
}

/** The actor used by start-up tasks (bootstrap key, demo seed): recorded as such in the audit trail. */
export const SYSTEM_ACTOR: Actor = { keyId: '00000000-0000-0000-0000-000000000000', name: 'system', role: 'admin', branchCode: null }

/** The branch a caller is limited to: its own for a branch key, none (null) for every other role. */
export function branchScopeOf(actor: Actor): string | null {
  return actor.role === 'branch' ? actor.branchCode : null
}
