/**
 * Who did what in a team archive (db/authors.ts, db/sync.ts `authors`, the `by:` filter),
 * without a server: replica A (Alice) makes clippings, a highlight and a note; its join
 * outbox is applied to archive B (Bob) as pulled operations naming Alice, as the team
 * server names them; Carol's replica edits an outlet; Bob edits and highlights locally.
 */
import { describe, expect, it } from 'vitest';
import { SyncRepo, type SyncOp } from '../../db/sync.ts';
import type { Archive } from '../../electron/core/archive.ts';
import { ARTICLES, archivesPerTest } from './archives.ts';

const ALICE = '00000000-0000-7000-8000-00000000000a';
const BOB = '00000000-0000-7000-8000-00000000000b';
const CAROL = '00000000-0000-7000-8000-00000000000c';
const NOW = new Date('2026-03-01T10:00:00Z');

const archive = archivesPerTest('cuttings-authors-', NOW);


function join(a: Archive, replica: string, userName: string): SyncRepo {
  const repo = new SyncRepo(a.db);
  a.db.transaction(() => repo.join({ server: 'http://team.test/', token: 't', replica, userName, role: 'editor' })).immediate();
  return repo;
}

function apply(a: Archive, repo: SyncRepo, ops: readonly SyncOp[], cursor: number): void {
  a.db.transaction(() => repo.applyPage(ops, cursor, NOW.toISOString(), () => undefined)).immediate();
}

const ids = async (a: Archive, query: string) => (await a.call('search.query', { query, limit: 50 })).hits.map((h) => h.id).sort((x, y) => x - y);

/**
 * B holds Alice's three clippings (1 harbour, 2 ferry, 3 budget) and her highlight on 1,
 * has Carol's outlet on 2, and has added clipping 4 itself, retitled 3 and highlighted 2.
 */
async function team(): Promise<{ b: Archive; repo: SyncRepo; uuid: (id: number) => string }> {
  const a = archive('alice');
  for (const text of ARTICLES) await a.call('clippings.add', { capture: { name: 'a.txt', mediaType: 'text/plain', text } });
  await a.call('annotations.create', { id: 1, quote: 'council', note: 'who?' });
  const ops = join(a, ALICE, 'Alice')
    .outbox(10_000)
    .map(({ seq: _seq, ...op }) => ({ ...op, replica: ALICE, user: 'Alice' }));
  const b = archive('bob');
  const repo = join(b, BOB, 'Bob');
  apply(b, repo, ops, 1);
  const uuid = (id: number) => (b.db.prepare(`SELECT uuid FROM clippings WHERE id = ?`).get(id) as { uuid: string }).uuid;
  const carol: SyncOp = { opId: '00000000-0000-7000-8000-0000000000c1', hlc: repo.state().hlc + 10, replica: CAROL, user: 'Carol', kind: 'field', object: uuid(2), key: 'outlet', value: { outlet: 'Coastal Gazette' } };
  apply(b, repo, [carol], 2);
  await b.call('clippings.add', { capture: { name: 'b.txt', mediaType: 'text/plain', text: 'Bob’s own clipping about the tram line and its new timetable for the winter.' } });
  await b.call('clippings.update', { selection: { ids: [3] }, title: 'Budget vote delayed' });
  await b.call('annotations.create', { id: 2, quote: 'operator' });
  return { b, repo, uuid };
}

