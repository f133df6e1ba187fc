import type { ClippingSummary, Figure } from '../electron/api.ts';
import type { Db } from './open.ts';

export interface NewClipping {
  captureId: number | null;
  title: string;
  byline: string | null;
  outlet: string | null;
  sourceUrl: string | null;
  canonicalUrl: string | null;
  urlKey: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  capturedAt: string;
  lang: string | null;
  excerpt: string | null;
  text: string;
  html: string | null;
  figures: Figure[];
  leadImage: string | null;
  wordCount: number;
  contentHash: string;
  note?: string;
}

/** A stored clipping, columns in camelCase. */
export interface ClippingRecord extends Omit<NewClipping, 'note'> {
  id: number;
  note: string;
  createdAt: string;
  updatedAt: string;
}

/** Columns a hand edit may change (the FTS triggers watch the indexed ones). */
export interface ClippingPatch {
  title?: string;
  byline?: string | null;
  outlet?: string | null;
  sourceUrl?: string | null;
  canonicalUrl?: string | null;
  urlKey?: string | null;
  publishedAt?: string | null;
  lang?: string | null;
  note?: string;
}

const COLUMN: Record<keyof ClippingPatch, string> = {
  title: 'title',
  byline: 'byline',
  outlet: 'outlet',
  sourceUrl: 'source_url',
  canonicalUrl: 'canonical_url',
  urlKey: 'url_key',
  publishedAt: 'published_at',
  lang: 'lang',
  note: 'note',
};

const SELECT_RECORD = `SELECT id, capture_id AS captureId, title, byline, outlet, source_url AS sourceUrl,
  canonical_url AS canonicalUrl, url_key AS urlKey, published_at AS publishedAt, modified_at AS modifiedAt,
  captured_at AS capturedAt, lang, excerpt, text, html, figures, lead_image AS leadImage, word_count AS wordCount,
  content_hash AS contentHash, note, created_at AS createdAt, updated_at AS updatedAt FROM clippings`;

const SELECT_SUMMARY = `SELECT id, title, byline, outlet, coalesce(canonical_url, source_url) AS url,
  published_at AS publishedAt, captured_at AS capturedAt, lang, excerpt, word_count AS wordCount FROM clippings`;

export class ClippingRepo {
  constructor(private readonly db: Db) {}

  insert(c: NewClipping, now: string): number {
    const r = this.db
      .prepare(
        `INSERT INTO clippings (capture_id, title, byline, outlet, source_url, canonical_url, url_key, published_at,
           modified_at, captured_at, sort_key, lang, excerpt, text, html, figures, lead_image, word_count, content_hash,
           note, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.captureId, c.title, c.byline, c.outlet, c.sourceUrl, c.canonicalUrl, c.urlKey, c.publishedAt,
        c.modifiedAt, c.capturedAt, sortKey(c.publishedAt, c.capturedAt), c.lang, c.excerpt, c.text, c.html,
        JSON.stringify(c.figures), c.leadImage, c.wordCount, c.contentHash, c.note ?? '', now, now,
      );
    return Number(r.lastInsertRowid);
  }

  get(id: number): ClippingRecord | null {
    const row = this.db.prepare(`${SELECT_RECORD} WHERE id = ?`).get(id) as (ClippingRecord & { figures: string }) | undefined;
    if (!row) return null;
    return { ...row, figures: JSON.parse(row.figures) as Figure[] };
  }

  exists(id: number): boolean {
    return this.db.prepare(`SELECT 1 FROM clippings WHERE id = ?`).get(id) !== undefined;
  }

  /** Newest first: by publication date when known, else by capture time. */
  list(limit: number, offset: number): Omit<ClippingSummary, 'tags'>[] {
    return this.db
      .prepare(`${SELECT_SUMMARY} ORDER BY sort_key DESC, id DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as Omit<ClippingSummary, 'tags'>[];
  }

  summaries(ids: readonly number[]): Map<number, Omit<ClippingSummary, 'tags'>> {
    const rows = this.db
      .prepare(`${SELECT_SUMMARY} WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as Omit<ClippingSummary, 'tags'>[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM clippings`).get() as { n: number }).n;
  }

  /** An existing clipping with the same normalised URL or the same normalised text. */
  findDuplicate(urlKey: string | null, contentHash: string): number | null {
    if (urlKey) {
      const byUrl = this.db.prepare(`SELECT id FROM clippings WHERE url_key = ? ORDER BY id LIMIT 1`).get(urlKey) as
        | { id: number }
        | undefined;
      if (byUrl) return byUrl.id;
    }
    const byText = this.db.prepare(`SELECT id FROM clippings WHERE content_hash = ? ORDER BY id LIMIT 1`).get(contentHash) as
      | { id: number }
      | undefined;
    return byText?.id ?? null;
  }

  update(id: number, patch: ClippingPatch, now: string): void {
    const keys = (Object.keys(patch) as (keyof ClippingPatch)[]).filter((k) => patch[k] !== undefined);
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${COLUMN[k]} = @${k}`);
    const params: Record<string, unknown> = { id, now };
    for (const k of keys) params[k] = patch[k];
    if (patch.publishedAt !== undefined) {
      sets.push('sort_key = @sortKey');
      const captured = (this.db.prepare(`SELECT captured_at AS c FROM clippings WHERE id = ?`).get(id) as { c: string }).c;
      params.sortKey = sortKey(patch.publishedAt, captured);
    }
    this.db.prepare(`UPDATE clippings SET ${sets.join(', ')}, updated_at = @now WHERE id = @id`).run(params);
  }

  delete(id: number): { captureId: number | null } | null {
    const row = this.db.prepare(`SELECT capture_id AS captureId FROM clippings WHERE id = ?`).get(id) as
      | { captureId: number | null }
      | undefined;
    if (!row) return null;
    this.db.prepare(`DELETE FROM clippings WHERE id = ?`).run(id);
    return row;
  }
}

/**
 * Sort key for "newest first": the publication instant when known (an offset date is
 * turned into UTC; a floating or day-only date is taken as it stands), else the capture
 * time. Plain ISO text sorts chronologically.
 */
export function sortKey(publishedAt: string | null, capturedAt: string): string {
  if (publishedAt) {
    if (/(?:Z|[+-]\d\d:\d\d)$/.test(publishedAt)) {
      const t = Date.parse(publishedAt);
      if (!Number.isNaN(t)) return new Date(t).toISOString().slice(0, 19);
    }
    if (/^\d{4}-\d\d-\d\d/.test(publishedAt)) return publishedAt.slice(0, 19);
  }
  return capturedAt.slice(0, 19);
}
