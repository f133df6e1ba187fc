/**
 * Whether another checkout's import stores exactly what this one does: the same inbox of
 * text captures (the bulk-import corpus, with copies of some files under other names, the
 * same texts retyped with other whitespace and quotes, shortened ones, and a tag) imported through
 * `clippings.import` by each tree into a fresh archive, with the same clock, then every
 * row compared: clippings (all columns but the random sync identity), captures (stored
 * bytes, encoding, base), images, tags, MinHash signatures and LSH bands, and each file's
 * result (added / duplicate of which clipping).
 *
 *   node --import tsx tests/bench/import-same.ts --tree /tmp/old [--files 2000] [--seed 20211208]
 * Prints what differs (and exits 1), or that nothing does.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Corpus } from './corpus.ts';

const { values } = parseArgs({
  options: {
    tree: { type: 'string' },
    files: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20211208' },
    child: { type: 'string' },
    inbox: { type: 'string' },
    out: { type: 'string' },
  },
});
const NOW = new Date('2026-01-02T03:04:05.000Z');

if (values.child !== undefined) {
  const { Archive } = (await import(path.join(values.child, 'electron/core/archive.ts'))) as typeof import('../../electron/core/archive.ts');
  const a = new Archive(values.out!, {}, () => NOW);
  const report = await a.call('clippings.import', { paths: [values.inbox!], tags: ['same-check'] });
  a.db.pragma('wal_checkpoint(TRUNCATE)');
  a.close();
  const files = report.results.map((r) => [path.basename(r.file), r.status, r.id, r.duplicateOf ?? null]);
  process.stdout.write(JSON.stringify(files));
  process.exit(0);
}

if (!values.tree) throw new Error('--tree DIR: the checkout to compare with');
const FILES = Number(values.files);
const work = mkdtempSync(path.join(os.tmpdir(), 'cuttings-import-same-'));
const inbox = path.join(work, 'inbox');
mkdirSync(inbox);
const corpus = new Corpus(Number(values.seed));
for (let i = 0; i < FILES; i++) {
  const text = corpus.clipping(i).text;
  writeFileSync(path.join(inbox, `clipping-${String(i).padStart(6, '0')}.txt`), text);
  // Every 50th: the same bytes again (a duplicate by hash), and the same text retyped (a duplicate by text).
  if (i % 50 === 7) writeFileSync(path.join(inbox, `copy-${i}.txt`), text);
  if (i % 50 === 21) writeFileSync(path.join(inbox, `retyped-${i}.txt`), text.replace(/ /g, '  ').replace(/'/g, '’'));
  // …and the same story without its last paragraph (a near-duplicate: the same cluster).
  if (i % 50 === 33) writeFileSync(path.join(inbox, `shortened-${i}.txt`), text.split('\n\n').slice(0, -1).join('\n\n'));
}

const trees = [path.resolve(values.tree), path.resolve(fileURLToPath(new URL('../..', import.meta.url)))];
const runs = trees.map((tree, k) => {
  const out = path.join(work, `archive-${k}.db`);
  const results = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', tree, '--inbox', inbox, '--out', out], { cwd: tree, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 2 ** 20 }),
  ) as unknown[];
  return { tree, out, results };
});

const TABLES: [string, string][] = [
  ['clippings', `SELECT * FROM clippings ORDER BY id`],
  ['captures', `SELECT * FROM captures ORDER BY id`],
  ['capture_resources', `SELECT * FROM capture_resources ORDER BY id`],
  ['tags', `SELECT ct.clipping_id, t.name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id ORDER BY 1, 2`],
  ['clipping_minhash', `SELECT * FROM clipping_minhash ORDER BY clipping_id`],
  // Every LSH row wherever it is: from migration 025 a clipping's bands are in clipping_lsh or
  // clipping_lsh_recent (the same meaning: the lookups read both).
  ['clipping_lsh', `SELECT band, hash, clipping_id FROM clipping_lsh UNION ALL SELECT band, hash, clipping_id FROM clipping_lsh_recent ORDER BY clipping_id, band`],
  // What the search indexes hold: every (term, clipping, column, position) of the body's
  // full-text index and of the CJK side index, read through fts5vocab.
  ['clipping_fts terms', `SELECT term, doc, col, offset FROM temp.fts_terms ORDER BY doc, col, offset, term`],
  ['clipping_cjk terms', `SELECT term, doc, offset FROM temp.cjk_terms ORDER BY doc, offset, term`],
];
const VOCABS = `CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, 'clipping_fts', 'instance');
CREATE VIRTUAL TABLE temp.cjk_terms USING fts5vocab(main, 'clipping_cjk', 'instance');`;
const rows = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true });
  try {
    db.exec(VOCABS);
    const recent = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'clipping_lsh_recent'`).get() !== undefined;
    return db.prepare(recent ? sql : sql.replace(/ UNION ALL SELECT band, hash, clipping_id FROM clipping_lsh_recent/, '')).all().map((r) => {
      const o = { ...(r as Record<string, unknown>) };
      delete o.uuid; // random (UUIDv7)
      return JSON.stringify(o, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('hex') : v));
    });
  } finally {
    db.close();
  }
};
const differences: string[] = [];
const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
if (JSON.stringify(a.results) !== JSON.stringify(b.results)) differences.push('the files\' results (status, id, duplicate of) differ');
const counts: string[] = [];
for (const [name, sql] of TABLES) {
  const x = rows(a.out, sql);
  const y = rows(b.out, sql);
  counts.push(`${name} ${x.length}`);
  if (name === 'clippings') counts.push(`in clusters ${x.filter((r) => !r.includes('"cluster_id":null')).length}`);
  if (x.length !== y.length) differences.push(`${name}: ${x.length} rows vs ${y.length}`);
  const first = x.findIndex((r, i) => r !== y[i]);
  if (first >= 0) differences.push(`${name}: row ${first} differs:\n  ${x[first]!.slice(0, 400)}\n  ${(y[first] ?? '').slice(0, 400)}`);
}
const statuses = (a.results as [string, string][]).reduce<Record<string, number>>((m, [, s]) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
console.log(`inbox: ${FILES} captures + copies and retyped texts; results ${JSON.stringify(statuses)}; rows: ${counts.join(', ')}`);
console.log(`${trees[0]} vs ${trees[1]}: ${differences.length === 0 ? 'the same' : `DIFFERENT\n${differences.join('\n')}`}`);
rmSync(work, { recursive: true, force: true });
process.exit(differences.length === 0 ? 0 : 1);
