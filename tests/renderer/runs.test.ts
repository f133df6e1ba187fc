import { describe, expect, it } from 'vitest';
import { paragraphSpans, selectionSpan, splitRuns, trimSpan, type Overlay } from '../../renderer/lib/runs.ts';

const text = 'First paragraph here.\n\nIt would be a strategic mistake, she said.\n\nLast.';

describe('paragraphSpans', () => {
  it('gives each paragraph its offsets into text', () => {
    const spans = paragraphSpans(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['First paragraph here.', 'It would be a strategic mistake, she said.', 'Last.']);
  });
  it('handles empty text and a single paragraph', () => {
    expect(paragraphSpans('')).toEqual([]);
    expect(paragraphSpans('one')).toEqual([{ start: 0, end: 3 }]);
  });
});

describe('splitRuns', () => {
  const p = paragraphSpans(text)[1]!;
  const start = text.indexOf('strategic mistake');
  const end = start + 'strategic mistake'.length;

  it('returns one run without overlays', () => {
    const runs = splitRuns(text, p.start, p.end, []);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.text).toBe('It would be a strategic mistake, she said.');
  });

  it('cuts at a highlight and keeps exact offsets', () => {
    const runs = splitRuns(text, p.start, p.end, [{ kind: 'annotation', id: 7, start, end, color: 'green' }]);
    expect(runs.map((r) => r.text)).toEqual(['It would be a ', 'strategic mistake', ', she said.']);
    expect(runs[1]).toMatchObject({ start, end, annotations: [7], color: 'green', match: null });
    for (const r of runs) expect(text.slice(r.start, r.end)).toBe(r.text);
  });

  it('layers overlapping highlights and matches (innermost colour wins)', () => {
    const overlays: Overlay[] = [
      { kind: 'annotation', id: 1, start: p.start, end: end, color: 'yellow' },
      { kind: 'annotation', id: 2, start, end: end + 5, color: 'blue' },
      { kind: 'match', id: 0, start: start + 10, end: end },
    ];
    const runs = splitRuns(text, p.start, p.end, overlays);
    expect(runs.map((r) => [r.text, r.annotations, r.color, r.match])).toEqual([
      ['It would be a ', [1], 'yellow', null],
      ['strategic ', [1, 2], 'blue', null],
      ['mistake', [1, 2], 'blue', 0],
      [', she', [2], 'blue', null],
      [' said.', [], null, null],
    ]);
  });

  it('clips overlays that span paragraphs', () => {
    const all = paragraphSpans(text);
    const o: Overlay = { kind: 'annotation', id: 3, start: 6, end: all[1]!.start + 2, color: 'pink' };
    expect(splitRuns(text, all[0]!.start, all[0]!.end, [o]).map((r) => r.text)).toEqual(['First ', 'paragraph here.']);
    expect(splitRuns(text, all[1]!.start, all[1]!.end, [o]).map((r) => r.text)[0]).toBe('It');
  });

  it('keeps UTF-16 offsets with astral characters', () => {
    const t = 'A 🙂 smile and more';
    const s = t.indexOf('smile');
    const runs = splitRuns(t, 0, t.length, [{ kind: 'match', id: 0, start: s, end: s + 5 }]);
    expect(runs[1]!.text).toBe('smile');
  });
});

describe('selection offsets', () => {
  it('orders the two ends and rejects empty selections', () => {
    expect(selectionSpan({ runStart: 10, offset: 5 }, { runStart: 0, offset: 3 })).toEqual({ start: 3, end: 15 });
    expect(selectionSpan({ runStart: 4, offset: 0 }, { runStart: 0, offset: 4 })).toBeNull();
  });
  it('trims whitespace a double-click takes', () => {
    expect(trimSpan('a  word  b', { start: 1, end: 8 })).toEqual({ start: 3, end: 7 });
    expect(trimSpan('a    b', { start: 1, end: 5 })).toBeNull();
  });
});
