/**
 * Near-duplicate detection for wire copy: MinHash signatures over word 5-shingles of
 * a clipping's normalised text, banded for locality-sensitive hashing. Two agency
 * copies with different chrome and small edits share most shingles; unrelated
 * articles share almost none.
 */
import { normalizeForHash } from './fingerprint.ts';

export const SHINGLE_WORDS = 5;
export const NUM_HASHES = 64;
export const BANDS = 16;
export const ROWS_PER_BAND = NUM_HASHES / BANDS;
/** Share of the smaller text's shingles found in the other: at least this is the same story. */
export const CLUSTER_OVERLAP = 0.8;

// Fixed, seeded hash parameters so signatures are stable across runs and versions.
const SEEDS: Uint32Array = (() => {
  const out = new Uint32Array(NUM_HASHES * 2);
  let s = 0x9e3779b9;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) | 1;
  }
  return out;
})();

/** FNV-1a, 32 bits. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface MinHash {
  /** Number of distinct shingles. */
  shingles: number;
  signature: Uint32Array;
}

export function minhash(text: string): MinHash {
  const words = normalizeForHash(text).split(' ').filter(Boolean);
  const hashes = new Set<number>();
  if (words.length > 0 && words.length < SHINGLE_WORDS) hashes.add(fnv1a(words.join(' ')));
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) hashes.add(fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (const h of hashes) {
    for (let k = 0; k < NUM_HASHES; k++) {
      const v = (Math.imul(h ^ SEEDS[2 * k]!, SEEDS[2 * k + 1]!) ^ (h >>> 16)) >>> 0;
      if (v < sig[k]!) sig[k] = v;
    }
  }
  return { shingles: hashes.size, signature: sig };
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
