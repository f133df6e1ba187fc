/**
 * Backup and restore of a whole archive, and the lossless whole-library JSON form.
 *
 * - `backupArchive`: a consistent copy of the live archive through SQLite's online
 *   backup API (other connections may keep writing), written under a temporary name,
 *   verified, then renamed into place.
 * - `validateBackup`: read-only checks that a file is a sound Cuttings archive.
 * - `restoreArchive`: replaces an archive file by a validated backup (atomically), then
 *   opens it once with `openDatabase` so an older backup is migrated.
 * - `exportLibrary` / `writeLibraryJson` / `importLibrary`: every clipping with its
 *   capture (original bytes), tags, notes, trash state and annotations (W3C Web
 *   Annotations plus the `cuttings:` properties a lossless round trip needs).
 * - `dailyBackup`: the app's start-up backup, one a day, the last `keep` kept.
 *
 * Backup/restore problems are `DatabaseError`s (the file is named in the message);
 * library import problems are `ApiError`s (`bad_input`, `conflict`).
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LATEST_VERSION } from '../../../db/migrations/index.ts';
import { checkSchemaVersion, DatabaseError, openDatabase, type Db } from '../../../db/open.ts';
import { sortKey as computeSortKey } from '../../../db/clippings.ts';
import { normalizeTagName } from '../../../db/tags.ts';
import { MEDIA_TYPES, TONES, type AnnotationState, type Figure, type MediaType, type Tone } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import { sha256 } from '../capture/fingerprint.ts';
import { minhash } from '../capture/minhash.ts';
import type { Core } from '../context.ts';
import { clippingIri, webAnnotation, type WebAnnotation } from '../export/json.ts';

// =================================================================================
// Checking an archive file

/** Tables every archive of at least `since` schema version has. */
const EXPECTED_TABLES: ReadonlyArray<readonly [since: number, table: string]> = [
  [1, 'captures'],
  [1, 'clippings'],
  [1, 'tags'],
  [1, 'clipping_tags'],
  [1, 'annotations'],
  [2, 'clipping_fts'],
];

/** Above this size `validateBackup` skips the in-memory FTS5 content check (the doc-set check still runs). */
const FULL_FTS_CHECK_MAX_BYTES = 256 * 1024 * 1024;

export interface BackupInfo {
  file: string;
  schemaVersion: number;
  /** True when the backup predates this version's schema (restoring migrates it). */
  needsUpgrade: boolean;
  /** All clippings, live and trashed. */
  clippings: number;
  trashed: number;
  annotations: number;
  tags: number;
  captures: number;
  bytes: number;
  /** Whether FTS5's full content check ran (it is skipped for very large files). */
  ftsContentChecked: boolean;
}

/**
 * Checks, read-only, that `file` is a sound Cuttings archive: schema version between 1
 * and this version's latest, the expected tables, `PRAGMA integrity_check` (which also
 * runs FTS5's structural check), and the full-text index against its content: the
 * indexed document set always, FTS5's `integrity-check` (rank 1) on an in-memory copy
 * for files up to 256 MiB. A problem is a DatabaseError naming the file.
 */
export function validateBackup(file: string): BackupInfo {
  if (!existsSync(file)) throw new DatabaseError(`${file}: no such file`);
  if (statSync(file).isDirectory()) throw new DatabaseError(`${file} is a folder, not a Cuttings archive`);
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new DatabaseError(`cannot open ${file}: ${(err as Error).message}`);
  }
  try {
    const version = readVersion(db, file);
    checkTables(db, file, version);
    checkIntegrity(db, file);
    let ftsContentChecked = false;
    if (version >= 2) {
      checkFtsDocuments(db, file);
      const size = pageBytes(db);
      if (size <= FULL_FTS_CHECK_MAX_BYTES) {
        const buf = db.serialize();
        // A WAL-mode header cannot be deserialised; bytes 18-19 = 1 means rollback journal.
        buf[18] = 1;
        buf[19] = 1;
        const mem = new Database(buf);
        try {
          checkFtsContent(mem, file);
        } finally {
          mem.close();
        }
        ftsContentChecked = true;
      }
    }
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      file,
      schemaVersion: version,
      needsUpgrade: version < LATEST_VERSION,
      clippings: count('SELECT count(*) AS n FROM clippings'),
      trashed: version >= 3 ? count('SELECT count(*) AS n FROM clippings WHERE deleted_at IS NOT NULL') : 0,
      annotations: count('SELECT count(*) AS n FROM annotations'),
      tags: count('SELECT count(*) AS n FROM tags'),
      captures: count('SELECT count(*) AS n FROM captures'),
      bytes: statSync(file).size,
      ftsContentChecked,
    };
  } catch (err) {
    throw asDatabaseError(err, file);
  } finally {
    db.close();
  }
}

