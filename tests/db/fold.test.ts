import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { fold, foldedPositions, foldLetters, FOLDED_LETTERS } from '../../db/fold.ts';
import { foldWord } from '../../db/instant/words.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { SearchRepo } from '../../db/search.ts';
import { ftsIntegrity, NOW } from '../helpers.ts';

describe('fold', () => {
  it('folds case, diacritics and the letters Unicode does not decompose, as the FTS5 index does', () => {
    expect(fold('Kyïv ZÜRICH Søren Łódź Straße ﬁsh Þórshöfn ĐAKOVO Æsir Œuvre Kırıkkale')).toBe('kyiv zurich soren lodz strasse ﬁsh thorshofn dakovo aesir oeuvre kirikkale');
  });

  it('with compat, also folds compatibility forms, as instant search does', () => {
    expect(fold('Kyïv ZÜRICH Søren Łódź Straße ﬁsh', { compat: true })).toBe('kyiv zurich soren lodz strasse fish');
    expect(['Kyïv', 'Łódź', 'Æsir'].map(foldWord)).toEqual(['kyiv', 'lodz', 'aesir']);
  });

  it('maps positions of the folded text back to the text as written', () => {
    const text = 'Große Straße, Łódź';
    const folded = foldLetters(text);
    expect(folded).toBe('Grosse Strasse, lódź');
    const at = foldedPositions(text);
    const s = folded.indexOf('Strasse');
    expect(text.slice(at[s], at[s + 'Strasse'.length - 1]! + 1)).toBe('Straße');
    expect(at).toHaveLength(folded.length + 1);
  });
});

function archive(texts: { title: string; text: string }[]): Db {
  const db = openDatabase(':memory:');
  const repo = new ClippingRepo(db);
  for (const [i, c] of texts.entries()) {
    repo.insert(
      {
        captureId: null, title: c.title, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null,
        modifiedAt: null, capturedAt: NOW, lang: null, excerpt: null, text: c.text, html: null, figures: [], leadImage: null, wordCount: 3,
        contentHash: `h${i}`,
      },
      NOW,
    );
  }
  return db;
}

describe('full-text search folds the letters Unicode does not decompose (issue 13)', () => {
  const CLIPPINGS = [
    { title: 'Łódź council meets', text: 'The council of Łódź met on Monday.' },
    { title: 'Bridge anniversary', text: 'The Øresund bridge opened in 2000.' },
    { title: 'Road works', text: 'The Hauptstraße is closed; the Straße will reopen.' },
    { title: 'Plain spellings', text: 'Lodz and Oresund and Strasse, written plainly.' },
    { title: 'Other letters', text: 'Đakovo, Þingvellir, Ðe, Æsir, Œuvre, Kırıkkale, Ħamrun, Ŀlibre.' },
  ];

  it('finds each spelling with the other: "Lodz" finds "Łódź", "Oresund" "Øresund", "Strasse" "Straße", and back', () => {
    const db = archive(CLIPPINGS);
    const search = new SearchRepo(db);
    const now = new Date(NOW);
    const ids = (q: string) => search.allMatches(q, now);
    expect(ids('Lodz')).toEqual([1, 4]);
    expect(ids('Łódź')).toEqual([1, 4]);
    expect(ids('Oresund')).toEqual([2, 4]);
    expect(ids('Øresund')).toEqual([2, 4]);
    expect(ids('Strasse')).toEqual([3, 4]);
    expect(ids('Straße')).toEqual([3, 4]);
    expect(ids('title:lodz')).toEqual([1]);
    expect(ids('"council of lodz"')).toEqual([1]);
    expect(ids('Hauptstrasse')).toEqual([3]);
    expect(ids('stras*')).toEqual([3, 4]);
    for (const w of ['Dakovo', 'Thingvellir', 'De', 'Aesir', 'Oeuvre', 'Kirikkale', 'Hamrun', 'Llibre']) expect(ids(w), w).toEqual([5]);
    ftsIntegrity(db);
    db.close();
  });

  it('marks the match in the text as written', () => {
    const db = archive(CLIPPINGS);
    const search = new SearchRepo(db);
    const now = new Date(NOW);
    for (const [q, id, word] of [['Strasse', 3, 'Straße'], ['Lodz', 1, 'Łódź'], ['oresund', 2, 'Øresund'], ['stras*', 3, 'Straße']] as const) {
      const page = search.query(q, { limit: 10, offset: 0, now });
      const text = CLIPPINGS[id - 1]!.text;
      expect(page.matches.get(id)!.map(([s, e]) => text.slice(s, e)), q).toContain(word);
      expect(page.snippets.get(id), q).toContain(`<mark>${word}</mark>`);
    }
    db.close();
  });

  it('snippets of hits matched outside the body (title, tags, note) show the text as written', () => {
    const db = archive([
      { title: 'Große Straße in Łódź', text: 'A report on roads.' },
      { title: 'Weather', text: 'Rain all week.' },
      { title: 'Ferries', text: 'Boats ran late.' },
    ]);
    db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'Øresund crossing', '${NOW}');
             INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (3, 1, '${NOW}');
             UPDATE clippings SET note = 'Ask about the Þingvellir trip and Æsir sagas.' WHERE id = 2;`);
    const search = new SearchRepo(db);
    const now = new Date(NOW);
    for (const [q, id, shown] of [
      ['title:strasse', 1, 'Große <mark>Straße</mark> in Łódź'],
      ['lodz', 1, 'Große Straße in <mark>Łódź</mark>'],
      ['thingvellir', 2, 'Ask about the <mark>Þingvellir</mark> trip and Æsir sagas.'],
      ['oresund', 3, '<mark>Øresund</mark> crossing'],
    ] as const) {
      const page = search.query(q, { limit: 10, offset: 0, now });
      expect(page.ranked.map((r) => r.id), q).toEqual([id]);
      expect(page.snippets.get(id), q).toBe(shown);
    }
    // A passage cut out of a long note keeps its cuts and the written letters.
    const long = `${'Many words before it here. '.repeat(6)}Drive to Þórshöfn and Ærøskøbing next. ${'More words after it too. '.repeat(6)}`;
    db.prepare('UPDATE clippings SET note = ? WHERE id = 2').run(long);
    const page = search.query('thorshofn', { limit: 10, offset: 0, now });
    const snippet = page.snippets.get(2)!;
    expect(snippet).toMatch(/^….*<mark>Þórshöfn<\/mark> and Ærøskøbing next\..*…$/);
    expect(long.replace(/\s+/g, ' ')).toContain(snippet.slice(1, -1).replace(/<\/?mark>/g, ''));
    db.close();
  });

  it('the index folds exactly as db/fold.ts does, and no other letter', () => {
    const db = archive([]);
    let latin = '';
    for (let c = 0xc0; c <= 0x24f; c++) latin += String.fromCodePoint(c);
    latin += 'ẞ';
    for (const k of Object.keys(FOLDED_LETTERS)) expect(latin).toContain(k);
    archiveInsert(db, latin);
    const row = db.prepare(`SELECT title, body FROM clipping_fts_source`).get() as { title: string; body: string };
    expect(row).toEqual({ title: foldLetters(latin), body: foldLetters(latin) });
    db.close();
  });
});

function archiveInsert(db: Db, s: string): void {
  new ClippingRepo(db).insert(
    {
      captureId: null, title: s, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
      capturedAt: NOW, lang: null, excerpt: null, text: s, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: 'h',
    },
    NOW,
  );
}
