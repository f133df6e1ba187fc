/**
 * The randomized search workload (issue 13): many query classes, drawn afresh from each
 * seed out of the archive's own vocabulary and metadata, timed through `search.query`
 * (its engine `tookMs`) beside raw FTS5 on the same words.
 *
 *   node --expose-gc --import tsx tests/bench/search-workload.ts [--sizes 10000,100000]
 *        [--seeds 1,2,3] [--per-class 50] [--classes a,b] [--cache DIR] [--out DIR] [--name X]
 *        [--writes import:10,edit:1,delete:1,tag:5] [--write-seed N] [--after-writes warm|none]
 *
 * The archive: the deterministic corpus of tests/bench/corpus.ts (seed 20211208, as
 * `npm run bench`), each clipping given metadata — tags, stars, read state, media types,
 * tones, languages, notes, annotations, story clusters, a few trashed — from its own
 * seeded stream (tests/bench/workload-rows.ts, computed in worker threads), and bulk-loaded
 * through the clippings repository (the import path is measured by run.ts). Built once
 * per size, generator version and schema and cached in `--cache` (default
 * os.tmpdir()/cuttings-workload): a rerun opens the cached file. At 1M:
 * `--sizes 1000000` (and tests/bench/search-1m.ts uses the same cached archive).
 *
 * Per class: p50/p95/p99/max of the engine's `tookMs` (each the worst seed's figure), the
 * raw FTS5 `bm25 … LIMIT 20` on the query's words where it has any, and the 10 slowest
 * queries verbatim. Results: <out>/<name>-<size>.json and .md (default name
 * search-workload, out tests/bench/results).
 *
 * `--writes`: everyday writes (tests/bench/workload-writes.ts) applied through the real
 * core to a copy of the cached archive (in the out directory, deleted at the end) after
 * `--lists` and before timing — the cached archive is never written. `--after-writes warm`
 * (the default with writes) then runs the background warm-up once, as the app does once
 * writes have been quiet for a few seconds (electron/core/search/warmup.ts), and reports
 * its time; `none` times the archive as the writes left it (the CLI: no background).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClippingRepo } from '../../db/clippings.ts';
import { SearchRepo } from '../../db/search.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { UUID7_SQL } from '../../db/migrations/014-sync-identities.ts';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { markdownTable, percentile, Rng, round } from './stats.ts';
import { CORPUS_SEED, NOW, rowBatches, TAGS, type WorkloadRow } from './workload-rows.ts';
import { applyWrites, describeWrites, parseWrites, type WriteSpec } from './workload-writes.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Bump when the archive the workload builds changes: the cached files are keyed by it. */
const GENERATOR_VERSION = 1;
const LIMIT = 20;

// ---------------------------------------------------------------------------------------
// Options

interface Options {
  sizes: number[];
  seeds: number[];
  perClass: number;
  classes: string[] | null;
  cache: string;
  out: string;
  name: string;
  /**
   * The ranking lists (db/query/topk.ts) when timing starts: `warm` reads every broad word's
   * as the app's background warm-up does (electron/core/search/warmup.ts; once per archive,
   * the lists are kept in it), `none` deletes them (an archive whose warm-up has not run),
   * `kept` leaves what an earlier run stored.
   */
  lists: 'warm' | 'none' | 'kept';
  writes: WriteSpec;
  writeSeed: number;
  afterWrites: 'warm' | 'none';
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    sizes: [10_000, 100_000],
    seeds: [1, 2, 3],
    perClass: 50,
    classes: null,
    cache: path.join(os.tmpdir(), 'cuttings-workload'),
    out: path.join(HERE, 'results'),
    name: 'search-workload',
    lists: 'warm',
    writes: [],
    writeSeed: 1,
    afterWrites: 'warm',
  };
  const ints = (v: string) => v.split(',').map((s) => Number(s.replace(/_/g, '')));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    if (a === '--help' || a === '-h') {
      console.log('usage: search-workload.ts [--sizes 10000,100000] [--seeds 1,2,3] [--per-class 50] [--classes a,b] [--cache DIR] [--out DIR] [--name X] [--lists warm|none|kept] [--writes import:10,edit:1,delete:1,restore:1,purge:1,tag:5,note:1,annotate:1] [--write-seed N] [--after-writes warm|none]');
      process.exit(0);
    }
    if (v === undefined) fail(`${a} needs a value`);
    i++;
    if (a === '--sizes') o.sizes = ints(v);
    else if (a === '--seeds') o.seeds = ints(v);
    else if (a === '--per-class') o.perClass = Number(v);
    else if (a === '--classes') o.classes = v.split(',');
    else if (a === '--cache') o.cache = path.resolve(v);
    else if (a === '--out') o.out = path.resolve(v);
    else if (a === '--name') o.name = v;
    else if (a === '--lists' && (v === 'warm' || v === 'none' || v === 'kept')) o.lists = v;
    else if (a === '--writes') {
      try {
        o.writes = parseWrites(v);
      } catch (e) {
        fail((e as Error).message);
      }
    } else if (a === '--write-seed') o.writeSeed = Number(v);
    else if (a === '--after-writes' && (v === 'warm' || v === 'none')) o.afterWrites = v;
    else fail(`unknown option ${a}`);
  }
  if ([...o.sizes, ...o.seeds, o.perClass].some((n) => !Number.isInteger(n) || n < 0)) fail('sizes, seeds and --per-class are integers');
  return o;
}