function readVersion(db: Db, file: string): number {
  const version = checkSchemaVersion(db, file);
  if (version < 1) throw new DatabaseError(`${file} is not a Cuttings archive (no schema version)`);
  return version;
}

function checkTables(db: Db, file: string, version: number): void {
  const have = new Set((db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
  const missing = EXPECTED_TABLES.filter(([since, t]) => version >= since && !have.has(t)).map(([, t]) => t);
  if (missing.length) throw new DatabaseError(`${file} is not a Cuttings archive (missing table${missing.length > 1 ? 's' : ''} ${missing.join(', ')})`);
}

function checkIntegrity(db: Db, file: string): void {
  const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
  if (problems.length) throw new DatabaseError(`${file} is corrupt: ${problems.slice(0, 5).join('; ')}`);
}

/** The indexed documents are exactly the rows of the search view (read-only). */
function checkFtsDocuments(db: Db, file: string): void {
  const hasDocsize = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'clipping_fts_docsize'`).get() !== undefined;
  if (!hasDocsize) return;
  const extra = (db.prepare(`SELECT count(*) AS n FROM (SELECT id FROM clipping_fts_docsize EXCEPT SELECT id FROM clipping_fts_source)`).get() as { n: number }).n;
  const missing = (db.prepare(`SELECT count(*) AS n FROM (SELECT id FROM clipping_fts_source EXCEPT SELECT id FROM clipping_fts_docsize)`).get() as { n: number }).n;
  if (extra || missing) {
    throw new DatabaseError(`${file} is corrupt: the full-text index does not match the clippings (${missing} missing, ${extra} stale)`);
  }
}

/** FTS5's own check of the index against its content (needs a writable connection). */
function checkFtsContent(db: Db, file: string): void {
  if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'clipping_fts'`).get() === undefined) return;
  try {
    db.prepare(`INSERT INTO clipping_fts (clipping_fts, rank) VALUES ('integrity-check', 1)`).run();
  } catch (err) {
    throw new DatabaseError(`${file} is corrupt: the full-text index does not match the clippings (${(err as Error).message})`);
  }
}

function pageBytes(db: Db): number {
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}

function asDatabaseError(err: unknown, file: string): Error {
  if (err instanceof DatabaseError) return err;
  const e = err as Error & { code?: string };
  if (e.code === 'SQLITE_NOTADB') return new DatabaseError(`${file} is not a Cuttings archive (${e.message})`);
  if (e.code === 'SQLITE_CORRUPT' || e.code?.startsWith('SQLITE_CORRUPT')) return new DatabaseError(`${file} is corrupt: ${e.message}`);
  return new DatabaseError(`${file}: ${e.message}`);
}

// =================================================================================
// Backup

/**
 * A consistent copy of the archive open on `db`, made with SQLite's online backup API
 * while it stays in use (writers on other connections go on; if they keep changing
 * pages the copy switches to one step so it cannot restart forever). The copy goes to
 * a temporary file next to `target`, is switched to a single-file (rollback journal)
 * database, checked (integrity, same schema version, full-text index) and only then
 * renamed over `target`. Refuses to write over the live archive itself.
 */
export async function backupArchive(db: Db, target: string): Promise<{ bytes: number; pages: number }> {
  const dest = path.resolve(target);
  if (isLiveFile(db, dest)) throw new DatabaseError(`${target} is the archive itself: choose another file for the backup`);
  if (existsSync(dest) && statSync(dest).isDirectory()) throw new DatabaseError(`${target} is a folder: give a file name for the backup`);
  mkdirSync(path.dirname(dest), { recursive: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  const tmp = tempNameFor(dest);
  try {
    let last = Number.POSITIVE_INFINITY;
    let steps = 0;
    let whole = false;
    const result = await db.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        // Another connection's write restarts the copy: remaining pages go back up.
        if (remainingPages > last || ++steps > 2 * Math.ceil(totalPages / 1024) + 8) whole = true;
        last = remainingPages;
        return whole ? 0x7fffffff : 1024;
      },
    });
    verifyCopy(tmp, target, version);
    commitFile(tmp, dest);
    return { bytes: statSync(dest).size, pages: result.totalPages };
  } catch (err) {
    removeDbFiles(tmp);
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(`backup to ${target} failed: ${(err as Error).message}`);
  }
}

/**
 * The app's automatic backup: when `dir` holds no `cuttings-YYYY-MM-DD.db` for the day
 * of `now` (local time), makes one (synchronously, `VACUUM INTO`: a consistent snapshot
 * that does not block other connections' writes), then deletes the oldest files of
 * that pattern beyond `keep`. Returns the new backup's path, or null when today's
 * already exists. Other files in `dir` are never touched. Throws DatabaseError on
 * failure: the caller should log it rather than stop the app.
 */
