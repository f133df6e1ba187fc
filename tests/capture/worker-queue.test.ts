/**
 * A capture worker is handed the next captures before it has answered the one it is
 * extracting (QUEUED_MAX in electron/core/capture/worker/pool.ts): it takes each in turn
 * without waiting for the calling thread, which in a bulk import is busy storing a batch
 * for as long as a transaction of up to BATCH_MAX clippings takes. The worker answers them
 * one at a time, in order, even when an extraction awaits (the e-mail reader does: a text
 * behind it must not overtake it, the pool matching answers to captures by their order);
 * a capture cancelled while it waits there is answered at once; the ones
 * waiting in a worker that is replaced go to its successor.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { CapturePool, ExtractionCancelled, QUEUED_MAX } from '../../electron/core/capture/worker/pool.ts';
import { CaptureRepo } from '../../db/captures.ts';
import { tempDir } from '../helpers.ts';

process.env.CUTTINGS_TEST_HOOKS = '1';

const pools: CapturePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(): CapturePool {
  const p = new CapturePool({ size: 1 });
  pools.push(p);
  return p;
}

const text = (n: number) => ({ bytes: Buffer.from(`A plain text capture, number ${n}, with a sentence long enough to be its body.`), name: `c${n}.txt`, mediaType: null, sourceUrl: null });
const email = (n: number) => ({
  bytes: Buffer.from(
    `From: Desk <desk@example.com>\r\nTo: Reader <reader@example.com>\r\nSubject: Letter ${n}\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe body of letter number ${n}, a sentence long enough to be the body of a short article.\r\n`,
  ),
  name: `m${n}.eml`,
  mediaType: null,
  sourceUrl: null,
});
const hang = () => ({ bytes: Buffer.from('cuttings-test:hang'), name: 'h.html', mediaType: null, sourceUrl: null });
const body = (r: { prepared: { extracted: { paragraphs: string[] } } }) => r.prepared.extracted.paragraphs.join('\n');

describe('captures queued in a worker', () => {
  it('hands a busy worker the next captures at once (it goes on without waiting for this thread), and gives each its own answer', async () => {
    const p = pool();
    await p.extract(text(0)); // the worker is started and idle
    const runs = [1, 2, 3, 4, 5].map((n) => p.extract(text(n)));
    // All five are with the worker already: one being extracted, four waiting there.
    expect([p.running, p.handed]).toEqual([1, 5]);
    const done = await Promise.all(runs);
    done.forEach((r, k) => expect(body(r)).toContain(`number ${k + 1},`));
    expect([p.running, p.handed, p.started]).toEqual([0, 0, 1]);
  });

  it('answers them one at a time, in order, when an extraction awaits (e-mail): nothing behind it overtakes it', async () => {
    const p = pool();
    await p.extract(text(0));
    const kinds = [email(1), text(2), email(3), text(4), email(5), text(6)];
    const done = await Promise.all(kinds.map((c) => p.extract(c)));
    done.forEach((r, k) => {
      expect(r.prepared.kind).toBe(k % 2 === 0 ? 'eml' : 'text');
      expect(body(r)).toContain(`number ${k + 1},`);
    });
  });

  it('answers a capture cancelled while it waits in the worker at once; the ones behind a cancelled or timed-out capture go to a fresh worker', async () => {
    const p = pool();
    await p.extract(text(0));
    const first = new AbortController();
    const third = new AbortController();
    const stuck = p.extract(hang(), first.signal).catch((e: unknown) => e);
    const second = p.extract(text(2));
    const dropped = p.extract(text(3), third.signal).catch((e: unknown) => e);
    const fourth = p.extract(text(4));
    await vi.waitFor(() => expect([p.running, p.handed]).toEqual([1, 4]), { timeout: 30_000, interval: 50 });
    third.abort();
    expect(await dropped).toBeInstanceOf(ExtractionCancelled);
    expect(p.handed).toBe(3);
    first.abort();
    expect(await stuck).toBeInstanceOf(ExtractionCancelled);
    expect(body(await second)).toContain('number 2,');
    expect(body(await fourth)).toContain('number 4,');
    expect(p.started).toBe(2);

    // At the deadline too: the capture that ran past it fails, the ones waiting behind it do not.
    const quick = new CapturePool({ size: 1, deadlineMs: 1_000 });
    pools.push(quick);
    await quick.extract(text(0));
    const late = quick.extract(hang()).catch((e: unknown) => e);
    const after = quick.extract(text(5));
    expect(quick.handed).toBe(2);
    expect(String(await late)).toContain('took longer than 1 s');
    expect(body(await after)).toContain('number 5,');
    expect(quick.started).toBe(2);
  });

  it('hands a worker at most QUEUED_MAX captures behind the one it extracts; the rest wait in the pool', async () => {
    const p = pool();
    await p.extract(text(0));
    const stop = new AbortController();
    const stuck = p.extract(hang(), stop.signal).catch((e: unknown) => e);
    const rest = Array.from({ length: QUEUED_MAX + 3 }, (_, k) => p.extract(text(k + 1)));
    expect(p.handed).toBe(1 + QUEUED_MAX);
    stop.abort();
    expect(await stuck).toBeInstanceOf(ExtractionCancelled);
    const done = await Promise.all(rest);
    done.forEach((r, k) => expect(body(r)).toContain(`number ${k + 1},`));
  });

  it('an import goes on extracting while it writes a batch: the captures after the batch are with the worker while it is stored', async () => {
    const dir = tempDir();
    const a = new Archive(path.join(dir, 'c.db'), { capture: { size: 1, deadlineMs: 3_000 } });
    try {
      const file = (name: string, content: string) => {
        writeFileSync(path.join(dir, name), content);
        return path.join(dir, name);
      };
      const texts = (from: number) => [0, 1, 2, 3, 4].map((k) => file(`a${from + k}.txt`, `A plain text capture, number ${from + k}, with a sentence long enough to be its body.`));
      // Five texts, one capture that computes until its deadline, five texts: the writer
      // commits the first five while it waits for the sixth (BATCH_MS), which is being
      // extracted then, the five after it waiting in the worker (not in this thread's queue).
      const files = [...texts(10), file('a15.html', `cuttings-test:hang\n<p>${'filler '.repeat(50)}</p>`), ...texts(16)];
      const handedWhenStored: number[] = [];
      let pool: CapturePool | null = null;
      const extract = CapturePool.prototype.extract;
      const extracting = vi.spyOn(CapturePool.prototype, 'extract').mockImplementation(function (this: CapturePool, ...args) {
        pool = this;
        return extract.apply(this, args);
      });
      const insert = CaptureRepo.prototype.insert;
      const storing = vi.spyOn(CaptureRepo.prototype, 'insert').mockImplementation(function (this: CaptureRepo, ...args) {
        handedWhenStored.push(pool!.handed);
        return insert.apply(this, args);
      });
      try {
        const report = await a.call('clippings.import', { paths: files });
        expect(report.results.map((r) => r.status)).toEqual(files.map((f) => (f.endsWith('.html') ? 'error' : 'added')));
      } finally {
        storing.mockRestore();
        extracting.mockRestore();
      }
      // (More when a slow machine made the writer commit before it reached the sixth.)
      expect(handedWhenStored).toHaveLength(10);
      expect(Math.min(...handedWhenStored.slice(0, 5))).toBeGreaterThanOrEqual(6);
    } finally {
      a.close();
    }
  }, 60_000);
});