describe('who did what (team.authors)', () => {
  it('names who added a clipping, who last edited each field since, and each highlight’s author', async () => {
    const { b } = await team();
    expect(await b.call('team.authors', { id: 1 })).toEqual({ joined: true, addedBy: 'Alice', edited: [], annotations: [{ id: 1, by: 'Alice' }] });
    expect(await b.call('team.authors', { id: 2 })).toEqual({ joined: true, addedBy: 'Alice', edited: [{ field: 'outlet', by: 'Carol' }], annotations: [{ id: 2, by: 'Bob' }] });
    // A hand correction also clears the extractor's "unsure" mark, which travels with the text (the body group).
    expect(await b.call('team.authors', { id: 3 })).toEqual({
      joined: true,
      addedBy: 'Alice',
      edited: [
        { field: 'title', by: 'Bob' },
        { field: 'body', by: 'Bob' },
      ],
      annotations: [],
    });
    // Added here: its groups were recorded at its creation, none edited since.
    expect(await b.call('team.authors', { id: 4 })).toEqual({ joined: true, addedBy: 'Bob', edited: [], annotations: [] });
    await expect(b.call('team.authors', { id: 99 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('knows the replicas’ users from pulled operations and the join; leaving forgets them', async () => {
    const { b, repo } = await team();
    expect(b.db.prepare(`SELECT replica, user_name, folded FROM sync_replicas ORDER BY replica`).all()).toEqual([
      { replica: ALICE, user_name: 'Alice', folded: 'alice' },
      { replica: BOB, user_name: 'Bob', folded: 'bob' },
      { replica: CAROL, user_name: 'Carol', folded: 'carol' },
    ]);
    // The server's own replica (a duplicate's alias) is nobody's.
    apply(b, repo, [{ opId: '00000000-0000-7000-8000-0000000000d1', hlc: 1, replica: '00000000-0000-0000-0000-000000000000', user: 'Alice', kind: 'alias', object: 'x', key: '', value: null }], 3);
    expect((b.db.prepare(`SELECT count(*) AS n FROM sync_replicas`).get() as { n: number }).n).toBe(3);
    b.db.transaction(() => repo.leave()).immediate();
    expect((b.db.prepare(`SELECT count(*) AS n FROM sync_replicas`).get() as { n: number }).n).toBe(0);
    expect(await b.call('team.authors', { id: 1 })).toEqual({ joined: false, addedBy: null, edited: [], annotations: [] });
    expect(await ids(b, 'by:bob')).toEqual([]);
  });
});

describe('the by: filter', () => {
  it('finds what a person added, last edited or highlighted, in any case', async () => {
    const { b } = await team();
    expect(await ids(b, 'by:alice')).toEqual([1, 2, 3]);
    expect(await ids(b, 'by:ALICE')).toEqual([1, 2, 3]);
    expect(await ids(b, 'by:"Alice"')).toEqual([1, 2, 3]);
    // Bob: added 4, retitled 3, highlighted 2.
    expect(await ids(b, 'by:Bob')).toEqual([2, 3, 4]);
    expect(await ids(b, 'by:carol')).toEqual([2]);
    expect(await ids(b, 'by:dave')).toEqual([]);
    expect(await ids(b, 'by:al')).toEqual([]);
  });

  it('narrows like any filter: with words, negated, in OR, counted in facets', async () => {
    const { b } = await team();
    expect(await ids(b, 'ferry by:carol')).toEqual([2]);
    expect(await ids(b, 'harbour by:carol')).toEqual([]);
    expect(await ids(b, '-by:alice')).toEqual([4]);
    expect(await ids(b, 'NOT by:bob')).toEqual([1]);
    expect(await ids(b, 'by:carol OR tram')).toEqual([2, 4]);
    const r = await b.call('search.query', { query: '-by:carol', facets: true });
    expect(r.total).toBe(3);
    expect(r.facets!.years.reduce((n, y) => n + y.count, 0)).toBe(3);
  });

  it('close matches respect it', async () => {
    const { b } = await team();
    const alice = await b.call('search.query', { query: 'harbuor by:alice' });
    expect(alice.hits.map((h) => [h.id, h.fuzzy])).toEqual([[1, true]]);
    const bob = await b.call('search.query', { query: 'harbuor by:bob' });
    expect(bob.hits).toEqual([]);
  });

  it('finds nothing in an archive that never joined a team', async () => {
    const a = archive('solo');
    await a.call('clippings.add', { capture: { name: 'a.txt', mediaType: 'text/plain', text: ARTICLES[0]! } });
    await a.call('annotations.create', { id: 1, quote: 'council' });
    expect(await ids(a, 'harbour')).toEqual([1]);
    expect(await ids(a, 'by:alice')).toEqual([]);
    expect(await ids(a, '-by:alice')).toEqual([1]);
    expect(await a.call('team.authors', { id: 1 })).toEqual({ joined: false, addedBy: null, edited: [], annotations: [] });
  });
});
