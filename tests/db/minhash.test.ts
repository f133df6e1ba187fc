/**
 * MinHash signatures at rest (db/minhash.ts): 16 bits a hash, and the same story clusters
 * found as with the 32-bit hashes compared before.
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER_OVERLAP, fromBlob, NUM_HASHES, overlap, toBlob, type MinHash } from '../../db/minhash.ts';
import { minhash } from '../../electron/core/capture/minhash.ts';
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
