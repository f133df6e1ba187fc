/**
 * Anchoring highlights to clipping text (W3C Web Annotation selectors).
 *
 * A highlight is stored as a TextQuoteSelector (exact + prefix + suffix) and
 * a TextPositionSelector (start, end; UTF-16 indexes into the clean text).
 * When the text changes (re-extraction, a user correction) `reanchor` finds
 * the highlighted words again, or reports the highlight as orphaned. The one
 * rule above all others: never return a range on different words — when in
 * doubt, orphan.
 *
 * Every comparison of quotes and context happens in typographically
 * normalised space (see ./normalise.ts) and maps back to original offsets.
 *
 * All functions here are pure: no database, no I/O.
 */
import search from 'approx-string-match';
import { normalise, normaliseTrimmed, toOriginal, type NormalisedText } from './normalise.ts';

// ---------------------------------------------------------------------------
// Tuning constants

/** Context stored on each side of a quote, in UTF-16 units. */
export const CONTEXT_LENGTH = 32;
/** A cut context is trimmed to a word boundary only if at least this much remains. */
const MIN_TRIMMED_CONTEXT = 16;
/**
 * One side of the context "agrees" with a candidate when this many
 * normalised units (or the whole stored side, if shorter) match — half the
 * stored context, so a phrase that merely repeats nearby words does not pass.
 */
const CONTEXT_AGREEMENT = 16;
/**
 * Evidence needed to anchor (see `isSupported`): shorter quotes need both
 * sides of context to agree. An exact quote at least this long (normalised)
 * is distinctive enough on its own; a fuzzy one needs one agreeing side too.
 */
export const MIN_CONTEXT_FREE_QUOTE = 40;
/** A fuzzy quote at least this long may anchor with no agreeing context, if it is the unique best. */
export const MIN_CONTEXT_FREE_FUZZY_QUOTE = 80;
/** Quotes shorter than this (normalised) are never fuzzy-matched. */
export const MIN_FUZZY_QUOTE = 10;
/** Fuzzy error budget: one edit per this many quote units… */
export const FUZZY_UNITS_PER_ERROR = 10;
/** …capped, so a long quote cannot absorb a rewritten sentence (and Myers stays at one error block). */
export const MAX_FUZZY_ERRORS = 32;
/** How many times the fuzzy search masks its best places and looks again for a runner-up. */
const FUZZY_ROUNDS = 3;
/** Fills masked-out regions during repeated fuzzy searches; normalise() never emits it. */
const MASK_UNIT = '\uFFFF';
/** Quotes shown in error messages are shortened to this many characters. */
const MAX_QUOTE_IN_MESSAGE = 60;

// ---------------------------------------------------------------------------
// Types and errors

export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface PositionSelector {
  start: number;
  end: number;
}

/** A stored selector as kept with an annotation (positions are null once orphaned). */
export interface StoredSelector extends QuoteSelector {
  start: number | null;
  end: number | null;
}

/** What the user typed to create a highlight. */
export interface QuoteQuery {
  exact: string;
  prefix?: string;
  suffix?: string;
}

export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

export type AnchorResult =
  | { state: 'anchored'; start: number; end: number; method: AnchorMethod }
  | { state: 'orphaned' };

export class AnchorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnchorError';
  }
}

export class AmbiguousQuoteError extends AnchorError {
  readonly count: number;
  constructor(quote: string, count: number) {
    super(`the quote ${showQuote(quote)} matches ${count} places; add --prefix or --suffix to choose one`);
    this.name = 'AmbiguousQuoteError';
    this.count = count;
  }
}

// ---------------------------------------------------------------------------
// describeRange

/** Builds quote + position selectors for text[start, end). Throws AnchorError on an invalid range. */
export function describeRange(text: string, start: number, end: number): QuoteSelector & PositionSelector {
  validateRange(text, start, end);
  return {
    exact: text.slice(start, end),
    prefix: prefixBefore(text, start),
    suffix: suffixAfter(text, end),
    start,
    end,
  };
}

function validateRange(text: string, start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new AnchorError(`invalid range ${start}–${end}: offsets must be integers`);
  }
  if (start < 0 || end > text.length) {
    throw new AnchorError(`range ${start}–${end} is outside the text (length ${text.length})`);
  }
  if (start >= end) {
    throw new AnchorError(`invalid range ${start}–${end}: start must be less than end`);
  }
  for (const at of [start, end]) {
    if (splitsSurrogatePair(text, at)) {
      throw new AnchorError(`range ${start}–${end} splits a surrogate pair at offset ${at}`);
    }
  }
}

