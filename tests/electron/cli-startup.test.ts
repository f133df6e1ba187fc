/**
 * What `cuttings` loads before it does anything: each command loads only what it needs.
 * Not timed — the modules a process loads are recorded through a module-resolution
 * hook (`node --import`), and the test asserts which packages are among them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HARWICK } from '../fixtures/articles.ts';
import { REPO, tempDir } from '../helpers.ts';

const CLI = path.join(REPO, 'dist/cli.mjs');

/** Extraction, export and the server's packages: only import, reextract, export and serve need them. */
const HEAVY = ['pdfjs-dist', 'docx', 'linkedom', '@mozilla/readability', 'sanitize-html', 'postal-mime', 'chrono-node', 'commonmark', 'fflate', 'playwright-core'];
/** What --version and help need none of either: the database and the contract's schemas. */
const CORE = ['better-sqlite3', 'zod', 'flexsearch'];

/** A hook that appends every module URL the process resolves to $RECORD_MODULES. */
function hookFile(dir: string): string {
  const resolveHook = path.join(dir, 'resolve-hook.mjs');
  writeFileSync(
    resolveHook,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.RECORD_MODULES, r.url + '\\n');
  return r;
}
`,
  );
  const register = path.join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(resolveHook).href)});\n`);
  return register;
}

/** Runs the CLI; returns its exit code and the packages (node_modules names) it loaded. */
function run(dir: string, args: string[]): { code: number | null; stderr: string; packages: Set<string> } {
  const record = path.join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(record, '');
  const r = spawnSync(process.execPath, ['--import', hookFile(dir), CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CUTTINGS_DB: '', RECORD_MODULES: record },
    timeout: 120_000,
  });
  const packages = new Set<string>();
  for (const url of readFileSync(record, 'utf8').split('\n')) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m) packages.add(m[1]!);
  }
  return { code: r.status, stderr: r.stderr, packages };
}

describe('cuttings start-up', () => {
  it('--version and help load neither the core nor any heavy package', () => {
    const dir = tempDir();
    for (const args of [['--version'], ['--help'], ['search', '--help']]) {
      const r = run(dir, args);
      expect(r.code, args.join(' ')).toBe(0);
      expect([...r.packages].filter((p) => HEAVY.includes(p) || CORE.includes(p)), args.join(' ')).toEqual([]);
    }
  });

  it('search, show, tag and list load no extraction or export package; export does', () => {
    const dir = tempDir();
    const db = path.join(dir, 'cuttings.db');
    const imported = run(dir, ['--db', db, 'import', HARWICK.capture]);
    expect(imported.code, imported.stderr).toBe(0);
    // Extraction runs in a worker thread, which this recorder does not see; the recorder
    // works: an export loads its writer into this process.
    const exported = run(dir, ['--db', db, 'export', '1', '--format', 'docx', '--out', path.join(dir, 'x.docx')]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.packages.has('docx')).toBe(true);
    for (const args of [['search', 'Harwick'], ['search', 'nosuchwordatall'], ['show', '1'], ['tag', '1', 'council'], ['list'], ['stats']]) {
      const r = run(dir, ['--db', db, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.packages.has('better-sqlite3'), args.join(' ')).toBe(true);
      expect([...r.packages].filter((p) => HEAVY.includes(p)), args.join(' ')).toEqual([]);
    }
  });

  it('only suggest opens the instant-search snapshot: search, show and tag leave it unread', () => {
    const dir = tempDir();
    const db = path.join(dir, 'cuttings.db');
    const snapshot = `${db}.instant`;
    // Enough clippings that "Harwick" has more hits than the few that call for close matches (search.query's FEW_HITS).
    const files = ['budget', 'bridge', 'library', 'buses'].map((topic, i) => {
      const file = path.join(dir, `harwick-${topic}.txt`);
      writeFileSync(file, `Harwick council ${topic} vote\n\nBy Dawn Lowe\n\nHarwick council voted on the ${topic} on day ${i + 1}, officials in Harwick said.\n`);
      return file;
    });
    expect(run(dir, ['--db', db, 'import', HARWICK.capture, ...files]).code).toBe(0);
    expect(run(dir, ['--db', db, 'suggest', 'Harw']).code).toBe(0);
    expect(existsSync(snapshot)).toBe(true);
    // A damaged snapshot is rebuilt and written again by whatever opens it: it stays as it is while nothing does.
    const damaged = Buffer.from('not a snapshot');
    writeFileSync(snapshot, damaged);
    for (const args of [['search', 'Harwick'], ['search', 'Harwick', '--facets'], ['show', '1'], ['tag', '1', 'council'], ['list']]) {
      expect(run(dir, ['--db', db, ...args]).code, args.join(' ')).toBe(0);
      expect(readFileSync(snapshot).equals(damaged), args.join(' ')).toBe(true);
    }
    const suggest = run(dir, ['--db', db, 'suggest', 'Harw']);
    expect(suggest.code).toBe(0);
    expect(readFileSync(snapshot).equals(damaged)).toBe(false);
  });
});
