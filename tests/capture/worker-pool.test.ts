/**
 * Extraction in worker threads (electron/core/capture/worker/pool.ts), from the TypeScript
 * source: the deadline and the memory limit end a capture with an error naming it, a
 * crashed worker is replaced, the pool recovers for the next capture, a cancelled import
 * stores nothing of the capture in flight, and the calling thread keeps running meanwhile.
 * Inputs that hang, allocate or crash use the worker's test hooks (CUTTINGS_TEST_HOOKS=1,
 * set here before any worker starts). No durations are asserted.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { availableParallelism } from 'node:os';
import { ALONE_FROM_BYTES, CapturePool, ExtractionCancelled, sharedCapturePool, sharedPoolSize, WORKER_LIMITS } from '../../electron/core/capture/worker/pool.ts';
import type { ImportResult } from '../../electron/contract/shapes.ts';
import { tempDir } from '../helpers.ts';
import { CaptureRepo } from '../../db/captures.ts';

process.env.CUTTINGS_TEST_HOOKS = '1';

const opened: Archive[] = [];
afterEach(() => {
  for (const a of opened.splice(0)) a.close();
});

function archiveIn(dir: string, opts: ConstructorParameters<typeof Archive>[1] = {}): Archive {
  const a = new Archive(path.join(dir, 'cuttings.db'), opts);
  opened.push(a);
  return a;
}

/** A small article page whose text depends on `n` (so files are not duplicates). */
function article(dir: string, name: string, n: number): string {
  const body = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1} of article number ${n}: the council met on Tuesday and agreed the budget for the coming year after a long debate.</p>`).join('');
  const file = path.join(dir, name);
  writeFileSync(file, `<!doctype html><html><head><title>Article ${n}</title></head><body><article><h1>Article ${n}</h1>${body}</article></body></html>`);
  return file;
}

function hostile(dir: string, name: string, hook: 'hang' | 'allocate' | 'crash'): string {
  const file = path.join(dir, name);
  writeFileSync(file, `cuttings-test:${hook}\n<p>${'filler '.repeat(50)}</p>`);
  return file;
}

function stored(a: Archive): number {
  return (a.db.prepare('SELECT count(*) AS n FROM clippings').get() as { n: number }).n;
}

function integrity(a: Archive): string {
  return a.db.pragma('integrity_check', { simple: true }) as string;
}

describe('capture workers', () => {
  it('ends a capture that computes forever at the deadline, naming it, while the calling thread keeps running; the next capture works', async () => {
    const dir = tempDir();
    const a = archiveIn(dir, { capture: { deadlineMs: 3000 } });
    const hang = hostile(dir, 'forever.html', 'hang');
    const good = article(dir, 'good.html', 1);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const report = await a.call('clippings.import', { paths: [hang, good] }).finally(() => clearInterval(timer));
    expect(report.results[0]).toMatchObject({ file: hang, status: 'error', error: `${hang}: extraction took longer than 3 s` });
    expect(report.results[1]).toMatchObject({ file: good, status: 'added' });
    expect(ticks).toBeGreaterThan(0);
    expect(stored(a)).toBe(1);
    expect(integrity(a)).toBe('ok');
  });

  it('refuses a capture that allocates past the heap limit with a memory error naming it; the process lives on and the next capture works', async () => {
    const dir = tempDir();
    const a = archiveIn(dir);
    const hog = hostile(dir, 'hog.html', 'allocate');
    const good = article(dir, 'good.html', 2);
    const report = await a.call('clippings.import', { paths: [hog, good] });
    const mb = WORKER_LIMITS.maxOldGenerationSizeMb! + WORKER_LIMITS.maxYoungGenerationSizeMb!;
    expect(report.results[0]).toMatchObject({ file: hog, status: 'error', error: `${hog}: needs more memory than an extraction may use (${mb} MB)` });
    expect(report.results[1]).toMatchObject({ file: good, status: 'added' });
    expect(stored(a)).toBe(1);
    expect(integrity(a)).toBe('ok');
  });

  it('replaces a worker that crashed, and says which capture it was reading', async () => {
    const dir = tempDir();
    const a = archiveIn(dir);
    const crash = hostile(dir, 'crash.html', 'crash');
    const good = article(dir, 'good.html', 3);
    const report = await a.call('clippings.import', { paths: [crash, good] });
    expect(report.results[0]).toMatchObject({ file: crash, status: 'error', error: `${crash}: extraction failed (worker crashed: test crash)` });
    expect(report.results[1]).toMatchObject({ file: good, status: 'added' });
    expect(integrity(a)).toBe('ok');
  });

  it('cancels an import by its job id in the middle of a capture: nothing of it is stored, the rest is not tried', async () => {
    const dir = tempDir();
    const a = archiveIn(dir);
    const first = article(dir, 'first.html', 4);
    const hang = hostile(dir, 'slow.html', 'hang');
    const last = article(dir, 'last.html', 5);
    let current = '';
    const importing = a.call('clippings.import', { paths: [first, hang, last], job: 'job-1' }, { onProgress: (_d, _t, file) => (current = file) });
    // Cancelled while a worker is extracting the hanging capture.
    await vi.waitFor(() => expect([current, sharedCapturePool().running]).toEqual([hang, 1]), { timeout: 30_000, interval: 50 });
    expect(await a.call('clippings.cancelImport', { job: 'job-1' })).toEqual({ running: true });
    const report = await importing;
    expect(report.stopped).toBe(`cancelled while reading ${hang}: it was not stored, nor the 1 after it (not tried); what was stored before is kept.`);
    expect(report.results.map((r) => [r.file, r.status])).toEqual([
      [first, 'added'],
      [hang, 'cancelled'],
      [last, 'not_tried'],
    ]);
    expect(report).toMatchObject({ added: 1, errors: 0, notTried: 1 });
    expect(stored(a)).toBe(1);
    expect(integrity(a)).toBe('ok');
    // The pool recovers: the file that was not tried imports now.
    expect((await a.call('clippings.import', { paths: [last] })).results[0]?.status).toBe('added');
  });

  it('tries nothing of an import cancelled before it starts', async () => {
    const dir = tempDir();
    const a = archiveIn(dir);
    const files = [article(dir, 'x.html', 9), article(dir, 'y.html', 10)];
    const report = await a.call('clippings.import', { paths: files }, { signal: AbortSignal.abort() });
    expect(report.results.map((r) => r.status)).toEqual(['not_tried', 'not_tried']);
    expect(report.stopped).toBe(`cancelled before ${files[0]}: it was not tried, nor the 1 after it; what was stored before is kept.`);
    expect(stored(a)).toBe(0);
  });

  it('cancels clippings.add by its job id while it extracts, and a later call under the cancelled job at once', async () => {
    const dir = tempDir();
    const a = archiveIn(dir);
    const base64 = Buffer.from(`cuttings-test:hang\n<p>${'x '.repeat(100)}</p>`).toString('base64');
    const adding = a.call('clippings.add', { capture: { name: 'pasted.html', base64 }, job: 'job-2' });
    await vi.waitFor(() => expect(sharedCapturePool().running).toBe(1), { timeout: 30_000, interval: 50 });
    expect(await a.call('clippings.cancelImport', { job: 'job-2' })).toEqual({ running: true });
    const r: ImportResult = await adding;
    expect(r).toMatchObject({ file: 'pasted.html', status: 'cancelled', id: null });
    const late = await a.call('clippings.add', { capture: { name: 'late.txt', text: 'A late paragraph of plain text, long enough to be an article body.' }, job: 'job-2' });
    expect(late.status).toBe('cancelled');
    // A cancel for a job nobody runs says so; nothing was stored.
    expect(await a.call('clippings.cancelImport', { job: 'nobody' })).toEqual({ running: false });
    expect(stored(a)).toBe(0);
    expect(integrity(a)).toBe('ok');
  });

  it('extracts the next captures in the worker while it stores the ones before: extraction runs ahead of the writer', async () => {
    const dir = tempDir();
    const a = archiveIn(dir);
    const files = [article(dir, 'one.html', 6), article(dir, 'two.html', 7), article(dir, 'three.html', 8)];
    // Imports commit in batches and report after each commit, so what is running when a
    // result is reported says little; what counts is that every capture was handed to the
    // workers before the first one is stored (AHEAD_MAX in import.ts), so none waits for
    // the writer.
    const pool = sharedCapturePool();
    const extract = vi.spyOn(pool, 'extract');
    const insert = CaptureRepo.prototype.insert;
    const handedWhenStored: number[] = [];
    const spy = vi.spyOn(CaptureRepo.prototype, 'insert').mockImplementation(function (this: CaptureRepo, c) {
      handedWhenStored.push(extract.mock.calls.length);
      return insert.call(this, c);
    });
    try {
      const report = await a.call('clippings.import', { paths: files });
      expect(report.added).toBe(3);
    } finally {
      spy.mockRestore();
      extract.mockRestore();
    }
    expect(handedWhenStored).toEqual([3, 3, 3]);
  });

  it('reuses a worker across captures, and replaces one whose heap grew past the recycling threshold on a large capture', async () => {
    const text = (n: number) => ({ bytes: Buffer.from(`A plain text capture, number ${n}, with a sentence long enough to be its body.`), name: `c${n}.txt`, mediaType: null, sourceUrl: null });
    const reuse = new CapturePool();
    const recycle = new CapturePool({ recycleHeapMb: 1, recycleTextChars: 10 });
    // A worker whose heap is past the threshold after a small capture is kept (loading the
    // PDF reader alone grows it): only a large clipping makes it worth replacing.
    const smallOnly = new CapturePool({ recycleHeapMb: 1 });
    try {
      for (const n of [1, 2, 3]) {
        expect((await reuse.extract(text(n))).prepared.kind).toBe('text');
        expect((await recycle.extract(text(n))).prepared.kind).toBe('text');
        expect((await smallOnly.extract(text(n))).prepared.kind).toBe('text');
      }
      expect(reuse.started).toBe(1);
      expect(recycle.started).toBe(3);
      expect(smallOnly.started).toBe(1);
      // Bytes that own their buffer move to the worker and back, not copied (a saved page's
      // images travel the same way: tests/electron/capture-formats.test.ts stores them).
      const page = Buffer.from(`<html><body><article><h1>T</h1><p>${'Words of a paragraph long enough to be a body. '.repeat(200)}</p></article></body></html>`);
      const owned = new Uint8Array(page.byteLength);
      owned.set(page);
      const r = await reuse.extract({ bytes: owned, name: 'p.html', mediaType: null, sourceUrl: null });
      expect(owned.byteLength).toBe(0);
      expect(Buffer.from(r.bytes).equals(page)).toBe(true);
    } finally {
      await Promise.all([reuse.close(), recycle.close(), smallOnly.close()]);
    }
  });

  it('extracts several captures at once with more than one worker, and cancels each on its own', async () => {
    const pool = new CapturePool({ size: 2 });
    try {
      const hang = { bytes: Buffer.from('cuttings-test:hang'), name: 'h.html', mediaType: null, sourceUrl: null };
      const stops = [new AbortController(), new AbortController()];
      const runs = stops.map((c) => pool.extract({ ...hang, bytes: Buffer.from(hang.bytes) }, c.signal).catch((e: unknown) => e));
      await vi.waitFor(() => expect(pool.running).toBe(2), { timeout: 30_000, interval: 100 });
      stops[0]!.abort();
      expect(await runs[0]).toBeInstanceOf(ExtractionCancelled);
      expect(pool.running).toBe(1);
      stops[1]!.abort();
      expect(await runs[1]).toBeInstanceOf(ExtractionCancelled);
    } finally {
      await pool.close();
    }
  });

  it('starts a worker before the first capture when asked (prestart), once, and extracts with it', async () => {
    const pool = new CapturePool();
    try {
      pool.prestart();
      expect(pool.started).toBe(1);
      pool.prestart();
      expect(pool.started).toBe(1);
      const r = await pool.extract({ bytes: Buffer.from('A plain text capture, with a sentence long enough to be its body.'), name: 'c.txt', mediaType: null, sourceUrl: null });
      expect(r.prepared.kind).toBe('text');
      expect(pool.started).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('has a worker per core besides the main thread in the shared pool (at least one)', () => {
    expect([1, 2, 4, 8].map(sharedPoolSize)).toEqual([1, 1, 3, 7]);
    expect(sharedCapturePool().size).toBe(Math.min(sharedPoolSize(availableParallelism()), availableParallelism()));
  });

  it('extracts a large capture alone: it waits for the captures being extracted, and the next ones wait for it', async () => {
    const pool = new CapturePool({ size: 2 });
    try {
      const hang = (padding: number) => ({ bytes: Buffer.concat([Buffer.from('cuttings-test:hang '), Buffer.alloc(padding, 0x20)]), name: 'h.html', mediaType: null, sourceUrl: null });
      const small = new AbortController();
      const large = new AbortController();
      const first = pool.extract(hang(10), small.signal).catch((e: unknown) => e);
      await vi.waitFor(() => expect(pool.running).toBe(1), { timeout: 30_000, interval: 50 });
      // Queued behind the small one: no second worker starts for it.
      const big = pool.extract(hang(ALONE_FROM_BYTES), large.signal).catch((e: unknown) => e);
      expect(pool.started).toBe(1);
      small.abort();
      expect(await first).toBeInstanceOf(ExtractionCancelled);
      await vi.waitFor(() => expect(pool.running).toBe(1), { timeout: 30_000, interval: 50 });
      // The large one runs in a new worker (the cancelled one's was ended); a small capture waits for it.
      expect(pool.started).toBe(2);
      const next = pool.extract({ bytes: Buffer.from('A plain paragraph of text, long enough to be the body of a short article.'), name: 'next.txt', mediaType: null, sourceUrl: null });
      expect(pool.started).toBe(2);
      large.abort();
      expect(await big).toBeInstanceOf(ExtractionCancelled);
      expect((await next).prepared.kind).toBe('text');
    } finally {
      await pool.close();
    }
  });

  it('extracts a gzip-compressed capture or a PDF alone, however small', async () => {
    const pool = new CapturePool({ size: 2 });
    try {
      const stop = new AbortController();
      const hang = pool.extract({ bytes: Buffer.from('cuttings-test:hang'), name: 'h.html', mediaType: null, sourceUrl: null }, stop.signal).catch((e: unknown) => e);
      await vi.waitFor(() => expect(pool.running).toBe(1), { timeout: 30_000, interval: 50 });
      const text = 'A plain paragraph of text, long enough to be the body of a short article.';
      const gz = pool.extract({ bytes: gzipSync(Buffer.from(text)), name: 'a.txt.gz', mediaType: null, sourceUrl: null });
      const pdf = pool.extract({ bytes: Buffer.from('%PDF-1.4\n%%EOF\n'), name: 'b.pdf', mediaType: null, sourceUrl: null }).catch((e: unknown) => e);
      expect(pool.started).toBe(1); // neither starts a second worker beside the running capture
      stop.abort();
      expect(await hang).toBeInstanceOf(ExtractionCancelled);
      expect((await gz).prepared.kind).toBe('text');
      await pdf;
      expect(pool.started).toBe(2); // one worker for the two, one after the other
    } finally {
      await pool.close();
    }
  });

  it('sends only the bytes of a capture between threads: a capture given as a view into a larger buffer comes back, and its packed forms too, over buffers of their own size', async () => {
    const sentences = 'The council met on Tuesday and agreed the budget for the coming year after a long debate. ';
    // A text capture (packed against its text, certainly smaller: not gzipped on its own) and a
    // page whose style sheet is not in its text (gzipped too, the smaller form not known ahead).
    const rules = Array.from({ length: 120 }, (_, i) => `.c${(i * 7919) % 1000} { margin: ${(i * 37) % 97}px ${(i * 13) % 41}px; color: #${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(0, 6)}; }`);
    const captures = [
      { name: 'view.txt', content: `A headline\n\nBy A. Reporter\n\n${sentences.repeat(30)}`, alone: null },
      { name: 'view.html', content: `<!doctype html><html><head><title>A headline</title><style>${rules.join('\n')}</style></head><body><article><h1>A headline</h1><p>${sentences.repeat(5)}</p></article></body></html>`, alone: 'gzip' },
    ];
    const pool = new CapturePool();
    try {
      for (const c of captures) {
        const whole = Buffer.alloc(1 << 20);
        const at = whole.write(c.content, 4096, 'utf8');
        const bytes = whole.subarray(4096, 4096 + at);
        const r = await pool.extract({ bytes, name: c.name, mediaType: null, sourceUrl: null });
        expect(Buffer.from(r.bytes).toString('utf8')).toBe(c.content);
        expect(r.bytes.buffer.byteLength).toBe(r.bytes.byteLength);
        expect(r.packing.alone?.encoding ?? null, c.name).toBe(c.alone);
        if (r.packing.alone) expect(r.packing.alone.stored.buffer.byteLength).toBe(r.packing.alone.stored.byteLength);
        expect(r.packing.packed).not.toBeNull();
        expect(r.packing.packed!.buffer.byteLength).toBe(r.packing.packed!.byteLength);
      }
    } finally {
      await pool.close();
    }
  });
});
