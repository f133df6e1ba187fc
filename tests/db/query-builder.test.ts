import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { buildQuery, dateWindow, describeFilters, QueryError, type BuiltQuery } from '../../db/query/builder.ts';
import { parseQuery, type QueryNode } from '../../db/query/parser.ts';
import { SearchRepo } from '../../db/search.ts';
import { TagRepo } from '../../db/tags.ts';

const NOW = new Date('2026-11-26T12:00:00Z');
const NOW_ISO = NOW.toISOString();

interface Fixture {
  title: string;
  text: string;
  outlet?: string;
  byline?: string;
  lang?: string | null;
  url?: string;
  sourceUrl?: string;
  publishedAt?: string | null;
  capturedAt?: string;
  tags?: string[];
  note?: string;
  annotation?: [exact: string, note: string];
  starred?: boolean;
  read?: boolean;
  type?: string;
  tone?: string;
}

/** Ids are 1..9 in this order. Comments note what each one is there to test. */
const FIXTURES: Fixture[] = [
  {
    // 1: diacritics, offset date on 2021-12-31 locally but 2022-01-01 in UTC
    title: 'Kyïv talks resume',
    text: 'Diplomats met in Kyïv to discuss the grain corridor.',
    outlet: 'The Herald',
    byline: 'Jane Doe',
    lang: 'en-GB',
    url: 'https://www.herald.example/world/kyiv-talks',
    publishedAt: '2021-12-31T23:30:00-05:00',
    tags: ['Ukraine', 'Foreign Policy'],
    starred: true,
    type: 'online',
    tone: 'neutral',
  },
  {
    // 2: stemming (Quint), co-operation, annotation, read, print
    title: 'The Quint meets in Rome',
    text: 'Leaders of the Quint discussed foreign policy and co-operation.',
    outlet: 'Daily Post',
    byline: 'John Smith',
    lang: 'en',
    publishedAt: '2022-03-15',
    tags: ['foreign policy'],
    annotation: ['Leaders of the Quint', 'key meeting'],
    read: true,
    type: 'print',
    tone: 'positive',
  },
  {
    // 3: a note, floating date
    title: 'Estonia and Ukraine sign pact',
    text: 'Tallinn and Kyiv agreed on energy co-operation.',
    outlet: 'Baltic Times',
    lang: 'en',
    publishedAt: '2022-06-01T10:00',
    tags: ['Ukraine', 'Baltics'],
    note: 'follow up on energy',
    type: 'agency',
    tone: 'mixed',
  },
  {
    // 4: no publication date, captured 6 days before NOW
    title: 'Budget day in Westminster',
    text: 'The chancellor spoke about the economy and economic growth.',
    outlet: 'The Herald',
    byline: 'Jane Doe',
    lang: 'en',
    publishedAt: null,
    capturedAt: '2026-11-20T09:00:00.000Z',
    tags: ['Economy'],
    type: 'broadcast',
    tone: 'negative',
  },
  {
    // 5: French, within the last 3 months but not the last month
    title: 'Élection présidentielle',
    text: "Le président a parlé de l'économie.",
    outlet: 'Le Monde',
    lang: 'fr',
    publishedAt: '2026-10-01',
    tags: ['France'],
  },
  {
    // 6: punctuation-heavy text, within the last year, source url only
    title: 'U.S. trade deal',
    text: 'The U.S. and the E.U. reached a trade deal on software and e-mail standards. Prices rose 100%.',
    outlet: 'Wire',
    lang: 'en-US',
    sourceUrl: 'http://wire.example.com/us-trade',
    publishedAt: '2025-11-27T00:00:00Z',
    starred: true,
    type: 'online',
  },
  {
    // 7: outlet mentions Kyiv, read
    title: 'Grain exports from Odesa',
    text: 'Ships left Odesa carrying grain despite the blockade.',
    outlet: 'Kyiv Independent',
    byline: 'Olena Kovalenko',
    lang: 'uk',
    publishedAt: '2023-05-05',
    tags: ['Ukraine', 'Trade'],
    read: true,
  },
  {
    // 8: whitespace-only note is no note, no language, stemming storms/storm
    title: 'Weather: storms ahead',
    text: 'Storm warnings were issued for the coast.',
    outlet: 'Met Daily',
    lang: null,
    publishedAt: '2019-01-15',
    note: '   ',
  },
  {
    // 9: times, emoji, leap day, annotation with a note
    title: 'Marathon record',
    text: 'She finished in 3:51 at dawn 🎉 and the crowd cheered.',
    outlet: 'Sports Desk',
    lang: 'en',
    publishedAt: '2020-02-29',
    annotation: ['finished in 3:51', 'remember the time'],
  },
];