function prefixBefore(text: string, start: number): string {
  const from = Math.max(0, start - CONTEXT_LENGTH);
  let prefix = text.slice(from, start);
  if (from > 0 && !isSpace(text[from - 1]) && !isSpace(prefix[0])) {
    // The cut fell inside a word: drop the partial word when that is cheap.
    const space = prefix.search(/\s/);
    if (space >= 0 && prefix.length - space - 1 >= MIN_TRIMMED_CONTEXT) prefix = prefix.slice(space + 1);
  }
  if (isLowSurrogate(prefix.charCodeAt(0))) prefix = prefix.slice(1);
  return prefix;
}

function suffixAfter(text: string, end: number): string {
  const to = Math.min(text.length, end + CONTEXT_LENGTH);
  let suffix = text.slice(end, to);
  if (to < text.length && !isSpace(text[to]) && !isSpace(suffix[suffix.length - 1])) {
    const space = lastSpace(suffix);
    if (space >= MIN_TRIMMED_CONTEXT) suffix = suffix.slice(0, space);
  }
  if (isHighSurrogate(suffix.charCodeAt(suffix.length - 1))) suffix = suffix.slice(0, -1);
  return suffix;
}

// ---------------------------------------------------------------------------
// locateQuote

/**
 * Finds the single place where a typed quote occurs (typographically
 * tolerant). With prefix/suffix, only places whose preceding text ends with
 * the prefix / following text starts with the suffix count.
 */
export function locateQuote(text: string, query: QuoteQuery): PositionSelector {
  const needle = normaliseTrimmed(query.exact);
  if (needle === '') throw new AnchorError('the quote is empty');
  const norm = normalisedText(text);
  const prefix = normaliseTrimmed(query.prefix ?? '');
  const suffix = normaliseTrimmed(query.suffix ?? '');
  const all = occurrences(norm.text, needle);
  const kept = all.filter(
    (at) =>
      commonSuffixBefore(norm.text, at, prefix) === prefix.length &&
      commonPrefixAfter(norm.text, at + needle.length, suffix) === suffix.length,
  );
  const [first] = kept;
  if (first === undefined) {
    const context = all.length > 0 ? ` with that ${describeContext(prefix, suffix)} (without it, it matches ${all.length})` : '';
    throw new AnchorError(`the quote ${showQuote(query.exact)} does not occur in the text${context}`);
  }
  if (kept.length > 1) throw new AmbiguousQuoteError(query.exact, kept.length);
  return toOriginal(norm, first, first + needle.length);
}

function describeContext(prefix: string, suffix: string): string {
  if (prefix && suffix) return 'prefix and suffix';
  return prefix ? 'prefix' : 'suffix';
}

// ---------------------------------------------------------------------------
// reanchor

interface Candidate {
  /** Normalised range. */
  from: number;
  to: number;
  errors: number;
  /** Normalised units of stored prefix + suffix that agree with the text around the candidate. */
  context: number;
  /** How many sides of the stored context (prefix, suffix) agree: 0, 1 or 2. */
  sides: number;
  /** Enough evidence that these are the highlighted words (see `isSupported`). */
  supported: boolean;
  /** Distance (original units) from the old start; 0 when unknown. */
  distance: number;
}

/**
 * Re-anchors a stored selector on (possibly changed) text:
 * position → exact quote (normalised) → fuzzy quote → orphaned.
 */
export function reanchor(text: string, selector: StoredSelector): AnchorResult {
  const norm = normalisedText(text);
  const needle = normaliseTrimmed(selector.exact);
  const scorer = new ContextScorer(norm, selector, needle.length);
  const exactHits =
    needle === '' ? [] : occurrences(norm.text, needle).map((at) => scorer.candidate(at, at + needle.length, 0));

  // a. position: the old offsets still hold the exact quote, with enough evidence
  //    (a short quote at its old offsets is not trusted if its context changed), and
  //    no other occurrence matches the stored context better.
  const { start, end } = selector;
  if (
    start !== null &&
    end !== null &&
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    start < end &&
    end <= text.length &&
    text.slice(start, end) === selector.exact
  ) {
    const here = scorer.candidateAtOriginal(start, end);
    if (here.supported && exactHits.every((other) => other.context <= here.context)) {
      return anchored(start, end, 'position');
    }
  }
  // A whitespace-only selection has nothing to search for once it has moved.
  if (needle === '') return ORPHANED;

  // b. exact quote (normalised): the unambiguous best by context, then distance.
  const byQuote = pickUnambiguous(exactHits);
  if (byQuote) return anchoredAt(text, norm, byQuote, selector.exact, 'quote');

  // c. fuzzy quote within a bounded error budget. Exact places compete too (0 errors),
  //    but they were already judged in b, so only an inexact winner counts.
  if (needle.length >= MIN_FUZZY_QUOTE) {
    const byFuzzy = pickUnambiguous(fuzzyCandidates(norm.text, needle, scorer));
    if (byFuzzy && byFuzzy.errors > 0) return anchoredAt(text, norm, byFuzzy, selector.exact, 'fuzzy');
  }

  // d. nothing trustworthy.
  return ORPHANED;
}

