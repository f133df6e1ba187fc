/**
 * Reads in worker threads (electron/core/readers/pool.ts), from the TypeScript source: a
 * read is answered while a search holds another reader, a superseded search still queued
 * is dropped, a write is seen by the next read (instant suggestions included), a crashed
 * reader fails only its call, is reported and replaced, a restore works with readers
 * running, and closing the archive ends every reader. A long search is the readers' test
 * hook (CUTTINGS_TEST_HOOKS=1): it holds its worker until a file exists. No durations are
 * asserted.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { ReadCancelled, ReadPool } from '../../electron/core/readers/pool.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { GrantStore } from '../../electron/core/grants.ts';
import { tempDir } from '../helpers.ts';

process.env.CUTTINGS_TEST_HOOKS = '1';

const opened: Archive[] = [];
afterEach(async () => {
  for (const a of opened.splice(0)) {
    const pool = a.readPool;
    a.close();
    await pool?.close();
  }
});

async function archiveWithReaders(size = 2, onCrash?: (m: string) => void): Promise<{ a: Archive; dir: string; ids: number[] }> {
  const dir = tempDir();
  const a = new Archive(path.join(dir, 'cuttings.db'));
  opened.push(a);
  const ids: number[] = [];
  for (const [i, title] of ['Harbour dredging plan approved', 'Council budget vote delayed', 'Museum reopens after flood'].entries()) {
    const r = await a.call('clippings.add', { capture: { name: `${i}.txt`, text: `${title}\n\nThe story of ${title.toLowerCase()}, told at length.` } });
    ids.push(r.id!);
  }
  a.readInWorkers({ size, ...(onCrash ? { onCrash } : {}) });
  return { a, dir, ids };
}

/** Settles the promise's state without waiting: 'pending' unless it already settled. */
async function state(p: Promise<unknown>): Promise<'pending' | 'settled'> {
  const marker = Symbol('pending');
  const r = await Promise.race([p.then(() => 'settled', () => 'settled'), new Promise((res) => setImmediate(() => res(marker)))]);
  return r === marker ? 'pending' : 'settled';
}

