/**
 * Instant-search benchmark: build time, heap and suggestion latency of db/instant/.
 *
 *   node --expose-gc --import tsx tests/bench/instant.ts [--sizes 10000,100000] [--seed N]
 *        [--db FILE] [--out DIR] [--queries N]
 *
 * The archive: `--db FILE` (e.g. one kept by `npm run bench -- --keep`), else a cached
 * database in os.tmpdir() (cuttings-instant-bench-<seed>.db, reused and grown by later
 * runs) filled from the synthetic corpus (tests/bench/corpus.ts) by ClippingRepo and
 * TagRepo directly: the corpus clipping's title, byline, outlet and paragraphs as the
 * clean text (what extraction yields; the full import path runs at ≈280 clippings/s,
 * too slow to repeat here), and tags on about a third of the clippings. FTS5 triggers
 * run as in the product. At each size the index is built from the first `size` live
 * clippings (names extracted from their text as in the product).
 *
 * Measured per size: build (SQLite read + name extraction + indexing) in s, the JS heap
 * held by the index (global.gc() before and after, difference of heapUsed), snapshot
 * export size and import time, and suggestion latency over `--queries` (default 500)
 * typed queries: name and title prefixes as typed letter by letter, whole names,
 * names with one or two typos, folded names (no diacritics, lower case), outlets.
 * Results: <out>/instant-<size>.json and .md (default out: tests/bench/results).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClippingRepo } from '../../db/clippings.ts';
import type { InstantRow } from '../../db/instant/phrases.ts';
import { InstantIndex } from '../../db/instant/suggest.ts';
import { loadInstantRows } from '../../db/instant/sync.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { TagRepo } from '../../db/tags.ts';
import { Corpus } from './corpus.ts';
import { formatBytes, markdownTable, Rng, round, summarize, type Summary } from './stats.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

type Options = { sizes: number[]; seed: number; db: string | null; out: string; queries: number };

function parseOptions(argv: string[]): Options {
  const o: Options = { sizes: [10_000, 100_000], seed: 20211208, db: null, out: path.join(HERE, 'results'), queries: 500 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    const need = (): string => {
      if (v === undefined) throw new Error(`${a} needs a value`);
      i++;
      return v;
    };
    if (a === '--sizes') o.sizes = need().split(',').map((s) => Number(s.trim().replace(/_/g, '')));
    else if (a === '--seed') o.seed = Number(need());
    else if (a === '--db') o.db = path.resolve(need());
    else if (a === '--out') o.out = path.resolve(need());
    else if (a === '--queries') o.queries = Number(need());
    else if (a === '--help' || a === '-h') {
      console.log('usage: node --expose-gc --import tsx tests/bench/instant.ts [--sizes 10000,100000] [--seed N] [--db FILE] [--out DIR] [--queries N]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes: positive integers');
  return o;
}

const TAGS = ['Ukraine', 'Energy', 'Elections', 'Climate', 'Health', 'Economy', 'Press review', 'Follow up', 'Brexit', 'Transport',
  'Housing', 'Courts', 'Police', 'Education', 'Europe', 'Trade', 'Defence', 'Culture', 'Sport', 'Technology', 'Agriculture',
  'Migration', 'Budget 2024', 'Client: Acme', 'Client: Northwind', 'Crisis comms', 'Board briefing', 'Weekly digest'];

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with node --expose-gc');
  g();
  g();
}

/** Fills (or reuses) an archive with `size` clippings of the corpus. */
function archive(file: string, corpus: Corpus, size: number): Db {
  const db = openDatabase(file);
  const have = (db.prepare(`SELECT count(*) AS n FROM clippings`).get() as { n: number }).n;
  if (have >= size) return db;
  const repo = new ClippingRepo(db);
  const tags = new TagRepo(db);
  const t0 = performance.now();
  const now = '2026-11-26T12:00:00.000Z';
  for (let start = have; start < size; start += 1000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(size, start + 1000); i++) {
        const c = corpus.clipping(i);
        const text = c.paragraphs.join('\n\n');
        const id = repo.insert(
          {
            captureId: null, title: c.title, byline: c.byline, outlet: c.outlet, sourceUrl: c.sourceUrl, canonicalUrl: null,
            urlKey: null, publishedAt: null, modifiedAt: null, capturedAt: now, lang: 'en', excerpt: null, text, html: null,
            figures: [], leadImage: null, wordCount: text.split(/\s+/).length, contentHash: `bench-${i}`,
          },
          now,
        );
        const rng = new Rng(corpus.seed, 0x74616773, i); // "tags"
        if (rng.chance(0.35)) {
          const n = rng.int(1, 3);
          const names = new Set<string>();
          while (names.size < n) names.add(rng.pick(TAGS));
          tags.addToClipping(id, [...names], now);
        }
      }
    })();
    if ((start / 1000) % 10 === 9) process.stdout.write(`  archive: ${start + 1000} clippings (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  return db;
}

function* firstRows(db: Db, size: number): Generator<InstantRow> {
  let n = 0;
  for (const row of loadInstantRows(db)) {
    if (n++ >= size) return;
    yield row;
  }
}

/** An edit: swap two letters, replace one, or drop one (not the first letter). */
function typo(rng: Rng, w: string): string {
  const i = rng.int(1, w.length - 2);
  switch (rng.int(0, 2)) {
    case 0:
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    case 1:
      return w.slice(0, i) + 'eaoiuz'.charAt(rng.int(0, 5)) + w.slice(i + 1);
    default:
      return w.slice(0, i) + w.slice(i + 1);
  }
}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

type Query = { kind: string; text: string };

/** Typed queries drawn from the indexed rows (deterministic). */
function makeQueries(rows: InstantRow[], n: number, seed: number): Query[] {
  const rng = new Rng(seed, 0x73756767); // "sugg"
  const out: Query[] = [];
  const withNames = rows.filter((r) => r.names.length > 0);
  while (out.length < n) {
    const roll = rng.next();
    const row = rng.pick(withNames);
    const name = rng.pick(row.names.slice(0, 8));
    if (roll < 0.3) {
      // A name typed letter by letter: a prefix of 2 letters to the whole.
      out.push({ kind: 'name prefix', text: name.slice(0, rng.int(2, name.length)) });
    } else if (roll < 0.45) {
      const words = rng.pick(rows).title.split(/\s+/);
      const k = rng.int(1, Math.min(3, words.length));
      const last = words[k - 1]!;
      out.push({ kind: 'title prefix', text: [...words.slice(0, k - 1), last.slice(0, rng.int(Math.min(3, last.length), last.length))].join(' ') });
    } else if (roll < 0.55) {
      out.push({ kind: 'whole name', text: name });
    } else if (roll < 0.8) {
      // One typo in the longest word of the name (a second one in a long word, half the time).
      const words = name.split(' ');
      let k = 0;
      words.forEach((w, i) => (w.length > words[k]!.length ? (k = i) : 0));
      if (words[k]!.length < 4) continue;
      let w = typo(rng, words[k]!);
      if (words[k]!.length >= 8 && rng.chance(0.5)) w = typo(rng, w);
      words[k] = w;
      out.push({ kind: 'typo', text: words.join(' ') });
    } else if (roll < 0.9) {
      out.push({ kind: 'folded name', text: fold(name) });
    } else {
      const o = row.outlet ?? row.byline ?? name;
      out.push({ kind: 'outlet/byline', text: o.slice(0, rng.int(3, o.length)) });
    }
  }
  return out;
}

type Result = {
  size: number;
  machine: { cpu: string; cores: number; node: string; platform: string };
  buildMs: number;
  heapMB: number;
  heapTotalAfterMB: number;
  rssMB: number;
  stats: ReturnType<InstantIndex['stats']>;
  snapshot: { bytes: number; exportMs: number; importMs: number };
  updates: { n: number; p50: number; p95: number };
  latency: Summary & { byKind: Record<string, Summary & { found: number; fuzzy: number }> };
};

function run(db: Db, size: number, nQueries: number, seed: number): Result {
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const index = new InstantIndex();
  index.build(firstRows(db, size));
  const buildMs = performance.now() - t0;
  gc();
  const mem = process.memoryUsage();
  const heapMB = (mem.heapUsed - heap0) / 2 ** 20;

  const e0 = performance.now();
  const snap = JSON.stringify(index.export());
  const exportMs = performance.now() - e0;
  const rows = (JSON.parse(snap) as ReturnType<InstantIndex['export']>).rows.map(([id, title, byline, outlet, tags, names]) => ({ id, title, byline, outlet, tags, names }));
  const i0 = performance.now();
  const copy = new InstantIndex();
  copy.import(JSON.parse(snap) as ReturnType<InstantIndex['export']>);
  const importMs = performance.now() - i0;
  if (copy.size !== index.size) throw new Error('import lost clippings');

  const queries = makeQueries(rows, nQueries, seed);
  for (const q of makeQueries(rows, 50, seed + 1)) index.suggest(q.text); // warm-up
  const times: number[] = [];
  const byKind = new Map<string, { t: number[]; found: number; fuzzy: number }>();
  for (const q of queries) {
    const s = performance.now();
    const r = index.suggest(q.text, { limit: 10 });
    const ms = performance.now() - s;
    times.push(ms);
    const k = byKind.get(q.kind) ?? { t: [], found: 0, fuzzy: 0 };
    k.t.push(ms);
    if (r.suggestions.length > 0) k.found++;
    if (r.suggestions.some((x) => x.fuzzy)) k.fuzzy++;
    byKind.set(q.kind, k);
  }

  // Updates: re-tag and retitle clippings (each update replaces phrases in FlexSearch).
  const rng = new Rng(seed, 0x75706474);
  const upd: number[] = [];
  for (let i = 0; i < 200; i++) {
    const row = rng.pick(rows);
    const s = performance.now();
    index.update({ ...row, title: `${row.title} (updated)`, tags: [...row.tags, 'Bench tag'] });
    upd.push(performance.now() - s);
  }

  const cpus = os.cpus();
  return {
    size,
    machine: { cpu: cpus[0]?.model ?? '?', cores: cpus.length, node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}` },
    buildMs: round(buildMs, 0),
    heapMB: round(heapMB, 1),
    heapTotalAfterMB: round(mem.heapUsed / 2 ** 20, 1),
    rssMB: round(mem.rss / 2 ** 20, 1),
    stats: index.stats(),
    snapshot: { bytes: snap.length, exportMs: round(exportMs, 0), importMs: round(importMs, 0) },
    updates: { n: upd.length, p50: summarize(upd).p50, p95: summarize(upd).p95 },
    latency: {
      ...summarize(times),
      byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, { ...summarize(v.t), found: v.found, fuzzy: v.fuzzy }])),
    },
  };
}

