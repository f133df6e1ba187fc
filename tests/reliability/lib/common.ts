/**
 * Shared by the reliability tests and the soak run (`npm run soak`): the built CLI, a
 * synthetic capture folder, and the checks every archive must pass after a crash.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from '../../../db/open.ts';
import { Corpus } from '../../bench/corpus.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = path.join(ROOT, 'dist/cli.mjs');

export const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A saved news page for corpus clipping `c` (Readability finds the article). */
export function articleHtml(c: ReturnType<Corpus['clipping']>): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(c.title)}</title>` +
    `<meta name="author" content="${esc(c.byline)}"><link rel="canonical" href="${esc(c.sourceUrl)}"></head>` +
    `<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>${esc(c.title)}</h1>` +
    `<p class="byline">By ${esc(c.byline)}</p>` +
    c.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n') +
    `</article><footer>© ${esc(c.outlet)}</footer></body></html>\n`
  );
}

export interface CaptureFolder {
  dir: string;
  /** Absolute paths, in the order the CLI walks them (sorted names). */
  files: string[];
}

/** `texts` plain-text copies and `pages` saved HTML pages from the synthetic corpus, one folder. */
export function makeCaptureFolder(dir: string, opts: { seed: number; texts: number; pages: number; offset?: number }): CaptureFolder {
  mkdirSync(dir, { recursive: true });
  const corpus = new Corpus(opts.seed);
  const files: string[] = [];
  const base = opts.offset ?? 0;
  for (let i = 0; i < opts.texts + opts.pages; i++) {
    const c = corpus.clipping(base + i);
    const html = i >= opts.texts;
    const file = path.join(dir, `cap-${String(base + i).padStart(5, '0')}.${html ? 'html' : 'txt'}`);
    writeFileSync(file, html ? articleHtml(c) : c.text);
    files.push(file);
  }
  files.sort();
  return { dir, files };
}

export interface ArchiveCheck {
  integrity: string;
  clippings: number;
  distinctHashes: number;
  captures: number;
  distinctCaptureSha: number;
}

/**
 * Opens an archive with the app's own code (recovering the WAL after a kill) and runs
 * SQLite's and FTS5's integrity checks. Throws on any failure.
 */
export function checkArchive(file: string, use?: (db: Db) => void): ArchiveCheck {
  const db = openDatabase(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    if (integrity !== 'ok') throw new Error(`integrity_check: ${integrity}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) throw new Error(`foreign_key_check: ${JSON.stringify(fk.slice(0, 3))}`);
    ftsCheck(db);
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const r: ArchiveCheck = {
      integrity,
      clippings: n('SELECT count(*) AS n FROM clippings'),
      distinctHashes: n('SELECT count(DISTINCT content_hash) AS n FROM clippings'),
      captures: n('SELECT count(*) AS n FROM captures'),
      distinctCaptureSha: n('SELECT count(DISTINCT sha256) AS n FROM captures'),
    };
    use?.(db);
    return r;
  } finally {
    db.close();
  }
}

/** FTS5's own consistency checks: the main indexes against their content, and the CJK side index. */
export function ftsCheck(db: Db): void {
  db.prepare(`INSERT INTO clipping_fts (clipping_fts, rank) VALUES ('integrity-check', 1)`).run();
  const meta = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'clipping_meta_fts'`).get();
  if (meta) db.prepare(`INSERT INTO clipping_meta_fts (clipping_meta_fts, rank) VALUES ('integrity-check', 1)`).run();
  const cjk = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'clipping_cjk'`).get();
  if (cjk) db.prepare(`INSERT INTO clipping_cjk (clipping_cjk, rank) VALUES ('integrity-check', 1)`).run();
  // The index holds exactly the live clippings.
  const live = (db.prepare('SELECT count(*) AS n FROM clippings WHERE deleted_at IS NULL').get() as { n: number }).n;
  const docs = (db.prepare('SELECT count(*) AS n FROM clipping_fts_docsize').get() as { n: number }).n;
  if (live !== docs) throw new Error(`FTS index has ${docs} documents for ${live} live clippings`);
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
