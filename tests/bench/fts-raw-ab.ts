/**
 * Raw FTS5 on two archives of the same clippings (e.g. the cached workload archives of
 * two schema versions), frequent words interleaved query by query: the first 20 by bm25
 * with the engine's weights in each archive's own column order, and the count of every
 * match; medians of 5 runs per word, then the sum and the median ratio (after / before)
 * over the words. The two top-20 pages must be equal (ids and ranks): a difference fails
 * the run.
 *
 *   node --import tsx tests/bench/fts-raw-ab.ts --before FILE --after FILE
 * Prints the figures; writes no results file.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values } = parseArgs({ options: { before: { type: 'string' }, after: { type: 'string' } } });
if (!values.before || !values.after) throw new Error('--before FILE and --after FILE are required');

const WEIGHT: Record<string, number> = { title: 10, byline: 4, outlet: 4, body: 1 };
const WORDS = ['the', 'and', 'said', 'for', 'that', 'with', 'was', 'his', 'from', 'have', 'has', 'are', 'not', 'but', 'they', 'this', 'will', 'were', 'been', 'their', 'more', 'after', 'about', 'which', 'would', 'government', 'minister', 'year', 'people', 'new'];

function open(file: string) {
  const db = new Database(file, { readonly: true });
  const columns = (db.pragma('table_info(clipping_fts)') as { name: string }[]).map((c) => c.name);
  const bm25 = `bm25(clipping_fts, ${columns.map((c) => WEIGHT[c]).join(', ')})`;
  return {
    db,
    ranked: db.prepare(`SELECT rowid AS id, ${bm25} AS r FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY r, rowid LIMIT 20`),
    count: db.prepare(`SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?`),
  };
}
const before = open(values.before);
const after = open(values.after);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (s: { all(w: string): unknown }, w: string) => {
  const t0 = performance.now();
  s.all(w);
  return performance.now() - t0;
};
for (const w of WORDS.slice(0, 3)) for (const x of [before, after]) x.ranked.all(w);
const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
const t = { rankBefore: [] as number[], rankAfter: [] as number[], countBefore: [] as number[], countAfter: [] as number[] };
let differences = 0;
for (const w of WORDS) {
  const runs = { rb: [] as number[], ra: [] as number[], cb: [] as number[], ca: [] as number[] };
  for (let i = 0; i < 5; i++) {
    // Alternate which goes first.
    const pair = i % 2 ? ([[after, runs.ra, runs.ca], [before, runs.rb, runs.cb]] as const) : ([[before, runs.rb, runs.cb], [after, runs.ra, runs.ca]] as const);
    for (const [x, r, c] of pair) {
      r.push(time(x.ranked, w));
      c.push(time(x.count, w));
    }
  }
  if (JSON.stringify(before.ranked.all(w)) !== JSON.stringify(after.ranked.all(w))) {
    differences++;
    console.error(`DIFFERENT: ${w}`);
  }
  t.rankBefore.push(median(runs.rb));
  t.rankAfter.push(median(runs.ra));
  t.countBefore.push(median(runs.cb));
  t.countAfter.push(median(runs.ca));
}
const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0));
const ratio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]!)).toFixed(3);
console.log(`${new Date().toISOString()} · load ${load} → ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} · ${WORDS.length} words · top-20 pages that differ: ${differences}`);
console.log(`ranked first 20: sum of medians ${sum(t.rankBefore)} ms before, ${sum(t.rankAfter)} ms after; median ratio after/before ${ratio(t.rankAfter, t.rankBefore)}`);
console.log(`count of every match: sum of medians ${sum(t.countBefore)} ms before, ${sum(t.countAfter)} ms after; median ratio after/before ${ratio(t.countAfter, t.countBefore)}`);
before.db.close();
after.db.close();
if (differences > 0) process.exitCode = 1;
