import { describe, expect, it } from 'vitest';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { TagRepo } from '../../db/tags.ts';
import { ftsIntegrity, NOW } from '../helpers.ts';

function clipping(title: string, text: string): NewClipping {
  return {
    captureId: null, title, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null,
    publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text, html: null,
    figures: [], leadImage: null, wordCount: 0, contentHash: `${title}|${text}`,
  };
}

/**
 * Clippings whose indexed text matches one word or `column:word`: the body's table and the
 * one of tags, notes and annotations (migration 012) together, each asked only about its
 * own columns.
 */
const match = (db: Db, q: string) => {
  const column = /^(\w+):/.exec(q)?.[1];
  const tables = column === undefined ? ['clipping_fts', 'clipping_meta_fts'] : [['tags', 'notes', 'annotations'].includes(column) ? 'clipping_meta_fts' : 'clipping_fts'];
  const ids = tables.flatMap((t) => (db.prepare(`SELECT rowid AS id FROM ${t} WHERE ${t} MATCH ?`).all(q) as { id: number }[]).map((r) => r.id));
  return [...new Set(ids)].sort((a, b) => a - b);
};

describe('the full-text index stays in step with the data', () => {
  it('follows inserts, updates and deletes of clippings, tags, notes and annotations', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const tags = new TagRepo(db);
    const a = clippings.insert(clipping('Truss warns Russia', 'A strategic mistake, she said.'), NOW);
    const b = clippings.insert(clipping('Budget day', 'The chancellor spoke.'), NOW);
    expect(match(db, 'strategic')).toEqual([a]);

    clippings.update(a, { title: 'Foreign Secretary warns Moscow' }, NOW);
    expect(match(db, 'title:truss')).toEqual([]);
    expect(match(db, 'title:moscow')).toEqual([a]);
    expect(match(db, 'strategic')).toEqual([a]); // the body is still indexed

    clippings.update(b, { note: 'check the spending figures', byline: 'Jane Doe', outlet: 'The Herald' }, NOW);
    expect(match(db, 'notes:spending')).toEqual([b]);
    expect(match(db, 'byline:doe')).toEqual([b]);
    expect(match(db, 'outlet:herald')).toEqual([b]);

    tags.addToClipping(a, ['Foreign Policy', 'russia'], NOW);
    tags.addToClipping(b, ['foreign policy'], NOW); // same tag, other case
    expect(match(db, 'tags:policy')).toEqual([a, b]);
    db.prepare(`UPDATE tags SET name = 'Diplomacy' WHERE name = 'Foreign Policy'`).run();
    expect(match(db, 'tags:policy')).toEqual([]);
    expect(match(db, 'tags:diplomacy')).toEqual([a, b]);
    tags.removeFromClipping(b, ['DIPLOMACY']);
    expect(match(db, 'tags:diplomacy')).toEqual([a]);

    db.prepare(`INSERT INTO annotations (clipping_id, exact, note, created_at, updated_at) VALUES (?, 'strategic mistake', 'the key quote', ?, ?)`).run(a, NOW, NOW);
    expect(match(db, 'annotations:key')).toEqual([a]);
    db.prepare(`UPDATE annotations SET note = 'the headline quote'`).run();
    expect(match(db, 'annotations:key')).toEqual([]);
    expect(match(db, 'annotations:headline')).toEqual([a]);
    db.prepare(`DELETE FROM annotations`).run();
    expect(match(db, 'annotations:headline')).toEqual([]);
    ftsIntegrity(db);

    clippings.purge(a);
    expect(match(db, 'strategic')).toEqual([]);
    expect(match(db, 'tags:russia')).toEqual([]);
    expect(db.prepare(`SELECT count(*) AS n FROM clipping_tags`).get()).toEqual({ n: 0 });
    ftsIntegrity(db);
  });

  it('drops trashed clippings from the index and restores them, ignoring edits made meanwhile', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const tags = new TagRepo(db);
    const a = clippings.insert(clipping('Harbour wall repaired', 'Storm damage fixed.'), NOW);
    tags.addToClipping(a, ['Coast'], NOW);
    expect(clippings.trash(a, NOW)).toBe(true);
    expect(match(db, 'harbour')).toEqual([]);
    expect(match(db, 'tags:coast')).toEqual([]);
    ftsIntegrity(db);
    // changes while in the trash keep the index consistent
    clippings.update(a, { title: 'Harbour wall rebuilt', note: 'follow up' }, NOW);
    tags.addToClipping(a, ['Weather'], NOW);
    tags.removeFromClipping(a, ['Coast']);
    db.prepare(`INSERT INTO annotations (clipping_id, exact, note, created_at, updated_at) VALUES (?, 'Storm', 'x', ?, ?)`).run(a, NOW, NOW);
    ftsIntegrity(db);
    expect(match(db, 'rebuilt')).toEqual([]);
    expect(clippings.restore(a)).toBe(true);
    expect(match(db, 'title:rebuilt')).toEqual([a]);
    expect(match(db, 'tags:weather')).toEqual([a]);
    expect(match(db, 'tags:coast')).toEqual([]);
    expect(match(db, 'notes:follow')).toEqual([a]);
    ftsIntegrity(db);
    clippings.trash(a, NOW);
    clippings.purge(a);
    ftsIntegrity(db);
    expect(db.prepare('SELECT count(*) AS n FROM clippings').get()).toEqual({ n: 0 });
  });

  it('agrees with a model of the data after 600 random operations', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const tags = new TagRepo(db);
    let seed = 42;
    const rand = (n: number) => {
      // mulberry32: good low bits, unlike a plain LCG
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    const TAGS = ['red', 'green', 'blue'];
    const words = (k: number) => Array.from({ length: k }, () => WORDS[rand(WORDS.length)]!).join(' ');
    const model = new Map<number, { title: string; text: string; note: string; tags: Set<string>; ann: Map<number, string>; trashed: boolean }>();

    for (let step = 0; step < 600; step++) {
      const ids = [...model.keys()];
      const pick = () => ids[rand(ids.length)]!;
      const op = ids.length === 0 ? 0 : rand(10);
      if (op === 0 || op === 1) {
        const title = words(2), text = words(6);
        const id = clippings.insert(clipping(title, text), NOW);
        model.set(id, { title, text, note: '', tags: new Set(), ann: new Map(), trashed: false });
      } else if (op === 2) {
        const id = pick(), title = words(3);
        clippings.update(id, { title }, NOW);
        model.get(id)!.title = title;
      } else if (op === 3) {
        const id = pick(), note = words(2);
        clippings.update(id, { note }, NOW);
        model.get(id)!.note = note;
      } else if (op === 4) {
        const id = pick(), tag = TAGS[rand(TAGS.length)]!;
        tags.addToClipping(id, [tag], NOW);
        model.get(id)!.tags.add(tag);
      } else if (op === 5) {
        const id = pick(), tag = TAGS[rand(TAGS.length)]!;
        tags.removeFromClipping(id, [tag]);
        model.get(id)!.tags.delete(tag);
      } else if (op === 6) {
        const id = pick(), note = words(1);
        const annId = Number(db.prepare(`INSERT INTO annotations (clipping_id, exact, note, created_at, updated_at) VALUES (?, 'x', ?, ?, ?)`).run(id, note, NOW, NOW).lastInsertRowid);
        model.get(id)!.ann.set(annId, note);
      } else if (op === 7) {
        const id = pick();
        clippings.purge(id);
        model.delete(id);
      } else {
        const id = pick();
        const m = model.get(id)!;
        if (m.trashed) clippings.restore(id);
        else clippings.trash(id, NOW);
        m.trashed = !m.trashed;
      }
    }
    ftsIntegrity(db);
    const expected = (pred: (m: (typeof model extends Map<number, infer V> ? V : never)) => boolean) =>
      [...model.entries()].filter(([, m]) => !m.trashed && pred(m)).map(([id]) => id).sort((x, y) => x - y);
    for (const w of WORDS) {
      expect(match(db, `title:${w}`), `title:${w}`).toEqual(expected((m) => m.title.split(' ').includes(w)));
      expect(match(db, `body:${w}`), `body:${w}`).toEqual(expected((m) => m.text.split(' ').includes(w)));
      expect(match(db, `notes:${w}`), `notes:${w}`).toEqual(expected((m) => m.note.split(' ').includes(w)));
      expect(match(db, `annotations:${w}`), `annotations:${w}`).toEqual(expected((m) => [...m.ann.values()].includes(w)));
    }
    for (const t of TAGS) expect(match(db, `tags:${t}`), `tags:${t}`).toEqual(expected((m) => m.tags.has(t)));
  });
});

