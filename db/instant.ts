/**
 * Instant search: suggestions as the user types, from an in-memory FlexSearch index over
 * the short fields of every live clipping — title, byline, outlet, tags and the names
 * found in its text (db/names.ts). Bodies are never held: at 100k+ clippings that costs
 * too much (see /work/shared/TOOLCHAIN.md). The index is derived data, rebuilt from
 * SQLite (or loaded from a snapshot) and kept current by `InstantSync`.
 *
 * Layout. The unit indexed by FlexSearch is a *phrase*: one distinct (field, text) pair —
 * a title, a byline, an outlet, a tag, a name. Names repeat across clippings ("Vladimir
 * Putin" is in thousands), so indexing each once and keeping a sorted posting list of
 * clipping ids per phrase is far smaller than a FlexSearch document per clipping.
 * FlexSearch indexes whole words (`tokenize: 'strict'`; text folded for case and
 * diacritics by our own `encode`: Kyïv ~ Kyiv) and intersects the words of a query.
 * Prefix-as-you-type is ours: the word being typed is expanded to the most used
 * vocabulary words it begins (a sorted vocabulary, binary search). Measured at 10k
 * clippings, `tokenize: 'forward'` (every prefix of every word indexed) took 37 MB of
 * heap for 14k phrases against 5 MB for 'strict' — 7× more, too much at 100k titles.
 *
 * Typo tolerance is ours: FlexSearch's fuzziness is phonetic and coarse. Every indexed
 * word is in a vocabulary with a symmetric-deletion (SymSpell) map: each word's deletions
 * up to its edit budget (1 edit for words of 4–7 letters, 2 for 8+; words under 4 letters
 * get none) are stored as 32-bit hashes in an open-addressing table of two Int32Arrays
 * (8–16 bytes an entry, against ~40 for a Map). A query word's deletions are looked up, and
 * candidates are kept when their Damerau-Levenshtein distance (optimal string alignment:
 * a transposition counts 1, "Dmytro" ~ "Dymtro") is within the budget of the shorter
 * word. When the exact pass finds fewer than `limit` suggestions, corrected queries are
 * run and their hits are appended marked `fuzzy`, after every exact hit.
 */
import { Index } from 'flexsearch';
import { extractNames } from './names.ts';
import type { Db } from './open.ts';

export type InstantField = 'title' | 'byline' | 'outlet' | 'tag' | 'name';

export type InstantRow = {
  id: number;
  title: string;
  byline: string | null;
  outlet: string | null;
  tags: string[];
  names: string[];
};

export type Suggestion = {
  id: number;
  title: string;
  field: InstantField;
  /** The indexed phrase that matched, as written in the archive ("Dymtro Kuleba"). */
  matched: string;
  /** True for a match found only through a corrected spelling. */
  fuzzy: boolean;
};

export type SuggestResult = {
  suggestions: Suggestion[];
  /** The query spelled as in the archive, when only corrected spellings found anything. */
  didYouMean: string | null;
};

export type InstantSnapshot = {
  format: 'cuttings-instant';
  version: 1;
  /** [id, title, byline, outlet, tags, names] per clipping. */
  rows: [number, string, string | null, string | null, string[], string[]][];
  /** Set by InstantSync: the newest `updated_at` the snapshot reflects. */
  watermark?: string | null;
};

const FIELDS: readonly InstantField[] = ['title', 'byline', 'outlet', 'tag', 'name'];
const FIELD_CODE: Record<InstantField, number> = { title: 0, byline: 1, outlet: 2, tag: 3, name: 4 };

// ---------------------------------------------------------------------------------------
// Folding and words

