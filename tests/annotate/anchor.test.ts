import { describe, expect, it } from 'vitest';
import {
  AmbiguousQuoteError,
  AnchorError,
  CONTEXT_LENGTH,
  MAX_FUZZY_ERRORS,
  describeRange,
  fuzzyErrorBudget,
  locateQuote,
  reanchor,
  type AnchorResult,
  type StoredSelector,
} from '../../electron/core/annotations/anchor.ts';
import { normalise } from '../../electron/core/annotations/normalise.ts';

import { forEachArticle, HARWICK, TRUSS, type LoadedArticle } from '../fixtures/articles.ts';

/**
 * The passages of an article's body the anchoring tests use. The tests were written on the
 * reference capture (TRUSS, ../shared); the repository's own capture (HARWICK) has the same
 * kinds of passages, so each test runs on it always and on the reference when it is there.
 */
interface Passages {
  article: LoadedArticle;
  /** `article.repeated` occurs twice: first in curly quotes, then plainly. */
  firstQuoted: string;
  secondContext: string;
  /** Starts at the second occurrence. */
  secondMarker: string;
  suffixFirst: string;
  suffixSecond: string;
  /** A longer plain prefix of the second occurrence. */
  prefixSecondLong: string;
  /** The paragraph with the second occurrence: index and first words. */
  secondParagraph: number;
  secondParagraphStart: string;
  /** A name that occurs once. */
  unique: string;
  /** Curly apostrophe and closing quote; curly single quotes; en dashes and curly quotes. */
  apostrophe: string;
  singleQuoted: string;
  dashed: string;
  /** The end of the first paragraph and the start of the second (followed by " said"). */
  breakBefore: string;
  breakAfter: string;
  /** A phrase that does not occur; a word that occurs several times. */
  absent: string;
  commonWord: string;
  /** A passage at the start of a paragraph, and that paragraph's first words. */
  deletedPassage: string;
  deletedParagraphStart: string;
  /** A long quote around `article.misspelt`. */
  typoQuote: string;
  /** A quote that reads "there would “…" (a word missing) */
  missingWord: string;
  /** [quote, a heavy rewrite of it]; [quote, an edit of it past the error budget]. */
  rewrite: [string, string];
  overEdited: [string, string];
  /** A quote too short for fuzzy matching, its words in the text, and those words edited. */
  short: [quote: string, inText: string, edited: string];
  /** Two paragraphs in a row open with the same three characters: a quote at the first's start. */
  twin: { quote: string; paragraphStart: string; short: string };
  /** A fragment whose first occurrence is in the paragraph starting `paragraphStart`; `role` occurs there the second time. */
  fragment: { quote: string; role: string; paragraphStart: string; remains: string };
  /** Edits around `deletedPassage` (the paragraph before it, and its own end). */
  surroundings: [RegExp | string, string][];
  /** The first words, and the last ones, of the text. */
  head: string;
  firstWords: string;
  tail: string;
  lastChars: string;
}

