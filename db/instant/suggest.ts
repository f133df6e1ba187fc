/**
 * Instant search: suggestions as the user types, from the phrases of every live
 * clipping (phrases.ts). The index is derived data, rebuilt from SQLite (or loaded from a
 * snapshot) and kept current by `InstantSync` (sync.ts).
 *
 * FlexSearch intersects the words of a query. Prefix-as-you-type is ours: the word
 * being typed is expanded to the most used vocabulary words it begins (a sorted
 * vocabulary, binary search).
 *
 * Typo tolerance is ours (corrections.ts): FlexSearch's fuzziness is phonetic and coarse.
 * When the exact pass finds fewer than `limit` suggestions, corrected queries are run
 * and their hits are appended marked `fuzzy`, after every exact hit.
 */
import type { SuggestResult, Suggestion } from '../../electron/contract/shapes.ts';
import { corrections, spelling, type Correction } from './corrections.ts';
import { FIELDS, PhraseStore } from './phrases.ts';
import { splitWords } from './words.ts';

/** Suggestions and the spelling that found them (the lookup's time is the caller's). */
export type Suggestions = Omit<SuggestResult, 'tookMs'>;

/** How many phrases a FlexSearch lookup may return before we rank them. */
const PHRASE_LIMIT = 60;
/** Completions tried for the word being typed. */
const MAX_COMPLETIONS = 6;
/** Phrases read for the rarest word of a multi-word query. */
const DRIVER_LIMIT = 50_000;

export class InstantIndex extends PhraseStore {

  suggest(text: string, opts: { limit?: number } = {}): Suggestions {
    const limit = Math.max(1, Math.min(opts.limit ?? 10, 100));
    const query = splitWords(text).slice(0, 8);
    if (query.length === 0 || this.docs.size === 0) return { suggestions: [], didYouMean: null };
    const out: Suggestion[] = [];
    const seen = new Set<number>();
    const folded = query.map((w) => w.folded);

    // 1. Exact (prefix) matches of the whole query inside one phrase.
    const partial = !/\s$/u.test(text);
    this.emitPhrases(this.searchPhrases(folded, partial), folded.join(' '), false, limit, out, seen);
    // 2. Words spread over several fields of the same clipping ("kuleba ukraine").
    if (out.length < limit && folded.length > 1) this.crossField(folded, partial, limit, out, seen);
    // 3. Corrected spellings.
    let didYouMean: string | null = null;
    if (out.length < limit) {
      const exactCount = out.length;
      for (const combo of corrections(this, folded, (i) => partial && i === folded.length - 1)) {
        const before = out.length;
        const words = combo.map((c) => c.folded);
        const stillTyped = partial && combo[combo.length - 1]!.d === 0;
        const pids = this.searchPhrases(words, stillTyped);
        this.emitPhrases(pids, words.join(' '), true, limit, out, seen);
        if (out.length > before && exactCount === 0 && didYouMean === null) didYouMean = this.spelling(combo, query, stillTyped ? pids[0] : undefined);
        if (out.length >= limit) break;
      }
    }
    return { suggestions: out, didYouMean };
  }

  /**
   * The did-you-mean of a corrected query that found phrases (corrections.ts `spelling`):
   * a query of whole words that finds them again. The word still being typed is
   * completed from `phrase` (the first found): "Dmytro Kul" → "Dymtro Kuleba", never the
   * fragment "Dymtro Kul", which a search takes as the word "kul" and finds nothing.
   */
  private spelling(combo: Correction[], query: { folded: string; display: string }[], phrase: number | undefined): string | null {
    const complete =
      phrase === undefined
        ? undefined
        : (c: Correction): string | null => {
            const wid = this.pWords[phrase]?.find((w) => this.wText[w]!.startsWith(c.folded));
            if (wid === undefined) return null;
            return this.wText[wid] === c.folded ? query[query.length - 1]!.display : this.wDisplay[wid]!;
          };
    return spelling(this, combo, query, complete);
  }

  /**
   * Phrase ids holding every word, best first. With `partialLast` the last word is being
   * typed: it matches as a prefix (its most used completions drive the lookup).
   *
   * One word: FlexSearch's own ranking (earlier in the phrase first). Several words: the
   * word with the fewest phrases drives, and its phrases are checked for the other words
   * — FlexSearch's intersection of two common words took 10–13 ms at 100k titles, this
   * takes well under 1 ms.
   */
  private searchPhrases(words: string[], partialLast = true): number[] {
    const lastAt = words.length - 1;
    const candidates = words.map((w, i) => (partialLast && i === lastAt ? this.completions(w, MAX_COMPLETIONS) : [w]));
    const lookup = (i: number, limit: number): number[] => {
      const list = candidates[i]!;
      if (list.length === 1) return this.flex.search(list[0]!, { limit }) as number[];
      const out: number[] = [];
      const seen = new Set<number>();
      for (const c of list) {
        for (const pid of this.flex.search(c, { limit }) as number[]) {
          if (seen.has(pid)) continue;
          seen.add(pid);
          out.push(pid);
        }
      }
      return out;
    };
    const live = (pid: number) => this.pDocs[pid] !== undefined && this.pDocs[pid]!.length > 0;
    if (words.length === 1) return lookup(0, PHRASE_LIMIT * 2).filter(live).slice(0, PHRASE_LIMIT);

    // The driver: the word in the fewest phrases (the vocabulary counts them).
    let driver = -1;
    let fewest = Infinity;
    for (let i = 0; i < words.length; i++) {
      let refs = 0;
      for (const c of candidates[i]!) {
        const wid = this.wordIds.get(c);
        if (wid !== undefined) refs += this.wRefs[wid]!;
      }
      if (refs === 0) return [];
      if (refs < fewest) {
        fewest = refs;
        driver = i;
      }
    }
    const checks: ((wids: number[]) => boolean)[] = [];
    for (let i = 0; i < words.length; i++) {
      if (i === driver) continue;
      const w = words[i]!;
      if (partialLast && i === lastAt) checks.push((wids) => wids.some((wid) => this.wText[wid]!.startsWith(w)));
      else {
        const wid = this.wordIds.get(w);
        if (wid === undefined) return [];
        checks.push((wids) => wids.includes(wid));
      }
    }
    const out: number[] = [];
    for (const pid of lookup(driver, DRIVER_LIMIT)) {
      const wids = this.pWords[pid];
      if (wids === undefined || !live(pid)) continue;
      if (checks.every((check) => check(wids))) {
        out.push(pid);
        if (out.length >= PHRASE_LIMIT) break;
      }
    }
    return out;
  }

