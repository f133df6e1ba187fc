import { BANDS, bandHashes, CLUSTER_OVERLAP, fromBlob, overlap, toBlob, type MinHash } from './minhash.ts';
import type { Db } from './open.ts';
import { prepared } from './statements.ts';

/** Story clusters: near-duplicate texts found through MinHash + LSH. */
export class ClusterRepo {
  constructor(private readonly db: Db) {}

  /** Stores (or replaces) a clipping's signature and LSH bands. */
  index(clippingId: number, mh: MinHash): void {
    prepared(this.db, `DELETE FROM clipping_lsh WHERE clipping_id = ?`).run(clippingId);
    prepared(this.db, `DELETE FROM clipping_minhash WHERE clipping_id = ?`).run(clippingId);
    this.add(clippingId, mh);
  }

  /** Stores a new clipping's signature and LSH bands (it has none yet): one statement for the bands. */
  add(clippingId: number, mh: MinHash): void {
    prepared(this.db, `INSERT INTO clipping_minhash (clipping_id, shingles, signature) VALUES (?, ?, ?)`).run(clippingId, mh.shingles, toBlob(mh.signature));
    prepared(this.db, `INSERT INTO clipping_lsh (band, hash, clipping_id) VALUES ${Array.from({ length: BANDS }, () => '(?, ?, ?)').join(', ')}`).run(
      bandHashes(mh.signature).flatMap((h, b) => [b, h, clippingId]),
    );
  }

  /** The live clipping most like `mh` (overlap ≥ CLUSTER_OVERLAP), other than `self`. */
  bestMatch(mh: MinHash, self: number): { id: number; overlap: number } | null {
    // One indexed lookup per band (a row-value IN over all bands would scan the table), all
    // in one statement, band after band: a statement per band cost twice the CPU.
    const inBands = prepared(
      this.db,
      Array.from({ length: BANDS }, (_, b) => `SELECT * FROM (SELECT clipping_id AS id FROM clipping_lsh WHERE band = ${b} AND hash = ? LIMIT 200)`).join(' UNION ALL '),
    );
    const ids = new Set<number>();
    for (const r of inBands.all(bandHashes(mh.signature)) as { id: number }[]) if (r.id !== self) ids.add(r.id);
    if (ids.size === 0) return null;
    const candidates = prepared(
      this.db,
      `SELECT m.clipping_id AS id, m.shingles, m.signature FROM clipping_minhash m JOIN clippings c ON c.id = m.clipping_id
        WHERE m.clipping_id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL`,
    ).all(JSON.stringify([...ids])) as { id: number; shingles: number; signature: Buffer }[];
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
