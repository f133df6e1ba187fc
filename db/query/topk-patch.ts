/**
 * A ranking list brought up to date after writes, without reading it again (issue 13).
 *
 * A list (query/topk.ts) is read at one state of the body index (its last change mark
 * `seq`, its document count `rows`) and stays usable after writes: the clippings changed
 * since are scored beside it. But its stored match count — what gives the phrase's idf and
 * a query's total without a pass over the match (`unchangedHits`) — holds only while
 * nothing changed, so after one imported clipping every query of a broad phrase counted
 * its matches again (twice: idf and total), and scored the changed clippings by FTS5 (one
 * more pass), until the list was read again — which the warm-up never did, the list being
 * in date. `patch` moves the list to the state of now instead:
 *
 * - The changed clippings' terms are read from their documents (query/doc-counts.ts,
 *   `instances`: the index's own content and tokenizer), and the list's expression counted
 *   in each — a word, a prefix of one token, or a phrase of words (consecutive offsets in
 *   one column), weighted per column as bm25 weighs them. Other expressions are not
 *   patched (they stay as they were: correct, and counted again by each query as before).
 * - The list keeps its unchanged clippings and their counts; a changed clipping leaves it
 *   and comes back with its counts of now if it matches and could score above the list's
 *   bound at the list's largest avgdl (`avgdlMax`; g grows with avgdl), or — a list that
 *   is the whole match (`bound` 0) — if it matches at all. Every other clipping outside the
 *   list is, as before, one whose document has not changed since the list was read (its g
 *   is within the bound), or a changed one whose g now is: the bound holds at the new mark.
 *   The changed clippings leave the list's meta part (their body counts there are of then).
 * - The match count of now: the count of then, less the changed clippings that matched
 *   then, plus those that match now — when it is known for each changed clipping whether
 *   it matched then and was in the index: yes for a listed one (or one found in the meta
 *   index whose body matched), no for one whose id is above the largest the archive held
 *   when the list was read (`top`: added since). A deletion leaves no mark: the documents now must then be those of then plus
 *   the changed clippings' moves, or some were deleted and the count is not known. When
 *   the count is not known this way, it is made (one count over the match, what every
 *   query of the phrase made before, once).
 *
 * Everything is read in one read transaction (the state, the marks, the documents and the
 * count at one moment). An imported clipping (the everyday write) always patches without
 * a count; a body edit or trash of a listed clipping too.
 */
import type { Db } from '../open.ts';
import { phraseCount, type Doc, type DocCounts } from './doc-counts.ts';
import { WEIGHTS } from './split.ts';
import { g, MARGIN, type RankList } from './topk.ts';

export interface IndexState {
  rows: number;
  avgdl: number;
  seq: number;
  schema: number;
}

/**
 * Per connection, the changed clippings' documents read at one state (`seq rows`): a
 * warm-up patches thousands of lists after the same writes.
 */
const seen = new WeakMap<Db, { at: string; docs: Map<number, Doc | null> }>();

/**
 * How `expr` (a list's body expression) counts in a document: its column-weighted number
 * of instances; null for an expression not counted here.
 */
export function counter(docs: DocCounts, expr: string): ((d: Doc) => number) | null {
  const m = /^"((?:[^"]|"")+)"(\*?)$/u.exec(expr);
  if (!m) return null;
  const text = m[1]!.replaceAll('""', '"');
  const tokens = docs.terms(text);
  if (!tokens || tokens.length === 0) return null;
  if (m[2] === '*') {
    // A prefix of one token (ASCII letters and digits), as the tokenizer makes it of the query's text — which is what
    // FTS5 looks for (its porter stemmer takes a prefix as a word: `mus*` finds the terms beginning with `mu`).
    const p = tokens[0]!;
    if (tokens.length !== 1 || !/^[a-z0-9]+$/.test(p)) return null;
    return (d) => {
      let n = 0;
      for (const [col, terms] of d.cols) for (const t of terms) if (t !== undefined && t.startsWith(p)) n += WEIGHTS[col]!;
      return n;
    };
  }
  return (d) => phraseCount(tokens, d.cols);
}

/**
 * `list` (read at an earlier state, in date) brought to the state of now, or null when it
 * cannot be (an expression not counted here, a document not what the index holds, a list
 * without its counts). Outside a transaction only. `count`: the phrase's matches now, by
 * SQL. `counted`: whether it was asked. `most`: at most this many documents are read (not
 * already read on this connection in this state); more, and it is not patched.
 */
