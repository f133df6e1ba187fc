/**
 * How a clipping's text is stored (migration 024): compressed, in the format of SQLite's own
 * archives (`sqlar`), in two columns of `clippings`:
 *
 * - `text_z`: the UTF-8 text as a zlib stream (zlib's `compress()`, RFC 1950), or the UTF-8
 *   bytes themselves when compressing would not make them smaller (empty text included);
 * - `text_size`: the length of the UTF-8 text in bytes.
 *
 * Stored raw exactly when `length(text_z) = text_size` (sqlar also reads a value with a
 * `text_size` of 0 as raw: what a writer leaving it at its default stores). SQL reads the
 * text with `sqlar_uncompress(text_z, text_size)`, which Debian's `sqlite3` shell has built
 * in (`SELECT CAST(sqlar_uncompress(text_z, text_size) AS TEXT) FROM clippings`); every
 * connection of this app registers its own, with the same meaning, returning text
 * (`registerTextFunctions`, from db/open.ts and every other place that opens the file).
 */
import type { Database } from 'better-sqlite3';
import { deflateSync, inflateSync } from 'node:zlib';

/** The two stored columns of a text. */
export interface PackedText {
  text_z: Buffer;
  text_size: number;
}

/** SQL giving the text of the `clippings` row `row` (an alias such as `c`, or none). */
export function textSql(row?: string): string {
  const p = row ? `${row}.` : '';
  return `sqlar_uncompress(${p}text_z, ${p}text_size)`;
}

/**
 * The texts last packed on this thread, by their stored bytes (as a latin1 string): a new
 * row's triggers read its text back at once (the body index's content view, the CJK
 * index), and `unpackText` finds it here instead of inflating it again.
 */
const justPacked = new Map<string, string>();
const JUST_PACKED_MAX = 256;

/**
 * Texts packed ahead on another thread (a capture worker packs the text it extracted, so
 * that the writer does not deflate it: `rememberPacked`), by their text, until `packText`
 * takes them; the oldest are forgotten beyond JUST_PACKED_MAX (an import holds a batch and a
 * few extractions ahead: fewer), and a forgotten one is packed again.
 */
const packedAhead = new Map<string, PackedText>();

/** The stored columns of `text`, computed on any thread (the same bytes as `packText`'s). */
export function compressText(text: string): PackedText {
  const raw = Buffer.from(text, 'utf8');
  const z = raw.length > 0 ? deflateSync(raw) : raw;
  return z.length >= raw.length ? { text_z: raw, text_size: raw.length } : { text_z: z, text_size: raw.length };
}

/** Hands `packText` the stored columns of `text` computed ahead by `compressText` (on another thread). */
export function rememberPacked(text: string, packed: { text_z: Uint8Array; text_size: number }): void {
  const z = packed.text_z;
  packedAhead.set(text, { text_z: Buffer.isBuffer(z) ? z : Buffer.from(z.buffer, z.byteOffset, z.byteLength), text_size: packed.text_size });
  if (packedAhead.size > JUST_PACKED_MAX) packedAhead.delete(packedAhead.keys().next().value!);
}

/** The stored columns of `text`. */
export function packText(text: string): PackedText {
  const ahead = packedAhead.get(text);
  if (ahead !== undefined) packedAhead.delete(text);
  const packed = ahead ?? compressText(text);
  if (packed.text_z.length < packed.text_size) {
    justPacked.set(packed.text_z.toString('latin1'), text);
    if (justPacked.size > JUST_PACKED_MAX) justPacked.delete(justPacked.keys().next().value!);
  }
  return packed;
}

/** The text stored as `z` with `size` (sqlar's rule: raw when the lengths are equal or the size is 0). */
export function unpackText(z: Uint8Array | string | null, size: number | bigint | null): string | null {
  if (z === null) return null;
  if (typeof z === 'string') return z;
  const n = Number(size ?? 0);
  let bytes = z;
  if (n !== 0 && n !== z.byteLength) {
    // (Only a thread that packs has any: a reader does not turn each text's bytes into a key for nothing.)
    const known = justPacked.size > 0 ? justPacked.get(Buffer.from(z.buffer, z.byteOffset, z.byteLength).toString('latin1')) : undefined;
    if (known !== undefined && Buffer.byteLength(known) === n) return known;
    bytes = inflateSync(z, { maxOutputLength: n });
    if (bytes.byteLength !== n) throw new Error(`stored text: ${bytes.byteLength} bytes where ${n} were stored`);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The shell's `sqlar_compress(x)`: a blob as its zlib stream when that is smaller, anything else as it is. */
function compressValue(v: unknown): unknown {
  if (!Buffer.isBuffer(v) || v.length === 0) return v ?? null;
  const z = deflateSync(v);
  return z.length < v.length ? z : v;
}

/** Registers `sqlar_uncompress(z, size)` (text) and `sqlar_compress(x)` on a connection. */
export function registerTextFunctions(db: Database): void {
  db.function('sqlar_uncompress', { deterministic: true }, (z: unknown, size: unknown) =>
    unpackText(z as Uint8Array | string | null, size as number | bigint | null),
  );
  db.function('sqlar_compress', { deterministic: true }, compressValue);
}

/*
 * For statements that name `clippings` columns as the team sync does (db/sync.ts: `text`
 * among the body's), with the text in its stored columns.
 */

/** The stored columns of these columns (`text`: `text_z`, `text_size`). */
export function storedNames(cols: readonly string[]): string[] {
  return cols.flatMap((c) => (c === 'text' ? ['text_z', 'text_size'] : [c]));
}

/** A select list of these columns, each under its own name (`text` read out of its stored columns). */
export function readColumns(cols: readonly string[]): string {
  return cols.map((c) => (c === 'text' ? `${textSql()} AS "text"` : `"${c}"`)).join(', ');
}

/** `"column" = @column, …` setting these columns from `packRow`'s parameters. */
export function setColumns(cols: readonly string[]): string {
  return storedNames(cols).map((c) => `"${c}" = @${c}`).join(', ');
}

/** A row of values by column name, the text (when there and a string) as its stored columns. */
export function packRow(row: Record<string, unknown>): Record<string, unknown> {
  if (!('text' in row)) return row;
  const { text, ...rest } = row;
  return typeof text === 'string' ? { ...rest, ...packText(text) } : { ...rest, text_z: text, text_size: 0 };
}