  /** Vocabulary words beginning with `prefix`: itself first, then the most used. */
  private completions(prefix: string, max: number): string[] {
    if (this.unsorted.length > 256) this.sortVocabulary();
    const found: { w: string; refs: number }[] = [];
    const consider = (w: string) => {
      const wid = this.wordIds.get(w)!;
      const refs = this.wRefs[wid]!;
      if (refs > 0) found.push({ w, refs: w === prefix ? Infinity : refs });
    };
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++) consider(this.sorted[i]!);
    for (const w of this.unsorted) if (w.startsWith(prefix)) consider(w);
    found.sort((a, b) => b.refs - a.refs);
    return found.slice(0, max).map((f) => f.w);
  }

  private sortVocabulary(): void {
    if (this.unsorted.length === 0) return;
    this.sorted = this.sorted.concat(this.unsorted).sort();
    this.unsorted = [];
  }

  /**
   * Turns phrases into suggestions: phrases equal to the query first, then phrases that
   * start with it, then the rest in FlexSearch's order; up to three clippings per phrase
   * (newest first) before any phrase gives more.
   */
  private emitPhrases(pids: number[], queryFolded: string, fuzzy: boolean, limit: number, out: Suggestion[], seen: Set<number>): void {
    if (pids.length === 0 || out.length >= limit) return;
    const tier = (pid: number): number => {
      const words = this.pWords[pid]!;
      let joined = '';
      for (let i = 0; i < words.length; i++) joined += (i ? ' ' : '') + this.wText[words[i]!]!;
      return joined === queryFolded ? 0 : joined.startsWith(queryFolded) ? 1 : 2;
    };
    const ranked = pids.map((pid, i) => ({ pid, key: tier(pid) * 1000 + i })).sort((a, b) => a.key - b.key);
    const cursor = new Map<number, number>();
    for (const perPhrase of [3, Infinity]) {
      for (const { pid } of ranked) {
        const docs = this.pDocs[pid]!;
        let k = cursor.get(pid) ?? docs.length - 1;
        let taken = 0;
        while (k >= 0 && taken < perPhrase && out.length < limit) {
          const id = docs[k]!;
          k--;
          if (seen.has(id)) continue;
          seen.add(id);
          out.push({ id, title: this.docs.get(id)!.title, field: FIELDS[this.pField[pid]!]!, matched: this.pText[pid]!, fuzzy });
          taken++;
        }
        cursor.set(pid, k);
        if (out.length >= limit) return;
      }
    }
  }

  /** Clippings with every query word somewhere in their fields, not necessarily one phrase. */
  private crossField(words: string[], partialLast: boolean, limit: number, out: Suggestion[], seen: Set<number>): void {
    // Drive from the rarest word: the one matching the fewest phrases.
    let best: { i: number; pids: number[] } | null = null;
    for (let i = 0; i < words.length; i++) {
      const pids = this.searchPhrases([words[i]!], partialLast && i === words.length - 1);
      if (pids.length === 0) return;
      if (!best || pids.length < best.pids.length) best = { i, pids };
    }
    if (!best) return;
    const others = words.filter((_, i) => i !== best.i);
    let checked = 0;
    for (const pid of best.pids) {
      const docs = this.pDocs[pid];
      if (!docs) continue;
      for (let k = docs.length - 1; k >= 0 && checked < 5000; k--) {
        const id = docs[k]!;
        if (seen.has(id)) continue;
        checked++;
        const doc = this.docs.get(id)!;
        const has = (w: string, prefix: boolean) =>
          doc.pids.some((p) => this.pWords[p]!.some((wid) => (prefix ? this.wText[wid]!.startsWith(w) : this.wText[wid] === w)));
        if (!others.every((w) => has(w, partialLast && w === words[words.length - 1]))) continue;
        seen.add(id);
        out.push({ id, title: doc.title, field: FIELDS[this.pField[pid]!]!, matched: this.pText[pid]!, fuzzy: false });
        if (out.length >= limit) return;
      }
    }
  }
}
