import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { fold, foldedPositions, foldLetters } from '../../db/fold.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { CHAR_RULES, charRule, marks, phraseTokens, prefixRanges, snippetOf, stem } from '../../db/query/highlights.ts';
import { SearchRepo, snippetAround } from '../../db/search.ts';
import { buildQuery } from '../../db/query/builder.ts';
import { parseQuery } from '../../db/query/parser.ts';
import { NOW } from '../helpers.ts';
import { rng as seeded } from './rng.ts';

const TOKENIZE = `tokenize = 'porter unicode61 remove_diacritics 2'`;

/** Each string as FTS5's porter tokenizer indexes it: its terms in order (one FTS5 row per string). */
function ftsTerms(db: Db, texts: readonly string[]): string[][] {
  db.exec(`DROP TABLE IF EXISTS temp.tok; DROP TABLE IF EXISTS temp.tok_v;
           CREATE VIRTUAL TABLE temp.tok USING fts5(x, ${TOKENIZE});
           CREATE VIRTUAL TABLE temp.tok_v USING fts5vocab(temp, tok, instance);`);
  const insert = db.prepare('INSERT INTO temp.tok (rowid, x) VALUES (?, ?)');
  texts.forEach((t, i) => insert.run(i + 1, t));
  const out: string[][] = texts.map(() => []);
  for (const r of db.prepare('SELECT term, doc, "offset" AS o FROM temp.tok_v').all() as { term: string; doc: number; o: number }[]) out[r.doc - 1]![r.o] = r.term;
  return out;
}

const WORDS =
  'caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing filing happy sky ' +
  'relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator feudalism ' +
  'decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical hopeful goodness revival allowance ' +
  'inference airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective ' +
  'bowdlerize probate rate cease controll roll generalizations oscillators eed ied ies ees sses aed aing ying eing bing yyy yes was the a an is it its eyes agreement ' +
  'analysis boys skies dying lying tying hoped hoping hopped bowed bowing filed failed controlling rolled cried crying played playing enjoyable feasibility';

