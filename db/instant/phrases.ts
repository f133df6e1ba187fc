/**
 * What instant search holds: the *phrases* of every live clipping and the vocabulary of
 * their words. A phrase is one distinct (field, text) pair — a title, a byline, an
 * outlet, a tag, a name (db/names.ts) — indexed once in FlexSearch with a sorted posting
 * list of the clippings that have it. Names repeat across clippings ("Vladimir Putin" is
 * in thousands), so this is far smaller than a FlexSearch document per clipping. Bodies
 * are never held: at 100k+ clippings that costs too much.
 *
 * FlexSearch indexes whole words (`tokenize: 'strict'`, words folded by words/encode).
 * Measured at 10k clippings, `tokenize: 'forward'` (every prefix of every word indexed)
 * took 37 MB of heap for 14k phrases against 5 MB for 'strict' — 7× more, too much at
 * 100k titles; prefixes are expanded from the sorted vocabulary instead (suggest.ts).
 * Every vocabulary word's deletions go into the typo map (typos.ts).
 *
 * Answering queries is `InstantIndex` (suggest.ts), which extends this store.
 */
import { Index } from 'flexsearch';
import type { Suggestion } from '../../electron/contract/shapes.ts';
import type { Vocabulary } from './corrections.ts';
import { DeletionTable, deletions, hash32 } from './typos.ts';
import { encode, maxEdits, splitWords } from './words.ts';

export type InstantField = Suggestion['field'];

export type InstantRow = {
  id: number;
  title: string;
  byline: string | null;
  outlet: string | null;
  tags: string[];
  names: string[];
};

export type InstantSnapshot = {
  format: 'cuttings-instant';
  version: 1;
  /** [id, title, byline, outlet, tags, names] per clipping. */
  rows: [number, string, string | null, string | null, string[], string[]][];
  /** Set by InstantSync: the newest `updated_at` the snapshot reflects. */
  watermark?: string | null;
};

/**
 * The built index as plain data, for the snapshot on disk (sync.ts; its layout: snapshot.ts): restoring it skips
 * the work of `build` — folding every phrase, indexing it in FlexSearch, the typo map —
 * which took seconds at 100k rows. Lists of numbers are packed into typed arrays and
 * texts into JSON (V8 copies the first and parses the second far faster than a
 * hundred thousand small arrays and strings); maps keyed by text are rebuilt from the
 * arrays.
 */
export type PhraseState = {
  format: 'cuttings-instant-state';
  version: 1;
  /** JSON of `pText` (a free phrase id as null). */
  pText: string;
  pField: Int32Array;
  /** Clipping ids per phrase id, and word ids per phrase id (a free phrase id as length -1). */
  pDocs: PackedLists<Float64Array>;
  pWords: PackedLists<Int32Array>;
  freePids: number[];
  deadPids: number[];
  /** Clippings: ids, their phrase ids, and (JSON) their title when it is not their first phrase's text (null when it is). */
  docIds: Float64Array;
  docPids: PackedLists<Int32Array>;
  docTitles: string;
  wText: string[];
  wDisplay: string[];
  wRefs: Int32Array;
  deletes: { keys: Int32Array; vals: Int32Array; size: number };
  sorted: string[];
  unsorted: string[];
  /** FlexSearch's `export()`: [key, JSON] pairs. */
  flex: [string, string][];
};

/** Lists of numbers end to end: `lengths[i]` -1 for a missing list. */
type PackedLists<A extends Int32Array | Float64Array> = { lengths: Int32Array; values: A };

function pack<A extends Int32Array | Float64Array>(lists: readonly (readonly number[] | undefined)[], make: (n: number) => A): PackedLists<A> {
  const lengths = new Int32Array(lists.length);
  let total = 0;
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i];
    lengths[i] = list ? list.length : -1;
    total += list ? list.length : 0;
  }
  const values = make(total);
  let at = 0;
  for (const list of lists) if (list) for (const v of list) values[at++] = v;
  return { lengths, values };
}

function unpack(packed: PackedLists<Int32Array | Float64Array>): (number[] | undefined)[] {
  const out: (number[] | undefined)[] = new Array(packed.lengths.length);
  let at = 0;
  for (let i = 0; i < packed.lengths.length; i++) {
    const n = packed.lengths[i]!;
    if (n < 0) {
      out[i] = undefined;
      continue;
    }
    const list = new Array<number>(n);
    for (let k = 0; k < n; k++) list[k] = packed.values[at + k]!;
    out[i] = list;
    at += n;
  }
  if (at !== packed.values.length) throw new Error('inconsistent instant-search state');
  return out;
}

export const FIELDS: readonly InstantField[] = ['title', 'byline', 'outlet', 'tag', 'name'];
const FIELD_CODE: Record<InstantField, number> = { title: 0, byline: 1, outlet: 2, tag: 3, name: 4 };

type Doc = { title: string; pids: number[] };

function newFlex(): Index {
  return new Index({ tokenize: 'strict', encode, resolution: 9, cache: false, fastupdate: false });
}

