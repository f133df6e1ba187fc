import type { TagCount } from '../electron/api.ts';
import type { Db } from './open.ts';

/** Tags: names are trimmed and unique regardless of case (the first spelling wins). */
export class TagRepo {
  constructor(private readonly db: Db) {}

  /** The id of the tag with this name, creating it when new. */
  ensure(name: string, now: string): number {
    const clean = normalizeTagName(name);
    const found = this.db.prepare(`SELECT id FROM tags WHERE name = ?`).get(clean) as { id: number } | undefined;
    if (found) return found.id;
    return Number(this.db.prepare(`INSERT INTO tags (name, created_at) VALUES (?, ?)`).run(clean, now).lastInsertRowid);
  }

  addToClipping(clippingId: number, names: readonly string[], now: string): void {
    // Not INSERT OR IGNORE: an ignored row would fire the BEFORE trigger (removing the
    // search document) but not the AFTER one (putting it back). See migration 002.
    const link = this.db.prepare(
      `INSERT INTO clipping_tags (clipping_id, tag_id, added_at)
       SELECT @c, @t, @now WHERE NOT EXISTS (SELECT 1 FROM clipping_tags WHERE clipping_id = @c AND tag_id = @t)`,
    );
    for (const name of names) link.run({ c: clippingId, t: this.ensure(name, now), now });
  }

  removeFromClipping(clippingId: number, names: readonly string[]): void {
    const unlink = this.db.prepare(
      `DELETE FROM clipping_tags WHERE clipping_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)`,
    );
    for (const name of names) unlink.run(clippingId, normalizeTagName(name));
  }

  forClipping(clippingId: number): string[] {
    return (
      this.db
        .prepare(
          `SELECT t.name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.clipping_id = ? ORDER BY t.name COLLATE NOCASE`,
        )
        .all(clippingId) as { name: string }[]
    ).map((r) => r.name);
  }

  /** Tags of many clippings at once (one query for a page of results). */
  forClippings(ids: readonly number[]): Map<number, string[]> {
    const out = new Map<number, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT ct.clipping_id AS id, t.name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
          WHERE ct.clipping_id IN (SELECT value FROM json_each(?)) ORDER BY t.name COLLATE NOCASE`,
      )
      .all(JSON.stringify(ids)) as { id: number; name: string }[];
    for (const r of rows) out.get(r.id)?.push(r.name);
    return out;
  }

  list(): TagCount[] {
    return this.db
      .prepare(
        `SELECT t.name, t.color, count(ct.clipping_id) AS count FROM tags t
           LEFT JOIN clipping_tags ct ON ct.tag_id = t.id
          GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
      )
      .all() as TagCount[];
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM tags`).get() as { n: number }).n;
  }
}

export function normalizeTagName(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
