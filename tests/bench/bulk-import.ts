/**
 * Bulk import benchmark: a folder of N capture files (deterministic synthetic articles
 * as plain-text captures, plus a few bad files) imported through the real
 * `clippings.import` path — the one `cuttings import FOLDER` runs — `--runs` times into
 * fresh archives (the median counts), then the same folder again, which must pick up
 * nothing new (every file a duplicate). Measured in the same run, beside it:
 *
 * - the raw insert-with-triggers baseline: the same texts stored by `ClippingRepo.insert`
 *   alone, 200 to a transaction (no capture, extraction, dedupe or clustering): the
 *   ceiling of what storing costs;
 * - `tags.apply` with a query (`cuttings tag --query Q T`) over every clipping of the
 *   imported archive, and as a baseline the same tagging on the schema before tags were
 *   indexed apart from the body (schema 11: each tag rewrote the body's document) and on
 *   the current one, both filled by the raw insert;
 * - the database size per clipping and what takes the space (`dbstat`).
 * The machine's load average is reported with the figures: compare ratios within a run.
 *
 *   node --import tsx tests/bench/bulk-import.ts [--files 10000] [--runs 3] [--seed N]
 * Results: tests/bench/results/bulk-import.json and .md (--out NAME for another name)
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { TagRepo } from '../../db/tags.ts';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus, writeTextInbox } from './corpus.ts';
import { round } from './stats.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const FILES = opt('files', 10_000);
const RUNS = opt('runs', 3);
const SEED = opt('seed', 20211208);
const OUT_NAME = args.includes('--out') ? args[args.indexOf('--out') + 1]! : 'bulk-import';
const BAD = [
  ['bad-binary.html', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31) % 256))],
  ['bad-empty.txt', Buffer.alloc(0)],
  ['bad-truncated.html.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0])],
  ['bad-no-text.html', Buffer.from('<html><body><nav>Home</nav></body></html>')],
] as const;
/** The tag query: a word of every clipping (the corpus's date lines), so it selects them all. */
const TAG_TAKE = 10_000;
const NOW = '2026-12-06T12:00:00.000Z';

