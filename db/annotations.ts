import type { Annotation, AnnotationState } from '../electron/contract/shapes.ts';
import type { Db } from './open.ts';

const SELECT = `SELECT id, clipping_id AS clippingId, exact AS quote, prefix, suffix, start, end, color, note, state,
  created_at AS createdAt, updated_at AS updatedAt FROM annotations`;

export interface NewAnnotation {
  clippingId: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  color: string;
  note: string;
}

/** Where an annotation now sits in its clipping's text (after re-anchoring). */
export type Placement =
  | { state: 'anchored'; exact: string; prefix: string; suffix: string; start: number; end: number }
  | { state: 'orphaned' };

/** Stored W3C selectors (TextQuoteSelector + TextPositionSelector) over a clipping's text. */
export class AnnotationRepo {
  constructor(private readonly db: Db) {}

  insert(a: NewAnnotation, now: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO annotations (clipping_id, exact, prefix, suffix, start, end, color, note, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'anchored', ?, ?)`,
        )
        .run(a.clippingId, a.exact, a.prefix, a.suffix, a.start, a.end, a.color, a.note, now, now).lastInsertRowid,
    );
  }

  get(id: number): Annotation | null {
    return (this.db.prepare(`${SELECT} WHERE id = ?`).get(id) as Annotation | undefined) ?? null;
  }

  forClipping(clippingId: number): Annotation[] {
    return this.db
      .prepare(`${SELECT} WHERE clipping_id = ? ORDER BY state = 'orphaned', start, id`)
      .all(clippingId) as Annotation[];
  }

  /** Annotations of many clippings at once, keyed by clipping. */
  forClippings(ids: readonly number[]): Map<number, Annotation[]> {
    const out = new Map<number, Annotation[]>(ids.map((id) => [id, []]));
    const rows = this.db
      .prepare(`${SELECT} WHERE clipping_id IN (SELECT value FROM json_each(?)) ORDER BY clipping_id, state = 'orphaned', start, id`)
      .all(JSON.stringify(ids)) as Annotation[];
    for (const r of rows) out.get(r.clippingId)?.push(r);
    return out;
  }

  update(id: number, patch: { note?: string; color?: string }, now: string): void {
    if (patch.note !== undefined) this.db.prepare(`UPDATE annotations SET note = ?, updated_at = ? WHERE id = ?`).run(patch.note, now, id);
    if (patch.color !== undefined) this.db.prepare(`UPDATE annotations SET color = ?, updated_at = ? WHERE id = ?`).run(patch.color, now, id);
  }

  place(id: number, p: Placement, now: string): void {
    if (p.state === 'anchored') {
      this.db
        .prepare(`UPDATE annotations SET exact = ?, prefix = ?, suffix = ?, start = ?, end = ?, state = 'anchored', updated_at = ? WHERE id = ?`)
        .run(p.exact, p.prefix, p.suffix, p.start, p.end, now, id);
    } else {
      this.db.prepare(`UPDATE annotations SET start = NULL, end = NULL, state = 'orphaned', updated_at = ? WHERE id = ?`).run(now, id);
    }
  }

  delete(id: number): boolean {
    return this.db.prepare(`DELETE FROM annotations WHERE id = ?`).run(id).changes === 1;
  }

  count(state?: AnnotationState): number {
    const sql = `SELECT count(*) AS n FROM annotations a JOIN clippings c ON c.id = a.clipping_id WHERE c.deleted_at IS NULL${state ? ' AND a.state = ?' : ''}`;
    return (this.db.prepare(sql).get(...(state ? [state] : [])) as { n: number }).n;
  }
}