const PASSAGES: Passages[] = [
  {
    article: HARWICK,
    firstQuoted: 'would be a “false economy”',
    secondContext: 'would be a false economy. As the district auditor',
    secondMarker: 'false economy. As',
    suffixFirst: '” for Harwick',
    suffixSecond: '. As the district',
    prefixSecondLong: 'roads would be a',
    secondParagraph: 7,
    secondParagraphStart: '“I am certain',
    unique: 'Rhona Baxter',
    apostrophe: 'they don’t need to close anything”',
    singleQuoted: 'there would be ‘no easy savings’',
    dashed: 'three wards – known at the town hall as the “Triangle” –',
    breakBefore: 'year running.',
    breakAfter: 'The council leader',
    absent: 'false saving',
    commonWord: 'Harwick',
    deletedPassage: 'Deputy leader Amir Rahman and other cabinet members held talks',
    deletedParagraphStart: 'Deputy leader',
    typoQuote: 'I will be meeting our finance director Ingird Solberg',
    missingWord: 'there would “deep and lasting cuts” to front-line services if nothing changed',
    rewrite: ['underlined the importance of protecting social care from the deepest cuts', 'said social care had to be spared wherever it could be'],
    overEdited: [
      'The council leader said the town was already sharing back-office staff with Eastfield',
      'The deputy leader said Harwick was now sharing its office staff with Eastfield',
    ],
    short: ['Ms Lowe', 'Ms Lowe said:', 'Mrs Lowe said:'],
    twin: { quote: 'Mr Hale “told', paragraphStart: 'Mr Hale', short: 'Mr ' },
    fragment: { quote: 'leader said the', role: 'council leader', paragraphStart: 'The council leader said the', remains: 'The council leader said' },
    surroundings: [
      [/if nothing changed\.\n\n/, 'if the gap stayed open.\n\nOn Tuesday, '],
      ['talks with Mr Hale on Tuesday evening', 'talks late into the evening'],
    ],
    head: 'Dawn Lowe has said',
    firstWords: 'Dawn Lowe',
    tail: 'to publish its final proposals before the vote in April.”',
    lastChars: 'April.”',
  },
  {
    article: TRUSS,
    firstQuoted: 'would be a “strategic mistake”',
    secondContext: 'would be a strategic mistake. As President Biden',
    secondMarker: 'strategic mistake. As',
    suffixFirst: '” for Russia',
    suffixSecond: '. As President',
    prefixSecondLong: 'Ukraine would be a',
    secondParagraph: 7,
    secondParagraphStart: '“Together',
    unique: 'Jake Sullivan',
    apostrophe: 'they don’t threaten anyone”',
    singleQuoted: 'there would be ‘very real costs’',
    dashed: 'five leaders – dubbed the Nato “Quint” –',
    breakBefore: 'against Ukraine.',
    breakAfter: 'The Foreign Secretary',
    absent: 'strategic blunder',
    commonWord: 'Ukraine',
    deletedPassage: 'Prime Minister Boris Johnson and other European leaders took part in talks',
    deletedParagraphStart: 'Prime Minister',
    typoQuote: 'I will be meeting my Ukrainian counterpart Dymtro Kuleba',
    missingWord: 'there would “high economic and diplomatic costs” to meet any further aggression',
    rewrite: ['underlined the importance of Russia ceasing their threatening behaviour towards Ukraine', 'stressed that Moscow must stop threatening its neighbour Ukraine'],
    overEdited: ['The Foreign Secretary said the UK was already providing support to the country', 'The Home Secretary said Britain was now providing aid to that country'],
    short: ['Ms Truss', 'Ms Truss said:', 'Mrs Truss said:'],
    twin: { quote: 'Mr Biden “told', paragraphStart: 'Mr Biden', short: 'Mr ' },
    fragment: { quote: 'Secretary said the', role: 'Foreign Secretary', paragraphStart: 'The Foreign Secretary said the', remains: 'The Foreign Secretary said' },
    surroundings: [
      [/to meet any further aggression\.\n\n/, 'to deter Moscow.\n\nOn Tuesday, '],
      ['talks with Mr Biden on Tuesday evening', 'talks late into the evening'],
    ],
    head: 'Liz Truss has said',
    firstWords: 'Liz Truss',
    tail: 'to co-ordinate their approaches to this issue.”',
    lastChars: 'issue.”',
  },
];

/** Straight quotes and apostrophes for curly ones. */
const straighten = (s: string): string => s.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");

/** Registers `fn` once per article (see forEachArticle); `fn` gets getters: the files are read inside the tests. */
function eachArticle(fn: (p: Passages, text: () => string, paragraphs: () => string[]) => void): void {
  forEachArticle(PASSAGES, (p) => fn(p, p.article.body, () => p.article.expected().bodyParagraphs));
}

const INSERTED = 'Editor’s note: this article was updated on Thursday.\n\n';

/** The selector for the n-th (0-based) occurrence of `quote` in `text`. */
function selectorFor(text: string, quote: string, nth = 0): StoredSelector {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(quote, at + 1);
    if (at < 0) throw new Error(`fixture lacks occurrence ${nth} of ${quote}`);
  }
  return describeRange(text, at, at + quote.length);
}

function anchoredText(text: string, result: AnchorResult): string {
  if (result.state !== 'anchored') throw new Error('expected an anchored result, got orphaned');
  return text.slice(result.start, result.end);
}