describe("the body's match offsets computed as FTS5's highlight() gives them (db/query/highlights.ts)", () => {
  it('stems every word as fts5 porter does', () => {
    const db = openDatabase(':memory:');
    const r = seeded(11);
    const letters = 'aeiouybcdlmnrstzgwx';
    const random = Array.from({ length: 3000 }, () => Array.from({ length: r.int(1, 14) }, () => r.pick([...letters])).join(''));
    const suffixes = ['', 's', 'es', 'ed', 'ing', 'ies', 'ational', 'ization', 'fulness', 'iveness', 'ement', 'ness', 'alize', 'icate', 'ly', 'ically', 'y', 'ion', 'able'];
    const built = random.slice(0, 400).flatMap((w) => suffixes.map((s) => w + s));
    const words = [...WORDS.split(' '), ...random, ...built, 'x'.repeat(64) + 'ing', 'a'.repeat(65), '123ing', 'abc123ed'];
    const terms = ftsTerms(db, words);
    const wrong = words.filter((w, i) => terms[i]![0] !== stem(w));
    expect(wrong.map((w) => `${w} → ${stem(w)}`)).toEqual([]);
    db.close();
  });

  it('tokenizes every character the rules copy (ASCII and CHAR_RULES) as FTS5 does', () => {
    const db = openDatabase(':memory:');
    db.exec(`CREATE VIRTUAL TABLE temp.chars USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE temp.chars_v USING fts5vocab(temp, chars, instance);`);
    // (U+0000 is left to FTS5: see KIND[0] in db/query/highlights.ts.)
    expect(charRule(0)).toBe('?');
    const cps = [...Array.from({ length: 127 }, (_, c) => c + 1), ...CHAR_RULES.flatMap(([start, list]) => list.split(',').map((_, i) => start + i))];
    const insert = db.prepare('INSERT INTO temp.chars (rowid, x) VALUES (?, ?)');
    cps.forEach((c, i) => {
      insert.run(2 * i + 1, String.fromCodePoint(c));
      insert.run(2 * i + 2, `a${String.fromCodePoint(c)}b`);
    });
    const tokens = new Map<number, string[]>();
    for (const r of db.prepare('SELECT term, doc, "offset" AS o FROM temp.chars_v').all() as { term: string; doc: number; o: number }[]) {
      const list = tokens.get(r.doc) ?? [];
      list[r.o] = r.term;
      tokens.set(r.doc, list);
    }
    /** FTS5's rule for the character, in CHAR_RULES' notation: alone and between two letters. */
    const fts5CharRule = (i: number): string => {
      const alone = tokens.get(2 * i + 1) ?? [];
      const mid = tokens.get(2 * i + 2) ?? [];
      let rule = '?';
      if (alone.length === 1 && alone[0] !== '' && mid.length === 1 && mid[0] === `a${alone[0]}b`) rule = alone[0]!;
      else if (alone.length === 0 && mid.length === 1 && /^a.*b$/.test(mid[0]!)) rule = `+${mid[0]!.slice(1, -1)}`;
      else if (alone.length === 0 && mid.length === 2 && mid[0] === 'a' && mid[1] === 'b') rule = '';
      return /^\+?[a-z0-9]*$/.test(rule) ? rule : '?';
    };
    const ours = cps.map(charRule);
    const theirs = cps.map((_, i) => fts5CharRule(i));
    expect(ours.filter((r) => r !== '?').length).toBeGreaterThan(700);
    expect(cps.filter((_, i) => ours[i] !== theirs[i]).map((c, i) => `U+${c.toString(16)}: ${ours[i]} / ${theirs[i]}`)).toEqual([]);
    db.close();
  });

  const rng = seeded(7);
  const pick = rng.pick;
  const vocab = [...WORDS.split(' '), 'Council', 'COUNCIL', 'council’s', "don't", 'U.S.', 'co-operation', 'x_y', '3:51', '2,000', 'v2', 'Zürich', 'Łódź', 'Straße', 'Øresund', 'Æsir', 'Œuvre', 'Þingvellir', 'Đakovo', 'Kırıkkale', '東京都', 'café', 'naïve', 'Kyïv', 'e\u0301t\u00e9'];
  // (Most texts within what db/query/highlights.ts takes: ASCII once the undecomposable letters are spelt out.)
  const plain = vocab.filter((w) => /^[\x00-\x7f]*$/.test(foldLetters(w)));
  const sentence = (n: number, words: readonly string[]) =>
    Array.from({ length: n }, () => pick(words)).join(pick([' ', ' ', ' ', ', ', '. ', ' - ', '\n\n', ' (', ') ', '"', '_', '\t']));
  const CLIPPINGS = [
    { title: 'Plain', byline: null, text: 'The council met. The councils meet; a council meeting was held by the Council of the town council.' },
    { title: 'Phrases', byline: null, text: 'reduce fashion, reduced fashions and fashion reduce; reduce reduce fashion fashion.' },
    { title: 'Folded letters', byline: null, text: 'Łódź council: the Straße in Łódź, Øresund and Æsir, Œuvre and Þingvellir; Strasse and Lodz.' },
    { title: 'Diacritics', byline: null, text: 'Café in Zürich, the naïve café council, Kyïv and Kyiv.' },
    { title: 'CJK', byline: null, text: '東京都 council 東京 and 東京都庁 again 東京都.' },
    { title: 'Council in the title only', byline: 'Ann Council', text: 'Nothing of that word here, only fashion.' },
    { title: 'Long token', byline: null, text: `${'x'.repeat(70)}ing and ${'y'.repeat(64)}ed council` },
    { title: 'NUL', byline: null, text: 'a council\u0000 then the council again, reduce fashion' },
    ...Array.from({ length: 60 }, (_, i) => ({ title: `Random ${i}`, byline: null, text: sentence(rng.int(40, 240), i % 3 ? plain : vocab) })),
    // Matched only outside the body: long titles and bylines, with sentences, for snippet()'s windows.
    ...Array.from({ length: 40 }, (_, i) => ({ title: sentence(rng.int(3, 60), i % 4 ? plain : vocab), byline: i % 2 ? sentence(rng.int(1, 30), plain) : null, outlet: i % 3 ? null : sentence(rng.int(1, 8), plain), text: 'Nothing to see.' })),
  ];
  const QUERIES = [
    'council', 'Council', 'councils', 'meeting', 'reduce fashion', '"reduce fashion"', '"reduce reduce fashion"', '"fashion fashion"', 'council OR fashion', 'council -fashion',
    'council NOT town', 'Lodz', 'Łódź', 'strasse', 'Straße', 'oresund', 'aesir', 'thingvellir', 'cafe', 'café', 'zurich', 'kyiv', '東京都', 'council 東京都', 'title:council',
    'council NEAR fashion', '"don t"', "don't", 'U.S.', 'co-operation', 'x_y', '2,000', 'feasibility enjoyable', '"happy sky"', 'conditional rational', 'hop*', 'council fash*',
    'caresses ponies', '"the council"', 'the', 'a', 'is it', 'agreement', 'eyes', ...Array.from({ length: 30 }, () => `${pick(vocab)} OR ${pick(vocab)}`),
    ...Array.from({ length: 15 }, () => `"${pick(vocab)} ${pick(vocab)}"`),
  ];

  function archive(): Db {
    const db = openDatabase(':memory:');
    const repo = new ClippingRepo(db);
    for (const [i, c] of CLIPPINGS.entries()) {
      repo.insert(
        {
          captureId: null, title: c.title, byline: c.byline, outlet: 'outlet' in c ? (c.outlet ?? null) : null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null,
          modifiedAt: null, capturedAt: NOW, lang: null, excerpt: null, text: c.text, html: null, figures: [], leadImage: null, wordCount: 3,
          contentHash: `h${i}`,
        },
        NOW,
      );
    }
    db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'fashion council', '${NOW}');
             INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (4, 1, '${NOW}');
             UPDATE clippings SET note = 'A council note.' WHERE id = 5;`);
    return db;
  }

  /** What FTS5's highlight() of the body marks for `exact` (the OR of quoted terms) in clipping `id`, in the text as written. */
  function fts5Ranges(db: Db, exact: string, id: number, text: string): [number, number][] {
    const row = db.prepare(`SELECT highlight(clipping_fts, 0, '\uE000', '\uE001') AS h FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid = CAST(? AS INTEGER)`).get(exact, id) as { h: string } | undefined;
    if (!row) return [];
    const out: [number, number][] = [];
    let pos = 0;
    let start = -1;
    for (const ch of row.h) {
      for (let k = 0; k < ch.length; k++) {
        if (ch === '\uE000') start = pos;
        else if (ch === '\uE001') {
          if (start >= 0) out.push([start, pos]);
          start = -1;
        } else pos++;
      }
    }
    // (As the engine maps them: nothing when the output is not the view's fold of the text —
    // highlight() drops what follows a NUL in each piece it appends.)
    const at = foldedPositions(text);
    if (at.length !== row.h.replace(/[\uE000\uE001]/g, '').length + 1) return [];
    return out.map(([s, e]) => [at[s]!, at[e - 1]! + 1]);
  }

  it('marks exactly the ranges FTS5 marks, on every text it takes (and leaves the others to FTS5)', () => {
    const db = archive();
    let taken = 0;
    let left = 0;
    for (const q of QUERIES) {
      const terms = q.split(/ OR | NOT | -|"/).flatMap((t) => (t.trim() ? [t.trim()] : []));
      const exact = terms.map((t) => `"${foldLetters(t).replaceAll('"', '""')}"`).join(' OR ');
      const phrases = phraseTokens(terms);
      for (const [i, c] of CLIPPINGS.entries()) {
        const folded = foldLetters(c.text);
        const ours = phrases === null ? null : marks(folded, phrases);
        if (ours === null) {
          left++;
          continue;
        }
        taken++;
        const at = foldedPositions(c.text);
        let expected: [number, number][];
        try {
          expected = fts5Ranges(db, exact, i + 1, c.text);
        } catch {
          continue; // not an FTS5 expression on its own (e.g. a term of only punctuation)
        }
        expect(ours.map(([s, e]) => [at[s]!, at[e - 1]! + 1]), `${q} in ${i + 1}: ${c.text}`).toEqual(expected);
      }
    }
    expect(taken).toBeGreaterThan(2000);
    expect(left).toBeGreaterThan(100);
    db.close();
  });

  it("every page's offsets and snippets are those of FTS5's highlight() of the body", () => {
    const db = archive();
    const search = new SearchRepo(db);
    const now = new Date(NOW);
    let compared = 0;
    for (const q of QUERIES.filter((x) => !x.includes('*'))) {
      const terms = buildQuery(parseQuery(q), { now }).terms;
      const exact = terms.map((t) => `"${foldLetters(t).replace(/[\u0000-\u001f]/g, ' ').trim().replaceAll('"', '""')}"`).join(' OR ');
      const page = search.query(q, { limit: 100, offset: 0, now });
      for (const { id } of page.ranked) {
        const text = CLIPPINGS[id - 1]!.text;
        const expected = fts5Ranges(db, exact, id, text);
        expect(page.matches.get(id), `${q} in ${id}`).toEqual(expected);
        if (expected.length) expect(page.snippets.get(id), `${q} in ${id}`).toBe(snippetAround(text, expected));
        compared += expected.length ? 1 : 0;
      }
    }
    expect(compared).toBeGreaterThan(300);
    db.close();
  });

  it('marks the words a prefix begins as the rule /[\\p{L}\\p{N}\\p{M}]+/u and fold() read them', () => {
    /** The rule as written before (db/search.ts), a word at a time through a regular expression. */
    const reference = (text: string, prefixes: readonly string[]) => {
      const out: [number, number][] = [];
      for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
        const w = fold(m[0]);
        if (prefixes.some((p) => w.startsWith(p))) out.push([m.index, m.index + m[0].length]);
      }
      return out;
    };
    const r = seeded(5);
    const pieces = ['th', 'The', 'THE', 'the', 'Þe', 'þing', 'Thé', 'e\u0301te', 'Éte', 'ÉTÉ', 'Łódź', 'Straße', 'stras', '東京', '𝐓𝐡𝐞', '😀', '\ud800', '\udc00x', 'x\u0308', 'Ab', 'ab3', '3ab', '٣', 'ǅa', 'ﬁsh', ' ', ', ', '-', '’', '\n', '_'];
    const prefixes = [['th'], ['e'], ['ete', 'lo'], ['ab', 'a'], ['st'], ['東'], ['f', '3'], ['𝐭']].map((ps) => ps.map((p) => fold(p)));
    let marked = 0;
    for (let k = 0; k < 400; k++) {
      const text = Array.from({ length: r.int(1, 40) }, () => r.pick(pieces)).join(r.pick(['', ' ', ' ']));
      for (const ps of prefixes) {
        const expected = reference(text, ps);
        marked += expected.length;
        expect(prefixRanges(text, ps), `${JSON.stringify(text)} ${ps}`).toEqual(expected);
      }
    }
    expect(marked).toBeGreaterThan(1000);
  });

  it("cuts the passage of the other columns as FTS5's snippet() does, for a row whose body holds no instance", () => {
    const db = archive();
    let compared = 0;
    for (const q of QUERIES.filter((x) => !x.includes('*'))) {
      const terms = buildQuery(parseQuery(q), { now: new Date(NOW) }).terms;
      const phrases = phraseTokens(terms);
      if (phrases === null) continue;
      const exact = terms.map((t) => `"${foldLetters(t).replace(/[\u0000-\u001f]/g, ' ').trim().replaceAll('"', '""')}"`).join(' OR ');
      for (const [i, c] of CLIPPINGS.entries()) {
        if (marks(foldLetters(c.text), phrases)?.length !== 0) continue;
        const ours = snippetOf([null, c.title, c.byline ?? '', ('outlet' in c ? c.outlet : null) ?? ''].map((x) => (x === null ? null : foldLetters(x))), phrases, '[', ']', '…', 24);
        if (ours === null) continue;
        const row = db.prepare(`SELECT snippet(clipping_fts, -1, '[', ']', '…', 24) AS s FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid = CAST(? AS INTEGER)`).get(exact, i + 1) as { s: string } | undefined;
        expect(ours.snippet, `${q} in ${i + 1}`).toBe(row?.s ?? null);
        if (row) compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    db.close();
  });
});
