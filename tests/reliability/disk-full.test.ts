/**
 * A full disk in the middle of a batch: the batch stops at once (every later file would
 * fail the same way), the error says "disk full" and names the file being stored, the
 * report lists what was stored and what was not tried, nothing stored before is lost,
 * the archive passes integrity_check and works again once space is freed. A library
 * import, a backup, a restore or any other write on a full disk is the contract's
 * `disk_full` error naming the file, never "internal error: database or disk is full".
 *
 * The full disk is SQLite's own: SQLITE_FULL when the database would grow beyond
 * `PRAGMA max_page_count`, set on the archive's connection (`archive.db`) at the moment
 * the test wants the disk to fill (the pragma cannot go below the current size, so
 * "the current size" means: not one page more).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { ApiError } from '../../electron/contract/errors.ts';
import { Archive } from '../../electron/core/archive.ts';
import { toApiError } from '../../electron/core/dispatch.ts';
import { dailyBackup } from '../../electron/core/archive/backup.ts';
import { ftsIntegrity, tempDir } from '../helpers.ts';
import { CaptureRepo } from '../../db/captures.ts';

/**
 * Restore and the daily backup copy with `VACUUM INTO` on connections of their own (no
 * page limit reaches them): when `copyFull` is set, their copy fails as SQLite does on a
 * full disk.
 */
const disk = vi.hoisted(() => ({ copyFull: false }));
vi.mock('../../db/backup.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../db/backup.ts')>();
  const { default: Db } = await import('better-sqlite3');
  const failing =
    <A extends unknown[]>(real: (...a: A) => void) =>
    (...a: A): void => {
      if (disk.copyFull) throw new Db.SqliteError('database or disk is full', 'SQLITE_FULL');
      real(...a);
    };
  return { ...orig, replaceWithCopy: failing(orig.replaceWithCopy), snapshotCopy: failing(orig.snapshotCopy) };
});

let dir: string;
let archive: Archive;
beforeEach(() => {
  disk.copyFull = false;
  dir = tempDir('cuttings-diskfull-');
  archive = new Archive(path.join(dir, 'full.db'));
});
afterEach(() => archive.close());

/** From now on the database cannot grow by a single page. */
function fillDisk(a: Archive = archive): void {
  a.db.pragma(`max_page_count = ${a.db.pragma('page_count', { simple: true }) as number}`);
}
function freeSpace(a: Archive = archive): void {
  a.db.pragma('max_page_count = 1000000000');
}
function healthy(a: Archive = archive): void {
  expect(a.db.pragma('integrity_check', { simple: true })).toBe('ok');
  ftsIntegrity(a.db);
}

/** A capture of about 40 KB of text of its own (so storing it needs new pages). */
function article(name: string, n: number): string {
  const paras = Array.from(
    { length: 120 },
    (_, i) => `<p>Report ${n}, paragraph ${i + 1}: the ${name} committee met on day ${n * 1000 + i} to discuss the harbour wall, the ferry timetable and the winter storms that closed the crossing ${i} times.</p>`,
  ).join('\n');
  const file = path.join(dir, 'in', name);
  writeFileSync(file, `<!doctype html><html><head><title>The ${name} report ${n}</title></head><body><article><h1>The ${name} report ${n}</h1>${paras}</article></body></html>`);
  return file;
}

function captures(names: string[]): string[] {
  mkdirSync(path.join(dir, 'in'), { recursive: true });
  return names.map((n, i) => article(n, i + 1));
}

function clippingCount(a: Archive = archive): number {
  return (a.db.prepare('SELECT count(*) AS n FROM clippings').get() as { n: number }).n;
}

