/**
 * The CLI on a full disk: `import` prints what was stored, the file that did not fit
 * ("disk full"), every file not tried, and why it stopped; it exits non-zero. `--json`
 * lists each file's status. `reextract` says the same of clippings.
 *
 * The full disk is SQLite's: every connection the CLI opens gets `max_page_count` at
 * its current size plus `disk.room` bytes, in whole pages of the archive's page size
 * (db/open.ts is wrapped for this file only).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../electron/cli.ts';
// runCli loads the core with import() at the first command; loading it here, under the
// mock below, makes sure the archive it opens goes through the mocked openDatabase.
import '../../electron/core/archive.ts';
import { tempDir } from '../helpers.ts';
import { registerFunctions } from '../../db/open.ts';

const disk = vi.hoisted(() => ({ room: null as number | null }));

vi.mock('../../db/open.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../db/open.ts')>();
  return {
    ...orig,
    openDatabase: (file: string, options?: Parameters<typeof orig.openDatabase>[1]) => {
      const db = orig.openDatabase(file, options);
      if (disk.room !== null) {
        const pages = (db.pragma('page_count', { simple: true }) as number) + Math.floor(disk.room / (db.pragma('page_size', { simple: true }) as number));
        db.pragma(`max_page_count = ${pages}`);
      }
      return db;
    },
  };
});

async function run(db: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--db', db, ...argv], { out: (s) => out.push(s), err: (s) => err.push(s), errIsTty: false, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dir: string;
let db: string;
let files: string[];
beforeEach(() => {
  disk.room = null;
  dir = tempDir('cuttings-cli-full-');
  db = path.join(dir, 'c.db');
  mkdirSync(path.join(dir, 'in'));
  // a.html is small; b.html (about 300 KB of its own text) does not fit in 160 KB of free pages.
  files = [
    ['a.html', 3],
    ['b.html', 1500],
    ['c.html', 3],
  ].map(([name, n]) => {
    const paras = Array.from({ length: n as number }, (_, i) => `<p>${name} paragraph ${i}: the ferry board met on day ${i} to talk about the harbour wall and the winter timetable.</p>`).join('');
    const file = path.join(dir, 'in', name as string);
    writeFileSync(file, `<html><head><title>Story ${name}</title></head><body><article><h1>Story ${name}</h1>${paras}</article></body></html>`);
    return file;
  });
});

describe('cuttings import on a full disk', () => {
  it('says disk full, names the file, lists what was not tried, exits non-zero; the next run stores the rest', { timeout: 60_000 }, async () => {
    expect((await run(db, 'stats')).code).toBe(0);
    disk.room = 160 * 1024;
    const r = await run(db, 'import', path.join(dir, 'in'));
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/^added .*Story a\.html/m);
    expect(r.err).toMatch(new RegExp(`^error .*${files[1]!.replace(/[.]/g, '\\.')}: disk full`, 'm'));
    expect(r.err).toMatch(new RegExp(`^not tried .*${files[2]!.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(r.err).toMatch(/1 added, 0 duplicates, 1 error, 1 not tried/);
    expect(r.err).toMatch(/disk full while storing .*b\.html: the import stopped there/);
    expect(r.err).not.toMatch(/internal error/);

    disk.room = null;
    const again = await run(db, 'import', path.join(dir, 'in'), '--json');
    expect(again.code).toBe(0);
    expect((JSON.parse(again.out) as { status: string }[]).map((x) => x.status)).toEqual(['duplicate', 'added', 'added']);
  });

  it('--json lists every file with its status, the ones not tried included', { timeout: 60_000 }, async () => {
    expect((await run(db, 'stats')).code).toBe(0);
    disk.room = 0;
    const [a, b, c] = files as [string, string, string];
    const r = await run(db, 'import', b, a, c, '--json');
    expect(r.code).not.toBe(0);
    const results = JSON.parse(r.out) as { file: string; status: string; error?: string }[];
    expect(results.map((x) => [x.file, x.status])).toEqual([
      [b, 'error'],
      [a, 'not_tried'],
      [c, 'not_tried'],
    ]);
    expect(results[0]!.error).toMatch(/disk full/);
    expect(r.err).toMatch(/disk full while storing .*b\.html/);
  });
});

describe('cuttings reextract on a full disk', () => {
  it('names the clipping that did not fit and lists the ones not tried', { timeout: 60_000 }, async () => {
    // Clipping 1 is the large b.html (storing its HTML again needs new pages), 2 is a.html.
    expect((await run(db, 'import', files[1]!, files[0]!)).code).toBe(0);
    // Stale stored HTML (re-extraction writes it back), its pages given back to the file system.
    const raw = new Database(db);
    registerFunctions(raw); // (the body's sync trigger reads the stored text)
    raw.prepare("UPDATE clippings SET html = '<p>stale</p>'").run();
    raw.exec('VACUUM');
    raw.close();
    disk.room = 0;
    const r = await run(db, 'reextract', '--all');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/^error .*clipping 1: disk full/m);
    expect(r.err).toMatch(/not tried: #2/);
    expect(r.err).toMatch(/disk full while storing clipping 1/);
  });
});

describe('any other command on a full disk', () => {
  it('says disk full and that nothing was saved, exits 1 (was: internal error)', { timeout: 60_000 }, async () => {
    expect((await run(db, 'import', files[0]!)).code).toBe(0);
    disk.room = 0;
    const r = await run(db, 'note', '1', 'A long note. '.repeat(20_000));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^cuttings note: disk full: nothing was saved/);
  });
});
