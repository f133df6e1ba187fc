/**
 * The cost of recording each field edit's `base` (local migration 022): the same title
 * edits on a joined archive with migration 019's field triggers and with 020's, in one
 * process, alternated, medians of the runs.
 *
 *   node --import tsx tests/bench/field-edit-base.ts [EDITS] [RUNS]
 */
import { openDatabase } from '../../db/open.ts';

const EDITS = Number(process.argv[2] ?? 5000);
const RUNS = Number(process.argv[3] ?? 7);
const CLIPPINGS = 200;

/** Milliseconds for EDITS title edits (one transaction) at schema `version`. */
function run(version: number): number {
  const db = openDatabase(':memory:', { targetVersion: version });
  const now = new Date().toISOString();
  const add = db.prepare(`INSERT INTO clippings (title, text_z, captured_at, sort_key, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < CLIPPINGS; i++) add.run(`t${i}`, `text ${i}`, now, `${now}|${i}`, `h${i}`, now, now);
  })();
  db.prepare(`UPDATE sync_state SET joined = 1, replica = 'r1' WHERE id = 1`).run();
  const edit = db.prepare(`UPDATE clippings SET title = ? WHERE id = ?`);
  const t0 = process.hrtime.bigint();
  db.transaction(() => {
    for (let i = 0; i < EDITS; i++) edit.run(`title ${i}`, 1 + (i % CLIPPINGS));
  })();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  db.close();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const before: number[] = [];
const after: number[] = [];
for (let r = 0; r < RUNS; r++) {
  before.push(run(19));
  after.push(run(20));
}
console.log(`${EDITS} title edits, joined archive, median of ${RUNS}: schema 19 ${median(before).toFixed(0)} ms, schema 20 ${median(after).toFixed(0)} ms (×${(median(after) / median(before)).toFixed(2)})`);
