import { gunzipSync, gzipSync } from 'node:zlib';
import type { CaptureInfo } from '../electron/contract/shapes.ts';
import type { Db } from './open.ts';
import { prepared } from './statements.ts';

export interface NewCapture {
  mediaType: string;
  sourcePath: string | null;
  sourceUrl: string | null;
  capturedAt: string;
  sha256: string;
  bytes: Uint8Array;
  /** Where it came from when that is worth recording: 'clipper' (the browser extension); else null. */
  origin?: string | null;
}

interface CaptureRow {
  id: number;
  media_type: string;
  source_path: string | null;
  source_url: string | null;
  captured_at: string;
  sha256: string;
  byte_size: number;
  content_encoding: 'identity' | 'gzip';
  origin: string | null;
}

/** Smaller than this, compression is not worth the CPU. */
const COMPRESS_FROM_BYTES = 2048;

/** The original captures, kept byte for byte (gzip-compressed at rest when that pays). */
export class CaptureRepo {
  constructor(private readonly db: Db) {}

  /** Stored original captures. */
  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM captures`).get() as { n: number }).n;
  }

  insert(c: NewCapture): number {
    let stored: Uint8Array = c.bytes;
    let encoding: 'identity' | 'gzip' = 'identity';
    if (c.bytes.byteLength >= COMPRESS_FROM_BYTES && !isGzip(c.bytes)) {
      const z = gzipSync(c.bytes, { level: 4 });
      if (z.byteLength < c.bytes.byteLength * 0.9) {
        stored = z;
        encoding = 'gzip';
      }
    }
    const r = this.db
      .prepare(
        `INSERT INTO captures (media_type, source_path, source_url, captured_at, sha256, byte_size, content_encoding, bytes, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.mediaType, c.sourcePath, c.sourceUrl, c.capturedAt, c.sha256, c.bytes.byteLength, encoding, stored, c.origin ?? null);
    return Number(r.lastInsertRowid);
  }

  info(id: number): CaptureInfo | null {
    const row = this.db
      .prepare(
        `SELECT id, media_type, source_path, source_url, captured_at, sha256, byte_size, content_encoding, origin FROM captures WHERE id = ?`,
      )
      .get(id) as CaptureRow | undefined;
    return row ? toInfo(row) : null;
  }

  /** The original bytes exactly as they were captured. */
  bytes(id: number): Buffer | null {
    const row = this.db.prepare(`SELECT content_encoding, bytes FROM captures WHERE id = ?`).get(id) as
      | { content_encoding: string; bytes: Buffer }
      | undefined;
    if (!row) return null;
    return row.content_encoding === 'gzip' ? gunzipSync(row.bytes) : row.bytes;
  }

  /** Stores the images that came with a capture (each recognised image once per capture). */
  insertResources(captureId: number, resources: readonly { url: string; mediaType: string; sha256: string; bytes: Uint8Array }[]): number {
    const insert = this.db.prepare(
      `INSERT INTO capture_resources (capture_id, url, media_type, sha256, byte_size, bytes) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const seen = new Set<string>();
    for (const r of resources) {
      if (seen.has(r.sha256)) continue;
      seen.add(r.sha256);
      insert.run(captureId, r.url, r.mediaType, r.sha256, r.bytes.byteLength, r.bytes);
    }
    return seen.size;
  }

  /** A stored image by its hash (any capture). */
  resource(sha256: string): { mediaType: string; bytes: Buffer } | null {
    return (
      (this.db.prepare(`SELECT media_type AS mediaType, bytes FROM capture_resources WHERE sha256 = ? LIMIT 1`).get(sha256) as
        | { mediaType: string; bytes: Buffer }
        | undefined) ?? null
    );
  }

  /** Where a capture came from ('clipper'), or null when not recorded. */
  origin(id: number): string | null {
    return (this.db.prepare(`SELECT origin FROM captures WHERE id = ?`).get(id) as { origin: string | null } | undefined)?.origin ?? null;
  }

  resourceCount(captureId: number): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM capture_resources WHERE capture_id = ?`).get(captureId) as { n: number }).n;
  }

  /** The clipping already made from identical capture bytes, if any. */
  clippingWithSha256(sha256: string): number | null {
    const row = prepared(this.db, `SELECT c.id FROM captures k JOIN clippings c ON c.capture_id = k.id WHERE k.sha256 = ? ORDER BY c.id LIMIT 1`)
      .get(sha256) as { id: number } | undefined;
    return row?.id ?? null;
  }
}

function isGzip(b: Uint8Array): boolean {
  return b[0] === 0x1f && b[1] === 0x8b;
}

function toInfo(r: CaptureRow): CaptureInfo {
  return {
    id: r.id,
    mediaType: r.media_type,
    sourcePath: r.source_path,
    sourceUrl: r.source_url,
    capturedAt: r.captured_at,
    sha256: r.sha256,
    byteSize: r.byte_size,
    origin: r.origin,
  };
}
