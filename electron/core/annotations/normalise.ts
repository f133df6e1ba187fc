/**
 * Typographic normalisation with an index map back to the original string.
 *
 * Anchoring compares text that may have been re-extracted or corrected:
 * curly quotes become straight ones, dashes change, whitespace is reflowed.
 * Instead of building tolerant regular expressions we normalise both sides
 * with the same rules and keep, for every normalised UTF-16 unit, the range
 * of original units it came from, so a match in normalised space maps back
 * to exact original offsets.
 *
 * Rules (one normalised unit per original unit unless stated):
 * - any run of whitespace (spaces, tabs, line breaks, NBSP, thin/narrow
 *   spaces…) becomes one ' ' covering the whole run;
 * - single quotes and apostrophes (‘ ’ ‚ ‛ ‹ › ′ ´ `) become "'";
 * - double quotes (“ ” „ ‟ « » ″) become '"' — quote characters stay quote
 *   characters, they are never ignored;
 * - dashes and minus signs (‐ ‑ ‒ – — ― − …) become '-';
 * - '…' becomes '...' (three units mapped to the one original unit);
 * - invisible format characters (soft hyphen, zero-width space, word joiner,
 *   BOM) are dropped;
 * - U+FFFF (a noncharacter, reserved for masking) becomes U+FFFD;
 * - everything else (letters, case, digits, emoji, ZWJ) is kept as is.
 */

export interface NormalisedText {
  /** The normalised string. */
  readonly text: string;
  /** Original offset where normalised unit i starts. */
  readonly starts: readonly number[];
  /** Original offset where normalised unit i ends (exclusive). */
  readonly ends: readonly number[];
}

const SINGLE_QUOTES = new Set(['\u2018', '\u2019', '\u201A', '\u201B', '\u2039', '\u203A', '\u2032', '\u00B4', '`']);
const DOUBLE_QUOTES = new Set(['\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB', '\u2033']);
const DASHES = new Set([
  '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D',
]);
const IGNORABLE = new Set(['\u00AD', '\u200B', '\u2060', '\uFEFF']);
const ELLIPSIS = '\u2026';
/** Reserved: anchor.ts masks searched regions with U+FFFF, so the text never contains it. */
const NONCHARACTER = '\uFFFF';
const REPLACEMENT = '\uFFFD';
const WHITESPACE = /\s/;

/** Normalises one string; see the module comment for the rules. */
export function normalise(input: string): NormalisedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let inSpace = false;
  const emit = (unit: string, start: number, end: number): void => {
    text += unit;
    starts.push(start);
    ends.push(end);
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (IGNORABLE.has(ch)) continue;
    if (WHITESPACE.test(ch)) {
      if (inSpace) ends[ends.length - 1] = i + 1;
      else emit(' ', i, i + 1);
      inSpace = true;
      continue;
    }
    inSpace = false;
    if (SINGLE_QUOTES.has(ch)) emit("'", i, i + 1);
    else if (DOUBLE_QUOTES.has(ch)) emit('"', i, i + 1);
    else if (DASHES.has(ch)) emit('-', i, i + 1);
    else if (ch === ELLIPSIS) for (let k = 0; k < 3; k++) emit('.', i, i + 1);
    else if (ch === NONCHARACTER) emit(REPLACEMENT, i, i + 1);
    else emit(ch, i, i + 1);
  }
  return { text, starts, ends };
}

/** A normalised string with its surrounding spaces removed (for needles and context). */
export function normaliseTrimmed(input: string): string {
  return normalise(input).text.trim();
}

/** Maps the normalised range [from, to) (to > from) back to original offsets. */
export function toOriginal(norm: NormalisedText, from: number, to: number): { start: number; end: number } {
  return { start: norm.starts[from] as number, end: norm.ends[to - 1] as number };
}