function markdown(r: Result, dbNote: string): string {
  const kinds = Object.entries(r.latency.byKind);
  return [
    `# Instant-search benchmark: ${r.size.toLocaleString('en-US')} clippings`,
    '',
    `${new Date().toISOString()} · ${r.machine.cpu} (${r.machine.cores} cores) · ${r.machine.platform} · Node ${r.machine.node}`,
    '',
    `- Archive: ${dbNote}`,
    `- Build (SQLite read, name extraction from each text, indexing): **${(r.buildMs / 1000).toFixed(1)} s**.`,
    `- JS heap held by the index after build (gc before and after): **${r.heapMB} MB** (heap in use ${r.heapTotalAfterMB} MB, RSS ${r.rssMB} MB incl. SQLite's cache).`,
    `- Held: ${r.stats.clippings.toLocaleString('en-US')} clippings, ${r.stats.phrases.toLocaleString('en-US')} distinct phrases (titles, bylines, outlets, tags, names), ${r.stats.words.toLocaleString('en-US')} vocabulary words, ${r.stats.deletionKeys.toLocaleString('en-US')} typo-map keys.`,
    `- Snapshot: ${formatBytes(r.snapshot.bytes)} JSON, export ${r.snapshot.exportMs} ms, import (rebuild from rows, no SQLite, no name extraction) ${(r.snapshot.importMs / 1000).toFixed(1)} s.`,
    `- Update of one clipping (new title, one more tag): p50 ${r.updates.p50} ms, p95 ${r.updates.p95} ms over ${r.updates.n}.`,
    '',
    `Suggestion latency in ms (\`index.suggest(text, {limit: 10})\`, in-process, after 50 warm-up queries): **p50 ${r.latency.p50}, p95 ${r.latency.p95}**, mean ${r.latency.mean}, max ${r.latency.max} over ${r.latency.n} queries.`,
    '',
    markdownTable(
      ['kind', 'n', 'p50', 'p95', 'max', 'found', 'with fuzzy hits'],
      kinds.map(([k, v]) => [k, v.n, v.p50, v.p95, v.max, v.found, v.fuzzy]),
    ),
    '',
  ].join('\n');
}

