/**
 * The background warm-up of the ranking lists of broad words and prefixes of 1–3 letters
 * (db/query/topk.ts, `SearchRepo.warmBroadWords`; issue 13):
 * the app's main process and `cuttings serve` read them ahead into the archive
 * (`rank_lists`), where every reader finds them, so that no search of a broad word or prefix pays
 * the pass of bm25 over every match that reading one costs (hundreds of ms at 100k); then the
 * facet counts of the broad words (db/query/facet-counts.ts), which a search with facets
 * would otherwise count over every match.
 *
 * It runs in a worker thread with a connection of its own, never on the thread that
 * writes nor in a reader: in WAL, its reads (one short read transaction a list) never
 * hold up a writer, and it stores each list in a write transaction of one row, only when
 * the write lock is free at once. It starts once the archive has been open and free of
 * writes for `quietMs`, and again that long after the last write (an import changes many
 * clippings: their lists go out of date and are read again); a write that begins stops a
 * warm-up in progress at its next list, so an import never shares the processor with it.
 * Lists still in date are passed over.
 *
 * The worker script: as for the readers (readers/pool.ts), the TypeScript source through
 * `warmup-dev-entry.mjs` when running from source, else `rank-worker.mjs` / `rank-worker.cjs`
 * beside the bundle (build/build.mjs).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RankListOptions } from '../../../db/query/topk.ts';
import type { WarmupReply, WarmupSetup } from './warmup-worker.ts';

/** How long `close` waits for the worker to end by itself (one list's read) before terminating it. */
const CLOSE_WAIT_MS = 10_000;

/** A warm-up starts once writes have been quiet this long. */
export const WARMUP_QUIET_MS = 5000;

export interface RankWarmupOptions {
  quietMs?: number;
  /** Told when a warm-up ends (tests, logs). */
  onDone?: (reply: WarmupReply) => void;
  /** How broad a word must be, how long lists are (small ones in tests). */
  rankLists?: Partial<RankListOptions>;
}

export class RankWarmup {
  private worker: Worker | null = null;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  /** Write calls in progress. */
  private writing = 0;
  /** A start asked for while the worker was busy or starting. */
  private pending = false;
  private closed = false;
  private readonly stop = new Int32Array(new SharedArrayBuffer(4));
  private readonly quietMs: number;

  constructor(
    private readonly file: string,
    private readonly nativeBinding: string | undefined,
    private readonly options: RankWarmupOptions = {},
  ) {
    this.quietMs = options.quietMs ?? WARMUP_QUIET_MS;
    this.schedule();
  }

  /** A write begins: a warm-up in progress stops at its next list, and none starts until writes are quiet. */
  writeStarted(): void {
    this.writing++;
    Atomics.store(this.stop, 0, 1);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A write ended (committed or not): a warm-up once writes have been quiet for `quietMs`. */
  writeEnded(): void {
    this.writing = Math.max(0, this.writing - 1);
    this.schedule();
  }

  /**
   * Stops the warm-up; resolves once its thread has exited. The worker is asked to close
   * its connection and end (after the list it is reading, if any) rather than terminated
   * in the middle of a SQLite statement; terminated only if it has not ended in CLOSE_WAIT_MS.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    Atomics.store(this.stop, 0, 1);
    const worker = this.worker;
    this.worker = null;
    if (!worker) return (this.closing = Promise.resolve());
    const exited = new Promise<void>((r) => worker.once('exit', () => r()));
    worker.postMessage('close');
    const late = setTimeout(() => void worker.terminate(), CLOSE_WAIT_MS);
    late.unref();
    return (this.closing = exited.then(() => clearTimeout(late)));
  }

  private closing: Promise<void> | null = null;

  private schedule(): void {
    if (this.closed || this.writing > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), this.quietMs);
    this.timer.unref();
  }

  private start(): void {
    this.timer = null;
    if (this.closed || this.writing > 0) return;
    // One at a time: the one running was told to stop and, once it has, this one starts.
    if (this.running) return void (this.pending = true);
    if (!this.worker) return this.spawn();
    if (!this.ready) return void (this.pending = true);
    Atomics.store(this.stop, 0, 0);
    this.running = true;
    this.worker.ref();
    this.worker.postMessage('warm');
  }

  private spawn(): void {
    const setup: WarmupSetup = { file: this.file, nativeBinding: this.nativeBinding, stop: this.stop.buffer as SharedArrayBuffer, ...(this.options.rankLists ? { rankLists: this.options.rankLists } : {}) };
    const worker = new Worker(workerScript(), { workerData: setup, execArgv: [] });
    worker.unref();
    this.worker = worker;
    this.ready = false;
    this.pending = true;
    worker.on('message', (reply: WarmupReply | 'ready') => {
      if (reply === 'ready') this.ready = true;
      else {
        this.running = false;
        worker.unref();
        this.options.onDone?.(reply);
      }
      if (this.pending) {
        this.pending = false;
        this.start();
      }
    });
    // Derived data: a warm-up that fails costs only speed. The next write brings a new worker.
    worker.on('error', () => this.lost(worker));
    worker.on('exit', () => this.lost(worker));
  }

  private lost(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.running = false;
  }
}

function workerScript(): string {
  const here = import.meta.url;
  // A path, not a URL: Electron's asar support hooks file paths.
  if (here.endsWith('.ts')) return fileURLToPath(new URL('./warmup-dev-entry.mjs', here));
  const name = `rank-worker${here.endsWith('.cjs') ? '.cjs' : '.mjs'}`;
  // Beside the bundle (dist/main.cjs, dist/cli.mjs), or one level up from a CLI chunk (dist/cli-chunks/).
  const beside = fileURLToPath(new URL(`./${name}`, here));
  return existsSync(beside) ? beside : fileURLToPath(new URL(`../${name}`, here));
}