export function dailyBackup(db: Db, dir: string, now: Date, keep = 7): string | null {
  mkdirSync(dir, { recursive: true });
  const name = `cuttings-${localDay(now)}.db`;
  const dest = path.resolve(dir, name);
  let made: string | null = null;
  if (!existsSync(dest)) {
    if (isLiveFile(db, dest)) throw new DatabaseError(`${dest} is the archive itself: choose another folder for backups`);
    const tmp = tempNameFor(dest);
    try {
      db.prepare('VACUUM INTO ?').run(tmp);
      verifyCopy(tmp, dest, db.pragma('user_version', { simple: true }) as number);
      commitFile(tmp, dest);
    } catch (err) {
      removeDbFiles(tmp);
      if (err instanceof DatabaseError) throw err;
      throw new DatabaseError(`daily backup to ${dest} failed: ${(err as Error).message}`);
    }
    made = dest;
  }
  const backups = readdirSync(dir)
    .filter((f) => DAILY_PATTERN.test(f))
    .sort()
    .reverse();
  for (const old of backups.slice(Math.max(0, keep))) rmSync(path.join(dir, old), { force: true });
  // Leftovers of an interrupted daily backup.
  for (const f of readdirSync(dir)) if (DAILY_TEMP_PATTERN.test(f)) rmSync(path.join(dir, f), { force: true });
  return made;
}

const DAILY_PATTERN = /^cuttings-\d{4}-\d{2}-\d{2}\.db$/;
const DAILY_TEMP_PATTERN = /^\.cuttings-\d{4}-\d{2}-\d{2}\.db\.tmp-[0-9a-f]+(?:-wal|-shm|-journal)?$/;

function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Checks a fresh private copy (writable: FTS5's full check needs it) and makes it a single file. */
function verifyCopy(tmp: string, label: string, expectedVersion: number): void {
  const copy = new Database(tmp, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    checkIntegrity(copy, label);
    const v = copy.pragma('user_version', { simple: true }) as number;
    if (v !== expectedVersion) throw new DatabaseError(`${label}: the copy has schema ${v}, the archive ${expectedVersion}`);
    checkFtsContent(copy, label);
  } finally {
    copy.close();
  }
}

/** fsync, rename over `dest`, fsync the folder (where the platform allows it). */
function commitFile(tmp: string, dest: string): void {
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, dest);
  syncDir(path.dirname(dest));
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic.
  }
}

