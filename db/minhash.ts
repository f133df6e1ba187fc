/**
 * How the cluster tables store and compare MinHash signatures (the signatures are
 * computed from a clipping's text in `electron/core/capture/minhash.ts`): the blob
 * encoding of a signature, its locality-sensitive band hashes, and the overlap
 * estimate that decides whether two clippings are the same story.
 */

export const NUM_HASHES = 64;
export const BANDS = 16;
export const ROWS_PER_BAND = NUM_HASHES / BANDS;
/** Share of the smaller text's shingles found in the other: at least this is the same story. */
export const CLUSTER_OVERLAP = 0.8;

export interface MinHash {
  /** Number of distinct shingles. */
  shingles: number;
  signature: Uint32Array;
}

/** One hash per band (for the LSH table). */
export function bandHashes(sig: Uint32Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5;
    for (let r = 0; r < ROWS_PER_BAND; r++) {
      h ^= sig[b * ROWS_PER_BAND + r]!;
      h = Math.imul(h, 0x01000193);
    }
    out.push(h | 0); // signed 32-bit: stored as an SQLite integer
  }
  return out;
}

/** Estimated Jaccard similarity of two signatures. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i]) same++;
  return same / NUM_HASHES;
}

/**
 * Estimated share of the smaller text's shingles that the other contains, from the
 * Jaccard estimate and the two shingle counts (|A∩B| = J(|A|+|B|)/(1+J)).
 */
export function overlap(a: MinHash, b: MinHash): number {
  const j = jaccard(a.signature, b.signature);
  const small = Math.min(a.shingles, b.shingles);
  if (small === 0) return 0;
  return Math.min(1, (j * (a.shingles + b.shingles)) / (1 + j) / small);
}

export function toBlob(sig: Uint32Array): Buffer {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength);
}

export function fromBlob(b: Buffer): Uint32Array {
  const copy = new Uint8Array(b); // aligned copy
  return new Uint32Array(copy.buffer, 0, NUM_HASHES);
}
