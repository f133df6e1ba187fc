import { readFileSync } from 'node:fs';
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

const EXPECTED = new URL('../../../shared/fixtures/text-captures/truss-strategic-mistake.expected.json', import.meta.url);
const reference = JSON.parse(readFileSync(EXPECTED, 'utf8')) as { bodyParagraphs: string[] };
const TEXT = reference.bodyParagraphs.join('\n\n');

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
  it('contains "strategic mistake" twice, the first inside curly quotes', () => {
    expect(TEXT.split('strategic mistake')).toHaveLength(3);
    expect(TEXT).toContain('would be a “strategic mistake”');
    expect(TEXT).toContain('would be a strategic mistake. As President Biden');
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
  it('returns the exact text with up to 32 characters of context each side', () => {
    const start = TEXT.indexOf('strategic mistake. As');
    const sel = describeRange(TEXT, start, start + 'strategic mistake'.length);
    expect(sel.exact).toBe('strategic mistake');
    expect(sel.start).toBe(start);
    expect(sel.end).toBe(start + 17);
    expect(sel.prefix.length).toBeLessThanOrEqual(CONTEXT_LENGTH);
    expect(sel.suffix.length).toBeLessThanOrEqual(CONTEXT_LENGTH);
    expect(TEXT.slice(0, start).endsWith(sel.prefix)).toBe(true);
    expect(TEXT.slice(sel.end).startsWith(sel.suffix)).toBe(true);
    expect(sel.prefix).toMatch(/would be a $/);
    expect(sel.suffix).toMatch(/^\. As President/);
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

  it('has an empty prefix at the start of the text and an empty suffix at the end', () => {
    expect(describeRange(TEXT, 0, 9)).toMatchObject({ exact: 'Liz Truss', prefix: '', start: 0, end: 9 });
    const last = TEXT.length;
    expect(describeRange(TEXT, last - 7, last)).toMatchObject({ exact: 'issue.”', suffix: '' });
    expect(describeRange('x', 0, 1)).toEqual({ exact: 'x', prefix: '', suffix: '', start: 0, end: 1 });
  });

  it.each([
    [-1, 3, /outside the text/],
    [0, TEXT.length + 1, /outside the text/],
    [5, 5, /start must be less than end/],
    [7, 3, /start must be less than end/],
    [1.5, 4, /integers/],
    [Number.NaN, 4, /integers/],
  ])('rejects the range %s–%s', (start, end, message) => {
    expect(() => describeRange(TEXT, start, end)).toThrow(AnchorError);
    expect(() => describeRange(TEXT, start, end)).toThrow(message);
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
  it('finds a quote that occurs once', () => {
    const r = locateQuote(TEXT, { exact: 'Jake Sullivan' });
    expect(TEXT.slice(r.start, r.end)).toBe('Jake Sullivan');
  });

  it('reports the "strategic mistake" ambiguity with a count and a hint', () => {
    let error: unknown;
    try {
      locateQuote(TEXT, { exact: 'strategic mistake' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AmbiguousQuoteError);
    expect(error).toBeInstanceOf(AnchorError);
    expect((error as AmbiguousQuoteError).count).toBe(2);
    expect((error as Error).message).toBe(
      'the quote "strategic mistake" matches 2 places; add --prefix or --suffix to choose one',
    );
  });

  it('picks the second "strategic mistake" with the plain prefix "would be a "', () => {
    const r = locateQuote(TEXT, { exact: 'strategic mistake', prefix: 'would be a ' });
    expect(r.start).toBe(TEXT.indexOf('strategic mistake. As'));
    expect(r.end - r.start).toBe(17);
  });

  it('picks the first one when the prefix includes the quote mark (curly or straight)', () => {
    const first = TEXT.indexOf('strategic mistake');
    expect(locateQuote(TEXT, { exact: 'strategic mistake', prefix: 'would be a “' }).start).toBe(first);
    expect(locateQuote(TEXT, { exact: 'strategic mistake', prefix: 'would be a "' }).start).toBe(first);
    expect(locateQuote(TEXT, { exact: 'strategic mistake', suffix: '” for Russia' }).start).toBe(first);
  });

  it('picks by suffix, and accepts prefix and suffix together', () => {
    const second = TEXT.indexOf('strategic mistake. As');
    expect(locateQuote(TEXT, { exact: 'strategic mistake', suffix: '. As President' }).start).toBe(second);
    expect(locateQuote(TEXT, { exact: 'strategic mistake', prefix: 'Ukraine would be a', suffix: '.' }).start).toBe(second);
  });

  it('tolerates straight vs curly quotes and apostrophes', () => {
    const r = locateQuote(TEXT, { exact: `they don't threaten anyone"` });
    expect(TEXT.slice(r.start, r.end)).toBe('they don’t threaten anyone”');
    const r2 = locateQuote(TEXT, { exact: `there would be 'very real costs'` });
    expect(TEXT.slice(r2.start, r2.end)).toBe('there would be ‘very real costs’');
  });

  it('tolerates dash variants', () => {
    const r = locateQuote(TEXT, { exact: 'five leaders - dubbed the Nato "Quint" -' });
    expect(TEXT.slice(r.start, r.end)).toBe('five leaders – dubbed the Nato “Quint” –');
    const r2 = locateQuote('a well—known fact', { exact: 'well-known' });
    expect([r2.start, r2.end]).toEqual([2, 12]);
  });

  it('treats any run of whitespace (line breaks, NBSP) as one space', () => {
    const r = locateQuote(TEXT, { exact: 'against Ukraine. The Foreign Secretary' });
    expect(TEXT.slice(r.start, r.end)).toBe('against Ukraine.\n\nThe Foreign Secretary');
    const r2 = locateQuote('Mr\u00A0Biden   said', { exact: 'Mr Biden said' });
    expect([r2.start, r2.end]).toEqual([0, 15]);
    const r3 = locateQuote('Mr Biden said', { exact: '  Mr \n Biden  ' });
    expect([r3.start, r3.end]).toEqual([0, 8]);
  });

  it('fails clearly when the quote does not occur', () => {
    expect(() => locateQuote(TEXT, { exact: 'strategic blunder' })).toThrow(
      new AnchorError('the quote "strategic blunder" does not occur in the text'),
    );
    expect(() => locateQuote(TEXT, { exact: 'strategic mistake', prefix: 'would be an ' })).toThrow(
      /the quote "strategic mistake" does not occur in the text with that prefix/,
    );
  });

  it('does not let typographic tolerance cross word differences or case', () => {
    expect(() => locateQuote(TEXT, { exact: 'Strategic Mistake' })).toThrow(AnchorError);
    expect(() => locateQuote(TEXT, { exact: 'strategicmistake' })).toThrow(AnchorError);
  });

  it('rejects an empty or whitespace-only quote', () => {
    expect(() => locateQuote(TEXT, { exact: '' })).toThrow(/empty/);
    expect(() => locateQuote(TEXT, { exact: ' \n\u00A0 ' })).toThrow(AnchorError);
  });

  it('counts every place for a common word', () => {
    expect(() => locateQuote(TEXT, { exact: 'Ukraine' })).toThrow(AmbiguousQuoteError);
    try {
      locateQuote(TEXT, { exact: 'Ukraine' });
    } catch (e) {
      expect((e as AmbiguousQuoteError).count).toBe(TEXT.split('Ukraine').length - 1);
    }
  });

  it('works with emoji offsets', () => {
    const text = '👍🏽 Great news 🎉 for “everyone”';
    const r = locateQuote(text, { exact: '🎉 for "everyone"' });
    expect(text.slice(r.start, r.end)).toBe('🎉 for “everyone”');
    expect(r.start).toBe(text.indexOf('🎉'));
  });
});

describe('reanchor', () => {
  it('anchors by position on unchanged text', () => {
    const sel = selectorFor(TEXT, 'strategic mistake', 1);
    expect(reanchor(TEXT, sel)).toEqual({ state: 'anchored', start: sel.start, end: sel.end, method: 'position' });
  });

  it('follows curly quotes becoming straight after re-extraction', () => {
    const sel = selectorFor(TEXT, '“strategic mistake” for Russia');
    const straight = TEXT.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
    const r = reanchor(straight, sel);
    expect(r).toMatchObject({ state: 'anchored', method: 'quote', start: sel.start, end: sel.end });
    expect(anchoredText(straight, r)).toBe('"strategic mistake" for Russia');
  });

  it('follows straight quotes becoming curly', () => {
    const straight = TEXT.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
    const sel = selectorFor(straight, `they don't threaten anyone"`);
    const r = reanchor(TEXT, sel);
    expect(anchoredText(TEXT, r)).toBe('they don’t threaten anyone”');
  });

  it('follows whitespace changes (double spaces, single line breaks)', () => {
    const sel = selectorFor(TEXT, 'against Ukraine.\n\nThe Foreign Secretary said');
    const reflowed = TEXT.replace(/\n\n/g, '\n').replace(/ /g, '  ');
    const r = reanchor(reflowed, sel);
    expect(r).toMatchObject({ state: 'anchored', method: 'quote' });
    expect(anchoredText(reflowed, r)).toBe('against  Ukraine.\nThe  Foreign  Secretary  said');
  });

  it('follows an inserted paragraph: position fails, quote succeeds with shifted offsets', () => {
    const sel = selectorFor(TEXT, 'Jake Sullivan');
    const changed = INSERTED + TEXT;
    expect(changed.slice(sel.start as number, sel.end as number)).not.toBe('Jake Sullivan');
    expect(reanchor(changed, sel)).toEqual({
      state: 'anchored',
      start: (sel.start as number) + INSERTED.length,
      end: (sel.end as number) + INSERTED.length,
      method: 'quote',
    });
  });

  it('uses context to choose between repeated phrases, before and after an insert', () => {
    const first = selectorFor(TEXT, 'strategic mistake', 0);
    const second = selectorFor(TEXT, 'strategic mistake', 1);
    expect(reanchor(TEXT, first)).toMatchObject({ start: first.start, method: 'position' });
    expect(reanchor(TEXT, second)).toMatchObject({ start: second.start, method: 'position' });

    const changed = INSERTED + TEXT;
    const shift = INSERTED.length;
    expect(reanchor(changed, first)).toMatchObject({ state: 'anchored', start: (first.start as number) + shift, method: 'quote' });
    expect(reanchor(changed, second)).toMatchObject({ state: 'anchored', start: (second.start as number) + shift, method: 'quote' });
  });

  it('picks the right repeated phrase even when the old offsets point at the other one', () => {
    const second = selectorFor(TEXT, 'strategic mistake', 1);
    const first = TEXT.indexOf('strategic mistake');
    const stale = { ...second, start: first, end: first + 17 };
    expect(reanchor(TEXT, stale)).toMatchObject({ state: 'anchored', start: second.start, method: 'quote' });
  });

  it('orphans a repeated phrase whose own place was deleted rather than jump to the other one', () => {
    const first = selectorFor(TEXT, 'strategic mistake', 0);
    const withoutFirst = reference.bodyParagraphs.slice(1).join('\n\n');
    expect(withoutFirst.split('strategic mistake')).toHaveLength(2);
    expect(reanchor(withoutFirst, first)).toEqual({ state: 'orphaned' });

    const second = selectorFor(TEXT, 'strategic mistake', 1);
    const withoutSecond = reference.bodyParagraphs.filter((_, i) => i !== 7).join('\n\n');
    expect(reanchor(withoutSecond, second)).toEqual({ state: 'orphaned' });
  });

  it('is ambiguous → orphaned when identical phrases have identical context and no old offset', () => {
    const text = 'Say: repeat after me. Say: repeat after me.';
    const sel = { exact: 'repeat', prefix: 'Say: ', suffix: ' after me.', start: null, end: null };
    expect(() => locateQuote(text, { exact: 'repeat', prefix: 'Say:' })).toThrow(AmbiguousQuoteError);
    expect(reanchor(text, sel)).toEqual({ state: 'orphaned' });
  });

  it('orphans a highlight whose passage was deleted', () => {
    const sel = selectorFor(TEXT, 'Prime Minister Boris Johnson and other European leaders took part in talks');
    const deleted = reference.bodyParagraphs.filter((p) => !p.startsWith('Prime Minister')).join('\n\n');
    expect(reanchor(deleted, sel)).toEqual({ state: 'orphaned' });
  });

  it('anchors fuzzily after a typo inside the quote is fixed', () => {
    const sel = selectorFor(TEXT, 'I will be meeting my Ukrainian counterpart Dymtro Kuleba');
    const fixed = TEXT.replace('Dymtro', 'Dmytro');
    const r = reanchor(fixed, sel);
    expect(r).toMatchObject({ state: 'anchored', method: 'fuzzy', start: sel.start, end: sel.end });
    expect(anchoredText(fixed, r)).toBe('I will be meeting my Ukrainian counterpart Dmytro Kuleba');
  });

  it('anchors fuzzily after a word is corrected and the text shifted', () => {
    const sel = selectorFor(TEXT, 'there would “high economic and diplomatic costs” to meet any further aggression');
    const fixed = INSERTED + TEXT.replace('there would “high', 'there would be “high');
    const r = reanchor(fixed, sel);
    expect(r).toMatchObject({ state: 'anchored', method: 'fuzzy' });
    expect(anchoredText(fixed, r)).toBe('there would be “high economic and diplomatic costs” to meet any further aggression');
  });

  it('orphans after a heavy rewrite', () => {
    const quote = 'underlined the importance of Russia ceasing their threatening behaviour towards Ukraine';
    const sel = selectorFor(TEXT, quote);
    const rewritten = TEXT.replace(quote, 'stressed that Moscow must stop threatening its neighbour Ukraine');
    expect(reanchor(rewritten, sel)).toEqual({ state: 'orphaned' });
  });

  it('orphans when too many edits exceed the error budget', () => {
    const quote = 'The Foreign Secretary said the UK was already providing support to the country';
    const sel = selectorFor(TEXT, quote);
    const edited = TEXT.replace(quote, 'The Home Secretary said Britain was now providing aid to that country');
    expect(reanchor(edited, sel)).toEqual({ state: 'orphaned' });
  });

  it('never fuzzy-matches short quotes', () => {
    const sel = selectorFor(TEXT, 'Ms Truss');
    const changed = TEXT.replace('Ms Truss said:', 'Mrs Truss said:');
    expect(reanchor(changed, sel)).toEqual({ state: 'orphaned' });
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

  it('does not trust a short quote when the words right after it were replaced', () => {
    // Deleting the paragraph that began with "Mr Biden" brings "Mr Putin" to the same offsets.
    const sel = selectorFor(TEXT, 'Mr Biden “told');
    const short = describeRange(TEXT, sel.start as number, (sel.start as number) + 3);
    expect(short.exact).toBe('Mr ');
    const changed = reference.bodyParagraphs.filter((p) => !p.startsWith('Mr Biden')).join('\n\n');
    expect(changed.slice(short.start, short.end)).toBe('Mr ');
    expect(reanchor(changed, short)).toEqual({ state: 'orphaned' });
  });

  it('does not fuzzy-match a near-duplicate of a deleted passage', () => {
    const sel = selectorFor(TEXT, ' would be a strategic mistake. A');
    const withoutIt = reference.bodyParagraphs.filter((p) => !p.startsWith('“Together')).join('\n\n');
    expect(withoutIt).toContain('would be a “strategic mistake” for');
    expect(reanchor(withoutIt, sel)).toEqual({ state: 'orphaned' });
  });

  it('does not move a short fragment of a phrase that repeats elsewhere', () => {
    const sel = selectorFor(TEXT, 'Secretary said the', 0);
    const withoutIt = reference.bodyParagraphs.filter((p) => !p.startsWith('The Foreign Secretary said the')).join('\n\n');
    expect(withoutIt).toContain('The Foreign Secretary said');
    expect(reanchor(withoutIt, selectorFor(TEXT, 'Foreign Secretary', 1))).toEqual({ state: 'orphaned' });
    expect(reanchor(withoutIt, sel)).toEqual({ state: 'orphaned' });
  });

  it('moves a long exact quote even when its surroundings were rewritten', () => {
    const quote = 'Prime Minister Boris Johnson and other European leaders took part in talks';
    const sel = selectorFor(TEXT, quote);
    const rewritten = INSERTED + TEXT.replace(/to meet any further aggression\.\n\n/, 'to deter Moscow.\n\nOn Tuesday, ').replace(
      'talks with Mr Biden on Tuesday evening',
      'talks late into the evening',
    );
    const r = reanchor(rewritten, sel);
    expect(r).toMatchObject({ state: 'anchored', method: 'quote' });
    expect(anchoredText(rewritten, r)).toBe(quote);
  });

  it('anchors quotes at the very start and very end of the text, before and after edits', () => {
    const head = describeRange(TEXT, 0, 'Liz Truss has said'.length);
    const tailQuote = 'to co-ordinate their approaches to this issue.”';
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

  it('re-includes whitespace at the quote edges when the text still has it', () => {
    const start = TEXT.indexOf('Ukraine.\n\nThe Foreign');
    const sel = describeRange(TEXT, start + 8, start + 'Ukraine.\n\nThe Foreign'.length);
    expect(sel.exact).toBe('\n\nThe Foreign');
    const r = reanchor(INSERTED + TEXT, sel);
    expect(r).toMatchObject({ state: 'anchored', start: sel.start + INSERTED.length, end: sel.end + INSERTED.length });
  });

  it('anchors a whitespace-only selection by position only', () => {
    const at = TEXT.indexOf('\n\n');
    const sel = describeRange(TEXT, at, at + 2);
    expect(reanchor(TEXT, sel)).toMatchObject({ method: 'position', start: at });
    expect(reanchor(INSERTED + TEXT, sel)).toEqual({ state: 'orphaned' });
  });

  it('orphans empty quotes and copes with missing or out-of-range offsets', () => {
    expect(reanchor(TEXT, { exact: '', prefix: '', suffix: '', start: 0, end: 0 })).toEqual({ state: 'orphaned' });
    const sel = selectorFor(TEXT, 'Jake Sullivan');
    expect(reanchor(TEXT, { ...sel, start: null, end: null })).toMatchObject({ method: 'quote', start: sel.start });
    expect(reanchor(TEXT, { ...sel, start: TEXT.length + 5, end: TEXT.length + 18 })).toMatchObject({ method: 'quote' });
    expect(reanchor('', sel)).toEqual({ state: 'orphaned' });
  });

  it('round-trips locateQuote → describeRange → reanchor', () => {
    const found = locateQuote(TEXT, { exact: 'strategic mistake', prefix: 'would be a ' });
    const sel = describeRange(TEXT, found.start, found.end);
    expect(reanchor(TEXT, sel)).toEqual({ state: 'anchored', ...found, method: 'position' });
    const changed = INSERTED + TEXT.replace(/[“”]/g, '"');
    const r = reanchor(changed, sel);
    expect(r).toEqual({ state: 'anchored', start: found.start + INSERTED.length, end: found.end + INSERTED.length, method: 'quote' });
  });

  it('bounds the fuzzy error budget', () => {
    expect(fuzzyErrorBudget(9)).toBe(0);
    expect(fuzzyErrorBudget(10)).toBe(1);
    expect(fuzzyErrorBudget(57)).toBe(5);
    expect(fuzzyErrorBudget(200)).toBe(20);
    expect(fuzzyErrorBudget(5000)).toBe(MAX_FUZZY_ERRORS);
  });

  it('is fast on long texts and long quotes', () => {
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

describe('property: describeRange → reanchor', () => {
  const random = prng(20_261_126);
  const ranges: Array<[number, number]> = [];
  while (ranges.length < 200) {
    const start = Math.floor(random() * (TEXT.length - 1));
    const length = 1 + Math.floor(random() * (random() < 0.5 ? 12 : 160));
    const end = Math.min(TEXT.length, start + length);
    // Whitespace-only selections cannot move (see above); every other range must.
    if (TEXT.slice(start, end).trim() !== '') ranges.push([start, end]);
  }

  it('returns the same range by position on the same text', () => {
    for (const [start, end] of ranges) {
      expect(reanchor(TEXT, describeRange(TEXT, start, end)), `${start}–${end}`).toEqual({
        state: 'anchored',
        start,
        end,
        method: 'position',
      });
    }
  });

  it('returns the shifted range after a paragraph is prepended', () => {
    const changed = INSERTED + TEXT;
    for (const [start, end] of ranges) {
      expect(reanchor(changed, describeRange(TEXT, start, end)), `${start}–${end}`).toMatchObject({
        state: 'anchored',
        start: start + INSERTED.length,
        end: end + INSERTED.length,
      });
    }
  });
  it('orphans (never moves) every range whose paragraph was deleted', () => {
    const paragraphs = reference.bodyParagraphs;
    const offsets = paragraphs.map((_, i) => paragraphs.slice(0, i).join('\n\n').length + (i > 0 ? 2 : 0));
    let checked = 0;
    for (const [start, end] of ranges) {
      const index = offsets.findLastIndex((o) => o <= start);
      const paraEnd = (offsets[index] as number) + (paragraphs[index] as string).length;
      if (end > paraEnd) continue;
      const changed = paragraphs.filter((_, i) => i !== index).join('\n\n');
      expect(reanchor(changed, describeRange(TEXT, start, end)), `${start}–${end}`).toEqual({ state: 'orphaned' });
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('after an unrelated edit, returns the shifted range or orphans — never another place', () => {
    const edit = prng(7);
    let kept = 0;
    for (const [start, end] of ranges) {
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
