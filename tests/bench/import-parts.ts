/**
 * Where an import's CPU goes, part by part, for this checkout and others (run alternately):
 *
 * 1. extraction: one text capture's `extractCapture`, its fingerprints (`textFingerprints`)
 *    and, where the tree has it, how its bytes are stored (`packCapture`), on one thread —
 *    what a capture worker does per file;
 * 2. the writer: `clippings.import` of the same files into a copy of the base archive with
 *    every extraction answered from memory, so that only the writing thread works — its
 *    CPU per clipping, and per SQL statement (better-sqlite3's run/get/all and each batch
 *    transaction with its commit, timed by process CPU).
 *
 * CPU time (process.cpuUsage) rather than the wall clock: the other processes of a loaded
 * machine disturb it less. Uses the base archive and inbox of import-marginal.ts (run it
 * first with the same --base and --files).
 *
 *   node --import tsx tests/bench/import-parts.ts [--base 100000] [--files 1000] [--runs 3] [--tree DIR]… [--base-db F]
 *
 * --base-db F  an existing archive of BASE clippings (copied for each run, never written) instead of
 *              import-marginal.ts's cached one (e.g. one already upgraded to the current schema).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { archiveFile } from './search-workload.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: '100000' },
    files: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    tree: { type: 'string', multiple: true, default: [] },
    seed: { type: 'string', default: '20211208' },
    'base-db': { type: 'string' },
    child: { type: 'string' },
  },
});
const BASE = Number(values.base);
const FILES = Number(values.files);
const cache = path.join(os.tmpdir(), 'cuttings-import-marginal');
const inbox = path.join(cache, `inbox-${values.seed}-${BASE}-${BASE + FILES}`);
const baseFile = values['base-db'] ?? path.join(cache, path.basename(archiveFile(cache, BASE)).replace(/^workload-g\d+-/, 'imported-'));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Parts {
  extractMs: number;
  fingerprintMs: number;
  packMs: number;
  writerMs: number;
  statements: Record<string, number>;
}

if (values.child !== undefined) {
  const tree = values.child;
  const { Archive } = (await import(path.join(tree, 'electron/core/archive.ts'))) as typeof import('../../electron/core/archive.ts');
  const { Core } = (await import(path.join(tree, 'electron/core/context.ts'))) as typeof import('../../electron/core/context.ts');
  const { extractCapture } = (await import(path.join(tree, 'electron/core/capture/index.ts'))) as typeof import('../../electron/core/capture/index.ts');
  const { textFingerprints } = (await import(path.join(tree, 'electron/core/capture/minhash.ts'))) as typeof import('../../electron/core/capture/minhash.ts');
  const captures = (await import(path.join(tree, 'db/captures.ts'))) as Partial<typeof import('../../db/captures.ts')>;
  const names = readdirSync(inbox).sort();
  const bytes = names.map((n) => readFileSync(path.join(inbox, n)));
  // 1. Extraction, after one warm-up pass.
  const extracted: Awaited<ReturnType<typeof extractCapture>>[] = [];
  for (const [k, b] of bytes.entries()) extracted.push(await extractCapture({ bytes: b, name: names[k]!, mediaType: null, sourceUrl: null }));
  let t = cpuMs();
  for (const [k, b] of bytes.entries()) await extractCapture({ bytes: b, name: names[k]!, mediaType: null, sourceUrl: null });
  const extractMs = (cpuMs() - t) / FILES;
  const texts = extracted.map((p) => p.extracted.paragraphs.join('\n\n'));
  t = cpuMs();
  const fingerprints = texts.map((x) => textFingerprints(x));
  const fingerprintMs = (cpuMs() - t) / FILES;
  t = cpuMs();
  const packings = captures.packCapture ? bytes.map((b, k) => captures.packCapture!(b, texts[k]!)) : [];
  const packMs = (cpuMs() - t) / FILES;
  // 2. The writer, every extraction answered from memory.
  const ready = new Map(names.map((n, k) => [n, { prepared: extracted[k]!, bytes: bytes[k]!, fingerprints: fingerprints[k]!, ...(packings[k] ? { packing: packings[k] } : {}) }]));
  (Core.prototype as unknown as { extract: (src: { name: string }) => Promise<unknown> }).extract = (src) => Promise.resolve(ready.get(src.name));
  const statements: Record<string, number> = {};
  const timed = (key: string, t0: number) => (statements[key] = (statements[key] ?? 0) + cpuMs() - t0);
  const work = path.join(cache, `parts-${process.pid}.db`);
  copyFileSync(baseFile, work);
  const archive = new Archive(work);
  const db = archive.db as unknown as { prepare: (sql: string) => Record<string, (...a: unknown[]) => unknown>; transaction: (fn: unknown) => unknown };
  let measuring = false;
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    const st = prepare(sql);
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 80);
    for (const m of ['run', 'get', 'all']) {
      const f = st[m]!.bind(st);
      st[m] = (...a: unknown[]) => {
        const t0 = cpuMs();
        try {
          return f(...a);
        } finally {
          if (measuring) timed(key, t0);
        }
      };
    }
    return st;
  };
  const transaction = db.transaction.bind(db) as (fn: unknown) => ((...a: unknown[]) => unknown) & Record<string, (...a: unknown[]) => unknown>;
  db.transaction = (fn: unknown) => {
    const tx = transaction(fn);
    const wrap = (variant: (...a: unknown[]) => unknown) => (...a: unknown[]) => {
      const t0 = cpuMs();
      try {
        return variant(...a);
      } finally {
        if (measuring) timed('(each batch: its transaction and commit, statements included)', t0);
      }
    };
    return Object.assign(wrap(tx), { immediate: wrap(tx.immediate!), deferred: wrap(tx.deferred!), exclusive: wrap(tx.exclusive!) });
  };
  try {
    measuring = true;
    t = cpuMs();
    const report = await archive.call('clippings.import', { paths: [inbox] });
    const writerMs = (cpuMs() - t) / FILES;
    measuring = false;
    if (report.added !== FILES) throw new Error(`${tree}: added ${report.added} of ${FILES}`);
    for (const k of Object.keys(statements)) statements[k]! /= FILES;
    const out: Parts = { extractMs, fingerprintMs, packMs, writerMs, statements };
    process.stdout.write(JSON.stringify(out));
  } finally {
    archive.close();
    for (const f of [work, `${work}-wal`, `${work}-shm`, `${work}.instant`]) rmSync(f, { force: true });
  }
  process.exit(0);
}

if (!existsSync(inbox) || !existsSync(baseFile)) throw new Error(`run import-marginal.ts --base ${BASE} --files ${FILES} first (it builds ${baseFile} and ${inbox})`);
const self = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const trees = [...values.tree.map((t) => path.resolve(t)), self];
const results = new Map<string, Parts[]>(trees.map((t) => [t, []]));
for (let r = 0; r < Number(values.runs); r++) {
  for (const tree of trees) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', tree, '--base', String(BASE), '--files', String(FILES), '--seed', values.seed, ...(values['base-db'] ? ['--base-db', values['base-db']] : [])], {
      cwd: tree,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    results.get(tree)!.push(JSON.parse(out) as Parts);
    process.stderr.write(`  round ${r + 1} ${tree} (load ${os.loadavg()[0]!.toFixed(1)})\n`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => x.toFixed(3);
const lines = [
  `# Where the CPU of importing a text capture goes: ${FILES} files into an archive of ${BASE.toLocaleString('en')} clippings`,
  '',
  `${new Date().toISOString()} · ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores) · Node ${process.version} · load at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  '',
  'CPU ms per file, medians of the runs (process CPU time).',
  '',
  `| part | ${trees.map((t) => (t === self ? `${t} (this checkout)` : t)).join(' | ')} |`,
  `| --- | ${trees.map(() => '--:').join(' | ')} |`,
  ...(
    [
      ['extraction (extractCapture), in a capture worker', (p: Parts) => p.extractMs],
      ['fingerprints (textFingerprints), in a capture worker', (p: Parts) => p.fingerprintMs],
      ['capture packing (packCapture), in a capture worker where the tree has it', (p: Parts) => p.packMs],
      ['**the writer, per clipping** (main thread)', (p: Parts) => p.writerMs],
    ] as const
  ).map(([name, f]) => `| ${name} | ${trees.map((t) => ms(median(results.get(t)!.map(f)))).join(' | ')} |`),
  '',
  'The writer per SQL statement (CPU ms per clipping, medians; the batch transactions include the statements run in them):',
  '',
  `| statement | ${trees.map((t) => path.basename(t)).join(' | ')} |`,
  `| --- | ${trees.map(() => '--:').join(' | ')} |`,
  ...[...new Set(trees.flatMap((t) => results.get(t)!.flatMap((p) => Object.keys(p.statements))))]
    .map((k) => ({ k, v: trees.map((t) => median(results.get(t)!.map((p) => p.statements[k] ?? 0))) }))
    .filter(({ v }) => Math.max(...v) >= 0.001)
    .sort((a, b) => Math.max(...b.v) - Math.max(...a.v))
    .map(({ k, v }) => `| \`${k}\` | ${v.map(ms).join(' | ')} |`),
  '',
];
process.stdout.write(lines.join('\n'));
