import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import type { InstantRow, InstantSnapshot } from '../../db/instant/phrases.ts';
import { InstantIndex } from '../../db/instant/suggest.ts';
import { InstantSync, loadInstantRows } from '../../db/instant/sync.ts';
import { editDistance, foldWord, maxEdits } from '../../db/instant/words.ts';
import { extractNames } from '../../db/names.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { TagRepo } from '../../db/tags.ts';
import { forEachArticle, HARWICK, TRUSS, type LoadedArticle } from '../fixtures/articles.ts';
import { NOW, tempDir } from '../helpers.ts';

/** What the name index should make of an article (written on the reference capture; the own one has the same kinds of names). */
interface Names {
  article: LoadedArticle;
  /** People, places and organisations of the text. */
  names: string[];
  /** Sentence-initial common words, titles and days. */
  notNames: string[];
  /** A surname that also occurs with its first name, and that full name (listed before the misspelt one). */
  loneSurname: string;
  fullName: string;
  /** The misspelt surname typed in part; another name typed in part, and that name. */
  typedSurname: string;
  typedOther: string;
  otherName: string;
  /** The byline typed in part; a surname and a title word typed together. */
  typedByline: string;
  nameAndTitle: string;
  /** Another clipping that spells the misspelt name right. */
  rightlySpelt: { title: string; text: string };
}

const NAMES: Names[] = [
  {
    article: HARWICK,
    names: ['Ingird Solberg', 'Dawn Lowe', 'Rhona Baxter', 'Yusuf Karimi', 'Amir Rahman', 'Harwick', 'Eastfield'],
    notNames: ['The', 'It', 'Mr', 'Speaking', 'Thursday', 'Deputy leader', 'Ms Lowe', 'Mr Hale', 'Last', 'Later', 'Cabinet'],
    loneSurname: 'Lowe',
    fullName: 'Dawn Lowe',
    typedSurname: 'Sol',
    typedOther: 'karim',
    otherName: 'Yusuf Karimi',
    typedByline: 'harriet oka',
    nameAndTitle: 'solberg budget',
    rightlySpelt: { title: 'Solberg to leave Harwick council', text: 'The finance director Ingrid Solberg will leave the council in the summer, officials said.' },
  },
  {
    article: TRUSS,
    names: ['Dymtro Kuleba', 'Liz Truss', 'Vladimir Putin', 'Joe Biden', 'Jake Sullivan', 'Yuri Ushakov', 'Downing Street', 'Estonia', 'Riga', 'Nato'],
    notNames: ['The', 'It', 'Mr', 'Speaking', 'Wednesday', 'Foreign Secretary', 'Mr Putin', 'President Putin', 'Last'],
    loneSurname: 'Putin',
    fullName: 'Vladimir Putin',
    typedSurname: 'Kul',
    typedOther: 'ushak',
    otherName: 'Yuri Ushakov',
    typedByline: 'press assoc',
    nameAndTitle: 'kuleba strategic',
    rightlySpelt: { title: 'Kuleba visits Washington', text: 'Ukraine\'s foreign minister Dmytro Kuleba met officials in Washington on Monday.' },
  },
];

function clipping(over: Partial<NewClipping> & { title: string; text: string }): NewClipping {
  return {
    captureId: null, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null,
    modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, html: null, figures: [], leadImage: null,
    wordCount: over.text.split(/\s+/).length, contentHash: `hash-${over.title}`, ...over,
  };
}

/** A temp-file archive with the article's clipping and a few others. */
function archive(a: LoadedArticle): { db: Db; file: string; ref: number; kyiv: number; energy: number } {
  const file = path.join(tempDir(), 'archive.db');
  const db = openDatabase(file);
  const repo = new ClippingRepo(db);
  const tags = new TagRepo(db);
  const expected = a.expected();
  const ref = repo.insert(clipping({ title: expected.title, byline: expected.byline, text: a.body() }), NOW);
  tags.addToClipping(ref, ['Ukraine'], NOW);
  const kyiv = repo.insert(clipping({ title: 'Winter comes early to Kyïv', byline: 'Olena Shevchenko', outlet: 'Daily Courier', text: 'Snow fell on the city overnight, residents said.' }), NOW);
  const energy = repo.insert(clipping({ title: 'Gas prices climb again', outlet: 'The Northern Herald', text: 'Prices rose by a tenth in a week, traders said.' }), NOW);
  tags.addToClipping(energy, ['Energy crisis'], NOW);
  return { db, file, ref, kyiv, energy };
}

