import { z } from 'zod'
import type { Db } from '../../db/client.js'
import { notFound } from '../../errors.js'
import { systemContext, type Actor, type RequestContext, type Role } from '../../lib/context.js'
import { constantTimeEqualHex, newApiKeySecret, sha256Hex } from '../../lib/crypto.js'
import { decodeCursor, toPage } from '../../lib/pagination.js'
import { recordAudit } from '../audit/audit.service.js'
import type { VerifiedKeyCache } from './api-keys.cache.js'
import {
  findActiveKeyByHash,
  findKeyByHash,
  findKeyById,
  insertKey,
  listKeys,
  revokeKey,
  type ApiKeyRow,
} from './api-keys.repository.js'

export type ApiKeyView = {
  id: string
  name: string
  role: Role
  branchCode: string | null
  prefix: string
  createdAt: string
  revokedAt: string | null
}

function toView (r: ApiKeyRow): ApiKeyView {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    branchCode: r.branchCode,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }
}

function toActor (r: ApiKeyRow): Actor {
  return { keyId: r.id, name: r.name, role: r.role, branchCode: r.branchCode }
}

export class ApiKeyService {
  constructor (
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    /** Keys verified recently, used only while the instance hears every change to api_keys (VerifiedKeyCache). */
    private readonly verified?: VerifiedKeyCache
  ) {}

  /**
   * The actor for a presented secret, or null. Only a hash of the secret is looked up and compared. A key this
   * instance verified recently is answered from its cache while that is live (it hears, through PostgreSQL, every
   * change to api_keys made anywhere, and forgets everything on each); otherwise the database is asked.
   */
  async authenticate (secret: string): Promise<Actor | null> {
    if (secret.length < 16 || secret.length > 256) return null
    const hash = sha256Hex(secret)
    const cached = this.verified?.get(hash)
    if (cached) return cached
    const ticket = this.verified?.ticket()
    const row = await findActiveKeyByHash(this.db, hash)
    if (!row || !constantTimeEqualHex(row.secretHash, hash)) return null
    const actor = toActor(row)
    if (ticket !== undefined) this.verified!.store(hash, actor, ticket)
    return actor
  }

  /** For /metrics: whether the cache of verified keys is in use, and how many it holds. */
  cacheState (): { live: boolean; entries: number } {
    return { live: this.verified?.isLive ?? false, entries: this.verified?.size ?? 0 }
  }

  async create (ctx: RequestContext, input: { name: string; role: Role; branchCode?: string | undefined }) {
    const secret = newApiKeySecret()
    const row = await this.db.transaction(async (tx) => {
      const created = await insertKey(tx, {
        name: input.name,
        role: input.role,
        branchCode: input.branchCode ?? null,
        secretHash: sha256Hex(secret),
        prefix: secret.slice(0, 8),
        createdAt: ctx.at,
      })
      await recordAudit(tx, ctx, { action: 'api-key.created', entityType: 'api-key', entityId: created.id, after: toView(created) })
      return created
    })
    return { ...toView(row), key: secret }
  }

  async list (q: { limit: number; cursor?: string | undefined }) {
    const after = decodeCursor(q.cursor, z.uuid())
    const rows = await listKeys(this.db, { afterId: after, limit: q.limit })
    return toPage(rows, q.limit, (r) => r.id, toView)
  }

  async revoke (ctx: RequestContext, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await findKeyById(tx, id)
      if (!before) throw notFound('API key')
      if (before.revokedAt) return // revoking twice is a no-op, not an error
      const after = await revokeKey(tx, id, ctx.at)
      await recordAudit(tx, ctx, { action: 'api-key.revoked', entityType: 'api-key', entityId: id, before: toView(before), after: after ? toView(after) : null })
    })
    // Committed: this instance forgets at once (the others when PostgreSQL notifies them of the change).
    this.verified?.invalidate()
  }

  /** Start-up: make sure an admin key with this secret exists (BOOTSTRAP_ADMIN_KEY). */
  async ensureBootstrapAdmin (secret: string): Promise<void> {
    const hash = sha256Hex(secret)
    await this.db.transaction(async (tx) => {
      const existing = await findKeyByHash(tx, hash)
      if (existing && existing.role === 'admin' && !existing.revokedAt) return
      if (existing) return // a revoked or non-admin key with that secret stays as it is: revocation wins
      const ctx = systemContext('startup', new Date(this.now()))
      const created = await insertKey(tx, { name: 'bootstrap admin', role: 'admin', branchCode: null, secretHash: hash, prefix: secret.slice(0, 8), createdAt: ctx.at })
      await recordAudit(tx, ctx, { action: 'api-key.bootstrapped', entityType: 'api-key', entityId: created.id, after: toView(created) })
    })
  }
}