/** The fuzzy error budget for a normalised quote of this length. */
export function fuzzyErrorBudget(quoteLength: number): number {
  if (quoteLength < MIN_FUZZY_QUOTE) return 0;
  return Math.min(MAX_FUZZY_ERRORS, Math.floor(quoteLength / FUZZY_UNITS_PER_ERROR));
}

const ORPHANED: AnchorResult = Object.freeze({ state: 'orphaned' });

function anchored(start: number, end: number, method: AnchorMethod): AnchorResult {
  return { state: 'anchored', start, end, method };
}

/**
 * Maps a candidate back to original offsets. Matching ignores whitespace at
 * the quote's edges; where the stored quote began or ended with whitespace
 * and the text still has whitespace there, the same amount is re-included.
 */
function anchoredAt(text: string, norm: NormalisedText, c: Candidate, exact: string, method: AnchorMethod): AnchorResult {
  let { start, end } = toOriginal(norm, c.from, c.to);
  let lead = 0;
  while (lead < exact.length && isSpace(exact[lead])) lead++;
  let trail = 0;
  while (trail < exact.length - lead && isSpace(exact[exact.length - 1 - trail])) trail++;
  for (; lead > 0 && start > 0 && isSpace(text[start - 1]); lead--) start--;
  for (; trail > 0 && end < text.length && isSpace(text[end]); trail--) end++;
  return anchored(start, end, method);
}

/** Scores candidates against the stored context and old position. */
class ContextScorer {
  private readonly norm: NormalisedText;
  private readonly prefix: string;
  private readonly suffix: string;
  private readonly oldStart: number | null;
  private readonly needleLength: number;

  constructor(norm: NormalisedText, selector: StoredSelector, needleLength: number) {
    this.norm = norm;
    this.prefix = normaliseTrimmed(selector.prefix);
    this.suffix = normaliseTrimmed(selector.suffix);
    this.oldStart = selector.start;
    this.needleLength = needleLength;
  }

  candidate(from: number, to: number, errors: number): Candidate {
    const text = this.norm.text;
    const before = commonSuffixBefore(text, from, this.prefix);
    const after = commonPrefixAfter(text, to, this.suffix);
    const sides = Number(sideAgrees(this.prefix, before)) + Number(sideAgrees(this.suffix, after));
    const start = this.norm.starts[from] as number;
    return {
      from,
      to,
      errors,
      context: before + after,
      sides,
      supported: isSupported(this.needleLength, errors, sides),
      distance: this.oldStart === null ? 0 : Math.abs(start - this.oldStart),
    };
  }

  /** A candidate for an original range (used for the position check). */
  candidateAtOriginal(start: number, end: number): Candidate {
    const { from, to } = toNormalisedRange(this.norm, start, end);
    return this.candidate(from, to, 0);
  }
}

/**
 * The evidence rule, the same for every step (position, quote, fuzzy):
 * - both sides of the stored context agree; or
 * - an exact quote is long enough to be distinctive on its own; or
 * - a fuzzy quote is long and one side agrees, or very long.
 * Anything less is doubt, and doubt orphans.
 */
function isSupported(quoteLength: number, errors: number, sides: number): boolean {
  if (sides === 2) return true;
  if (errors === 0) return quoteLength >= MIN_CONTEXT_FREE_QUOTE;
  return (sides === 1 && quoteLength >= MIN_CONTEXT_FREE_QUOTE) || quoteLength >= MIN_CONTEXT_FREE_FUZZY_QUOTE;
}

/**
 * Whether one side of the stored context agrees. An empty stored side (the
 * quote touched the edge of the text) carries no evidence, so it cannot disagree.
 */
function sideAgrees(stored: string, matched: number): boolean {
  return matched >= Math.min(CONTEXT_AGREEMENT, stored.length);
}

/** Best candidate if it is supported and strictly better than the runner-up; else null. */
function pickUnambiguous(candidates: readonly Candidate[]): Candidate | null {
  const ranked = [...candidates].sort(compareCandidates);
  const [best, runnerUp] = ranked;
  if (!best || !best.supported) return null;
  if (runnerUp && compareCandidates(best, runnerUp) === 0) return null;
  return best;
}

