/**
 * What reading the clippings' text costs, before and after a change to how it is stored
 * (issue 14: the text compressed, migration 024): the code of another checkout on its
 * archive against this checkout's on its own, in the same process, runs alternating
 * (before, after, before…), medians.
 *
 * - instant build: the instant index built from every live clipping (`loadInstantRows` —
 *   which reads each text to extract its names — and `InstantIndex.build`), what a
 *   start or a rebuild does;
 * - reading the texts: `loadInstantRows` alone (the SQLite read of the rows, names extracted);
 * - get: `ClippingRepo.get` of 2,000 random clippings (what opening a clipping reads).
 *
 *   node --import tsx tests/bench/text-read-ab.ts --before-tree DIR --before-db FILE --after-db FILE [--runs 5]
 *
 * DIR: a checkout of the other version (`git archive main | tar -x -C DIR`, node_modules
 * linked); the two archives hold the same clippings (db-size.ts --keep from each version).
 * Both are opened read-only. Prints a markdown table; writes no file.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { percentile, round } from './stats.ts';

const median = (xs: readonly number[]) => percentile(xs, 50);

const { values } = parseArgs({
  options: {
    'before-tree': { type: 'string' },
    'before-db': { type: 'string' },
    'after-db': { type: 'string' },
    runs: { type: 'string', default: '5' },
  },
});
if (!values['before-tree'] || !values['before-db'] || !values['after-db']) throw new Error('--before-tree, --before-db and --after-db are needed');
const RUNS = Number(values.runs);
const HERE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

type Side = { name: string; db: { close(): void }; build(): number; read(): number; get(ids: number[]): void; ids: number[] };

async function side(name: string, tree: string, file: string): Promise<Side> {
  const open = (await import(path.join(tree, 'db/open.ts'))) as typeof import('../../db/open.ts');
  const sync = (await import(path.join(tree, 'db/instant/sync.ts'))) as typeof import('../../db/instant/sync.ts');
  const suggest = (await import(path.join(tree, 'db/instant/suggest.ts'))) as typeof import('../../db/instant/suggest.ts');
  const clippings = (await import(path.join(tree, 'db/clippings.ts'))) as typeof import('../../db/clippings.ts');
  const db = open.openDatabase(file, { readonly: true });
  const repo = new clippings.ClippingRepo(db);
  return {
    name,
    db,
    ids: repo.allIds(),
    build() {
      const index = new suggest.InstantIndex();
      index.build(sync.loadInstantRows(db));
      return index.stats().clippings;
    },
    read() {
      let n = 0;
      for (const r of sync.loadInstantRows(db)) n += r.names.length;
      return n;
    },
    get(ids) {
      for (const id of ids) if (!repo.get(id)) throw new Error(`no clipping ${id}`);
    },
  };
}

const before = await side('before', path.resolve(values['before-tree']), values['before-db']);
const after = await side('after', HERE, values['after-db']);
if (before.ids.length !== after.ids.length) throw new Error(`the archives differ: ${before.ids.length} and ${after.ids.length} live clippings`);
const picks = Array.from({ length: 2000 }, (_, i) => before.ids[(i * 7919) % before.ids.length]!);

const time = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
const kinds = ['instant build', 'read texts (loadInstantRows)', 'get ×2000'] as const;
const times: Record<string, Record<(typeof kinds)[number], number[]>> = {};
for (const s of [before, after]) times[s.name] = { 'instant build': [], 'read texts (loadInstantRows)': [], 'get ×2000': [] };
for (let r = 0; r < RUNS; r++) {
  for (const s of [before, after]) {
    times[s.name]!['instant build'].push(time(() => s.build()));
    times[s.name]!['read texts (loadInstantRows)'].push(time(() => s.read()));
    times[s.name]!['get ×2000'].push(time(() => s.get(picks)));
  }
}
before.db.close();
after.db.close();

console.log(`# Reading the clippings' text: before / after (${before.ids.length.toLocaleString('en')} clippings)\n`);
console.log(`${new Date().toISOString()} · Node ${process.version} · load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} · ${RUNS} runs alternating, medians (ms)\n`);
console.log('| | before | after | after/before |\n| --- | --: | --: | --: |');
for (const k of kinds) {
  const b = median(times.before![k]);
  const a = median(times.after![k]);
  console.log(`| ${k} | ${round(b, 1)} | ${round(a, 1)} | ${round(a / b, 2)} |`);
}
