import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from '../../db/migrations/index.ts';
import { DatabaseError, openDatabase, schemaVersion } from '../../db/open.ts';
import { ftsIntegrity, NOW, tempDir } from '../helpers.ts';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('migrations', () => {
  it('numbers migrations 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('creates a new archive at the latest version, in WAL mode with foreign keys', () => {
    const file = path.join(tempDir(), 'a.db');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
    db.close();
    // reopening changes nothing
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(LATEST_VERSION);
    again.close();
  });

  it('upgrades a version-1 archive: clippings stored before the index existed become searchable', () => {
    const file = path.join(tempDir(), 'old.db');
    const v1 = openDatabase(file, { targetVersion: 1 });
    expect(schemaVersion(v1)).toBe(1);
    v1.prepare(
      `INSERT INTO clippings (title, text, captured_at, sort_key, content_hash, note, created_at, updated_at)
       VALUES ('Old clipping about Kyïv', 'Body text mentioning the Quint.', ?, ?, 'h1', 'remember this', ?, ?)`,
    ).run(NOW, NOW, NOW, NOW);
    v1.prepare(`INSERT INTO tags (name, created_at) VALUES ('Ukraine', ?)`).run(NOW);
    v1.prepare(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (1, 1, ?)`).run(NOW);
    v1.prepare(`INSERT INTO annotations (clipping_id, exact, note, created_at, updated_at) VALUES (1, 'the Quint', 'five leaders', ?, ?)`).run(NOW, NOW);
    v1.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    // The body's index or the one of tags, notes and annotations (migration 12).
    const find = (q: string) =>
      db.prepare(`SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? UNION SELECT rowid FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ?`).all(q, q);
    for (const q of ['kyiv', 'quints', 'ukraine', 'remember', 'leaders']) expect(find(q), q).toEqual([{ rowid: 1 }]);
    expect(db.prepare(`SELECT title, note FROM clippings`).get()).toEqual({ title: 'Old clipping about Kyïv', note: 'remember this' });
    ftsIntegrity(db);
    db.close();
  });

  it('upgrades a version-2 archive to 3: existing clippings stay searchable, new fields take their defaults', () => {
    const file = path.join(tempDir(), 'v2.db');
    const v2 = openDatabase(file, { targetVersion: 2 });
    v2.prepare(
      `INSERT INTO clippings (title, text, captured_at, sort_key, content_hash, created_at, updated_at)
       VALUES ('Ferry returns', 'The island ferry is back in service.', ?, ?, 'h', ?, ?)`,
    ).run(NOW, NOW, NOW, NOW);
    v2.close();
    const db = openDatabase(file);
    expect(db.prepare(`SELECT starred, is_read, media_type, tone, deleted_at, edited_fields FROM clippings`).get()).toEqual({
      starred: 0, is_read: 0, media_type: null, tone: null, deleted_at: null, edited_fields: '[]',
    });
    expect(db.prepare(`SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH 'ferry'`).all()).toEqual([{ rowid: 1 }]);
    ftsIntegrity(db);
    db.close();
  });

  it('compacts an archive upgraded through a migration that shrinks rows in place (016: captures stored against their text)', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = openDatabase(file, { targetVersion: 15 });
    const capture = old.prepare(`INSERT INTO captures (id, media_type, captured_at, sha256, byte_size, content_encoding, bytes) VALUES (?, 'text/plain', ?, ?, ?, 'gzip', ?)`);
    const clipping = old.prepare(
      `INSERT INTO clippings (id, capture_id, title, text, captured_at, sort_key, content_hash, created_at, updated_at) VALUES (?, ?, 'T', ?, ?, ?, ?, ?, ?)`,
    );
    old.transaction(() => {
      for (let i = 1; i <= 300; i++) {
        // Text that gzip compresses little: words from a counter's hash.
        const text = Array.from({ length: 400 }, (_, k) => createHash('md5').update(`${i}:${k}`).digest('hex').slice(0, 6)).join(' ');
        const bytes = Buffer.from(`Headline ${i}\n\n${text}\n`);
        capture.run(i, NOW, createHash('sha256').update(bytes).digest('hex'), bytes.length, gzipSync(bytes));
        clipping.run(i, i, text, NOW, NOW, `h${i}`, NOW, NOW);
      }
    })();
    old.pragma('wal_checkpoint(TRUNCATE)');
    const pages = (db: Database.Database) => (db.prepare(`SELECT sum(pgsize) AS b FROM dbstat WHERE name = 'captures'`).get() as { b: number }).b;
    const before = pages(old);
    old.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(pages(db)).toBeLessThan(before * 0.25); // the captures' pages, not only their rows, are given back
    db.close();
  });

  it('refuses an archive from a newer version and leaves the file untouched', () => {
    const file = path.join(tempDir(), 'future.db');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = sha(file);
    expect(() => openDatabase(file)).toThrow(DatabaseError);
    expect(() => openDatabase(file)).toThrow(/newer version of Cuttings \(schema \d+; this version knows up to \d+\)/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a file that is not a database, naming it', () => {
    const file = path.join(tempDir(), 'junk.db');
    writeFileSync(file, 'this is not SQLite at all, just some text that is long enough to look like a header'.repeat(20));
    expect(() => openDatabase(file)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a Cuttings archive`));
  });

  it('refuses an unrelated SQLite database instead of adding tables to it', () => {
    const file = path.join(tempDir(), 'other.db');
    const raw = new Database(file);
    raw.exec(`CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/not a Cuttings archive/);
    const check = new Database(file);
    expect(check.prepare(`SELECT name FROM sqlite_schema`).all()).toEqual([{ name: 'invoices' }]);
    check.close();
  });

  it('runs each migration atomically: a failing step leaves the previous version intact', () => {
    const file = path.join(tempDir(), 'partial.db');
    openDatabase(file, { targetVersion: 1 }).close();
    // Sabotage: a table named like the one migration 2 creates makes it fail half-way.
    const raw = new Database(file);
    raw.exec(`CREATE VIEW clipping_fts_source AS SELECT 1 AS id`);
    raw.close();
    expect(() => openDatabase(file)).toThrow();
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    expect(check.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'clipping_fts'`).get()).toEqual({ n: 0 });
    check.close();
  });
});
