/**
 * The share of the body index's insert CPU that its 2- and 3-letter prefix indexes take
 * (migration 002's `prefix = '2 3'`, which db/query/topk-prefix.ts and the prefix_* search
 * classes read): the same bulk-import texts written, in batches of 200, into fresh FTS5 tables
 * with the body index's tokenizer, with and without the prefixes, alternated. A fresh table,
 * not a 100k index: it gives the tokenizing and term writing, not the merges of a large index.
 *
 *   node --import tsx tests/bench/fts-prefix-share.ts [--docs 2000] [--runs 5]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Corpus } from './corpus.ts';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '2000' }, runs: { type: 'string', default: '5' } } });
const corpus = new Corpus(20211208);
const docs = Array.from({ length: Number(values.docs) }, (_, i) => {
  const c = corpus.clipping(100_000 + i);
  return { title: c.title, body: c.paragraphs.join('\n\n') };
});
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const variants: [string, string][] = [
  ["prefix = '2 3'", `, prefix = '2 3'`],
  ['no prefix index', ''],
];
const runs = new Map<string, number[]>(variants.map(([n]) => [n, []]));
for (let r = 0; r < Number(values.runs); r++) {
  for (const [name, option] of variants) {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE f USING fts5(body, title, byline, outlet, tokenize = 'porter unicode61 remove_diacritics 2'${option})`);
    const insert = db.prepare('INSERT INTO f (rowid, body, title) VALUES (?, ?, ?)');
    const t = cpuMs();
    for (let b = 0; b < docs.length; b += 200) {
      db.transaction(() => {
        for (let i = b; i < Math.min(b + 200, docs.length); i++) insert.run(i + 1, docs[i]!.body, docs[i]!.title);
      })();
    }
    runs.get(name)!.push((cpuMs() - t) / docs.length);
    db.close();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${new Date().toISOString()} · ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores) · Node ${process.version} · load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('');
console.log('| body index | CPU ms per clipping (median) |');
console.log('| --- | --: |');
for (const [name] of variants) console.log(`| ${name} | ${median(runs.get(name)!).toFixed(3)} |`);