const SPECIAL: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', ħ: 'h', ŀ: 'l' };
const SPECIAL_RE = /[øłđðþßæœıħŀ]/gu;
const MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`]/gu;
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;

/** Case- and diacritic-folded form of one word ("Kyïv" → "kyiv", "Łódź" → "lodz"). */
export function foldWord(word: string): string {
  return word.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c);
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

// ---------------------------------------------------------------------------------------
// Edit distance

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

/** Every string obtained by deleting up to `d` characters (the word itself included). */
function deletions(word: string, d: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let k = 0; k < d; k++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const del = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(del)) {
          out.add(del);
          next.push(del);
        }
      }
    }
    frontier = next;
  }
  return out;
}

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** A multimap from 32-bit hashes to word ids, open addressing with linear probing. */
class DeletionTable {
  private keys = new Int32Array(1 << 12);
  private vals = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;
  size = 0;

  add(h: number, wid: number): void {
    if ((this.size + 1) * 2 > this.vals.length) this.grow();
    this.put(h, wid);
    this.size++;
  }

  /** Calls `fn` with every word id stored under `h` (and, rarely, a colliding one). */
  forEach(h: number, fn: (wid: number) => void): void {
    for (let slot = slotOf(h) & this.mask; this.vals[slot] !== -1; slot = (slot + 1) & this.mask) {
      if (this.keys[slot] === h) fn(this.vals[slot]!);
    }
  }

  clear(): void {
    this.keys = new Int32Array(1 << 12);
    this.vals = new Int32Array(1 << 12).fill(-1);
    this.mask = (1 << 12) - 1;
    this.size = 0;
  }

  private put(h: number, wid: number): void {
    let slot = slotOf(h) & this.mask;
    while (this.vals[slot] !== -1) slot = (slot + 1) & this.mask;
    this.keys[slot] = h;
    this.vals[slot] = wid;
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.vals = new Int32Array(vals.length * 2).fill(-1);
    this.mask = this.vals.length - 1;
    for (let i = 0; i < vals.length; i++) if (vals[i] !== -1) this.put(keys[i]!, vals[i]!);
  }
}

function slotOf(h: number): number {
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
}

// ---------------------------------------------------------------------------------------
// The index

type Doc = { title: string; pids: number[] };

function insertSorted(list: number[], id: number): void {
  const n = list.length;
  if (n === 0 || list[n - 1]! < id) {
    list.push(id);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== id) list.splice(lo, 0, id);
}

function removeSorted(list: number[], id: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === id) list.splice(lo, 1);
}

/** How many phrases a FlexSearch lookup may return before we rank them. */
const PHRASE_LIMIT = 60;
/** Completions tried for the word being typed. */
const MAX_COMPLETIONS = 6;
/** Phrases read for the rarest word of a multi-word query. */
const DRIVER_LIMIT = 50_000;
/** Corrected queries tried per suggestion call. */
const MAX_COMBOS = 8;
/** Corrections kept per query word. */
const MAX_CORRECTIONS = 3;

export class InstantIndex {
  private flex = InstantIndex.newFlex();
  // Phrases
  /** Per field: phrase text → phrase id (keys share the `pText` strings). */
  private phraseIds: Map<string, number>[] = FIELDS.map(() => new Map<string, number>());
  private pText: (string | undefined)[] = [];
  private pField: number[] = [];
  private pDocs: (number[] | undefined)[] = [];
  private pWords: (number[] | undefined)[] = [];
  private freePids: number[] = [];
  /** Phrases gone but still in FlexSearch (removal there scans its whole map: ~6 ms at 100k). */
  private deadPids: number[] = [];
  // Clippings
  private docs = new Map<number, Doc>();
  // Vocabulary (folded words) with its deletion map
  private wordIds = new Map<string, number>();
  private wText: string[] = [];
  private wDisplay: string[] = [];
  private wRefs: number[] = [];
  private deletes = new DeletionTable();
  /** Folded vocabulary words in code-unit order, for completions; new words wait in `unsorted`. */
  private sorted: string[] = [];
  private unsorted: string[] = [];

  private static newFlex(): Index {
    return new Index({ tokenize: 'strict', encode, resolution: 9, cache: false, fastupdate: false });
  }

  /** Live clippings indexed. */
  get size(): number {
    return this.docs.size;
  }

  /** Counts of what is held (for the benchmark and diagnostics). */
  stats(): { clippings: number; phrases: number; words: number; deletionKeys: number } {
    return { clippings: this.docs.size, phrases: this.phraseCount(), words: this.wordIds.size, deletionKeys: this.deletes.size };
  }

  private phraseCount(): number {
    return this.phraseIds.reduce((n, m) => n + m.size, 0);
  }

  has(id: number): boolean {
    return this.docs.has(id);
  }

  ids(): IterableIterator<number> {
    return this.docs.keys();
  }

  /** Replaces the whole content. */
  build(rows: Iterable<InstantRow>): void {
    this.clear();
    for (const row of rows) this.add(row);
  }

  clear(): void {
    this.flex = InstantIndex.newFlex();
    for (const m of this.phraseIds) m.clear();
    this.pText = [];
    this.pField = [];
    this.pDocs = [];
    this.pWords = [];
    this.freePids = [];
    this.deadPids = [];
    this.docs.clear();
    this.wordIds.clear();
    this.wText = [];
    this.wDisplay = [];
    this.wRefs = [];
    this.deletes.clear();
    this.sorted = [];
    this.unsorted = [];
  }

  add(row: InstantRow): void {
    if (this.docs.has(row.id)) {
      this.update(row);
      return;
    }
    const pids = this.link(row);
    this.docs.set(row.id, { title: this.titleOf(row, pids), pids });
  }

  private link(row: InstantRow): number[] {
    const pids: number[] = [];
    for (const [field, text] of phrasesOf(row)) {
      const pid = this.ensurePhrase(field, text);
      if (pids.includes(pid)) continue;
      insertSorted(this.pDocs[pid]!, row.id);
      pids.push(pid);
    }
    return pids;
  }

  /** The title as stored for its phrase (one string for both), whitespace tidied. */
  private titleOf(row: InstantRow, pids: number[]): string {
    const first = pids[0];
    return first !== undefined && this.pField[first] === FIELD_CODE.title ? this.pText[first]! : row.title.trim();
  }

  /** Replaces a clipping's fields (adds it when new); unchanged phrases are left alone. */
  update(row: InstantRow): void {
    const doc = this.docs.get(row.id);
    if (!doc) {
      this.add(row);
      return;
    }
    const pids = this.link(row);
    for (const old of doc.pids) if (!pids.includes(old)) this.unlink(old, row.id);
    this.docs.set(row.id, { title: this.titleOf(row, pids), pids });
  }

  remove(id: number): boolean {
    const doc = this.docs.get(id);
    if (!doc) return false;
    for (const pid of doc.pids) this.unlink(pid, id);
    this.docs.delete(id);
    return true;
  }

  /** The stored fields of one clipping (names and tags in indexing order). */
  row(id: number): InstantRow | null {
    const doc = this.docs.get(id);
    if (!doc) return null;
    const row: InstantRow = { id, title: doc.title, byline: null, outlet: null, tags: [], names: [] };
    for (const pid of doc.pids) {
      const text = this.pText[pid]!;
      switch (FIELDS[this.pField[pid]!]) {
        case 'byline':
          row.byline = text;
          break;
        case 'outlet':
          row.outlet = text;
          break;
        case 'tag':
          row.tags.push(text);
          break;
        case 'name':
          row.names.push(text);
          break;
        default:
          break;
      }
    }
    return row;
  }

  export(): InstantSnapshot {
    const rows: InstantSnapshot['rows'] = [];
    for (const id of this.docs.keys()) {
      const r = this.row(id)!;
      rows.push([r.id, r.title, r.byline, r.outlet, r.tags, r.names]);
    }
    return { format: 'cuttings-instant', version: 1, rows };
  }

  import(snapshot: InstantSnapshot): void {
    if (snapshot?.format !== 'cuttings-instant' || snapshot.version !== 1 || !Array.isArray(snapshot.rows)) {
      throw new Error('not a Cuttings instant-search snapshot (format cuttings-instant, version 1)');
    }
    this.build(snapshot.rows.map(([id, title, byline, outlet, tags, names]) => ({ id, title, byline, outlet, tags, names })));
  }

  // -------------------------------------------------------------------------------------
  // Suggesting

  suggest(text: string, opts: { limit?: number } = {}): SuggestResult {
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
      for (const combo of this.corrections(folded, partial)) {
        const before = out.length;
        const words = combo.map((c) => c.folded);
        this.emitPhrases(this.searchPhrases(words, partial && combo[combo.length - 1]!.d === 0), words.join(' '), true, limit, out, seen);
        if (out.length > before && exactCount === 0 && didYouMean === null) {
          didYouMean = combo.map((c, i) => (c.d === 0 ? query[i]!.display : c.display)).join(' ');
        }
        if (out.length >= limit) break;
      }
    }
    return { suggestions: out, didYouMean };
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

  /**
   * Corrected spellings of the query, fewest edits first (the uncorrected query, already
   * tried, excluded). A word known to the vocabulary stays a candidate as it is; so does
   * the last word while it is being typed (it may be a prefix).
   */
  private corrections(words: string[], partialLast: boolean): { folded: string; display: string; d: number }[][] {
    const options: { folded: string; display: string; d: number; refs: number }[][] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const list: { folded: string; display: string; d: number; refs: number }[] = [];
      const known = this.wordIds.get(w);
      if ((known !== undefined && this.wRefs[known]! > 0) || (partialLast && i === words.length - 1)) {
        list.push({ folded: w, display: w, d: 0, refs: Infinity });
      }
      list.push(...this.closeWords(w).slice(0, MAX_CORRECTIONS));
      if (list.length === 0) return [];
      options.push(list);
    }
    // Cartesian product, bounded, ordered by total edits.
    let combos: { parts: { folded: string; display: string; d: number }[]; d: number }[] = [{ parts: [], d: 0 }];
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

  /** Vocabulary words within the edit budget of `w`, closest and most used first. */
  private closeWords(w: string): { folded: string; display: string; d: number; refs: number }[] {
    const budget = maxEdits(w.length);
    if (budget === 0) return [];
    const found = new Map<number, number>();
    for (const del of deletions(w, budget)) {
      this.deletes.forEach(hash32(del), (wid) => {
        if (found.has(wid) || this.wRefs[wid]! <= 0) return;
        const cand = this.wText[wid]!;
        if (cand === w) return;
        const allowed = maxEdits(Math.min(cand.length, w.length));
        const d = editDistance(w, cand, allowed);
        if (d <= allowed) found.set(wid, d);
      });
    }
    return [...found]
      .map(([wid, d]) => ({ folded: this.wText[wid]!, display: this.wDisplay[wid]!, d, refs: this.wRefs[wid]! }))
      .sort((a, b) => a.d - b.d || b.refs - a.refs);
  }

  // -------------------------------------------------------------------------------------
  // Phrases and words

  private ensurePhrase(field: InstantField, text: string): number {
    const byText = this.phraseIds[FIELD_CODE[field]]!;
    const known = byText.get(text);
    if (known !== undefined) return known;
    const pid = this.freePids.pop() ?? this.pText.length;
    const words = splitWords(text);
    const wids = words.map((w) => this.refWord(w.folded, w.display));
    byText.set(text, pid);
    this.pText[pid] = text;
    this.pField[pid] = FIELD_CODE[field];
    this.pDocs[pid] = [];
    this.pWords[pid] = wids;
    this.flex.add(pid, text);
    return pid;
  }

  private unlink(pid: number, id: number): void {
    const docs = this.pDocs[pid];
    if (!docs) return;
    removeSorted(docs, id);
    if (docs.length > 0) return;
    // Left in FlexSearch (lookups skip phrases without clippings) until compaction.
    this.phraseIds[this.pField[pid]!]!.delete(this.pText[pid]!);
    for (const wid of this.pWords[pid]!) this.wRefs[wid]!--;
    this.pText[pid] = undefined;
    this.pDocs[pid] = undefined;
    this.pWords[pid] = undefined;
    this.deadPids.push(pid);
    if (this.deadPids.length > Math.max(2000, this.phraseCount() / 4)) this.compact();
  }

  /** Rebuilds the FlexSearch index from the live phrases (same ids), freeing dead ones. */
  private compact(): void {
    this.flex = InstantIndex.newFlex();
    for (let pid = 0; pid < this.pText.length; pid++) {
      const text = this.pText[pid];
      if (text !== undefined) this.flex.add(pid, text);
    }
    this.freePids.push(...this.deadPids);
    this.deadPids = [];
  }

  /** Counts a use of a word, adding it (and its deletions) to the vocabulary when new. */
  private refWord(folded: string, display: string): number {
    const known = this.wordIds.get(folded);
    if (known !== undefined) {
      if (this.wRefs[known]! <= 0) this.wDisplay[known] = display;
      this.wRefs[known]!++;
      return known;
    }
    const wid = this.wText.length;
    this.wordIds.set(folded, wid);
    this.wText.push(folded);
    this.wDisplay.push(display);
    this.wRefs.push(1);
    this.unsorted.push(folded);
    const budget = maxEdits(folded.length);
    if (budget > 0) for (const del of deletions(folded, budget)) this.deletes.add(hash32(del), wid);
    return wid;
  }
}

function* phrasesOf(row: InstantRow): Generator<[InstantField, string]> {
  const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/gu, ' ').trim();
  const title = clean(row.title);
  if (title) yield ['title', title];
  const byline = clean(row.byline);
  if (byline) yield ['byline', byline];
  const outlet = clean(row.outlet);
  if (outlet) yield ['outlet', outlet];
  for (const t of row.tags) {
    const tag = clean(t);
    if (tag) yield ['tag', tag];
  }
  for (const n of row.names) {
    const name = clean(n);
    if (name) yield ['name', name];
  }
}

// ---------------------------------------------------------------------------------------
// Loading from SQLite

const ROWS_SQL = `SELECT c.id, c.title, c.byline, c.outlet, c.text,
  (SELECT json_group_array(t.name) FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.clipping_id = c.id) AS tags
  FROM clippings c`;

type DbRow = { id: number; title: string; byline: string | null; outlet: string | null; text: string; tags: string };

function toRow(r: DbRow, namesPerClipping: number): InstantRow {
  return { id: r.id, title: r.title, byline: r.byline, outlet: r.outlet, tags: JSON.parse(r.tags) as string[], names: extractNames(r.text, namesPerClipping) };
}

export type LoadOptions = {
  /** Only these clippings (those not live are skipped). */
  ids?: readonly number[];
  /** Clippings read per query (bodies in memory at once). */
  pageSize?: number;
  /** Names kept per clipping. */
  namesPerClipping?: number;
};

/**
 * Live clippings as instant rows, names computed from the text on the fly. Reads pages
 * of `pageSize` rows by id (not one long-running `.iterate()`): between pages the
 * connection is free, so a consumer may pause (a background build) or run other
 * statements on the same connection without "connection is busy" errors. (`+deleted_at`
 * keeps SQLite on the rowid: through the clippings_live_sort index every page re-sorted
 * all live ids — 181 s instead of 1 s to read 100k clippings.)
 */
export function* loadInstantRows(db: Db, opts: LoadOptions = {}): Generator<InstantRow> {
  const pageSize = opts.pageSize ?? 256;
  const perClipping = opts.namesPerClipping ?? 40;
  if (opts.ids) {
    const byIds = db.prepare(`${ROWS_SQL} WHERE +c.deleted_at IS NULL AND c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id`);
    for (let i = 0; i < opts.ids.length; i += pageSize) {
      const page = byIds.all(JSON.stringify(opts.ids.slice(i, i + pageSize))) as DbRow[];
      for (const r of page) yield toRow(r, perClipping);
    }
    return;
  }
  const next = db.prepare(`${ROWS_SQL} WHERE +c.deleted_at IS NULL AND c.id > ? ORDER BY c.id LIMIT ?`);
  let after = -Infinity;
  for (;;) {
    const page = next.all(after === -Infinity ? -1 : after, pageSize) as DbRow[];
    if (page.length === 0) return;
    for (const r of page) yield toRow(r, perClipping);
    after = page[page.length - 1]!.id;
  }
}

// ---------------------------------------------------------------------------------------
// Keeping the index in step with the database

type Fingerprint = { live: number; idSum: number; maxUpdated: string | null; links: number; linkSum: number; tags: string };

export type RefreshResult = { mode: 'none' | 'incremental' | 'rebuild'; updated: number; removed: number };

/**
 * Owns the InstantIndex of one database and keeps it current.
 *
 * - Changes made through this process: call `touch(id)` after a clipping (or its tags)
 *   changed, `drop(id)` after it was trashed or purged.
 * - Changes made by another process (the CLI while the app runs): call `refresh()` now
 *   and then (on focus, on a timer). It reads `PRAGMA data_version` — which moves only
 *   when ANOTHER connection commits — and, when it moved, a fingerprint of the live
 *   clippings, their tag links and the tag names. Changed clippings are found by
 *   `updated_at` (edits), by comparing live ids (new, trashed, restored, purged) and, when
 *   tags changed, by comparing each clipping's tags; they are re-read, the rest is kept.
 *   Past half the archive it rebuilds.
 *
 * Caveat: an edit by another process stamped with an `updated_at` older than the
 * watermark (a clock set back) is only seen by the next rebuild.
 */
export class InstantSync {
  private dataVersion: number | null = null;
  private fp: Fingerprint | null = null;
  private watermark: string | null = null;
  private building: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private current: InstantIndex = new InstantIndex(),
    private readonly options: { namesPerClipping?: number } = {},
  ) {}

  get index(): InstantIndex {
    return this.current;
  }

  suggest(text: string, opts?: { limit?: number }): SuggestResult {
    return this.current.suggest(text, opts);
  }

  /** Rebuilds from the database, synchronously. */
  rebuild(): void {
    const fp = this.fingerprint();
    const dv = this.readDataVersion();
    const next = new InstantIndex();
    next.build(loadInstantRows(this.db, { namesPerClipping: this.options.namesPerClipping }));
    this.current = next;
    this.settle(fp, dv);
  }

  /**
   * Rebuilds without blocking the event loop for long: a page of clippings per tick,
   * into a fresh index that replaces the current one when complete (suggestions keep
   * coming from the old one meanwhile). Changes made during the build are caught by
   * the `refresh()` it ends with.
   */
  rebuildInBackground(opts: { pageSize?: number } = {}): Promise<void> {
    if (this.building) return this.building;
    this.building = (async () => {
      const fp = this.fingerprint();
      const dv = this.readDataVersion();
      const next = new InstantIndex();
      const rows = loadInstantRows(this.db, { pageSize: opts.pageSize ?? 200, namesPerClipping: this.options.namesPerClipping });
      let n = 0;
      for (const row of rows) {
        next.add(row);
        if (++n % (opts.pageSize ?? 200) === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      this.current = next;
      this.settle(fp, dv);
      this.refresh({ force: true });
    })().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  /** A snapshot to save, to be loaded at the next start-up. */
  export(): InstantSnapshot {
    return { ...this.current.export(), watermark: this.watermark };
  }

  /** Loads a saved snapshot, then catches up with the database. */
  load(snapshot: InstantSnapshot): RefreshResult {
    const next = new InstantIndex();
    next.import(snapshot);
    this.current = next;
    this.watermark = snapshot.watermark ?? null;
    this.fp = null;
    this.dataVersion = null;
    return this.refresh({ force: true });
  }

  /** Re-reads one clipping after a change made through this process. */
  touch(id: number): void {
    const [row] = [...loadInstantRows(this.db, { ids: [id], namesPerClipping: this.options.namesPerClipping })];
    if (row) this.current.update(row);
    else this.current.remove(id);
    this.fp = null; // our own commit does not move data_version: recompute next time
  }

  /** Forgets one clipping (trashed or purged through this process). */
  drop(id: number): void {
    this.current.remove(id);
    this.fp = null;
  }

  /** Picks up changes made by other connections (or everything when `force`). */
  refresh(opts: { force?: boolean } = {}): RefreshResult {
    const none: RefreshResult = { mode: 'none', updated: 0, removed: 0 };
    const dv = this.readDataVersion();
    if (!opts.force && this.dataVersion !== null && dv === this.dataVersion) return none;
    const fp = this.fingerprint();
    if (!opts.force && this.fp && sameFingerprint(fp, this.fp)) {
      this.dataVersion = dv;
      return none;
    }

    const index = this.current;
    const live = (this.db.prepare(`SELECT id FROM clippings WHERE deleted_at IS NULL`).pluck().all() as number[]);
    const liveSet = new Set(live);
    const removed: number[] = [];
    for (const id of index.ids()) if (!liveSet.has(id)) removed.push(id);
    const reload = new Set<number>();
    for (const id of live) if (!index.has(id)) reload.add(id);
    const edited = (
      this.watermark === null
        ? live
        : (this.db.prepare(`SELECT id FROM clippings WHERE deleted_at IS NULL AND updated_at >= ?`).pluck().all(this.watermark) as number[])
    );
    for (const id of edited) reload.add(id);

    if (reload.size > Math.max(1000, live.length / 2)) {
      this.rebuild();
      return { mode: 'rebuild', updated: live.length, removed: removed.length };
    }

    for (const id of removed) index.remove(id);
    let updated = 0;
    // Tag changes leave updated_at alone: compare each clipping's tags when they moved.
    if (!this.fp || this.fp.links !== fp.links || this.fp.linkSum !== fp.linkSum || this.fp.tags !== fp.tags) {
      const tagsOf = new Map<number, string[]>();
      const rows = this.db
        .prepare(`SELECT ct.clipping_id AS id, t.name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id`)
        .all() as { id: number; name: string }[];
      for (const r of rows) {
        const list = tagsOf.get(r.id);
        if (list) list.push(r.name);
        else tagsOf.set(r.id, [r.name]);
      }
      for (const id of [...index.ids()]) {
        if (reload.has(id)) continue;
        const row = index.row(id)!;
        const now = (tagsOf.get(id) ?? []).slice().sort();
        const before = row.tags.slice().sort();
        if (now.length === before.length && now.every((t, i) => t === before[i])) continue;
        index.update({ ...row, tags: tagsOf.get(id) ?? [] });
        updated++;
      }
    }
    for (const row of loadInstantRows(this.db, { ids: [...reload], namesPerClipping: this.options.namesPerClipping })) {
      index.update(row);
      updated++;
    }
    this.settle(fp, dv);
    return { mode: 'incremental', updated, removed: removed.length };
  }

  private settle(fp: Fingerprint, dv: number): void {
    this.fp = fp;
    this.dataVersion = dv;
    this.watermark = fp.maxUpdated;
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private fingerprint(): Fingerprint {
    const c = this.db
      .prepare(`SELECT count(*) AS live, total(id) AS idSum, max(updated_at) AS maxUpdated FROM clippings WHERE deleted_at IS NULL`)
      .get() as { live: number; idSum: number; maxUpdated: string | null };
    const l = this.db.prepare(`SELECT count(*) AS links, total(clipping_id * 65599 + tag_id) AS linkSum FROM clipping_tags`).get() as {
      links: number;
      linkSum: number;
    };
    const t = this.db.prepare(`SELECT coalesce(group_concat(id || '=' || name, char(31)), '') AS tags FROM tags`).get() as { tags: string };
    return { ...c, ...l, tags: t.tags };
  }
}

function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.live === b.live && a.idSum === b.idSum && a.maxUpdated === b.maxUpdated && a.links === b.links && a.linkSum === b.linkSum && a.tags === b.tags;
}
