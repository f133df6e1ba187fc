/**
 * Reads off the writer's thread: the methods in READ_METHODS are answered by a few worker
 * threads, each with its own read-only connection to the archive (WAL: readers never wait
 * for the writer, nor the writer for them), so a click's `clippings.get` waits for no write
 * and, while an interactive reader is free, for no search, and a search never holds up the
 * thread that writes (the server's event loop, the Electron main process). Every write stays on the one writer (the
 * Archive's own connection, on the calling thread).
 *
 * Reading your writes: a write is answered once committed, and a reader starts a new read
 * transaction for each call, so a call sent after a write's answer sees it (the instant
 * index in a reader catches up through PRAGMA data_version, db/instant/sync.ts).
 *
 * Lanes: a call is interactive (someone waits: a search's first hits, suggestions, a
 * clipping) or background (the rest of a search that was already answered in part: the
 * whole page with its facets, the chart; see server.ts `searchInParts`). With two workers
 * or more, the last one runs the background calls, one at a time, and nothing else; the
 * others take the interactive calls. So a search's remaining steps never hold up what
 * someone waits for, and the background worker never loads the instant-search index
 * (suggestions and close matches, which only a search with few hits looks for: the door
 * sends such a search's rest as interactive): each index costs a reader ~140 MB and seconds
 * of loading at 100k clippings.
 *
 * A call whose signal aborts while queued is dropped. A background call already running
 * when its signal aborts (the page searched again) ends with its worker, which is replaced
 * (the SQLite statement in progress runs to its end first: it cannot be interrupted from
 * here); an interactive one finishes and its answer is discarded (its worker may hold an
 * instant index that is costly to load again).
 *
 * A worker that crashes fails the call it was running (an `internal` error naming the
 * crash, also passed to `onCrash`) and is replaced; `close()` terminates every worker.
 *
 * The worker script: as for the capture pool (capture/worker/pool.ts), the TypeScript
 * source through `dev-entry.mjs` when running from source, else `read-worker.mjs` /
 * `read-worker.cjs` beside the bundle (build/build.mjs).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MethodName } from '../../contract/methods.ts';
import type { Envelope } from '../../contract/errors.ts';
import type { ReaderReply, ReaderRequest, ReaderSetup } from './entry.ts';

/**
 * What the readers answer: reads that need neither the writer, nor the door's grants
 * (no file), nor state held by the calling process (import jobs, pairing, grants).
 */
export const READ_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'search.query',
  'search.histogram',
  'search.suggest',
  'search.saved',
  'clippings.get',
  'clippings.list',
  'clippings.versions',
  'clippings.versionText',
  'outlets.list',
  'tags.list',
  'annotations.list',
  'trash.list',
  'archive.stats',
  'images.get',
]);

/** Workers by default: two for calls someone waits for, one for the background lane. */
export const READERS = 3;

export interface ReadPoolOptions {
  /** The archive file (opened read-only by each worker; never ':memory:'). */
  file: string;
  size?: number;
  /** better-sqlite3's addon for the Electron ABI (db/open.ts). */
  nativeBinding?: string | undefined;
  /** Told when a worker crashed (it is replaced; the call it ran failed with the same message). */
  onCrash?: (message: string) => void;
}

export interface ReadOptions {
  /** The rest of something already answered: in the background lane, one at a time. */
  background?: boolean;
  /** The caller has gone: a call still queued is dropped (rejects with ReadCancelled). */
  signal?: AbortSignal | undefined;
}

/** A read dropped because its caller's signal aborted before a worker took it. */
export class ReadCancelled extends Error {
  override name = 'ReadCancelled';
  constructor() {
    super('cancelled');
  }
}