/** Small seeded PRNG (mulberry32) so the property loop is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the reference text', () => {
  eachArticle((p, text) => {
    it(`contains "${p.article.repeated}" twice, the first inside curly quotes`, () => {
      const TEXT = text();
      expect(TEXT.split(p.article.repeated)).toHaveLength(3);
      expect(TEXT).toContain(p.firstQuoted);
      expect(TEXT).toContain(p.secondContext);
    });
  });
});

describe('normalise', () => {
  it('maps typographic variants to plain ones and keeps an index map', () => {
    const n = normalise('a\u00A0“b”\n\n  c – d’s…');
    expect(n.text).toBe('a "b" c - d\'s...');
    expect(n.starts).toHaveLength(n.text.length);
    // The collapsed whitespace run maps to the whole run in the original.
    const space = n.text.indexOf(' c') as number;
    expect([n.starts[space], n.ends[space]]).toEqual([5, 9]);
    // The three dots of the ellipsis all map to the one original character.
    expect(n.starts.slice(-3)).toEqual([16, 16, 16]);
  });

  it('drops invisible format characters but keeps quote characters', () => {
    expect(normalise('co\u00ADop\u200Beration').text).toBe('cooperation');
    expect(normalise('‘x’').text).toBe("'x'");
  });
});

describe('describeRange', () => {
  eachArticle((p, text) => {
    const { repeated, repeatedPrefix } = p.article;

    it('returns the exact text with up to 32 characters of context each side', () => {
      const TEXT = text();
      const start = TEXT.indexOf(p.secondMarker);
      const sel = describeRange(TEXT, start, start + repeated.length);
      expect(sel.exact).toBe(repeated);
      expect(sel.start).toBe(start);
      expect(sel.end).toBe(start + repeated.length);
      expect(sel.prefix.length).toBeLessThanOrEqual(CONTEXT_LENGTH);
      expect(sel.suffix.length).toBeLessThanOrEqual(CONTEXT_LENGTH);
      expect(TEXT.slice(0, start).endsWith(sel.prefix)).toBe(true);
      expect(TEXT.slice(sel.end).startsWith(sel.suffix)).toBe(true);
      expect(sel.prefix.endsWith(repeatedPrefix)).toBe(true);
      expect(sel.suffix.startsWith(p.suffixSecond)).toBe(true);
    });

    it('has an empty prefix at the start of the text and an empty suffix at the end', () => {
      const TEXT = text();
      expect(describeRange(TEXT, 0, p.firstWords.length)).toMatchObject({ exact: p.firstWords, prefix: '', start: 0, end: p.firstWords.length });
      const last = TEXT.length;
      expect(describeRange(TEXT, last - p.lastChars.length, last)).toMatchObject({ exact: p.lastChars, suffix: '' });
      expect(describeRange('x', 0, 1)).toEqual({ exact: 'x', prefix: '', suffix: '', start: 0, end: 1 });
    });

    it.each([
      [-1, 3, /outside the text/],
      [0, 'length + 1', /outside the text/],
      [5, 5, /start must be less than end/],
      [7, 3, /start must be less than end/],
      [1.5, 4, /integers/],
      [Number.NaN, 4, /integers/],
    ] as const)('rejects the range %s–%s', (start, to, message) => {
      const TEXT = text();
      const end = to === 'length + 1' ? TEXT.length + 1 : to;
      expect(() => describeRange(TEXT, start, end)).toThrow(AnchorError);
      expect(() => describeRange(TEXT, start, end)).toThrow(message);
    });
  });

  it('trims context cut inside a word back to a word boundary', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz0123456789 one two three four five [X] six seven eight nine ten elevenses abcdefghijklmnopqrstuvwxyz';
    const start = text.indexOf('[X]');
    const sel = describeRange(text, start, start + 3);
    expect(sel.prefix).toBe('one two three four five ');
    expect(sel.suffix).toBe(' six seven eight nine ten');
  });

  it('keeps the full context when the cut falls between words', () => {
    const text = `${'word '.repeat(20)}HERE${' word'.repeat(20)}`;
    const start = text.indexOf('HERE');
    const sel = describeRange(text, start, start + 4);
    expect(sel.prefix.length).toBeGreaterThanOrEqual(28);
    expect(sel.suffix.length).toBeGreaterThanOrEqual(28);
  });

  it('rejects a range that splits a surrogate pair', () => {
    const text = 'I 😀 it';
    expect(() => describeRange(text, 3, 5)).toThrow(/surrogate pair at offset 3/);
    expect(() => describeRange(text, 0, 3)).toThrow(/surrogate pair/);
    expect(describeRange(text, 2, 4).exact).toBe('😀');
  });

  it('never cuts context in the middle of a surrogate pair', () => {
    // 31 units before the quote then an emoji: a 32-unit prefix would start on its low half.
    const text = `😀${'x'.repeat(31)}QUOTE${'y'.repeat(31)}😀`;
    const start = text.indexOf('QUOTE');
    const sel = describeRange(text, start, start + 5);
    expect(sel.prefix).toBe('x'.repeat(31));
    expect(sel.suffix).toBe('y'.repeat(31));
  });
});

describe('locateQuote', () => {
  eachArticle((p, text) => {
    const { repeated, repeatedPrefix } = p.article;

    it('finds a quote that occurs once', () => {
      const TEXT = text();
      const r = locateQuote(TEXT, { exact: p.unique });
      expect(TEXT.slice(r.start, r.end)).toBe(p.unique);
    });

    it(`reports the "${repeated}" ambiguity with a count and a hint`, () => {
      let error: unknown;
      try {
        locateQuote(text(), { exact: repeated });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AmbiguousQuoteError);
      expect(error).toBeInstanceOf(AnchorError);
      expect((error as AmbiguousQuoteError).count).toBe(2);
      expect((error as Error).message).toBe(`the quote "${repeated}" matches 2 places; add --prefix or --suffix to choose one`);
    });

    it(`picks the second "${repeated}" with the plain prefix "${repeatedPrefix}"`, () => {
      const TEXT = text();
      const r = locateQuote(TEXT, { exact: repeated, prefix: repeatedPrefix });
      expect(r.start).toBe(TEXT.indexOf(p.secondMarker));
      expect(r.end - r.start).toBe(repeated.length);
    });

    it('picks the first one when the prefix includes the quote mark (curly or straight)', () => {
      const TEXT = text();
      const first = TEXT.indexOf(repeated);
      expect(locateQuote(TEXT, { exact: repeated, prefix: `${repeatedPrefix}“` }).start).toBe(first);
      expect(locateQuote(TEXT, { exact: repeated, prefix: `${repeatedPrefix}"` }).start).toBe(first);
      expect(locateQuote(TEXT, { exact: repeated, suffix: p.suffixFirst }).start).toBe(first);
    });

    it('picks by suffix, and accepts prefix and suffix together', () => {
      const TEXT = text();
      const second = TEXT.indexOf(p.secondMarker);
      expect(locateQuote(TEXT, { exact: repeated, suffix: p.suffixSecond }).start).toBe(second);
      expect(locateQuote(TEXT, { exact: repeated, prefix: p.prefixSecondLong, suffix: '.' }).start).toBe(second);
    });

    it('tolerates straight vs curly quotes and apostrophes', () => {
      const TEXT = text();
      const r = locateQuote(TEXT, { exact: straighten(p.apostrophe) });
      expect(TEXT.slice(r.start, r.end)).toBe(p.apostrophe);
      const r2 = locateQuote(TEXT, { exact: straighten(p.singleQuoted) });
      expect(TEXT.slice(r2.start, r2.end)).toBe(p.singleQuoted);
    });

    it('tolerates dash variants', () => {
      const TEXT = text();
      const r = locateQuote(TEXT, { exact: straighten(p.dashed).replace(/–/g, '-') });
      expect(TEXT.slice(r.start, r.end)).toBe(p.dashed);
      const r2 = locateQuote('a well—known fact', { exact: 'well-known' });
      expect([r2.start, r2.end]).toEqual([2, 12]);
    });

    it('treats any run of whitespace (line breaks, NBSP) as one space', () => {
      const TEXT = text();
      const r = locateQuote(TEXT, { exact: `${p.breakBefore} ${p.breakAfter}` });
      expect(TEXT.slice(r.start, r.end)).toBe(`${p.breakBefore}\n\n${p.breakAfter}`);
      const r2 = locateQuote('Mr\u00A0Biden   said', { exact: 'Mr Biden said' });
      expect([r2.start, r2.end]).toEqual([0, 15]);
      const r3 = locateQuote('Mr Biden said', { exact: '  Mr \n Biden  ' });
      expect([r3.start, r3.end]).toEqual([0, 8]);
    });

    it('fails clearly when the quote does not occur', () => {
      const TEXT = text();
      expect(() => locateQuote(TEXT, { exact: p.absent })).toThrow(new AnchorError(`the quote "${p.absent}" does not occur in the text`));
      expect(() => locateQuote(TEXT, { exact: repeated, prefix: repeatedPrefix.replace(/ a $/, ' an ') })).toThrow(
        new RegExp(`the quote "${repeated}" does not occur in the text with that prefix`),
      );
    });

    it('does not let typographic tolerance cross word differences or case', () => {
      const TEXT = text();
      const titleCase = repeated.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());
      expect(() => locateQuote(TEXT, { exact: titleCase })).toThrow(AnchorError);
      expect(() => locateQuote(TEXT, { exact: repeated.replace(/ /g, '') })).toThrow(AnchorError);
    });

    it('rejects an empty or whitespace-only quote', () => {
      const TEXT = text();
      expect(() => locateQuote(TEXT, { exact: '' })).toThrow(/empty/);
      expect(() => locateQuote(TEXT, { exact: ' \n\u00A0 ' })).toThrow(AnchorError);
    });

    it('counts every place for a common word', () => {
      const TEXT = text();
      expect(() => locateQuote(TEXT, { exact: p.commonWord })).toThrow(AmbiguousQuoteError);
      try {
        locateQuote(TEXT, { exact: p.commonWord });
      } catch (e) {
        expect((e as AmbiguousQuoteError).count).toBe(TEXT.split(p.commonWord).length - 1);
      }
    });
  });

  it('works with emoji offsets', () => {
    const text = '👍🏽 Great news 🎉 for “everyone”';
    const r = locateQuote(text, { exact: '🎉 for "everyone"' });
    expect(text.slice(r.start, r.end)).toBe('🎉 for “everyone”');
    expect(r.start).toBe(text.indexOf('🎉'));
  });
});

describe('reanchor', () => {
  eachArticle((p, text, paragraphs) => {
    const { repeated, repeatedPrefix } = p.article;

    it('anchors by position on unchanged text', () => {
      const TEXT = text();
      const sel = selectorFor(TEXT, repeated, 1);
      expect(reanchor(TEXT, sel)).toEqual({ state: 'anchored', start: sel.start, end: sel.end, method: 'position' });
    });

    it('follows curly quotes becoming straight after re-extraction', () => {
      const TEXT = text();
      const quote = `“${repeated}${p.suffixFirst}`;
      const sel = selectorFor(TEXT, quote);
      const straight = straighten(TEXT);
      const r = reanchor(straight, sel);
      expect(r).toMatchObject({ state: 'anchored', method: 'quote', start: sel.start, end: sel.end });
      expect(anchoredText(straight, r)).toBe(straighten(quote));
    });

    it('follows straight quotes becoming curly', () => {
      const TEXT = text();
      const straight = straighten(TEXT);
      const sel = selectorFor(straight, straighten(p.apostrophe));
      const r = reanchor(TEXT, sel);
      expect(anchoredText(TEXT, r)).toBe(p.apostrophe);
    });

    it('follows whitespace changes (double spaces, single line breaks)', () => {
      const TEXT = text();
      const quote = `${p.breakBefore}\n\n${p.breakAfter} said`;
      const sel = selectorFor(TEXT, quote);
      const reflowed = TEXT.replace(/\n\n/g, '\n').replace(/ /g, '  ');
      const r = reanchor(reflowed, sel);
      expect(r).toMatchObject({ state: 'anchored', method: 'quote' });
      expect(anchoredText(reflowed, r)).toBe(quote.replace(/\n\n/g, '\n').replace(/ /g, '  '));
    });

    it('follows an inserted paragraph: position fails, quote succeeds with shifted offsets', () => {
      const TEXT = text();
      const sel = selectorFor(TEXT, p.unique);
      const changed = INSERTED + TEXT;
      expect(changed.slice(sel.start as number, sel.end as number)).not.toBe(p.unique);
      expect(reanchor(changed, sel)).toEqual({
        state: 'anchored',
        start: (sel.start as number) + INSERTED.length,
        end: (sel.end as number) + INSERTED.length,
        method: 'quote',
      });
    });

    it('uses context to choose between repeated phrases, before and after an insert', () => {
      const TEXT = text();
      const first = selectorFor(TEXT, repeated, 0);
      const second = selectorFor(TEXT, repeated, 1);
      expect(reanchor(TEXT, first)).toMatchObject({ start: first.start, method: 'position' });
      expect(reanchor(TEXT, second)).toMatchObject({ start: second.start, method: 'position' });

      const changed = INSERTED + TEXT;
      const shift = INSERTED.length;
      expect(reanchor(changed, first)).toMatchObject({ state: 'anchored', start: (first.start as number) + shift, method: 'quote' });
      expect(reanchor(changed, second)).toMatchObject({ state: 'anchored', start: (second.start as number) + shift, method: 'quote' });
    });

    it('picks the right repeated phrase even when the old offsets point at the other one', () => {
      const TEXT = text();
      const second = selectorFor(TEXT, repeated, 1);
      const first = TEXT.indexOf(repeated);
      const stale = { ...second, start: first, end: first + repeated.length };
      expect(reanchor(TEXT, stale)).toMatchObject({ state: 'anchored', start: second.start, method: 'quote' });
    });

    it('orphans a repeated phrase whose own place was deleted rather than jump to the other one', () => {
      const TEXT = text();
      const first = selectorFor(TEXT, repeated, 0);
      const withoutFirst = paragraphs().slice(1).join('\n\n');
      expect(withoutFirst.split(repeated)).toHaveLength(2);
      expect(reanchor(withoutFirst, first)).toEqual({ state: 'orphaned' });

      const second = selectorFor(TEXT, repeated, 1);
      const withoutSecond = paragraphs().filter((_, i) => i !== p.secondParagraph).join('\n\n');
      expect(reanchor(withoutSecond, second)).toEqual({ state: 'orphaned' });
    });

    it('orphans a highlight whose passage was deleted', () => {
      const TEXT = text();
      const sel = selectorFor(TEXT, p.deletedPassage);
      const deleted = paragraphs().filter((x) => !x.startsWith(p.deletedParagraphStart)).join('\n\n');
      expect(reanchor(deleted, sel)).toEqual({ state: 'orphaned' });
    });

    it('anchors fuzzily after a typo inside the quote is fixed', () => {
      const TEXT = text();
      const sel = selectorFor(TEXT, p.typoQuote);
      const fixed = TEXT.replace(p.article.misspelt, p.article.corrected);
      const r = reanchor(fixed, sel);
      expect(r).toMatchObject({ state: 'anchored', method: 'fuzzy', start: sel.start, end: sel.end });
      expect(anchoredText(fixed, r)).toBe(p.typoQuote.replace(p.article.misspelt, p.article.corrected));
    });

    it('anchors fuzzily after a word is corrected and the text shifted', () => {
      const TEXT = text();
      const sel = selectorFor(TEXT, p.missingWord);
      const fixed = INSERTED + TEXT.replace('there would “', 'there would be “');
      const r = reanchor(fixed, sel);
      expect(r).toMatchObject({ state: 'anchored', method: 'fuzzy' });
      expect(anchoredText(fixed, r)).toBe(p.missingWord.replace('there would “', 'there would be “'));
    });

    it('orphans after a heavy rewrite', () => {
      const TEXT = text();
      const [quote, rewrite] = p.rewrite;
      const sel = selectorFor(TEXT, quote);
      const rewritten = TEXT.replace(quote, rewrite);
      expect(reanchor(rewritten, sel)).toEqual({ state: 'orphaned' });
    });

    it('orphans when too many edits exceed the error budget', () => {
      const TEXT = text();
      const [quote, edit] = p.overEdited;
      const sel = selectorFor(TEXT, quote);
      const edited = TEXT.replace(quote, edit);
      expect(reanchor(edited, sel)).toEqual({ state: 'orphaned' });
    });

    it('never fuzzy-matches short quotes', () => {
      const TEXT = text();
      const [quote, inText, edited] = p.short;
      const sel = selectorFor(TEXT, quote);
      const changed = TEXT.replace(inText, edited);
      expect(reanchor(changed, sel)).toEqual({ state: 'orphaned' });
    });

    it('does not trust a short quote when the words right after it were replaced', () => {
      // Deleting the paragraph that began with the first twin brings the second one's opening to the same offsets.
      const TEXT = text();
      const sel = selectorFor(TEXT, p.twin.quote);
      const short = describeRange(TEXT, sel.start as number, (sel.start as number) + 3);
      expect(short.exact).toBe(p.twin.short);
      const changed = paragraphs().filter((x) => !x.startsWith(p.twin.paragraphStart)).join('\n\n');
      expect(changed.slice(short.start, short.end)).toBe(p.twin.short);
      expect(reanchor(changed, short)).toEqual({ state: 'orphaned' });
    });

    it('does not fuzzy-match a near-duplicate of a deleted passage', () => {
      const TEXT = text();
      const sel = selectorFor(TEXT, ` ${repeatedPrefix}${repeated}. A`);
      const withoutIt = paragraphs().filter((x) => !x.startsWith(p.secondParagraphStart)).join('\n\n');
      expect(withoutIt).toContain(`${p.firstQuoted} for`);
      expect(reanchor(withoutIt, sel)).toEqual({ state: 'orphaned' });
    });

    it('does not move a short fragment of a phrase that repeats elsewhere', () => {
      const TEXT = text();
      const sel = selectorFor(TEXT, p.fragment.quote, 0);
      const withoutIt = paragraphs().filter((x) => !x.startsWith(p.fragment.paragraphStart)).join('\n\n');
      expect(withoutIt).toContain(p.fragment.remains);
      expect(reanchor(withoutIt, selectorFor(TEXT, p.fragment.role, 1))).toEqual({ state: 'orphaned' });
      expect(reanchor(withoutIt, sel)).toEqual({ state: 'orphaned' });
    });

    it('moves a long exact quote even when its surroundings were rewritten', () => {
      const TEXT = text();
      const quote = p.deletedPassage;
      const sel = selectorFor(TEXT, quote);
      let rewritten = INSERTED + TEXT;
      for (const [from, to] of p.surroundings) rewritten = rewritten.replace(from, to);
      expect(rewritten).not.toBe(INSERTED + TEXT);
      const r = reanchor(rewritten, sel);
      expect(r).toMatchObject({ state: 'anchored', method: 'quote' });
      expect(anchoredText(rewritten, r)).toBe(quote);
    });

    it('anchors quotes at the very start and very end of the text, before and after edits', () => {
      const TEXT = text();
      const head = describeRange(TEXT, 0, p.head.length);
      const tailQuote = p.tail;
      const tail = describeRange(TEXT, TEXT.length - tailQuote.length, TEXT.length);
      expect(reanchor(TEXT, head)).toMatchObject({ method: 'position', start: 0 });
      expect(reanchor(TEXT, tail)).toMatchObject({ method: 'position', end: TEXT.length });

      const prepended = INSERTED + TEXT;
      expect(reanchor(prepended, head)).toMatchObject({ state: 'anchored', method: 'quote', start: INSERTED.length });
      const appended = `${TEXT}\n\nAdditional reporting by PA.`;
      expect(reanchor(appended, tail)).toMatchObject({ state: 'anchored', method: 'position', end: TEXT.length });
      const both = `${INSERTED}${TEXT} Additional reporting by PA.`;
      expect(reanchor(both, tail)).toMatchObject({ state: 'anchored', method: 'quote', end: INSERTED.length + TEXT.length });
    });

    it('re-includes whitespace at the quote edges when the text still has it', () => {
      const TEXT = text();
      const lastWord = p.breakBefore.split(' ').pop() as string;
      const next = p.breakAfter.split(' ').slice(0, 2).join(' ');
      const start = TEXT.indexOf(`${lastWord}\n\n${next}`);
      const sel = describeRange(TEXT, start + lastWord.length, start + `${lastWord}\n\n${next}`.length);
      expect(sel.exact).toBe(`\n\n${next}`);
      const r = reanchor(INSERTED + TEXT, sel);
      expect(r).toMatchObject({ state: 'anchored', start: sel.start + INSERTED.length, end: sel.end + INSERTED.length });
    });

    it('anchors a whitespace-only selection by position only', () => {
      const TEXT = text();
      const at = TEXT.indexOf('\n\n');
      const sel = describeRange(TEXT, at, at + 2);
      expect(reanchor(TEXT, sel)).toMatchObject({ method: 'position', start: at });
      expect(reanchor(INSERTED + TEXT, sel)).toEqual({ state: 'orphaned' });
    });

    it('orphans empty quotes and copes with missing or out-of-range offsets', () => {
      const TEXT = text();
      expect(reanchor(TEXT, { exact: '', prefix: '', suffix: '', start: 0, end: 0 })).toEqual({ state: 'orphaned' });
      const sel = selectorFor(TEXT, p.unique);
      expect(reanchor(TEXT, { ...sel, start: null, end: null })).toMatchObject({ method: 'quote', start: sel.start });
      expect(reanchor(TEXT, { ...sel, start: TEXT.length + 5, end: TEXT.length + 18 })).toMatchObject({ method: 'quote' });
      expect(reanchor('', sel)).toEqual({ state: 'orphaned' });
    });

    it('round-trips locateQuote → describeRange → reanchor', () => {
      const TEXT = text();
      const found = locateQuote(TEXT, { exact: repeated, prefix: repeatedPrefix });
      const sel = describeRange(TEXT, found.start, found.end);
      expect(reanchor(TEXT, sel)).toEqual({ state: 'anchored', ...found, method: 'position' });
      const changed = INSERTED + TEXT.replace(/[“”]/g, '"');
      const r = reanchor(changed, sel);
      expect(r).toEqual({ state: 'anchored', start: found.start + INSERTED.length, end: found.end + INSERTED.length, method: 'quote' });
    });

    it('is fast on long texts and long quotes', () => {
      const TEXT = text();
      expect(TEXT.length).toBeGreaterThan(1700);
      const long = TEXT.slice(0, 5000);
      const base = (long + '\n\n').repeat(12).slice(0, 50_000);
      const quote = TEXT.slice(1500, 1700);
      const sel = describeRange(TEXT, 1500, 1700);
      const typo = quote.replace(/the /g, 'teh ');
      const edited = { ...sel, exact: typo, start: null, end: null };
      const budget = { ...sel, exact: quote.replace(/e/g, 'E'), prefix: 'zzz', suffix: 'zzz', start: null, end: null };

      const time = (fn: () => void): number => {
        const t0 = performance.now();
        fn();
        return performance.now() - t0;
      };
      reanchor(long, edited); // warm up
      const samples = [0, 1, 2, 3, 4].map((i) => time(() => reanchor(`${long}${i}`, edited)));
      samples.sort((a, b) => a - b);
      expect(samples[2]).toBeLessThan(50);
      // A 50k text where nothing matches still searches within budget.
      expect(time(() => expect(reanchor(base, budget)).toEqual({ state: 'orphaned' }))).toBeLessThan(250);
    });
  });

  it('is ambiguous → orphaned when identical phrases have identical context and no old offset', () => {
    const text = 'Say: repeat after me. Say: repeat after me.';
    const sel = { exact: 'repeat', prefix: 'Say: ', suffix: ' after me.', start: null, end: null };
    expect(() => locateQuote(text, { exact: 'repeat', prefix: 'Say:' })).toThrow(AmbiguousQuoteError);
    expect(reanchor(text, sel)).toEqual({ state: 'orphaned' });
  });

  it('orphans a very short quote whose place is gone instead of moving it', () => {
    const text = 'The summit opened in Brussels. Officials from the EU met envoys. Trade was discussed at length.';
    const eu = selectorFor(text, 'EU');
    const the = selectorFor(text, 'the', 0);
    const changed = 'The summit opened in Brussels. Trade was discussed at length. Later the EU budget was agreed.';
    expect(reanchor(changed, eu)).toEqual({ state: 'orphaned' });
    expect(reanchor(changed, the)).toEqual({ state: 'orphaned' });
  });

  it('keeps very short quotes when their context survives a shift', () => {
    const text = 'The summit opened in Brussels. Officials from the EU met envoys. Trade was discussed at length.';
    const eu = selectorFor(text, 'EU');
    const changed = `Update: the EU budget was agreed. ${text}`;
    const r = reanchor(changed, eu);
    expect(r).toMatchObject({ state: 'anchored', method: 'quote', start: (eu.start as number) + 34 });
  });

  it('does not trust a short quote that merely reappears at the old offsets', () => {
    const before = 'xx the cat sat on the mat.';
    const sel = selectorFor(before, 'the', 0);
    const after = 'yy the dog ran off.';
    expect(after.slice(sel.start as number, sel.end as number)).toBe('the');
    expect(reanchor(after, sel)).toEqual({ state: 'orphaned' });
  });

  it('keeps UTF-16 offsets right around emoji and surrogate pairs', () => {
    const text = 'Fans 🎉 cheered “loudly” for the team 👍🏽 today.';
    const start = text.indexOf('cheered');
    const sel = describeRange(text, start, start + 'cheered “loudly”'.length);
    expect(reanchor(text, sel)).toMatchObject({ method: 'position', start });
    const changed = `😀😀 ${text}`;
    const r = reanchor(changed, sel);
    expect(r).toMatchObject({ state: 'anchored', method: 'quote', start: start + 5 });
    expect(anchoredText(changed, r)).toBe('cheered “loudly”');

    const emoji = describeRange(text, text.indexOf('👍🏽'), text.indexOf('👍🏽') + 4);
    expect(reanchor(changed, emoji)).toMatchObject({ state: 'anchored', start: text.indexOf('👍🏽') + 5, end: text.indexOf('👍🏽') + 9 });
  });

  it('bounds the fuzzy error budget', () => {
    expect(fuzzyErrorBudget(9)).toBe(0);
    expect(fuzzyErrorBudget(10)).toBe(1);
    expect(fuzzyErrorBudget(57)).toBe(5);
    expect(fuzzyErrorBudget(200)).toBe(20);
    expect(fuzzyErrorBudget(5000)).toBe(MAX_FUZZY_ERRORS);
  });
});

describe('property: describeRange → reanchor', () => {
  eachArticle((_p, text, paragraphs) => {
    // 200 random ranges of the text (drawn when first needed: the text is read in the tests).
    let drawn: Array<[number, number]> | undefined;
    const ranges = (): Array<[number, number]> => {
      if (drawn) return drawn;
      const TEXT = text();
      const random = prng(20_261_126);
      drawn = [];
      while (drawn.length < 200) {
        const start = Math.floor(random() * (TEXT.length - 1));
        const length = 1 + Math.floor(random() * (random() < 0.5 ? 12 : 160));
        const end = Math.min(TEXT.length, start + length);
        // Whitespace-only selections cannot move (see above); every other range must.
        if (TEXT.slice(start, end).trim() !== '') drawn.push([start, end]);
      }
      return drawn;
    };

    it('returns the same range by position on the same text', () => {
      const TEXT = text();
      for (const [start, end] of ranges()) {
        expect(reanchor(TEXT, describeRange(TEXT, start, end)), `${start}–${end}`).toEqual({
          state: 'anchored',
          start,
          end,
          method: 'position',
        });
      }
    });

    it('returns the shifted range after a paragraph is prepended', () => {
      const TEXT = text();
      const changed = INSERTED + TEXT;
      for (const [start, end] of ranges()) {
        expect(reanchor(changed, describeRange(TEXT, start, end)), `${start}–${end}`).toMatchObject({
          state: 'anchored',
          start: start + INSERTED.length,
          end: end + INSERTED.length,
        });
      }
    });

    it('orphans (never moves) every range whose paragraph was deleted', () => {
      const TEXT = text();
      const all = paragraphs();
      const offsets = all.map((_, i) => all.slice(0, i).join('\n\n').length + (i > 0 ? 2 : 0));
      let checked = 0;
      for (const [start, end] of ranges()) {
        const index = offsets.findLastIndex((o) => o <= start);
        const paraEnd = (offsets[index] as number) + (all[index] as string).length;
        if (end > paraEnd) continue;
        const changed = all.filter((_, i) => i !== index).join('\n\n');
        expect(reanchor(changed, describeRange(TEXT, start, end)), `${start}–${end}`).toEqual({ state: 'orphaned' });
        checked++;
      }
      expect(checked).toBeGreaterThan(100);
    });

    it('after an unrelated edit, returns the shifted range or orphans — never another place', () => {
      const TEXT = text();
      const edit = prng(7);
      let kept = 0;
      for (const [start, end] of ranges()) {
        // Replace up to 20 characters with up to 16 others, entirely before or after the range.
        const before = edit() < 0.5;
        const at = before ? Math.floor(edit() * start) : end + Math.floor(edit() * (TEXT.length - end));
        const removed = Math.min(Math.floor(edit() * 20), before ? start - at : TEXT.length - at);
        const inserted = 'lorem ipsum dolor'.slice(0, Math.floor(edit() * 17));
        const changed = TEXT.slice(0, at) + inserted + TEXT.slice(at + removed);
        const shift = before ? inserted.length - removed : 0;
        const r = reanchor(changed, describeRange(TEXT, start, end));
        if (r.state === 'orphaned') continue;
        expect({ start: r.start, end: r.end }, `${start}–${end}`).toEqual({ start: start + shift, end: end + shift });
        kept++;
      }
      expect(kept).toBeGreaterThan(180);
    });
  });
});
