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

const QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g;
const DQUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const WORDS = /[\p{L}\p{N}]+/gu;
const LONG_MARK_RUN_RE = /\p{M}{31,}/gu;

/**
 * Runs of more than 30 combining marks cut to 30, Unicode's stream-safe limit (UAX #15):
 * normalising sorts each run, in time quadratic in its length (14 s for a 4 MB page of
 * 3,000-mark runs). No language stacks more than a few marks on one letter.
 */
export function streamSafe(text: string): string {
  return text.replace(LONG_MARK_RUN_RE, (run) => Array.from(run).slice(0, 30).join(''));
}

/** Text reduced to its words: case, quotes, punctuation and whitespace do not matter. */
export function normalizeForHash(text: string): string {
  const words = streamSafe(text).normalize('NFKC').replace(QUOTES, "'").replace(DQUOTES, '"').toLowerCase().match(WORDS);
  return words ? words.join(' ') : '';
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
    if (c < 0x80) w = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      w = WORD_CHAR_RE.test(text.slice(i, i + 2));
      i++;
    } else {
      let known = BMP_WORD_CHAR[c]!;
      if (known === UNKNOWN) known = BMP_WORD_CHAR[c] = WORD_CHAR_RE.test(String.fromCharCode(c)) ? 1 : 0;
      w = known === 1;
    }
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

const WORD_CHAR_RE = /[\p{L}\p{N}]/u;
/** Whether each BMP code unit is a letter or number: 1 or 0, UNKNOWN until met. */
const UNKNOWN = 2;
const BMP_WORD_CHAR = new Uint8Array(0x10000).fill(UNKNOWN);
