/**
 * Folding text for comparison, shared by full-text search (db/search.ts: prefix
 * highlighting), instant search (db/instant/words.ts) and the close matches of
 * `search.query` (electron/core/search/query.ts: finding the matched phrase in a text).
 *
 * The core — canonical decomposition, combining marks dropped, lower case: "Kyïv" →
 * "kyiv", "ZÜRICH" → "zurich" — is how FTS5's `unicode61 remove_diacritics 2` tokenizer
 * of clipping_fts compares words.
 *
 * Instant search asks for more (`letters: true`): compatibility decomposition (NFKD:
 * "ﬁ" → "fi", full-width "Ａ" → "a") and the letters Unicode does not decompose spelt
 * in plain Latin (ø→o, ł→l, đ/ð→d, þ→th, ß→ss, æ→ae, œ→oe, ı→i, ħ→h, ŀ→l), so "Lodz"
 * suggests "Łódź". Full-text search must not: FTS5 keeps those letters as they are
 * (it indexes "Søren Łódź Straße ﬁsh" as "søren", "łodz", "straß", "ﬁsh"), so folding
 * them would highlight words the index did not match (the prefix "so*" does not match
 * "Søren"); and ß→ss / þ→th change the length of the text, which finding a phrase by
 * offsets in the folded copy relies on.
 */

const LETTERS: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', ħ: 'h', ŀ: 'l' };
const LETTERS_RE = /[øłđðþßæœıħŀ]/gu;
const MARKS = /\p{M}+/gu;

/**
 * Lower case without diacritics, as the full-text index compares words; with
 * `letters`, also compatibility forms and undecomposable letters folded, as instant
 * search compares them ("Łódź" → "lodz", "Straße" → "strasse").
 */
export function fold(text: string, opts: { letters?: boolean } = {}): string {
  if (!opts.letters) return text.normalize('NFD').replace(MARKS, '').toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(LETTERS_RE, (c) => LETTERS[c] ?? c);
}
