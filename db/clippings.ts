import { SUMMARY_FIELDS } from '../electron/contract/enums.ts';
import type { Clipping, ClippingSummary, OutletCount } from '../electron/contract/shapes.ts';
import type { Statement } from 'better-sqlite3';
import { CaptureRepo } from './captures.ts';
import type { Db } from './open.ts';
import { UUID7_SQL } from './migrations/014-sync-identities.ts';
import { withKnownBigrams } from './cjk.ts';
import { prepared } from './statements.ts';
import { packText, unpackText } from './text.ts';

/** A stored clipping: the contract's clipping plus the columns only the database has. */
export type ClippingRecord = Clipping & {
  captureId: number | null;
  /** The normalised URL duplicates are found by. */
  urlKey: string | null;
};

/** Every column of a clipping row (`sortKey` is derived from the dates, see `sortKey`). */
export type StoredClipping = ClippingRecord & { sortKey: string };

/** What a capture gives a new clipping (the rest starts at its default). */
const NEW_FIELDS = [
  'captureId', 'title', 'byline', 'outlet', 'sourceUrl', 'canonicalUrl', 'urlKey', 'publishedAt', 'modifiedAt', 'capturedAt',
  'lang', 'excerpt', 'text', 'html', 'figures', 'leadImage', 'wordCount', 'contentHash',
] as const satisfies readonly (keyof ClippingRecord)[];
export type NewClipping = Pick<ClippingRecord, (typeof NEW_FIELDS)[number]> & Partial<Pick<ClippingRecord, 'note' | 'extractionUncertain'>>;
/**
 * The settings of the body's full-text index that a batch of new clippings is written with
 * (`insertMany`), and FTS5's defaults: merging 16 segments of a level at a time rather than
 * 4 (`automerge`), and up to 8 MB of pending terms held in memory before they are written out
 * as a segment (`hashsize`; at 1 MB a batch of 200 texts was written as several).
 */
const BATCH_FTS = {
  automerge: { batch: 16, fts5Default: 4 },
  hashsize: { batch: 8 * 1024 * 1024, fts5Default: 1024 * 1024 },
} as const;
const BATCH_FTS_KEYS = Object.keys(BATCH_FTS) as (keyof typeof BATCH_FTS)[];
/** The columns an insert of a new clipping writes (the rest start at their defaults). */
const INSERT_NEW = [...NEW_FIELDS, 'extractionUncertain', 'sortKey', 'note', 'createdAt', 'updatedAt'] as const;

/**
 * THE mapping from the contract's names to the columns of `clippings` (and, for the
 * fields a version keeps, of `clipping_versions`). Every statement that lists a
 * clipping's columns is built from it; a field added to the contract's clipping must
 * be added here (the `satisfies` says so).
 */
export const CLIPPING_COLUMNS = {
  id: 'id',
  captureId: 'capture_id',
  title: 'title',
  byline: 'byline',
  outlet: 'outlet',
  sourceUrl: 'source_url',
  canonicalUrl: 'canonical_url',
  urlKey: 'url_key',
  publishedAt: 'published_at',
  modifiedAt: 'modified_at',
  capturedAt: 'captured_at',
  sortKey: 'sort_key',
  lang: 'lang',
  excerpt: 'excerpt',
  text: 'text',
  html: 'html',
  figures: 'figures',
  leadImage: 'lead_image',
  wordCount: 'word_count',
  contentHash: 'content_hash',
  note: 'note',
  starred: 'starred',
  read: 'is_read',
  mediaType: 'media_type',
  section: 'section',
  page: 'page',
  tone: 'tone',
  deletedAt: 'deleted_at',
  editedFields: 'edited_fields',
  extractionUncertain: 'extraction_uncertain',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof StoredClipping, string>;

type Field = keyof typeof CLIPPING_COLUMNS;

/** Fields stored as JSON text. */
export const JSON_FIELDS: ReadonlySet<string> = new Set<Field>(['figures', 'editedFields']);
/** Fields stored as 0/1. */
const FLAG_FIELDS: ReadonlySet<string> = new Set<Field>(['starred', 'read', 'extractionUncertain']);

/** `column AS name, …` for these fields. */
export function selectList(fields: readonly Field[]): string {
  return fields.map((f) => (CLIPPING_COLUMNS[f] === f ? f : `${CLIPPING_COLUMNS[f]} AS ${f}`)).join(', ');
}

/** A row selected with `selectList` as values (JSON parsed, flags as booleans), keys in the same order. */
export function fromRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...row };
  for (const k of Object.keys(out)) {
    if (JSON_FIELDS.has(k)) out[k] = JSON.parse(out[k] as string);
    else if (FLAG_FIELDS.has(k)) out[k] = out[k] === 1;
  }
  return out as T;
}

