import { describe, expect, it } from 'vitest';
import { describeFilters, parseDateValue, parseQuery, QueryError, type QueryNode } from '../../db/query/parser.ts';

const t = (text: string, prefix = false): QueryNode => ({ type: 'term', text, prefix });
const ph = (text: string, prefix = false): QueryNode => (prefix ? { type: 'phrase', text, prefix } : { type: 'phrase', text });
const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children });
const not = (child: QueryNode): QueryNode => ({ type: 'not', child });
const f = (field: string, value: string, extra: { phrase?: boolean; prefix?: boolean } = {}): QueryNode =>
  ({ type: 'field', field, value, ...extra }) as QueryNode;
const EMPTY: QueryNode = { type: 'empty' };

const CASES: [string, QueryNode][] = [
  // words, phrases, prefixes
  ['', EMPTY],
  ['   ', EMPTY],
  ['kyiv', t('kyiv')],
  ['Kyïv talks', and(t('Kyïv'), t('talks'))],
  ['"grain corridor"', ph('grain corridor')],
  ['“grain corridor”', ph('grain corridor')],
  ['"co-op"*', ph('co op', true)],
  ['econom*', t('econom', true)],
  ['econom**', t('econom', true)],
  ['co-operation', ph('co operation')],
  ['U.S.', ph('U S')],
  ["don't", ph('don t')],
  ['e-mail', ph('e mail')],
  ['C++', t('C')],
  ['100%', t('100')],
  ['$5', t('5')],
  ["'quoted'", t('quoted')],
  ['a*b', ph('a b')],
  ['**a', t('a')],
  ['*', EMPTY],
  ['🎉', EMPTY],
  ['a 🎉 b', and(t('a'), t('b'))],
  ['東京 タワー', and(t('東京'), t('タワー'))],
  ['3:51', ph('3 51')],
  ['https://example.com/a', ph('https example com a')],
  ['Warning: storms', and(t('Warning'), t('storms'))],
  // boolean structure and precedence: NOT > AND > OR
  ['a b', and(t('a'), t('b'))],
  ['a AND b', and(t('a'), t('b'))],
  ['a OR b', or(t('a'), t('b'))],
  ['a or b', and(t('a'), t('or'), t('b'))],
  ['a b OR c', or(and(t('a'), t('b')), t('c'))],
  ['a OR b c', or(t('a'), and(t('b'), t('c')))],
  ['a (b OR c)', and(t('a'), or(t('b'), t('c')))],
  ['(a OR b) (c OR d)', and(or(t('a'), t('b')), or(t('c'), t('d')))],
  ['a -b', and(t('a'), not(t('b')))],
  ['a NOT b', and(t('a'), not(t('b')))],
  ['-a OR b', or(not(t('a')), t('b'))],
  ['-"a b"', not(ph('a b'))],
  ['-(a OR b) c', and(not(or(t('a'), t('b'))), t('c'))],
  ['NOT NOT a', t('a')],
  ['--a', not(t('a'))],
  ['a - b', and(t('a'), t('b'))],
  ['((a))', t('a')],
  ['a (b c) d', and(t('a'), t('b'), t('c'), t('d'))],
  // tolerance
  ['"unbalanced', ph('unbalanced')],
  ['a "b c', and(t('a'), ph('b c'))],
  ['"', EMPTY],
  ['""', EMPTY],
  ['-', EMPTY],
  ['-"', EMPTY],
  ['AND', EMPTY],
  ['OR', EMPTY],
  ['OR OR', EMPTY],
  ['NOT', EMPTY],
  ['a NOT', t('a')],
  ['NOT AND a', t('a')],
  ['a OR', t('a')],
  ['OR a', t('a')],
  ['a AND OR b', or(t('a'), t('b'))],
  ['((a', t('a')],
  ['a)', t('a')],
  [')a(', t('a')],
  ['a) b', and(t('a'), t('b'))],
  ['()', EMPTY],
  ['-()', EMPTY],
  ['NEAR(a b)', and(t('NEAR'), t('a'), t('b'))],
  ['^a', t('a')],
  ['a + b', and(t('a'), t('b'))],
  ['{a}', t('a')],
  ['"a" "b"', and(ph('a'), ph('b'))],
  // fields
  ['title:kyiv', f('title', 'kyiv')],
  ['TITLE:Kyiv', f('title', 'Kyiv')],
  ['title:"foreign policy"', f('title', 'foreign policy', { phrase: true })],
  ['title:co-operation', f('title', 'co operation')],
  ['title:econ*', f('title', 'econ', { prefix: true })],
  ['body:grain', f('body', 'grain')],
  ['text:grain', f('body', 'grain')],
  ['site:herald', f('outlet', 'herald')],
  ['outlet:"The Herald"', f('outlet', 'The Herald', { phrase: true })],
  ['byline:doe', f('author', 'doe')],
  ['author:doe', f('author', 'doe')],
  ['note:energy', f('note', 'energy')],
  ['annotations:quote', f('annotation', 'quote')],
  ['tag:"foreign policy"', f('tag', 'foreign policy', { phrase: true })],
  ['tag:"  foreign   policy "', f('tag', 'foreign policy', { phrase: true })],
  ['tag:C++', f('tag', 'C++')],
  ['tag:ukr*', f('tag', 'ukr', { prefix: true })],
  ['url:https://www.example.com/a?b=c', f('url', 'https://www.example.com/a?b=c')],
  ['url:"https://en.wikipedia.org/wiki/Foo_(bar)"', f('url', 'https://en.wikipedia.org/wiki/Foo_(bar)', { phrase: true })],
  ['lang:en-GB', f('lang', 'en-gb')],
  ['after:2021', f('after', '2021')],
  ['before:2021-03', f('before', '2021-03')],
  ['on:2021-03-15', f('on', '2021-03-15')],
  ['after:7D', f('after', '7d')],
  ['has:annotation', f('has', 'annotation')],
  ['has:Notes', f('has', 'note')],
  ['is:starred', f('is', 'starred')],
  ['is:UNREAD', f('is', 'unread')],
  ['type:print', f('type', 'print')],
  ['tone:mixed', f('tone', 'mixed')],
  ['by:Alice', f('by', 'Alice')],
  ['by:"Anna   Maria "', f('by', 'Anna Maria', { phrase: true })],
  ['-by:bob', not(f('by', 'bob'))],
  ['-tag:sport', not(f('tag', 'sport'))],
  ['NOT is:read', not(f('is', 'read'))],
  ['-is:starred kyiv', and(not(f('is', 'starred')), t('kyiv'))],
  ['title:(a OR b*)', or(f('title', 'a'), f('title', 'b', { prefix: true }))],
  ['tag:(ukraine -russia)', and(f('tag', 'ukraine'), not(f('tag', 'russia')))],
  ['title:(a "b c")', and(f('title', 'a'), f('title', 'b c', { phrase: true }))],
  ['title:', EMPTY],
  ['title: kyiv', t('kyiv')],
  ['title:"" kyiv', t('kyiv')],
  ['title:!!!', EMPTY],
  ['url:https://', EMPTY],
  ['-title:', EMPTY],
  ['tag:a OR is:starred', or(f('tag', 'a'), f('is', 'starred'))],
];

