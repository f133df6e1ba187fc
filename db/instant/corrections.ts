/**
 * Corrected spellings: the one place that turns typed words into vocabulary words a few
 * edits away. A query word's deletions are looked up in the typo map (typos.ts; 1 edit
 * for words of 4–7 letters, 2 for 8+, none under 4), and candidates are kept when their
 * Damerau-Levenshtein distance (optimal string alignment: a transposition counts 1,
 * "Dmytro" ~ "Dymtro") is within the budget of the shorter word.
 *
 * It needs only a `Vocabulary`: the folded words with their display forms, how many
 * phrases use each, and the typo map. Instant search's index is one (phrases.ts); the
 * words section of its snapshot, read alone, is another (snapshot.ts), so a search's
 * close matches never load the phrase index.
 */
import { deletions, hash32 } from './typos.ts';
import { editDistance, maxEdits } from './words.ts';

/** Folded words by id, their display forms, their use counts and the typo map of their deletions. */
export interface Vocabulary {
  /** The id of a folded word the vocabulary holds (perhaps no longer used: see `wordRefs`). */
  wordId(folded: string): number | undefined;
  wordText(wid: number): string;
  wordDisplay(wid: number): string;
  /** Phrases using the word (0 or less: no longer used). */
  wordRefs(wid: number): number;
  /** Calls `fn` with every word id whose deletions hash to `h` (and, rarely, a colliding one). */
  forEachDeletion(h: number, fn: (wid: number) => void): void;
}

/** One word of a corrected query: as typed (`d` 0) or replaced by a vocabulary word `d` edits away. */
export type Correction = { folded: string; display: string; d: number };

/** Corrected queries tried per lookup. */
export const MAX_COMBOS = 8;
/** Corrections kept per query word. */
const MAX_CORRECTIONS = 3;

/** How many phrases use a (folded) word; 0 for a word the vocabulary does not hold. */
export function usage(v: Vocabulary, folded: string): number {
  const wid = v.wordId(folded);
  return wid === undefined ? 0 : Math.max(0, v.wordRefs(wid));
}

/**
 * Corrected spellings of `words` (folded), fewest edits first, at most MAX_COMBOS (the
 * uncorrected query excluded). A word the vocabulary uses stays a candidate as it is;
 * so does any word for which `mayStay(i)` (a word being typed, which may be a prefix; a
 * word the full-text index may know though the vocabulary does not).
 */
export function corrections(v: Vocabulary, words: readonly string[], mayStay: (i: number) => boolean): Correction[][] {
  const options: (Correction & { refs: number })[][] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const list: (Correction & { refs: number })[] = [];
    if (usage(v, w) > 0 || mayStay(i)) list.push({ folded: w, display: w, d: 0, refs: Infinity });
    list.push(...closeWords(v, w).slice(0, MAX_CORRECTIONS));
    if (list.length === 0) return [];
    options.push(list);
  }
  // Cartesian product, bounded, ordered by total edits.
  let combos: { parts: Correction[]; d: number }[] = [{ parts: [], d: 0 }];
  for (const list of options) {
    const next: typeof combos = [];
    for (const c of combos) for (const o of list) next.push({ parts: [...c.parts, o], d: c.d + o.d });
    next.sort((a, b) => a.d - b.d);
    combos = next.slice(0, MAX_COMBOS * 4);
  }
  return combos
    .filter((c) => c.d > 0)
    .slice(0, MAX_COMBOS)
    .map((c) => c.parts);
}

/** Vocabulary words in use within the edit budget of `w`, closest and most used first. */
export function closeWords(v: Vocabulary, w: string): (Correction & { refs: number })[] {
  const budget = maxEdits(w.length);
  if (budget === 0) return [];
  const found = new Map<number, number>();
  for (const del of deletions(w, budget)) {
    v.forEachDeletion(hash32(del), (wid) => {
      if (found.has(wid) || v.wordRefs(wid) <= 0) return;
      const cand = v.wordText(wid);
      if (cand === w) return;
      const allowed = maxEdits(Math.min(cand.length, w.length));
      const d = editDistance(w, cand, allowed);
      if (d <= allowed) found.set(wid, d);
    });
  }
  return [...found]
    .map(([wid, d]) => ({ folded: v.wordText(wid), display: v.wordDisplay(wid), d, refs: v.wordRefs(wid) }))
    .sort((a, b) => a.d - b.d || b.refs - a.refs);
}

/**
 * The did-you-mean of a corrected query: its words, corrected ones in their display
 * form, the others as typed (`typed`, same order); the last word still being typed as
 * `completeLast` gives it. None when a correction would replace a word of the archive by
 * a spelling it holds no more often: the typed one is no misspelling (the close matches
 * still come, marked as such), or when `completeLast` finds none.
 */
export function spelling(
  v: Vocabulary,
  combo: readonly Correction[],
  typed: readonly { folded: string; display: string }[],
  completeLast?: (c: Correction) => string | null,
): string | null {
  const words: string[] = [];
  for (let i = 0; i < combo.length; i++) {
    const c = combo[i]!;
    if (c.d > 0) {
      if (usage(v, typed[i]!.folded) >= usage(v, c.folded)) return null;
      words.push(c.display);
    } else if (completeLast && i === combo.length - 1) {
      const last = completeLast(c);
      if (last === null) return null;
      words.push(last);
    } else words.push(typed[i]!.display);
  }
  return words.join(' ');
}
