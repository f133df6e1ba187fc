import { BANDS, bandHashes, CLUSTER_OVERLAP, fromBlob, overlap, toBlob, type MinHash } from './minhash.ts';
import type { Db } from './open.ts';
import { insertRoom } from './clippings.ts';
import { prepared } from './statements.ts';

/**
 * The LSH rows `clipping_lsh_recent` holds before its rows start moving into `clipping_lsh`
 * (migration 025): the bands of 8,192 clippings. A batch's new bands then change at most
 * the few hundred pages of the recent table. From this size on, each add that finds it full moves the fullest
 * band alone (a sixteenth of the table, ~2 × LSH_RECENT_MAX / BANDS rows once the bands take
 * turns): its rows land in that band's part of `clipping_lsh`, each page of which changes at
 * most once for thousands of clippings, and one move's pause is a sixteenth of moving the
 * whole table (which took ~0.6 s of CPU at 100k clippings and would take seconds at 1M).
 */
export const LSH_RECENT_MAX = 8192 * BANDS;
/** The clippings a band's lookup takes at most (the first by id): a common band hash (a very short text's) would otherwise bring thousands. */
const PER_BAND = 200;
/** The clippings `addNew` adds by one set of statements at most (SQLite binds 32,766 parameters at most; 3 × BANDS × 512 = 24,576). */
const ADD_NEW_MAX = 512;
/** A band hash's key among a batch's: its band and its hash (a signed 32-bit integer) in one number. */
const pairKey = (band: number, hash: number) => band * 2 ** 32 + (hash >>> 0);

