/**
 * A bulk import commits in batches (electron/core/clippings/import.ts), written straight
 * through, and again with each file in a SAVEPOINT of its own when one fails: a file that
 * fails while it is stored is reported and leaves nothing of itself, the others of its
 * batch are stored; and what is reported as stored is committed (readable from another
 * connection when it is reported).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { Core } from '../../electron/core/context.ts';
import { ftsIntegrity, tempDir } from '../helpers.ts';
import { makeCaptureFolder } from '../reliability/lib/common.ts';

let archive: Archive | null = null;
afterEach(() => {
  archive?.close();
  archive = null;
});

const count = (a: Archive, sql: string, ...params: unknown[]) => (a.db.prepare(sql).get(...params) as { n: number }).n;

describe('bulk import in batches', () => {
  it('a file that fails while it is stored is an error and leaves nothing of itself; the rest of its batch is stored', async () => {
    const dir = tempDir();
    const a = (archive = new Archive(path.join(dir, 'c.db')));
    const { dir: inbox, files } = makeCaptureFolder(path.join(dir, 'in'), { seed: 5, texts: 12, pages: 0 });
    const bad = files[5]!;
    // Storing that file's clipping fails after its capture row was written.
    a.db.exec(
      `CREATE TEMP TRIGGER refuse BEFORE INSERT ON clippings
        WHEN (SELECT source_path FROM captures WHERE id = NEW.capture_id) = '${bad.replaceAll("'", "''")}'
       BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
    const report = await a.call('clippings.import', { paths: [inbox] });
    expect(report.results.map((r) => r.status)).toEqual(files.map((f) => (f === bad ? 'error' : 'added')));
    const failed = report.results.find((r) => r.file === bad)!;
    expect(failed.error).toContain(bad);
    expect(failed.error).toContain('refused by the test');
    expect(report).toMatchObject({ added: 11, errors: 1, notTried: 0, stopped: null });
    expect(count(a, 'SELECT count(*) AS n FROM clippings')).toBe(11);
    expect(count(a, 'SELECT count(*) AS n FROM captures')).toBe(11);
    expect(count(a, 'SELECT count(*) AS n FROM captures WHERE source_path = ?', bad)).toBe(0);
    ftsIntegrity(a.db);

    // Once it can be stored, importing the folder again stores it and nothing else.
    a.db.exec('DROP TRIGGER temp.refuse');
    const again = await a.call('clippings.import', { paths: [inbox] });
    expect(again.results.map((r) => r.status)).toEqual(files.map((f) => (f === bad ? 'added' : 'duplicate')));
    expect(count(a, 'SELECT count(*) AS n FROM clippings')).toBe(12);
  });

  it('reports each file once it is committed: another connection reads it at that moment', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.db');
    const a = (archive = new Archive(file));
    const { dir: inbox } = makeCaptureFolder(path.join(dir, 'in'), { seed: 6, texts: 30, pages: 2 });
    const other = new Database(file, { readonly: true });
    try {
      const seen = other.prepare('SELECT count(*) AS n FROM clippings WHERE id = ?');
      const missing: number[] = [];
      const report = await a.call('clippings.import', { paths: [inbox] }, {
        onItem: (r) => {
          if (r.status === 'added' && (seen.get(r.id) as { n: number }).n !== 1) missing.push(r.id!);
        },
      });
      expect(report.added).toBe(32);
      expect(missing).toEqual([]);
    } finally {
      other.close();
    }
  });

  it("writes with the bulk-writing settings (db/bulk.ts) while it imports, the connection's own after", async () => {
    const dir = tempDir();
    const a = (archive = new Archive(path.join(dir, 'c.db')));
    const { dir: inbox } = makeCaptureFolder(path.join(dir, 'in'), { seed: 8, texts: 6, pages: 0 });
    const settings = () => [a.db.pragma('cache_size', { simple: true }), a.db.pragma('wal_autocheckpoint', { simple: true })];
    const before = settings();
    const during: unknown[][] = [];
    const report = await a.call('clippings.import', { paths: [inbox] }, { onItem: () => during.push(settings()) });
    expect(report.added).toBe(6);
    expect(during).toEqual(Array(6).fill([-65536, 8000]));
    expect(settings()).toEqual(before);
  });

  it('writes a batch without a SAVEPOINT or an INSERT per file (FTS5 writes a segment at each): as many full-text segments as commits at most', async () => {
    const dir = tempDir();
    const a = (archive = new Archive(path.join(dir, 'c.db')));
    const { dir: inbox } = makeCaptureFolder(path.join(dir, 'in'), { seed: 7, texts: 24, pages: 0 });
    let commits = 0;
    let nested = 0;
    const write = Core.prototype.write;
    const spy = vi.spyOn(Core.prototype, 'write').mockImplementation(function <T>(this: Core, fn: () => T): T {
      if (this.db.inTransaction) nested++;
      else commits++;
      return write.call(this, fn) as T;
    });
    try {
      const report = await a.call('clippings.import', { paths: [inbox] });
      expect(report).toMatchObject({ added: 24, errors: 0 });
    } finally {
      spy.mockRestore();
    }
    expect(nested).toBe(0);
    const segments = count(a, 'SELECT count(DISTINCT segid) AS n FROM clipping_fts_idx');
    expect(segments).toBeGreaterThan(0);
    expect(segments).toBeLessThanOrEqual(commits);
    ftsIntegrity(a.db);
  });

  it('finds duplicates, new versions and near-duplicates within a batch as it does one file at a time', async () => {
    const dir = tempDir();
    const wire = [
      'Firefighters brought a large blaze at a recycling plant in the north of the city under control early on Sunday, the fire service said.',
      'More than 60 firefighters and 12 engines were sent to the site after the alarm was raised shortly before midnight.',
      'Residents living nearby were told to keep their windows and doors closed because of the heavy smoke drifting across the area.',
      'No one was injured, according to a spokesman, who added that crews would remain at the scene throughout the day to damp down hotspots.',
      'The cause of the fire is not yet known and an investigation will begin once the site is safe, the spokesman said.',
    ];
    const page = (outlet: string, paras: string[], url: string) =>
      `<html><head><title>Blaze at recycling plant | ${outlet}</title><link rel="canonical" href="${url}"></head><body><article><h1>Blaze at recycling plant</h1>${paras.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const files: [string, string][] = [
      ['a.html', page('Gazette', wire, 'https://gazette.example/news/blaze')],
      ['b.html', page('Gazette', wire, 'https://gazette.example/news/blaze')], // the same bytes
      ['c.html', page('Courier', wire.map((p) => p.replace('More than 60', 'Over 60')), 'https://courier.example/fire')], // near-duplicate
      ['d.html', page('Herald', wire, 'https://herald.example/local/fire')], // the same text elsewhere
      ['e.html', page('Gazette', [...wire, 'The plant was last hit by a fire in 2019, the operator said in a statement.'], 'https://gazette.example/news/blaze')], // updated
      ['f.txt', 'Council approves new cycle lanes\n\nThe council voted on Tuesday to approve a network of protected cycle lanes across the city centre after months of consultation.\n\nWork is expected to start in the spring.'],
    ];
    const inbox = path.join(dir, 'in');
    mkdirSync(inbox);
    for (const [name, text] of files) writeFileSync(path.join(inbox, name), text);

    const outcome = async (a: Archive, reports: { status: string; id: number | null }[]) => ({
      statuses: reports.map((r) => r.status),
      ids: reports.map((r) => r.id),
      clusters: await Promise.all(reports.map(async (r) => (r.id === null ? null : (await a.call('clippings.get', { id: r.id })).cluster))),
    });
    const batch = (archive = new Archive(path.join(dir, 'batch.db')));
    const together = await outcome(batch, (await batch.call('clippings.import', { paths: [inbox] })).results);
    expect(together.statuses).toEqual(['added', 'duplicate', 'added', 'duplicate', 'updated', 'added']);
    expect(together.clusters[2]?.members).toEqual([together.ids[0], together.ids[2]]);
    ftsIntegrity(batch.db);

    const single = new Archive(path.join(dir, 'single.db'));
    try {
      const reports = [];
      for (const [name] of files) reports.push(...(await single.call('clippings.import', { paths: [path.join(inbox, name)] })).results);
      expect(together).toEqual(await outcome(single, reports));
    } finally {
      single.close();
    }
  });
});
