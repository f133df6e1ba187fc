import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../db/migrations/index.ts';
import { openDatabase } from '../../db/open.ts';
import { Archive } from '../../electron/core/archive.ts';
import { backupArchive, dailyBackup, restoreArchive, validateBackup } from '../../electron/core/archive/backup.ts';
import type { LibraryJson } from '../../electron/core/archive/library.ts';
import { writeLibraryJson } from '../../electron/core/archive/library-export.ts';
import { importLibrary } from '../../electron/core/archive/library-import.ts';
import { sha256 } from '../../electron/core/capture/fingerprint.ts';
import { Core } from '../../electron/core/context.ts';
import { HARWICK } from '../fixtures/articles.ts';
import { ftsIntegrity, tempDir } from '../helpers.ts';

/** The repository's own capture (tests/fixtures/articles.ts), and the passages used from it. */
const capture = HARWICK.text();
const { captureName, repeated, repeatedPrefix, phrase, misspelt, surname, removable, removableEnd } = HARWICK;
const require = createRequire(import.meta.url);

const LONG =
  'The committee met on Tuesday to discuss the proposal in detail, and members raised several questions about costs, timing and the consultation that preceded it.';
const article = (title: string, extra = '') =>
  `<html><head><title>${title}</title>${extra}</head><body><article><h1>${title}</h1><p>${LONG} ${title}.</p><p>${LONG} Again ${title}.</p></article></body></html>`;

const coreOf = (a: Archive) => new Core(a.db, a.file, () => new Date());
/** The library JSON as the product writes it (streamed), parsed. */
const exportJson = (core: Core): LibraryJson => {
  let text = '';
  writeLibraryJson(core, (chunk) => (text += chunk));
  return JSON.parse(text) as LibraryJson;
};
const count = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;

/** An archive with a bit of everything: highlights of every kind, notes, tags with colours, flags, press fields, the trash. */
async function richArchive(file: string): Promise<Archive> {
  let t = Date.parse('2026-03-01T09:00:00Z');
  const a = new Archive(file, {}, () => new Date((t += 61_000)));
  await a.call('clippings.add', { capture: { name: captureName, text: capture }, tags: ['Ukraine', 'foreign policy'] });
  await a.call('clippings.add', {
    capture: { name: 'council.html', sourceUrl: 'https://example.org/news/council', text: article('Council budget vote', '<meta property="article:published_time" content="2026-02-27T18:30:00+01:00">') },
  });
  await a.call('clippings.add', { capture: { name: 'trashed.html', text: article('A story for the bin') }, tags: ['bin'] });
  await a.call('clippings.add', { capture: { name: 'plain.txt', text: 'Short plain note\n\nJust a pasted paragraph about harbours and ferries.' } });

  const text = (await a.call('clippings.get', { id: 1 })).text;
  await a.call('annotations.create', { id: 1, quote: repeated, prefix: repeatedPrefix, note: 'The **line** to quote', color: 'green' });
  await a.call('annotations.create', { id: 1, start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length, color: 'orange' });
  await a.call('annotations.create', { id: 1, quote: misspelt, note: '   ', color: 'grey' });
  await a.call('annotations.create', { id: 1, quote: removableEnd, note: 'will be orphaned' });
  // A hand edit that orphans one highlight.
  await a.call('clippings.setText', {
    id: 1,
    text: text.replace(removable, 'Removed by the editor.'),
  });
  // (offsets, so the test does not depend on how the extractor treats the headline)
  const last = async (id: number, words: string) => {
    const s = (await a.call('clippings.get', { id })).text.lastIndexOf(words);
    return { start: s, end: s + words.length };
  };
  await a.call('annotations.create', { id: 2, ...(await last(2, 'Council budget vote')), color: 'purple', note: 'headline' });
  await a.call('annotations.create', { id: 3, ...(await last(3, 'story for the bin')), color: 'red' });

  await a.call('tags.add', { id: 2, tags: ['local', 'Budget'] });
  await a.call('tags.setColor', { name: 'Ukraine', color: 'blue' });
  await a.call('tags.setColor', { name: 'local', color: '#aa3300' });
  await a.call('tags.apply', { selection: { ids: [4] }, add: ['unused-later'] });
  await a.call('tags.remove', { id: 4, tags: ['unused-later'] }); // a tag with no clippings
  await a.call('clippings.setNote', { id: 1, note: 'Why it matters:\n\n- framing\n- timing' });
  await a.call('clippings.setFlags', { selection: { ids: [1, 2] }, starred: true });
  await a.call('clippings.setFlags', { selection: { ids: [2, 4] }, read: true });
  await a.call('clippings.update', { selection: { ids: [2] }, outlet: 'The Gazette', mediaType: 'print', section: 'Local', page: 'A4', tone: 'negative', byline: 'Jo Bloggs' });
  await a.call('clippings.update', { selection: { ids: [4] }, title: 'Harbours', publishedAt: '2026-01-15', url: 'https://example.com/harbours?utm_source=x' });
  await a.call('clippings.delete', { selection: { ids: [3] } });
  return a;
}

