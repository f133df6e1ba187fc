/**
 * Ranking lists brought up to date by writes (db/query/topk-patch.ts; issue 13): after
 * every kind of everyday write made through the core — import, body edit, trash, restore,
 * purge, tag, note, annotation, re-extraction, and team sync's own statements for a
 * remote edit and a remote deletion — a search gives exactly the page (ids,
 * scores, total, facets) the same archive gives with no derived data at all (its lists
 * deleted, none read), and the lists stay in use: after an import or an edit, a warm word
 * is ranked from its list with no count and no pass over its match.
 * Lists small and words broad from 20 clippings here.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureRepo } from '../../db/captures.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';
import { NOW, tempDir } from '../helpers.ts';
import { recording } from './recording.ts';
import { rng } from './rng.ts';

const LISTS = { broad: 20, size: 8, deep: 16 };
const now = new Date(NOW);
const WORDS = ['harbour', 'budget', 'report', 'museum', 'board', 'bridge', 'ferry', 'council', 'the', 'of', 'bay', 'ban', 'hall', 'plan'];
const QUERIES = ['harbour', 'budget', 'ferry', '"harbour budget"', '"the harbour"', 'ha*', 'b*', 'mus*', 'harbour budget', 'ferry OR museum', 'budget -museum', 'report tag:docks'];

const opened: { close: () => void }[] = [];
afterEach(() => {
  for (const x of opened.splice(0)) x.close();
});

/** A text of `n` words drawn unevenly from WORDS (the first the most frequent). */
function text(r: ReturnType<typeof rng>, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.min(WORDS.length - 1, Math.floor(WORDS.length * r.next() ** 2))]).join(' ');
}

async function archive(): Promise<{ a: Archive; r: ReturnType<typeof rng> }> {
  const r = rng(13);
  const a = new Archive(path.join(tempDir(), 'cuttings.db'));
  opened.push(a);
  for (let i = 0; i < 60; i++) await a.call('clippings.add', { capture: { name: `${i}.txt`, text: `${text(r, 3)} ${i}\n\n${text(r, r.int(5, 40))}.` } });
  return { a, r };
}

type Page = { ids: number[]; scores: number[]; total: number; facets: unknown };
const pageOf = (repo: SearchRepo, q: string, offset: number): Page => {
  const p = repo.query(q, { limit: 5, offset, now, facets: true });
  return { ids: p.ranked.map((x) => x.id), scores: p.ranked.map((x) => x.score), total: p.total, facets: p.facets };
};

/** The pages of the same archive with no ranking list at all (a copy: lists deleted, none read). */
function freshPages(a: Archive): Map<string, Page> {
  const file = path.join(tempDir(), 'fresh.db');
  a.db.prepare('VACUUM INTO ?').run(file);
  const db: Db = openDatabase(file);
  opened.push(db);
  db.exec('DELETE FROM rank_lists');
  const repo = new SearchRepo(db, { rankLists: { broad: 1e9 } });
  const out = new Map<string, Page>();
  for (const q of QUERIES) for (const offset of [0, 5]) out.set(`${q} @${offset}`, pageOf(repo, q, offset));
  return out;
}

function expectFresh(a: Archive, repo: SearchRepo, what: string): void {
  const want = freshPages(a);
  for (const q of QUERIES) for (const offset of [0, 5]) expect(pageOf(repo, q, offset), `${what}: ${q} @${offset}`).toEqual(want.get(`${q} @${offset}`));
}

/** Best-ranked clipping of `q` now (a listed one), and one far down. */
function picks(repo: SearchRepo, q: string): [number, number] {
  const ids = repo.query(q, { limit: 40, offset: 0, now }).ranked.map((x) => x.id);
  return [ids[0]!, ids.at(-1)!];
}

