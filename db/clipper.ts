import type { ClipperToken } from '../electron/contract/shapes.ts';
import type { Db } from './open.ts';

/**
 * The browser clipper's tables (migration 013): paired browsers' tokens, kept only as
 * SHA-256 hashes, and the clips already delivered, by their idempotency key.
 */
export class ClipperRepo {
  constructor(private readonly db: Db) {}

  addToken(name: string, tokenHash: string, now: string): number {
    const r = this.db.prepare(`INSERT INTO clipper_tokens (name, token_hash, created_at) VALUES (?, ?, ?)`).run(name, tokenHash, now);
    return Number(r.lastInsertRowid);
  }

  /** The paired browser holding a token with this hash; its last use becomes `now`. */
  useToken(tokenHash: string, now: string): number | null {
    const row = this.db.prepare(`SELECT id FROM clipper_tokens WHERE token_hash = ?`).get(tokenHash) as { id: number } | undefined;
    if (!row) return null;
    this.db.prepare(`UPDATE clipper_tokens SET last_used_at = ? WHERE id = ?`).run(now, row.id);
    return row.id;
  }

  token(id: number): ClipperToken | null {
    const row = this.db.prepare(`SELECT id, name, created_at AS createdAt, last_used_at AS lastUsedAt FROM clipper_tokens WHERE id = ?`).get(id) as ClipperToken | undefined;
    return row ?? null;
  }

  tokens(): ClipperToken[] {
    return this.db.prepare(`SELECT id, name, created_at AS createdAt, last_used_at AS lastUsedAt FROM clipper_tokens ORDER BY id`).all() as ClipperToken[];
  }

  revoke(id: number): boolean {
    return this.db.prepare(`DELETE FROM clipper_tokens WHERE id = ?`).run(id).changes > 0;
  }

  /** The answer given to the clip with this key, as JSON, if it was delivered before. */
  delivery(key: string): string | null {
    return (this.db.prepare(`SELECT result FROM clipper_deliveries WHERE key = ?`).get(key) as { result: string } | undefined)?.result ?? null;
  }

  recordDelivery(key: string, result: string, now: string): void {
    this.db.prepare(`INSERT INTO clipper_deliveries (key, result, created_at) VALUES (?, ?, ?)`).run(key, result, now);
  }
}
