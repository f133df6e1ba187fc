/**
 * The body counts of a one-letter prefix's best clippings in the meta index, counted
 * ahead by the warm-up (issue 13).
 *
 * A one-letter prefix is ranked from its list without FTS5 (query/topk-prefix.ts), but
 * the clippings found in tags, notes and annotations are many and tied: at 100k, 276
 * clippings share the best meta bm25 of `m*` (the same tags), 832 rank within the
 * list's bound of the page for `c*` (where the meta idf is floored too). Their order is
 * their body bm25's, which only counting each clipping's text gives (0.15–0.4 ms each):
 * 60–180 ms per query. So the warm-up counts the best SIDE_SIZE of them (by meta bm25)
 * once and keeps their weighted counts and lengths in the archive (`rank_lists`, under
 * `side <prefix>`, in its list's format), shared by every connection like the lists.
 *
 * A kept count holds for a clipping whose body document has not changed since it was
 * counted — every change of one is marked (migration 019), so the marks since tell
 * which; a deletion without a mark takes the clipping out of both indexes (it is then
 * never asked for). Beyond the marks kept, or in another rank epoch, nothing kept holds.
 * The meta bm25 of the clippings is not kept: the meta index is read each time, and a
 * clipping newly found there is counted as before.
 */
import { RANK_CHANGES_KEPT } from '../migrations/019-rank-changes.ts';
import { rankEpoch } from '../migrations/index.ts';
import type { Db } from '../open.ts';
import { writeDerived } from './derived-write.ts';
import { DocCounts } from './doc-counts.ts';
import type { RankLists } from './topk.ts';

/** How many of the best clippings found in the meta index have their counts kept. */
const SIDE_SIZE = 2048;
/** A prefix whose counts are kept: one ASCII letter or digit. */
const ONE_LETTER = /^"([A-Za-z0-9])"\*$/u;

type Counts = Map<number, { wtf: number; len: number }>;
interface Side {
  schema: number;
  seq: number;
  counts: Counts;
}

/** Per connection, the sides read (null: none stored). */
const read = new WeakMap<Db, Map<string, Side | null>>();

const keyOf = (prefix: string) => `side "${prefix}"*`;

/**
 * The counts kept for `expr` that still hold now (the rank epoch `schema`, the last
 * change mark `seq`); empty when none do.
 */
export function sideCounts(db: Db, expr: string, now: { seq: number; schema: number }): Counts {
  const prefix = ONE_LETTER.exec(expr)?.[1]?.toLowerCase();
  if (prefix === undefined) return new Map();
  const mine = read.get(db) ?? new Map<string, Side | null>();
  read.set(db, mine);
  let side = mine.get(prefix);
  if (side === undefined || (side !== null && !holds(side, now))) {
    side = stored(db, prefix);
    mine.set(prefix, side);
  }
  if (side === null || !holds(side, now)) return new Map();
  const changed = db.prepare('SELECT DISTINCT clipping_id AS id FROM clipping_rank_changes WHERE seq > ?').all(side.seq) as { id: number }[];
  if (changed.length === 0) return side.counts;
  const out = new Map(side.counts);
  for (const { id } of changed) out.delete(id);
  return out;
}

function holds(side: Side, now: { seq: number; schema: number }): boolean {
  return side.schema === now.schema && side.seq <= now.seq && now.seq - side.seq <= RANK_CHANGES_KEPT;
}

/**
 * Counts and keeps the best SIDE_SIZE clippings found in the meta index of the
 * one-letter prefix `expr` (`found(limit)`: the best by meta bm25), unless counts kept
 * still hold. Outside a transaction only; stored if the write lock is free at once.
 * Returns whether it counted.
 */
export function warmSide(db: Db, lists: RankLists, expr: string, found: (limit: number) => readonly { id: number }[]): boolean {
  const prefix = ONE_LETTER.exec(expr)?.[1]?.toLowerCase();
  if (prefix === undefined || db.inTransaction) return false;
  const now = lists.current(expr)?.now;
  if (!now) return false; // no list: the prefix is not ranked this way
  const kept = stored(db, prefix);
  if (kept && holds(kept, now)) return false;
  // (In one read transaction: the mark and the texts counted seen at one moment.)
  const side = db.transaction((): Side | null => {
    const { seq, schema } = db.prepare('SELECT (SELECT coalesce(max(seq), 0) FROM clipping_rank_changes) AS seq, (SELECT user_version FROM pragma_user_version) AS schema').get() as { seq: number; schema: number };
    const counts = new DocCounts(db).of({ prefix }, found(SIDE_SIZE).map((f) => f.id));
    return counts && { seq, schema: rankEpoch(schema), counts };
  })();
  if (!side) return false; // a text not what the index holds: nothing kept
  read.get(db)?.set(prefix, side);
  store(db, prefix, side);
  return true;
}

function stored(db: Db, prefix: string): Side | null {
  const row = db.prepare('SELECT schema, seq, list FROM rank_lists WHERE expr = ?').get(keyOf(prefix)) as { schema: number; seq: number; list: Uint8Array } | undefined;
  if (!row || row.list.byteLength % 12 !== 0) return null;
  const n = row.list.byteLength / 12;
  const view = new DataView(row.list.buffer, row.list.byteOffset, row.list.byteLength);
  const counts: Counts = new Map();
  for (let j = 0; j < n; j++) counts.set(view.getInt32(j * 4, true), { wtf: view.getInt32((n + j) * 4, true), len: view.getInt32((2 * n + j) * 4, true) });
  return { schema: rankEpoch(row.schema), seq: row.seq, counts };
}

/** Stored as a list is (query/topk.ts `store`): ids, weighted counts, lengths; never waiting for the write lock (`writeDerived`). */
function store(db: Db, prefix: string, side: Side): void {
  if (db.readonly) return;
  const entries = [...side.counts];
  const n = entries.length;
  const bytes = Buffer.alloc(n * 12);
  entries.forEach(([id, { wtf, len }], j) => {
    bytes.writeInt32LE(id, j * 4);
    bytes.writeInt32LE(wtf, (n + j) * 4);
    bytes.writeInt32LE(len, (2 * n + j) * 4);
  });
  writeDerived(db, () => {
    db.prepare(
      'INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at) VALUES (?, ?, ?, 0, 0, ?, ?) ON CONFLICT (expr) DO UPDATE SET schema = excluded.schema, seq = excluded.seq, list = excluded.list, read_at = excluded.read_at',
    ).run(keyOf(prefix), side.schema, side.seq, bytes, Date.now());
  });
}
