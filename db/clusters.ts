import { BANDS, bandHashes, CLUSTER_OVERLAP, fromBlob, overlap, toBlob, type MinHash } from './minhash.ts';
import type { Db } from './open.ts';
import { prepared } from './statements.ts';

/**
 * The LSH rows `clipping_lsh_recent` holds before its rows start moving into `clipping_lsh`
 * (migration 025): the bands of 8,192 clippings. A batch's new bands then change at most
 * the few hundred pages of the recent table. From this size on, each count moves the fullest
 * band alone (a sixteenth of the table, ~2 × LSH_RECENT_MAX / BANDS rows once the bands take
 * turns): its rows land in that band's part of `clipping_lsh`, each page of which changes at
 * most once for thousands of clippings, and one move's pause is a sixteenth of moving the
 * whole table (which took ~0.6 s of CPU at 100k clippings and would take seconds at 1M).
 */
export const LSH_RECENT_MAX = 8192 * BANDS;
/** The clippings a band's lookup takes at most (the first by id): a common band hash (a very short text's) would otherwise bring thousands. */
const PER_BAND = 200;
/** How many clippings' bands are added between two counts of the recent table's rows. */
const COUNT_EVERY = 256;

/** Story clusters: near-duplicate texts found through MinHash + LSH. */
export class ClusterRepo {
  /** Clippings whose bands this repository added since it last counted the recent table's (it counts at the first). */
  private sinceCount = COUNT_EVERY;

  constructor(
    private readonly db: Db,
    private readonly recentMax = LSH_RECENT_MAX,
  ) {}

  /** Stores (or replaces) a clipping's signature and LSH bands. */
  index(clippingId: number, mh: MinHash): void {
    prepared(this.db, `DELETE FROM clipping_lsh WHERE clipping_id = ?`).run(clippingId);
    prepared(this.db, `DELETE FROM clipping_lsh_recent WHERE clipping_id = ?`).run(clippingId);
    prepared(this.db, `DELETE FROM clipping_minhash WHERE clipping_id = ?`).run(clippingId);
    this.add(clippingId, mh);
  }

  /**
   * Stores a new clipping's signature and LSH bands (it has none yet): one statement for the
   * bands, into the recent table; every COUNT_EVERY clippings, the recent table's rows are
   * counted and, from `recentMax` on, its fullest band is moved into `clipping_lsh` (in the
   * caller's transaction).
   */
  add(clippingId: number, mh: MinHash): void {
    prepared(this.db, `INSERT INTO clipping_minhash (clipping_id, shingles, signature) VALUES (?, ?, ?)`).run(clippingId, mh.shingles, toBlob(mh.signature));
    prepared(this.db, `INSERT INTO clipping_lsh_recent (band, hash, clipping_id) VALUES ${Array.from({ length: BANDS }, () => '(?, ?, ?)').join(', ')}`).run(
      bandHashes(mh.signature).flatMap((h, b) => [b, h, clippingId]),
    );
    if (++this.sinceCount < COUNT_EVERY) return;
    this.sinceCount = 0;
    // (one pass over the table's key, grouped by its first column: no sort)
    const bands = prepared(this.db, `SELECT band, count(*) AS n FROM clipping_lsh_recent GROUP BY band`).all() as { band: number; n: number }[];
    if (bands.reduce((sum, b) => sum + b.n, 0) < this.recentMax) return;
    // the fullest band (the lowest of equals): the one whose rows waited longest when bands take turns
    this.moveBand(bands.reduce((best, b) => (b.n > best.n ? b : best)).band);
  }

  /** Moves one band's rows of the recent table into `clipping_lsh`, in key order. */
  moveBand(band: number): void {
    const move = () => {
      prepared(this.db, `INSERT OR IGNORE INTO clipping_lsh (band, hash, clipping_id) SELECT band, hash, clipping_id FROM clipping_lsh_recent WHERE band = ? ORDER BY hash, clipping_id`).run(band);
      prepared(this.db, `DELETE FROM clipping_lsh_recent WHERE band = ?`).run(band);
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
    const ids = this.candidates(mh, self);
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
