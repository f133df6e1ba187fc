import type { Annotation } from '../electron/api.ts';
import type { Db } from './open.ts';

const SELECT = `SELECT id, clipping_id AS clippingId, exact AS quote, prefix, suffix, start, end, color, note, state,
  created_at AS createdAt, updated_at AS updatedAt FROM annotations`;

/** Stored W3C selectors (TextQuoteSelector + TextPositionSelector) over a clipping's text. */
export class AnnotationRepo {
  constructor(private readonly db: Db) {}

  forClipping(clippingId: number): Annotation[] {
    return this.db
      .prepare(`${SELECT} WHERE clipping_id = ? ORDER BY coalesce(start, 9e18), id`)
      .all(clippingId) as Annotation[];
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM annotations`).get() as { n: number }).n;
  }
}
