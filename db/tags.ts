import type { TagCount } from '../electron/contract/shapes.ts';
import type { Db } from './open.ts';
import { prepared } from './statements.ts';

/** Tags: names are trimmed and unique regardless of case (the first spelling wins). */
export class TagRepo {
  constructor(private readonly db: Db) {}

  find(name: string): { id: number; name: string } | null {
    return (prepared(this.db, `SELECT id, name FROM tags WHERE name = ?`).get(normalizeTagName(name)) as { id: number; name: string } | undefined) ?? null;
  }

  /** The id of the tag with this name, creating it when new. */
  ensure(name: string, now: string): number {
    const clean = normalizeTagName(name);
    const found = this.find(clean);
    if (found) return found.id;
    return Number(prepared(this.db, `INSERT INTO tags (name, created_at) VALUES (?, ?)`).run(clean, now).lastInsertRowid);
  }

  /** Adds tags to clippings; returns how many links were new. */
  addToClippings(clippingIds: readonly number[], names: readonly string[], now: string): number {
    // Not INSERT OR IGNORE: an ignored row would fire the BEFORE trigger (removing the
    // search document) but not the AFTER one (putting it back). See migration 002.
    const link = prepared(
      this.db,
      `INSERT INTO clipping_tags (clipping_id, tag_id, added_at)
       SELECT @c, @t, @now WHERE NOT EXISTS (SELECT 1 FROM clipping_tags WHERE clipping_id = @c AND tag_id = @t)`,
    );
    let added = 0;
    for (const name of names) {
      const t = this.ensure(name, now);
      for (const c of clippingIds) added += link.run({ c, t, now }).changes;
    }
    return added;
  }

  addToClipping(clippingId: number, names: readonly string[], now: string): void {
    this.addToClippings([clippingId], names, now);
  }

  /** Removes tags from clippings; returns how many links went. */
  removeFromClippings(clippingIds: readonly number[], names: readonly string[]): number {
    const unlink = prepared(this.db, `DELETE FROM clipping_tags WHERE clipping_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)`);
    let removed = 0;
    for (const name of names) for (const c of clippingIds) removed += unlink.run(c, normalizeTagName(name)).changes;
    return removed;
  }

  removeFromClipping(clippingId: number, names: readonly string[]): void {
    this.removeFromClippings([clippingId], names);
  }

  rename(id: number, to: string): void {
    this.db.prepare(`UPDATE tags SET name = ? WHERE id = ?`).run(normalizeTagName(to), id);
  }

  /** Moves every clipping of `fromId` to `intoId`, then deletes `fromId`. */
  merge(fromId: number, intoId: number, now: string): number {
    const ids = this.clippingsOf(fromId);
    const into = (this.db.prepare(`SELECT name FROM tags WHERE id = ?`).get(intoId) as { name: string }).name;
    const moved = this.addToClippings(ids, [into], now);
    this.delete(fromId);
    return moved;
  }

  /** Deletes a tag: its links go first, one by one, so each clipping is reindexed. */
  delete(id: number): void {
    this.db.prepare(`DELETE FROM clipping_tags WHERE tag_id = ?`).run(id);
    this.db.prepare(`DELETE FROM tags WHERE id = ?`).run(id);
  }

  setColor(id: number, color: string | null): void {
    this.db.prepare(`UPDATE tags SET color = ? WHERE id = ?`).run(color, id);
  }

  clippingsOf(tagId: number): number[] {
    return (this.db.prepare(`SELECT clipping_id AS id FROM clipping_tags WHERE tag_id = ?`).all(tagId) as { id: number }[]).map((r) => r.id);
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

  /** Every tag with the number of live clippings carrying it. */
  list(): TagCount[] {
    return this.db
      .prepare(
        `SELECT t.name, t.color, count(c.id) AS count FROM tags t
           LEFT JOIN clipping_tags ct ON ct.tag_id = t.id
           LEFT JOIN clippings c ON c.id = ct.clipping_id AND c.deleted_at IS NULL
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
