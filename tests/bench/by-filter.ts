/**
 * What the `by:` filter (db/authors.ts) costs beside a tag filter, on the search workload's
 * archive made a team archive: a copy of it is given version rows as a team would leave
 * them — alice added 60% of the clippings, bob 30%, carol 10% (and every highlight), dave
 * last edited the titles of 0.5% — and each query runs plain, with `by:`, and with a
 * `tag:` of about the same share, in a rotating order, several times; medians of the
 * engine's `tookMs`.
 *
 *   node --import tsx tests/bench/by-filter.ts [--size 100000] [--from FILE] [--reps 7] [--cache DIR]
 *
 * `--from`: a workload archive to copy (an older schema is migrated on open), instead of
 * the cached one of the current schema (built when missing: minutes).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { ensureArchive, vocabulary } from './search-workload.ts';
import { percentile, round } from './stats.ts';
import { CORPUS_SEED, NOW } from './workload-rows.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!, process.argv[i + 1]!);
const size = Number(args.get('--size') ?? 100_000);
const reps = Number(args.get('--reps') ?? 7);
const cache = path.resolve(args.get('--cache') ?? path.join(os.tmpdir(), 'cuttings-workload'));
const load = () => os.loadavg().map((x) => round(x, 2)).join(' ');

const source = args.get('--from') ?? (await ensureArchive(cache, size));
const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-by-bench-'));
const file = path.join(dir, 'team.db');
copyFileSync(source, file);
const archive = new Archive(file, {}, () => NOW);
try {
  const loadStart = load();
  const R = (n: number) => `00000000-0000-7000-8000-00000000000${n}`;
  const db = archive.db;
  db.transaction(() => {
    db.prepare(`UPDATE sync_state SET joined = 1, replica = ?, user_name = 'alice', server = 'http://team.bench/', role = 'editor' WHERE id = 1`).run(R(1));
    const people = ['alice', 'bob', 'carol', 'dave'];
    for (const [i, name] of people.entries()) db.prepare(`INSERT INTO sync_replicas (replica, user_name, folded) VALUES (?, ?, ?)`).run(R(i + 1), name, name);
    db.prepare(`INSERT INTO sync_versions (object, grp, hlc, replica) SELECT uuid, '*', 1, CASE WHEN id % 10 < 6 THEN ? WHEN id % 10 < 9 THEN ? ELSE ? END FROM clippings`).run(R(1), R(2), R(3));
    db.prepare(`INSERT INTO sync_versions (object, grp, hlc, replica) SELECT uuid, 'title', 2, ? FROM clippings WHERE id % 200 = 0`).run(R(4));
    db.prepare(`INSERT INTO sync_versions (object, grp, hlc, replica) SELECT uuid, '*', 1, ? FROM annotations`).run(R(3));
  })();
  const v = vocabulary(archive, new Corpus(CORPUS_SEED), size);
  const count = (q: string) => archive.call('search.query', { query: q, limit: 20 }).then((r) => `${r.total}${r.totalExact ? '' : '+'}`);
  // A tag of about bob's share, and one of about dave's, for comparison.
  const tagged = db.prepare(`SELECT count(*) AS n FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?`);
  const tagShares = v.tags.map((t) => ({ t, n: (tagged.get(t) as { n: number }).n }));
  const near = (share: number) => tagShares.reduce((best, x) => (Math.abs(x.n - share * size) < Math.abs(best.n - share * size) ? x : best)).t;
  const wide = near(0.3);
  const narrow = near(0.005);
  const words = [v.words[0]!, v.words[50]!, v.words[500]!, v.rare[0]!];
  const sets: Array<{ label: string; queries: string[] }> = [
    { label: 'filter alone', queries: ['', ''] },
    ...words.map((w) => ({ label: w, queries: [w, w] })),
  ];
  console.log(`${size.toLocaleString('en-US')} clippings · ${reps} runs each · tags "${wide}" (${tagShares.find((x) => x.t === wide)!.n}) and "${narrow}" (${tagShares.find((x) => x.t === narrow)!.n}) · load at start ${loadStart}`);
  console.log(`by:bob finds ${await count('by:bob')}, by:dave ${await count('by:dave')}, by:carol ${await count('by:carol')}`);
  console.log('\nmedian tookMs: words | plain | by:bob | tag (wide) | by:dave | tag (narrow) | -by:bob | -tag (wide)');
  let turn = 0;
  for (const s of sets) {
    const w = s.queries[0]!;
    const variants = [w || '', `${w} by:bob`, `${w} tag:"${wide}"`, `${w} by:dave`, `${w} tag:"${narrow}"`, `${w} -by:bob`, `${w} -tag:"${wide}"`].map((q) => q.trim());
    const took = variants.map(() => [] as number[]);
    for (let r = 0; r < reps; r++) {
      const order = variants.map((_, i) => i);
      if (turn++ % 2) order.reverse();
      for (const i of order) {
        if (!variants[i]) continue;
        took[i]!.push((await archive.call('search.query', { query: variants[i]!, limit: 20 })).tookMs);
      }
    }
    console.log(`  ${s.label.padEnd(14)} ${took.map((t) => (t.length ? round(percentile(t, 50), 1) : '-')).join(' | ')}`);
  }
  console.log(`load at end ${load()}`);
} finally {
  archive.close();
  rmSync(dir, { recursive: true, force: true });
}
