/**
 * Splitting a clipping's text into runs for the reader. Every offset is a JavaScript
 * string index into `text` (as annotation start/end and search matches are), so the
 * reader renders plain text nodes and never injects markup.
 */

export interface Span {
  start: number;
  end: number;
}

/** A highlight or a search match laid over the text. */
export interface Overlay extends Span {
  kind: 'annotation' | 'match';
  /** Annotation id, or the match's index in the hit's list. */
  id: number;
  color?: string;
}

export interface Run extends Span {
  text: string;
  /** Annotation ids covering the run, innermost (latest starting) last. */
  annotations: number[];
  /** Colour of the topmost annotation, or null. */
  color: string | null;
  /** Index of the search match covering the run, or null. */
  match: number | null;
}

export const PARAGRAPH_SEPARATOR = '\n\n';

/** [start, end) of each paragraph of a text whose paragraphs are separated by blank lines. */
export function paragraphSpans(text: string): Span[] {
  if (text === '') return [];
  const spans: Span[] = [];
  let start = 0;
  for (;;) {
    const at = text.indexOf(PARAGRAPH_SEPARATOR, start);
    if (at === -1) {
      spans.push({ start, end: text.length });
      return spans;
    }
    spans.push({ start, end: at });
    start = at + PARAGRAPH_SEPARATOR.length;
  }
}

/** Cuts [from, to) of `text` into runs at every overlay boundary. */
export function splitRuns(text: string, from: number, to: number, overlays: readonly Overlay[]): Run[] {
  const inside = overlays.filter((o) => o.end > from && o.start < to && o.end > o.start);
  const cuts = new Set<number>([from, to]);
  for (const o of inside) {
    cuts.add(Math.max(from, o.start));
    cuts.add(Math.min(to, o.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end <= start) continue;
    const covering = inside.filter((o) => o.start <= start && o.end >= end);
    const anns = covering.filter((o) => o.kind === 'annotation').sort((a, b) => a.start - b.start || b.end - a.end);
    const match = covering.find((o) => o.kind === 'match');
    runs.push({
      start,
      end,
      text: text.slice(start, end),
      annotations: anns.map((a) => a.id),
      color: anns.length ? (anns[anns.length - 1]!.color ?? 'yellow') : null,
      match: match ? match.id : null,
    });
  }
  return runs;
}

/**
 * Offsets of a DOM selection, given for each end the run it falls in (its start offset)
 * and the offset inside the run's text. Returns null for an empty selection.
 */
export function selectionSpan(a: { runStart: number; offset: number }, b: { runStart: number; offset: number }): Span | null {
  const x = a.runStart + a.offset;
  const y = b.runStart + b.offset;
  const start = Math.min(x, y);
  const end = Math.max(x, y);
  return end > start ? { start, end } : null;
}

/** Trims whitespace off a span of `text` (a double-click often takes the space after a word). */
export function trimSpan(text: string, span: Span): Span | null {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}