function everything(a: Archive) {
  const core = coreOf(a);
  const ids = (a.db.prepare('SELECT id FROM clippings ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  return {
    details: ids.map((id) => core.detail(id)),
    captures: ids.map((id) => {
      const k = core.detail(id).capture;
      return k ? sha256(core.captures.bytes(k.id)!) : null;
    }),
    tags: a.db.prepare('SELECT name, color, created_at FROM tags ORDER BY id').all(),
    raw: a.db.prepare('SELECT * FROM clippings ORDER BY id').all(),
    rawAnnotations: a.db.prepare('SELECT * FROM annotations ORDER BY id').all(),
  };
}

// ---------------------------------------------------------------------------------

describe('backupArchive', () => {
  it('makes a consistent, verified copy while another connection keeps writing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'live.db');
    const a = new Archive(file);
    await a.call('clippings.add', { capture: { name: captureName, text: capture } });
    // Bulk, so the copy takes many steps (about 6000 pages of 8 KB).
    a.db.prepare(`INSERT INTO captures (media_type, captured_at, sha256, byte_size, bytes) VALUES ('application/octet-stream', '2026-01-01', ?, ?, ?)`).run('0'.repeat(64), 48e6, randomBytes(48e6));

    const stop = new SharedArrayBuffer(4);
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const Database = require(workerData.lib);
       const db = new Database(workerData.file);
       db.pragma('busy_timeout = 10000');
       const stop = new Int32Array(workerData.stop);
       const tag = db.prepare("INSERT INTO tags (name, created_at) VALUES (?, '2026-01-01')");
       const note = db.prepare('UPDATE clippings SET note = ? WHERE id = 1');
       const step = db.transaction((n) => { tag.run('w' + n); note.run(String(n)); });
       let n = 0;
       while (Atomics.load(stop, 0) === 0) {
         step.immediate(++n);
         if (n === 20) parentPort.postMessage('going');
       }
       db.close();
       parentPort.postMessage(n);`,
      { eval: true, workerData: { lib: require.resolve('better-sqlite3'), file, stop } },
    );
    const messages: unknown[] = [];
    const finished = new Promise<number>((resolve, reject) => {
      worker.on('message', (m) => (typeof m === 'number' ? resolve(m) : messages.push(m)));
      worker.on('error', reject);
    });
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));

    const writesBefore = count(a.db, `SELECT count(*) AS n FROM tags WHERE name LIKE 'w%'`);
    const target = path.join(dir, 'copies', 'backup.db');
    const r = await backupArchive(a.db, target);
    const writesAfter = count(a.db, `SELECT count(*) AS n FROM tags WHERE name LIKE 'w%'`);
    Atomics.store(new Int32Array(stop), 0, 1);
    const total = await finished;

    expect(writesAfter).toBeGreaterThan(writesBefore); // the writer really ran during the backup
    expect(r.pages).toBeGreaterThan(5000);
    expect(r.bytes).toBe(statSync(target).size);
    const info = validateBackup(target);
    expect(info).toMatchObject({ schemaVersion: LATEST_VERSION, clippings: 1, captures: 2, ftsContentChecked: true });

    // One snapshot: the clipping's note is the number of the writer's last committed step.
    const b = new Database(target, { readonly: true });
    const n = count(b, `SELECT count(*) AS n FROM tags WHERE name LIKE 'w%'`);
    expect(n).toBeGreaterThanOrEqual(writesBefore);
    expect(n).toBeLessThanOrEqual(total);
    expect((b.prepare('SELECT note FROM clippings WHERE id = 1').get() as { note: string }).note).toBe(String(n));
    expect(b.pragma('journal_mode', { simple: true })).toBe('delete'); // a single file
    b.close();
    expect(readdirSync(path.dirname(target))).toEqual(['backup.db']); // no temporary files left
    a.close();
  });

  it('refuses to overwrite the live archive, under any spelling of its name', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'live.db');
    const a = new Archive(file);
    await a.call('clippings.add', { capture: { name: captureName, text: capture } });
    await expect(backupArchive(a.db, file)).rejects.toThrow(/is the archive itself/);
    await expect(backupArchive(a.db, path.join(dir, 'sub', '..', 'live.db'))).rejects.toThrow(/is the archive itself/);
    await expect(backupArchive(a.db, `${file}-wal`)).rejects.toThrow(/is the archive itself/);
    expect(await a.call('clippings.get', { id: 1 })).toMatchObject({ id: 1 });
    // An existing older backup is replaced.
    const target = path.join(dir, 'b.db');
    writeFileSync(target, 'old');
    await backupArchive(a.db, target);
    expect(validateBackup(target).clippings).toBe(1);
    a.close();
  });
});

describe('validateBackup', () => {
  it('rejects a junk file, a missing file, another SQLite database and a newer archive, naming the file', async () => {
    const dir = tempDir();
    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, randomBytes(8192));
    expect(() => validateBackup(junk)).toThrow(new RegExp(`${junk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a Cuttings archive`));
    expect(() => validateBackup(path.join(dir, 'nope.db'))).toThrow(/nope\.db: no such file/);

    const other = path.join(dir, 'other.db');
    const o = new Database(other);
    o.exec('CREATE TABLE t (x)');
    o.close();
    expect(() => validateBackup(other)).toThrow(/other\.db is not a Cuttings archive/);

    const newer = path.join(dir, 'newer.db');
    const a = new Archive(newer);
    await a.call('clippings.add', { capture: { name: captureName, text: capture } });
    a.db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    a.close();
    expect(() => validateBackup(newer)).toThrow(/newer\.db was written by a newer version of Cuttings/);

    const partial = path.join(dir, 'partial.db');
    const p = new Archive(partial);
    p.db.exec('DROP TABLE annotations');
    p.close();
    expect(() => validateBackup(partial)).toThrow(/partial\.db is not a Cuttings archive \(missing table annotations\)/);
  });

  it('accepts a good backup and reports what it holds; finds a full-text index out of step', async () => {
    const dir = tempDir();
    const a = await richArchive(path.join(dir, 'live.db'));
    const good = path.join(dir, 'good.db');
    await backupArchive(a.db, good);
    expect(validateBackup(good)).toMatchObject({ schemaVersion: LATEST_VERSION, needsUpgrade: false, clippings: 4, trashed: 1, annotations: 6, tags: 6, captures: 4 });

    // Remove a document from the index with the wrong words: structure fine, content not.
    a.db.prepare(`INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body) VALUES ('delete', 2, 'x', '', '', 'y')`).run();
    a.close();
    expect(() => validateBackup(path.join(dir, 'live.db'))).toThrow(/live\.db is corrupt: the full-text index does not match/);
  });
});

describe('restoreArchive', () => {
  it('refuses a non-empty target without --force, replaces it with --force', async () => {
    const dir = tempDir();
    const src = await richArchive(path.join(dir, 'src.db'));
    const backup = path.join(dir, 'backup.db');
    await backupArchive(src.db, backup);
    const before = everything(src);
    src.close();

    const target = path.join(dir, 'target.db');
    const t = new Archive(target);
    await t.call('clippings.add', { capture: { name: 'other.txt', text: 'Another archive\n\nWith its own clipping about trains.' } });
    await t.call('clippings.add', { capture: { name: 'b.txt', text: 'Second one\n\nAbout buses and trams.' } });
    await t.call('clippings.delete', { selection: { ids: [2] } });
    t.close();
    expect(() => restoreArchive(backup, target)).toThrow(/target\.db is not empty \(2 clippings\): use --force to replace it/);
    const untouched = new Archive(target);
    expect((await untouched.call('archive.stats', {})).clippings).toBe(1);
    untouched.close();

    expect(restoreArchive(backup, target, { force: true })).toMatchObject({ clippings: 4, schemaVersion: LATEST_VERSION });
    expect(existsSync(`${target}-wal`) && statSync(`${target}-wal`).size > 0).toBe(false);
    const r = new Archive(target, {}, () => new Date('2026-03-02T00:00:00Z')); // (a later clock would purge the old trash)
    expect(everything(r)).toEqual(before);
    ftsIntegrity(r.db);
    expect((await r.call('search.query', { query: surname })).hits.map((h) => h.id)).toEqual([1]);
    r.close();
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('restores into a missing or empty archive, taking what was still in the source -wal', async () => {
    const dir = tempDir();
    const src = new Archive(path.join(dir, 'src.db'));
    src.db.pragma('wal_autocheckpoint = 0');
    await src.call('clippings.add', { capture: { name: captureName, text: capture } });
    await src.call('annotations.create', { id: 1, quote: repeated, prefix: repeatedPrefix });
    expect(statSync(path.join(dir, 'src.db-wal')).size).toBeGreaterThan(0);
    // The source is still open: its last writes are only in the -wal.
    expect(restoreArchive(path.join(dir, 'src.db'), path.join(dir, 'new', 'fresh.db'))).toMatchObject({ clippings: 1 });
    src.close();

    const empty = path.join(dir, 'empty.db');
    new Archive(empty).close();
    writeFileSync(`${empty}-wal`, randomBytes(4096)); // stale leftovers must not be replayed
    expect(restoreArchive(path.join(dir, 'src.db'), empty).clippings).toBe(1);
    for (const f of [path.join(dir, 'new', 'fresh.db'), empty]) {
      const r = new Archive(f);
      expect((await r.call('annotations.list', { id: 1 }))[0]).toMatchObject({ quote: repeated, state: 'anchored' });
      ftsIntegrity(r.db);
      r.close();
    }
  });

  it('migrates a backup from an older version, and validates before touching anything', async () => {
    const dir = tempDir();
    const old = path.join(dir, 'v2.db');
    const db = openDatabase(old, { targetVersion: 2 });
    db.prepare(`INSERT INTO captures (media_type, captured_at, sha256, byte_size, bytes) VALUES ('text/plain', '2020-01-01T00:00:00Z', ?, 5, ?)`).run(sha256('hello'), Buffer.from('hello'));
    db.prepare(
      `INSERT INTO clippings (capture_id, title, captured_at, sort_key, text, content_hash, created_at, updated_at)
       VALUES (1, 'An old clipping', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00', 'hello from the past', 'h', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`,
    ).run();
    db.close();
    expect(validateBackup(old)).toMatchObject({ schemaVersion: 2, needsUpgrade: true, clippings: 1, trashed: 0 });

    const target = path.join(dir, 'target.db');
    expect(restoreArchive(old, target)).toEqual({ clippings: 1, fromVersion: 2, schemaVersion: LATEST_VERSION });
    const r = new Archive(target);
    expect(await r.call('clippings.get', { id: 1 })).toMatchObject({ title: 'An old clipping', starred: false, deletedAt: null });
    expect((await r.call('search.query', { query: 'past' })).total).toBe(1);
    r.close();

    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just some text that is long enough to look like something');
    const before = readFileSync(target);
    expect(() => restoreArchive(junk, target, { force: true })).toThrow(/junk\.db is not a Cuttings archive/);
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(() => restoreArchive(target, target, { force: true })).toThrow(/is the archive itself/);
  });
});

