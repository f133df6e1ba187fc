/**
 * Words for instant search: splitting a text into words, folding them (db/fold.ts, with
 * `compat`: Kyïv ~ Kyiv, Łódź ~ Lodz, ﬁ ~ fi), and how far apart two words are.
 */
import { fold } from '../fold.ts';

const APOSTROPHES = /['’‘`]/gu;
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;

/** Case- and diacritic-folded form of one word ("Kyïv" → "kyiv", "Łódź" → "lodz"). */
export function foldWord(word: string): string {
  return fold(word, { compat: true });
}

/** The words of a text as written and folded ("O'Brien" is one word: "obrien"). */
export function splitWords(text: string): { display: string; folded: string }[] {
  const out: { display: string; folded: string }[] = [];
  for (const w of text.replace(APOSTROPHES, '').split(SEPARATORS)) {
    if (!w) continue;
    const folded = foldWord(w);
    if (folded) out.push({ display: w, folded });
  }
  return out;
}

/** The folded words of a text: FlexSearch's `encode` for both indexing and querying. */
export function encode(text: string): string[] {
  return splitWords(text).map((w) => w.folded);
}

/** Edits a word of this length may be off by: 0 under 4 letters, 1 for 4–7, 2 for 8+. */
export function maxEdits(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment: an adjacent transposition
 * counts one edit), or `max + 1` as soon as it must exceed `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}