describe('disk full during a batch import', () => {
  it('stops at the file being stored, names it, reports the rest as not tried, keeps what was stored', async () => {
    const [a, b] = captures(['a.html', 'b.html', 'c.html', 'd.html', 'e.html']);
    // Two files are stored first. A batch is written as one transaction (its new clippings
    // inserted together at its end), so which files of one batch still fit after a failure
    // depends on how the batch was cut: the two stored first make the point the test needs.
    expect((await archive.call('clippings.import', { paths: [a!, b!] })).added).toBe(2);
    // The disk fills as the third file's capture is stored.
    const insert = CaptureRepo.prototype.insert;
    const spy = vi.spyOn(CaptureRepo.prototype, 'insert').mockImplementation(function (this: CaptureRepo, c, base) {
      if (c.sourcePath?.endsWith('c.html')) fillDisk();
      return insert.call(this, c, base);
    });
    const report = await archive.call('clippings.import', { paths: [path.join(dir, 'in')] });
    spy.mockRestore();
    expect(report.results.map((r) => [path.basename(r.file), r.status])).toEqual([
      ['a.html', 'duplicate'],
      ['b.html', 'duplicate'],
      ['c.html', 'error'],
      ['d.html', 'not_tried'],
      ['e.html', 'not_tried'],
    ]);
    const c = report.results[2]!;
    expect(c.error).toMatch(/disk full/i);
    expect(c.error).toContain('c.html');
    expect(c.error).not.toMatch(/internal error/);
    expect(report).toMatchObject({ added: 0, errors: 1, notTried: 2 });
    expect(report.stopped).toMatch(/disk full/i);
    expect(report.stopped).toContain('c.html');
    // Nothing more was attempted: the disk-full error came once.
    expect(report.results.filter((r) => /disk full/i.test(r.error ?? ''))).toHaveLength(1);

    expect(clippingCount()).toBe(2);
    healthy();

    // Space freed: the same import again stores the rest; what was stored is a duplicate.
    freeSpace();
    const again = await archive.call('clippings.import', { paths: [path.join(dir, 'in')] });
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'added', 'added', 'added']);
    expect(again.stopped).toBeNull();
    expect(again.notTried).toBe(0);
    expect(clippingCount()).toBe(5);
    healthy();
  });

  it('a full disk on the very first file: that file named, every other one (web addresses too) not tried', async () => {
    const files = captures(['a.html', 'b.html']);
    fillDisk();
    const report = await archive.call('clippings.import', { paths: [...files, 'https://example.invalid/story'] });
    expect(report.results.map((r) => r.status)).toEqual(['error', 'not_tried', 'not_tried']);
    expect(report.results[0]!.error).toContain('a.html');
    expect(report.results[2]!.file).toBe('https://example.invalid/story');
    expect(report.notTried).toBe(2);
    expect(clippingCount()).toBe(0);
    healthy();
  });

  it('a single pasted capture on a full disk: a disk_full error, not an internal one', async () => {
    fillDisk();
    const text = Array.from({ length: 400 }, (_, i) => `Line ${i} of a pasted story about the harbour wall and the ferry.`).join('\n');
    const err = await archive.call('clippings.add', { capture: { name: 'pasted.txt', text } }).catch((e: unknown) => toApiError(e));
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('disk_full');
    expect((err as ApiError).message).toMatch(/disk full/i);
    expect((err as ApiError).message).toContain('pasted.txt');
    healthy();
  });
});

describe('disk full on any other write', () => {
  it('is a disk_full error saying nothing was saved, not an internal one; the clipping is as it was', async () => {
    captures(['a.html']);
    await archive.call('clippings.import', { paths: [path.join(dir, 'in')] });
    const before = (await archive.call('clippings.get', { id: 1 })).text;
    fillDisk();
    const text = Array.from({ length: 2000 }, (_, i) => `Sentence ${i} of a corrected text about the harbour wall.`).join(' ');
    const err = await archive.call('clippings.setText', { id: 1, text }).catch((e: unknown) => toApiError(e));
    expect((err as ApiError).code).toBe('disk_full');
    expect((err as ApiError).message).toMatch(/^disk full: nothing was saved/);
    expect((await archive.call('clippings.get', { id: 1 })).text).toBe(before);
    healthy();
  });
});