describe('library JSON export / import', () => {
  it('round-trips the whole library into an empty archive exactly', async () => {
    const dir = tempDir();
    const a = await richArchive(path.join(dir, 'a.db'));
    const lib = exportJson(coreOf(a));
    expect(lib).toMatchObject({ format: 'cuttings-library', version: 1, schemaVersion: LATEST_VERSION });
    expect(lib.clippings.map((c) => c.id)).toEqual([1, 2, 3, 4]);
    expect(lib.clippings.every((c) => Array.isArray(c.versions) && c.versions.length === 0)).toBe(true);
    const w3c = lib.clippings[0]!.annotations;
    expect(w3c[0]).toMatchObject({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      target: { source: 'urn:cuttings:clipping:1', selector: [{ type: 'TextQuoteSelector' }, { type: 'TextPositionSelector' }] },
    });
    expect(w3c.find((x) => x['cuttings:color'] === 'green')).toMatchObject({ body: { type: 'TextualBody', value: 'The **line** to quote', format: 'text/markdown' } });
    expect(w3c.find((x) => x['cuttings:state'] === 'orphaned')!.target.selector).toHaveLength(1);
    // What the W3C form alone would lose travels in cuttings: properties.
    const grey = w3c.find((x) => x['cuttings:color'] === 'grey')!;
    expect(grey).toMatchObject({ 'cuttings:note': '   ', target: { styleClass: 'yellow' } });
    expect(grey.body).toBeUndefined();
    expect(w3c.find((x) => x['cuttings:color'] === 'orange')!.target.styleClass).toBe('yellow');
    expect(lib.clippings[0]!.capture).toMatchObject({ mediaType: 'text/plain', base64: Buffer.from(capture).toString('base64') });

    // Writing it again gives the same JSON.
    let streamed = '';
    writeLibraryJson(coreOf(a), (chunk) => (streamed += chunk));
    expect({ ...(JSON.parse(streamed) as LibraryJson), exportedAt: lib.exportedAt }).toEqual(lib);

    const b = new Archive(path.join(dir, 'b.db'));
    expect(importLibrary(coreOf(b), JSON.parse(streamed))).toEqual({ clippings: 4, annotations: 6, tags: 6 });

    const [x, y] = [everything(a), everything(b)];
    expect(y.details).toEqual(x.details); // every field of every clipping, trashed one included
    expect(y.captures).toEqual(x.captures);
    expect(y.tags).toEqual(x.tags);
    expect(y.raw).toEqual(x.raw);
    expect(y.rawAnnotations).toEqual(x.rawAnnotations);
    expect(await b.call('tags.list', {})).toEqual(await a.call('tags.list', {}));
    expect((await b.call('trash.list', {})).map((c) => c.id)).toEqual([3]);
    expect(await b.call('archive.stats', {})).toEqual({ ...(await a.call('archive.stats', {})), dbBytes: expect.any(Number), file: expect.any(String) });
    for (const q of [surname, 'framing', 'Gazette', 'harbours', 'bin', 'headline', 'Ukraine']) {
      expect((await b.call('search.query', { query: q })).hits.map((h) => h.id)).toEqual((await a.call('search.query', { query: q })).hits.map((h) => h.id));
    }
    ftsIntegrity(b.db);
    // …and exporting again gives the same file.
    expect({ ...exportJson(coreOf(b)), exportedAt: lib.exportedAt }).toEqual(lib);
    // The imported archive goes on working: new ids follow the imported ones, the trash restores.
    expect((await b.call('clippings.add', { capture: { name: 'n.txt', text: 'Something new\n\nAbout lighthouses.' } })).id).toBe(5);
    expect(await b.call('trash.restore', { selection: { ids: [3] } })).toEqual({ restored: 1, ids: [3] });
    expect(await b.call('clippings.get', { id: 3 })).toMatchObject({ id: 3, deletedAt: null });
    expect((await b.call('search.query', { query: 'bin' })).hits.map((h) => h.id)).toEqual([3]);
    a.close();
    b.close();
  });

  it('refuses a non-empty archive and malformed input, with a clear message, writing nothing', async () => {
    const dir = tempDir();
    const a = await richArchive(path.join(dir, 'a.db'));
    const lib = exportJson(coreOf(a));
    expect(() => importLibrary(coreOf(a), lib)).toThrow(/a\.db is not empty \(4 clippings\)/);

    const b = new Archive(path.join(dir, 'b.db'));
    const core = coreOf(b);
    const bad = (mutate: (l: any) => void) => {
      const copy = structuredClone(lib) as any;
      mutate(copy);
      return copy;
    };
    expect(() => importLibrary(core, '{"format": "cuttings-library", ')).toThrow(/library import: not valid JSON/);
    expect(() => importLibrary(core, { hello: 'world' })).toThrow(/format: expected "cuttings-library"/);
    expect(() => importLibrary(core, bad((l) => (l.version = 2)))).toThrow(/version: was written by a newer version/);
    expect(() => importLibrary(core, bad((l) => (l.clippings[1].starred = 'yes')))).toThrow(/clippings\.1\.starred: /);
    expect(() => importLibrary(core, bad((l) => (l.clippings[0].annotations[1].target.selector = [])))).toThrow(/clippings\.0\.annotations\.1\.target\.selector: needs exactly one TextQuoteSelector/);
    expect(() => importLibrary(core, bad((l) => (l.clippings[2].tone = 'angry')))).toThrow(/clippings\.2\.tone/);
    expect(() => importLibrary(core, bad((l) => (l.clippings[3].id = 1)))).toThrow(/clippings\.3\.id: clipping 1 appears twice/);
    expect(() => importLibrary(core, bad((l) => (l.clippings[1].annotations[0].target.source = 'urn:cuttings:clipping:9')))).toThrow(/clippings\.1\.annotations\.0\.target\.source/);
    expect(() =>
      importLibrary(core, bad((l) => (l.clippings[0].capture.base64 = Buffer.from(`${capture}!`).toString('base64')))),
    ).toThrow(/clippings\.0\.capture\.byteSize/);
    const swapped = Buffer.from(capture.replace('Harwick', 'Harwicx')).toString('base64');
    expect(() => importLibrary(core, bad((l) => (l.clippings[0].capture.base64 = swapped)))).toThrow(/clippings\.0\.capture\.sha256: does not match the bytes/);
    expect(() => importLibrary(core, bad((l) => (l.clippings[0].versions = [{}])))).toThrow(/clippings\.0\.versions\.0\.title: /);
    expect(count(b.db, 'SELECT count(*) AS n FROM clippings') + count(b.db, 'SELECT count(*) AS n FROM tags') + count(b.db, 'SELECT count(*) AS n FROM captures')).toBe(0);
    // The real thing still goes in afterwards.
    expect(importLibrary(core, lib).clippings).toBe(4);
    a.close();
    b.close();
  });

  it('refuses ids beyond the integers it can keep (annotation urn, clipping, capture, cluster), naming the field, writing nothing', async () => {
    const dir = tempDir();
    const a = await richArchive(path.join(dir, 'a.db'));
    const lib = exportJson(coreOf(a));
    const b = new Archive(path.join(dir, 'b.db'));
    const core = coreOf(b);
    const bad = (mutate: (l: any) => void) => {
      const copy = structuredClone(lib) as any;
      mutate(copy);
      return copy;
    };
    // Beyond SQLite's 64-bit integers (was: "datatype mismatch"), and beyond Number.MAX_SAFE_INTEGER
    // (was imported silently, rounded to another id: 2^53 + 1 reads as 2^53).
    for (const n of ['99999999999999999999', '9223372036854775808', '9007199254740993', '9007199254740992']) {
      expect(() => importLibrary(core, bad((l) => (l.clippings[0].annotations[0].id = `urn:cuttings:annotation:${n}`)))).toThrow(
        /library import: clippings\.0\.annotations\.0\.id: the id is too large/,
      );
    }
    // Numeric ids: zod 4's .int() allows only safe integers.
    for (const n of [1e300, 2 ** 53, 9223372036854775807]) {
      expect(() => importLibrary(core, bad((l) => (l.clippings[1].id = n)))).toThrow(/library import: clippings\.1\.id: /);
      expect(() => importLibrary(core, bad((l) => (l.clippings[0].capture.id = n)))).toThrow(/library import: clippings\.0\.capture\.id: /);
      expect(() => importLibrary(core, bad((l) => (l.clippings[0].clusterId = n)))).toThrow(/library import: clippings\.0\.clusterId: /);
    }
    expect(count(b.db, 'SELECT count(*) AS n FROM clippings') + count(b.db, 'SELECT count(*) AS n FROM annotations') + count(b.db, 'SELECT count(*) AS n FROM captures')).toBe(0);
    // The largest safe id is still fine.
    const big = importLibrary(core, bad((l) => (l.clippings[0].annotations[0].id = `urn:cuttings:annotation:${Number.MAX_SAFE_INTEGER}`)));
    expect(big.annotations).toBe(6);
    expect(count(b.db, `SELECT count(*) AS n FROM annotations WHERE id = ${Number.MAX_SAFE_INTEGER}`)).toBe(1);
    a.close();
    b.close();
  });
});

