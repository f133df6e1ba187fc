/**
 * Upgrades: a kept fixture archive of every earlier schema version (made by
 * fixtures/make-fixtures.ts) opens with the current code and loses nothing — every field,
 * tag, highlight, note, trashed item, saved search, stored image, version and cluster —
 * and search finds it. An archive from a newer version is refused with a clear message
 * and left byte-identical.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { LATEST_VERSION } from '../../db/migrations/index.ts';
import { DatabaseError, openDatabase } from '../../db/open.ts';
import { CaptureRepo } from '../../db/captures.ts';
import { ClusterRepo } from '../../db/clusters.ts';
import { minhash } from '../../electron/core/capture/minhash.ts';
import { tempDir } from '../helpers.ts';
import { CLI, ftsCheck, sha256 } from './lib/common.ts';
import { FIXTURE, FIXTURE_NOW, PNG_SHA, TRASHED_AT } from './fixtures/make-fixtures.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const clock = () => new Date(new Date(FIXTURE_NOW).getTime() + 86_400_000);

function copyOf(v: number): string {
  const file = path.join(tempDir('cuttings-upgrade-'), `v${v}.db`);
  copyFileSync(path.join(FIXTURES, `schema-v${v}.db`), file);
  return file;
}

describe('upgrading archives from every earlier schema version', () => {
  it('has a kept fixture for every earlier version, each at its version', () => {
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(2);
    for (let v = 1; v < LATEST_VERSION; v++) {
      const db = new Database(path.join(FIXTURES, `schema-v${v}.db`), { readonly: true });
      expect(db.pragma('user_version', { simple: true }), `schema-v${v}.db`).toBe(v);
      db.close();
    }
  });

  for (let v = 1; v < LATEST_VERSION; v++) {
    it(`schema ${v} → ${LATEST_VERSION}: nothing lost, everything searchable`, async () => {
      const file = copyOf(v);
      const archive = new Archive(file, {}, clock);
      try {
        const db = archive.db;
        expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        ftsCheck(db);

        // Every synced object has its own UUIDv7 (team sync: migration 014).
        for (const table of ['clippings', 'annotations', 'tags']) {
          const ids = (db.prepare(`SELECT uuid FROM ${table}`).all() as { uuid: string }[]).map((r) => r.uuid);
          expect(ids.length, table).toBeGreaterThan(0);
          for (const id of ids) expect(id, table).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          expect(new Set(ids).size, table).toBe(ids.length);
        }

        // Captures: the original bytes, byte for byte (one stored gzip-compressed).
        const captures = new CaptureRepo(db);
        for (const c of FIXTURE.captures) {
          expect(Buffer.from(captures.bytes(c.id)!).equals(c.bytes), `capture ${c.id}`).toBe(true);
          expect(captures.info(c.id)).toMatchObject({ mediaType: c.mediaType, sourcePath: c.sourcePath, sourceUrl: c.sourceUrl, sha256: sha256(c.bytes), byteSize: c.bytes.length });
        }

        // Clippings: every field.
        for (const c of FIXTURE.clippings) {
          const d = await archive.call('clippings.get', { id: c.id });
          expect(d).toMatchObject({
            title: c.title, byline: c.byline, outlet: c.outlet, sourceUrl: c.sourceUrl, canonicalUrl: c.canonicalUrl, url: c.canonicalUrl ?? c.sourceUrl,
            publishedAt: c.publishedAt, lang: c.lang, excerpt: c.excerpt, text: c.text, note: c.note,
            html: c.html?.replaceAll('PNGSHA', PNG_SHA) ?? null,
            figures: c.figures.map((f) => ({ ...f, src: f.src?.replace('PNGSHA', PNG_SHA) ?? null })),
          });
          expect(d.capture?.sha256).toBe(sha256(FIXTURE.captures.find((k) => k.id === c.captureId)!.bytes));
          expect(d.tags.sort()).toEqual(FIXTURE.tags.filter((t) => t.clippings.includes(c.id)).map((t) => t.name).sort());
          const anns = FIXTURE.annotations.filter((a) => a.clippingId === c.id);
          expect(d.annotations.map((a) => ({ quote: a.quote, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end, color: a.color, note: a.note, state: a.state })).sort((a, b) => a.quote.localeCompare(b.quote))).toEqual(
            anns.map((a) => ({ quote: a.exact, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end, color: a.color, note: a.note, state: a.state })).sort((a, b) => a.quote.localeCompare(b.quote)),
          );
          for (const a of d.annotations.filter((x) => x.state === 'anchored')) expect(d.text.slice(a.start!, a.end!)).toBe(a.quote);
        }
        const tags = await archive.call('tags.list', {});
        for (const t of FIXTURE.tags) expect(tags.find((x) => x.name === t.name)?.color ?? null).toBe(v >= 1 ? t.color : null);

        // Search finds text, tags, notes and highlights; the trash (v3+) stays out of it.
        const find = async (q: string) => (await archive.call('search.query', { query: q, limit: 50 })).hits.map((h) => h.id).sort();
        expect(await find('zanzibar')).toEqual([1]);
        expect(await find('diplomats')).toEqual([2]);
        expect(await find('tag:Ukraine')).toEqual([2]);
        expect(await find('briefing')).toEqual([1]); // clip note
        expect(await find('leaders')).toEqual([2]); // annotation note
        expect(await find('kyiv')).toEqual([2]); // diacritics folded
        expect(await find('quimper')).toEqual(v >= 3 ? [] : [3]);

        const stats = await archive.call('archive.stats', {});
        expect(stats).toMatchObject({ captures: 3, annotations: 3, orphanedAnnotations: 1, tags: 2, schemaVersion: LATEST_VERSION });
        if (v >= 3) {
          expect(stats).toMatchObject({ clippings: 2, trashed: 1 });
          const trash = await archive.call('trash.list', {});
          expect(trash.map((t) => [t.id, t.deletedAt])).toEqual([[FIXTURE.trashed, TRASHED_AT]]);
          for (const [id, o] of Object.entries(FIXTURE.organising)) {
            const d = await archive.call('clippings.get', { id: Number(id) });
            expect(d).toMatchObject({ starred: o.starred === 1, read: o.isRead === 1, mediaType: o.mediaType, section: o.section, page: o.page, tone: o.tone, editedFields: o.editedFields });
          }
          // Restoring brings it back into search.
          await archive.call('trash.restore', { selection: { ids: [FIXTURE.trashed] } });
          expect(await find('quimper')).toEqual([3]);
        } else {
          expect(stats).toMatchObject({ clippings: 3, trashed: 0 });
        }
        if (v >= 4) {
          const saved = await archive.call('search.saved', {});
          expect(saved.map((s) => [s.name, s.query]).sort()).toEqual(FIXTURE.saved.map((s) => [s.name, s.query]).sort());
          expect(saved.find((s) => s.name === 'Ukraine coverage')?.count).toBe(1);
        }
        if (v >= 5) {
          const img = await archive.call('images.get', { sha256: PNG_SHA });
          expect(Buffer.from(img.base64, 'base64').equals(FIXTURE.resource.bytes)).toBe(true);
          expect(img.mediaType).toBe('image/png');
        }
        if (v >= 6) {
          const versions = await archive.call('clippings.versions', { id: 1 });
          expect(versions.map((x) => [x.title, x.current])).toEqual([[FIXTURE.version.title, false], [FIXTURE.clippings[0]!.title, true]]);
          if (v >= 3) await archive.call('clippings.get', { id: 1 }).then((d) => expect(d.cluster?.members.sort()).toEqual(FIXTURE.cluster.members));
        }
        if (v >= 24) {
          // Each clipping's signature and LSH bands (moved nowhere by migration 025): a lookup finds it.
          const clusters = new ClusterRepo(db);
          for (const c of FIXTURE.clippings) expect(clusters.candidates(minhash(c.text), 0), `clipping ${c.id}`).toContain(c.id);
        }

        // The upgraded archive takes new writes and stays consistent.
        await archive.call('tags.add', { id: 1, tags: ['Upgraded'] });
        const added = await archive.call('clippings.add', { capture: { name: 'new.txt', text: 'New after the upgrade\n\nThe archive accepts a new clipping about lighthouses after the upgrade.' } });
        expect(added.status).toBe('added');
        expect(await find('lighthouses')).toEqual([added.id]);
        ftsCheck(db);
      } finally {
        archive.close();
      }
    });
  }
});

describe('an archive from a newer version', () => {
  it('is refused with a clear message (app core and CLI) and left byte-identical', () => {
    const file = copyOf(LATEST_VERSION - 1);
    openDatabase(file).close(); // bring it to the latest version…
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`); // …then pretend a newer Cuttings wrote it
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = sha256(readFileSync(file));

    expect(() => new Archive(file)).toThrow(DatabaseError);
    expect(() => new Archive(file)).toThrow(
      new RegExp(`was written by a newer version of Cuttings \\(schema ${LATEST_VERSION + 1}; this version knows up to ${LATEST_VERSION}\\)\\. Update Cuttings to open it; the file was left untouched\\.`),
    );
    expect(() => openDatabase(file, { readonly: true })).toThrow(/newer version of Cuttings/);
    const cli = spawnSync(process.execPath, [CLI, '--db', file, 'list'], { encoding: 'utf8' });
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toMatch(/newer version of Cuttings/);
    expect(cli.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace

    expect(sha256(readFileSync(file))).toBe(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });
});