function tempNameFor(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${randomBytes(6).toString('hex')}`);
}

function removeDbFiles(file: string): void {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(file + s, { force: true });
}

function isLiveFile(db: Db, dest: string): boolean {
  if (db.memory || !db.name) return false;
  const live = path.resolve(db.name);
  if (sameFile(live, dest)) return true;
  return ['-wal', '-shm', '-journal'].some((s) => path.resolve(live + s) === dest);
}

function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

// =================================================================================
// Restore

export interface RestoreResult {
  /** Clippings in the restored archive, live and trashed. */
  clippings: number;
  /** Schema version of the backup as found (before migration). */
  fromVersion: number;
  schemaVersion: number;
}

/**
 * Replaces the archive `targetFile` by the backup `source`.
 *
 * The backup is validated first (`validateBackup`). A target that holds clippings
 * (live or in the trash), or is not a Cuttings archive at all, is only replaced with
 * `force`. The copy is atomic: a consistent snapshot of the source (`VACUUM INTO` on a
 * read-only connection, so a source in WAL mode loses nothing from its -wal file) is
 * written to a temporary file in the target's folder, checked, fsynced, the target's
 * stale -wal/-shm are removed and the copy is renamed over it. It is then opened once
 * with `openDatabase`, which migrates a backup from an older version.
 *
 * The caller must close every connection to `targetFile` first (the Archive open on it
 * in this process included) and reopen it afterwards.
 */
export function restoreArchive(source: string, targetFile: string, opts: { force?: boolean } = {}): RestoreResult {
  const dest = path.resolve(targetFile);
  if (sameFile(source, dest)) throw new DatabaseError(`${source} is the archive itself: nothing to restore`);
  const info = validateBackup(source);

  if (!opts.force) {
    const existing = occupant(dest);
    if (existing === 'not-archive') throw new DatabaseError(`${targetFile} is not a Cuttings archive: use --force to replace it`);
    if (existing > 0) throw new DatabaseError(`${targetFile} is not empty (${existing} clipping${existing === 1 ? '' : 's'}): use --force to replace it`);
  }
  if (existsSync(dest) && statSync(dest).isDirectory()) throw new DatabaseError(`${targetFile} is a folder`);

  mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = tempNameFor(dest);
  try {
    const src = new Database(source, { readonly: true, fileMustExist: true });
    try {
      src.prepare('VACUUM INTO ?').run(tmp);
    } finally {
      src.close();
    }
    verifyCopy(tmp, source, info.schemaVersion);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // A stale -wal would be replayed onto the new file: they go before the rename.
    for (const s of ['-wal', '-shm', '-journal']) rmSync(dest + s, { force: true });
    renameSync(tmp, dest);
    syncDir(path.dirname(dest));
  } catch (err) {
    removeDbFiles(tmp);
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(`restoring ${source} into ${targetFile} failed: ${(err as Error).message}`);
  }

  const db = openDatabase(dest);
  try {
    const clippings = (db.prepare('SELECT count(*) AS n FROM clippings').get() as { n: number }).n;
    return { clippings, fromVersion: info.schemaVersion, schemaVersion: db.pragma('user_version', { simple: true }) as number };
  } finally {
    db.close();
  }
}

/** Clippings held by an existing archive file (0 when absent or empty), or 'not-archive'. */
function occupant(file: string): number | 'not-archive' {
  if (!existsSync(file)) return 0;
  if (statSync(file).isDirectory()) return 'not-archive';
  if (statSync(file).size === 0 && !existsSync(`${file}-wal`)) return 0;
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return 'not-archive';
  }
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    if (tables.length === 0) return 0;
    if (!tables.includes('clippings')) return 'not-archive';
    return (db.prepare('SELECT count(*) AS n FROM clippings').get() as { n: number }).n;
  } catch {
    return 'not-archive';
  } finally {
    db.close();
  }
}

// =================================================================================
// The whole library as JSON

export const LIBRARY_FORMAT = 'cuttings-library';
export const LIBRARY_VERSION = 1;

export interface LibraryCapture {
  id: number;
  mediaType: string;
  sourcePath: string | null;
  sourceUrl: string | null;
  capturedAt: string;
  sha256: string;
  byteSize: number;
  /** The original bytes; left out when an earlier clipping of the file carried the same capture. */
  base64?: string;
  /** Images that came with the capture (sent with the bytes). */
  resources?: { url: string; mediaType: string; sha256: string; base64: string }[];
}

/** An earlier state of a clipping (the article captured again at its URL with changed text). */
export interface LibraryVersion {
  title: string;
  byline: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  text: string;
  html: string | null;
  figures: Figure[];
  wordCount: number;
  contentHash: string;
  capturedAt: string;
  replacedAt: string;
  capture: LibraryCapture | null;
}

/** A W3C Web Annotation plus what Cuttings needs to get the annotation back exactly. */
export type LibraryAnnotation = WebAnnotation & {
  'cuttings:color': string;
  'cuttings:state': AnnotationState;
  /** Only when `body` does not carry the note as stored (a blank note has no body). */
  'cuttings:note'?: string;
  /** Only when the stored offsets are not in a TextPositionSelector. */
  'cuttings:position'?: { start: number | null; end: number | null };
};

export interface LibraryClipping {
  id: number;
  title: string;
  byline: string | null;
  outlet: string | null;
  sourceUrl: string | null;
  canonicalUrl: string | null;
  urlKey: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  capturedAt: string;
  sortKey: string;
  lang: string | null;
  excerpt: string | null;
  text: string;
  html: string | null;
  figures: Figure[];
  leadImage: string | null;
  wordCount: number;
  contentHash: string;
  note: string;
  starred: boolean;
  read: boolean;
  mediaType: MediaType | null;
  section: string | null;
  page: string | null;
  tone: Tone | null;
  deletedAt: string | null;
  editedFields: string[];
  createdAt: string;
  updatedAt: string;
  tags: string[];
  capture: LibraryCapture | null;
  /** Earlier versions, oldest first (the clipping itself is the newest). */
  versions: LibraryVersion[];
  /** The story cluster (the id of its first member), or null. */
  clusterId?: number | null;
  annotations: LibraryAnnotation[];
}

export interface LibraryTag {
  name: string;
  color: string | null;
  createdAt: string;
}

export interface LibraryJson {
  format: typeof LIBRARY_FORMAT;
  version: typeof LIBRARY_VERSION;
  exportedAt: string;
  schemaVersion: number;
  tags: LibraryTag[];
  clippings: LibraryClipping[];
}

/** Every clipping (live and trashed), in one read transaction: a consistent snapshot. */
export function exportLibrary(core: Core): LibraryJson {
  return core.db.transaction(() => {
    const seen = new Set<number>();
    return { ...libraryHead(core), clippings: allClippingIds(core).map((id) => libraryClipping(core, id, seen)) };
  })();
}

/**
 * The same JSON as `JSON.stringify(exportLibrary(core))`, handed to `write` a clipping
 * at a time (for a file written with `fs.writeSync`) so the whole text never sits in
 * memory at once. Runs in one read transaction: `write` must not touch the archive.
 */
export function writeLibraryJson(core: Core, write: (chunk: string) => void): { clippings: number } {
  return core.db.transaction(() => {
    const head = JSON.stringify({ ...libraryHead(core), clippings: [] });
    write(`${head.slice(0, -'[]}'.length)}[`);
    const seen = new Set<number>();
    const ids = allClippingIds(core);
    ids.forEach((id, i) => write(`${i ? ',' : ''}\n${JSON.stringify(libraryClipping(core, id, seen))}`));
    write('\n]}\n');
    return { clippings: ids.length };
  })();
}

function libraryHead(core: Core): Omit<LibraryJson, 'clippings'> {
  const tags = core.db.prepare(`SELECT name, color, created_at AS createdAt FROM tags ORDER BY id`).all() as LibraryTag[];
  return {
    format: LIBRARY_FORMAT,
    version: LIBRARY_VERSION,
    exportedAt: core.now(),
    schemaVersion: core.db.pragma('user_version', { simple: true }) as number,
    tags,
  };
}

function allClippingIds(core: Core): number[] {
  return (core.db.prepare(`SELECT id FROM clippings ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
}

function libraryCapture(core: Core, captureId: number | null, seenCaptures: Set<number>): LibraryCapture | null {
  if (captureId === null) return null;
  const info = core.captures.info(captureId);
  if (!info) return null;
  const { id, ...meta } = info;
  const capture: LibraryCapture = { id, ...meta };
  if (!seenCaptures.has(id)) {
    capture.base64 = core.captures.bytes(id)!.toString('base64');
    const resources = core.db
      .prepare(`SELECT url, media_type AS mediaType, sha256, bytes FROM capture_resources WHERE capture_id = ? ORDER BY id`)
      .all(id) as { url: string; mediaType: string; sha256: string; bytes: Buffer }[];
    if (resources.length) capture.resources = resources.map((r) => ({ url: r.url, mediaType: r.mediaType, sha256: r.sha256, base64: r.bytes.toString('base64') }));
    seenCaptures.add(id);
  }
  return capture;
}

function libraryVersions(core: Core, id: number, seenCaptures: Set<number>): LibraryVersion[] {
  const rows = core.db
    .prepare(
      `SELECT capture_id AS captureId, title, byline, published_at AS publishedAt, modified_at AS modifiedAt, text, html, figures,
              word_count AS wordCount, content_hash AS contentHash, captured_at AS capturedAt, replaced_at AS replacedAt
         FROM clipping_versions WHERE clipping_id = ? ORDER BY id`,
    )
    .all(id) as (Omit<LibraryVersion, 'capture' | 'figures'> & { captureId: number | null; figures: string })[];
  return rows.map(({ captureId, figures, ...v }) => ({ ...v, figures: JSON.parse(figures) as Figure[], capture: libraryCapture(core, captureId, seenCaptures) }));
}

function libraryClipping(core: Core, id: number, seenCaptures: Set<number>): LibraryClipping {
  const c = core.clippings.get(id)!;
  const detail = core.detail(id);
  const row = core.db.prepare(`SELECT sort_key AS k, cluster_id AS cluster FROM clippings WHERE id = ?`).get(id) as { k: string; cluster: number | null };
  const sortKey = row.k;
  const versions = libraryVersions(core, id, seenCaptures);
  const capture = libraryCapture(core, c.captureId, seenCaptures);
  return {
    id: c.id,
    title: c.title,
    byline: c.byline,
    outlet: c.outlet,
    sourceUrl: c.sourceUrl,
    canonicalUrl: c.canonicalUrl,
    urlKey: c.urlKey,
    publishedAt: c.publishedAt,
    modifiedAt: c.modifiedAt,
    capturedAt: c.capturedAt,
    sortKey,
    lang: c.lang,
    excerpt: c.excerpt,
    text: c.text,
    html: c.html,
    figures: c.figures,
    leadImage: c.leadImage,
    wordCount: c.wordCount,
    contentHash: c.contentHash,
    note: c.note,
    starred: c.starred,
    read: c.read,
    mediaType: c.mediaType,
    section: c.section,
    page: c.page,
    tone: c.tone,
    deletedAt: c.deletedAt,
    editedFields: c.editedFields,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    tags: detail.tags,
    capture,
    versions,
    clusterId: row.cluster,
    annotations: detail.annotations.map((a) => {
      const w = webAnnotation(detail, a);
      const out: LibraryAnnotation = { ...w, 'cuttings:color': a.color, 'cuttings:state': a.state };
      if ((w.body?.value ?? '') !== a.note) out['cuttings:note'] = a.note;
      const pos = w.target.selector.find((s): s is { type: 'TextPositionSelector'; start: number; end: number } => s.type === 'TextPositionSelector');
      if (!pos ? a.start !== null || a.end !== null : pos.start !== a.start || pos.end !== a.end) {
        out['cuttings:position'] = { start: a.start, end: a.end };
      }
      return out;
    }),
  };
}

// ---------------------------------------------------------------------------------
// Import

const Str = z.string();
const NStr = z.string().nullable();
const PosInt = z.number().int().positive();
const Offset = z.number().int().min(0);

const QuoteSelector = z.object({ type: z.literal('TextQuoteSelector'), exact: Str, prefix: Str.optional(), suffix: Str.optional() });
const PositionSelector = z.object({ type: z.literal('TextPositionSelector'), start: Offset, end: Offset });
const Selector = z.discriminatedUnion('type', [QuoteSelector, PositionSelector]);

const AnnotationIn = z.object({
  id: z.string().regex(/^urn:cuttings:annotation:[1-9]\d*$/, 'expected "urn:cuttings:annotation:<id>"'),
  type: z.literal('Annotation'),
  created: Str.min(1),
  modified: Str.min(1),
  body: z.object({ type: z.literal('TextualBody'), value: Str }).optional(),
  target: z.object({
    source: Str,
    styleClass: Str.optional(),
    selector: z
      .union([Selector, z.array(Selector)])
      .transform((s) => (Array.isArray(s) ? s : [s]))
      .refine((s) => s.filter((x) => x.type === 'TextQuoteSelector').length === 1, 'needs exactly one TextQuoteSelector'),
  }),
  'cuttings:color': Str.min(1).max(50).optional(),
  'cuttings:state': z.enum(['anchored', 'orphaned']).optional(),
  'cuttings:note': Str.optional(),
  'cuttings:position': z.object({ start: Offset.nullable(), end: Offset.nullable() }).optional(),
});

const CaptureIn = z.object({
  id: PosInt,
  mediaType: Str,
  sourcePath: NStr,
  sourceUrl: NStr,
  capturedAt: Str.min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256'),
  byteSize: Offset,
  base64: z.base64().optional(),
  resources: z.array(z.object({ url: Str, mediaType: Str, sha256: z.string().regex(/^[0-9a-f]{64}$/), base64: z.base64() })).optional(),
});

const FigureIn = z.object({ alt: NStr, caption: NStr, credit: NStr, src: NStr });

const ClippingIn = z.object({
  id: PosInt,
  title: Str,
  byline: NStr,
  outlet: NStr,
  sourceUrl: NStr,
  canonicalUrl: NStr,
  urlKey: NStr.optional(),
  publishedAt: NStr,
  modifiedAt: NStr,
  capturedAt: Str.min(1),
  sortKey: Str.min(1).optional(),
  lang: NStr,
  excerpt: NStr,
  text: Str,
  html: NStr,
  figures: z.array(FigureIn),
  leadImage: NStr,
  wordCount: Offset,
  contentHash: Str.min(1),
  note: Str,
  starred: z.boolean(),
  read: z.boolean(),
  mediaType: z.enum(MEDIA_TYPES).nullable(),
  section: NStr,
  page: NStr,
  tone: z.enum(TONES).nullable(),
  deletedAt: NStr,
  editedFields: z.array(Str),
  createdAt: Str.min(1),
  updatedAt: Str.min(1),
  tags: z.array(Str.trim().min(1, 'a tag name cannot be empty')),
  capture: CaptureIn.nullable(),
  versions: z.array(
    z.object({
      title: Str,
      byline: NStr,
      publishedAt: NStr,
      modifiedAt: NStr,
      text: Str,
      html: NStr,
      figures: z.array(FigureIn),
      wordCount: Offset,
      contentHash: Str.min(1),
      capturedAt: Str.min(1),
      replacedAt: Str.min(1),
      capture: CaptureIn.nullable(),
    }),
  ).default([]),
  clusterId: PosInt.nullable().optional(),
  annotations: z.array(AnnotationIn),
});

const LibraryIn = z.object({
  format: z.literal(LIBRARY_FORMAT, `expected "${LIBRARY_FORMAT}" (this is not a Cuttings library export)`),
  version: z
    .number()
    .int()
    .refine((v) => v <= LIBRARY_VERSION, `was written by a newer version of Cuttings (library format newer than ${LIBRARY_VERSION})`)
    .refine((v) => v >= 1, 'unknown library format version'),
  exportedAt: Str.optional(),
  schemaVersion: z.number().int().optional(),
  tags: z.array(z.object({ name: Str.trim().min(1, 'a tag name cannot be empty'), color: NStr, createdAt: Str.min(1).optional() })).default([]),
  clippings: z.array(ClippingIn),
});

type LibraryInput = z.output<typeof LibraryIn>;

function badInput(message: string): ApiError {
  return new ApiError('bad_input', `library import: ${message}`);
}

/** Validates a library export (an object, or its JSON text); errors name the bad field's path. */
export function parseLibrary(json: unknown): LibraryInput {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw badInput(`not valid JSON (${(err as Error).message})`);
    }
  }
  const r = LibraryIn.safeParse(value);
  if (!r.success) {
    const shown = r.error.issues.slice(0, 5).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    const more = r.error.issues.length - shown.length;
    throw badInput(`${shown.join('; ')}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`);
  }
  const lib = r.data;

  // What a schema cannot say: unique ids, references, tag names, capture bytes.
  const clippingIds = new Set<number>();
  const annotationIds = new Set<number>();
  const captures = new Map<number, { sha256: string; path: string }>();
  const tagKeys = new Set<string>();
  lib.tags.forEach((t, i) => {
    const key = tagKey(t.name);
    if (tagKeys.has(key)) throw badInput(`tags.${i}.name: "${t.name}" appears twice`);
    tagKeys.add(key);
  });
  lib.clippings.forEach((c, i) => {
    const at = `clippings.${i}`;
    if (clippingIds.has(c.id)) throw badInput(`${at}.id: clipping ${c.id} appears twice`);
    clippingIds.add(c.id);
    c.annotations.forEach((a, j) => {
      const id = Number(a.id.slice('urn:cuttings:annotation:'.length));
      if (annotationIds.has(id)) throw badInput(`${at}.annotations.${j}.id: annotation ${id} appears twice`);
      annotationIds.add(id);
      if (a.target.source !== clippingIri(c.id)) {
        throw badInput(`${at}.annotations.${j}.target.source: expected "${clippingIri(c.id)}" (the clipping it is in), got "${a.target.source}"`);
      }
    });
    if (c.capture) {
      const k = c.capture;
      const seen = captures.get(k.id);
      if (seen) {
        if (seen.sha256 !== k.sha256) throw badInput(`${at}.capture: capture ${k.id} differs from the one at ${seen.path}`);
      } else {
        if (k.base64 === undefined) throw badInput(`${at}.capture.base64: the original bytes of capture ${k.id} are missing`);
        const bytes = Buffer.from(k.base64, 'base64');
        if (bytes.byteLength !== k.byteSize) throw badInput(`${at}.capture.byteSize: ${k.byteSize} but the bytes are ${bytes.byteLength} long`);
        if (sha256(bytes) !== k.sha256) throw badInput(`${at}.capture.sha256: does not match the bytes (damaged export?)`);
        captures.set(k.id, { sha256: k.sha256, path: `${at}.capture` });
      }
    }
  });
  return lib;
}

