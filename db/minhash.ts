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

/**
 * The bits of each hash that signatures are compared on, and stored (`toBlob`): the low 16
 * of 32. Two different shingle sets' minima then agree by chance once in 65,536 hashes —
 * an overlap estimate off by ~0.002 on average, far inside what 64 hashes can tell apart —
 * for half the bytes at rest. Band hashes (`bandHashes`) still take all 32 bits: they are
 * computed from a fresh signature, never from a stored one.
 */
const COMPARED_BITS = 0xffff;

/** Estimated Jaccard similarity of two signatures. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (((a[i]! ^ b[i]!) & COMPARED_BITS) === 0) same++;
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

/** A signature as stored: the compared bits of each hash, 16-bit little-endian (128 bytes). */
export function toBlob(sig: Uint32Array): Buffer {
  const out = Buffer.alloc(NUM_HASHES * 2);
  for (let i = 0; i < NUM_HASHES; i++) out.writeUInt16LE(sig[i]! & COMPARED_BITS, i * 2);
  return out;
}

/** A stored signature: 16-bit hashes, or 32-bit ones as archives before issue 14 stored them. */
export function fromBlob(b: Buffer): Uint32Array {
  const out = new Uint32Array(NUM_HASHES);
  const wide = b.byteLength >= NUM_HASHES * 4;
  for (let i = 0; i < NUM_HASHES; i++) out[i] = wide ? b.readUInt32LE(i * 4) : b.readUInt16LE(i * 2);
  return out;
}