describe('a batch of new clippings (ClippingRepo.insertMany)', () => {
  /** The b-tree segments of the body's full-text index (an FTS5 data row's id carries its segment's from bit 37 up). */
  const segments = (db: Db) => (db.prepare(`SELECT count(DISTINCT rowid >> 37) AS n FROM clipping_fts_data WHERE rowid >= (1 << 37)`).get() as { n: number }).n;
  /** The index's merging settings, as FTS5 reads them (its defaults where none is stored). */
  const settings = (db: Db) => ({
    automerge: 4,
    hashsize: 1024 * 1024,
    ...Object.fromEntries((db.prepare(`SELECT k, v FROM clipping_fts_config WHERE k IN ('automerge', 'hashsize')`).all() as { k: string; v: number }[]).map((r) => [r.k, r.v])),
  });
  const defaults = { automerge: 4, hashsize: 1024 * 1024 };
  /** A text of 2,000 different words: enough index pages for FTS5 to merge after writing it. */
  let seed = 7;
  const manyWords = (first: string) => [first, ...Array.from({ length: 2000 }, () => `w${(seed = (seed * 1103515245 + 12345) % 2147483648).toString(36)}`)].join(' ');

  it('leaves merging its full-text segments for later (up to 16 a level), the index settings as they were', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    let id = 1;
    for (let batch = 0; batch < 12; batch++) {
      db.transaction(() => clippings.insertMany([0, 1].map((k) => ({ id: id++, clipping: clipping(`Batch ${batch} item ${k}`, manyWords(`word${batch}`)), now: NOW }))))();
    }
    // A segment per batch, none merged yet: FTS5's default (automerge 4) merges them 4 at a time as they are written.
    expect(segments(db)).toBe(12);
    expect(settings(db)).toEqual(defaults);
    expect(match(db, 'word7')).toEqual([15, 16]);
    ftsIntegrity(db);
    // Clippings added one by one (at the default again) merge them as before.
    for (let k = 0; k < 8; k++) clippings.insert(clipping('Alone', manyWords(`alone${k}`)), NOW);
    expect(segments(db)).toBeLessThan(12);
    expect(match(db, 'alone7')).toEqual([32]);
    ftsIntegrity(db);
  });

  it('prepares one statement for all the batch sizes a power of two holds (rows as if inserted one by one)', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const prepare = db.prepare.bind(db);
    const inserts = new Set<string>();
    db.prepare = ((sql: string) => {
      if (sql.startsWith('INSERT INTO clippings')) inserts.add(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    let id = 1;
    // Batches of 1 to 40 clippings: 40 sizes, seven rooms (1, 2, 4, 8, 16, 32 and 64 rows).
    for (let size = 1; size <= 40; size++) {
      db.transaction(() => clippings.insertMany(Array.from({ length: size }, (_, k) => ({ id: id++, clipping: clipping(`Size ${size} item ${k}`, `size${size} text ${k}`), now: NOW }))))();
    }
    expect(inserts.size).toBe(7);
    expect(id - 1).toBe(820);
    expect((db.prepare(`SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM clippings`).get() as { n: number; lo: number; hi: number })).toEqual({ n: 820, lo: 1, hi: 820 });
    // Every batch's rows, with their own ids and texts, none of the room's empty rows.
    const stored = clippings.get(820)!;
    expect([stored.title, stored.text]).toEqual(['Size 40 item 39', 'size40 text 39']);
    expect(match(db, 'size40')).toEqual(Array.from({ length: 40 }, (_, k) => 781 + k));
    ftsIntegrity(db);
  });

  it('is written as one segment, however many terms it holds', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    // Well over FTS5's 1 MB of pending terms, which it would write out as a segment each.
    db.transaction(() => clippings.insertMany(Array.from({ length: 24 }, (_, k) => ({ id: k + 1, clipping: clipping(`Item ${k}`, manyWords(`item${k}`)), now: NOW }))))();
    expect(segments(db)).toBe(1);
    expect(settings(db)).toEqual(defaults);
    expect(match(db, 'item23')).toEqual([24]);
    ftsIntegrity(db);
  });

  it('is written in the transaction it is given: rolled back with it, settings included', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    expect(() =>
      db.transaction(() => {
        clippings.insertMany([{ id: 1, clipping: clipping('Gone', 'vanished words'), now: NOW }]);
        throw new Error('the batch fails');
      })(),
    ).toThrow('the batch fails');
    expect(match(db, 'vanished')).toEqual([]);
    expect(settings(db)).toEqual(defaults);
    clippings.insertMany([{ id: 2, clipping: clipping('Kept', 'kept words'), now: NOW }]);
    expect(match(db, 'kept')).toEqual([2]);
    // A batch whose INSERT fails (id 2 is taken) in a transaction that goes on and commits.
    db.transaction(() => {
      expect(() => clippings.insertMany([{ id: 2, clipping: clipping('Taken', 'taken words'), now: NOW }])).toThrow(/UNIQUE/);
      clippings.insert(clipping('After', 'after words'), NOW);
    })();
    expect(settings(db)).toEqual(defaults);
    expect(match(db, 'taken')).toEqual([]);
    expect(match(db, 'after')).toEqual([3]);
  });
});