function main(): void {
  const o = parseOptions(process.argv.slice(2));
  const max = Math.max(...o.sizes);
  const corpus = new Corpus(o.seed);
  const file = o.db ?? path.join(os.tmpdir(), `cuttings-instant-bench-${o.seed}.db`);
  const reused = existsSync(file);
  console.log(`archive ${file}${reused ? ' (reused)' : ''}`);
  const db = o.db ? openDatabase(file) : archive(file, corpus, max);
  const live = (db.prepare(`SELECT count(*) AS n FROM clippings WHERE deleted_at IS NULL`).get() as { n: number }).n;
  const dbNote = o.db
    ? `${file} (given, ${live.toLocaleString('en-US')} live clippings)`
    : `synthetic corpus seed ${o.seed} inserted by ClippingRepo/TagRepo (clean text = the generated paragraphs, ~35% of clippings tagged), ${live.toLocaleString('en-US')} live clippings; the index uses the first N.`;
  mkdirSync(o.out, { recursive: true });
  for (const size of o.sizes) {
    if (size > live) {
      console.log(`skip ${size}: only ${live} clippings`);
      continue;
    }
    const r = run(db, size, o.queries, o.seed);
    const md = markdown(r, dbNote);
    writeFileSync(path.join(o.out, `instant-${size >= 1000 ? `${size / 1000}k` : size}.json`), JSON.stringify(r, null, 2) + '\n');
    writeFileSync(path.join(o.out, `instant-${size >= 1000 ? `${size / 1000}k` : size}.md`), md);
    console.log(md);
  }
  db.close();
}

main();
