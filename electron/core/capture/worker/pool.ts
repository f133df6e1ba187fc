/**
 * Extraction off the calling thread: `extractCapture` runs in worker threads, each with a
 * heap limit and a deadline per capture, so a hostile or pathological capture can neither
 * freeze the caller (the Electron main process, the server, the CLI) nor take it down,
 * and an import can be cancelled in the middle of a capture.
 *
 * The pool is started lazily (no thread until the first capture), holds `size` workers
 * fed from one queue (several captures can be extracted at once while one writer stores
 * the results), hands each worker the next captures before it has answered (QUEUED_MAX:
 * a worker never waits for the calling thread, which may be busy storing a batch),
 * reuses a worker across captures, and lets idle workers go: an idle worker
 * never keeps the process alive and is terminated after IDLE_MS. A worker that ran past
 * the deadline, ran out of memory, crashed or whose capture was cancelled is terminated
 * and replaced by a fresh one on the next capture.
 *
 * The worker script: the TypeScript source (`entry.ts`, loaded through `dev-entry.mjs`,
 * which registers tsx) when this module runs from source (tests, tsx), else the bundle
 * next to the running bundle: `capture-worker.mjs` beside dist/cli.mjs, `capture-worker.cjs`
 * beside dist/main.cjs (build/build.mjs emits both).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CaptureError } from '../types.ts';
import type { CaptureSource, PreparedCapture } from '../index.ts';
import type { TextFingerprints } from '../minhash.ts';
import type { CapturePacking } from '../../../../db/captures.ts';
import type { WorkerReply, WorkerRequest } from './entry.ts';

/**
 * The limits of one extraction: THE place they are set (the README points here).
 *
 * Memory: the whole process (main thread + one worker) must stay within 512 MB resident.
 * The main thread of the CLI or server sits at ~100 MB and needs ~130 MB more of its own
 * heap while it stores a 4.5 MB page (full text, index, near-duplicate shingles); the
 * capture's bytes are external memory outside any heap limit (at most MAX_CAPTURE_BYTES,
 * and as much again decompressed). A worker costs ~30 MB of heap once it has loaded the
 * extractors; extracting that 4.5 MB page takes its heap to ~150 MB. So a worker's heap
 * may grow to 224 MB old generation + 32 MB young generation: readable pages fit well
 * within it, and a capture that needs more is refused with a message naming it while the
 * process lives on (the whole process then peaks near 450 MB).
 * A worker whose heap grew past RECYCLE_HEAP_MB on a large capture (RECYCLE_TEXT_CHARS of
 * text or more) is replaced after it
 * (V8 keeps a grown heap): otherwise it would hold that memory while the main thread
 * stores the same large clipping, and the two peaks would add up (measured: 547 MB
 * resident for the 4.5 MB page without this, 334 MB with it, 378 MB with extraction on
 * the main thread as before workers).
 * Stack: V8's default (4 MB) bounds recursion; overflowing it is an ordinary error.
 * Time: DEADLINE_MS per capture, measured from the moment a worker takes it.
 */
export const WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 224, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };
/** A worker holding more heap than this after a capture is replaced (see above). */
export const RECYCLE_HEAP_MB = 96;
/** …and only after a capture whose text is longer than this (what the main thread then stores and indexes). */
export const RECYCLE_TEXT_CHARS = 256 * 1024;
/** Longest extraction of one capture; the slowest real captures (long PDFs) take a few seconds. */
export const DEADLINE_MS = 30_000;
/**
 * A capture larger than this is extracted alone: it starts once no other worker is busy,
 * and no other starts until it is done, so the memory bound above (the main thread and ONE
 * extracting worker) holds for large captures while small ones (text captures, most pages)
 * are extracted several at once. So is any gzip-compressed capture or PDF, whatever its
 * size (what they need is not told by their bytes).
 */
export const ALONE_FROM_BYTES = 2 ** 20;
/** An idle worker is terminated after this long (a new one starts with the next capture). */
const IDLE_MS = 60_000;
/**
 * Captures handed to a worker behind the one it is extracting, which it takes in turn as
 * soon as it has answered the one before: what the calling thread hands over only when it
 * is free (a bulk import's writer storing a batch for a few hundred ms) keeps the worker
 * busy meanwhile. At most QUEUED_MAX captures and QUEUED_BYTES of their bytes per worker,
 * each sent as a copy: the pool keeps its bytes until it is answered, to hand it to a fresh
 * worker should this one be replaced first (a deadline, a crash, a cancelled capture ahead
 * of it). Never a capture extracted alone (ALONE_FROM_BYTES), nor behind one.
 */
export const QUEUED_MAX = 256;
export const QUEUED_BYTES = 8 * 2 ** 20;