describe('disk full during re-extraction of every clipping', () => {
  it('stops at the clipping being stored, names it, lists the ones not tried', async () => {
    captures(['a.html', 'b.html', 'c.html']);
    await archive.call('clippings.import', { paths: [path.join(dir, 'in')] });
    // Make the stored HTML stale, so re-extraction writes it back (new pages), and give
    // the freed pages back to the file system, so storing it again must grow the file.
    archive.db.prepare("UPDATE clippings SET html = '<p>stale</p>'").run();
    archive.db.exec('VACUUM');
    const report = await archive.call('clippings.reextract', { all: true }, {
      onProgress: (i) => {
        if (i === 1) fillDisk();
      },
    });
    expect(report.results.map((r) => r.id)).toEqual([1, 2]);
    expect(report.results[0]!.error).toBeUndefined();
    expect(report.results[1]!.error).toMatch(/disk full/i);
    expect(report.results[1]!.error).toContain('clipping 2');
    expect(report.notTried).toEqual([3]);
    expect(report.stopped).toMatch(/disk full/i);
    healthy();
    const html = archive.db.prepare('SELECT id, html FROM clippings ORDER BY id').all() as { id: number; html: string }[];
    expect(html.map((h) => h.html === '<p>stale</p>')).toEqual([false, true, true]);

    freeSpace();
    const again = await archive.call('clippings.reextract', { all: true });
    expect(again.results.every((r) => !r.error)).toBe(true);
    expect(again.notTried).toEqual([]);
    expect(again.stopped).toBeNull();
  });
});

describe('disk full during a library import', () => {
  it('names the library file, says disk full, leaves the archive empty and sound; works once space is freed', async () => {
    captures(['a.html', 'b.html']);
    await archive.call('clippings.import', { paths: [path.join(dir, 'in')] });
    const lib = path.join(dir, 'library.json');
    await archive.call('export.write', { selection: { all: true }, format: 'json', out: lib });

    const target = new Archive(path.join(dir, 'target.db'));
    try {
      fillDisk(target);
      const err = await target.call('archive.importLibrary', { file: lib }).catch((e: unknown) => toApiError(e));
      expect((err as ApiError).code).toBe('disk_full');
      expect((err as ApiError).message).toMatch(/disk full/i);
      expect((err as ApiError).message).toContain(lib);
      expect(clippingCount(target)).toBe(0);
      healthy(target);
      freeSpace(target);
      expect(await target.call('archive.importLibrary', { file: lib })).toMatchObject({ clippings: 2 });
      healthy(target);
    } finally {
      target.close();
    }
  });
});

describe('disk full while writing a backup', () => {
  it('names the backup file, says disk full, leaves no partial file behind', async () => {
    captures(['a.html']);
    await archive.call('clippings.import', { paths: [path.join(dir, 'in')] });
    const out = path.join(dir, 'backups', 'copy.db');
    // The copy is written, then the disk fills (at its last write, or its journal's).
    const db = archive.db as Database.Database & { backup: Database.Database['backup'] };
    const real = db.backup.bind(db);
    db.backup = async (dest, opts) => {
      await real(dest, opts);
      throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
    };
    const err = await archive.call('archive.backup', { file: out }).catch((e: unknown) => toApiError(e));
    expect((err as ApiError).code).toBe('disk_full');
    expect((err as ApiError).message).toMatch(/disk full/i);
    expect((err as ApiError).message).toContain(out);
    expect(readdirSync(path.dirname(out))).toEqual([]);
    healthy();
  });
});

describe('disk full while restoring or making the daily backup', () => {
  it('restore: disk_full naming both files; the archive is as it was and open again', async () => {
    captures(['a.html', 'b.html']);
    await archive.call('clippings.import', { paths: [path.join(dir, 'in')] });
    const copy = path.join(dir, 'copy.db');
    await archive.call('archive.backup', { file: copy });
    await archive.call('clippings.delete', { selection: { ids: [1] } });
    disk.copyFull = true;
    const err = await archive.call('archive.restore', { file: copy, force: true }).catch((e: unknown) => toApiError(e));
    expect((err as ApiError).code).toBe('disk_full');
    expect((err as ApiError).message).toMatch(/^disk full: /);
    expect((err as ApiError).message).toContain(copy);
    expect((err as ApiError).message).toContain(path.join(dir, 'full.db'));
    expect(clippingCount()).toBe(2);
    expect((await archive.call('clippings.get', { id: 1 })).deletedAt).not.toBeNull();
    healthy();
  });

  it('daily backup: a disk_full error naming the file, for the app to log', () => {
    disk.copyFull = true;
    let err: unknown;
    try {
      dailyBackup(archive.db, path.join(dir, 'backups'), new Date(2026, 11, 6));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('disk_full');
    expect((err as ApiError).message).toContain(path.join(dir, 'backups', 'cuttings-2026-12-06.db'));
  });
});
