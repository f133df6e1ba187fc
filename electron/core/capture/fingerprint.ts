import { createHash } from 'node:crypto';

/**
 * Identity of a clipping for duplicate detection: a normalised URL key and a hash of
 * the normalised text. Two captures of one article from different browsers, with
 * tracking parameters, typographic quotes or different whitespace, get the same keys.
 */

const TRACKING_PARAM = /^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|cmp|smid|smtyp|ns_\w+|_ga|_gl|igshid|s_cid|at_\w+|sr_share|share|ito|xtor|guccounter|guce_\w+|__twitter_impression|rss|src|ref|ref_src|ref_url|output|outputType)$/i;

/** A URL key: scheme-less, lower-case host without `www.`, no fragment, no tracking parameters, no trailing slash. */
export function urlKey(url: string | null | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const host = u.hostname.toLowerCase().replace(/^(?:www\d?|m|mobile|amp)\./, '');
  const params = [...u.searchParams.entries()]
    .filter(([k]) => !TRACKING_PARAM.test(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let pathname = u.pathname.replace(/\/(?:amp|amp\.html)$/i, '').replace(/\/+$/, '');
  if (pathname === '') pathname = '';
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';
  return `${host}${port}${pathname}${query}`;
}

const LONG_MARK_RUN_RE = /\p{M}{31,}/gu;

/**
 * Runs of more than 30 combining marks cut to 30, Unicode's stream-safe limit (UAX #15):
 * normalising sorts each run, in time quadratic in its length (14 s for a 4 MB page of
 * 3,000-mark runs). No language stacks more than a few marks on one letter. The text is
 * scanned once first (a Unicode-property regex over the whole text cost more than the rest
 * of the normalisation): without such a run it is returned as it is.
 */
export function streamSafe(text: string): string {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let mark: boolean;
    if (c < 0x300) mark = false;
    else if (isPairAt(text, i, c)) {
      mark = MARK_RE.test(text.slice(i, i + 2));
      i++;
    } else mark = classify(BMP_MARK, MARK_RE, c);
    run = mark ? run + 1 : 0;
    if (run > 30) return text.replace(LONG_MARK_RUN_RE, (r) => Array.from(r).slice(0, 30).join(''));
  }
  return text;
}

/**
 * Text reduced to its words (the runs of letters and numbers, /[\p{L}\p{N}]+/u, of its NFKC
 * form in lower case), joined by single spaces: case, quotes, punctuation and whitespace do
 * not matter. The words are found by one pass over the text, each BMP code unit classified
 * once per process (`countWords`'s table), not by a Unicode-property regex.
 */
export function normalizeForHash(text: string): string {
  const s = streamSafe(text).normalize('NFKC').toLowerCase();
  // Words one space apart in `s` are taken together, one slice for the stretch of them
  // (joined by a single space either way): a slice per punctuation mark, not per word.
  const stretches: string[] = [];
  let stretch = -1;
  let wordEnd = -1;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = isPairAt(s, i, c);
    const w = pair ? WORD_CHAR_RE.test(s.slice(i, i + 2)) : isWordUnit(c);
    if (w && !inWord) {
      // A word starts: it goes on the stretch if only one space lies between it and the last word.
      if (stretch < 0) stretch = i;
      else if (i !== wordEnd + 1 || s.charCodeAt(wordEnd) !== 0x20) {
        stretches.push(s.slice(stretch, wordEnd));
        stretch = i;
      }
      inWord = true;
    } else if (!w && inWord) {
      wordEnd = i;
      inWord = false;
    }
    if (pair) i++;
  }
  if (stretch >= 0) stretches.push(s.slice(stretch, inWord ? s.length : wordEnd));
  return stretches.join(' ');
}

export function contentHash(text: string): string {
  return sha256(normalizeForHash(text));
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Unicode letter/number runs (the matches of /[\p{L}\p{N}]+/gu), the archive's word count:
 * counted in one pass without building the matches, each BMP code unit classified once.
 */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let w: boolean;
    if (isPairAt(text, i, c)) {
      w = WORD_CHAR_RE.test(text.slice(i, i + 2));
      i++;
    } else w = isWordUnit(c);
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

/** Whether a surrogate pair (one code point beyond the BMP) starts at `i` (`c`: the code unit there). */
function isPairAt(text: string, i: number, c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

/** Whether a BMP code unit (a lone surrogate included: no letter) is a letter or number. */
function isWordUnit(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return classify(BMP_WORD_CHAR, WORD_CHAR_RE, c);
}

/** `re` tested on the BMP code unit `c`, remembered in `table` (1 or 0; UNKNOWN until met). */
function classify(table: Uint8Array, re: RegExp, c: number): boolean {
  let known = table[c]!;
  if (known === UNKNOWN) known = table[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  return known === 1;
}

const WORD_CHAR_RE = /[\p{L}\p{N}]/u;
const MARK_RE = /\p{M}/u;
const UNKNOWN = 2;
/** Whether each BMP code unit is a letter or number, and whether it is a combining mark. */
const BMP_WORD_CHAR = new Uint8Array(0x10000).fill(UNKNOWN);
const BMP_MARK = new Uint8Array(0x10000).fill(UNKNOWN);