/** SQLite's NOCASE folds ASCII letters only. */
function tagKey(name: string): string {
  return normalizeTagName(name).replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

/**
 * Loads a library export into an EMPTY archive, in one transaction, keeping every id
 * (clippings, annotations, captures), so the archive comes back as it was. Capture
 * bytes go through `CaptureRepo.insert` (checked against their SHA-256 first); the
 * full-text index is kept by the triggers (the trash state is set last, in its own
 * UPDATE, see migration 003). Tag links get the import time as their `added_at` (the
 * export does not carry it).
 */
export function importLibrary(core: Core, json: unknown): { clippings: number; annotations: number; tags: number } {
  const lib = parseLibrary(json);
  const now = core.now();
  return core.write(() => {
    const count = (sql: string) => (core.db.prepare(sql).get() as { n: number }).n;
    const held = count('SELECT count(*) AS n FROM clippings');
    if (held > 0) throw new ApiError('conflict', `${core.file} is not empty (${held} clipping${held === 1 ? '' : 's'}): import a library into a new, empty archive`);
    if (count('SELECT count(*) AS n FROM tags') + count('SELECT count(*) AS n FROM captures') > 0) {
      throw new ApiError('conflict', `${core.file} is not empty (it holds tags or captures): import a library into a new, empty archive`);
    }

    // Tags, in their original order (the search view lists a clipping's tags by tag id).
    const insertTag = core.db.prepare(`INSERT INTO tags (name, color, created_at) VALUES (?, ?, ?)`);
    const tagIds = new Map<string, number>();
    const tagId = (name: string, color: string | null = null, createdAt = now): number => {
      const key = tagKey(name);
      let id = tagIds.get(key);
      if (id === undefined) {
        id = Number(insertTag.run(normalizeTagName(name), color, createdAt).lastInsertRowid);
        tagIds.set(key, id);
      }
      return id;
    };
    for (const t of lib.tags) tagId(t.name, t.color, t.createdAt ?? now);

    // Captures, in id order, each renumbered to its original id (the new rowid is above
    // every id placed so far, so the renumbering never collides).
    const captureList = new Map<number, NonNullable<LibraryInput['clippings'][number]['capture']>>();
    for (const c of lib.clippings) {
      for (const k of [...c.versions.map((v) => v.capture), c.capture]) if (k && k.base64 !== undefined && !captureList.has(k.id)) captureList.set(k.id, k);
    }
    const renumber = core.db.prepare(`UPDATE captures SET id = ? WHERE id = ?`);
    for (const k of [...captureList.values()].sort((a, b) => a.id - b.id)) {
      const rowid = core.captures.insert({
        mediaType: k.mediaType,
        sourcePath: k.sourcePath,
        sourceUrl: k.sourceUrl,
        capturedAt: k.capturedAt,
        sha256: k.sha256,
        bytes: Buffer.from(k.base64!, 'base64'),
      });
      if (rowid !== k.id) renumber.run(k.id, rowid);
      if (k.resources?.length) {
        core.captures.insertResources(k.id, k.resources.map((r) => ({ url: r.url, mediaType: r.mediaType, sha256: r.sha256, bytes: Buffer.from(r.base64, 'base64') })));
      }
    }
    const insertVersion = core.db.prepare(
      `INSERT INTO clipping_versions (clipping_id, capture_id, title, byline, published_at, modified_at, text, html, figures,
         word_count, content_hash, captured_at, replaced_at)
       VALUES (@clippingId, @captureId, @title, @byline, @publishedAt, @modifiedAt, @text, @html, @figures, @wordCount, @contentHash, @capturedAt, @replacedAt)`,
    );
    const setCluster = core.db.prepare(`UPDATE clippings SET cluster_id = ? WHERE id = ?`);

    const insertClipping = core.db.prepare(
      `INSERT INTO clippings (id, capture_id, title, byline, outlet, source_url, canonical_url, url_key, published_at,
         modified_at, captured_at, sort_key, lang, excerpt, text, html, figures, lead_image, word_count, content_hash,
         note, starred, is_read, media_type, section, page, tone, edited_fields, created_at, updated_at)
       VALUES (@id, @captureId, @title, @byline, @outlet, @sourceUrl, @canonicalUrl, @urlKey, @publishedAt,
         @modifiedAt, @capturedAt, @sortKey, @lang, @excerpt, @text, @html, @figures, @leadImage, @wordCount, @contentHash,
         @note, @starred, @read, @mediaType, @section, @page, @tone, @editedFields, @createdAt, @updatedAt)`,
    );
    const link = core.db.prepare(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (?, ?, ?)`);
    const insertAnnotation = core.db.prepare(
      `INSERT INTO annotations (id, clipping_id, exact, prefix, suffix, start, end, color, note, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const trash = core.db.prepare(`UPDATE clippings SET deleted_at = ? WHERE id = ?`);

    let annotations = 0;
    for (const c of lib.clippings) {
      insertClipping.run({
        ...c,
        captureId: c.capture?.id ?? null,
        urlKey: c.urlKey ?? null,
        sortKey: c.sortKey ?? computeSortKey(c.publishedAt, c.capturedAt),
        figures: JSON.stringify(c.figures),
        editedFields: JSON.stringify(c.editedFields),
        starred: c.starred ? 1 : 0,
        read: c.read ? 1 : 0,
      });
      for (const t of new Set(c.tags.map((name) => tagId(name)))) link.run(c.id, t, now);
      for (const { capture, figures, ...v } of c.versions) insertVersion.run({ ...v, clippingId: c.id, captureId: capture?.id ?? null, figures: JSON.stringify(figures) });
      if (c.clusterId) setCluster.run(c.clusterId, c.id);
      core.clusters.index(c.id, minhash(c.text));
      for (const a of c.annotations) {
        const quote = a.target.selector.find((s): s is z.output<typeof QuoteSelector> => s.type === 'TextQuoteSelector')!;
        const pos = a.target.selector.find((s): s is z.output<typeof PositionSelector> => s.type === 'TextPositionSelector');
        const start = a['cuttings:position'] ? a['cuttings:position'].start : (pos?.start ?? null);
        const end = a['cuttings:position'] ? a['cuttings:position'].end : (pos?.end ?? null);
        const state: AnnotationState = a['cuttings:state'] ?? (start !== null && end !== null ? 'anchored' : 'orphaned');
        const note = a['cuttings:note'] ?? a.body?.value ?? '';
        const color = a['cuttings:color'] ?? a.target.styleClass ?? 'yellow';
        insertAnnotation.run(
          Number(a.id.slice('urn:cuttings:annotation:'.length)),
          c.id,
          quote.exact,
          quote.prefix ?? '',
          quote.suffix ?? '',
          start,
          end,
          color,
          note,
          state,
          a.created,
          a.modified,
        );
        annotations++;
      }
    }
    // Last and on its own: the trash trigger takes the document out of the index.
    for (const c of lib.clippings) if (c.deletedAt !== null) trash.run(c.deletedAt, c.id);

    return { clippings: lib.clippings.length, annotations, tags: tagIds.size };
  });
}