const load = () => os.loadavg().map((x) => round(x, 2));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-bulk-'));
const inbox = path.join(dir, 'inbox');
const corpus = new Corpus(SEED);
try {
  const textBytes = writeTextInbox(corpus, inbox, FILES);
  for (const [name, bytes] of BAD) writeFileSync(path.join(inbox, name), bytes);

  /** The texts stored by the repository alone, 200 to a transaction, into an archive at `version`. */
  const rawInsert = (file: string, version?: number) => {
    const db = openDatabase(file, version ? { targetVersion: version } : {});
    const repo = new ClippingRepo(db);
    const t0 = performance.now();
    for (let start = 0; start < FILES; start += 200) {
      db.transaction(() => {
        for (let i = start; i < Math.min(FILES, start + 200); i++) {
          const c = corpus.clipping(i);
          const text = c.paragraphs.join('\n\n');
          repo.insert(
            {
              captureId: null, title: c.title, byline: c.byline, outlet: c.outlet, sourceUrl: null, canonicalUrl: null, urlKey: null,
              publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text, html: null,
              figures: [], leadImage: null, wordCount: text.split(/\s+/).length, contentHash: `h${i}`,
            },
            NOW,
          );
        }
      })();
    }
    return { db, seconds: (performance.now() - t0) / 1000 };
  };
  /** Seconds to tag every clipping matching `query` (at most TAG_TAKE) with the raw repository, in one transaction. */
  const rawTag = (db: Db, query: string) => {
    const ids = (db.prepare(`SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY rowid LIMIT ${TAG_TAKE}`).all(query) as { id: number }[]).map((r) => r.id);
    const tags = new TagRepo(db);
    const t0 = performance.now();
    db.transaction(() => tags.addToClippings(ids, ['bench-raw'], NOW))();
    return { seconds: round((performance.now() - t0) / 1000, 2), clippings: ids.length };
  };

  // 1. Baselines: raw insert (current schema), and the same into schema 11 for the tag baseline.
  const rawLoad = load();
  const raw = rawInsert(path.join(dir, 'raw.db'));
  const raw11 = rawInsert(path.join(dir, 'raw11.db'), 11);
  const baseline = { loadAverage: rawLoad, seconds: round(raw.seconds, 2), clippingsPerSecond: round(FILES / raw.seconds, 1), schema11ClippingsPerSecond: round(FILES / raw11.seconds, 1) };
  const commonWord = (db: Db) => {
    db.exec(`CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, 'clipping_fts', 'row')`);
    const w = (db.prepare(`SELECT term FROM temp.v WHERE length(term) > 3 ORDER BY doc DESC LIMIT 1`).get() as { term: string }).term;
    db.exec('DROP TABLE temp.v');
    return w;
  };
  const word = commonWord(raw.db);
  const tagBaseline = { loadAverage: load(), query: word, schema11: rawTag(raw11.db, word), current: rawTag(raw.db, word) };
  raw.db.close();
  raw11.db.close();

  // 2. The import, RUNS times into fresh archives.
  const runs: { seconds: number; filesPerSecond: number; added: number; duplicates: number; errors: number; loadAverage: number[] }[] = [];
  let archive: Archive | null = null;
  let archiveFile = '';
  for (let r = 0; r < RUNS; r++) {
    archive?.close();
    archiveFile = path.join(dir, `bulk-${r}.db`);
    archive = new Archive(archiveFile);
    const before = load();
    let last = 0;
    const t0 = performance.now();
    const rep = await archive.call('clippings.import', { paths: [inbox] }, {
      onProgress: (done, total) => {
        if (done - last >= 5000 || done === total) {
          last = done;
          process.stderr.write(`  run ${r + 1}: ${done}/${total} files, ${Math.round(done / ((performance.now() - t0) / 1000))}/s\n`);
        }
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    runs.push({ seconds: round(seconds, 2), filesPerSecond: round((FILES + BAD.length) / seconds, 1), added: rep.added, duplicates: rep.duplicates, errors: rep.errors, loadAverage: before });
  }
  const a = archive!;
  const t1 = performance.now();
  const again = await a.call('clippings.import', { paths: [inbox] });
  const rerun = { seconds: round((performance.now() - t1) / 1000, 2), added: again.added, duplicates: again.duplicates, errors: again.errors };

  // 3. `cuttings tag --query` through the contract, on the imported archive.
  const tagLoad = load();
  const t2 = performance.now();
  const tagged = await a.call('tags.apply', { selection: { query: word }, add: ['bench-tag'] });
  const tag = { query: word, seconds: round((performance.now() - t2) / 1000, 2), clippings: tagged.added, loadAverage: tagLoad };

  // 4. Size: the file after a checkpoint, and each table's and index's share (dbstat).
  a.db.pragma('wal_checkpoint(TRUNCATE)');
  const fileBytes = statSync(archiveFile).size;
  const objects = a.db
    .prepare(`SELECT name, sum(pgsize) AS bytes, sum(payload) AS payload FROM dbstat GROUP BY name ORDER BY bytes DESC`)
    .all() as { name: string; bytes: number; payload: number }[];
  a.close();
  const size = {
    fileBytes,
    bytesPerClipping: round(fileBytes / FILES, 0),
    textBytesPerClipping: round(textBytes / FILES, 0),
    objects: objects.map((o) => ({ ...o, bytesPerClipping: round(o.bytes / FILES, 0) })),
  };

  const first = { medianSeconds: median(runs.map((r) => r.seconds)), medianFilesPerSecond: median(runs.map((r) => r.filesPerSecond)) };
  const result = {
    generatedAt: new Date().toISOString(),
    command: `node --import tsx tests/bench/bulk-import.ts --files ${FILES} --runs ${RUNS} --seed ${SEED}${OUT_NAME !== 'bulk-import' ? ` --out ${OUT_NAME}` : ''}`,
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverage: load() },
    files: FILES + BAD.length,
    baseline,
    runs,
    first: { ...first, ratioToRawInsert: round(first.medianFilesPerSecond / baseline.clippingsPerSecond, 3) },
    rerun,
    tag,
    tagBaseline,
    size,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `${OUT_NAME}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const kb = (n: number) => (n / 1024).toFixed(2);
  const md = [
    `# Bulk import: ${result.files.toLocaleString('en')} files`,
    '',
    `${result.generatedAt} · ${result.machine.cpu} (${result.machine.cores} cores) · Node ${result.machine.node} · load at the end ${result.machine.loadAverage.join(' ')}`,
    '',
    `\`${result.command}\``,
    '',
    '## Import (clippings/s; load average 1/5/15 min at the start of each)',
    '',
    '| run | seconds | files/s | added | duplicates | errors | load |',
    '| --- | --: | --: | --: | --: | --: | --- |',
    `| raw insert-with-triggers baseline (same texts, ClippingRepo.insert, 200 per transaction) | ${baseline.seconds} | ${baseline.clippingsPerSecond} | ${FILES} | | | ${baseline.loadAverage.join(' ')} |`,
    ...runs.map((r, i) => `| import ${i + 1} | ${r.seconds} | ${r.filesPerSecond} | ${r.added} | ${r.duplicates} | ${r.errors} | ${r.loadAverage.join(' ')} |`),
    `| **import, median of ${RUNS}** | ${first.medianSeconds} | **${first.medianFilesPerSecond}** (${result.first.ratioToRawInsert}× the raw insert) | | | | |`,
    `| re-run (nothing new) | ${rerun.seconds} | ${round((FILES + BAD.length) / rerun.seconds, 1)} | ${rerun.added} | ${rerun.duplicates} | ${rerun.errors} | |`,
    '',
    `## Tagging by query (\`cuttings tag --query ${word} bench-tag\`)`,
    '',
    '| what | clippings | seconds | load |',
    '| --- | --: | --: | --- |',
    `| tags.apply through the contract, imported archive | ${tag.clippings} | **${tag.seconds}** | ${tag.loadAverage.join(' ')} |`,
    `| baseline: raw TagRepo, schema 11 (tags in the body's document) | ${tagBaseline.schema11.clippings} | ${tagBaseline.schema11.seconds} | ${tagBaseline.loadAverage.join(' ')} |`,
    `| raw TagRepo, current schema (tags indexed apart) | ${tagBaseline.current.clippings} | ${tagBaseline.current.seconds} | |`,
    '',
    `## Size: ${kb(size.bytesPerClipping)} KB per clipping (${kb(size.textBytesPerClipping)} KB of capture text per clipping)`,
    '',
    '| object | MB | KB per clipping |',
    '| --- | --: | --: |',
    ...size.objects.filter((o) => o.bytes >= 0.001 * fileBytes).map((o) => `| ${o.name} | ${(o.bytes / 2 ** 20).toFixed(1)} | ${kb(o.bytesPerClipping)} |`),
    '',
  ].join('\n');
  writeFileSync(path.join(out, `${OUT_NAME}.md`), md);
  process.stdout.write(md);
  if (runs.some((r) => r.errors !== BAD.length || r.added !== FILES) || again.added !== 0 || again.duplicates !== FILES) {
    process.stderr.write('bulk-import: unexpected counts\n');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