/** Values as the columns store them (named parameters for `@field`). */
export function toParams(values: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f];
    out[f] = JSON_FIELDS.has(f) ? JSON.stringify(v) : FLAG_FIELDS.has(f) ? (v ? 1 : 0) : v;
  }
  return out;
}

/**
 * `clippings` stores the text compressed, in two columns (db/text.ts): the other fields
 * are one column each, as CLIPPING_COLUMNS names them (and `clipping_versions` stores
 * the text as it is). The four functions below say it for the statements on `clippings`.
 */
const TEXT_COLUMNS = ['text_z', 'text_size'] as const;

/**
 * `selectList` for `clippings`: the text as stored, for `unpackStored` (unpacked in
 * JavaScript: through SQL's sqlar_uncompress() it would cross into JavaScript twice).
 */
function selectStored(fields: readonly Field[]): string {
  return fields.map((f) => (f === 'text' ? TEXT_COLUMNS.join(', ') : selectList([f]))).join(', ');
}

/** A row of `selectStored` with its text unpacked, in its place among the keys. */
function unpackStored(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'text_z') out.text = unpackText(v as Buffer, row.text_size as number);
    else if (k !== 'text_size') out[k] = v;
  }
  return out;
}

/** The columns of `clippings` storing these fields, in order; also the names of `storedParams`'s parameters. */
function storedColumns(fields: readonly Field[]): string[] {
  return fields.flatMap((f) => (f === 'text' ? [...TEXT_COLUMNS] : [CLIPPING_COLUMNS[f]]));
}

/** `toParams` for `storedColumns(fields)`: each column's value by its column name. */
function storedParams(values: Record<string, unknown>, fields: readonly Field[]): Record<string, unknown> {
  const plain = toParams(values, fields);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === 'text') Object.assign(out, packText(values.text as string));
    else out[CLIPPING_COLUMNS[f]] = plain[f];
  }
  return out;
}

const ALL_FIELDS = Object.keys(CLIPPING_COLUMNS) as Field[];
const RECORD_FIELDS = ALL_FIELDS.filter((f) => f !== 'sortKey');
/** The trash state is set after the insert, in its own UPDATE (see migration 003). */
const INSERT_FIELDS = ALL_FIELDS.filter((f) => f !== 'deletedAt');

/** Columns an edit may change (the FTS triggers watch the indexed ones). */
export type ClippingPatch = Partial<
  Pick<
    ClippingRecord,
    | 'title' | 'byline' | 'outlet' | 'sourceUrl' | 'canonicalUrl' | 'urlKey' | 'publishedAt' | 'modifiedAt' | 'lang' | 'excerpt' | 'text'
    | 'html' | 'figures' | 'leadImage' | 'wordCount' | 'contentHash' | 'captureId' | 'note' | 'mediaType' | 'section' | 'page' | 'tone'
    | 'editedFields' | 'extractionUncertain'
  >
>;

const SELECT_RECORD = `SELECT ${selectStored(RECORD_FIELDS)} FROM clippings`;
const SELECT_STORED = `SELECT ${selectStored(ALL_FIELDS)} FROM clippings`;