interface Job {
  request: ReaderRequest;
  background: boolean;
  signal: AbortSignal | undefined;
  onAbort?: () => void;
  resolve: (e: Envelope) => void;
  reject: (err: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  job: Job | null;
}

export class ReadPool {
  readonly size: number;
  /** Workers started so far (a replaced one counts again). */
  started = 0;
  /** Workers that crashed (and were replaced). */
  crashes = 0;
  /** Workers replaced because the background call they ran was no longer wanted. */
  superseded = 0;
  private readonly slots: (Slot | null)[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Why a worker could not start, if one could not. */
  private failedToStart: string | null = null;
  /** Each thread started and not yet exited: settles when it exits. */
  private readonly threads = new Set<Promise<void>>();

  constructor(private readonly options: ReadPoolOptions) {
    this.size = Math.max(1, options.size ?? READERS);
    this.slots = Array.from({ length: this.size }, () => null);
    // Started at once: the first search should not wait for a worker to load.
    for (let i = 0; i < this.size; i++) this.spawn(i);
  }

  /** Workers running now. */
  get alive(): number {
    return this.slots.filter((s) => s !== null).length;
  }

  /** Calls being answered right now. */
  get running(): number {
    return this.slots.filter((s) => s?.job).length;
  }

  /** False once a worker could not even start (the archive then reads on its own connection). */
  get usable(): boolean {
    return !this.closed && this.failedToStart === null;
  }

  /** Calls a read method in a worker; the envelope it answered (validation included). */
  call(method: MethodName, args: unknown, opts: ReadOptions = {}): Promise<Envelope> {
    if (this.closed) return Promise.reject(new Error('the readers are closed'));
    if (this.failedToStart) return Promise.reject(new Error(this.failedToStart));
    if (opts.signal?.aborted) return Promise.reject(new ReadCancelled());
    return new Promise((resolve, reject) => {
      const job: Job = { request: { id: this.nextId++, method, args }, background: opts.background === true, signal: opts.signal, resolve, reject };
      if (opts.signal) {
        job.onAbort = () => {
          const at = this.queue.indexOf(job);
          if (at >= 0) {
            this.queue.splice(at, 1);
            return this.settle(job, new ReadCancelled());
          }
          // Running in the background lane: its worker is replaced, so the next search does
          // not share the processor with it. An interactive call finishes; its answer goes nowhere.
          const slot = this.slots.find((s) => s?.job === job);
          if (slot && job.background) {
            this.superseded++;
            void this.retire(slot, new ReadCancelled());
            this.spawn(slot.index);
          }
        };
        opts.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Terminates every worker; calls queued or running fail. Resolves once every thread has exited. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      for (const job of this.queue.splice(0)) this.settle(job, new Error('the readers are closed'));
      for (const slot of this.slots) if (slot) void this.retire(slot, new Error('the readers are closed'));
    }
    await Promise.all(this.threads);
  }

  /** Gives queued calls to free workers: background ones to the last worker only, interactive ones to the others (one worker: all to it, interactive first). */
  private pump(): void {
    for (const slot of this.slots) {
      if (!slot || !slot.ready || slot.job) continue;
      const background = this.queue.findIndex((j) => j.background);
      const interactive = this.queue.findIndex((j) => !j.background);
      const i = this.size === 1 ? (interactive >= 0 ? interactive : background) : slot.index === this.size - 1 ? background : interactive;
      if (i < 0) continue;
      const [job] = this.queue.splice(i, 1);
      slot.job = job!;
      // A worker with a call keeps the process alive; an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage(job!.request);
    }
  }

  private spawn(index: number): void {
    const setup: ReaderSetup = { file: this.options.file, nativeBinding: this.options.nativeBinding };
    // No execArgv of the parent's (e.g. `--import tsx`): the script loads what it needs.
    const worker = new Worker(workerScript(), { workerData: setup, execArgv: [] });
    worker.unref();
    const slot: Slot = { index, worker, ready: false, job: null };
    this.slots[index] = slot;
    this.started++;
    const exited: Promise<void> = new Promise((r) => worker.once('exit', () => r()));
    this.threads.add(exited);
    void exited.then(() => this.threads.delete(exited));
    worker.on('message', (reply: ReaderReply | 'ready') => {
      if (reply === 'ready') {
        slot.ready = true;
        return this.pump();
      }
      const job = slot.job;
      slot.job = null;
      slot.worker.unref();
      if (job && job.request.id === reply.id) this.settle(job, null, reply.envelope);
      this.pump();
    });
    worker.on('error', (err: Error) => void this.crashed(slot, `a reader crashed: ${err.message}`));
    worker.on('exit', (code) => void this.crashed(slot, `a reader exited (code ${code})`));
  }

  private crashed(slot: Slot, message: string): void {
    if (this.closed || this.slots[slot.index] !== slot) return;
    this.crashes++;
    this.options.onCrash?.(message);
    void this.retire(slot, new Error(message));
    // Replaced at once; a worker that could not even start fails what waits, rather than respawn forever.
    if (slot.ready) this.spawn(slot.index);
    else {
      this.failedToStart = message;
      for (const job of this.queue.splice(0)) this.settle(job, new Error(message));
    }
  }

  private async retire(slot: Slot, err: Error): Promise<void> {
    if (this.slots[slot.index] === slot) this.slots[slot.index] = null;
    const job = slot.job;
    slot.job = null;
    if (job) this.settle(job, err);
    await slot.worker.terminate();
  }

  private settle(job: Job, err: Error | null, envelope?: Envelope): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (err) job.reject(err);
    else job.resolve(envelope!);
  }
}

/** Where the worker's code is (see the header). */
function workerScript(): string {
  const here = import.meta.url;
  // A path, not a URL: Electron's asar support hooks file paths.
  if (here.endsWith('.ts')) return fileURLToPath(new URL('./dev-entry.mjs', here));
  const name = `read-worker${here.endsWith('.cjs') ? '.cjs' : '.mjs'}`;
  // Beside the bundle (dist/main.cjs, dist/cli.mjs), or one level up from a CLI chunk (dist/cli-chunks/).
  const beside = fileURLToPath(new URL(`./${name}`, here));
  return existsSync(beside) ? beside : fileURLToPath(new URL(`../${name}`, here));
}
