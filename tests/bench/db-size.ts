/**
 * Where the archive's bytes go: N synthetic plain-text captures (tests/bench/corpus.ts,
 * the same files as tests/bench/bulk-import.ts) imported through the real
 * `clippings.import` path, then the file after a checkpoint, each table's and index's
 * pages (`dbstat`), and the bytes of the largest columns of `clippings` and `captures`
 * (sum of `length()`), per clipping. `--before FILE` measures beside it an archive of the
 * same files made by another version (kept by that version's `--keep`), for a before/after.
 *
 *   node --import tsx tests/bench/db-size.ts [--files 10000] [--keep FILE] [--before FILE]
 * Results: tests/bench/results/db-size-<N>.json and .md (--keep leaves the archive at FILE)
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus, writeTextInbox } from './corpus.ts';
import { round } from './stats.ts';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : null);
const FILES = Number(arg('files') ?? 10_000);
const KEEP = arg('keep');
const BEFORE = arg('before');
const SEED = 20211208;

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-size-'));
try {
  const inbox = path.join(dir, 'inbox');
  const textBytes = writeTextInbox(new Corpus(SEED), inbox, FILES);
  const file = path.join(dir, 'size.db');
  const archive = new Archive(file);
  const t0 = performance.now();
  const rep = await archive.call('clippings.import', { paths: [inbox] });
  const importSeconds = round((performance.now() - t0) / 1000, 1);
  archive.db.pragma('wal_checkpoint(TRUNCATE)');
  archive.close();
  const after = measure(file);
  const before = BEFORE ? measure(BEFORE) : null;
  if (KEEP) copyFileSync(file, KEEP);

  const result = {
    generatedAt: new Date().toISOString(),
    command: `node --import tsx tests/bench/db-size.ts --files ${FILES}`,
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg().map((x) => round(x, 2)) },
    files: FILES,
    added: rep.added,
    importSeconds,
    textBytesPerClipping: round(textBytes / FILES, 0),
    after,
    before,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `db-size-${FILES}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const kb = (n: number) => (n / 1024).toFixed(2);
  const names = [...new Set([...after.objects, ...(before?.objects ?? [])].filter((o) => o.bytes >= 0.002 * after.fileBytes).map((o) => o.name))];
  const object = (m: Measure | null, name: string) => m?.objects.find((o) => o.name === name);
  const md = [
    `# Database size: ${FILES.toLocaleString('en')} text captures`,
    '',
    `${result.generatedAt} · Node ${result.machine.node} · load ${result.machine.loadAverage.join(' ')} · \`${result.command}\`${BEFORE ? ` --before ARCHIVE` : ''}`,
    '',
    `**${kb(after.bytesPerClipping)} KB per clipping**${before ? ` (before: ${kb(before.bytesPerClipping)} KB)` : ''}; ${kb(result.textBytesPerClipping)} KB of capture text per clipping; ${rep.added} added in ${importSeconds} s. Page size ${after.pageSize}, ${after.freePages} free pages.`,
    '',
    `| object | KB per clipping${before ? ' | before' : ''} | payload KB | unused KB |`,
    `| --- | --:${before ? ' | --:' : ''} | --: | --: |`,
    ...names.map((n) => {
      const a = object(after, n);
      const b = object(before, n);
      return `| ${n} | ${a ? kb(a.bytes / FILES) : '—'}${before ? ` | ${b ? kb(b.bytes / FILES) : '—'}` : ''} | ${a ? kb(a.payload / FILES) : '—'} | ${a ? kb(a.unused / FILES) : '—'} |`;
    }),
    '',
    'Column bytes per clipping (sum of `length()`):',
    '',
    ...([['', after], ['before: ', before]] as const).flatMap(([label, m]) =>
      m ? Object.entries(m.columns).map(([t, cs]) => `- ${label}${t}: ${Object.entries(cs).map(([c, b]) => `${c} ${b}`).join(', ')}`) : [],
    ),
    '',
  ].join('\n');
  writeFileSync(path.join(out, `db-size-${FILES}.md`), md);
  process.stdout.write(md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

interface Measure {
  fileBytes: number;
  bytesPerClipping: number;
  pageSize: number;
  freePages: number;
  objects: { name: string; bytes: number; payload: number; unused: number }[];
  columns: Record<string, Record<string, number>>;
}

/** The archive's size, its objects' pages (dbstat) and its largest columns' bytes, per clipping. */
function measure(file: string): Measure {
  const db = new Database(file, { readonly: true });
  try {
    const objects = db
      .prepare(`SELECT name, sum(pgsize) AS bytes, sum(payload) AS payload, sum(unused) AS unused FROM dbstat GROUP BY name ORDER BY bytes DESC`)
      .all() as Measure['objects'];
    const cols = (table: string, names: readonly string[]) => {
      const have = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
      const row = db.prepare(`SELECT ${names.filter((c) => have.has(c)).map((c) => `coalesce(sum(length(CAST(${c} AS BLOB))), 0) AS ${c}`).join(', ')} FROM ${table}`).get() as Record<string, number>;
      return Object.fromEntries(Object.entries(row).map(([c, b]) => [c, round(b / FILES, 0)]));
    };
    const fileBytes = statSync(file).size;
    return {
      fileBytes,
      bytesPerClipping: round(fileBytes / FILES, 0),
      pageSize: db.pragma('page_size', { simple: true }) as number,
      freePages: db.pragma('freelist_count', { simple: true }) as number,
      objects,
      columns: {
        clippings: cols('clippings', ['text', 'text_z', 'html', 'excerpt', 'figures', 'title', 'note', 'uuid', 'content_hash', 'sort_key', 'edited_fields']),
        captures: cols('captures', ['bytes', 'sha256', 'source_path']),
        clipping_minhash: cols('clipping_minhash', ['signature']),
      },
    };
  } finally {
    db.close();
  }
}
