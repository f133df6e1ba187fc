/**
 * The background warm-up of ranking lists (electron/core/search/warmup.ts), from the
 * TypeScript source: once the archive is open and quiet, a worker thread reads the lists
 * of its broad words into the archive (`rank_lists`, where every connection finds them);
 * after a write it reads again those gone out of date; while a write is in progress none
 * starts. Lists small and words "broad" from 20 clippings here. No durations are asserted.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rankEpoch } from '../../db/migrations/index.ts';
import { Archive } from '../../electron/core/archive.ts';
import { RankWarmup } from '../../electron/core/search/warmup.ts';
import type { WarmupReply } from '../../electron/core/search/warmup-worker.ts';
import { tempDir } from '../helpers.ts';

const LISTS = { broad: 20, size: 8 };
const opened: Archive[] = [];
afterEach(async () => {
  for (const a of opened.splice(0)) {
    const warmup = a.rankWarmup;
    a.close();
    await warmup?.close();
  }
});

async function archive(): Promise<Archive> {
  const a = new Archive(path.join(tempDir(), 'cuttings.db'));
  opened.push(a);
  for (let i = 0; i < 30; i++) {
    // "harbour" and "report" in every clipping, "budget" in 24, "museum" in 6 (not broad).
    const topic = i % 5 === 0 ? 'museum' : 'budget';
    await a.call('clippings.add', { capture: { name: `${i}.txt`, text: `Harbour ${topic} report ${i}\n\nThe harbour ${topic} report number ${i}, ${'harbour '.repeat(i % 7)}in full.` } });
  }
  return a;
}

const stored = (a: Archive) => (a.db.prepare('SELECT expr FROM rank_lists ORDER BY expr').all() as { expr: string }[]).map((r) => r.expr);

/** The next `n` warm-ups' ends. */
function ends(n: number): { replies: WarmupReply[]; done: Promise<WarmupReply[]>; onDone: (r: WarmupReply) => void } {
  const replies: WarmupReply[] = [];
  let resolve!: (r: WarmupReply[]) => void;
  const done = new Promise<WarmupReply[]>((r) => (resolve = r));
  return { replies, done, onDone: (r) => (replies.push(r), replies.length === n && resolve(replies)) };
}

describe('the background warm-up of ranking lists', () => {
  it('reads the lists of the broad words once the archive is quiet, and after a write those out of date', async () => {
    const a = await archive();
    const { replies, done, onDone } = ends(2);
    a.warmRankListsInBackground({ quietMs: 0, rankLists: LISTS, onDone });
    await new Promise<void>((r) => {
      const wait = () => (replies.length ? r() : setTimeout(wait, 20));
      wait();
    });
    expect(replies[0]).toMatchObject({ stopped: false });
    const first = stored(a);
    expect(first).toEqual(expect.arrayContaining(['"harbour"', '"report"', '"budget"']));
    expect(first).not.toContain('"museum"');
    // A list out of date (read in another rank epoch: before a migration that may change what it is read from) is read again after the next write.
    a.db.exec(`UPDATE rank_lists SET schema = 0 WHERE expr = '"budget"'`);
    await a.call('clippings.add', { capture: { name: 'new.txt', text: 'Tram line\n\nThe tram line reaches the harbour.' } });
    const [, second] = await done;
    expect(second).toMatchObject({ lists: 1, stopped: false });
    expect(a.db.prepare(`SELECT schema FROM rank_lists WHERE expr = '"budget"'`).get()).toEqual({ schema: rankEpoch(a.db.pragma('user_version', { simple: true }) as number) });
  });

  it('restores with the warm-up running (it lets the file go), and warms the restored archive', async () => {
    const a = await archive();
    const backup = path.join(path.dirname(a.file), 'backup.db');
    await a.call('archive.backup', { file: backup });
    const { replies, onDone } = ends(2);
    a.warmRankListsInBackground({ quietMs: 0, rankLists: LISTS, onDone });
    const warmed = () =>
      new Promise<void>((r) => {
        const n = replies.length;
        const wait = () => (replies.length > n ? r() : setTimeout(wait, 20));
        wait();
      });
    await warmed();
    expect(stored(a).length).toBeGreaterThan(2);
    // The backup was made before any list: the restored archive has none until it is warmed again.
    const again = warmed();
    await a.call('archive.restore', { file: backup, force: true });
    await again;
    expect(stored(a)).toEqual(expect.arrayContaining(['"harbour"', '"report"', '"budget"']));
  });

  it('starts no warm-up while a write is in progress, and one once it has ended', async () => {
    const a = await archive();
    const { replies, done, onDone } = ends(1);
    const warmup = new RankWarmup(a.file, undefined, { quietMs: 0, rankLists: LISTS, onDone });
    warmup.writeStarted();
    // Long enough for the worker to start and warm, were it allowed to.
    await new Promise((r) => setTimeout(r, 1500));
    expect(replies).toEqual([]);
    expect(stored(a)).toEqual([]);
    warmup.writeEnded();
    await done;
    expect(stored(a).length).toBeGreaterThan(2);
    await warmup.close();
  });
});
