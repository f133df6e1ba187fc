/**
 * Folding text for comparison, shared by full-text search (the index's content view of
 * migration 011, the query builder, highlighting), instant search (db/instant/words.ts)
 * and the close matches of `search.query` (electron/core/search/query.ts).
 *
 * Every fold: the letters Unicode does not decompose spelt in plain Latin (ø→o, ł→l,
 * đ/ð→d, þ→th, ß→ss, æ→ae, œ→oe, ı→i, ħ→h, ŀ→l; `foldLetters`), canonical decomposition,
 * combining marks dropped, lower case: "Łódź" → "lodz", "Straße" → "strasse", "Kyïv" →
 * "kyiv". That is how the full-text index compares words: its content view replaces
 * the letters (SQLite's built-in replace(), so the archive stays writable by other
 * tools) and FTS5's `unicode61 remove_diacritics 2` tokenizer does the rest.
 *
 * Instant search asks for more (`compat: true`): compatibility decomposition too (NFKD:
 * "ﬁ" → "fi", full-width "Ａ" → "a"), which the full-text tokenizer does not do.
 */

/**
 * The undecomposable letters, both cases, and their plain spelling. The full-text index
 * applies exactly this map (migration 011's view); changing it needs a migration that
 * rebuilds the index with the new map (tests/db/fold.test.ts compares the two).
 */
export const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', þ: 'th', Þ: 'th', ß: 'ss', ẞ: 'ss',
  æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ı: 'i', ħ: 'h', Ħ: 'h', ŀ: 'l', Ŀ: 'l',
};
const LETTERS_RE = new RegExp(`[${Object.keys(FOLDED_LETTERS).join('')}]`, 'gu');
const MARKS = /\p{M}+/gu;

/** The undecomposable letters replaced, nothing else (what the index's content view does). */
export function foldLetters(text: string): string {
  return text.replace(LETTERS_RE, (c) => FOLDED_LETTERS[c] ?? c);
}

/**
 * Lower case without diacritics and with undecomposable letters spelt out, as the
 * full-text index compares words; with `compat`, compatibility forms folded too, as
 * instant search compares them ("ﬁsh" → "fish").
 */
export function fold(text: string, opts: { compat?: boolean } = {}): string {
  return foldLetters(text)
    .normalize(opts.compat ? 'NFKD' : 'NFD')
    .replace(MARKS, '')
    .toLowerCase();
}

/**
 * Where each UTF-16 position of `foldLetters(text)` comes from in `text` (one entry per
 * folded position, and one for the end): ranges found in the folded text map back to
 * the text as written ("strasse" → "Straße").
 */
export function foldedPositions(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const rep = FOLDED_LETTERS[text[i]!];
    if (rep === undefined) out.push(i);
    else for (let k = 0; k < rep.length; k++) out.push(i);
  }
  out.push(text.length);
  return out;
}
