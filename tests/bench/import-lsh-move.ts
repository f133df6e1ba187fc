/**
 * What an import pays, besides its batches, for keeping the newest clippings' LSH bands apart
 * (migration 025, db/clusters.ts): the move of a full recent table (LSH_RECENT_MAX rows) into
 * `clipping_lsh` of an archive, with its commit and checkpoint, in CPU ms per clipping moved
 * (an import moves one band at a time, the fullest: each move about a sixteenth of this one);
 * and the time of the migration itself (opening a copy of the archive at schema 24). On a
 * copy of --base-db (never written); the recent table is filled with random band hashes of
 * the archive's newest clippings, as an import's would be.
 *
 *   node --import tsx tests/bench/import-lsh-move.ts --base-db F [--runs 3]
 */
import { copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BANDS } from '../../db/minhash.ts';
import { ClusterRepo, LSH_RECENT_MAX } from '../../db/clusters.ts';
import { openDatabase } from '../../db/open.ts';

const { values } = parseArgs({ options: { 'base-db': { type: 'string' }, runs: { type: 'string', default: '3' } } });
if (!values['base-db']) throw new Error('--base-db F: an archive at schema 24 (copied, never written)');
const work = path.join(os.tmpdir(), `import-lsh-move-${process.pid}.db`);
const files = [work, `${work}-wal`, `${work}-shm`];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const clippings = LSH_RECENT_MAX / BANDS;
const rows: string[] = [];
try {
  for (let r = 0; r < Number(values.runs); r++) {
    for (const f of files) rmSync(f, { force: true });
    copyFileSync(values['base-db'], work);
    let wall = performance.now();
    let cpu = cpuMs();
    const db = openDatabase(work);
    const open = { wall: performance.now() - wall, cpu: cpuMs() - cpu };
    const newest = (db.prepare(`SELECT id FROM clippings ORDER BY id DESC LIMIT ?`).all(clippings) as { id: number }[]).map((x) => x.id);
    const add = db.prepare(`INSERT OR IGNORE INTO clipping_lsh_recent (band, hash, clipping_id) VALUES (?, ?, ?)`);
    db.transaction(() => {
      for (const id of newest) for (let b = 0; b < BANDS; b++) add.run(b, (Math.random() * 2 ** 32) | 0, id);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const lsh = (db.prepare(`SELECT count(*) AS n FROM clipping_lsh`).get() as { n: number }).n;
    wall = performance.now();
    cpu = cpuMs();
    db.transaction(() => new ClusterRepo(db).moveRecent())();
    db.pragma('wal_checkpoint(PASSIVE)');
    const move = { wall: performance.now() - wall, cpu: cpuMs() - cpu };
    db.close();
    rows.push(
      `| ${r + 1} | ${open.wall.toFixed(0)} | ${open.cpu.toFixed(0)} | ${lsh.toLocaleString('en')} | ${move.wall.toFixed(0)} | ${move.cpu.toFixed(0)} | **${(move.cpu / clippings).toFixed(3)}** | ${os.loadavg()[0]!.toFixed(1)} |`,
    );
  }
} finally {
  for (const f of files) rmSync(f, { force: true });
}
console.log(
  [
    `# Moving the recent LSH bands (${LSH_RECENT_MAX.toLocaleString('en')} rows, ${clippings.toLocaleString('en')} clippings) into clipping_lsh`,
    '',
    `${new Date().toISOString()} · ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores) · Node ${process.version} · base ${path.basename(values['base-db'])}`,
    '',
    '| run | open + migrations, wall ms | cpu ms | clipping_lsh rows | move + commit + checkpoint, wall ms | cpu ms | cpu ms per clipping moved | load |',
    '| --: | --: | --: | --: | --: | --: | --: | --: |',
    ...rows,
    '',
  ].join('\n'),
);