const SELECT_SUMMARY = `SELECT ${selectList(SUMMARY_FIELDS)}, coalesce(canonical_url, source_url) AS url FROM clippings`;

export type Summary = Omit<ClippingSummary, 'tags'>;

/**
 * The rows one statement of `insertMany` has room for: the batch's size rounded up to a power
 * of two. Its text was the batch's own rows before, so a connection prepared a statement of a
 * few thousand parameters for every batch size it met (an import's batches take whatever was
 * extracted meanwhile: any size up to 200), which cost more than running it; rounded up, it
 * prepares at most nine up to 256 rows, each once.
 */
export function insertRoom(rows: number): number {
  let room = 1;
  while (room < rows) room *= 2;
  return room;
}

const toSummary = (row: unknown): Summary => fromRow<Summary>(row as Record<string, unknown>);


export class ClippingRepo {
  private insertStmt: Statement | undefined;
  private insertStoredStmt: Statement | undefined;
  private readonly captures: CaptureRepo;

  constructor(private readonly db: Db) {
    this.captures = new CaptureRepo(db);
  }

  insert(c: NewClipping, now: string): number {
    const columns = storedColumns(INSERT_NEW);
    this.insertStmt ??= this.db.prepare(`INSERT INTO clippings (${columns.join(', ')}) VALUES (${columns.map((col) => `@${col}`).join(', ')})`);
    const values = { ...c, sortKey: sortKey(c.publishedAt, c.capturedAt), note: c.note ?? '', createdAt: now, updatedAt: now };
    return Number(this.insertStmt.run(storedParams(values, INSERT_NEW)).lastInsertRowid);
  }

  /** The id the next clipping inserted without one is given (SQLite's: one more than the largest). */
  nextId(): number {
    return (prepared(this.db, `SELECT coalesce(max(id), 0) + 1 AS id FROM clippings`).get() as { id: number }).id;
  }

  /**
   * New clippings with the ids given, in ONE statement (what `insert` writes for each).
   * FTS5 writes out its pending terms as a new segment at the start of every statement that
   * may need rolling back on its own, which each INSERT INTO clippings is (its triggers): a
   * statement per clipping wrote a full-text segment per clipping, all to be merged again;
   * one statement for a batch writes one. A row takes 25 parameters: a few hundred rows at
   * a time (SQLite takes up to 32,766).
   *
   * The batch's body segment is written out (FTS5's 'flush') with the settings of BATCH_FTS,
   * then the index's own are put back; all in the caller's transaction (or one of its own),
   * so no other write ever sees the batch's settings. FTS5 merges a level of the index once
   * it holds `automerge` segments (4 by default), rewriting them into one on the next level:
   * batch after batch, a bulk import rewrote its own freshly written terms again and again.
   * Merging 16 at a time rewrites each term fewer times (the writer's CPU per clipping at
   * 100k: tests/bench/results/import-writer.md); with the batch written as one segment, the
   * index holds no more segments than before after a few thousand clippings, and later
   * writes (at the defaults again) merge what is left as they always did.
   */
  insertMany(rows: readonly { id: number; clipping: NewClipping; now: string }[]): void {
    if (rows.length === 0) return;
    const fields = ['id', ...INSERT_NEW] as const;
    // The sync identity given here, as the insert trigger would give it (migration 014):
    // the trigger then has no row to update, which would write the whole row again.
    const columns = storedColumns(fields);
    // The statement's text depends on the batch's size only through its room (INSERT_ROOM):
    // the rows past the batch's are bound as NULLs and left out by the WHERE.
    const room = insertRoom(rows.length);
    const insert = prepared(
      this.db,
      `INSERT INTO clippings (${columns.join(', ')}, uuid) SELECT ${columns.map((_, k) => `column${k + 1}`).join(', ')}, ${UUID7_SQL} ` +
        `FROM (VALUES ${Array.from({ length: room }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}) WHERE column1 IS NOT NULL`,
    );
    const params: unknown[] = [];
    for (const { id, clipping: c, now } of rows) {
      const values = storedParams({ ...c, id, sortKey: sortKey(c.publishedAt, c.capturedAt), note: c.note ?? '', createdAt: now, updatedAt: now }, fields);
      for (const col of columns) params.push(values[col]);
    }
    for (let k = rows.length * columns.length; k < room * columns.length; k++) params.push(null);
    // (bound as a BigInt: FTS5 takes only an integer, and a JavaScript number is bound as a real)
    const set = (k: keyof typeof BATCH_FTS, v: number) => prepared(this.db, `INSERT INTO clipping_fts (clipping_fts, rank) VALUES (?, ?)`).run(k, BigInt(v));
    const write = () => {
      const stored = new Map(
        (prepared(this.db, `SELECT k, v FROM clipping_fts_config WHERE k IN (${BATCH_FTS_KEYS.map(() => '?').join(', ')})`).all(BATCH_FTS_KEYS) as { k: string; v: number }[]).map((r) => [r.k, r.v]),
      );
      for (const k of BATCH_FTS_KEYS) set(k, BATCH_FTS[k].batch);
      try {
        withKnownBigrams(this.db, rows.map(({ id, clipping: c }) => ({ id, title: c.title, text: c.text })), () => insert.run(params));
        prepared(this.db, `INSERT INTO clipping_fts (clipping_fts) VALUES ('flush')`).run();
      } finally {
        if (this.db.inTransaction) for (const k of BATCH_FTS_KEYS) set(k, stored.get(k) ?? BATCH_FTS[k].fts5Default);
      }
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write)();
  }