function ids(r: { suggestions: { id: number }[] }): number[] {
  return r.suggestions.map((s) => s.id);
}

describe('extractNames', () => {
  forEachArticle(NAMES, (p) => {
    it('finds the people, places and organisations of the reference text', () => {
      const names = extractNames(p.article.body());
      for (const n of p.names) {
        expect(names).toContain(n);
      }
      // Sentence-initial common words, titles and days are not names.
      for (const n of p.notNames) expect(names).not.toContain(n);
      // A lone surname counts for the full name of the same text.
      expect(names).not.toContain(p.loneSurname);
      expect(names.indexOf(p.fullName)).toBeLessThan(names.indexOf(p.article.misspelt));
    });
  });

  it('handles particles, apostrophes, abbreviations and the limit', () => {
    const text = 'Officials at the Bank of England met Ursula von der Leyen. Later, Mr. O\'Brien spoke to Jean-Luc Picard in Zürich.';
    const names = extractNames(text);
    expect(names).toEqual(expect.arrayContaining(['Bank of England', 'Ursula von der Leyen', "O'Brien", 'Jean-Luc Picard', 'Zürich']));
    expect(names).not.toContain('Later');
    expect(extractNames(text, 2)).toHaveLength(2);
  });
});

describe('edit distance and folding', () => {
  it('counts a transposition as one edit and stops early past the budget', () => {
    expect(editDistance('dmytro', 'dymtro')).toBe(1);
    expect(editDistance('truss', 'trass')).toBe(1);
    expect(editDistance('truss', 'trasz')).toBe(2);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect([3, 4, 7, 8, 12].map(maxEdits)).toEqual([0, 1, 1, 2, 2]);
  });

  it('folds case and diacritics', () => {
    expect(['Kyïv', 'Łódź', 'Søren', 'ZÜRICH', 'Straße'].map(foldWord)).toEqual(['kyiv', 'lodz', 'soren', 'zurich', 'strasse']);
  });
});

describe('InstantIndex', () => {
  const row = (id: number, title: string, names: string[] = [], extra: Partial<InstantRow> = {}): InstantRow => ({
    id, title, byline: null, outlet: null, tags: [], names, ...extra,
  });

  it('applies the typo budget: 1 edit for 4–7 letters, 2 for 8+, transpositions count 1', () => {
    const index = new InstantIndex();
    index.build([row(1, 'A statement', ['Liz Truss']), row(2, 'Another', ['Konstantinos Mitsotakis'])]);
    const fuzzyHit = (q: string) => index.suggest(q).suggestions.some((s) => s.id === 1 && s.fuzzy);
    expect(fuzzyHit('Trass')).toBe(true); // 5 letters, 1 substitution
    expect(fuzzyHit('Trusss')).toBe(true); // one insertion
    expect(fuzzyHit('Tursss')).toBe(false); // transposition + insertion: 2 edits
    expect(fuzzyHit('Trasz')).toBe(false); // 5 letters, 2 edits: refused
    expect(fuzzyHit('Tursx')).toBe(false);
    expect(fuzzyHit('Tsurs')).toBe(false); // two transpositions
    expect(fuzzyHit('Turss')).toBe(true); // one transposition
    expect(index.suggest('Trus').suggestions[0]).toMatchObject({ id: 1, fuzzy: false }); // prefix as typed
    // 8+ letters: two edits allowed.
    const greek = index.suggest('Mitsotkais');
    expect(greek.suggestions[0]).toMatchObject({ id: 2, fuzzy: true, matched: 'Konstantinos Mitsotakis' });
    expect(greek.didYouMean).toBe('Mitsotakis');
    // Three letters or fewer: no correction.
    expect(index.suggest('Lzi').suggestions).toEqual([]);
  });

  it('a did-you-mean is whole words: a partial name is completed, not offered as a fragment', () => {
    const index = new InstantIndex();
    index.build([row(1, 'Strategic mistake', ['Dymtro Kuleba']), row(2, 'Kyiv talks')]);
    const r = index.suggest('Dmytro Kul');
    expect(r.suggestions.map((s) => [s.id, s.fuzzy])).toEqual([[1, true]]);
    expect(r.didYouMean).toBe('Dymtro Kuleba');
    expect(index.suggest('dmytro kule').didYouMean).toBe('Dymtro Kuleba');
    // A last word typed in full stays as typed.
    expect(index.suggest('Dmytro Kuleba').didYouMean).toBe('Dymtro Kuleba');
    expect(index.suggest('Dmytro kuleba').didYouMean).toBe('Dymtro kuleba');
  });

  it('offers no did-you-mean that swaps a word of the archive for a spelling it holds no more often', () => {
    const index = new InstantIndex();
    index.build([row(1, 'Dmytro visits Kyiv'), row(2, 'Talks in Kyiv', ['Dymtro Kuleba'])]);
    const r = index.suggest('Dmytro Kul');
    // The misspelt clipping is still offered, as a close match…
    expect(r.suggestions.map((s) => [s.id, s.fuzzy])).toEqual([[2, true]]);
    // …but "Dmytro" is no misspelling: the archive spells it so as often as "Dymtro".
    expect(r.didYouMean).toBeNull();
    // A word the archive does not hold is still corrected.
    expect(index.suggest('Dmitro').didYouMean).toBe('Dmytro');
  });

  it('updates and removes', () => {
    const index = new InstantIndex();
    index.build([row(1, 'Budget talks collapse', ['Rishi Sunak']), row(2, 'Budget passes', ['Rishi Sunak'])]);
    expect(ids(index.suggest('budg')).sort()).toEqual([1, 2]);
    index.update(row(1, 'Spending review delayed', ['Jeremy Hunt'], { tags: ['Treasury'] }));
    expect(ids(index.suggest('budg'))).toEqual([2]);
    expect(ids(index.suggest('spend'))).toEqual([1]);
    expect(index.suggest('treas').suggestions[0]).toMatchObject({ id: 1, field: 'tag', matched: 'Treasury' });
    expect(ids(index.suggest('sunak'))).toEqual([2]);
    expect(index.remove(2)).toBe(true);
    expect(index.suggest('sunak').suggestions).toEqual([]);
    expect(index.suggest('budget').suggestions).toEqual([]);
    expect(index.size).toBe(1);
    expect(index.stats().phrases).toBe(3); // title, tag, name of clipping 1 only
  });
});