describe('parseQuery', () => {
  it.each(CASES)('%j', (input, expected) => {
    expect(parseQuery(input)).toEqual(expected);
  });

  it('ignores parentheses nested beyond the limit but keeps their contents', () => {
    const deep = '('.repeat(200) + 'a OR b' + ')'.repeat(200) + ' c';
    expect(parseQuery(deep)).toEqual(and(or(t('a'), t('b')), t('c')));
    const unclosed = '('.repeat(500) + 'a';
    expect(parseQuery(unclosed)).toEqual(t('a'));
    expect(parseQuery('NOT '.repeat(3001) + 'x')).toEqual(not(t('x')));
  });

  it('keeps every word of a long query', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`);
    const ast = parseQuery(words.join(' '));
    expect(ast.type).toBe('and');
    expect(ast.type === 'and' && ast.children.length).toBe(2000);
  });
});

describe('parseQuery errors', () => {
  const ERRORS: [string, RegExp][] = [
    ['xyz:abc', /Unknown filter "xyz:".*title:.*tag:.*after:.*is:/],
    ['foo:"bar"', /Unknown filter "foo:"/],
    ['a:b:c', /Unknown filter "a:"/],
    ['kyiv autor:smith', /Unknown filter "autor:".*author:/],
    ['after:yesterday', /Invalid date "yesterday" for after:.*2021-03-15.*7d/],
    ['on:2021-02-30', /Invalid date "2021-02-30" for on:/],
    ['before:2021-13', /Invalid date "2021-13" for before:/],
    ['after:21', /Invalid date "21"/],
    ['has:tags', /Invalid value "tags" for has:.*annotation, note/],
    ['is:bogus', /Invalid value "bogus" for is:.*starred, unstarred, read, unread/],
    ['type:tv', /Invalid value "tv" for type:.*online, print, broadcast, agency/],
    ['tone:angry', /Invalid value "angry" for tone:.*positive, neutral, negative, mixed/],
    ['lang:"en gb"', /Invalid value "en gb" for lang:/],
    ['-is:maybe', /Invalid value "maybe" for is:/],
  ];
  it.each(ERRORS)('%j', (input, message) => {
    let err: unknown;
    try {
      parseQuery(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QueryError);
    expect((err as Error).message).toMatch(message);
  });

  it('does not treat text with colons as filters', () => {
    for (const q of ['3:51', '10:30am', 'https://x.org/a:b', 'Київ:місто', 'Note:', 'ratio 2:1', 'http://a', 'mailto://x']) {
      expect(() => parseQuery(q), q).not.toThrow();
    }
  });
});

describe('date values', () => {
  it('accepts years, months, days and relative periods', () => {
    expect(parseDateValue('2021')).toEqual({ kind: 'period', year: 2021 });
    expect(parseDateValue('2021-3')).toEqual({ kind: 'period', year: 2021, month: 3 });
    expect(parseDateValue('2024-02-29')).toEqual({ kind: 'period', year: 2024, month: 2, day: 29 });
    expect(parseDateValue('2023-02-29')).toBeNull();
    expect(parseDateValue('12w')).toEqual({ kind: 'relative', amount: 12, unit: 'w' });
    expect(parseDateValue('1Y')).toEqual({ kind: 'relative', amount: 1, unit: 'y' });
    expect(parseDateValue('7x')).toBeNull();
    expect(parseDateValue('2021-00')).toBeNull();
  });
});

describe('describeFilters', () => {
  it('lists every filter', () => {
    const text = describeFilters();
    for (const name of ['title:', 'body:', 'tag:', 'outlet:', 'site:', 'author:', 'byline:', 'url:', 'lang:', 'after:', 'before:', 'on:', 'has:', 'is:', 'type:', 'tone:', 'by:']) {
      expect(text).toContain(name);
    }
  });
});
