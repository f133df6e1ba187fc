/** query/topk-multi.ts helpers: `firstK` picks what a stable sort then `slice(0, k)` would. */
import { describe, expect, it } from 'vitest';
import { firstK } from '../../db/query/topk-multi.ts';
import { rng } from './rng.ts';

describe('firstK', () => {
  it('gives the first k of a stable sort, ties in their given order, for random inputs with many ties', () => {
    const r = rng(7);
    for (let round = 0; round < 200; round++) {
      const items = Array.from({ length: r.int(0, 60) }, (_, i) => ({ i, v: r.int(0, 8) }));
      const k = r.int(0, 70);
      const by = (a: { v: number }, b: { v: number }) => b.v - a.v;
      expect(firstK(items, k, by)).toEqual([...items].sort(by).slice(0, k));
    }
  });
});
