/**
 * Near-duplicate detection for wire copy: MinHash signatures over word 5-shingles of
 * a clipping's normalised text. Two agency copies with different chrome and small
 * edits share most shingles; unrelated articles share almost none. How signatures are
 * stored, banded for locality-sensitive hashing and compared is `db/minhash.ts`.
 */
import { NUM_HASHES, type MinHash } from '../../../db/minhash.ts';
import { countWords, normalizeForHash, sha256 } from './fingerprint.ts';
import { MAX_MINHASH_WORDS } from './limits.ts';

export const SHINGLE_WORDS = 5;

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

export function minhash(text: string): MinHash {
  return minhashOfNormalized(normalizeForHash(text));
}

/** `minhash` of a text already reduced by `normalizeForHash` (words joined by single spaces). */
function minhashOfNormalized(normalized: string): MinHash {
  // The signature is over the first MAX_MINHASH_WORDS words: each shingle costs
  // NUM_HASHES multiplications (7 s for a 3 MB text of distinct words); articles are shorter.
  // Where each word starts and ends in the text (no array of words is built).
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < normalized.length && starts.length < MAX_MINHASH_WORDS; ) {
    const space = normalized.indexOf(' ', i);
    const end = space < 0 ? normalized.length : space;
    if (end > i) {
      starts.push(i);
      ends.push(end);
    }
    i = end + 1;
  }
  const words = starts.length;
  // Each shingle's hash: FNV-1a (32 bits) of its words joined by single spaces, which is
  // the stretch of the text from its first word's start to its last word's end.
  const n = words < SHINGLE_WORDS ? Math.min(words, 1) : words - SHINGLE_WORDS + 1;
  const width = Math.min(words, SHINGLE_WORDS);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = starts[i]!, end = ends[i + width - 1]!; j < end; j++) h = Math.imul(h ^ normalized.charCodeAt(j), 0x01000193);
    all[i] = h;
  }
  const distinct = keepDistinct(all);
  // Hash k of a shingle h is (imul(h ^ a_k, b_k) ^ (h >>> 16)) as an unsigned number, and
  // its minimum over the shingles is signature[k]. Four hashes per pass over the shingles,
  // compared as signed 32-bit integers with the sign bit flipped (the same order as the
  // unsigned values; V8 keeps them small integers instead of doubles above 2^31).
  const sig = new Uint32Array(NUM_HASHES);
  for (let k = 0; k < NUM_HASHES; k += 4) {
    const a0 = SEEDS[2 * k]! | 0, b0 = SEEDS[2 * k + 1]! | 0;
    const a1 = SEEDS[2 * k + 2]! | 0, b1 = SEEDS[2 * k + 3]! | 0;
    const a2 = SEEDS[2 * k + 4]! | 0, b2 = SEEDS[2 * k + 5]! | 0;
    const a3 = SEEDS[2 * k + 6]! | 0, b3 = SEEDS[2 * k + 7]! | 0;
    let m0 = 0x7fffffff, m1 = 0x7fffffff, m2 = 0x7fffffff, m3 = 0x7fffffff;
    for (let i = 0; i < distinct; i++) {
      const h = all[i]!;
      const low = (h >>> 16) ^ 0x80000000;
      const v0 = Math.imul(h ^ a0, b0) ^ low;
      const v1 = Math.imul(h ^ a1, b1) ^ low;
      const v2 = Math.imul(h ^ a2, b2) ^ low;
      const v3 = Math.imul(h ^ a3, b3) ^ low;
      if (v0 < m0) m0 = v0;
      if (v1 < m1) m1 = v1;
      if (v2 < m2) m2 = v2;
      if (v3 < m3) m3 = v3;
    }
    sig[k] = m0 ^ 0x80000000;
    sig[k + 1] = m1 ^ 0x80000000;
    sig[k + 2] = m2 ^ 0x80000000;
    sig[k + 3] = m3 ^ 0x80000000;
  }
  return { shingles: distinct, signature: sig };
}

/**
 * Moves the distinct values of `all` to its front, in the order first met, and returns how
 * many there are: a hash set (open addressing, at most half full; 0 marks a free slot, so
 * the value 0 is kept apart) rather than a sort (a fifth of the MinHash's time).
 */
export function keepDistinct(all: Int32Array): number {
  const n = all.length;
  const bits = 32 - Math.clz32(Math.max(2 * n - 1, 1));
  const mask = (1 << bits) - 1;
  const seen = new Int32Array(mask + 1);
  let distinct = 0;
  let zero = false;
  for (let i = 0; i < n; i++) {
    const h = all[i]!;
    if (h === 0) {
      if (!zero) all[distinct++] = 0;
      zero = true;
      continue;
    }
    for (let slot = Math.imul(h, 0x9e3779b1) >>> (32 - bits); ; slot = (slot + 1) & mask) {
      const there = seen[slot]!;
      if (there === h) break;
      if (there === 0) {
        seen[slot] = h;
        all[distinct++] = h;
        break;
      }
    }
  }
  return distinct;
}

/** What is computed from a clipping's text before it is stored: word count, content hash (exact duplicates), MinHash (near duplicates). */
export interface TextFingerprints {
  wordCount: number;
  contentHash: string;
  minhash: MinHash;
}

/** The fingerprints of a text; the capture worker computes them beside the extraction, off the writing thread. */
export function textFingerprints(text: string): TextFingerprints {
  // The content hash and the MinHash read the same normalised words: normalised once.
  const normalized = normalizeForHash(text);
  return { wordCount: countWords(text), contentHash: sha256(normalized), minhash: minhashOfNormalized(normalized) };
}
