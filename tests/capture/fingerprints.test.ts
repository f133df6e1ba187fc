/**
 * The fingerprints the capture worker computes beside an extraction (word count, content
 * hash, MinHash) are exactly what the storing side would compute from the same text.
 */
import { describe, expect, it } from 'vitest';
import { contentHash, countWords, normalizeForHash, streamSafe } from '../../electron/core/capture/fingerprint.ts';
import { minhash, textFingerprints } from '../../electron/core/capture/minhash.ts';

describe('textFingerprints', () => {
  it('equals countWords, contentHash and minhash of the same text', () => {
    const texts = [
      'The harbour board approved the new ferry timetable after a public consultation.\n\nIt runs from May.',
      '“Quoted” and \u2018quoted\u2019 ＦＵＬＬＷＩＤＴＨ ﬁne print, Łódź and Straße, e\u0301 and é.',
      'short',
      '',
    ];
    for (const t of texts) {
      const f = textFingerprints(t);
      expect(f.wordCount).toBe(countWords(t));
      expect(f.contentHash).toBe(contentHash(t));
      expect(f.minhash).toEqual(minhash(t));
    }
  });

  it('gives the signatures and word counts archives already hold (stored signatures are compared with new ones)', () => {
    const story =
      'Firefighters brought a large blaze at a recycling plant in the north of the city under control early on Sunday, the fire service said. More than 60 firefighters were sent.';
    const m = minhash(story);
    expect(m.shingles).toBe(26);
    expect(Array.from(m.signature.slice(0, 8))).toEqual([72934952, 290992092, 174027249, 298196349, 39829859, 11506983, 38673915, 132723380]);
    expect(Array.from(m.signature).reduce((a, b) => (a * 31 + b) % 4294967296, 7)).toBe(2219954420);
    const short = minhash('Breaking news'); // fewer words than a shingle: one hash of them all
    expect(short.shingles).toBe(1);
    expect(Array.from(short.signature.slice(0, 4))).toEqual([1198217825, 2104953455, 3643129003, 938488233]);
    expect(minhash('')).toEqual({ shingles: 0, signature: new Uint32Array(64).fill(0xffffffff) });
    expect(countWords('ǅ ﬁ İstanbul 𠀀𠀁 日本語 Привет, l’été 12,5 \ud800x')).toBe(11);
  });

  it('normalise as the regex definitions do (one pass over the text instead of Unicode-property regexes)', () => {
    // The definitions the scanners replace, as they were written.
    const streamSafeRe = (t: string) => t.replace(/\p{M}{31,}/gu, (run) => Array.from(run).slice(0, 30).join(''));
    const normalizeRe = (t: string) =>
      streamSafeRe(t)
        .normalize('NFKC')
        .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
        .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu)
        ?.join(' ') ?? '';
    const marks = (n: number) => '\u0301\u0308\u{1D165}'.repeat(n);
    const texts = [
      'ǅ ﬁ İstanbul 𠀀𠀁 日本語 Привет, l’été 12,5 \ud800x \udc00y z\ud800',
      '“Quoted” and \u2018quoted\u2019 ＦＵＬＬＷＩＤＴＨ ﬁne print, Łódź and Straße, e\u0301 and é, a´b `c` ′',
      `a${marks(10)}b c${marks(11)}`, // 30 marks, then 33
      `x${'\u0301'.repeat(31)} y${'\u0301'.repeat(30)}`,
      '  leading  and   trailing  ', '---', '', 'Ⅻ ⅻ ½ ¹² ٣ १२',
    ];
    for (const t of texts) {
      expect(streamSafe(t)).toBe(streamSafeRe(t));
      expect(normalizeForHash(t)).toBe(normalizeRe(t));
    }
  });

  it('normalises as the regex definition does for every code point, alone, between words, spaces and punctuation', () => {
    const normalizeRe = (t: string) => (streamSafe(t).normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
    const differ: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      const ch = c >= 0xd800 && c <= 0xdfff ? String.fromCharCode(c) : String.fromCodePoint(c);
      for (const t of c < 0x10000 ? [ch, `a ${ch} b`, `a${ch}b`, `a${ch} b`, `${ch}${ch}x`] : [`a${ch} b`, `${ch}${ch}x`]) if (normalizeForHash(t) !== normalizeRe(t)) differ.push(`U+${c.toString(16)} in ${JSON.stringify(t)}`);
    }
    expect(differ).toEqual([]);
  });

  it('normalises as the regex definition does on generated texts of words, spaces, punctuation and other characters', () => {
    const normalizeRe = (t: string) => (streamSafe(t).normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
    const parts = ['the', 'Zé', '42', ' ', '  ', '\n\n', ', ', '.', '—', '“', '\u00a0', '\u0301', 'ﬁ', '\ud835\udc00', '\ud835', '中文', 'İ', '½', "l'été"];
    let seed = 5;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const differ: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      let t = '';
      for (let n = Math.floor(next() * 12); n > 0; n--) t += parts[Math.floor(next() * parts.length)];
      if (normalizeForHash(t) !== normalizeRe(t)) differ.push(JSON.stringify(t));
    }
    expect(differ).toEqual([]);
  });
});
