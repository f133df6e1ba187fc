/**
 * What each insert trigger of `clippings` costs a new clipping at a given archive size: the
 * batch insert of an import (200 rows with new ids, copied from stored rows with another
 * content hash, and FTS5's flush) timed by process CPU with every trigger, and with each one
 * dropped in turn, in a transaction that is rolled back (on a copy of the archive). The
 * copied rows' texts are not the ones this thread just packed, so each trigger that reads
 * the text inflates it here, which an import's insert does not (db/text.ts): the body index
 * and the CJK trigger read a little dearer than in an import.
 *
 *   node --import tsx tests/bench/import-triggers.ts --base-db F [--runs 5]
 */
import { copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/open.ts';

const { values } = parseArgs({ options: { 'base-db': { type: 'string' }, runs: { type: 'string', default: '5' } } });
if (!values['base-db']) throw new Error('--base-db F: an archive (copied, never written)');
const work = path.join(os.tmpdir(), `import-triggers-${process.pid}.db`);
copyFileSync(values['base-db'], work);
const db = openDatabase(work);
try {
  const triggers = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'clippings' AND sql LIKE '%AFTER INSERT ON clippings%'`).all() as { name: string }[]).map((t) => t.name);
  const cols = (db.prepare(`PRAGMA table_info(clippings)`).all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id' && c !== 'uuid');
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let from = 1000;
  /** CPU ms per clipping of one batch, with `drop` dropped (rolled back after). */
  const batch = (drop: string | null): number => {
    let ms = NaN;
    try {
      db.transaction(() => {
        if (drop) db.exec(`DROP TRIGGER ${drop}`);
        const max = (db.prepare('SELECT max(id) AS m FROM clippings').get() as { m: number }).m;
        const t0 = cpuMs();
        db.prepare(
          `INSERT INTO clippings (id, ${cols.join(', ')}) SELECT ${max} + row_number() OVER (ORDER BY id), ${cols.map((c) => (c === 'content_hash' ? `${c} || 'x'` : c)).join(', ')} FROM clippings WHERE id > ? ORDER BY id LIMIT 200`,
        ).run(from);
        db.prepare(`INSERT INTO clipping_fts (clipping_fts) VALUES ('flush')`).run();
        ms = (cpuMs() - t0) / 200;
        from += 200;
        throw new Error('rolled back');
      })();
    } catch {
      // always rolled back
    }
    return ms;
  };
  const names = [null, ...triggers];
  const runs = new Map<string | null, number[]>(names.map((n) => [n, []]));
  for (let r = 0; r < Number(values.runs); r++) for (const n of names) runs.get(n)!.push(batch(n));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const all = median(runs.get(null)!);
  const lines = [
    `# The insert triggers of clippings: CPU ms per new clipping (batches of 200, medians of ${values.runs})`,
    '',
    `${new Date().toISOString()} · ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores) · Node ${process.version} · load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    '',
    '| batch insert | ms/clipping | the trigger costs |',
    '| --- | --: | --: |',
    `| with every trigger | ${all.toFixed(3)} | |`,
    ...triggers.map((n) => `| without \`${n}\` | ${median(runs.get(n)!).toFixed(3)} | ${(all - median(runs.get(n)!)).toFixed(3)} |`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
} finally {
  db.close();
  for (const f of [work, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true });
}