describe('reads in worker threads', () => {
  it('answers a click (clippings.get) and suggestions while a long search holds a reader', async () => {
    const { a, dir, ids } = await archiveWithReaders(3);
    const release = path.join(dir, 'release');
    const search = a.call('search.query', { query: `cuttings-test:block:${release}` });
    const detail = await a.call('clippings.get', { id: ids[1]! });
    expect(detail.title).toBe('Council budget vote delayed');
    const s = await a.call('search.suggest', { text: 'museu' });
    expect(s.suggestions.map((x) => x.id)).toContain(ids[2]);
    // The search is still held: the reads above did not wait for it.
    expect(await state(search)).toBe('pending');
    writeFileSync(release, '');
    await expect(search).resolves.toMatchObject({ total: 0 });
  });

  it('runs the rest of a search in the background lane: interactive reads go first', async () => {
    const { a, dir, ids } = await archiveWithReaders(2);
    const release = path.join(dir, 'release');
    // The background lane is the last reader: held by a background search, it takes no
    // more background work, while interactive calls still get the first reader.
    const held = a.call('search.query', { query: `cuttings-test:block:${release}` }, {}, { background: true });
    const queued = a.call('search.query', { query: 'harbour' }, {}, { background: true });
    await expect(a.call('clippings.get', { id: ids[0]! })).resolves.toMatchObject({ id: ids[0] });
    expect(await state(queued)).toBe('pending');
    writeFileSync(release, '');
    await held;
    await expect(queued).resolves.toMatchObject({ total: 1 });
  });

  it('drops a superseded search that is still queued (its caller aborted)', async () => {
    const { a, dir } = await archiveWithReaders(1);
    const release = path.join(dir, 'release');
    const held = a.call('search.query', { query: `cuttings-test:block:${release}` });
    const gone = new AbortController();
    const superseded = a.call('search.query', { query: 'harbour' }, { signal: gone.signal });
    gone.abort();
    await expect(superseded).rejects.toBeInstanceOf(ReadCancelled);
    writeFileSync(release, '');
    await held;
  });

  it('ends the rest of a superseded search that is running: its worker is replaced, the lane works on', async () => {
    const { a, dir } = await archiveWithReaders(2);
    const pool = a.readPool!;
    const gone = new AbortController();
    // Never released: only replacing its worker ends it.
    const running = a.call('search.query', { query: `cuttings-test:block:${path.join(dir, 'never')}` }, {}, { background: true, signal: gone.signal });
    await expect.poll(() => pool.running, { timeout: 60_000 }).toBe(1);
    gone.abort();
    await expect(running).rejects.toBeInstanceOf(ReadCancelled);
    expect(pool.superseded).toBe(1);
    expect(pool.crashes).toBe(0);
    await expect(a.call('search.query', { query: 'museum' }, {}, { background: true })).resolves.toMatchObject({ total: 1 });
    expect(pool.alive).toBe(2);
  });

  it('keeps the background reader to background calls: it never loads the instant index for suggestions', async () => {
    const { a, dir } = await archiveWithReaders(2);
    const release = path.join(dir, 'release');
    // The one interactive reader is held; the background reader is free but takes none of it.
    const held = a.call('search.query', { query: `cuttings-test:block:${release}` });
    const suggest = a.call('search.suggest', { text: 'museu' });
    await expect(a.call('search.query', { query: 'harbour' }, {}, { background: true })).resolves.toMatchObject({ total: 1 });
    expect(await state(suggest)).toBe('pending');
    writeFileSync(release, '');
    await held;
    expect((await suggest).suggestions).not.toEqual([]);
  });

  it('reads its own writes: the next read after a write sees it, suggestions included', async () => {
    const { a, ids } = await archiveWithReaders(3);
    // Warm the readers' instant index before the write, so the write must be caught up with.
    expect((await a.call('search.suggest', { text: 'lighthouse' })).suggestions).toEqual([]);
    await a.call('clippings.update', { selection: { ids: [ids[0]!] }, title: 'Lighthouse keeper retires' });
    expect((await a.call('clippings.get', { id: ids[0]! })).title).toBe('Lighthouse keeper retires');
    expect((await a.call('search.query', { query: 'lighthouse' })).hits.map((h) => h.id)).toEqual([ids[0]]);
    // Both interactive readers (two calls at once take both) see it.
    const both = await Promise.all([a.call('search.suggest', { text: 'lighthouse' }), a.call('search.suggest', { text: 'lighthouse' })]);
    for (const s of both) expect(s.suggestions.map((x) => x.id)).toContain(ids[0]);
    const added = await a.call('clippings.add', { capture: { name: 'new.txt', text: 'Tram line extended\n\nThe tram line reaches the airport.' } });
    expect((await a.call('search.query', { query: 'tram' })).hits.map((h) => h.id)).toEqual([added.id]);
    await a.call('tags.apply', { selection: { ids: [added.id!] }, add: ['transport'] });
    expect((await a.call('clippings.get', { id: added.id! })).tags).toEqual(['transport']);
  });

  it('validates in the reader like on the writer: the same envelope for bad arguments', async () => {
    const { a } = await archiveWithReaders(1);
    const env = await dispatch(a, 'clippings.get', { id: 'x' }, { places: new GrantStore() });
    expect(env).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await dispatch(a, 'clippings.get', { id: 999 }, { places: new GrantStore() })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('recovers from a crashed reader: its call fails naming the crash, it is reported and replaced', async () => {
    const crashes: string[] = [];
    const { a, ids } = await archiveWithReaders(2, (m) => crashes.push(m));
    const pool = a.readPool!;
    await expect(a.call('search.query', { query: 'cuttings-test:crash' })).rejects.toThrow(/a reader exited/);
    expect(crashes).toEqual([expect.stringMatching(/a reader exited \(code 70\)/)]);
    expect(pool.crashes).toBe(1);
    expect(pool.started).toBe(3);
    expect(pool.alive).toBe(2);
    // The replaced reader answers.
    const again = await Promise.all(ids.map((id) => a.call('clippings.get', { id })));
    expect(again.map((c) => c.id)).toEqual(ids);
    await expect(a.call('search.query', { query: 'museum' })).resolves.toMatchObject({ total: 1 });
  });

  it('restores with readers running, and they read the restored archive', async () => {
    const { a, dir, ids } = await archiveWithReaders(2);
    const backup = path.join(dir, 'backup.db');
    await a.call('archive.backup', { file: backup });
    await a.call('clippings.update', { selection: { ids: [ids[0]!] }, title: 'Changed after the backup' });
    expect((await a.call('clippings.get', { id: ids[0]! })).title).toBe('Changed after the backup');
    await a.call('archive.restore', { file: backup, force: true });
    expect(a.readPool).not.toBeNull();
    expect((await a.call('clippings.get', { id: ids[0]! })).title).toBe('Harbour dredging plan approved');
  });

  it('closing the archive ends every reader thread', async () => {
    const { a } = await archiveWithReaders(3);
    const pool = a.readPool!;
    await a.call('search.query', { query: 'museum' });
    expect(pool.alive).toBe(3);
    a.close();
    await pool.close();
    expect(pool.alive).toBe(0);
    await expect(pool.call('search.query', { query: 'museum' })).rejects.toThrow(/closed/);
  });

  it('cannot serve an in-memory archive: every call stays on the writer', async () => {
    const a = new Archive(':memory:');
    opened.push(a);
    a.readInWorkers();
    expect(a.readPool).toBeNull();
  });
});

describe('ReadPool without an archive', () => {
  it('fails every call at once when no reader can start (no such file), instead of waiting', async () => {
    const dir = tempDir();
    const pool = new ReadPool({ file: path.join(dir, 'missing.db'), size: 1 });
    await expect(pool.call('archive.stats', {})).rejects.toThrow(/reader/);
    expect(pool.usable).toBe(false);
    await pool.close();
  });
});