export interface CapturePoolOptions {
  /** Workers extracting at once (default 1; at most the cores), captures above ALONE_FROM_BYTES one at a time. */
  size?: number;
  /** Per-capture deadline in ms (default DEADLINE_MS). */
  deadlineMs?: number;
  resourceLimits?: ResourceLimits;
  /** A worker with more heap than this after a capture is replaced (default RECYCLE_HEAP_MB). */
  recycleHeapMb?: number;
  /** …after a capture with more text than this (default RECYCLE_TEXT_CHARS). */
  recycleTextChars?: number;
}

/** Thrown by `extract` when its signal aborted it: the capture was not extracted. */
export class ExtractionCancelled extends Error {
  override name = 'ExtractionCancelled';
  constructor() {
    super('cancelled');
  }
}

/** What `extract` gives back: the extraction and the capture's bytes (handed to the worker and back, not copied). */
export interface WorkerExtraction {
  prepared: PreparedCapture;
  bytes: Uint8Array;
  /** Of the extracted text (paragraphs joined by blank lines), computed in the worker. */
  fingerprints: TextFingerprints;
  /** How its bytes would be stored (db/captures.ts), computed in the worker. */
  packing: CapturePacking;
}

interface Job {
  src: CaptureSource;
  /** Extracted alone (ALONE_FROM_BYTES); known before the bytes move to the worker. */
  alone: boolean;
  signal: AbortSignal | undefined;
  resolve: (r: WorkerExtraction) => void;
  reject: (err: Error) => void;
  onAbort?: () => void;
  /** Bytes of the copy sent to a worker while it waits there (QUEUED_BYTES), else 0. */
  queuedBytes: number;
  /** Cancelled while waiting in a worker: settled already, the worker's answer is dropped. */
  dropped: boolean;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded the extractors (the deadline counts extraction, not start-up). */
  ready: boolean;
  /** The captures handed to it, in order: the first is being extracted, the others wait in the worker (QUEUED_MAX). */
  jobs: Job[];
  /** Bytes of the ones waiting (QUEUED_BYTES). */
  queuedBytes: number;
  timer: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
}

let shared: CapturePool | null = null;

/**
 * The process's pool, for archives opened without their own capture options: the app,
 * the server and the CLI open one archive at a time, and tests open many, which then
 * share warm workers instead of starting one each (a worker loads every extractor).
 */
export function sharedCapturePool(): CapturePool {
  return (shared ??= new CapturePool({ size: sharedPoolSize(availableParallelism()) }));
}

/**
 * Workers of the shared pool on a machine of `cores`: one per core besides the main thread,
 * which stores what they extract (a bulk import's writer needs more CPU per text capture
 * than its extraction: tests/bench/import-parts.ts). On two cores that is one worker: a
 * second one was measured to add CPU (each worker compiles and warms up the extractors
 * anew) and no speed, the writer being the slower side.
 */
export function sharedPoolSize(cores: number): number {
  return Math.max(1, cores - 1);
}

export class CapturePool {
  readonly size: number;
  readonly deadlineMs: number;
  readonly resourceLimits: ResourceLimits;
  readonly recycleHeapMb: number;
  readonly recycleTextChars: number;
  /** Workers started so far (a worker serves many captures; a replaced one counts again). */
  started = 0;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(opts: CapturePoolOptions = {}) {
    this.size = Math.max(1, Math.min(opts.size ?? 1, availableParallelism()));
    this.deadlineMs = opts.deadlineMs ?? DEADLINE_MS;
    this.resourceLimits = opts.resourceLimits ?? WORKER_LIMITS;
    this.recycleHeapMb = opts.recycleHeapMb ?? RECYCLE_HEAP_MB;
    this.recycleTextChars = opts.recycleTextChars ?? RECYCLE_TEXT_CHARS;
  }

  /** Captures being extracted right now. */
  get running(): number {
    return [...this.slots].filter((s) => s.jobs.length > 0).length;
  }

  /** Captures handed to workers: being extracted, or waiting in a worker for their turn (QUEUED_MAX). */
  get handed(): number {
    let n = 0;
    for (const s of this.slots) n += s.jobs.filter((j) => !j.dropped).length;
    return n;
  }