/** Ranking: supported first, then fewer errors, more agreeing context, nearer the old start. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    Number(b.supported) - Number(a.supported) ||
    a.errors - b.errors ||
    b.context - a.context ||
    a.distance - b.distance
  );
}

/**
 * Approximate matches of `needle` in normalised `text`. approx-string-match
 * reports only the lowest-error matches, so after each round the places found
 * are masked out and the search repeats to reveal runners-up.
 */
function fuzzyCandidates(text: string, needle: string, scorer: ContextScorer): Candidate[] {
  const budget = fuzzyErrorBudget(needle.length);
  const found: Candidate[] = [];
  let haystack = text;
  for (let round = 0; round < FUZZY_ROUNDS; round++) {
    const matches = search(haystack, needle, budget);
    if (matches.length === 0) break;
    // Overlapping matches are one place: mask their union, keep the one closest to the quote's length.
    matches.sort((a, b) => a.start - b.start);
    const masks: Array<[number, number]> = [];
    const places: Array<{ start: number; end: number; errors: number }> = [];
    for (const m of matches) {
      const last = masks[masks.length - 1];
      const place = places[places.length - 1];
      if (last && place && m.start < last[1]) {
        last[1] = Math.max(last[1], m.end);
        if (lengthMisfit(m, needle) < lengthMisfit(place, needle)) places[places.length - 1] = m;
      } else {
        masks.push([m.start, m.end]);
        places.push(m);
      }
    }
    for (const m of places) {
      const [from, to] = trimSpaces(text, m.start, m.end);
      if (from < to && !found.some((c) => from < c.to && c.from < to)) {
        found.push(scorer.candidate(from, to, m.errors));
      }
    }
    haystack = mask(haystack, masks);
  }
  return found;
}

function lengthMisfit(m: { start: number; end: number }, needle: string): number {
  return Math.abs(m.end - m.start - needle.length);
}

function trimSpaces(text: string, from: number, to: number): [number, number] {
  while (from < to && text[from] === ' ') from++;
  while (to > from && text[to - 1] === ' ') to--;
  // Never start or end between the halves of a surrogate pair.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from)) && isHighSurrogate(text.charCodeAt(from - 1))) from--;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to)) && isHighSurrogate(text.charCodeAt(to - 1))) to++;
  return [from, to];
}

function mask(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  for (const [from, to] of ranges) {
    out += text.slice(at, from) + MASK_UNIT.repeat(to - from);
    at = to;
  }
  return out + text.slice(at);
}

// ---------------------------------------------------------------------------
// Normalised-space helpers

let cachedSource: string | undefined;
let cachedNormalised: NormalisedText | undefined;

/** normalise() with a one-entry memo: re-anchoring many highlights on one text normalises it once. */
function normalisedText(text: string): NormalisedText {
  if (cachedNormalised === undefined || cachedSource !== text) {
    cachedSource = text;
    cachedNormalised = normalise(text);
  }
  return cachedNormalised;
}

/** All (possibly overlapping) start offsets of `needle` in `text`. */
function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/**
 * How many trailing units of `context` match the text ending at `at`.
 * Whitespace at the seam is not significant: `context` is trimmed and spaces
 * just before `at` are skipped.
 */
function commonSuffixBefore(text: string, at: number, context: string): number {
  let i = at;
  while (i > 0 && text[i - 1] === ' ') i--;
  let n = 0;
  while (n < context.length && i - 1 - n >= 0 && text[i - 1 - n] === context[context.length - 1 - n]) n++;
  return n;
}

/** How many leading units of `context` match the text starting at `at` (seam whitespace skipped). */
function commonPrefixAfter(text: string, at: number, context: string): number {
  let i = at;
  while (i < text.length && text[i] === ' ') i++;
  let n = 0;
  while (n < context.length && i + n < text.length && text[i + n] === context[n]) n++;
  return n;
}

/** The normalised range covering the original range [start, end). */
function toNormalisedRange(norm: NormalisedText, start: number, end: number): { from: number; to: number } {
  const from = lowerBound(norm.ends, start + 1);
  return { from, to: Math.max(from, lowerBound(norm.starts, end)) };
}

/** First index i with values[i] >= target (values ascending). */
function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------
// Small utilities

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

function lastSpace(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if (isSpace(s[i])) return i;
  return -1;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function splitsSurrogatePair(text: string, at: number): boolean {
  return at > 0 && at < text.length && isHighSurrogate(text.charCodeAt(at - 1)) && isLowSurrogate(text.charCodeAt(at));
}

function showQuote(quote: string): string {
  const oneLine = quote.replace(/\s+/g, ' ').trim();
  const shown = oneLine.length > MAX_QUOTE_IN_MESSAGE ? `${oneLine.slice(0, MAX_QUOTE_IN_MESSAGE - 1)}…` : oneLine;
  return `"${shown}"`;
}
