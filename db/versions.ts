import type { Db } from './open.ts';
import { textSql } from './text.ts';

export interface VersionRow {
  version: number;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  wordCount: number;
  contentHash: string;
  capturedAt: string;
  replacedAt: string | null;
}

/** Earlier states of clippings whose article was captured again with changed text. */
export class VersionRepo {
  constructor(private readonly db: Db) {}

  /** Keeps the clipping's current state as a version (call before replacing it). */
  keepCurrent(clippingId: number, now: string): void {
    this.db
      .prepare(
        `INSERT INTO clipping_versions (clipping_id, capture_id, title, byline, published_at, modified_at, text, html, figures,
           word_count, content_hash, captured_at, replaced_at)
         SELECT id, capture_id, title, byline, published_at, modified_at, ${textSql()}, html, figures, word_count, content_hash, captured_at, ?
           FROM clippings WHERE id = ?`,
      )
      .run(now, clippingId);
  }

  /** True when the clipping or one of its earlier versions had exactly this text. */
  hadText(clippingId: number, contentHash: string): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM clippings WHERE id = ? AND content_hash = ?
           UNION ALL SELECT 1 FROM clipping_versions WHERE clipping_id = ? AND content_hash = ? LIMIT 1`,
        )
        .get(clippingId, contentHash, clippingId, contentHash) !== undefined
    );
  }

  /** How many versions a clipping has, itself included. */
  count(clippingId: number): number {
    return 1 + (this.db.prepare(`SELECT count(*) AS n FROM clipping_versions WHERE clipping_id = ?`).get(clippingId) as { n: number }).n;
  }

  /** Every version, oldest first; the last one (replacedAt null) is the clipping as it is now. */
  list(clippingId: number): VersionRow[] {
    const rows = this.db
      .prepare(
        `SELECT title, byline, published_at AS publishedAt, modified_at AS modifiedAt, word_count AS wordCount,
                content_hash AS contentHash, captured_at AS capturedAt, replaced_at AS replacedAt
           FROM clipping_versions WHERE clipping_id = ? ORDER BY id`,
      )
      .all(clippingId) as Omit<VersionRow, 'version'>[];
    const current = this.db
      .prepare(
        `SELECT title, byline, published_at AS publishedAt, modified_at AS modifiedAt, word_count AS wordCount,
                content_hash AS contentHash, captured_at AS capturedAt, NULL AS replacedAt FROM clippings WHERE id = ?`,
      )
      .get(clippingId) as Omit<VersionRow, 'version'> | undefined;
    return [...rows, ...(current ? [current] : [])].map((r, i) => ({ version: i + 1, ...r }));
  }

  /** The text of one version (1-based, as listed). */
  text(clippingId: number, version: number): string | null {
    const row = this.db.prepare(`SELECT text FROM clipping_versions WHERE clipping_id = ? ORDER BY id LIMIT 1 OFFSET ?`).get(clippingId, version - 1) as
      | { text: string }
      | undefined;
    return row?.text ?? null;
  }
}
