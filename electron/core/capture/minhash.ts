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

/** FNV-1a, 32 bits. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function minhash(text: string): MinHash {
  return minhashOfNormalized(normalizeForHash(text));
}

/** `minhash` of a text already reduced by `normalizeForHash`. */
function minhashOfNormalized(normalized: string): MinHash {
  // The signature is over the first MAX_MINHASH_WORDS words: each shingle costs
  // NUM_HASHES multiplications (7 s for a 3 MB text of distinct words); articles are shorter.
  const words = normalized.split(' ').filter(Boolean).slice(0, MAX_MINHASH_WORDS);
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
