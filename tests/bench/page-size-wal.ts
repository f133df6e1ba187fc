/**
 * What the archive's layout costs the writes: the same archive in the layout made before
 * (4 KB pages, no auto-vacuum), with 8 KB pages alone, and in a new archive's (8 KB pages,
 * incremental auto-vacuum: db/open.ts; its imports give their free pages back) — three
 * VACUUMed copies of `--db`, e.g. the 10k archive `db-size.ts --keep FILE` leaves — the
 * same everyday writes through `Archive.call` on each — a tag, a note, a star, a
 * highlight, a metadata edit, a clipping to the trash, an import of 1 and of 100 new text
 * files — the archives taking turns, and for each write the bytes it appended
 * to the write-ahead log (the log is emptied before each; no automatic checkpoint) and its
 * time. Medians over `--runs`; the time only compared within the run.
 *
 *   node --import tsx tests/bench/page-size-wal.ts --db FILE [--runs 7] [--out FILE.md]
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { percentile, round } from './stats.ts';

const median = (v: readonly number[]) => percentile(v, 50);

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : null);
const SOURCE = arg('db');
const RUNS = Number(arg('runs') ?? 7);
const OUT = arg('out');
if (!SOURCE) throw new Error('--db FILE is required (an archive, e.g. kept by db-size.ts --keep)');

const LAYOUTS = [
  { name: '4 KB pages', pageSize: 4096, autoVacuum: 'NONE' },
  { name: '8 KB pages', pageSize: 8192, autoVacuum: 'NONE' },
  { name: '8 KB pages, incremental auto-vacuum', pageSize: 8192, autoVacuum: 'INCREMENTAL' },
] as const;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-page-wal-'));
const corpus = new Corpus(20211208);
let fresh = 1_000_000; // corpus clippings never imported before

type Op = { name: string; run: (a: Archive, id: number, n: number) => Promise<unknown> };
const importFiles = async (a: Archive, count: number) => {
  const inbox = path.join(dir, `inbox-${fresh}`);
  mkdirSync(inbox);
  for (let i = 0; i < count; i++) writeFileSync(path.join(inbox, `c-${fresh + i}.txt`), corpus.clipping(fresh + i).text);
  fresh += count;
  return a.call('clippings.import', { paths: [inbox] });
};
const OPS: Op[] = [
  { name: 'tag a clipping', run: (a, id, n) => a.call('tags.add', { id, tags: [`wal-${n}`] }) },
  { name: 'note', run: (a, id, n) => a.call('clippings.setNote', { id, note: `note ${n} on the harbour wall` }) },
  { name: 'star', run: (a, id) => a.call('clippings.setFlags', { selection: { ids: [id] }, starred: true }) },
  { name: 'highlight', run: (a, id) => a.call('annotations.create', { id, start: 0, end: 24 }) },
  { name: 'metadata edit', run: (a, id, n) => a.call('clippings.update', { selection: { ids: [id] }, outlet: `Outlet ${n}` }) },
  { name: 'to the trash', run: (a, id) => a.call('clippings.delete', { selection: { ids: [id] } }) },
  { name: 'import 1 file', run: (a) => importFiles(a, 1) },
  { name: 'import 100 files', run: (a) => importFiles(a, 100) },
];

try {
  const files = LAYOUTS.map((l) => {
    const file = path.join(dir, `a-${l.pageSize}-${l.autoVacuum}.db`);
    copyFileSync(SOURCE, file);
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.pragma(`page_size = ${l.pageSize}`);
    db.pragma(`auto_vacuum = ${l.autoVacuum}`);
    db.exec('VACUUM');
    db.pragma('journal_mode = WAL');
    db.close();
    return file;
  });
  const sizes = files.map((f) => statSync(f).size);
  const archives = files.map((f) => {
    const a = new Archive(f);
    a.db.pragma('wal_autocheckpoint = 0');
    return a;
  });
  const ids = (archives[0]!.db.prepare('SELECT id FROM clippings ORDER BY id').pluck().all() as number[]).slice(0, RUNS * 2);
  const clippings = archives[0]!.db.prepare('SELECT count(*) FROM clippings').pluck().get() as number;
  const bytes = OPS.map(() => LAYOUTS.map(() => [] as number[]));
  const ms = OPS.map(() => LAYOUTS.map(() => [] as number[]));
  for (let r = 0; r < RUNS; r++) {
    for (const [o, op] of OPS.entries()) {
      const order = LAYOUTS.map((_, s) => (s + r + o) % LAYOUTS.length); // each layout first in turn
      for (const s of order) {
        const a = archives[s]!;
        a.db.pragma('wal_checkpoint(TRUNCATE)');
        const t0 = performance.now();
        await op.run(a, ids[r]!, r);
        ms[o]![s]!.push(performance.now() - t0);
        bytes[o]![s]!.push(statSync(`${files[s]}-wal`).size);
      }
    }
  }
  for (const a of archives) a.close();

  const load = os.loadavg().map((x) => round(x, 2)).join(' ');
  const md = [
    `# The archive's layout and the write-ahead log: 4 KB pages, 8 KB pages, 8 KB pages and incremental auto-vacuum`,
    '',
    `${new Date().toISOString()} · Node ${process.version} · load ${load} · \`node --import tsx tests/bench/page-size-wal.ts --db ARCHIVE --runs ${RUNS}\``,
    '',
    `The archive (${clippings.toLocaleString('en')} clippings) VACUUMed at each page size: ${LAYOUTS.map((l, i) => `${l.name} ${(sizes[i]! / clippings / 1024).toFixed(2)} KB per clipping`).join(', ')}.`,
    `Bytes appended to the write-ahead log by one write (frames of 24 bytes + a page, and the log's 32-byte header) and its time, medians of ${RUNS}, the archives taking turns (an import with incremental auto-vacuum includes giving its free pages back: db/space.ts).`,
    '',
    `| write | ${LAYOUTS.map((l) => `WAL KB, ${l.name}`).join(' | ')} | ${LAYOUTS.map((l) => `ms, ${l.name}`).join(' | ')} |`,
    `| --- | ${LAYOUTS.map(() => '--: | --:').join(' | ')} |`,
    ...OPS.map((op, o) => {
      const b = LAYOUTS.map((_, s) => median(bytes[o]![s]!));
      const t = LAYOUTS.map((_, s) => median(ms[o]![s]!));
      return `| ${op.name} | ${b.map((x) => (x / 1024).toFixed(1)).join(' | ')} | ${t.map((x) => x.toFixed(1)).join(' | ')} |`;
    }),
    '',
  ].join('\n');
  if (OUT) writeFileSync(OUT, md);
  process.stdout.write(md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
