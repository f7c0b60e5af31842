import type { Actor } from '../../lib/context.js'

/**
 * The keys this instance has verified recently, by the hash of their secret, so that a request is one database
 * round trip (its own read) instead of two. A cache of credentials is only safe if a revoked key leaves it at once,
 * so this one is used only while it is **live**: while this instance is listening for PostgreSQL's notification
 * that api_keys changed (a trigger sends it on every UPDATE, DELETE or TRUNCATE of the table, whatever the path:
 * this API, another instance, a psql session). Every notification empties it. The moment the listening connection
 * is lost it stops being live, is emptied and every request reads the database again, until the listener is back.
 *
 * A read that was in flight when a notification arrived is not stored (the generation moved on meanwhile), so a
 * key read just before its revocation committed cannot outlive the notification. Only keys that were found and
 * active are stored; an unknown secret is always asked of the database (a new key works at once). Entries also
 * expire after `ttlMs`, a bound for the one failure a listener cannot see: a connection that silently stops
 * delivering without closing.
 */
export class VerifiedKeyCache {
  private readonly entries = new Map<string, { actor: Actor; storedAt: number }>()
  private generation = 0
  private live = false

  constructor (
    private readonly opts: { ttlMs: number; maxEntries: number; now: () => number }
  ) {}

  /** Whether the cache is used now: listening, and not turned off (ttlMs 0). */
  get isLive (): boolean {
    return this.live && this.opts.ttlMs > 0
  }

  /** The listener is up (true) or lost (false). Losing it empties the cache; either way nothing stored before counts. */
  setLive (live: boolean): void {
    this.live = live
    this.invalidate()
  }

  /** api_keys changed somewhere: forget every verified key, and every read still in flight. */
  invalidate (): void {
    this.generation++
    this.entries.clear()
  }

  /** A ticket for a read about to ask the database: `store` keeps its answer only if nothing changed meanwhile. */
  ticket (): number {
    return this.generation
  }

  get (hash: string): Actor | undefined {
    if (!this.isLive) return undefined
    const entry = this.entries.get(hash)
    if (entry === undefined) return undefined
    if (this.opts.now() - entry.storedAt >= this.opts.ttlMs) {
      this.entries.delete(hash)
      return undefined
    }
    return entry.actor
  }

  store (hash: string, actor: Actor, ticket: number): void {
    if (!this.isLive || ticket !== this.generation) return
    if (this.entries.size >= this.opts.maxEntries && !this.entries.has(hash)) {
      // the oldest first (a Map iterates in insertion order)
      this.entries.delete(this.entries.keys().next().value!)
    }
    this.entries.set(hash, { actor: Object.freeze({ ...actor }), storedAt: this.opts.now() })
  }

  get size (): number {
    return this.entries.size
  }
}