  /**
   * Extracts one capture in a worker. Rejects with CaptureError for what is wrong with the
   * input (including the deadline and the memory limit), ExtractionCancelled when `signal`
   * aborts first, and a plain Error for a failure of the extractor itself.
   * The bytes may be moved to the worker when they own their whole buffer (then `src.bytes`
   * is unusable until the promise settles; a capture queued behind another goes as a copy):
   * use the returned `bytes`.
   */
  extract(src: CaptureSource, signal?: AbortSignal): Promise<WorkerExtraction> {
    if (this.closed) return Promise.reject(new Error('the capture pool is closed'));
    if (signal?.aborted) return Promise.reject(new ExtractionCancelled());
    return new Promise((resolve, reject) => {
      const job: Job = { src, alone: extractedAlone(src.bytes), signal, resolve, reject, queuedBytes: 0, dropped: false };
      if (signal) {
        job.onAbort = () => this.cancel(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Starts a worker now, before the first capture, unless one is running: a worker takes a
   * few hundred ms to load the extractors, which a caller about to import can overlap with
   * its own start (the CLI opening the archive). Until the first capture it waits as any
   * idle worker (unreferenced: it keeps no process alive; gone after IDLE_MS).
   */
  prestart(): void {
    if (!this.closed && this.slots.size === 0) this.spawn();
  }

  /** Terminates every worker; captures in flight or queued are cancelled. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new ExtractionCancelled());
    await Promise.all([...this.slots].map((s) => this.retire(s, new ExtractionCancelled())));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      // A large capture is extracted alone (ALONE_FROM_BYTES): it waits for the others, and they for it.
      const busy = [...this.slots].filter((s) => s.jobs.length > 0);
      if (busy.some((s) => s.jobs[0]!.alone) || (busy.length > 0 && next.alone)) return;
      const free = [...this.slots].find((s) => s.ready && s.jobs.length === 0);
      if (free) {
        this.hand(free, this.queue.shift()!);
        continue;
      }
      // A worker that is still starting takes the next job when it reports ready.
      if (this.slots.size < this.size && ![...this.slots].some((s) => !s.ready)) this.spawn();
      if (this.slots.size < this.size || [...this.slots].some((s) => !s.ready)) return;
      // Every worker is busy: the next waits in the one with the fewest (QUEUED_MAX).
      const size = next.src.bytes.byteLength;
      const room = busy.filter((s) => s.jobs.length <= QUEUED_MAX && s.queuedBytes + size <= QUEUED_BYTES);
      if (room.length === 0) return;
      this.hand(room.reduce((a, b) => (b.jobs.length < a.jobs.length ? b : a)), this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    // No execArgv of the parent's (e.g. `--import tsx`): the script loads what it needs.
    const worker = new Worker(workerScript(), { resourceLimits: this.resourceLimits, execArgv: [] });
    const slot: Slot = { worker, ready: false, jobs: [], queuedBytes: 0, timer: null, idle: null };
    this.started++;
    this.slots.add(slot);
    worker.on('message', (reply: WorkerReply | 'ready') => {
      if (reply !== 'ready') return this.finish(slot, reply);
      slot.ready = true;
      this.pump();
      if (slot.jobs.length === 0) this.rest(slot);
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const mb = (this.resourceLimits.maxOldGenerationSizeMb ?? 0) + (this.resourceLimits.maxYoungGenerationSizeMb ?? 0);
      void this.retire(slot, oom ? new CaptureError(`needs more memory than an extraction may use (${mb} MB)`) : new Error(`worker crashed: ${err.message}`));
    });
    worker.on('exit', () => void this.retire(slot, new Error('worker exited')));
    return slot;
  }

  /** Sends a capture to a worker: to extract at once when it is idle, else to wait there for its turn. */
  private hand(slot: Slot, job: Job): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    slot.worker.ref();
    slot.jobs.push(job);
    if (slot.jobs.length > 1) {
      // A copy of its own bytes only, moved: the pool keeps the capture's (QUEUED_MAX).
      const copy = new Uint8Array(job.src.bytes);
      job.queuedBytes = copy.byteLength;
      slot.queuedBytes += copy.byteLength;
      slot.worker.postMessage({ src: { ...job.src, bytes: copy } } satisfies WorkerRequest, [copy.buffer]);
      return;
    }
    // The bytes move, not copied, when they own their buffer (then `src.bytes` is detached);
    // a view into a larger buffer is copied first, its own bytes only.
    const bytes = owned(job.src.bytes);
    slot.worker.postMessage({ src: { ...job.src, bytes } } satisfies WorkerRequest, movable([bytes]));
    this.startClock(slot);
  }

  /** The deadline of the capture the worker is extracting, counted from when this thread knows it started. */
  private startClock(slot: Slot): void {
    slot.timer = setTimeout(() => {
      void this.retire(slot, new CaptureError(`extraction took longer than ${seconds(this.deadlineMs)}`));
    }, this.deadlineMs);
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    const job = slot.jobs.shift();
    if (!job) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    // The next one waiting in the worker is being extracted now.
    const head = slot.jobs[0];
    if (head) {
      slot.queuedBytes -= head.queuedBytes;
      head.queuedBytes = 0;
      this.startClock(slot);
    }
    if (job.dropped) {
      // cancelled while it waited: settled already
    } else if (reply.ok) {
      const resources = reply.prepared.resources.map((r) => ({ ...r, bytes: asBuffer(r.bytes) }));
      const { alone, packed, storedText } = reply.packing;
      const packing = { text: reply.packing.text, alone: alone && { ...alone, stored: asBuffer(alone.stored) }, packed: packed && asBuffer(packed), storedText: { ...storedText, text_z: asBuffer(storedText.text_z) } };
      this.settle(job, null, { prepared: { ...reply.prepared, resources }, bytes: asBuffer(reply.bytes), fingerprints: reply.fingerprints, packing });
    } else this.settle(job, reply.capture ? new CaptureError(reply.message) : new Error(reply.message));
    // Only before storing a large clipping: after a small one (or a refusal) the main
    // thread's peak is small, and a worker that merely loaded the PDF reader is kept
    // (replacing it after every PDF cost a second of start-up per capture).
    if (reply.ok && reply.heapMb > this.recycleHeapMb && textChars(reply.prepared) > this.recycleTextChars) return void this.retire(slot, null);
    this.pump();
    if (slot.jobs.length === 0) this.rest(slot);
  }

  /** An idle worker: it does not keep the process alive, and ends after IDLE_MS. */
  private rest(slot: Slot): void {
    slot.worker.unref();
    slot.idle = setTimeout(() => void this.retire(slot, null), IDLE_MS).unref();
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, new ExtractionCancelled());
      return;
    }
    const slot = [...this.slots].find((s) => s.jobs.includes(job));
    if (!slot) return;
    if (slot.jobs[0] === job) return void this.retire(slot, new ExtractionCancelled());
    // Waiting in the worker: answered now; the worker's answer, in its turn, is dropped.
    job.dropped = true;
    this.settle(job, new ExtractionCancelled());
  }

  /** Ends a worker (its capture, if any, fails with `err`); a later capture starts a new one. */
  private async retire(slot: Slot, err: Error | null): Promise<void> {
    if (!this.slots.delete(slot)) return;
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idle) clearTimeout(slot.idle);
    const [job, ...behind] = slot.jobs;
    slot.jobs = [];
    // The capture being extracted fails with `err`; a worker let go without one (idle, or
    // recycled after a large capture) fails none.
    if (job && err && !job.dropped) this.settle(job, err);
    // The others go first to another worker (the pool kept their bytes); none once the pool is closed.
    const again = (job && !err ? [job, ...behind] : behind).filter((j) => !j.dropped);
    for (const j of again) j.queuedBytes = 0;
    if (this.closed) for (const j of again) this.settle(j, new ExtractionCancelled());
    else this.queue.unshift(...again);
    // A worker that could not even start fails what waits for it (rather than respawn forever).
    if (!slot.ready) for (const waiting of this.queue.splice(0)) this.settle(waiting, err ?? new ExtractionCancelled());
    await slot.worker.terminate();
    if (!this.closed) this.pump();
  }

  private settle(job: Job, err: Error | null, result?: WorkerExtraction): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (err) job.reject(err);
    else job.resolve(result!);
  }
}

