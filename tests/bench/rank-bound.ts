/**
 * How far an impact-ordered candidate list would prove the top of a broad query (issue
 * 13, item 3; a measurement for a design, not product code). For a single word, phrase
 * or prefix, FTS5's bm25 of a clipping is idf × g(wtf, D, avgdl), with wtf the weighted
 * count of the phrase in the clipping, D its length in tokens and
 * g = wtf·(k1+1) / (wtf + k1·(1 − b + b·D/avgdl)), k1 = 1.2, b = 0.75. The idf is the
 * same for every clipping of the query, so the order is g's, and g grows with avgdl.
 * Kept per broad phrase: its M best clippings by g at the avgdl of the time, and the
 * largest g of all the others at an avgdl `grow` times larger. While the archive's avgdl
 * stays below that and the others are unchanged, any page whose last clipping scores
 * above that bound is exact from the M clippings alone (new or edited clippings scored
 * beside them).
 *
 * This reads every match's bm25 (FTS5) and length (the index's doc sizes), recovers each
 * wtf from them (exactly: it is an integer), and prints for M and `grow` the largest k
 * whose top k the bound proves.
 *
 *   node --import tsx tests/bench/rank-bound.ts [--size 100000] ['"the"' 'th*' …]
 */
import os from 'node:os';
import path from 'node:path';
import { Archive } from '../../electron/core/archive.ts';
import { ensureArchive } from './search-workload.ts';
import { NOW } from './workload-rows.ts';

const WEIGHTS = 'bm25(clipping_fts, 1, 10, 4, 4)'; // body, title, byline, outlet (migration 021)

/** SQLite's varints (big-endian groups of 7 bits, the ninth byte whole), as FTS5 writes its records. */
function varints(buf: Buffer): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < buf.length) {
    let v = 0;
    let n = 0;
    let b: number;
    do {
      b = buf[i++]!;
      n++;
      v = n === 9 ? v * 256 + b : v * 128 + (b & 0x7f);
    } while (b & 0x80 && n < 9);
    out.push(v);
  }
  return out;
}

const g = (wtf: number, len: number, avgdl: number) => (wtf * 2.2) / (wtf + 1.2 * (1 - 0.75 + (0.75 * len) / avgdl));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--size');
  const size = at >= 0 ? Number(args.splice(at, 2)[1]) : 100_000;
  const queries = args.length ? args : ['"the"', '"said"', 'th*', 'ab*', '"of that"', '"government"'];
  const archive = new Archive(await ensureArchive(path.join(os.tmpdir(), 'cuttings-workload'), size), {}, () => NOW);
  const db = archive.db;
  const averages = varints((db.prepare('SELECT block FROM clipping_fts_data WHERE id = 1').get() as { block: Buffer }).block);
  const n = averages[0]!;
  const avgdl = averages.slice(1).reduce((a, b) => a + b, 0) / n;
  const lengths = new Map<number, number>();
  for (const [id, sz] of db.prepare('SELECT id, sz FROM clipping_fts_docsize').raw().iterate() as IterableIterator<[number, Buffer]>) {
    lengths.set(id, varints(sz).reduce((a, b) => a + b, 0));
  }
  console.log(`${size.toLocaleString('en-US')} clippings: N ${n}, avgdl ${avgdl.toFixed(1)}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const q of queries) {
    const rows = db.prepare(`SELECT rowid, ${WEIGHTS} FROM clipping_fts WHERE clipping_fts MATCH ?`).raw().all(q) as [number, number][];
    const raw = Math.log((n - rows.length + 0.5) / (rows.length + 0.5));
    const idf = raw <= 0 ? 1e-6 : raw;
    let worst = 0;
    const docs = rows.map(([id, score]) => {
      const len = lengths.get(id)!;
      const gg = -score / idf;
      const k = 1.2 * (0.25 + (0.75 * len) / avgdl);
      const wtf = Math.round((gg * k) / (2.2 - gg));
      worst = Math.max(worst, Math.abs(g(wtf, len, avgdl) - gg) / gg);
      return { id, len, wtf, g: gg };
    });
    docs.sort((a, b) => b.g - a.g || a.id - b.id);
    const cells: string[] = [];
    for (const m of [100, 200, 500, 1000]) {
      for (const grow of [1.02, 1.1]) {
        let bound = 0;
        for (const d of docs.slice(m)) bound = Math.max(bound, g(d.wtf, d.len, avgdl * grow));
        let k = 0;
        while (k < Math.min(m, docs.length) && docs[k]!.g > bound * (1 + 1e-9)) k++;
        cells.push(`M ${m}, avgdl +${Math.round((grow - 1) * 100)}%: top ${k}`);
      }
    }
    console.log(`${q}: ${rows.length} matches; wtf recovered to ${worst.toExponential(1)}; ${cells.join('; ')}`);
  }
  db.exec('CREATE VIRTUAL TABLE temp.rank_bound_vocab USING fts5vocab(main, clipping_fts, row)');
  const vocab = db.prepare('SELECT count(*) AS n FROM temp.rank_bound_vocab WHERE doc >= ?');
  const counts = [1000, 2000, 5000, 10_000].map((t) => `${(vocab.get(t) as { n: number }).n} in ≥ ${t}`);
  db.exec('DROP TABLE temp.rank_bound_vocab');
  console.log(`terms by the number of clippings they are in: ${counts.join(', ')}`);
  archive.close();
}

await main();
