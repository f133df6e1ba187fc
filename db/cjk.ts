/**
 * Text in scripts written without spaces (Chinese, Japanese; Korean words with their
 * particles attached) is one long token to FTS5's unicode61 tokenizer, so a word inside
 * a sentence could not be found. The side index `clipping_cjk` holds overlapping
 * character bigrams of those runs instead (the classic CJK search approach): a query
 * word becomes the phrase of its bigrams.
 */

import type { Database } from 'better-sqlite3';

/** Han, Hiragana, Katakana (and the prolonged sound mark), Hangul. */
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\p{Script=Hangul}]+/gu;
const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The first code point of those scripts (Hangul Jamo); astral ones are written with surrogates, above it too. */
export const FIRST_CJK = 0x1100;
/** Below this code point, only the Hangul Jamo (FIRST_CJK…U+11FF) are of those scripts (the punctuation of U+2000… is not). */
export const CJK_BLOCKS_FROM = 0x2e80;

/**
 * Whether `text` holds a character of those scripts. Text without a code unit in the Hangul
 * Jamo or from CJK_BLOCKS_FROM up (any Latin, Greek or Cyrillic text, with its dashes and
 * typographic quotes) is answered by a scan of its code units, without the Unicode-property
 * regex (ten times slower over a clipping's text; every new clipping's text goes through
 * `cjkBigrams` in the insert trigger).
 */
export function hasCjk(text: string): boolean {
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= CJK_BLOCKS_FROM || (c >= FIRST_CJK && c <= 0x11ff)) break;
  }
  return i < text.length && HAS_CJK.test(text.slice(i));
}

function bigramsOfRun(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * The bigrams of every CJK run in `text`, space-separated ('' when there is none).
 * `clipping_cjk` is contentless: its triggers delete a document by recomputing these
 * bigrams from the old title and text (migration 8), so a change to the output needs a
 * migration that rebuilds `clipping_cjk`.
 */
export function cjkBigrams(text: string | null): string {
  if (!text || !hasCjk(text)) return '';
  const out: string[] = [];
  for (const m of text.matchAll(CJK_RUN)) out.push(...bigramsOfRun(m[0]));
  return out.join(' ');
}

/**
 * An FTS5 expression over `clipping_cjk` for a query word or phrase containing CJK
 * text: the phrase of its bigrams (a single character: a prefix).
 */
export function cjkMatch(text: string): string | null {
  const parts: string[] = [];
  for (const m of text.matchAll(CJK_RUN)) {
    const chars = [...m[0]];
    parts.push(chars.length === 1 ? `"${chars[0]}"*` : `"${bigramsOfRun(m[0]).join(' ')}"`);
  }
  return parts.length ? parts.join(' AND ') : null;
}

/**
 * Per connection: the bigrams (`cjkBigrams` of title, a space and text) of the rows its
 * writer is inserting, by clipping id, while it inserts them (`withKnownBigrams`).
 */
const knownBigrams = new WeakMap<Database, Map<number, string>>();

/**
 * Registers the functions the CJK index's triggers call: `cjk_bigrams(text)`, and
 * `cjk_bigrams_known(id)`, the bigrams of a row being inserted by `withKnownBigrams` on this
 * connection, else NULL. The insert trigger (migration 027) asks the second first and
 * computes the bigrams from the stored text only without them: an import's writer has the
 * texts it inserts at hand, where the trigger would read each one back from its compressed
 * column (a second time, after the body's index) and hand it to JavaScript again.
 */
export function registerCjkFunctions(db: Database): void {
  db.function('cjk_bigrams', { deterministic: true }, (text: unknown) => cjkBigrams(typeof text === 'string' ? text : null));
  db.function('cjk_bigrams_known', (id: unknown) => knownBigrams.get(db)?.get(Number(id)) ?? null);
}

/** Runs `insert` (which inserts exactly these rows) with their bigrams known to the insert trigger. */
export function withKnownBigrams<T>(db: Database, rows: readonly { id: number; title: string; text: string }[], insert: () => T): T {
  knownBigrams.set(db, new Map(rows.map((r) => [r.id, cjkBigrams(`${r.title} ${r.text}`)])));
  try {
    return insert();
  } finally {
    knownBigrams.delete(db);
  }
}
