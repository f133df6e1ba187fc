/**
 * The instant-search snapshot on disk: the built index saved as data and opened without
 * building it again (no phrase re-indexed), answering exactly as the index it was saved
 * from — also after both go on changing.
 */
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PhraseStore, type InstantRow, type PhraseState } from '../../db/instant/phrases.ts';
import { InstantIndex } from '../../db/instant/suggest.ts';
import { Archive } from '../../electron/core/archive.ts';
import { tempDir } from '../helpers.ts';

const FIRST = ['Dmytro', 'Ingrid', 'Łukasz', 'Zoë', 'Yusuf', 'Amir', 'Rhona', 'Dawn', 'Søren', 'Ángel'];
const LAST = ['Kuleba', 'Solberg', 'Wałęsa', 'Baxter', 'Karimi', 'Rahman', 'Lowe', 'Kierkegaard', 'Núñez', 'Ushakov'];
const WORDS = ['council', 'budget', 'bridge', 'election', 'harbour', 'strike', 'summit', 'drought', 'railway', 'vaccine', 'tariffs', 'festival'];
const OUTLETS = ['Northern Herald', 'Kyiv Post', 'Gazeta Wyborcza', null];

/** Deterministic rows: titles, bylines, outlets, tags and names drawn from the lists above. */
function rows(n: number, from = 1, salt = 0): InstantRow[] {
  const out: InstantRow[] = [];
  for (let k = 0; k < n; k++) {
    const i = k + salt;
    const pick = <T>(list: readonly T[], m: number) => list[(i * m + 3) % list.length]!;
    out.push({
      id: from + k,
      title: `${pick(WORDS, 7)} ${pick(WORDS, 5)} for ${pick(LAST, 3)} ${i % 5 === 0 ? '' : pick(WORDS, 11)}`,
      byline: i % 3 === 0 ? null : `${pick(FIRST, 13)} ${pick(LAST, 17)}`,
      outlet: pick(OUTLETS, 19),
      tags: i % 4 === 0 ? [pick(WORDS, 23)] : [],
      names: [`${pick(FIRST, 29)} ${pick(LAST, 31)}`, pick(LAST, 37)],
    });
  }
  return out;
}

const QUERIES = [
  'kul', 'kuleba', 'kulbea', 'solberg budget', 'walesa', 'wałęsa', 'lukasz w', 'zoe', 'soren kierk', 'nunez', 'angel',
  'council', 'counc', 'budgte', 'northern her', 'kyiv', 'railway strike', 'vaccine ', 'fest', 'ushakov summit', 'dmytro kuleba',
];

function answers(index: InstantIndex): unknown[] {
  return QUERIES.map((q) => index.suggest(q, { limit: 15 }));
}

/** Through bytes, as on disk. */
function reopened(index: InstantIndex): InstantIndex {
  const copy = new InstantIndex();
  copy.restoreState(deserialize(serialize(index.state())) as PhraseState);
  return copy;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('instant-search snapshot', () => {
  it('reopens the built index without re-indexing, answering as before, also after further changes', () => {
    const index = new InstantIndex();
    index.build(rows(400));
    // Removed and changed clippings leave free and dead phrase ids behind; new words wait unsorted.
    for (let id = 1; id <= 400; id += 7) index.remove(id);
    for (const row of rows(30, 10, 1000)) index.update(row);
    index.add({ id: 999, title: 'Quixotic zeppelin hovers', byline: null, outlet: null, tags: ['Zeppelins'], names: ['Hugo Eckener'] });

    const add = vi.spyOn(PhraseStore.prototype, 'add');
    const copy = reopened(index);
    expect(add).not.toHaveBeenCalled();
    add.mockRestore();

    expect(copy.stats()).toEqual(index.stats());
    expect(answers(copy)).toEqual(answers(index));
    expect([...copy.ids()]).toEqual([...index.ids()]);
    for (const id of [2, 10, 999]) expect(copy.row(id)).toEqual(index.row(id));

    // Both change the same way: still the same answers (free ids, vocabulary and typo map carried over).
    for (const target of [index, copy]) {
      for (let id = 2; id <= 400; id += 3) target.remove(id);
      for (const row of rows(50, 500, 77)) target.add(row);
      target.update({ id: 999, title: 'Quixotic zeppelin lands', byline: 'Hugo Eckener', outlet: null, tags: [], names: [] });
    }
    expect(answers(copy)).toEqual(answers(index));
    expect(copy.suggest('zepelin').suggestions[0]).toMatchObject({ id: 999, fuzzy: true });
  });

  it('refuses what is not a saved state', () => {
    expect(() => new InstantIndex().restoreState({ format: 'other' } as unknown as PhraseState)).toThrow(/instant-search state/);
  });

  it('a second archive process opens the snapshot the first one saved instead of rebuilding', async () => {
    const file = path.join(tempDir(), 'cuttings.db');
    const first = new Archive(file);
    for (const [i, row] of rows(40).entries()) {
      const text = `${row.title}\n\nBy ${row.byline ?? 'Staff'}\n\n${row.names.join(' met ')} in ${WORDS[i % WORDS.length]} talks on Monday, officials said.`;
      await first.call('clippings.add', { capture: { name: `c${i}.txt`, text }, tags: row.tags });
    }
    const before = await first.call('search.suggest', { text: 'kuleb', limit: 10 });
    expect(before.suggestions.length).toBeGreaterThan(0);
    first.close();

    const add = vi.spyOn(PhraseStore.prototype, 'add');
    const second = new Archive(file);
    const after = await second.call('search.suggest', { text: 'kuleb', limit: 10 });
    expect(add).not.toHaveBeenCalled();
    expect(after.suggestions).toEqual(before.suggestions);

    // It catches up with what this process adds.
    await second.call('clippings.add', { capture: { name: 'late.txt', text: 'Zeppelin museum reopens\n\nHugo Eckener\'s airship hangar reopened on Friday.' }, tags: [] });
    expect((await second.call('search.suggest', { text: 'zeppelin', limit: 5 })).suggestions[0]).toMatchObject({ title: 'Zeppelin museum reopens' });
    second.close();

    // And with what another process changed after the snapshot was saved: an edit, a new tag.
    const other = new Archive(file);
    await other.call('clippings.update', { selection: { ids: [1] }, title: 'Quarantined walrus colony' });
    await other.call('tags.add', { id: 2, tags: ['Walruses'] });
    other.close();
    const third = new Archive(file);
    const walrus = await third.call('search.suggest', { text: 'walrus', limit: 5 });
    expect(walrus.suggestions.map((x) => [x.id, x.field]).sort()).toEqual([[1, 'title'], [2, 'tag']]);
    expect((await third.call('search.suggest', { text: 'zeppelin', limit: 5 })).suggestions).toHaveLength(1);
    third.close();
  });
});
