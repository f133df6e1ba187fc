/**
 * What reading a ranking list costs at a given archive size (issue 13: the background
 * warm-up, electron/core/search/warmup.ts, reads one per broad word): for words drawn
 * across the range of document counts of the words broad enough for a list (BROAD, 2,000
 * matching clippings or more), the CPU time of the list's two statements as
 * `RankLists.read` runs them (db/query/topk.ts: bm25 over every match keeping the first
 * LIST_SIZE + 1, and the count of the match for the idf; no meta-index clippings), and
 * from it an estimate of reading every broad word's list: the sum of their matches times
 * the median cost of a match; and the same two statements for prefixes of one to three
 * letters (`--prefixes`), whose lists the warm-up reads too. Read-only: nothing is stored.
 *
 *   node --import tsx tests/bench/list-read-cost.ts --db FILE [--words 16] [--prefixes c,s,co,st,con,str]
 *
 * Prints a markdown table; writes no results file.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/open.ts';
import { BM25 } from '../../db/query/split.ts';
import { percentile, round } from './stats.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, words: { type: 'string', default: '16' }, prefixes: { type: 'string', default: 'c,s,t,co,st,re,con,str,pro' } } });
if (!values.db) throw new Error('usage: list-read-cost.ts --db FILE [--words 16]');
/** As db/query/topk.ts: a phrase gets a list from this many matches; a list keeps this many. */
const BROAD = 2000;
const LIST_SIZE = 256;

const db = openDatabase(values.db, { readonly: true });
db.exec(`CREATE VIRTUAL TABLE temp.body_vocab USING fts5vocab(main, clipping_fts, 'row')`);
const docs = (db.prepare('SELECT count(*) AS n FROM clipping_fts_docsize').get() as { n: number }).n;
const started = process.cpuUsage();
const broad = db.prepare(`SELECT term, doc FROM temp.body_vocab WHERE doc >= ? ORDER BY doc DESC`).all(BROAD) as { term: string; doc: number }[];
const vocabMs = cpuMs(started);
const n = Math.min(Number(values.words), broad.length);
// Evenly over the broad words ranked by document count: the most frequent, the least, and between.
const sample = Array.from({ length: n }, (_, i) => broad[Math.round((i * (broad.length - 1)) / Math.max(1, n - 1))]!);

const list = db.prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY ${BM25.body}, rowid LIMIT ?`);
const count = db.prepare('SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?');
/** The CPU ms of reading the list of `phrase` (FTS5 syntax), and its matching clippings. */
function read(phrase: string): { ms: number; matches: number } {
  const t = process.cpuUsage();
  list.all(phrase, LIST_SIZE + 1);
  const matches = (count.get(phrase) as { n: number }).n;
  return { ms: cpuMs(t), matches };
}
const rows = sample.map(({ term }) => {
  const { ms, matches } = read(`"${term.replaceAll('"', '""')}"`);
  return { term, matches, ms, usPerMatch: (ms * 1000) / Math.max(1, matches) };
});
const prefixes = (values.prefixes ?? '').split(',').filter(Boolean).map((p) => ({ prefix: p, ...read(`"${p}"*`) }));
db.close();

const perMatch = percentile(
  rows.map((r) => r.usPerMatch),
  50,
);
const allMatches = broad.reduce((s, w) => s + w.doc, 0);
console.log(`# Ranking list reads: ${docs.toLocaleString('en-US')} clippings\n`);
console.log(`${new Date().toISOString()} · ${os.cpus()[0]?.model.trim()} (${os.cpus().length} cores) · load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
console.log(`${broad.length.toLocaleString('en-US')} words in ${BROAD.toLocaleString('en-US')} clippings or more (the vocabulary read in ${round(vocabMs, 3)} ms CPU); ${n} of them timed, CPU ms of the list's two statements:\n`);
console.log('| word | matching clippings | CPU ms | µs a match |\n| --- | --: | --: | --: |');
for (const r of rows) console.log(`| \`${r.term}\` | ${r.matches.toLocaleString('en-US')} | ${round(r.ms, 3)} | ${round(r.usPerMatch, 3)} |`);
if (prefixes.length) {
  console.log('\nPrefixes, the same two statements:\n');
  console.log('| prefix | matching clippings | CPU ms |\n| --- | --: | --: |');
  for (const p of prefixes) console.log(`| \`${p.prefix}*\` | ${p.matches.toLocaleString('en-US')} | ${round(p.ms, 3)} |`);
}
console.log(
  `\nEvery broad word's list: ${allMatches.toLocaleString('en-US')} matches in all × ${round(perMatch, 3)} µs (the median a match) ≈ ${round((allMatches * perMatch) / 1e6, 3)} s of CPU (words only: the warm-up also reads prefixes' and two-word phrases' lists, and stores each).`,
);

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}
