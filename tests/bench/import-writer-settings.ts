/**
 * What SQLite and FTS5 settings do to the writer of a bulk import at 100k clippings, measured
 * on the database alone: N clippings of the base archive (their rows, with new ids) inserted
 * again in batches as the import writes them (one multi-row INSERT INTO clippings a batch,
 * then each clipping's MinHash row and its 16 LSH band rows, then COMMIT), into a fresh copy
 * of the base archive for each run, variants alternating run by run. Reports the CPU ms per
 * clipping (process CPU time) of the INSERT, the LSH rows and the commit, the wall time, the
 * body index's segments afterwards and the CPU of 20 one-word searches on it (top 50 by rank
 * and a count, median of 5 passes).
 *
 * Variants (combine with '+'): base · automerge<N> · hashsize<BYTES> (FTS5 settings of
 * clipping_fts for the whole run) · ckpt<PAGES> (wal_autocheckpoint, then one checkpoint at
 * the end, counted) · cache<MB> (cache_size) · batch<N> (clippings a batch, 200 by default).
 *
 * Uses the base archive of import-marginal.ts (run it first with --base 100000).
 *
 *   node --import tsx tests/bench/import-writer-settings.ts [--files 1000] [--runs 3] base automerge16 automerge16+hashsize8388608 …
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/open.ts';
import { archiveFile } from './search-workload.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { files: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' } },
});
const N = Number(values.files);
const cache = path.join(os.tmpdir(), 'cuttings-import-marginal');
const baseFile = path.join(cache, path.basename(archiveFile(cache, 100_000)).replace(/^workload-g\d+-/, 'imported-'));
if (!existsSync(baseFile)) throw new Error(`run import-marginal.ts --base 100000 first (it builds ${baseFile})`);
const variants = positionals.length ? positionals : ['base', 'automerge16', 'automerge16+hashsize8388608'];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const WORDS = ['government', 'said', 'minister', 'market', 'police', 'climate', 'election', 'report', 'health', 'school', 'water', 'energy', 'court', 'price', 'war', 'football', 'music', 'city', 'bank', 'farm*'];

type Row = Record<string, number>;

function run(variant: string): Row {
  const opt = (name: string) => {
    const m = new RegExp(`(?:^|\\+)${name}(\\d+)`).exec(variant);
    return m ? Number(m[1]) : null;
  };
  const work = path.join(cache, `writer-settings-${process.pid}.db`);
  copyFileSync(baseFile, work);
  const db = openDatabase(work);
  try {
    for (const k of ['automerge', 'hashsize']) {
      const v = opt(k);
      if (v !== null) db.prepare(`INSERT INTO clipping_fts (clipping_fts, rank) VALUES (?, ?)`).run(k, BigInt(v));
    }
    const ckpt = opt('ckpt');
    if (ckpt !== null) db.pragma(`wal_autocheckpoint = ${ckpt}`);
    const cacheMb = opt('cache');
    if (cacheMb !== null) db.pragma(`cache_size = -${cacheMb * 1000}`);
    const B = opt('batch') ?? 200;
    const cols = db.prepare('SELECT * FROM clippings LIMIT 1').columns().map((c) => c.name).filter((c) => c !== 'id' && c !== 'uuid');
    const src = db.prepare(`SELECT ${cols.join(', ')} FROM clippings WHERE id > 50000 ORDER BY id LIMIT ${N}`).raw().all() as unknown[][];
    const hashAt = cols.indexOf('content_hash');
    let next = (db.prepare('SELECT max(id) + 1 AS m FROM clippings').get() as { m: number }).m;
    const insert = (n: number) =>
      db.prepare(`INSERT INTO clippings (id, ${cols.join(', ')}, uuid) VALUES ${Array.from({ length: n }, () => `(?, ${cols.map(() => '?').join(', ')}, lower(hex(randomblob(16))))`).join(', ')}`);
    const lsh = db.prepare(`INSERT INTO clipping_lsh (band, hash, clipping_id) VALUES ${Array.from({ length: 16 }, () => '(?, ?, ?)').join(', ')}`);
    const minhash = db.prepare(`INSERT INTO clipping_minhash (clipping_id, shingles, signature) VALUES (?, ?, ?)`);
    let seed = 20211208;
    const random32 = () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
    const t: Row = { insert: 0, lsh: 0, commit: 0, checkpoint: 0 };
    const t0 = cpu();
    const w0 = performance.now();
    for (let b = 0; b < N; b += B) {
      const rows = src.slice(b, b + B);
      db.exec('BEGIN IMMEDIATE');
      let s = cpu();
      insert(rows.length).run(rows.flatMap((r, k) => [next + k, ...r.map((v, c) => (c === hashAt ? `${String(v)}-again` : v))]));
      t.insert! += cpu() - s;
      s = cpu();
      for (let k = 0; k < rows.length; k++) {
        minhash.run(next + k, 100, Buffer.alloc(128));
        lsh.run(Array.from({ length: 16 }, (_, band) => [band, random32(), next + k]).flat());
      }
      t.lsh! += cpu() - s;
      s = cpu();
      db.exec('COMMIT');
      t.commit! += cpu() - s;
      next += rows.length;
    }
    if (ckpt !== null) {
      const s = cpu();
      db.pragma('wal_checkpoint(PASSIVE)');
      t.checkpoint! += cpu() - s;
    }
    const total = cpu() - t0;
    const wall = performance.now() - w0;
    const out: Row = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v / N]));
    out.total = total / N;
    out.wall = wall / N;
    out.segments = (db.prepare('SELECT count(DISTINCT rowid >> 37) AS n FROM clipping_fts_data WHERE rowid >= (1 << 37)').get() as { n: number }).n;
    const top = db.prepare('SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY rank LIMIT 50');
    const count = db.prepare('SELECT count(*) FROM clipping_fts WHERE clipping_fts MATCH ?');
    for (const w of WORDS) top.all(w);
    const passes: number[] = [];
    for (let p = 0; p < 5; p++) {
      const s = cpu();
      for (const w of WORDS) {
        top.all(w);
        count.get(w);
      }
      passes.push((cpu() - s) / WORDS.length);
    }
    out.search = passes.sort((a, b) => a - b)[2]!;
    return out;
  } finally {
    db.close();
    for (const f of [work, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true });
  }
}

const results = new Map<string, Row[]>(variants.map((v) => [v, []]));
const loads: string[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  for (const v of variants) {
    results.get(v)!.push(run(v));
    loads.push(os.loadavg()[0]!.toFixed(1));
    process.stderr.write(`  round ${r + 1} ${v} (load ${loads.at(-1)})\n`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cols = ['insert', 'lsh', 'commit', 'checkpoint', 'total', 'wall', 'segments', 'search'] as const;
process.stdout.write(
  [
    `# The writer's SQL at 100k clippings under other settings: ${N} clippings in batches`,
    '',
    `${new Date().toISOString()} · ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores) · Node ${process.version} · load at each run ${loads.join(', ')}`,
    '',
    'CPU ms per clipping (wall ms for `wall`), medians of the runs; `segments`: the body index after the runs; `search`: CPU ms per one-word search (top 50 and a count).',
    '',
    `| variant | ${cols.join(' | ')} |`,
    `| --- | ${cols.map(() => '--:').join(' | ')} |`,
    ...variants.map((v) => `| ${v} | ${cols.map((c) => (c === 'segments' ? String(median(results.get(v)!.map((x) => x[c]!))) : median(results.get(v)!.map((x) => x[c]!)).toFixed(3))).join(' | ')} |`),
    '',
  ].join('\n'),
);