export function patch(
  db: Db,
  docs: DocCounts,
  expr: string,
  list: Readonly<RankList>,
  state: () => IndexState,
  count: () => number,
  most = Infinity,
): { list: RankList; counted: boolean } | null {
  if (db.inTransaction || list.hits === undefined || list.rows === undefined) return null;
  const weigh = counter(docs, expr);
  if (!weigh) return null;
  return db.transaction(() => {
    const now = state();
    if (now.schema !== list.schema || now.seq < list.seq || now.rows === 0) return null;
    const changed = (db.prepare('SELECT DISTINCT clipping_id AS id FROM clipping_rank_changes WHERE seq > ? ORDER BY clipping_id').all(list.seq) as { id: number }[]).map((r) => r.id);
    // (Read in the transaction: every clipping now is at most this.)
    const top = (db.prepare('SELECT coalesce(max(id), 0) AS top FROM clippings').get() as { top: number }).top;
    const got = documents(db, docs, changed, now, most);
    if (!got) return null;
    const at = new Map<number, number>();
    list.ids.forEach((id, i) => at.set(id, i));
    const metaAt = new Map<number, number>();
    list.meta?.ids.forEach((id, i) => metaAt.set(id, i));
    // The match count: then's, moved by each changed clipping when its state then is known.
    let hits = list.hits!;
    let rows = list.rows!;
    let known = true;
    // Each changed clipping's weighted count now (0: no match, or not in the index).
    const fresh = changed.map((id) => ({ id, wtf: got.get(id) ? weigh(got.get(id)!) : 0, len: got.get(id)?.len ?? 0 }));
    for (const { id, wtf } of fresh) {
      // Then: matched, and so was in the index (1, 1) — a listed clipping, or one found in the meta index whose body
      // matched; not there (0, 0) — added since. Otherwise not known (whether it matched, or was in the index).
      const metaWtf = metaAt.has(id) ? list.meta!.wtf[metaAt.get(id)!]! : 0;
      const then: [number, number] | null = list.top !== undefined && id > list.top ? [0, 0] : at.has(id) || metaWtf > 0 ? [1, 1] : null;
      if (then === null) {
        known = false;
        break;
      }
      hits += (wtf > 0 ? 1 : 0) - then[0];
      rows += (got.get(id) ? 1 : 0) - then[1];
    }
    // (A deletion leaves no mark: the documents now must be then's moved by the changed ones.)
    const counted = !known || rows !== now.rows;
    if (counted) hits = count();
    const gone = new Set(changed);
    // A clipping deleted without a mark may have been listed: those no longer in the index leave the list (readers take a
    // list at the index's document count for one with none deleted since).
    if (counted) {
      const there = new Set((db.prepare('SELECT id FROM clipping_fts_docsize WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([...list.ids])) as { id: number }[]).map((r) => r.id));
      for (const id of list.ids) if (!there.has(id)) gone.add(id);
    }
    const entries: { id: number; wtf: number; len: number }[] = [];
    list.ids.forEach((id, i) => {
      if (!gone.has(id)) entries.push({ id, wtf: list.wtf[i]!, len: list.len[i]! });
    });
    for (const f of fresh) if (f.wtf > 0 && (list.bound === 0 || g(f.wtf, f.len, list.avgdlMax) * (1 + MARGIN) > list.bound)) entries.push(f);
    // Best first by g now, ties by id (as a list is read).
    const score = new Map(entries.map((e) => [e.id, g(e.wtf, e.len, now.avgdl)]));
    entries.sort((a, b) => score.get(b.id)! - score.get(a.id)! || a.id - b.id);
    const meta = list.meta && keepMeta(list.meta, gone);
    const patched: RankList = {
      schema: list.schema,
      seq: now.seq,
      avgdlMax: list.avgdlMax,
      bound: list.bound,
      ids: Int32Array.from(entries, (e) => e.id),
      wtf: Int32Array.from(entries, (e) => e.wtf),
      len: Int32Array.from(entries, (e) => e.len),
      hits,
      rows: now.rows,
      top,
      ...(meta ? { meta } : {}),
    };
    return { list: patched, counted };
  })();
}

/**
 * `list` with its `top` (a list stored before it was kept), when it is at the state of now:
 * no clipping added since, none in the index deleted — so the largest id now is as large as
 * any in the index then (a larger one since purged was in the trash, out of the index, and
 * one given its id again is rightly taken as added since). Null otherwise.
 */
export function withTop(db: Db, list: Readonly<RankList>, state: () => IndexState): RankList | null {
  if (list.top !== undefined || list.hits === undefined || db.inTransaction) return null;
  return db.transaction(() => {
    const now = state();
    if (now.seq !== list.seq || now.rows !== list.rows || now.schema !== list.schema) return null;
    return { ...list, top: (db.prepare('SELECT coalesce(max(id), 0) AS top FROM clippings').get() as { top: number }).top };
  })();
}

/** The meta part without the changed clippings. */
function keepMeta(meta: NonNullable<RankList['meta']>, gone: ReadonlySet<number>): NonNullable<RankList['meta']> {
  const keep: number[] = [];
  meta.ids.forEach((id, i) => {
    if (!gone.has(id)) keep.push(i);
  });
  return { ids: Int32Array.from(keep, (i) => meta.ids[i]!), wtf: Int32Array.from(keep, (i) => meta.wtf[i]!), len: Int32Array.from(keep, (i) => meta.len[i]!) };
}

/** The documents of `ids` now (null: not in the index), read once per state per connection; null when one's content is not what the index holds, or more than `most` are to be read. */
function documents(db: Db, docs: DocCounts, ids: readonly number[], now: IndexState, most: number): Map<number, Doc | null> | null {
  const key = `${now.schema} ${now.seq} ${now.rows}`;
  let mine = seen.get(db);
  if (!mine || mine.at !== key) {
    mine = { at: key, docs: new Map() };
    seen.set(db, mine);
  }
  const missing = ids.filter((id) => !mine!.docs.has(id));
  if (missing.length > most) return null;
  for (let i = 0; i < missing.length; i += 200) {
    const part = missing.slice(i, i + 200);
    const read = docs.instances(part);
    if (!read) return null;
    for (const id of part) mine.docs.set(id, read.get(id) ?? null);
  }
  return new Map(ids.map((id) => [id, mine!.docs.get(id) ?? null]));
}
