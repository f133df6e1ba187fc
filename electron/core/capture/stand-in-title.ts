/**
 * The stand-in title of a clipping whose page gave none (the clipping is then marked
 * "extraction uncertain"). Kept apart from the extractors: the import path on the main
 * thread uses it, and it must not load them.
 */
const WS_RE = /\s+/g;
/** A stand-in title is at most this long. */
export const MAX_BODY_TITLE = 120;
const FIRST_SENTENCE_RE = /^.{20,}?[.!?…](?=\s|$)/su;

/**
 * A title for a clipping whose page gave none, from its first paragraph: the first
 * sentence when it is short enough, else the words that fit with an ellipsis (never cut
 * inside a word).
 */
export function titleFromBody(paragraph: string): string {
  const text = paragraph.replace(WS_RE, ' ').trim();
  if (text.length <= MAX_BODY_TITLE) return text;
  const sentence = FIRST_SENTENCE_RE.exec(text.slice(0, MAX_BODY_TITLE + 1))?.[0];
  if (sentence) return sentence;
  const cut = text.slice(0, MAX_BODY_TITLE).lastIndexOf(' ');
  return `${text.slice(0, cut > 0 ? cut : MAX_BODY_TITLE - 1).replace(/[\s,;:–—-]+$/, '')}…`;
}
