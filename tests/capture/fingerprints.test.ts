/**
 * The fingerprints the capture worker computes beside an extraction (word count, content
 * hash, MinHash) are exactly what the storing side would compute from the same text.
 */
import { describe, expect, it } from 'vitest';
import { contentHash, countWords } from '../../electron/core/capture/fingerprint.ts';
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
});