/** Story clusters: near-duplicate texts found through MinHash + LSH. */
export class ClusterRepo {
  /**
   * The recent table's rows per band, kept by this repository as it adds and moves them
   * (counted at the first add, and again after another connection's commit: `countedAt`, the
   * `data_version` they were counted at; after a re-index; after a failed write: `recount`).
   * Counting them took a pass over the whole table (~131k rows), every 256 clippings.
   * Clippings deleted on this connection leave it high by their rows until the next count:
   * a band then moves a little early, which changes no lookup (they read both tables).
   */
  private counts: number[] | null = null;
  private countedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly recentMax = LSH_RECENT_MAX,
  ) {}

  /** Stores (or replaces) a clipping's signature and LSH bands. */
  index(clippingId: number, mh: MinHash): void {
    prepared(this.db, `DELETE FROM clipping_lsh WHERE clipping_id = ?`).run(clippingId);
    prepared(this.db, `DELETE FROM clipping_lsh_recent WHERE clipping_id = ?`).run(clippingId);
    prepared(this.db, `DELETE FROM clipping_minhash WHERE clipping_id = ?`).run(clippingId);
    this.counts = null;
    this.add(clippingId, mh);
  }

  /** The recent table's rows are counted again before the next move (a write that added or moved some was rolled back). */
  recount(): void {
    this.counts = null;
  }

  /**
   * Stores a new clipping's signature and LSH bands (it has none yet): one statement for the
   * bands, into the recent table; then, should the recent table hold `recentMax` rows, its
   * fullest band is moved into `clipping_lsh` (in the caller's transaction).
   */
  add(clippingId: number, mh: MinHash): void {
    prepared(this.db, `INSERT INTO clipping_minhash (clipping_id, shingles, signature) VALUES (?, ?, ?)`).run(clippingId, mh.shingles, toBlob(mh.signature));
    prepared(this.db, `INSERT INTO clipping_lsh_recent (band, hash, clipping_id) VALUES ${Array.from({ length: BANDS }, () => '(?, ?, ?)').join(', ')}`).run(
      bandHashes(mh.signature).flatMap((h, b) => [b, h, clippingId]),
    );
    this.added(1);
  }

  /**
   * New clippings' signatures and bands (ids no row of either table holds yet), as `add`
   * stores them one by one, and for each the live clipping most like it as `bestMatch` finds
   * it right after its `add` (null where `match` is false): among the clippings stored
   * before and the ones before it in `rows`. A batch's bands go in as one statement, in key
   * order, and the stored bands they share are read by one statement, before the batch's
   * are written (a clipping's own batch is matched in memory); the minhash rows by one more.
   * When those stored bands are more than one clipping's lookup takes at once (a band hash
   * common to many clippings), the clippings are added and matched one by one instead.
   */
  addNew(rows: readonly { id: number; mh: MinHash; match: boolean }[]): ({ id: number; overlap: number } | null)[] {
    if (rows.length === 0) return [];
    // (in parts of ADD_NEW_MAX, one after the other: a part's statements bind 3 × 16 numbers a clipping)
    if (rows.length > ADD_NEW_MAX) return [...this.addNew(rows.slice(0, ADD_NEW_MAX)), ...this.addNew(rows.slice(ADD_NEW_MAX))];
    const hashes = rows.map((r) => bandHashes(r.mh.signature));
    // The stored clippings of every band hash that a clipping to match holds.
    const wanted = [...new Set(rows.flatMap((r, k) => (r.match ? hashes[k]!.map((h, b) => pairKey(b, h)) : [])))].sort((x, y) => x - y);
    const stored = new Map<number, number[]>();
    if (wanted.length > 0) {
      const room = insertRoom(wanted.length);
      const pairs = `WITH p(band, hash) AS (VALUES ${Array.from({ length: room }, () => '(?, ?)').join(', ')})`;
      const from = (table: string) => `SELECT p.band, p.hash, t.clipping_id AS id FROM p JOIN ${table} t ON t.band = p.band AND t.hash = p.hash`;
      const params: (number | null)[] = [];
      for (const key of wanted) params.push(Math.floor(key / 2 ** 32), key % 2 ** 32 | 0);
      for (let k = wanted.length; k < room; k++) params.push(null, null);
      const most = 2 * BANDS * PER_BAND;
      const found = prepared(this.db, `${pairs} ${from('clipping_lsh')} UNION ALL ${from('clipping_lsh_recent')} LIMIT ${most + 1}`).all(params) as { band: number; hash: number; id: number }[];
      if (found.length > most) {
        return rows.map((r) => {
          this.add(r.id, r.mh);
          return r.match ? this.bestMatch(r.mh, r.id) : null;
        });
      }
      for (const f of found) {
        const key = pairKey(f.band, f.hash);
        const ids = stored.get(key);
        if (ids) ids.push(f.id);
        else stored.set(key, [f.id]);
      }
    }
    this.insertNew(rows, hashes);
    // Each band hash's clippings of this batch, in its order.
    const inBatch = new Map<number, number[]>();
    hashes.forEach((hs, k) =>
      hs.forEach((h, b) => {
        const key = pairKey(b, h);
        const at = inBatch.get(key);
        if (at) at.push(k);
        else inBatch.set(key, [k]);
      }),
    );
    const matches = rows.map((r, k) => {
      if (!r.match) return null;
      // What `candidates` reads right after this clipping's add: each band's rows (its own
      // among them), the first PER_BAND by id, band after band.
      const ids = new Set<number>();
      hashes[k]!.forEach((h, b) => {
        const key = pairKey(b, h);
        const band = [...(stored.get(key) ?? [])];
        for (const j of inBatch.get(key)!) {
          if (j > k) break;
          band.push(rows[j]!.id);
        }
        for (const id of band.sort((x, y) => x - y).slice(0, PER_BAND)) if (id !== r.id) ids.add(id);
      });
      return this.bestAmong(r.mh, [...ids]);
    });
    this.added(rows.length);
    return matches;
  }

  /** The minhash rows and LSH bands of new clippings, one statement each (the bands in key order). */
  private insertNew(rows: readonly { id: number; mh: MinHash }[], hashes: readonly number[][]): void {
    const room = insertRoom(rows.length);
    const minhashes: unknown[] = rows.flatMap((r) => [r.id, r.mh.shingles, toBlob(r.mh.signature)]);
    for (let k = rows.length; k < room; k++) minhashes.push(null, null, null);
    prepared(
      this.db,
      `INSERT INTO clipping_minhash (clipping_id, shingles, signature) SELECT column1, column2, column3 FROM (VALUES ${Array.from({ length: room }, () => '(?, ?, ?)').join(', ')}) WHERE column1 IS NOT NULL`,
    ).run(minhashes);
    const bands = hashes.flatMap((hs, k) => hs.map((h, b) => [b, h, rows[k]!.id] as const));
    bands.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    const bandRoom = insertRoom(bands.length);
    const params: (number | null)[] = bands.flat();
    for (let k = bands.length; k < bandRoom; k++) params.push(null, null, null);
    prepared(
      this.db,
      `INSERT INTO clipping_lsh_recent (band, hash, clipping_id) SELECT column1, column2, column3 FROM (VALUES ${Array.from({ length: bandRoom }, () => '(?, ?, ?)').join(', ')}) WHERE column1 IS NOT NULL`,
    ).run(params);
  }

  /**
   * After `clippings` new clippings' bands went into the recent table (one row per band
   * each): its counts kept (or counted), and its fullest band moved should it hold `recentMax` rows.
   */
  private added(clippings: number): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (this.counts === null || version !== this.countedAt) {
      // (one pass over the table's key, grouped by its first column: no sort)
      const rows = prepared(this.db, `SELECT band, count(*) AS n FROM clipping_lsh_recent GROUP BY band`).all() as { band: number; n: number }[];
      this.counts = Array<number>(BANDS).fill(0);
      for (const r of rows) this.counts[r.band] = r.n;
      this.countedAt = version;
    } else for (let b = 0; b < BANDS; b++) this.counts[b]! += clippings;
    const counts = this.counts;
    if (counts.reduce((sum, n) => sum + n, 0) < this.recentMax) return;
    // the fullest band (the lowest of equals): the one whose rows waited longest when bands take turns
    this.moveBand(counts.reduce((best, n, b) => (n > counts[best]! ? b : best), 0));
  }

  /** Moves one band's rows of the recent table into `clipping_lsh`, in key order. */
  moveBand(band: number): void {
    const move = () => {
      prepared(this.db, `INSERT OR IGNORE INTO clipping_lsh (band, hash, clipping_id) SELECT band, hash, clipping_id FROM clipping_lsh_recent WHERE band = ? ORDER BY hash, clipping_id`).run(band);
      prepared(this.db, `DELETE FROM clipping_lsh_recent WHERE band = ?`).run(band);
      if (this.counts) this.counts[band] = 0;
    };
    if (this.db.inTransaction) move();
    else this.db.transaction(move)();
  }

  /** Moves every row of the recent table into `clipping_lsh`, band after band. */
  moveRecent(): void {
    const all = () => {
      for (let b = 0; b < BANDS; b++) this.moveBand(b);
    };
    if (this.db.inTransaction) all();
    else this.db.transaction(all)();
  }

  /**
   * The clippings sharing a band hash with `mh`, other than `self`: band after band, each
   * band's first PER_BAND by id, wherever their rows are (migration 025).
   */
  candidates(mh: MinHash, self: number): number[] {
    const hashes = bandHashes(mh.signature);
    // Every row of the 16 bands in both tables, by a join on the bands' hashes (one indexed
    // lookup per band and table, in one statement: a subquery per band and table cost half
    // as much again), unless that is more than the bands can keep — then each band's first
    // PER_BAND of each table, by a subquery each. A row-value IN over all bands would scan
    // the table.
    const any = (table: string) => `SELECT j.key AS band, t.clipping_id AS id FROM json_each(?) j JOIN ${table} t ON t.band = j.key AND t.hash = j.value`;
    const most = 2 * BANDS * PER_BAND;
    let rows = prepared(this.db, `${any('clipping_lsh')} UNION ALL ${any('clipping_lsh_recent')} LIMIT ${most + 1}`).all(Array(2).fill(JSON.stringify(hashes))) as { band: number; id: number }[];
    if (rows.length > most) {
      const first = (table: string, b: number) => `SELECT ${b} AS band, * FROM (SELECT clipping_id AS id FROM ${table} WHERE band = ${b} AND hash = ? LIMIT ${PER_BAND})`;
      rows = prepared(this.db, Array.from({ length: BANDS }, (_, b) => `${first('clipping_lsh', b)} UNION ALL ${first('clipping_lsh_recent', b)}`).join(' UNION ALL ')).all(
        hashes.flatMap((h) => [h, h]),
      ) as { band: number; id: number }[];
    }
    const byBand: number[][] = Array.from({ length: BANDS }, () => []);
    for (const r of rows) byBand[r.band]!.push(r.id);
    const ids = new Set<number>();
    for (const band of byBand) for (const id of band.sort((x, y) => x - y).slice(0, PER_BAND)) if (id !== self) ids.add(id);
    return [...ids];
  }

  /** The live clipping most like `mh` (overlap ≥ CLUSTER_OVERLAP), other than `self`. */
  bestMatch(mh: MinHash, self: number): { id: number; overlap: number } | null {
    return this.bestAmong(mh, this.candidates(mh, self));
  }

  /** Of the clippings `ids` (in the order `candidates` gives them), the live one most like `mh` (overlap ≥ CLUSTER_OVERLAP). */
  private bestAmong(mh: MinHash, ids: number[]): { id: number; overlap: number } | null {
    if (ids.length === 0) return null;
    const candidates = prepared(
      this.db,
      `SELECT m.clipping_id AS id, m.shingles, m.signature FROM clipping_minhash m JOIN clippings c ON c.id = m.clipping_id
        WHERE m.clipping_id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL`,
    ).all(JSON.stringify(ids)) as { id: number; shingles: number; signature: Buffer }[];
    let best: { id: number; overlap: number } | null = null;
    for (const c of candidates) {
      const o = overlap(mh, { shingles: c.shingles, signature: fromBlob(c.signature) });
      if (o >= CLUSTER_OVERLAP && (!best || o > best.overlap)) best = { id: c.id, overlap: o };
    }
    return best;
  }

  /** Puts `clippingId` in the cluster of `withId` (which founds one if it stood alone). */
  join(clippingId: number, withId: number): number {
    const row = prepared(this.db, `SELECT coalesce(cluster_id, id) AS cluster FROM clippings WHERE id = ?`).get(withId) as { cluster: number };
    prepared(this.db, `UPDATE clippings SET cluster_id = ? WHERE id IN (?, ?) AND cluster_id IS NOT ?`).run(row.cluster, clippingId, withId, row.cluster);
    return row.cluster;
  }

  /** Live members of a clipping's cluster (itself included), or null when it stands alone. */
  clusterOf(clippingId: number): { id: number; members: number[] } | null {
    const row = this.db.prepare(`SELECT cluster_id AS cluster FROM clippings WHERE id = ?`).get(clippingId) as { cluster: number | null } | undefined;
    if (!row || row.cluster === null) return null;
    const members = (
      this.db.prepare(`SELECT id FROM clippings WHERE cluster_id = ? AND deleted_at IS NULL ORDER BY id`).all(row.cluster) as { id: number }[]
    ).map((r) => r.id);
    return members.length > 1 ? { id: row.cluster, members } : null;
  }
}