/** Where the worker's code is, and how to load it (see the header). */
function workerScript(): string {
  const here = import.meta.url;
  // A path, not a URL: Electron's asar support hooks file paths.
  if (here.endsWith('.ts')) return fileURLToPath(new URL('./dev-entry.mjs', here));
  const name = `capture-worker${here.endsWith('.cjs') ? '.cjs' : '.mjs'}`;
  // Beside the bundle (dist/main.cjs, dist/cli.mjs), or one level up when this code sits
  // in one of the split CLI's chunks (dist/cli-chunks/).
  const beside = fileURLToPath(new URL(`./${name}`, here));
  return existsSync(beside) ? beside : fileURLToPath(new URL(`../${name}`, here));
}

/**
 * `v` over a buffer of its own: `v` itself when it is one, else a copy of its bytes. A view
 * into a larger buffer (a slice of Node's Buffer pool, of a read buffer, of zlib's output
 * chunk) cannot be moved to another thread, and structured clone copies its whole buffer.
 */
export function owned(v: Uint8Array): Uint8Array {
  return v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? v : new Uint8Array(v);
}

/** The buffers of `views` that can be moved to another thread: owned whole by one view, each once. */
export function movable(views: Uint8Array[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of views) {
    const b = v.buffer;
    if (b instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === b.byteLength && !out.includes(b)) out.push(b);
  }
  return out;
}

/** A Buffer over the same memory (better-sqlite3 binds Buffers; no copy). */
function asBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** Whether a capture is extracted alone (ALONE_FROM_BYTES): large, gzip-compressed or a PDF. */
function extractedAlone(bytes: Uint8Array): boolean {
  if (bytes.byteLength > ALONE_FROM_BYTES || (bytes[0] === 0x1f && bytes[1] === 0x8b)) return true;
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).includes('%PDF-');
}

/** Characters of text a capture's clipping holds. */
function textChars(p: PreparedCapture): number {
  let n = 0;
  for (const para of p.extracted.paragraphs) n += para.length;
  return n;
}
