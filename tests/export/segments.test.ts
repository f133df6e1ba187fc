import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../electron/contract/shapes.ts';
import { paragraphRanges, segment, topMark } from '../../electron/core/export/segments.ts';
import { forEachArticle } from '../fixtures/articles.ts';
import { EXPORT_ARTICLES, exportFixtures, highlight } from './fixtures.ts';

const ann = (id: number, start: number | null, end: number | null, over: Partial<Annotation> = {}): Annotation => ({
  id,
  clippingId: 1,
  quote: '',
  prefix: '',
  suffix: '',
  start,
  end,
  color: 'yellow',
  note: '',
  state: start === null ? 'orphaned' : 'anchored',
  createdAt: '',
  updatedAt: '',
  ...over,
});

describe('segment', () => {
  forEachArticle(EXPORT_ARTICLES, (a) => {
    const F = exportFixtures(a);
    const { repeated } = a.article;

    it('splits the reference text into its paragraphs with exact offsets', () => {
      const REF_TEXT = F.text();
      const paras = segment(REF_TEXT, []);
      expect(paras.map((p) => p.text)).toEqual(REF_TEXT.split('\n\n'));
      for (const p of paras) expect(REF_TEXT.slice(p.start, p.end)).toBe(p.text);
    });

    it('splits overlapping highlights into non-overlapping runs carrying every covering annotation', () => {
      const c = F.reference();
      const paras = segment(c.text, c.annotations);
      const p = paras.find((x) => x.text.includes(a.article.phrase));
      expect(p?.runs.map((r) => [r.text, r.marks.map((m) => m.id)])).toEqual(a.runs);
      const inner = p?.runs[2];
      expect(inner && topMark(inner)?.id).toBe(13); // the inner (pink) one gives the colour
      expect(p?.runs[1]?.opens.map((a) => a.id)).toEqual([12]);
      expect(inner?.opens.map((a) => a.id)).toEqual([13]);
      expect(inner?.closes.map((a) => a.id)).toEqual([13]);
      expect(p?.runs[3]?.closes.map((a) => a.id)).toEqual([12]);
    });

    it(`highlights the second "${repeated}", not the first`, () => {
      const c = F.reference();
      const marked = segment(c.text, c.annotations).flatMap((p) => p.runs.filter((r) => r.marks.some((m) => m.id === 11)));
      expect(marked).toHaveLength(1);
      expect(marked[0]?.text).toBe(repeated);
      expect(marked[0]?.start).toBe(c.text.indexOf(repeated, c.text.indexOf(repeated) + 1));
    });
  });

  it('carries a highlight across a paragraph break (opens in one, closes in the next)', () => {
    const text = 'One two.\n\nThree four.';
    const paras = segment(text, [ann(1, 4, 15)]);
    expect(paras.map((p) => p.runs.map((r) => [r.text, r.marks.length]))).toEqual([
      [['One ', 0], ['two.', 1]],
      [['Three', 1], [' four.', 0]],
    ]);
    expect(paras[0]?.runs[1]?.opens).toHaveLength(1);
    expect(paras[0]?.runs[1]?.closes).toHaveLength(0);
    expect(paras[1]?.runs[0]?.closes).toHaveLength(1);
  });

  it('ignores orphaned, empty and out-of-range annotations', () => {
    const text = 'Short text.';
    const paras = segment(text, [ann(1, null, null), ann(2, 3, 3), ann(3, 5, 99), ann(4, -1, 2), ann(5, 0, 5, { state: 'orphaned' })]);
    expect(paras[0]?.runs).toHaveLength(1);
    expect(paras[0]?.runs[0]?.marks).toEqual([]);
  });

  it('trims paragraphs and skips blank ones', () => {
    expect(paragraphRanges('  a \n\n\n \n b\n\n')).toEqual([
      { start: 2, end: 3 },
      { start: 10, end: 11 },
    ]);
  });

  it('property: runs tile each paragraph and carry exactly the covering annotations', () => {
    const textArb = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\n\n', 'é', '“'), { maxLength: 60 }).map((x) => x.join(''));
    fc.assert(
      fc.property(
        textArb.chain((text) =>
          fc.tuple(
            fc.constant(text),
            fc.array(fc.tuple(fc.nat(Math.max(0, text.length)), fc.nat(Math.max(0, text.length))), { maxLength: 6 }),
          ),
        ),
        ([text, ranges]) => {
          const anns = ranges.map(([x, y], i) => highlightAt(i + 1, Math.min(x, y), Math.max(x, y)));
          const paras = segment(text, anns);
          for (const p of paras) {
            expect(p.runs.map((r) => r.text).join('')).toBe(p.text);
            for (const r of p.runs) {
              expect(text.slice(r.start, r.end)).toBe(r.text);
              const covering = anns.filter((a) => a.start !== null && a.end !== null && a.start < a.end && a.start <= r.start && a.end >= r.end).map((a) => a.id);
              expect(r.marks.map((m) => m.id).sort()).toEqual(covering.sort());
            }
          }
          // every usable annotation opens and closes exactly once, if it covers any paragraph text
          for (const a of anns) {
            const opens = paras.flatMap((p) => p.runs.flatMap((r) => r.opens)).filter((x) => x.id === a.id).length;
            const closes = paras.flatMap((p) => p.runs.flatMap((r) => r.closes)).filter((x) => x.id === a.id).length;
            expect(opens).toBe(closes);
            expect(opens).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

function highlightAt(id: number, start: number, end: number): Annotation {
  return { ...highlight(1, 'x', 'x', { id }), start, end, state: 'anchored' };
}