function seed(db: Db): void {
  const clippings = new ClippingRepo(db);
  const tags = new TagRepo(db);
  FIXTURES.forEach((x, i) => {
    const c: NewClipping = {
      captureId: null,
      title: x.title,
      byline: x.byline ?? null,
      outlet: x.outlet ?? null,
      sourceUrl: x.sourceUrl ?? x.url ?? null,
      canonicalUrl: x.url ?? null,
      urlKey: null,
      publishedAt: x.publishedAt ?? null,
      modifiedAt: null,
      capturedAt: x.capturedAt ?? '2026-11-25T10:00:00.000Z',
      lang: x.lang === undefined ? 'en' : x.lang,
      excerpt: null,
      text: x.text,
      html: null,
      figures: [],
      leadImage: null,
      wordCount: 0,
      contentHash: `h${i}`,
      note: x.note ?? '',
    };
    const id = clippings.insert(c, NOW_ISO);
    expect(id).toBe(i + 1);
    if (x.tags) tags.addToClipping(id, x.tags, NOW_ISO);
    if (x.annotation) {
      db.prepare(`INSERT INTO annotations (clipping_id, exact, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(
        id, x.annotation[0], x.annotation[1], NOW_ISO, NOW_ISO,
      );
    }
    db.prepare(`UPDATE clippings SET starred = ?, is_read = ?, media_type = ?, tone = ? WHERE id = ?`).run(
      x.starred ? 1 : 0, x.read ? 1 : 0, x.type ?? null, x.tone ?? null, id,
    );
  });
}

const ALL = FIXTURES.map((_, i) => i + 1);
const except = (...ids: number[]) => ALL.filter((id) => !ids.includes(id));

/**
 * Runs a query the way the engine does (db/search.ts, which resolves the full-text parts
 * over both full-text tables: a word matches in the body's or in the tags, notes and
 * annotations'); a query without any condition finds every live clipping.
 */
function execute(db: Db, ast: QueryNode, now: Date): number[] {
  const b = buildQuery(ast, { now });
  if (b.match === null && b.where.length === 0) {
    return (db.prepare(`SELECT id FROM clippings WHERE deleted_at IS NULL ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  }
  return new SearchRepo(db).allMatches({ blank: false, ast }, now);
}

const search = (db: Db, q: string, now = NOW) => execute(db, parseQuery(q), now);

const RESULTS: [query: string, ids: number[]][] = [
  // words: AND, stemming, diacritics, case
  ['kyiv', [1, 3, 7]],
  ['Kyïv', [1, 3, 7]],
  ['KYIV', [1, 3, 7]],
  ['quints', [2]],
  ['storms', [8]],
  ['grain', [1, 7]],
  ['grain odesa', [7]],
  ['grain AND odesa', [7]],
  ['ukraine estonia', [3]],
  ['presidentielle', [5]],
  // OR and precedence
  ['grain OR budget', [1, 4, 7]],
  ['odesa budget OR quint', [2]],
  ['quint OR odesa budget', [2]],
  ['(grain OR budget) herald', [1, 4]],
  ['(grain OR budget) -herald', [7]],
  // phrases
  ['"grain corridor"', [1]],
  ['"corridor grain"', []],
  ['"foreign policy"', [1, 2]],
  ['"energy co-operation"', [3]],
  ['"grain corridor', [1]],
  // exclusion
  ['grain -odesa', [1]],
  ['grain NOT odesa', [1]],
  ['grain -"grain corridor"', [7]],
  ['-ukraine', [2, 4, 5, 6, 8, 9]],
  ['NOT ukraine', [2, 4, 5, 6, 8, 9]],
  ['-grain -budget', [2, 3, 5, 6, 8, 9]],
  ['kyiv -(grain OR pact)', []],
  ['kyiv -(grain -odesa)', [3, 7]],
  // prefix
  ['econom*', [4, 5]],
  ['presid*', [5]],
  ['"grain cor"*', [1]],
  // punctuation inside words
  ['co-operation', [2, 3]],
  ['U.S.', [6]],
  ['e-mail', [6]],
  ['100%', [6]],
  ['3:51', [9]],
  ['weather:', [8]],
  // text fields
  ['title:kyiv', [1]],
  ['body:kyiv', [1, 3]],
  ['title:quint', [2]],
  ['title:"trade deal"', [6]],
  ['title:(budget OR quint)', [2, 4]],
  ['outlet:herald', [1, 4]],
  ['site:herald', [1, 4]],
  ['outlet:kyiv', [7]],
  ['author:doe', [1, 4]],
  ['byline:kovalenko', [7]],
  ['note:energy', [3]],
  ['annotation:remember', [9]],
  ['annotation:leaders', [2]],
  ['-title:kyiv kyiv', [3, 7]],
  // tags
  ['tag:"foreign policy"', [1, 2]],
  ['tag:"Foreign  Policy"', [1, 2]],
  ['tag:ukraine', [1, 3, 7]],
  ['tag:UKRAINE', [1, 3, 7]],
  ['tag:ukr*', [1, 3, 7]],
  ['tag:foreign', []],
  ['-tag:ukraine', [2, 4, 5, 6, 8, 9]],
  ['kyiv -tag:"foreign policy"', [3, 7]],
  ['tag:(ukraine -trade)', [1, 3]],
  // url, lang
  ['url:herald.example', [1]],
  ['url:https://wire.example.com', [6]],
  ['url:WIRE', [6]],
  ['url:www.herald.example/world', [1]],
  ['-url:example', [2, 3, 4, 5, 7, 8, 9]],
  ['lang:en', [1, 2, 3, 4, 6, 9]],
  ['lang:en-gb', [1]],
  ['lang:fr', [5]],
  ['-lang:en', [5, 7, 8]],
  // calendar dates: the local publication date; after/before are strict
  ['on:2021-12-31', [1]],
  ['on:2021', [1]],
  ['on:2022', [2, 3]],
  ['on:2022-01-01', []],
  ['after:2021', [2, 3, 4, 5, 6, 7]],
  ['before:2021', [8, 9]],
  ['before:2022', [1, 8, 9]],
  ['on:2020-02', [9]],
  ['on:2020-02-29', [9]],
  ['after:2022-03-15', [3, 4, 5, 6, 7]],
  ['before:2022-03-15', [1, 8, 9]],
  ['on:2022-03-15', [2]],
  ['after:2022-05 before:2023-06', [3, 7]],
  ['-on:2022', [1, 4, 5, 6, 7, 8, 9]],
  ['on:2026-11', [4]],
  // relative dates (NOW = 2026-11-26T12:00Z)
  ['after:7d', [4]],
  ['on:7d', [4]],
  ['after:2w', [4]],
  ['after:1m', [4]],
  ['after:3m', [4, 5]],
  ['after:1y', [4, 5, 6]],
  ['before:1y', [1, 2, 3, 7, 8, 9]],
  ['after:7y', except(8)],
  // has, is, type, tone
  ['has:annotation', [2, 9]],
  ['has:note', [3]],
  ['-has:note', except(3)],
  ['is:starred', [1, 6]],
  ['is:unstarred', except(1, 6)],
  ['-is:starred', except(1, 6)],
  ['is:read', [2, 7]],
  ['is:unread', except(2, 7)],
  ['type:print', [2]],
  ['-type:print', except(2)],
  ['type:online', [1, 6]],
  ['tone:mixed', [3]],
  ['-tone:neutral', except(1)],
  // filters combined with text, OR across kinds, purely negative OR branches
  ['ukraine is:unread', [1, 3]],
  ['ukraine OR is:starred', [1, 3, 6, 7]],
  ['title:quint OR -tag:ukraine', [2, 4, 5, 6, 8, 9]],
  ['odesa OR -ukraine', [2, 4, 5, 6, 7, 8, 9]],
  ['(tag:ukraine -grain) OR title:budget', [3, 4]],
  ['is:starred after:2024', [6]],
  ['-(is:starred OR is:read)', [3, 4, 5, 8, 9]],
  ['-(kyiv OR is:starred)', [2, 4, 5, 8, 9]],
  ['(kyiv is:read) OR (budget -tag:economy) OR has:annotation', [2, 7, 9]],
  ['lang:en (kyiv OR econom*) -is:starred after:2021', [3, 4]],
  // nothing usable: no constraint
  ['', ALL],
  ['"', ALL],
  ['-', ALL],
  ['title:', ALL],
];

describe('buildQuery finds the right clippings', () => {
  let db: Db;
  beforeAll(() => {
    db = openDatabase(':memory:');
    seed(db);
  });

  it.each(RESULTS)('%j', (query, ids) => {
    expect(search(db, query)).toEqual(ids);
  });

  it('keeps relative dates relative to opts.now', () => {
    const then = new Date('2019-01-25T00:00:00Z'); // 8 is from 2019-01-15, the rest is "in the future"
    expect(search(db, 'after:7d', then)).toEqual(except(8));
    expect(search(db, 'before:7d', then)).toEqual([8]);
    expect(search(db, 'after:2w', then)).toEqual(ALL);
  });
});

describe('buildQuery output', () => {
  const build = (q: string) => buildQuery(parseQuery(q), { now: NOW });

  it('quotes every word for FTS5 and writes column filters', () => {
    expect(build('kyiv "grain corridor" econ*').match).toBe('("kyiv" AND "grain corridor" AND "econ"*)');
    expect(build('title:kyiv author:doe note:x annotation:y body:z outlet:w').match).toBe(
      '((title : "kyiv") AND (byline : "doe") AND (notes : "x") AND (annotations : "y") AND (body : "z") AND (outlet : "w"))',
    );
    expect(build('a -b -"c d"').match).toBe('"a" NOT ("b" OR "c d")');
    expect(build('NEAR AND').match).toBe('"NEAR"');
  });

  it('escapes double quotes and control characters in hand-made ASTs', () => {
    const ast: QueryNode = { type: 'and', children: [{ type: 'term', text: 'a"b', prefix: false }, { type: 'phrase', text: 'x\u0000y' }] };
    expect(buildQuery(ast, { now: NOW }).match).toBe('("a""b" AND "x y")');
  });

  it('moves purely negative text into SQL and leaves match null', () => {
    const b = build('-estonia');
    expect(b.match).toBeNull();
    expect(b.where).toEqual(['c.id NOT IN (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ?)']);
    expect(b.params).toEqual(['"estonia"']);
  });

  it('turns filters into bound SQL conditions on c', () => {
    const b = build('tag:"foreign policy" is:starred has:annotation type:print lang:en');
    expect(b.match).toBeNull();
    expect(b.where).toEqual([
      'c.id IN (SELECT ct.clipping_id FROM tags t JOIN clipping_tags ct ON ct.tag_id = t.id WHERE t.name = ? COLLATE NOCASE)',
      'c.starred = 1',
      'c.id IN (SELECT a.clipping_id FROM annotations a)',
      'c.media_type IS ?',
      "(coalesce(c.lang, '') LIKE ? ESCAPE '\\' OR coalesce(c.lang, '') LIKE ? ESCAPE '\\')",
    ]);
    expect(b.params).toEqual(['foreign policy', 'print', 'en', 'en-%']);
  });

  it('lang: passes the languages lower() compares equal to the code or to code-… (a code is ASCII letters, digits and dashes), without lower()', () => {
    const db = openDatabase(':memory:');
    const langs = [null, '', 'en', 'EN', 'En-GB', 'en-gb', 'eng', 'en_', 'en%', 'enx-gb', 'fr', 'É', 'é', 'é-CA', 'ÉN', 'zh-Hant-TW', 'ZH', 'a_b', 'axb', 'a%b', 'a\\b'];
    const codes = ['en', 'EN', 'en-gb', 'En-Gb', 'zh', 'zh-hant', 'fr'];
    for (const code of codes) {
      const { where, params } = build(`lang:${code}`);
      expect(where[0]).not.toContain('lower(');
      const c = code.toLowerCase();
      const esc = c.replace(/[\\%_]/gu, (x) => `\\${x}`);
      for (const lang of langs) {
        const got = (db.prepare(`SELECT count(*) AS n FROM (SELECT ? AS lang) c WHERE ${where[0]}`).get(lang, ...params) as { n: number }).n;
        const reference = (
          db.prepare(`SELECT count(*) AS n FROM (SELECT ? AS lang) c WHERE (lower(coalesce(c.lang, '')) = ? OR lower(coalesce(c.lang, '')) LIKE ? ESCAPE '\\')`).get(lang, c, `${esc}-%`) as { n: number }
        ).n;
        expect(got, `${lang} lang:${code}`).toBe(reference);
      }
    }
    db.close();
  });

  it('computes date bounds: after/before strictly outside the period, relative from now', () => {
    // (Each bound: the ±1-day bound on sort_key, the bound within which sort_key alone decides, the date's own bound.)
    expect(build('after:2021').params).toEqual(['2021-12-31', '2022-01-02', '2022-01-01']);
    expect(build('before:2021-03').params).toEqual(['2021-03-02', '2021-02-28', '2021-03-01']);
    expect(build('on:2024-02').params).toEqual(['2024-01-31', '2024-02-02', '2024-02-01', '2024-03-02', '2024-02-29', '2024-03-01']);
    expect(build('after:7d').params).toEqual(['2026-11-19T12:00:00']);
    expect(build('before:2w').params).toEqual(['2026-11-12T12:00:00']);
    expect(buildQuery(parseQuery('after:1m'), { now: new Date('2026-03-31T08:00:00Z') }).params).toEqual(['2026-02-28T08:00:00']);
    expect(buildQuery(parseQuery('after:1y'), { now: new Date('2024-02-29T00:00:00Z') }).params).toEqual(['2023-02-28T00:00:00']);
    expect(build('after:99999y').params).toEqual(['0000-00-00T00:00:00']);
    expect(build('on:9999').params).toEqual(['9998-12-31', '9999-01-02', '9999-01-01', '9999-99-99', '9999-12-31', '9999-99-99']);
  });

  it('reports positive terms for highlighting and whether there is text', () => {
    expect(build('kyiv -estonia title:"grain corridor" econ* tag:x').terms).toEqual(['kyiv', 'grain corridor', 'econ*']);
    expect(build('kyiv').hasText).toBe(true);
    expect(build('-kyiv is:starred').hasText).toBe(false);
    expect(build('is:starred').terms).toEqual([]);
  });

  it('folds very many conditions into one balanced expression', () => {
    const b = build(Array.from({ length: 1500 }, (_, i) => `-tag:t${i}`).join(' '));
    expect(b.where).toHaveLength(1);
    expect(b.params).toHaveLength(1500);
  });

  it('rejects hand-made ASTs with unknown filters or bad dates with a QueryError', () => {
    expect(() => buildQuery({ type: 'field', field: 'is', value: 'bogus' }, { now: NOW })).toThrow(QueryError);
    expect(() => buildQuery({ type: 'field', field: 'after', value: 'soon' }, { now: NOW })).toThrow(QueryError);
    expect(() => buildQuery({ type: 'field', field: 'nope' as 'is', value: 'x' }, { now: NOW })).toThrow(QueryError);
  });

  it('refuses hand-made ASTs nested deeper than FTS5 can parse, with a QueryError', () => {
    let node: QueryNode = { type: 'term', text: 'x', prefix: false };
    for (let i = 0; i < 40; i++) {
      node = { type: i % 2 ? 'and' : 'or', children: [{ type: 'term', text: `t${i}`, prefix: false }, node] };
    }
    expect(() => buildQuery(node, { now: NOW })).toThrow(/nested too deeply/);
  });

  it('describes the filters', () => {
    expect(describeFilters()).toMatch(/tag:.*\n[\s\S]*after:/);
  });
});

// ---------------------------------------------------------------------------------------
// Hostile input: nothing may reach SQLite as a syntax error

const HOSTILE: string[] = [
  '"unbalanced', '-', 'AND', 'OR', 'OR OR', 'NOT', 'AND OR NOT', 'NOT NOT', '((a', 'a)', ')(', '()', '(((', ')))',
  '*', '**a', 'a*b', 'a**', '*a*', 'NEAR(a b)', 'NEAR(a b, 2)', 'a NEAR b', 'a:b:c', 'title:', 'title:"', 'title:(',
  'title:()', 'title:(OR)', '-"', '-"a', '"a" -', '^a', 'a + b', '{a}', '{title body}: a', 'title : a', '"a" "b"',
  "'quoted'", 'C++', '100%', '$5', 'e-mail', "don't", '😀', '🏳️‍🌈 flag', '👩‍👩‍👧 family', '東京タワー', '北京 OR 上海',
  'Ελλάδα -Αθήνα', 'مرحبا', 'שלום', 'Kyïv', 'Kyi\u0308v', 'a\u0000b', 'a\tb\nc', '\\', '\\"', '""', '""""', '"a""b"',
  "'", '`rm -rf`', 'a;b', "'; DROP TABLE clippings; --", 'SELECT * FROM clippings', '%', '_', '%_%', 'a||b', 'a&&b',
  '!a', '~a', '@a', '#a', 'a=b', 'a<b>c', '<script>', '[a]', 'a,b', 'a.b', '...', '---', '-a-', '- - -', '-(', '-)',
  '-(-(-a))', 'NOT (a OR)', '(a OR) b', 'a OR (b', 'a AND', 'AND a', '"a b" NOT', 'tag:', 'tag:""', 'tag:"', 'tag:%',
  'tag:_', 'tag:\\', 'tag:*', 'url:%', "url:'", 'url:"a b"', 'lang:en-', 'is:starred OR', 'OR is:starred',
  '-is:starred -is:read -has:note', 'after:0000', 'after:9999', 'before:0001-01-01', 'on:99999d', 'after:0d',
  'https://example.com/a?b=c&d=e#f', 'mailto://x', 'file:///etc/passwd', '3:51', '10:30:00', '1:2:3:4', ':', '::', ':a',
  'a:', '-:', 'TITLE:x', 'title:title:x', 'title:"a" OR body:"b"*', 'tag:(a OR -b)', '-tag:(a b)', 'title:(-a)',
  'title:(a OR is:starred)', 'xyz:', 'xyz:a', 'Xyz:"a"', 'a "b OR c" d', '(a OR b) -(c OR d) (e OR -f)',
  '-(a) OR -(b)', 'a OR -b OR c', '(-a)', '((-a) OR (-b)) c', 'a -b OR c -d', 'rank:1', 'rowid:1', 'clipping_fts:a',
  '"title" : "a"', '{a b} : c', 'a : b', 'a AND NOT b', 'NOT a AND NOT b', 'a OR NOT b',
  '('.repeat(200) + 'a' + ')'.repeat(200),
  '('.repeat(200) + 'a OR (b -c' ,
  Array.from({ length: 200 }, (_, i) => (i % 2 ? `(a${i} OR ` : `(b${i} -c${i} `)).join('') + 'z' + ')'.repeat(200),
  Array.from({ length: 200 }, (_, i) => (i % 2 ? '(-a OR ' : '(is:starred ')).join('') + 'z' + ')'.repeat(200),
  'x'.repeat(10_000),
  'ab '.repeat(3_333),
  '-a '.repeat(3_333),
  'a OR '.repeat(2_000) + 'b',
  '"a '.repeat(3_333),
  'is:starred '.repeat(909),
  'on:2021 '.repeat(1_250),
  '-(a OR is:read) '.repeat(625),
  'NOT '.repeat(2_500) + 'a',
  '- '.repeat(5_000),
  '( '.repeat(5_000),
  ') '.repeat(5_000),
  '"'.repeat(10_000),
  '*'.repeat(10_000),
  ':'.repeat(10_000),
  'a:'.repeat(5_000),
  '🎉'.repeat(5_000),
  'é'.repeat(10_000),
  'a\u0301'.repeat(5_000),
];

/** Runs a query end to end; returns 'QueryError' or the ids found. Anything else throws. */
function runHostile(db: Db, q: string): 'QueryError' | number[] {
  let b: BuiltQuery;
  try {
    b = buildQuery(parseQuery(q), { now: NOW });
  } catch (e) {
    if (e instanceof QueryError) return 'QueryError';
    throw e;
  }
  // the bare WHERE as the engine may use it (match applied separately), then the full query
  const where = b.where.length ? b.where.join(' AND ') : '1';
  db.prepare(`SELECT c.id FROM clippings c WHERE ${where}`).all(...b.params);
  return execute(db, parseQuery(q), NOW);
}

describe('hostile and odd input never reaches SQLite as a syntax error', () => {
  let db: Db;
  beforeAll(() => {
    db = openDatabase(':memory:');
    seed(db);
  });

  it(`has a table of at least 60 inputs (${HOSTILE.length})`, () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(HOSTILE.map((q) => [q.length > 60 ? `${q.slice(0, 40)}… (${q.length} chars)` : q, q]))('%j', (_label, q) => {
    expect(() => runHostile(db, q)).not.toThrow();
  });

  it('gives QueryError only for unknown filters and bad values', () => {
    expect(runHostile(db, 'xyz:a')).toBe('QueryError');
    expect(runHostile(db, 'a:b:c')).toBe('QueryError');
    expect(runHostile(db, 'is:starred OR')).toEqual([1, 6]);
    expect(runHostile(db, '('.repeat(200) + 'kyiv' + ')'.repeat(200))).toEqual([1, 3, 7]);
  });

  it('survives random strings built from query syntax', () => {
    const alphabet = fc.constantFrom(
      'a', 'b', 'kyiv', 'Kyïv', ' ', ' ', '"', '“', '(', ')', '-', '*', ':', 'OR', 'AND', 'NOT', 'NEAR', '^', '+', '{', '}',
      ',', '.', "'", '\\', '%', '_', 'title:', 'tag:', 'url:', 'is:starred', 'has:note', 'after:2021', 'on:7d', 'lang:en',
      'author:', '😀', '東京', '\u0301', '\u0000', '\n', '3:51', 'https://x.y',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')), (q) => {
        runHostile(db, q);
      }),
      { numRuns: 1500, seed: 20261126 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (q) => {
        runHostile(db, q);
      }),
      { numRuns: 1500, seed: 42 },
    );
  });
});

describe('dateWindow (the days shown beside the results)', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const w = (q: string) => dateWindow(parseQuery(q), now);
  it('reads each period as the engine does, and combines the filters of the whole query', () => {
    expect(w('rate after:2019-11')).toEqual({ from: '2019-12-01', until: null });
    expect(w('on:2019-11')).toEqual({ from: '2019-11-01', until: '2019-12-01' });
    expect(w('before:2021-03 after:2019')).toEqual({ from: '2020-01-01', until: '2021-03-01' });
    expect(w('after:7d')).toEqual({ from: '2026-11-29', until: null });
    expect(w('after:2022 before:2021')).toEqual({ from: '2023-01-01', until: '2021-01-01' });
  });
  it('says nothing of filters that do not apply to the whole query', () => {
    expect(w('rate')).toBeNull();
    expect(w('-after:2019')).toBeNull();
    expect(w('after:2019 OR ferry')).toBeNull();
  });
});
