/**
 * Splits a clipping's `text` into paragraphs and each paragraph into runs that carry
 * the set of highlights covering them. Highlights may overlap and may cross paragraph
 * breaks; runs never overlap. Markdown, HTML and DOCX all render from this.
 */
import type { Annotation } from '../../contract/shapes.ts';

export type Anchored = Annotation & { start: number; end: number };

export interface Run {
  /** Offsets into `text`; `text.slice(start, end) === run.text`. */
  start: number;
  end: number;
  text: string;
  /** Annotations covering the run, outermost first (earliest start, then longest). */
  marks: Anchored[];
  /** Annotations whose first covered run this is (DOCX comment range starts). */
  opens: Anchored[];
  /** Annotations whose last covered run this is (note markers, comment range ends). */
  closes: Anchored[];
}

export interface Paragraph {
  start: number;
  end: number;
  text: string;
  runs: Run[];
}

/** Anchored and usable: offsets inside `text` and not empty. */
export function isAnchored(a: Annotation, text: string): a is Anchored {
  return (
    a.state === 'anchored' &&
    Number.isInteger(a.start) &&
    Number.isInteger(a.end) &&
    (a.start as number) >= 0 &&
    (a.end as number) <= text.length &&
    (a.start as number) < (a.end as number)
  );
}

/** Outermost first: earlier start, then longer, then older id. */
export function compareAnchored(a: Anchored, b: Anchored): number {
  return a.start - b.start || b.end - a.end || a.id - b.id;
}

/** The paragraph ranges of `text` (blank-line separated, surrounding whitespace trimmed). */
export function paragraphRanges(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const sep = /\n[ \t\r\f\v]*\n\s*/g;
  let from = 0;
  const push = (s: number, e: number): void => {
    while (s < e && /\s/.test(text[s] as string)) s++;
    while (e > s && /\s/.test(text[e - 1] as string)) e--;
    if (e > s) out.push({ start: s, end: e });
  };
  for (let m = sep.exec(text); m; m = sep.exec(text)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return out;
}

export function segment(text: string, annotations: readonly Annotation[]): Paragraph[] {
  const anchored = annotations.filter((a): a is Anchored => isAnchored(a, text)).sort(compareAnchored);
  const paragraphs: Paragraph[] = paragraphRanges(text).map(({ start, end }) => {
    const cuts = new Set<number>([start, end]);
    for (const a of anchored) {
      if (a.start > start && a.start < end) cuts.add(a.start);
      if (a.end > start && a.end < end) cuts.add(a.end);
    }
    const points = [...cuts].sort((x, y) => x - y);
    const runs: Run[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const s = points[i] as number;
      const e = points[i + 1] as number;
      const marks = anchored.filter((a) => a.start < e && a.end > s);
      const prev = runs[runs.length - 1];
      // Merge neighbours covered by the same set (cuts from other paragraphs' ranges never land here).
      if (prev && sameSet(prev.marks, marks)) {
        prev.end = e;
        prev.text = text.slice(prev.start, e);
      } else runs.push({ start: s, end: e, text: text.slice(s, e), marks, opens: [], closes: [] });
    }
    return { start, end, text: text.slice(start, end), runs };
  });
  // First and last covered run of each annotation, across paragraphs.
  const first = new Map<number, Run>();
  const last = new Map<number, Run>();
  for (const p of paragraphs) {
    for (const r of p.runs) {
      for (const a of r.marks) {
        if (!first.has(a.id)) first.set(a.id, r);
        last.set(a.id, r);
      }
    }
  }
  for (const a of anchored) {
    first.get(a.id)?.opens.push(a);
    last.get(a.id)?.closes.push(a);
  }
  return paragraphs;
}

function sameSet(a: readonly Anchored[], b: readonly Anchored[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i]?.id);
}

/** The innermost annotation of a run decides its colour (latest start, then shortest). */
export function topMark(run: Run): Anchored | null {
  let top: Anchored | null = null;
  for (const a of run.marks) if (!top || compareAnchored(top, a) < 0) top = a;
  return top;
}
