/**
 * MinHash signatures at rest (db/minhash.ts): 16 bits a hash, and the same story clusters
 * found as with the 32-bit hashes compared before.
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER_OVERLAP, fromBlob, NUM_HASHES, overlap, toBlob, type MinHash } from '../../db/minhash.ts';
import { normalizeForHash } from '../../electron/core/capture/fingerprint.ts';
import { keepDistinct, minhash } from '../../electron/core/capture/minhash.ts';
import { MAX_MINHASH_WORDS } from '../../electron/core/capture/limits.ts';
import { Corpus } from '../bench/corpus.ts';

/** The overlap estimate on all 32 bits of every hash (what the clusters compared before). */
function overlap32(a: MinHash, b: MinHash): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a.signature[i] === b.signature[i]) same++;
  const j = same / NUM_HASHES;
  return Math.min(1, (j * (a.shingles + b.shingles)) / (1 + j) / Math.min(a.shingles, b.shingles));
}

/** Wire copy and its variants (small edits, a paragraph cut, a rewrite) beside unrelated stories. */
function pairs(): [string, string][] {
  const corpus = new Corpus(20211208);
  const out: [string, string][] = [];
  for (let i = 0; i < 100; i++) {
    const p = corpus.clipping(i).paragraphs;
    const text = p.join('\n\n');
    out.push([text, p.map((x) => x.replace(/\bthe\b/, 'a').replace(/\bsaid\b/, 'stated')).join('\n\n')]);
    out.push([text, p.slice(0, -1).join('\n\n')]);
    out.push([text, p.map((x, k) => (k % 3 === 0 ? corpus.clipping(i + 500).paragraphs[0] ?? x : x)).join('\n\n')]);
    out.push([text, corpus.clipping(i + 1000).paragraphs.join('\n\n')]);
  }
  return out;
}

describe('MinHash signatures at rest', () => {
  it('are stored in 2 bytes a hash and cluster exactly the pairs the 32-bit comparison did', () => {
    let same = 0;
    let clustered = 0;
    for (const [x, y] of pairs()) {
      const a = minhash(x);
      const b = minhash(y);
      const blob = toBlob(b.signature);
      expect(blob.byteLength).toBe(NUM_HASHES * 2);
      const stored = { shingles: b.shingles, signature: fromBlob(blob) };
      const before = overlap32(a, b) >= CLUSTER_OVERLAP;
      const now = overlap(a, stored) >= CLUSTER_OVERLAP;
      if (before === now) same++;
      if (now) clustered++;
    }
    expect(same).toBe(400);
    expect(clustered).toBeGreaterThanOrEqual(190); // the edited and the cut copies, nearly all
    expect(clustered).toBeLessThan(300);
  });

  it('reads the 32-bit signatures older archives stored', () => {
    const a = minhash(new Corpus(20211208).clipping(3).text);
    const old = Buffer.from(a.signature.buffer, a.signature.byteOffset, a.signature.byteLength);
    expect(old.byteLength).toBe(NUM_HASHES * 4);
    expect(overlap(a, { shingles: a.shingles, signature: fromBlob(old) })).toBe(1);
    expect([...fromBlob(old)]).toEqual([...a.signature]);
  });
});

/** The signature as defined: per hash k, the least (imul(h ^ a_k, b_k) ^ (h >>> 16)) >>> 0 over the distinct shingle hashes h. */
function referenceSignature(text: string): MinHash {
  const seeds: number[] = [];
  let s = 0x9e3779b9;
  for (let i = 0; i < NUM_HASHES * 2; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    seeds.push((s >>> 0) | 1);
  }
  const words = normalizeForHash(text).split(' ').filter(Boolean);
  const shingles = new Set<number>();
  for (let i = 0; i === 0 || i + 5 <= words.length; i++) {
    const shingle = words.slice(i, i + 5).join(' ');
    if (shingle === '') break;
    let h = 0x811c9dc5;
    for (let j = 0; j < shingle.length; j++) h = Math.imul(h ^ shingle.charCodeAt(j), 0x01000193);
    shingles.add(h | 0);
  }
  const signature = new Uint32Array(NUM_HASHES);
  for (let k = 0; k < NUM_HASHES; k++) {
    let min = 0xffffffff;
    for (const h of shingles) min = Math.min(min, (Math.imul(h ^ seeds[2 * k]!, seeds[2 * k + 1]!) ^ (h >>> 16)) >>> 0);
    signature[k] = min;
  }
  return { shingles: shingles.size, signature };
}

describe('MinHash signatures', () => {
  it('are the least of each seeded hash over the distinct word 5-shingles', () => {
    const corpus = new Corpus(20211209);
    const texts = ['', 'one', 'one two three', 'Ünïcödé words, ﬁ and 中文 — 42 of them', ...Array.from({ length: 50 }, (_, i) => corpus.clipping(i).paragraphs.join('\n\n'))];
    for (const text of texts) {
      const got = minhash(text);
      const want = referenceSignature(text);
      expect(got.shingles).toBe(want.shingles);
      expect([...got.signature]).toEqual([...want.signature]);
    }
  });
});

describe('MinHash signatures of long texts', () => {
  it('are over the first MAX_MINHASH_WORDS words: the defined signature of those words alone', () => {
    // Words of one and several code units, astral ones among them, past the limit by a few.
    const words = Array.from({ length: MAX_MINHASH_WORDS + 7 }, (_, i) => (i % 11 === 0 ? 'x' : i % 13 === 0 ? `𝒜${i}` : `w${i % 9000}`));
    const got = minhash(words.join(' '));
    const want = referenceSignature(words.slice(0, MAX_MINHASH_WORDS).join(' '));
    expect(got.shingles).toBe(want.shingles);
    expect([...got.signature]).toEqual([...want.signature]);
    expect(minhash(words.slice(0, MAX_MINHASH_WORDS).join(' '))).toEqual(got);
  });
});

describe('the distinct shingle hashes', () => {
  it('are the values a Set keeps, in the order first met, for generated arrays with repeats, zeros and colliding slots', () => {
    let seed = 3;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
    for (let k = 0; k < 2000; k++) {
      const n = k % 50 === 0 ? 0 : (Math.abs(next()) % 300) + 1;
      // Few distinct values (many repeats), zero among them, and values 2^24 apart (the same slot in a small table).
      const pool = Array.from({ length: (Math.abs(next()) % 40) + 1 }, (_, i) => (i % 7 === 0 ? 0 : i % 3 === 0 ? (i << 24) | 0 : next()));
      const values = Int32Array.from({ length: n }, () => pool[Math.abs(next()) % pool.length]!);
      const want = [...new Set(values)];
      const all = values.slice();
      const distinct = keepDistinct(all);
      expect(distinct).toBe(want.length);
      expect([...all.subarray(0, distinct)]).toEqual(want);
    }
  });

  it('give the defined signatures for texts with many repeated shingles', () => {
    const vocabulary = ['the', 'storm', 'hit', 'coast', 'on', 'friday', 'and', 'again'];
    let seed = 9;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let k = 0; k < 300; k++) {
      const words = Array.from({ length: next() % 400 }, () => vocabulary[next() % (2 + (k % vocabulary.length))]!);
      const text = words.join(k % 2 ? ' ' : ', ');
      const got = minhash(text);
      const want = referenceSignature(text);
      expect(got.shingles).toBe(want.shingles);
      expect([...got.signature]).toEqual([...want.signature]);
    }
  });
});
