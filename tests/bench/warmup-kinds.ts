/**
 * What each kind of ranking list costs the background warm-up (issue 13; the whole warm-up
 * is tests/bench/rank-warmup.ts): the first N of the warm-up's plan (`SearchRepo.broadWords`,
 * broadest first) of each kind — words, prefixes of one to three letters, two-word phrases —
 * read by `warmBroadWords` as the app's warm-up reads them, and the CPU time per list.
 * The archive must be a copy with its lists deleted (lists in date are passed over), e.g.
 * `cp <workload archive> /tmp/w.db && sqlite3 /tmp/w.db 'DELETE FROM rank_lists'`: it is written.
 *
 *   node --import tsx tests/bench/warmup-kinds.ts FILE [N=150]
 */
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: warmup-kinds.ts FILE [N]');
const n = Number(process.argv[3] ?? 150);
const archive = new Archive(file);
const search = new SearchRepo(archive.db);
const plan = search.broadWords();
const isPrefix = (w: string) => w.endsWith('*');
const isPair = (w: string) => w.includes(' ');
const kinds = [
  ['words', plan.filter((w) => !isPrefix(w) && !isPair(w))],
  ['prefixes', plan.filter(isPrefix)],
  ['two-word phrases', plan.filter(isPair)],
] as const;
console.log(`The warm-up's plan: ${plan.length} lists (${kinds.map(([k, l]) => `${l.length} ${k}`).join(', ')}); the first ${n} of each read:\n`);
console.log('| kind | in the plan | read | CPU s | CPU ms a list | first three |\n| --- | --: | --: | --: | --: | --- |');
for (const [kind, all] of kinds) {
  const set = all.slice(0, n);
  const t = process.cpuUsage();
  const { lists } = search.warmBroadWords(set);
  const u = process.cpuUsage(t);
  const ms = (u.user + u.system) / 1000;
  console.log(`| ${kind} | ${all.length} | ${lists} | ${(ms / 1000).toFixed(2)} | ${(ms / Math.max(1, set.length)).toFixed(1)} | ${set.slice(0, 3).map((w) => `\`${w}\``).join(' ')} |`);
}
archive.close();