/** Phrases, clippings and vocabulary; `InstantIndex` (suggest.ts) adds the lookups. */
export class PhraseStore implements Vocabulary {
  protected flex = newFlex();
  // Phrases
  /**
   * Per field: phrase text → phrase id (keys share the `pText` strings). Only changes
   * need it: after `restoreState` it is made from `pText` at its first use, so a process
   * that only looks up (a CLI search's close matches) never makes it (~90 ms at 100k).
   */
  private phraseIdMaps: Map<string, number>[] | null = FIELDS.map(() => new Map<string, number>());
  protected pText: (string | undefined)[] = [];
  protected pField: number[] = [];
  protected pDocs: (number[] | undefined)[] = [];
  protected pWords: (number[] | undefined)[] = [];
  private freePids: number[] = [];
  /** Phrases gone but still in FlexSearch (removal there scans its whole map: ~6 ms at 100k). */
  private deadPids: number[] = [];
  // Clippings
  protected docs = new Map<number, Doc>();
  // Vocabulary (folded words) with its deletion map
  protected wordIds = new Map<string, number>();
  protected wText: string[] = [];
  protected wDisplay: string[] = [];
  protected wRefs: number[] = [];
  protected deletes = new DeletionTable();
  /** Folded vocabulary words in code-unit order, for completions; new words wait in `unsorted`. */
  protected sorted: string[] = [];
  protected unsorted: string[] = [];

  /** Live clippings indexed. */
  get size(): number {
    return this.docs.size;
  }

  /** Counts of what is held (for the benchmark and diagnostics). */
  stats(): { clippings: number; phrases: number; words: number; deletionKeys: number } {
    return { clippings: this.docs.size, phrases: this.phraseCount(), words: this.wordIds.size, deletionKeys: this.deletes.size };
  }

  private get phraseIds(): Map<string, number>[] {
    if (!this.phraseIdMaps) {
      this.phraseIdMaps = FIELDS.map(() => new Map<string, number>());
      for (let pid = 0; pid < this.pText.length; pid++) {
        const text = this.pText[pid];
        if (text !== undefined) this.phraseIdMaps[this.pField[pid]!]!.set(text, pid);
      }
    }
    return this.phraseIdMaps;
  }

  private phraseCount(): number {
    return this.phraseIds.reduce((n, m) => n + m.size, 0);
  }

  has(id: number): boolean {
    return this.docs.has(id);
  }

  // The vocabulary, for corrections.ts.
  wordId(folded: string): number | undefined {
    return this.wordIds.get(folded);
  }

  wordText(wid: number): string {
    return this.wText[wid]!;
  }

  wordDisplay(wid: number): string {
    return this.wDisplay[wid]!;
  }

  wordRefs(wid: number): number {
    return this.wRefs[wid]!;
  }

  forEachDeletion(h: number, fn: (wid: number) => void): void {
    this.deletes.forEach(h, fn);
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
    this.flex = newFlex();
    this.phraseIdMaps = FIELDS.map(() => new Map<string, number>());
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

  /** The built index as plain data (it shares a few arrays with this store: serialize it, do not keep it). */
  state(): PhraseState {
    const docIds = new Float64Array(this.docs.size);
    const docPids: number[][] = [];
    const docTitles: (string | null)[] = [];
    for (const [id, doc] of this.docs) {
      docIds[docPids.length] = id;
      docPids.push(doc.pids);
      const first = doc.pids[0];
      docTitles.push(first !== undefined && this.pText[first] === doc.title ? null : doc.title);
    }
    const flex: [string, string][] = [];
    this.flex.export((key, data) => {
      flex.push([key, data]);
    });
    return {
      format: 'cuttings-instant-state',
      version: 1,
      pText: JSON.stringify(this.pText),
      pField: Int32Array.from(this.pField),
      pDocs: pack(this.pDocs, (n) => new Float64Array(n)),
      pWords: pack(this.pWords, (n) => new Int32Array(n)),
      freePids: this.freePids,
      deadPids: this.deadPids,
      docIds,
      docPids: pack(docPids, (n) => new Int32Array(n)),
      docTitles: JSON.stringify(docTitles),
      wText: this.wText,
      wDisplay: this.wDisplay,
      wRefs: Int32Array.from(this.wRefs),
      deletes: this.deletes.state(),
      sorted: this.sorted,
      unsorted: this.unsorted,
      flex,
    };
  }

  /** Replaces the whole content with a `state()`. */
  restoreState(state: PhraseState): void {
    if (state?.format !== 'cuttings-instant-state' || state.version !== 1) throw new Error('not a Cuttings instant-search state (version 1)');
    const pText = (JSON.parse(state.pText) as (string | null)[]).map((t) => t ?? undefined);
    const pDocs = unpack(state.pDocs);
    const pWords = unpack(state.pWords);
    const docPids = unpack(state.docPids);
    const docTitles = JSON.parse(state.docTitles) as (string | null)[];
    const n = pText.length;
    if (state.pField.length !== n || pDocs.length !== n || pWords.length !== n || docPids.length !== state.docIds.length || docTitles.length !== state.docIds.length) {
      throw new Error('inconsistent instant-search state');
    }
    this.clear();
    for (const [key, data] of state.flex) this.flex.import(key, data);
    this.pText = pText;
    this.pField = Array.from(state.pField);
    this.pDocs = pDocs;
    this.pWords = pWords;
    this.freePids = state.freePids;
    this.deadPids = state.deadPids;
    this.phraseIdMaps = null;
    for (let i = 0; i < docPids.length; i++) {
      const pids = docPids[i]!;
      this.docs.set(state.docIds[i]!, { title: docTitles[i] ?? pText[pids[0]!]!, pids });
    }
    this.wText = state.wText;
    this.wDisplay = state.wDisplay;
    this.wRefs = Array.from(state.wRefs);
    for (let wid = 0; wid < state.wText.length; wid++) this.wordIds.set(state.wText[wid]!, wid);
    this.deletes.restore(state.deletes);
    this.sorted = state.sorted;
    this.unsorted = state.unsorted;
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
    this.flex = newFlex();
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
