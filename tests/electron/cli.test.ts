import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { forEachArticle, HARWICK, TRUSS, type LoadedArticle } from '../fixtures/articles.ts';
import { REPO, tempDir } from '../helpers.ts';
import { BENCHMARK_HTML, itWithShared } from '../shared.ts';
import { LATEST_VERSION } from '../../db/migrations/index.ts';

const CLI = path.join(REPO, 'dist/cli.mjs');
/** The repository's own capture, for the tests that need any article. */
const CAPTURE = HARWICK.capture;

/** Searches on an article's clipping: a body word that also serves as a tag, and queries that find it. */
interface CliSearch {
  article: LoadedArticle;
  bodyTag: string;
  finds: string[];
}

const CLI_SEARCHES: CliSearch[] = [
  { article: HARWICK, bodyTag: 'Harwick', finds: ['"crossing patrols"', 'Solberg', 'triangles', 'Karim*'] },
  { article: TRUSS, bodyTag: 'Ukraine', finds: ['"territorial integrity"', 'Kuleba', 'quints', 'Ushak*'] },
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: () => any;
}

function cuttings(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CUTTINGS_DB: '', ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

function archive() {
  const dir = tempDir();
  const db = path.join(dir, 'cuttings.db');
  return { dir, db, run: (...args: string[]) => cuttings(['--db', db, ...args]) };
}

describe('cuttings CLI', () => {
  it('prints help, and exits 2 on usage errors without a stack trace', () => {
    const help = cuttings(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['import', 'show', 'list', 'search', 'tag', 'untag', 'note', 'delete', 'stats']) expect(help.stdout).toContain(cmd);
    expect(cuttings([]).code).toBe(2);
    const unknown = cuttings(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const a = archive();
    for (const bad of [['show'], ['show', 'abc'], ['show', '1', '--colour'], ['list', '--limit', 'many'], ['tag', '1']]) {
      const r = a.run(...bad);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stderr, bad.join(' ')).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split('\n').length, bad.join(' ')).toBeLessThanOrEqual(2);
    }
    expect(cuttings(['show', '--help']).stdout).toMatch(/Usage: cuttings show <id>/);
  });

  it('reports the same article captured twice as a duplicate, even with other whitespace', () => {
    const a = archive();
    const copy = path.join(a.dir, 'copy.txt');
    writeFileSync(copy, readFileSync(CAPTURE, 'utf8').replace(/\n\n/g, '\n\n\n').replace(/ {1}/g, '  '));
    a.run('import', CAPTURE);
    const r = a.run('import', copy, '--json');
    expect(r.json()[0]).toMatchObject({ status: 'duplicate', duplicateOf: 1 });
    expect(a.run('stats', '--json').json().clippings).toBe(1);
  });

  it('exits 1 with a clear message for a missing id', () => {
    const a = archive();
    for (const args of [['show', '99'], ['delete', '99'], ['tag', '99', 'x'], ['note', '99', 'x']]) {
      const r = a.run(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim(), args.join(' ')).toBe(`cuttings ${args[0]}: no clipping with id 99`);
    }
  });

  it('rejects bad files one by one, naming each, and stores the good ones', () => {
    const a = archive();
    const junk = path.join(a.dir, 'junk.html');
    writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const empty = path.join(a.dir, 'empty.txt');
    writeFileSync(empty, '');
    const blank = path.join(a.dir, 'blank.html');
    writeFileSync(blank, '<html><body><nav>Home</nav></body></html>');
    const missing = path.join(a.dir, 'nowhere.html');
    const badGzip = path.join(a.dir, 'broken.html.gz');
    writeFileSync(badGzip, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    const unreadable = path.join(a.dir, 'secret.txt');
    writeFileSync(unreadable, 'text');
    chmodSync(unreadable, 0o000);
    const asRoot = process.getuid?.() === 0; // root reads anything

    const r = a.run('import', junk, CAPTURE, empty, missing, blank, badGzip, ...(asRoot ? [] : [unreadable]), '--json');
    expect(r.code).toBe(1);
    const byFile = Object.fromEntries(r.json().map((x: any) => [x.file, x]));
    expect(byFile[CAPTURE].status).toBe('added');
    expect(byFile[junk]).toMatchObject({ status: 'error', id: null });
    expect(byFile[junk].error).toBe(`${junk}: looks like binary data, not a web page or a text capture`);
    expect(byFile[empty].error).toBe(`${empty}: the file is empty`);
    expect(byFile[missing].error).toBe(`${missing}: no such file or folder`);
    expect(byFile[blank].error).toMatch(new RegExp(`^${blank.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no article text found`));
    expect(byFile[badGzip].error).toBe(`${badGzip}: not a valid gzip file (truncated or corrupt)`);
    if (!asRoot) expect(byFile[unreadable].error).toBe(`${unreadable}: permission denied`);
    expect(a.run('stats', '--json').json().clippings).toBe(1);

    const human = a.run('import', junk);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`${junk}: looks like binary data`);
    expect(human.stderr).not.toMatch(/\n\s+at /);
  });

  it('walks folders: captures imported, other files skipped and counted, a saved page\'s _files folder left alone', () => {
    const a = archive();
    const dir = path.join(a.dir, 'inbox');
    mkdirSync(path.join(dir, 'page_files'), { recursive: true });
    mkdirSync(path.join(dir, 'nested'), { recursive: true });
    copyFileSync(CAPTURE, path.join(dir, 'nested', 'harwick.txt'));
    writeFileSync(path.join(dir, 'page.html'), `<html><head><title>Council approves new cycle lanes | Gazette</title></head><body><article><h1>Council approves new cycle lanes</h1>${'<p>The council voted on Tuesday to approve a network of protected cycle lanes across the city centre, after months of consultation with residents and businesses.</p>'.repeat(4)}</article></body></html>`);
    writeFileSync(path.join(dir, 'page_files', 'frame.html'), '<html><body><p>An embedded frame of the saved page, which must not become a clipping of its own.</p></body></html>');
    writeFileSync(path.join(dir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    writeFileSync(path.join(dir, '.DS_Store'), 'junk');
    const r = a.run('import', dir, '--json');
    expect(r.code, r.stderr).toBe(0);
    const files = r.json().map((x: any) => path.relative(dir, x.file)).sort();
    expect(files).toEqual(['nested/harwick.txt', 'page.html']);
    expect(r.stderr).toMatch(/skipped 1 file that are not captures|skipped 1 file/);
  });

  it('adds --tag to every imported clipping', () => {
    const a = archive();
    a.run('import', CAPTURE, '--tag', 'Russia', '-t', 'Morning review');
    expect(a.run('show', '1', '--json').json().tags).toEqual(['Morning review', 'Russia']);
  });

  it('uses CUTTINGS_DB, else the app database in the userData folder', () => {
    const dir = tempDir();
    const viaEnv = path.join(dir, 'env.db');
    expect(cuttings(['import', CAPTURE], { CUTTINGS_DB: viaEnv }).code).toBe(0);
    expect(existsSync(viaEnv)).toBe(true);
    const xdg = path.join(dir, 'config');
    expect(cuttings(['stats', '--json'], { XDG_CONFIG_HOME: xdg }).json().clippings).toBe(0);
    expect(existsSync(path.join(xdg, 'Cuttings', 'cuttings.db'))).toBe(true);
  });

  it('refuses an archive from a newer version with a clear message', () => {
    const a = archive();
    a.run('stats');
    const raw = new Database(a.db);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    const r = a.run('list');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/newer version of Cuttings/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  itWithShared('article-extraction benchmark', 'imports the 181 benchmark pages (.html.gz) without an error, and re-importing finds 181 duplicates', () => {
    const a = archive();
    const first = a.run('import', BENCHMARK_HTML, '--json');
    expect(first.stderr).not.toMatch(/error/i);
    const results = first.json();
    expect(results).toHaveLength(181);
    expect(results.filter((r: any) => r.status !== 'added')).toEqual([]);
    expect(first.code).toBe(0);
    expect(a.run('stats', '--json').json().clippings).toBe(181);

    const second = a.run('import', BENCHMARK_HTML, '--json');
    expect(second.code).toBe(0);
    const dups = second.json();
    expect(dups.filter((r: any) => r.status === 'duplicate')).toHaveLength(181);
    for (const d of dups) expect(d.duplicateOf).toBe(d.id);
    expect(a.run('stats', '--json').json().clippings).toBe(181);
  }, 180_000);
});

describe('cuttings CLI on each article', () => {
  forEachArticle(CLI_SEARCHES, (p) => {
    it('imports the capture exactly as expected', () => {
      const a = archive();
      const expected = p.article.expected();
      const imp = a.run('import', p.article.capture, '--json');
      expect(imp.code, imp.stderr).toBe(0);
      const [r] = imp.json();
      expect(r).toMatchObject({
        file: p.article.capture,
        status: 'added',
        id: 1,
        title: expected.title,
        byline: expected.byline,
        publishedAt: expected.published.publishedAt,
      });

      const shown = a.run('show', '1', '--json');
      expect(shown.code).toBe(0);
      const c = shown.json();
      expect(c.title).toBe(expected.title);
      expect(c.byline).toBe(expected.byline);
      expect(c.outlet).toBe(expected.outlet);
      expect(c.url).toBe(expected.url);
      expect(c.lang).toBe(expected.lang);
      expect(c.publishedAt).toBe(expected.published.publishedAt);
      expect(c.capturedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(c.figures.map((f: any) => ({ alt: f.alt, caption: f.caption, credit: f.credit }))).toEqual(expected.figures);
      expect(c.paragraphs).toEqual(expected.bodyParagraphs);
      expect(c.text).toBe(expected.bodyParagraphs.join('\n\n'));
      for (const s of expected.mustNotAppearInBody) expect(c.text).not.toContain(s);
      for (const para of expected.mustNotBeBodyParagraph) expect(c.paragraphs).not.toContain(para);
      expect(c.wordCount).toBe(c.text.match(/[\p{L}\p{N}]+/gu).length);
      expect(c).toMatchObject({ id: 1, tags: [], note: '', annotations: [] });

      const again = a.run('import', p.article.capture, '--json');
      expect(again.code).toBe(0);
      expect(again.json()).toEqual([expect.objectContaining({ status: 'duplicate', id: 1, duplicateOf: 1 })]);
    });

    it('tags, notes, lists, searches, shows stats and deletes', () => {
      const a = archive();
      const expected = p.article.expected();
      const words = p.article.repeated.split(' ');
      a.run('import', p.article.capture);
      expect(a.run('tag', '1', p.bodyTag, 'foreign policy').code).toBe(0);
      expect(a.run('tag', '1', p.bodyTag.toUpperCase()).code).toBe(0); // case-insensitively the same tag
      expect(a.run('note', '1', 'Use', 'for', 'the', 'Friday', 'briefing').code).toBe(0);
      const c = a.run('show', '1', '--json').json();
      expect(c.tags).toEqual(['foreign policy', p.bodyTag]);
      expect(c.note).toBe('Use for the Friday briefing');

      const list = a.run('list', '--json').json();
      expect(list.total).toBe(1);
      expect(list.items[0]).toMatchObject({ id: 1, title: expected.title, tags: ['foreign policy', p.bodyTag] });

      const s = a.run('search', ...words, '--json').json();
      expect(s).toMatchObject({ total: 1, totalExact: true });
      expect(typeof s.tookMs).toBe('number');
      expect(s.hits[0]).toMatchObject({ id: 1, title: expected.title, byline: expected.byline, outlet: expected.outlet, publishedAt: expected.published.publishedAt, tags: ['foreign policy', p.bodyTag] });
      expect(s.hits[0].snippet).toMatch(new RegExp(words.map((w) => `<mark>${w}</mark>`).join(' '), 'i'));
      expect(s.hits[0].score).toBeGreaterThan(0);
      for (const q of [...p.finds, 'friday briefing', 'foreign policy']) {
        expect(a.run('search', q, '--json').json().total, q).toBe(1);
      }
      expect(a.run('search', 'Zanzibar', '--json').json()).toMatchObject({ total: 0, hits: [] });
      for (const hostile of ['"unbalanced', 'NEAR(', 'AND', '-', '*', 'title:', '^foo', '(((']) {
        const r = a.run('search', hostile, '--json');
        expect(r.code, hostile).toBe(0);
        expect(r.stderr, hostile).not.toMatch(/syntax error/i);
      }

      expect(a.run('untag', '1', p.bodyTag.toLowerCase()).code).toBe(0);
      expect(a.run('show', '1', '--json').json().tags).toEqual(['foreign policy']);
      expect(a.run('search', p.bodyTag.toLowerCase(), '--json').json().total).toBe(1); // still in the body
      expect(a.run('tags', '--json').json()).toEqual([
        { name: 'foreign policy', count: 1, color: null },
        { name: p.bodyTag, count: 0, color: null },
      ]);

      const st = a.run('stats', '--json').json();
      expect(st).toMatchObject({ clippings: 1, tags: 2, annotations: 0 });
      expect(st.dbBytes).toBeGreaterThan(0);

      expect(a.run('delete', '1').code).toBe(0);
      expect(a.run('search', words[0]!, '--json').json().total).toBe(0);
      expect(a.run('stats', '--json').json()).toMatchObject({ clippings: 0 });
    });
  });
});
