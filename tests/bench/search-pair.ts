/**
 * Two versions of the search engine side by side in one process (issue 13): the baseline's
 * SearchRepo (another worktree: `BASE`) and this one's, each on its own connection to the
 * cached workload archive, every query of the workload's classes run by both in turn (the
 * order alternating), so machine load weighs on both alike. Reports per class p50/p95/p99/max
 * of each and the median per-query ratio, the slowest queries, and any query whose page
 * (ids, order, scores) or total differs.
 *
 *   BASE=/tmp/base-worktree SEED=7373 PER=50 CLASSES=and_2,and_3,or,negation \
 *     node --import tsx tests/bench/search-pair.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const NEW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE = process.env.BASE;
if (!BASE) throw new Error('BASE: the baseline worktree');
const { openDatabase } = await import(`${NEW}/db/open.ts`);
const { SearchRepo: NewRepo } = await import(`${NEW}/db/search.ts`);
const { SearchRepo: BaseRepo } = await import(`${BASE}/db/search.ts`);
const { Archive } = await import(`${NEW}/electron/core/archive.ts`);
const { Corpus } = await import(`${NEW}/tests/bench/corpus.ts`);
const { CORPUS_SEED, NOW } = await import(`${NEW}/tests/bench/workload-rows.ts`);
const { vocabulary, generate } = await import(`${NEW}/tests/bench/search-workload.ts`);
const { archiveFile } = await import(`${NEW}/tests/bench/search-workload.ts`);
const file = archiveFile(process.env.CACHE ?? '/tmp/cuttings-workload', 100000);
const classes = (process.env.CLASSES ?? 'and_2,and_3,or,negation').split(',');
const seed = Number(process.env.SEED ?? 5151);
const per = Number(process.env.PER ?? 50);
const archive = new Archive(file, {}, () => NOW);
const v = vocabulary(archive, new Corpus(CORPUS_SEED), 100000);
archive.close();
const dbA = openDatabase(file), dbB = openDatabase(file);
const repos = { base: new BaseRepo(dbA), new: new NewRepo(dbB) };
const now = new Date(NOW);
for (const q of generate(v, 999, 3, classes)) for (const r of Object.values(repos)) r.query(q.query, { limit: 20, offset: 0, now });
const qs = generate(v, seed, per, classes);
const rows: any[] = [];
let diff = 0;
for (const [i, q] of qs.entries()) {
  const order = i % 2 ? ['base', 'new'] : ['new', 'base'];
  const t: any = {}, out: any = {};
  for (const k of order) {
    const t0 = performance.now();
    out[k] = (repos as any)[k].query(q.query, { limit: 20, offset: 0, now });
    t[k] = performance.now() - t0;
  }
  const same = JSON.stringify(out.base.ranked) === JSON.stringify(out.new.ranked) && out.base.total === out.new.total;
  if (!same) { diff++; console.log('DIFF', q.query, JSON.stringify(out.base.ranked.slice(0, 3)), JSON.stringify(out.new.ranked.slice(0, 3))); }
  rows.push({ cls: q.cls, q: q.query, base: t.base, new: t.new, total: out.new.total });
}
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!; };
const f = (x: number) => x.toFixed(1);
console.log(`seed ${seed}, ${per} per class; results differing: ${diff}; load ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| class | base p50 | new p50 | base p95 | new p95 | base p99 | new p99 | base max | new max | median ratio new/base |');
console.log('| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
for (const cls of classes) {
  const rs = rows.filter((r) => r.cls === cls);
  const b = rs.map((r) => r.base), n = rs.map((r) => r.new);
  const ratio = pct(rs.map((r) => r.new / r.base), 50);
  console.log(`| ${cls} | ${f(pct(b, 50))} | ${f(pct(n, 50))} | ${f(pct(b, 95))} | ${f(pct(n, 95))} | ${f(pct(b, 99))} | ${f(pct(n, 99))} | ${f(pct(b, 100))} | ${f(pct(n, 100))} | ${ratio.toFixed(2)} |`);
}
for (const cls of classes) {
  console.log(`slowest ${cls} (new): ` + rows.filter((r) => r.cls === cls).sort((a, b) => b.new - a.new).slice(0, 5).map((r) => `\`${r.q}\` ${f(r.new)} (base ${f(r.base)}, ${r.total} hits)`).join('; '));
}