describe('dailyBackup', () => {
  it('makes one backup a day and keeps the last 7, leaving other files alone', async () => {
    const dir = tempDir();
    const a = new Archive(path.join(dir, 'live.db'));
    await a.call('clippings.add', { capture: { name: captureName, text: capture } });
    const backups = path.join(dir, 'backups');
    const first = dailyBackup(a.db, backups, new Date(2026, 10, 1, 9, 0));
    expect(first).toBe(path.join(backups, 'cuttings-2026-11-01.db'));
    expect(validateBackup(first!).clippings).toBe(1);
    expect(dailyBackup(a.db, backups, new Date(2026, 10, 1, 18, 0))).toBeNull(); // same day
    writeFileSync(path.join(backups, 'notes.txt'), 'mine');
    writeFileSync(path.join(backups, 'cuttings-keep-me.db'), 'mine');
    for (let day = 2; day <= 10; day++) {
      await a.call('clippings.setNote', { id: 1, note: `day ${day}` });
      expect(dailyBackup(a.db, backups, new Date(2026, 10, day, 8, 30))).toMatch(/cuttings-2026-11-\d\d\.db$/);
    }
    const kept = readdirSync(backups).sort();
    expect(kept).toEqual([
      'cuttings-2026-11-04.db',
      'cuttings-2026-11-05.db',
      'cuttings-2026-11-06.db',
      'cuttings-2026-11-07.db',
      'cuttings-2026-11-08.db',
      'cuttings-2026-11-09.db',
      'cuttings-2026-11-10.db',
      'cuttings-keep-me.db',
      'notes.txt',
    ]);
    const last = new Database(path.join(backups, 'cuttings-2026-11-10.db'), { readonly: true });
    expect((last.prepare('SELECT note FROM clippings WHERE id = 1').get() as { note: string }).note).toBe('day 10');
    last.close();
    expect(dailyBackup(a.db, backups, new Date(2026, 10, 11), 3)).not.toBeNull();
    expect(readdirSync(backups).filter((f) => /^cuttings-\d/.test(f))).toHaveLength(3);
    a.close();
  });
});