function fail(message: string): never {
  console.error(`search-workload: ${message}`);
  process.exit(2);
}

const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

// ---------------------------------------------------------------------------------------
// The archive

/** The cached archive's name: the generator's version and a digest of the schema's migrations. */
export function archiveFile(cache: string, size: number): string {
  const schema = createHash('sha256').update(MIGRATIONS.map((m) => `${m.version}:${String(m.up)}`).join('\n')).digest('hex').slice(0, 10);
  return path.join(cache, `workload-g${GENERATOR_VERSION}-${schema}-${size}.db`);
}

/** The cached archive of `size` clippings, built when missing (also used by search-1m.ts). */
export async function ensureArchive(cache: string, size: number): Promise<string> {
  const file = archiveFile(cache, size);
  if (existsSync(file)) return file;
  mkdirSync(cache, { recursive: true });
  const tmp = `${file}.building`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}.instant`]) rmSync(f, { force: true });
  const started = performance.now();
  log(`building ${size.toLocaleString('en-US')} clippings into ${tmp}`);
  const archive = new Archive(tmp, {}, () => NOW);
  const db = archive.db;
  // A bulk load (1M clippings in well under an hour): every trigger and secondary index
  // of the three tables is set aside while filling and put back at the end — each index
  // built once by sorting, the full-text index by one 'rebuild' (tags and annotations
  // included), the CJK index (contentless) filled as migration 007 fills it. Inserting
  // row by row into a million-entry date index or FTS5 index costs far more. The archive
  // is the same as one filled through the triggers.
  db.pragma(`cache_size = -${Math.min(1_000_000, Math.max(100_000, size))}`); // KiB: up to ~1 GB of pages while filling
  db.pragma('synchronous = OFF');
  const setAside = db
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('clippings', 'clipping_tags', 'annotations') AND type IN ('trigger', 'index') AND sql IS NOT NULL`)
    .all() as { type: 'trigger' | 'index'; name: string; sql: string }[];
  for (const o of setAside) db.exec(`DROP ${o.type.toUpperCase()} ${o.name}`);
  const repo = new ClippingRepo(db);
  const tagId = new Map<string, number>();
  const addTag = db.prepare(`INSERT INTO tags (name, created_at) VALUES (?, ?)`);
  for (const name of TAGS) tagId.set(name, Number(addTag.run(name, NOW.toISOString()).lastInsertRowid));
  const link = db.prepare(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (?, ?, ?)`);
  const meta = db.prepare(`UPDATE clippings SET starred = ?, is_read = ?, media_type = ?, tone = ?, cluster_id = ?, deleted_at = ? WHERE id = ?`);
  const annotate = db.prepare(`INSERT INTO annotations (clipping_id, exact, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
  const now = NOW.toISOString();
  const write = db.transaction((rows: WorkloadRow[]) => {
    for (const r of rows) {
      const id = repo.insert(r.clipping, now);
      if (id !== r.id) throw new Error(`workload archive: row ${r.id} was written as ${id}`);
      for (const t of r.tags) link.run(id, tagId.get(t)!, now);
      if (r.annotation) annotate.run(id, r.annotation[0], r.annotation[1], now, now);
      meta.run(...r.meta, id);
    }
  });
  let written = 0;
  let lastLog = performance.now();
  let batch: WorkloadRow[] = [];
  for await (const rows of rowBatches(size)) {
    batch.push(...rows);
    written += rows.length;
    if (batch.length < 20_000 && written < size) continue;
    write(batch);
    batch = [];
    if (performance.now() - lastLog > 30_000 || written === size) {
      lastLog = performance.now();
      log(`  ${written.toLocaleString('en-US')} clippings (${Math.round(written / ((performance.now() - started) / 1000))}/s)`);
    }
  }
  let t = performance.now();
  const phase = (what: string) => {
    log(`  ${what}: ${round((performance.now() - t) / 1000, 1)} s`);
    t = performance.now();
  };
  for (const o of setAside.filter((x) => x.type === 'index')) db.exec(o.sql);
  phase('indexes');
  db.exec(`INSERT INTO clipping_fts (clipping_fts) VALUES ('rebuild')`);
  db.exec(`INSERT INTO clipping_meta_fts (clipping_meta_fts) VALUES ('rebuild')`);
  phase('full-text indexes (FTS5 rebuild)');
  // The identities the set-aside insert triggers would have given (migration 014).
  for (const table of ['clippings', 'annotations']) db.exec(`UPDATE ${table} SET uuid = ${UUID7_SQL} WHERE uuid IS NULL`);
  db.exec(`INSERT INTO clipping_cjk (rowid, grams)
           SELECT id, g FROM (SELECT id, cjk_bigrams(title || ' ' || sqlar_uncompress(text_z, text_size)) AS g FROM clippings WHERE deleted_at IS NULL) WHERE g <> ''`);
  phase('CJK index');
  for (const o of setAside.filter((x) => x.type === 'trigger')) db.exec(o.sql);
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  log('  building the instant-search index');
  await archive.call('search.suggest', { text: 'warm' });
  archive.close();
  phase('instant-search index and its snapshot');
  for (const [from, to] of [[tmp, file], [`${tmp}.instant`, `${file}.instant`]] as const) if (existsSync(from)) renameSync(from, to);
  rmSync(`${tmp}-wal`, { force: true });
  rmSync(`${tmp}-shm`, { force: true });
  log(`  built in ${round((performance.now() - started) / 1000, 1)} s`);
  return file;
}

// ---------------------------------------------------------------------------------------
// Queries

export interface WorkloadQuery {
  cls: string;
  query: string;
  sort?: 'relevance' | 'newest' | 'oldest';
  facets?: boolean;
  collapse?: boolean;
  offset?: number;
  /** The query's words in FTS5 syntax (raw FTS5 baseline), or null for a filter-only query. */
  fts: string | null;
}

/** What the generator draws from: the archive's words, names and metadata. */
export interface Vocabulary {
  /** Plain words, most frequent first. */
  words: string[];
  /** Words of the rare pool that occur. */
  rare: string[];
  /** Word sequences (lower case, no punctuation) from the archive's paragraphs. */
  runs: string[][];
  names: string[];
  tags: string[];
  outlets: string[];
  authors: string[];
  titles: string[];
  hosts: string[];
}

export function vocabulary(archive: Archive, corpus: Corpus, size: number): Vocabulary {
  const db = archive.db;
  const rng = new Rng(CORPUS_SEED, 0x766f63, size);
  const runs: string[][] = [];
  const rare = new Set<string>();
  const names = new Set<string>();
  for (let k = 0; k < 400; k++) {
    const c = corpus.clipping(rng.int(0, size - 1));
    for (const w of c.rareWords) rare.add(w);
    for (const p of c.paragraphs.slice(0, 4)) {
      for (const chunk of p.split(/[^\p{L}\s]+/u)) {
        const ws = chunk.trim().split(/\s+/).filter((w) => /^\p{L}+$/u.test(w));
        if (ws.length >= 2) runs.push(ws.map((w) => w.toLowerCase()));
        for (const w of ws) if (/^\p{Lu}/u.test(w) && w.length > 3) names.add(w);
      }
    }
  }
  const col = (sql: string) => (db.prepare(sql).all() as { v: string }[]).map((r) => r.v).filter(Boolean);
  const authors = col(`SELECT DISTINCT byline AS v FROM clippings WHERE id % 97 = 0 LIMIT 300`)
    .flatMap((b) => b.split(/ and /))
    .map((n) => n.split(' ').at(-1)!);
  return {
    words: corpus.words.filter((w) => /^[a-z]+$/.test(w)),
    rare: [...rare],
    runs,
    names: [...names],
    tags: col(`SELECT name AS v FROM tags`),
    outlets: col(`SELECT DISTINCT outlet AS v FROM clippings`),
    authors: [...new Set(authors)],
    titles: col(`SELECT title AS v FROM clippings WHERE id % 211 = 0 LIMIT 300`),
    hosts: col(`SELECT DISTINCT substr(source_url, 13, instr(substr(source_url, 13), '/') - 1) AS v FROM clippings WHERE id % 50 = 0`),
  };
}

/** A word with frequency rank drawn log-uniformly in [lo, hi) of the vocabulary. */
function wordIn(v: Vocabulary, rng: Rng, lo: number, hi: number): string {
  const h = Math.min(hi, v.words.length);
  const r = Math.floor(Math.exp(Math.log(lo + 1) + rng.next() * (Math.log(h) - Math.log(lo + 1)))) - 1;
  return v.words[Math.max(lo, Math.min(h - 1, r))]!;
}

const anyWord = (v: Vocabulary, rng: Rng) => wordIn(v, rng, 0, v.words.length);
const contentWord = (v: Vocabulary, rng: Rng) => wordIn(v, rng, 150, 2000);

/** A word of the vocabulary (as `anyWord` draws them) with at least `n` letters. */
function wordOfAtLeast(v: Vocabulary, rng: Rng, n: number): string {
  if (!v.words.some((w) => w.length >= n)) throw new Error(`no word of ${n} letters in the vocabulary`);
  for (;;) {
    const w = anyWord(v, rng);
    if (w.length >= n) return w;
  }
}

/** A misspelling: one letter dropped, doubled, swapped or replaced. */
function misspell(w: string, rng: Rng): string {
  const i = rng.int(1, Math.max(1, w.length - 2));
  switch (rng.int(0, 3)) {
    case 0:
      return w.slice(0, i) + w.slice(i + 1);
    case 1:
      return w.slice(0, i) + w[i] + w.slice(i);
    case 2:
      return w.slice(0, i - 1) + (w[i] ?? '') + w[i - 1] + w.slice(i + 1);
    default:
      return w.slice(0, i) + String.fromCharCode(97 + ((w.charCodeAt(i) - 97 + rng.int(1, 25)) % 26)) + w.slice(i + 1);
  }
}

function quoteTag(t: string): string {
  return /\s/.test(t) ? `tag:"${t}"` : `tag:${t}`;
}

/** One filter of each kind, at random. */
function filterOf(v: Vocabulary, rng: Rng): string {
  const year = rng.int(2012, 2025);
  const month = String(rng.int(1, 12)).padStart(2, '0');
  switch (rng.int(0, 13)) {
    case 0:
      return quoteTag(rng.pick(v.tags));
    case 1:
      return `-${quoteTag(rng.pick(v.tags))}`;
    case 2:
      return `outlet:"${rng.pick(v.outlets)}"`;
    case 3:
      return `author:${rng.pick(v.authors)}`;
    case 4:
      return `title:${rng.pick(rng.pick(v.titles).toLowerCase().split(' ').filter((w) => /^\p{L}{4,}$/u.test(w)).concat(['report']))}`;
    case 5:
      return `url:${rng.pick(v.hosts)}`;
    case 6:
      return `lang:${rng.pick(['en', 'fr', 'de', 'pl', 'en-gb'])}`;
    case 7:
      return rng.pick(['after', 'before', 'on'])! + `:${year}-${month}`;
    case 8:
      return `after:${year} before:${Math.min(2026, year + rng.int(1, 6))}`;
    case 9:
      return rng.pick(['after', 'before'])! + `:${rng.int(1, 12)}${rng.pick(['d', 'w', 'm', 'y'])}`;
    case 10:
      return `has:${rng.pick(['annotation', 'note'])}`;
    case 11:
      return `is:${rng.pick(['starred', 'unstarred', 'read', 'unread'])}`;
    case 12:
      return `type:${rng.pick(['online', 'print', 'broadcast', 'agency'])}`;
    default:
      return `tone:${rng.pick(['positive', 'neutral', 'negative', 'mixed'])}`;
  }
}

type Gen = (v: Vocabulary, rng: Rng) => Omit<WorkloadQuery, 'cls'>;

const phraseFts = (ws: string[]) => `"${ws.join(' ')}"`;

/** Every class of the workload and how a query of it is drawn. */
export const CLASSES: Record<string, Gen> = {
  word_frequent: (v, r) => word(wordIn(v, r, 0, 150)),
  word_mid: (v, r) => word(wordIn(v, r, 150, 1500)),
  word_tail: (v, r) => word(wordIn(v, r, 1500, v.words.length)),
  word_rare: (v, r) => word(r.pick(v.rare)),
  name: (v, r) => word(r.pick(v.names)),
  and_2: (v, r) => and([contentWord(v, r), anyWord(v, r)]),
  and_3: (v, r) => and([contentWord(v, r), contentWord(v, r), anyWord(v, r)]),
  or: (v, r) => {
    const ws = [contentWord(v, r), contentWord(v, r), ...(r.chance(0.4) ? [anyWord(v, r)] : [])];
    return { query: ws.join(' OR '), fts: ws.join(' OR ') };
  },
  negation: (v, r) => {
    const a = contentWord(v, r);
    const b = r.chance(0.3) ? phraseFts(r.pick(v.runs).slice(0, 2)) : anyWord(v, r);
    return { query: `${a} -${b}`, fts: `${a} NOT ${b}` };
  },
  phrase: (v, r) => {
    const run = r.pick(v.runs);
    const i = r.int(0, run.length - 2);
    return phrase(run.slice(i, i + 2));
  },
  phrase_rare: (v, r) => phrase([wordIn(v, r, 100, 1200), wordIn(v, r, 100, 1200)]),
  phrase_long: (v, r) => {
    const run = r.pick(v.runs.filter((x) => x.length >= 4));
    const n = r.int(4, Math.min(8, run.length));
    const i = r.int(0, run.length - n);
    return phrase(run.slice(i, i + n));
  },
  // What a user types before `*`: one, two or three letters of a word at least that long
  // (a word shorter than the prefix is drawn again, never cut to a shorter prefix).
  prefix_1: (v, r) => prefix(wordOfAtLeast(v, r, 1).slice(0, 1)),
  prefix_2: (v, r) => prefix(wordOfAtLeast(v, r, 2).slice(0, 2)),
  prefix_3: (v, r) => prefix(wordOfAtLeast(v, r, 3).slice(0, 3)),
  field_text: (v, r) => {
    const w = contentWord(v, r);
    const f = r.pick(['title', 'author', 'outlet', 'body'])!;
    const val = f === 'author' ? r.pick(v.authors) : f === 'outlet' ? r.pick(v.outlets).split(' ').at(-1)! : w;
    return { query: `${r.chance(0.5) ? `${anyWord(v, r)} ` : ''}${f}:${val}`, fts: null };
  },
  filter_only: (v, r) => ({ query: filterOf(v, r), fts: null }),
  filter_word: (v, r) => {
    const w = anyWord(v, r);
    return { query: `${w} ${filterOf(v, r)}`, fts: w };
  },
  filter_combo: (v, r) => {
    const parts = [filterOf(v, r), filterOf(v, r), ...(r.chance(0.5) ? [filterOf(v, r)] : [])];
    const w = r.chance(0.6) ? anyWord(v, r) : null;
    return { query: [w, ...parts].filter(Boolean).join(' '), fts: w };
  },
  date_narrow: (v, r) => {
    const w = anyWord(v, r);
    const y = r.int(2012, 2025);
    const m = String(r.int(1, 12)).padStart(2, '0');
    const d = String(r.int(1, 28)).padStart(2, '0');
    const f = r.pick([`on:${y}-${m}-${d}`, `on:${y}-${m}`, `after:${y}-${m}-${d} before:${y}-${m === '12' ? '12-31' : `${String(Number(m) + 1).padStart(2, '0')}-${d}`}`])!;
    return { query: `${w} ${f}`, fts: w };
  },
  date_wide: (v, r) => {
    const w = anyWord(v, r);
    const y = r.int(2012, 2022);
    return { query: `${w} after:${y}-01-01 before:${y + r.int(2, 4)}-12-31`, fts: w };
  },
  date_relative: (v, r) => {
    const w = anyWord(v, r);
    return { query: `${w} ${r.pick(['after', 'before', 'on'])}:${r.int(1, 10)}${r.pick(['d', 'w', 'm', 'y'])}`, fts: w };
  },
  sort_newest: (v, r) => ({ ...word(anyWord(v, r)), sort: 'newest' }),
  sort_oldest: (v, r) => ({ ...and([contentWord(v, r), anyWord(v, r)]), sort: 'oldest' }),
  facets: (v, r) => ({ ...word(anyWord(v, r)), facets: true }),
  collapse: (v, r) => ({ ...word(anyWord(v, r)), collapse: true }),
  deep_offset: (v, r) => ({ ...word(wordIn(v, r, 0, 600)), offset: r.int(10, 100) * 20 }),
  zero_hit: (v, r) => {
    const w = anyWord(v, r);
    return r.pick<Omit<WorkloadQuery, 'cls'>>([
      { query: `${w} -${w}`, fts: `${w} NOT ${w}` },
      { query: `${w} tag:nosuchtag`, fts: w },
      { query: `${w}qz`, fts: `${w}qz` },
      { query: `${w} on:1999-01-01`, fts: w },
    ]);
  },
  misspelling: (v, r) => word(misspell(r.chance(0.5) ? r.pick(v.names).toLowerCase() : contentWord(v, r), r)),
};

function word(w: string): Omit<WorkloadQuery, 'cls'> {
  return { query: w, fts: `"${w}"` };
}
function and(ws: string[]): Omit<WorkloadQuery, 'cls'> {
  return { query: ws.join(' '), fts: ws.map((w) => `"${w}"`).join(' AND ') };
}
function phrase(ws: string[]): Omit<WorkloadQuery, 'cls'> {
  return { query: `"${ws.join(' ')}"`, fts: phraseFts(ws) };
}
function prefix(p: string): Omit<WorkloadQuery, 'cls'> {
  return { query: `${p}*`, fts: `${p}*` };
}

export function generate(v: Vocabulary, seed: number, perClass: number, classes: readonly string[]): WorkloadQuery[] {
  const out: WorkloadQuery[] = [];
  for (const cls of classes) {
    const rng = new Rng(seed, 0x776b6c64, [...cls].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7)); // "wkld"
    for (let i = 0; i < perClass; i++) out.push({ cls, ...CLASSES[cls]!(v, rng) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Running

interface Sample {
  seed: number;
  q: WorkloadQuery;
  tookMs: number;
  total: number;
  ftsMs: number | null;
}

async function run(archive: Archive, queries: WorkloadQuery[], seed: number): Promise<Sample[]> {
  const raw = archive.db.prepare(`SELECT rowid, bm25(clipping_fts) AS s FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY bm25(clipping_fts) LIMIT ${LIMIT}`);
  const out: Sample[] = [];
  let lastLog = performance.now();
  for (const [i, q] of queries.entries()) {
    const args = { query: q.query, limit: LIMIT, offset: q.offset ?? 0, sort: q.sort ?? 'relevance', facets: q.facets ?? false, collapse: q.collapse ?? false };
    const r = await archive.call('search.query', args);
    let ftsMs: number | null = null;
    if (q.fts !== null) {
      const t1 = performance.now();
      try {
        raw.all(q.fts);
        ftsMs = performance.now() - t1;
      } catch {
        ftsMs = null;
      }
    }
    out.push({ seed, q, tookMs: r.tookMs, total: r.total, ftsMs });
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      log(`  seed ${seed}: ${i + 1}/${queries.length} (${q.cls})`);
    }
  }
  return out;
}

interface ClassStats {
  queries: number;
  /** Engine tookMs: each figure is the worst seed's. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Raw FTS5 on the same words (worst seed), where the class has words. */
  fts: { p50: number; p95: number; p99: number; max: number } | null;
  hits: { p50: number; max: number };
  slowest: { query: string; options: string; tookMs: number; total: number; ftsMs: number | null; seed: number }[];
}

function stats(samples: Sample[]): ClassStats {
  const seeds = [...new Set(samples.map((s) => s.seed))];
  const worst = (pick: (s: Sample) => number | null, p: number) =>
    round(Math.max(...seeds.map((seed) => {
      const xs = samples.filter((s) => s.seed === seed).map(pick).filter((x): x is number => x !== null);
      return xs.length ? percentile(xs, p) : NaN;
    })), 3);
  const hasFts = samples.some((s) => s.ftsMs !== null);
  const sorted = [...samples].sort((a, b) => b.tookMs - a.tookMs);
  return {
    queries: samples.length,
    p50: worst((s) => s.tookMs, 50),
    p95: worst((s) => s.tookMs, 95),
    p99: worst((s) => s.tookMs, 99),
    max: worst((s) => s.tookMs, 100),
    fts: hasFts ? { p50: worst((s) => s.ftsMs, 50), p95: worst((s) => s.ftsMs, 95), p99: worst((s) => s.ftsMs, 99), max: worst((s) => s.ftsMs, 100) } : null,
    hits: { p50: Math.round(percentile(samples.map((s) => s.total), 50)), max: Math.max(...samples.map((s) => s.total)) },
    slowest: sorted.slice(0, 10).map((s) => ({ query: s.q.query, options: optionsOf(s.q), tookMs: s.tookMs, total: s.total, ftsMs: s.ftsMs === null ? null : round(s.ftsMs, 3), seed: s.seed })),
  };
}

function optionsOf(q: WorkloadQuery): string {
  return [q.sort && `sort ${q.sort}`, q.facets && 'facets', q.collapse && 'collapse', q.offset && `offset ${q.offset}`].filter(Boolean).join(', ');
}

function markdown(size: number, o: Options, classes: Record<string, ClassStats>, all: Sample[], info: Record<string, unknown>): string {
  const slowest = [...all].sort((a, b) => b.tookMs - a.tookMs).slice(0, 10);
  const goal = (c: ClassStats) => (c.p95 <= 50 && c.p99 <= 150 && c.max <= 500 ? 'yes' : 'no');
  return [
    `# Randomized search workload: ${size.toLocaleString('en-US')} clippings`,
    '',
    `${info.generatedAt} · seeds ${o.seeds.join(', ')} · ${o.perClass} queries per class per seed · ${info.cpu} · SQLite ${info.sqlite} · load average at start ${info.loadStart}, end ${info.loadEnd}`,
    '',
    `Ranking lists: ${info.lists}.`,
    ...(info.writes ? ['', `Writes before timing: ${info.writes}.`] : []),
    '',
    `Engine \`tookMs\` of \`search.query\` (limit ${LIMIT}); each figure is the worst seed's. Raw FTS5: \`SELECT rowid, bm25(clipping_fts) … MATCH <the query's words> ORDER BY bm25 LIMIT ${LIMIT}\` (filters left out). Goal at 100k: p95 ≤ 50, p99 ≤ 150, max ≤ 500 ms.`,
    '',
    markdownTable(
      ['class', 'hits p50', 'p50', 'p95', 'p99', 'max', 'FTS5 p50', 'FTS5 p95', 'FTS5 max', 'goal'],
      Object.entries(classes).map(([cls, c]) => [cls, c.hits.p50, c.p50, c.p95, c.p99, c.max, c.fts?.p50 ?? '—', c.fts?.p95 ?? '—', c.fts?.max ?? '—', goal(c)]),
    ),
    '',
    '## The 10 slowest queries',
    '',
    markdownTable(
      ['tookMs', 'class', 'query', 'options', 'hits', 'FTS5 ms', 'seed'],
      slowest.map((s) => [round(s.tookMs, 2), s.q.cls, `\`${s.q.query}\``, optionsOf(s.q) || '—', s.total, s.ftsMs === null ? '—' : round(s.ftsMs, 3), s.seed]),
    ),
    '',
  ].join('\n');
}

/** Sets up the archive's ranking lists as `--lists` asks; says what it did. */
function rankLists(archive: Archive, mode: Options['lists']): string {
  if (mode === 'none') {
    const n = archive.db.prepare('DELETE FROM rank_lists').run().changes;
    return `none (${n} stored by an earlier run deleted): each broad word's first query reads its list`;
  }
  if (mode === 'warm') {
    const search = new SearchRepo(archive.db);
    const t = performance.now();
    const words = search.broadWords();
    const read = search.warmBroadWords(words).lists;
    log(`  ranking lists: ${read} read for ${words.length} broad words in ${round((performance.now() - t) / 1000, 1)} s`);
  }
  const n = (archive.db.prepare('SELECT count(*) AS n FROM rank_lists').get() as { n: number }).n;
  return mode === 'warm' ? `${n} stored, every broad word's read as the app's background warm-up reads them` : `${n} stored by earlier runs, kept`;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const corpus = new Corpus(CORPUS_SEED);
  const classes = o.classes ?? Object.keys(CLASSES);
  for (const c of classes) if (!CLASSES[c]) fail(`unknown class ${c}`);
  mkdirSync(o.out, { recursive: true });
  for (const size of o.sizes) {
    const cached = await ensureArchive(o.cache, size);
    // With writes, a copy is written (the cached archive stays as built and warmed).
    const file = o.writes.length ? path.join(o.out, `${o.name}-${size}-written.db`) : cached;
    if (o.writes.length) {
      log(`copying ${cached} to ${file}`);
      for (const ext of ['', '-wal', '-shm', '.instant']) rmSync(file + ext, { force: true });
      for (const ext of ['', '-wal', '.instant']) if (existsSync(cached + ext)) copyFileSync(cached + ext, file + ext);
    }
    const archive = new Archive(file, {}, () => NOW);
    try {
      const loadStart = os.loadavg().map((x) => round(x, 2)).join(' ');
      log(`size ${size.toLocaleString('en-US')}: ${file}`);
      const lists = rankLists(archive, o.lists);
      let writes: string | null = null;
      if (o.writes.length) {
        let t = performance.now();
        const done = await applyWrites(archive, corpus, size, o.writes, o.writeSeed);
        const wroteMs = performance.now() - t;
        writes = `${describeWrites(o.writes)} (seed ${o.writeSeed}; ${done.map((d) => `${d.kind} ${d.ids.length}`).join(', ')} clippings; ${round(wroteMs / 1000, 1)} s)`;
        if (o.afterWrites === 'warm') {
          t = performance.now();
          const search = new SearchRepo(archive.db);
          const read = search.warmBroadWords(search.broadWords()).lists;
          writes += `, then the background warm-up: ${read} lists read, ${round((performance.now() - t) / 1000, 1)} s`;
        } else writes += ', no warm-up after them';
        log(`  writes: ${writes}`);
      }
      const v = vocabulary(archive, corpus, size);
      // Warm-up: the instant index (held in memory, as the app holds it once a suggestion was
      // asked; close matches take their vocabulary from it), statement caches, the file's pages.
      await archive.call('search.suggest', { text: 'warm' });
      for (const q of generate(v, 999, 2, classes)) await archive.call('search.query', { query: q.query, limit: LIMIT });
      const all: Sample[] = [];
      for (const seed of o.seeds) {
        const queries = generate(v, seed, o.perClass, classes);
        log(`  seed ${seed}: ${queries.length} queries`);
        all.push(...(await run(archive, queries, seed)));
      }
      const byClass: Record<string, ClassStats> = {};
      for (const cls of classes) byClass[cls] = stats(all.filter((s) => s.q.cls === cls));
      const info = {
        generatedAt: new Date().toISOString(),
        cpu: `${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores)`,
        sqlite: (archive.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
        loadStart,
        lists,
        writes,
        loadEnd: os.loadavg().map((x) => round(x, 2)).join(' '),
      };
      const name = `${o.name}-${size >= 1_000_000 ? `${size / 1_000_000}m` : size >= 1000 ? `${size / 1000}k` : size}`;
      const md = markdown(size, o, byClass, all, info);
      writeFileSync(path.join(o.out, `${name}.json`), JSON.stringify({ name, size, seeds: o.seeds, perClass: o.perClass, generatorVersion: GENERATOR_VERSION, ...info, classes: byClass }, null, 2) + '\n');
      writeFileSync(path.join(o.out, `${name}.md`), md);
      console.log(md);
    } finally {
      archive.close();
      if (o.writes.length) for (const ext of ['', '-wal', '-shm', '.instant']) rmSync(file + ext, { force: true });
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
