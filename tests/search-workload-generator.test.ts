import { describe, expect, it } from 'vitest';
import { generate, type Vocabulary } from './bench/search-workload.ts';

// The randomized search workload's generator (tests/bench/search-workload.ts): its prefix
// classes draw prefixes of the length they are named after.
describe('search workload generator: prefixes', () => {
  // A vocabulary as frequent words make it: short ones first (the generator favours them).
  const v: Vocabulary = {
    words: ['a', 'i', 'of', 'to', 'in', 'the', 'and', 'was', 'said', 'people', 'government', 'x', 'on', 'we'],
    rare: [],
    runs: [],
    names: [],
    tags: [],
    outlets: [],
    authors: [],
    titles: [],
    hosts: [],
  };

  it.each([
    ['prefix_1', 1],
    ['prefix_2', 2],
    ['prefix_3', 3],
  ] as const)('%s draws %i-letter prefixes only, from words at least that long', (cls, n) => {
    const queries = [1, 2, 3].flatMap((seed) => generate(v, seed, 200, [cls]));
    expect(queries).toHaveLength(600);
    for (const q of queries) {
      expect(q.query).toMatch(new RegExp(`^[a-z]{${n}}\\*$`));
      expect(v.words.some((w) => w.length >= n && w.startsWith(q.query.slice(0, -1)))).toBe(true);
    }
    // Every word long enough can give its prefix (none is lost): the short words' prefixes are there.
    const seen = new Set(queries.map((q) => q.query));
    if (n === 1) expect(seen.has('a*')).toBe(true);
    if (n === 2) expect(seen.has('of*')).toBe(true);
  });
});