describe('InstantSync over an archive', () => {
  forEachArticle(NAMES, (p) => {
    it('suggests as the user types, from names found in the text', () => {
      const { db, ref } = archive(p.article);
      const sync = new InstantSync(db);
      sync.rebuild();
      expect(sync.index.size).toBe(3);
      const kul = sync.suggest(p.typedSurname);
      expect(kul.suggestions[0]).toMatchObject({ id: ref, field: 'name', matched: p.article.misspelt, fuzzy: false, title: p.article.expected().title });
      expect(ids(sync.suggest(p.article.surname.toLowerCase()))).toEqual([ref]);
      expect(sync.suggest(p.typedOther).suggestions[0]).toMatchObject({ id: ref, matched: p.otherName });
      expect(sync.suggest(p.typedByline).suggestions[0]).toMatchObject({ id: ref, field: 'byline' });
      // Words from two fields of one clipping.
      expect(ids(sync.suggest(p.nameAndTitle))).toEqual([ref]);
      db.close();
    });

    it(`finds the misspelt "${p.article.misspelt}" for "${p.article.corrected}", below exact matches`, () => {
      const { db, ref } = archive(p.article);
      const sync = new InstantSync(db);
      sync.rebuild();
      const alone = sync.suggest(p.article.corrected);
      expect(alone.suggestions).toEqual([{ id: ref, title: p.article.expected().title, field: 'name', matched: p.article.misspelt, fuzzy: true }]);
      expect(alone.didYouMean).toBe(p.article.misspelt);

      const other = new ClippingRepo(db).insert(clipping(p.rightlySpelt), NOW);
      sync.refresh({ force: true }); // as Core does after a write through this process
      const both = sync.suggest(p.article.corrected);
      expect(both.suggestions.map((s) => [s.id, s.fuzzy])).toEqual([
        [other, false],
        [ref, true],
      ]);
      expect(both.suggestions[0]!.matched).toBe(p.article.corrected);
      expect(both.didYouMean).toBeNull();
      db.close();
    });

    it('folds diacritics and suggests tags and outlets', () => {
      const { db, kyiv, energy } = archive(p.article);
      const sync = new InstantSync(db);
      sync.rebuild();
      expect(sync.suggest('Kyiv').suggestions[0]).toMatchObject({ id: kyiv, field: 'title', matched: 'Winter comes early to Kyïv', fuzzy: false });
      expect(sync.suggest('kyïv').suggestions[0]).toMatchObject({ id: kyiv });
      expect(sync.suggest('energy cr').suggestions[0]).toMatchObject({ id: energy, field: 'tag', matched: 'Energy crisis' });
      expect(sync.suggest('northern her').suggestions[0]).toMatchObject({ id: energy, field: 'outlet', matched: 'The Northern Herald' });
      expect(sync.suggest('shevch').suggestions[0]).toMatchObject({ id: kyiv, field: 'byline' });
      db.close();
    });

    it('picks up changes made by a second connection on refresh()', () => {
      const { db, file, ref, kyiv, energy } = archive(p.article);
      const sync = new InstantSync(db);
      sync.rebuild();
      expect(sync.refresh()).toMatchObject({ mode: 'none' });

      // Another connection, as the CLI would open while the app runs.
      const other = openDatabase(file);
      const repo = new ClippingRepo(other);
      const added = repo.insert(clipping({ title: 'Zelensky addresses parliament', text: 'President Volodymyr Zelensky spoke in Kyïv.' }), NOW);
      repo.update(kyiv, { title: 'Snowstorm hits Kharkiv' }, '2026-11-26T12:30:00.000Z');
      repo.trash(energy, NOW);
      new TagRepo(other).addToClipping(ref, ['Diplomacy'], NOW);
      other.close();

      const r = sync.refresh();
      expect(r.mode).toBe('incremental');
      expect(ids(sync.suggest('volodymyr'))).toEqual([added]);
      expect(ids(sync.suggest('kharkiv'))).toEqual([kyiv]);
      expect(sync.suggest('winter comes').suggestions).toEqual([]);
      expect(sync.suggest('northern herald').suggestions).toEqual([]);
      expect(sync.suggest('diplom').suggestions[0]).toMatchObject({ id: ref, field: 'tag' });
      expect(sync.index.size).toBe(3);
      expect(sync.refresh()).toMatchObject({ mode: 'none' });

      // A tag renamed and a clipping restored elsewhere.
      const third = openDatabase(file);
      third.prepare(`UPDATE tags SET name = 'Foreign policy' WHERE name = 'Diplomacy'`).run();
      new ClippingRepo(third).restore(energy);
      third.close();
      expect(sync.refresh().mode).toBe('incremental');
      expect(sync.suggest('diplom').suggestions).toEqual([]);
      expect(sync.suggest('foreign pol').suggestions[0]).toMatchObject({ id: ref, matched: 'Foreign policy' });
      expect(ids(sync.suggest('northern herald'))).toEqual([energy]);
      db.close();
    });

    it('exports and imports a snapshot, then catches up with the database', () => {
      const { db, ref } = archive(p.article);
      const sync = new InstantSync(db);
      sync.rebuild();
      const snapshot = JSON.parse(JSON.stringify(sync.export())) as InstantSnapshot;
      expect(snapshot.rows).toHaveLength(3);

      const copy = new InstantIndex();
      copy.import(snapshot);
      for (const q of [p.typedSurname, p.article.corrected, 'Kyiv', 'energy', 'herald']) expect(copy.suggest(q)).toEqual(sync.suggest(q));
      expect(() => copy.import({ format: 'other' } as unknown as InstantSnapshot)).toThrow(/snapshot/);

      // Changed after the snapshot was saved: the next start-up loads it and catches up.
      const later = new ClippingRepo(db).insert(clipping({ title: 'Late news', text: 'The mayor of Lviv, Andriy Sadovyi, said the bridge was closed.' }), '2026-11-27T09:00:00.000Z');
      new ClippingRepo(db).trash(ref, NOW);
      const restarted = new InstantSync(db);
      const r = restarted.load(snapshot);
      expect(r.mode).toBe('incremental');
      expect(ids(restarted.suggest('sadovyi'))).toEqual([later]);
      expect(restarted.suggest(p.article.surname.toLowerCase()).suggestions).toEqual([]);
      expect(restarted.index.size).toBe(3);
      db.close();
    });

    it('streams rows without holding bodies', () => {
      const { db, ref } = archive(p.article);
      const rows = [...loadInstantRows(db, { pageSize: 1 })];
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
      expect(rows[0]).toMatchObject({ id: ref, tags: ['Ukraine'] });
      expect(Object.keys(rows[0]!).sort()).toEqual(['byline', 'id', 'names', 'outlet', 'tags', 'title']);
      db.close();
    });
  });
});