  /** A clipping, live or in the trash. */
  get(id: number): ClippingRecord | null {
    const row = this.db.prepare(`${SELECT_RECORD} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return row ? fromRow<ClippingRecord>(unpackStored(row)) : null;
  }

  /** Every column of a clipping (live or trashed), in the order of `CLIPPING_COLUMNS`. */
  stored(id: number): StoredClipping | null {
    const row = this.db.prepare(`${SELECT_STORED} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return row ? fromRow<StoredClipping>(unpackStored(row)) : null;
  }

  /**
   * Writes a whole clipping row as given, id included (a library import), except its
   * trash state: move it to the trash afterwards with `trash` (see migration 003).
   */
  insertStored(c: Omit<StoredClipping, 'deletedAt'>): void {
    const columns = storedColumns(INSERT_FIELDS);
    this.insertStoredStmt ??= this.db.prepare(`INSERT INTO clippings (${columns.join(', ')}) VALUES (${columns.map((col) => `@${col}`).join(', ')})`);
    this.insertStoredStmt.run(storedParams(c, INSERT_FIELDS));
  }

  /** Every clipping id, live and trashed, oldest first. */
  everyId(): number[] {
    return (this.db.prepare(`SELECT id FROM clippings ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  }

  /** Live clippings by date (publication when known, else capture), newest first or oldest first. */
  list(limit: number, offset: number, sort: 'newest' | 'oldest' = 'newest'): Summary[] {
    const dir = sort === 'oldest' ? 'ASC' : 'DESC';
    return (
      this.db
        .prepare(`${SELECT_SUMMARY} WHERE deleted_at IS NULL ORDER BY sort_key ${dir}, id ${dir} LIMIT ? OFFSET ?`)
        .all(limit, offset)
    ).map(toSummary);
  }

  summaries(ids: readonly number[]): Map<number, Summary> {
    const rows = this.db
      .prepare(`${SELECT_SUMMARY} WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)).map(toSummary);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Live clippings. */
  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM clippings WHERE deleted_at IS NULL`).get() as { n: number }).n;
  }

  /** Outlets of live clippings with how many each has, most first. */
  outlets(): OutletCount[] {
    return this.db
      .prepare(`SELECT outlet AS name, count(*) AS count FROM clippings WHERE deleted_at IS NULL AND outlet IS NOT NULL GROUP BY outlet ORDER BY count DESC, outlet COLLATE NOCASE`)
      .all() as OutletCount[];
  }

  /** The clipping (live or trashed) at this normalised URL, if any. */
  findByUrlKey(urlKey: string): number | null {
    const row = prepared(this.db, `SELECT id FROM clippings WHERE url_key = ? ORDER BY id LIMIT 1`).get(urlKey) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** An existing clipping (live or trashed) with the same normalised text. */
  findByContentHash(contentHash: string): number | null {
    const row = prepared(this.db, `SELECT id FROM clippings WHERE content_hash = ? ORDER BY id LIMIT 1`).get(contentHash) as { id: number } | undefined;
    return row?.id ?? null;
  }

  update(id: number, patch: ClippingPatch, now: string): void {
    const keys = (Object.keys(patch) as (keyof ClippingPatch)[]).filter((k) => patch[k] !== undefined);
    if (keys.length === 0) return;
    if (patch.text !== undefined || patch.captureId !== undefined) this.captures.unpackBefore(id, { text: patch.text, captureId: patch.captureId });
    const sets = storedColumns(keys).map((col) => `${col} = @${col}`);
    const params: Record<string, unknown> = { id, now };
    Object.assign(params, storedParams(patch, keys));
    if (patch.publishedAt !== undefined) {
      sets.push('sort_key = @sortKey');
      const captured = (this.db.prepare(`SELECT captured_at AS c FROM clippings WHERE id = ?`).get(id) as { c: string }).c;
      params.sortKey = sortKey(patch.publishedAt, captured);
    }
    this.db.prepare(`UPDATE clippings SET ${sets.join(', ')}, updated_at = @now WHERE id = @id`).run(params);
  }

  /** Sets a flag (named as in the contract) on the live clippings among `ids`; returns how many changed rows. */
  setFlag(ids: readonly number[], flag: 'starred' | 'read', value: boolean, now: string): number {
    return this.db
      .prepare(`UPDATE clippings SET ${CLIPPING_COLUMNS[flag]} = ?, updated_at = ? WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`)
      .run(value ? 1 : 0, now, JSON.stringify(ids)).changes;
  }

  /** Moves to the trash (the search document leaves the index: see migration 003). */
  trash(id: number, now: string): boolean {
    return this.db.prepare(`UPDATE clippings SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`).run(now, id).changes === 1;
  }

  restore(id: number): boolean {
    return this.db.prepare(`UPDATE clippings SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL`).run(id).changes === 1;
  }

  trashed(): (Summary & { deletedAt: string })[] {
    return (
      this.db
        .prepare(`${SELECT_SUMMARY.replace(' FROM clippings', ', deleted_at AS deletedAt FROM clippings')} WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC`)
        .all()
    ).map((r) => toSummary(r) as Summary & { deletedAt: string });
  }

  /** Ids in the trash since before `cutoff` (all of them when cutoff is null). */
  trashedBefore(cutoff: string | null): number[] {
    return (
      this.db
        .prepare(`SELECT id FROM clippings WHERE deleted_at IS NOT NULL AND (? IS NULL OR deleted_at < ?)`)
        .all(cutoff, cutoff) as { id: number }[]
    ).map((r) => r.id);
  }

  /** Deletes for good (with its capture when no other clipping uses it). */
  purge(id: number): void {
    const row = this.db.prepare(`SELECT capture_id AS captureId FROM clippings WHERE id = ?`).get(id) as { captureId: number | null } | undefined;
    if (!row) return;
    this.captures.unpackBefore(id);
    this.db.prepare(`DELETE FROM clippings WHERE id = ?`).run(id);
    if (row.captureId !== null) {
      this.db.prepare(`DELETE FROM captures WHERE id = ? AND NOT EXISTS (SELECT 1 FROM clippings WHERE capture_id = ?)`).run(row.captureId, row.captureId);
    }
  }

  /** Every live clipping id, oldest first (for bulk operations). */
  allIds(): number[] {
    return (this.db.prepare(`SELECT id FROM clippings WHERE deleted_at IS NULL ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
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