describe('ranking lists after writes', () => {
  it('give after every kind of write the page an archive without lists gives (ids, scores, total, facets)', async () => {
    const { a, r } = await archive();
    const repo = new SearchRepo(a.db, { rankLists: LISTS });
    repo.warmBroadWords(repo.broadWords());
    expect((a.db.prepare('SELECT count(*) AS n FROM rank_lists').get() as { n: number }).n).toBeGreaterThan(5);
    expectFresh(a, repo, 'before any write');
    const writes: [string, () => Promise<unknown>][] = [
      ['import', () => a.call('clippings.add', { capture: { name: 'new.txt', text: `Harbour budget report\n\n${'harbour budget '.repeat(6)} ${text(r, 20)}.` } })],
      ['import of ten', async () => {
        for (let i = 0; i < 10; i++) await a.call('clippings.add', { capture: { name: `n${i}.txt`, text: `${text(r, 3)} n${i}\n\n${text(r, r.int(5, 40))}.` } });
      }],
      ['edit of a listed clipping', () => a.call('clippings.setText', { id: picks(repo, 'harbour')[0], text: 'ferry ferry museum' })],
      ['edit of an unlisted clipping', () => a.call('clippings.setText', { id: picks(repo, 'budget')[1], text: 'budget budget budget harbour harbour the harbour' })],
      ['title edit', () => a.call('clippings.update', { selection: { ids: [picks(repo, 'ferry')[0]] }, title: 'Harbour harbour harbour' })],
      ['trash', () => a.call('clippings.delete', { selection: { ids: [picks(repo, 'harbour')[0], picks(repo, 'budget')[1]] } })],
      ['restore', async () => {
        const trashed = (await a.call('trash.list', {})).map((t) => t.id);
        await a.call('trash.restore', { selection: { ids: trashed.slice(0, 1) } });
      }],
      ['purge', async () => {
        await a.call('clippings.delete', { selection: { ids: [picks(repo, 'ferry')[0]] } });
        await a.call('trash.empty', {});
      }],
      ['tag', () => a.call('tags.add', { id: picks(repo, 'report')[1], tags: ['docks', 'harbour'] })],
      ['note', () => a.call('clippings.setNote', { id: picks(repo, 'budget')[1], note: 'harbour budget harbour budget' })],
      ['annotation', async () => {
        const id = picks(repo, 'ferry')[1];
        await a.call('annotations.create', { id, start: 0, end: 5, note: 'harbour board' });
      }],
      ['re-extraction', () => a.call('clippings.reextract', { ids: [picks(repo, 'harbour')[0], picks(repo, 'museum')[1]] })],
      // Team sync applies a remote change by these statements (db/sync.ts: an edit by uuid; a deletion with no trash — no change mark).
      ['remote edit, as team sync applies it', async () => {
        const id = picks(repo, 'budget')[1];
        new CaptureRepo(a.db).unpackBefore(id);
        a.db.prepare('UPDATE clippings SET title = ?, byline = ? WHERE id = ?').run('Budget budget harbour', 'Harbour Board', id);
      }],
      ['remote deletion, as team sync applies it', async () => {
        for (const id of [picks(repo, 'harbour')[0], picks(repo, 'budget')[0], picks(repo, '"harbour budget"')[0]]) {
          new CaptureRepo(a.db).unpackBefore(id);
          a.db.prepare('DELETE FROM clippings WHERE id = ?').run(id);
        }
      }],
      ['import after a deletion', () => a.call('clippings.add', { capture: { name: 'late.txt', text: `Ferry budget\n\n${'ferry harbour budget '.repeat(4)}.` } })],
    ];
    for (const [what, write] of writes) {
      await write();
      expectFresh(a, repo, `after ${what}`);
      // (And after the warm-up that follows writes in the app.)
      repo.warmBroadWords(repo.broadWords());
      expectFresh(a, repo, `after ${what} and a warm-up`);
    }
  });

  it('keep ranking a warm word from its list after an import and an edit: no count of its match, no list read again', async () => {
    const { a } = await archive();
    const { repo, runs } = recording(a.db, { rankLists: LISTS });
    repo.warmBroadWords(repo.broadWords());
    const listed = (a.db.prepare(`SELECT count(*) AS n FROM rank_lists`).get() as { n: number }).n;
    // A pass over a word's match: a count, a ranking or a list's read (any statement on the body index without given ids).
    const passes = () => runs.filter((x) => /FROM clipping_fts WHERE clipping_fts MATCH \?(?! AND \+?rowid IN)/.test(x.sql)).length;
    for (const q of ['harbour', 'budget', '"harbour budget"']) repo.query(q, { limit: 5, offset: 0, now });
    runs.length = 0;
    for (const q of ['harbour', 'budget', '"harbour budget"']) repo.query(q, { limit: 5, offset: 0, now });
    expect(passes(), 'pristine').toBe(0);
    await a.call('clippings.add', { capture: { name: 'new.txt', text: 'Harbour budget\n\nThe harbour budget was set by the board.' } });
    runs.length = 0;
    for (const q of ['harbour', 'budget', '"harbour budget"']) repo.query(q, { limit: 5, offset: 0, now });
    expect(passes(), 'after an import').toBe(0);
    // An edit of a listed clipping: known to have matched before. (One of a clipping a list does not hold costs that list
    // one count, once: whether it matched before is not known.)
    await a.call('clippings.setText', { id: picks(repo, 'harbour')[0], text: 'harbour budget museum' });
    runs.length = 0;
    repo.query('harbour', { limit: 5, offset: 0, now });
    expect(passes(), 'after an edit of a listed clipping').toBe(0);
    for (const q of ['budget', '"harbour budget"']) repo.query(q, { limit: 5, offset: 0, now });
    runs.length = 0;
    for (const q of ['harbour', 'budget', '"harbour budget"']) repo.query(q, { limit: 5, offset: 0, now });
    expect(passes(), 'after the edit, again').toBe(0);
    // The stored lists were brought to the state of now, not dropped (another connection finds them so).
    const seq = (a.db.prepare('SELECT max(seq) AS s FROM clipping_rank_changes').get() as { s: number }).s;
    const at = a.db.prepare(`SELECT seq FROM rank_lists WHERE expr = ?`);
    for (const e of ['"harbour"', '"budget"', '"harbour budget"']) expect((at.get(e) as { seq: number } | undefined)?.seq, e).toBe(seq);
    expect((a.db.prepare(`SELECT count(*) AS n FROM rank_lists`).get() as { n: number }).n).toBe(listed);
  });

  it('are brought up to date by the warm-up after writes, with no list read again', async () => {
    const { a } = await archive();
    const repo = new SearchRepo(a.db, { rankLists: LISTS });
    // (The same words both times: which are read long depends on their place.)
    const words = repo.broadWords();
    repo.warmBroadWords(words);
    const stored = new Set((a.db.prepare(`SELECT expr FROM rank_lists`).all() as { expr: string }[]).map((x) => x.expr));
    for (let i = 0; i < 3; i++) await a.call('clippings.add', { capture: { name: `w${i}.txt`, text: `Harbour ferry ${i}\n\nThe harbour ferry budget ${i}.` } });
    // (Another connection's warm-up, as the app's worker: nothing in its memory.)
    const { repo: other, runs } = recording(a.db, { rankLists: LISTS });
    other.warmBroadWords(words);
    // A list's read: its best clippings by bm25 over the match (a new phrase may get one; those stored are not read again).
    const read = runs.filter((x) => /^SELECT rowid AS id, bm25\(clipping_fts/.test(x.sql)).map((x) => String(x.params[0]).toLowerCase());
    expect(read.filter((e) => stored.has(e))).toEqual([]);
    expect(stored.size).toBeGreaterThan(5);
    const seq = (a.db.prepare('SELECT max(seq) AS s FROM clipping_rank_changes').get() as { s: number }).s;
    const behind = (a.db.prepare(`SELECT expr FROM rank_lists WHERE seq <> ? AND expr NOT LIKE 'side %'`).all(seq) as { expr: string }[]).map((x) => x.expr);
    expect(behind).toEqual([]);
  });
  it('are patched by a query only from up to 128 changed documents, by the warm-up from any number', async () => {
    const { a, r } = await archive();
    const repo = new SearchRepo(a.db, { rankLists: LISTS });
    const words = repo.broadWords();
    repo.warmBroadWords(words);
    for (let i = 0; i < 129; i++) await a.call('clippings.add', { capture: { name: `m${i}.txt`, text: `${text(r, 3)} m${i}\n\n${text(r, r.int(5, 20))}.` } });
    const seq = (a.db.prepare('SELECT max(seq) AS s FROM clipping_rank_changes').get() as { s: number }).s;
    const listSeq = () => (a.db.prepare(`SELECT seq FROM rank_lists WHERE expr = '"harbour"'`).get() as { seq: number }).seq;
    const fresh = new SearchRepo(a.db, { rankLists: LISTS });
    expectFresh(a, fresh, 'after 129 imports');
    expect(listSeq()).toBeLessThan(seq);
    new SearchRepo(a.db, { rankLists: LISTS }).warmBroadWords(words);
    expect(listSeq()).toBe(seq);
  });
});
