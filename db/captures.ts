import { createHash } from 'node:crypto';
import { deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import type { CaptureInfo } from '../electron/contract/shapes.ts';
import type { Db } from './open.ts';
import { prepared } from './statements.ts';
import { compressText, textSql } from './text.ts';

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

/**
 * A capture stored against its clipping's text (migration 016, `captures.base_clipping_id`):
 * the original bytes compressed as raw DEFLATE with the UTF-8 text of that clipping as the
 * preset dictionary, so the words the clipping already holds cost a back-reference each —
 * a plain-text capture shrinks to its headline, byline and date lines. Decoding needs that
 * text exactly as it was, so the base clipping's text, its capture and the row itself never
 * change while the capture is packed: the repositories unpack it first (`unpackBefore`), and
 * triggers refuse any write that would not (migration 016). Null when there is nothing to
 * pack against (or nothing to pack).
 */
export function packAgainst(original: Uint8Array, text: string): Buffer | null {
  if (text === '' || original.byteLength === 0) return null;
  return deflateRawSync(original, { dictionary: Buffer.from(text, 'utf8'), level: 9 });
}

/** The original of `packAgainst`'s output, given the same text. */
export function unpackAgainst(packed: Uint8Array, text: string): Buffer {
  return inflateRawSync(packed, { dictionary: Buffer.from(text, 'utf8') });
}

/**
 * How a capture's bytes would be stored, worked out before it is (by the capture worker,
 * off the writing thread: the compressions are most of what storing a small capture
 * costs): on its own (`storeAlone`) and packed against `text` (`packAgainst`); and `text`
 * itself, as the clipping stores it (`compressText`: the writer's `packText` takes it,
 * handed over by `rememberPacked`).
 */
export interface CapturePacking {
  text: string;
  /**
   * Null when `packed` is certainly smaller than what `storeAlone` would give
   * (`packedCertainlySmaller`), which then was not computed: stored against `text`, the
   * capture never needs it (for another text `insert` computes it).
   */
  alone: { stored: Uint8Array; encoding: 'identity' | 'gzip' } | null;
  packed: Uint8Array | null;
  storedText: { text_z: Uint8Array; text_size: number };
}

export function packCapture(bytes: Uint8Array, text: string): CapturePacking {
  const packed = packAgainst(bytes, text);
  // The gzip of the bytes is skipped when it could not win (all 2,646 text captures of 2 KB or
  // more among the bulk-import bench's 3,000: 85-264 bytes packed, 1,103-3,576 gzipped); the
  // writer stores the same.
  const alone = packed && packedCertainlySmaller(bytes, packed.byteLength) ? null : storeAlone(bytes);
  return { text, alone, packed, storedText: compressText(text) };
}

/** How a capture is stored on its own: gzip when that saves a tenth, else as it is. */
function storeAlone(bytes: Uint8Array): { stored: Uint8Array; encoding: 'identity' | 'gzip' } {
  if (gzipsAlone(bytes)) {
    const z = gzipSync(bytes, { level: GZIP_LEVEL });
    if (z.byteLength < bytes.byteLength * 0.9) return { stored: z, encoding: 'gzip' };
  }
  return { stored: bytes, encoding: 'identity' };
}

const GZIP_LEVEL = 4;

/** Whether `storeAlone` compresses `bytes` (else it stores them as they are, at no cost). */
function gzipsAlone(bytes: Uint8Array): boolean {
  return bytes.byteLength >= COMPRESS_FROM_BYTES && !isGzip(bytes);
}

/**
 * zlib (memLevel 8, Node's default) ends a deflate block only when it has buffered this many
 * symbols (literals and matches; lit_bufsize − 1) or at the end: each symbol stands for at
 * least one byte, so the first DEFLATE_FIRST_BLOCK bytes of the input are coded in the first
 * block, with one Huffman code.
 */
const DEFLATE_FIRST_BLOCK = (1 << 14) - 2;

/**
 * Whether a capture packed against its text in `packedBytes` bytes is certainly smaller than
 * `storeAlone(bytes)` — without gzipping them: true only when `storeAlone` would gzip (else
 * it costs nothing) and `packedBytes` is below a lower bound of the gzip's size (and below
 * the bytes' own size, stored as they are when gzip saves less than a tenth), so that
 * `insert` stores the packed form either way. False says nothing.
 *
 * The bound (any deflate encoder that codes the bytes it is given as one block, whatever its
 * choices; zlib does for the first DEFLATE_FIRST_BLOCK bytes, which is as far as this looks):
 * a byte is *necessarily a literal* when none of the (at most three) 3-byte strings that
 * contain it and lie within the input occurs earlier in the input (a match of 3 or more
 * bytes covering it would repeat one of them: deflate's matches are at least 3 bytes long and
 * copy from earlier in the stream; gzip has no preset dictionary). If there are N of them,
 * c_v of byte value v, their codes (prefix-free: Kraft's inequality) cost at least
 * Σ c_v·log2(N / c_v) bits (Gibbs' inequality; a fixed or stored block costs 8 or more bits
 * a byte, no less); each stretch between them needs at least one more symbol of one bit or
 * more; the end of the block one bit, its header three; gzip's header and trailer 18 bytes.
 * It stops looking once the bound is above `packedBytes`.
 */
export function packedCertainlySmaller(bytes: Uint8Array, packedBytes: number): boolean {
  if (!gzipsAlone(bytes) || packedBytes >= bytes.byteLength) return false;
  const n = bytes.byteLength;
  const end = Math.min(n, DEFLATE_FIRST_BLOCK);
  // The 3-byte strings seen so far (value + 1; 0 marks a free slot), at most half full.
  let shift = 26; // a table of 2^(32 − shift) slots
  while (1 << (32 - shift) < 2 * end) shift--;
  const seen = new Int32Array(1 << (32 - shift));
  const mask = seen.length - 1;
  const counts = new Int32Array(256);
  // Bits of the bound so far but the literals' codes: the block's header and its end, gzip's
  // 18 bytes, and one bit per stretch of bytes that could be matched.
  let fixed = 3 + 1 + 18 * 8;
  // N·log2 N − Σ c_v·log2 c_v is Σ c_v·log2(N / c_v): the second sum kept as bytes come.
  let literals = 0;
  let sumClogC = 0;
  // Whether the 3-byte strings starting 2 and 1 bytes back (new0, new1) were new; 1 where none starts there.
  let new0 = 1;
  let new1 = 1;
  let inStretch = false;
  const need = packedBytes * 8;
  for (let i = 0; i < end; i++) {
    let new2 = 1;
    if (i + 2 < n) {
      const key = ((bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!) + 1;
      let h = Math.imul(key, 0x9e3779b1) >>> shift;
      for (;;) {
        const k = seen[h]!;
        if (k === 0) {
          seen[h] = key;
          break;
        }
        if (k === key) {
          new2 = 0;
          break;
        }
        h = (h + 1) & mask;
      }
    }
    // Strings starting before 0 do not exist (1 above), nor past n − 3 (new2 stays 1 there).
    if (new0 & new1 & new2) {
      const c = counts[bytes[i]!]!++;
      sumClogC += xLog2x(c + 1) - xLog2x(c);
      literals++;
      inStretch = false;
    } else if (!inStretch) {
      fixed++;
      inStretch = true;
    }
    new0 = new1;
    new1 = new2;
    // Checked now and then; one bit less than computed for floating point's rounding, and a
    // byte more than `packedBytes` for the last byte's unused bits.
    if ((i & 63) === 63 || i === end - 1) {
      if (fixed + xLog2x(literals) - sumClogC - 1 > need + 8) return true;
    }
  }
  return false;
}

function xLog2x(x: number): number {
  return x === 0 ? 0 : x * Math.log2(x);
}

/** The original captures, kept byte for byte (compressed at rest when that pays). */
export class CaptureRepo {
  constructor(private readonly db: Db) {}

  /** Stored original captures. */
  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM captures`).get() as { n: number }).n;
  }

  /**
   * Stores a capture; with `base`, against the text that clipping holds once written (see
   * `packAgainst`) when that is smaller than on its own. `base.clippingId` 'next' is the
   * clipping inserted next, whose id is settled now (one more than the largest: a write
   * holds the database, so nothing is inserted in between) and checked by `confirmBase`.
   */
  insert(c: NewCapture, base?: { clippingId: number | 'next'; text: string }, ahead?: CapturePacking): number {
    // `ahead`: what packCapture gave for these bytes (used against `base` only if for its text).
    const forText = base !== undefined && ahead?.text === base.text;
    // Only bytes that match their SHA-256: `bytes()` checks an unpacked capture against it.
    const packed = base && sha256(c.bytes) === c.sha256 ? (forText ? ahead!.packed : packAgainst(c.bytes, base.text)) : null;
    // No `alone` ahead: its packed form is certainly smaller (packCapture), so wanted only when that is not stored.
    const alone = ahead?.alone ?? (forText && packed ? null : storeAlone(c.bytes));
    let stored: Uint8Array;
    let encoding: 'identity' | 'gzip';
    let baseId: number | null = null;
    if (base && packed && (alone === null || packed.byteLength < alone.stored.byteLength)) {
      stored = packed;
      encoding = 'identity';
      baseId = base.clippingId === 'next' ? (prepared(this.db, `SELECT coalesce(max(id), 0) + 1 AS n FROM clippings`).get() as { n: number }).n : base.clippingId;
    } else ({ stored, encoding } = alone!);
    const r = prepared(
      this.db,
      `INSERT INTO captures (media_type, source_path, source_url, captured_at, sha256, byte_size, content_encoding, bytes, origin, base_clipping_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.mediaType, c.sourcePath, c.sourceUrl, c.capturedAt, c.sha256, c.bytes.byteLength, encoding, stored, c.origin ?? null, baseId);
    return Number(r.lastInsertRowid);
  }

  /** Throws unless the capture is on its own or stored against `clippingId` (after `insert` with base 'next'). */
  confirmBase(captureId: number, clippingId: number): void {
    const row = prepared(this.db, `SELECT base_clipping_id AS base FROM captures WHERE id = ?`).get(captureId) as { base: number | null } | undefined;
    if (row && row.base !== null && row.base !== clippingId) throw new Error(`capture ${captureId} was stored against clipping ${row.base}, not ${clippingId}`);
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
    const row = this.db
      .prepare(
        `SELECT k.content_encoding, k.bytes, k.sha256, k.base_clipping_id AS base, ${textSql('c')} AS text
           FROM captures k LEFT JOIN clippings c ON c.id = k.base_clipping_id WHERE k.id = ?`,
      )
      .get(id) as { content_encoding: string; bytes: Buffer; sha256: string; base: number | null; text: string | null } | undefined;
    if (!row) return null;
    let bytes = row.bytes;
    if (row.base !== null) {
      bytes = unpackAgainst(bytes, row.text ?? '');
      if (sha256(bytes) !== row.sha256) throw new Error(`capture ${id}: the text it is stored against has changed`);
    }
    return row.content_encoding === 'gzip' ? gunzipSync(bytes) : bytes;
  }

  /**
   * Stores on its own again the capture packed against `clippingId`'s text, if there is
   * one and `next` would change that text or the clipping's capture (no `next`: the
   * clipping is about to be deleted). Every writer calls it first (triggers refuse the
   * write otherwise: migration 016).
   */
  unpackBefore(clippingId: number, next?: { text?: string; captureId?: number | null }): void {
    const row = this.db
      .prepare(
        `SELECT k.id, ${textSql('c')} AS text, c.capture_id AS captureId FROM clippings c JOIN captures k ON k.id = c.capture_id
          WHERE c.id = ? AND k.base_clipping_id = c.id`,
      )
      .get(clippingId) as { id: number; text: string; captureId: number } | undefined;
    if (!row) return;
    if (next && (next.text === undefined || next.text === row.text) && (next.captureId === undefined || next.captureId === row.captureId)) return;
    const { stored, encoding } = storeAlone(this.bytes(row.id)!);
    this.db.prepare(`UPDATE captures SET bytes = ?, content_encoding = ?, base_clipping_id = NULL WHERE id = ?`).run(stored, encoding, row.id);
  }

  /** Stores the images that came with a capture (each recognised image once per capture). */
  insertResources(captureId: number, resources: readonly { url: string; mediaType: string; sha256: string; bytes: Uint8Array }[]): number {
    const insert = prepared(
      this.db,
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

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
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
