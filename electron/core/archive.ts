/**
 * The Cuttings core: implements every method of the contract (contract/methods.ts).
 * Handlers are grouped by area, one folder each (clippings/, search/, tags/…), and
 * merged here into one map; the Electron IPC channel, the loopback HTTP server and the
 * CLI all call `archive.call(method, args)`, so they share validation, behaviour and
 * errors.
 */
import { removeStaleTemps } from '../../db/backup.ts';
import { openDatabase, type Db, type OpenOptions } from '../../db/open.ts';
import { contract, parseArgs, placeFields, type ArgsIn, type ArgsOut, type CallContext, type Handlers, type MethodName, type Results } from '../contract/methods.ts';
import { unwrap } from '../contract/errors.ts';
import { CapturePool, sharedCapturePool, type CapturePoolOptions } from './capture/worker/pool.ts';
import { resolvePlaces } from './grants.ts';
import { Core, TRASH_DAYS } from './context.ts';
import { diskFullError, isDiskFull } from './disk-full.ts';
import { READ_METHODS, ReadPool, type ReadOptions, type ReadPoolOptions } from './readers/pool.ts';
import { backupHandlers, restoreHandler } from './archive/handlers.ts';
import { annotationHandlers } from './annotations/handlers.ts';
import { clipperHandlers, clipperTokenId } from './clipper/handlers.ts';
import { clippingHandlers } from './clippings/handlers.ts';
import { exportHandlers } from './export/handlers.ts';
import { placeHandlers } from './places.ts';
import { searchHandlers } from './search/handlers.ts';
import { RankWarmup, type RankWarmupOptions } from './search/warmup.ts';
import { BackgroundSync, type BackgroundSyncOptions } from './sync/background.ts';
import { syncTeam, teamStatus } from './sync/client.ts';
import { syncHandlers } from './sync/handlers.ts';
import { tagHandlers } from './tags/handlers.ts';

export interface ArchiveOptions extends OpenOptions {
  /**
   * Extraction workers of its own for this archive: how many, the per-capture deadline,
   * their memory limits (capture/worker/pool.ts). Without it the archive uses the
   * process's shared pool.
   */
  capture?: CapturePoolOptions;
}

/**
 * Writes that change nothing instant search indexes (titles, bylines, outlets, tag names
 * and links, texts, which clippings are live): after them its next use does not re-read
 * the archive (at 100k that catch-up costs seconds, and opening a clipping marks it read).
 */
const LEAVES_INSTANT_ALONE: ReadonlySet<MethodName> = new Set<MethodName>([
  'clippings.setFlags',
  'clippings.setNote',
  'annotations.create',
  'annotations.update',
  'annotations.delete',
  'tags.setColor',
  'search.save',
  'search.deleteSaved',
  'search.updateSaved',
  'search.reorderSaved',
]);

export class Archive {
  private state!: { db: Db; handlers: Handlers; core: Core };
  /** This archive's own extraction pool (options.capture); null: the process's shared one. */
  private readonly ownPool: CapturePool | null;
  /** Worker threads answering the read methods (`readInWorkers`); null: every call runs here. */
  private readers: ReadPool | null = null;
  private readerOptions: Omit<ReadPoolOptions, 'file' | 'nativeBinding'> = {};
  /** The team sync that runs by itself (`syncInBackground`); null: only when asked. */
  private background: BackgroundSync | null = null;
  /** The background warm-up of the ranking lists (`warmRankListsInBackground`); null: none. */
  private warmup: RankWarmup | null = null;
  private warmupOptions: RankWarmupOptions = {};

  constructor(
    readonly file: string,
    private readonly options: ArchiveOptions = {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.ownPool = options.capture ? new CapturePool(options.capture) : null;
    this.open();
  }

  get db(): Db {
    return this.state.db;
  }

  /** The warm-up of ranking lists, while it runs (`warmRankListsInBackground`); its `close()` resolves once its thread has exited. */
  get rankWarmup(): RankWarmup | null {
    return this.warmup;
  }

  /** The readers, while reads are answered in worker threads. */
  get readPool(): ReadPool | null {
    return this.readers;
  }

  /**
   * From now on the read methods (readers/pool.ts READ_METHODS) are answered by worker
   * threads, each on a read-only connection of its own, and never wait for a write or for
   * one another's searches; writes stay on this archive's connection. For the doors that
   * take calls from a page while others run (the server, the Electron main process); the
   * CLI runs one call at a time and does without. Not for an in-memory archive.
   */
  readInWorkers(options: Omit<ReadPoolOptions, 'file' | 'nativeBinding'> = {}): void {
    if (this.readers || this.file === ':memory:') return;
    this.readerOptions = options;
    this.readers = new ReadPool({ ...options, file: this.file, nativeBinding: this.options.nativeBinding });
  }

  /**
   * From now on a team archive keeps in step with its team server by itself
   * (sync/background.ts): after local changes, on a timer, and again after a failure. For
   * the doors that stay open (the server, the Electron main process); the CLI syncs when
   * told. `team.status` then reports how it goes, and `team.sync` waits for a sync running.
   */
  syncInBackground(options: BackgroundSyncOptions = {}): void {
    if (this.background || this.options.readonly) return;
    this.background = new BackgroundSync(
      () => syncTeam(this.state.core),
      () => teamStatus(this.state.core).joined,
      options,
    );
  }

  /**
   * From now on the ranking lists of the archive's broad words are read ahead into the
   * archive in a worker thread (search/warmup.ts): once it has been open and free of writes
   * for a moment, and again after writes (imports). For the doors that stay open (the
   * server, the Electron main process); not for a read-only or in-memory archive.
   */
  warmRankListsInBackground(options: RankWarmupOptions = {}): void {
    if (this.warmup || this.options.readonly || this.file === ':memory:') return;
    this.warmupOptions = options;
    this.warmup = new RankWarmup(this.file, this.options.nativeBinding, options);
  }

  /**
   * Closes the database. Its captures in flight are cancelled (their workers terminated);
   * a pool of its own is terminated, the shared pool's idle workers end on their own
   * (they never keep the process alive). The warm-up ends (`rankWarmup.close()` resolves
   * once its thread has exited). The readers are terminated (`readPool.close()`
   * resolves once their threads have exited).
   */
  close(): void {
    this.background?.stop();
    void this.warmup?.close();
    this.closeDb();
    void this.ownPool?.close();
    void this.readers?.close();
  }

  private closeDb(): void {
    this.state.core.close();
    if (this.state.db.open) this.state.db.close();
  }

  private open(): void {
    const db = openDatabase(this.file, this.options);
    // What a killed restore (or backup) into this file left beside it. Safe while this
    // connection is open: a restore needs the file to itself (db/backup.ts holdExclusively).
    if (!this.options.readonly && this.file !== ':memory:') removeStaleTemps(this.file);
    const core = new Core(db, this.file, this.clock, this.ownPool ?? sharedCapturePool());
    const handlers: Handlers = {
      ...clippingHandlers(core),
      ...tagHandlers(core),
      ...annotationHandlers(core),
      ...clipperHandlers(core),
      ...searchHandlers(core),
      ...exportHandlers(core),
      ...backupHandlers(core),
      ...placeHandlers(),
      ...syncHandlers(core, () => this.background),
      // Restoring replaces the database file: the Archive closes it and opens the result.
      ...restoreHandler(this.file, { close: () => this.closeDb(), open: () => this.open() }),
    };
    this.state = { db, handlers, core };
    if (!this.options.readonly) void handlers['trash.empty']({ olderThanDays: TRASH_DAYS }, {});
  }

  /** The paired browser holding this clipper token (its last use noted), or null: unknown or revoked. */
  clipperToken(token: string): number | null {
    return clipperTokenId(this.state.core, token);
  }

  /**
   * Validates `args` against the contract, turns its places into paths and runs the
   * method. Doors that receive untrusted (method, args) go through `dispatch`, which
   * checks the name first and passes the door's grants as `ctx.places`: then no plain
   * path is accepted. Without `ctx.places` (the CLI, the main process's menus) the
   * caller is trusted with paths.
   */
  async call<M extends MethodName>(method: M, args: ArgsIn<M>, ctx: CallContext = {}, route: ReadOptions = {}): Promise<Results[M]> {
    // A read goes to a reader (which validates it); `route` says which lane, and `signal`
    // drops it while still queued.
    if (this.readers?.usable && READ_METHODS.has(method)) {
      return unwrap(await this.readers.call(method, args, { ...route, signal: route.signal ?? ctx.signal })) as Results[M];
    }
    // Restoring replaces the file, which needs it to itself: the readers and the warm-up go, and come back on the result.
    if (method === 'archive.restore' && this.readers) {
      const readers = this.readers;
      this.readers = null;
      await readers.close();
      try {
        return await this.call(method, args, ctx);
      } finally {
        this.readInWorkers(this.readerOptions);
      }
    }
    if (method === 'archive.restore' && this.warmup) {
      const warmup = this.warmup;
      this.warmup = null;
      await warmup.close();
      try {
        return await this.call(method, args, ctx);
      } finally {
        this.warmRankListsInBackground(this.warmupOptions);
      }
    }
    const parsed = resolvePlaces(method, placeFields(method), parseArgs(method, args) as Record<string, unknown>, ctx.places) as ArgsOut<M>;
    const handler = this.state.handlers[method] as (a: ArgsOut<M>, c: CallContext) => Results[M] | Promise<Results[M]>;
    const writes = contract[method].writes;
    // (This warm-up, not a later one: a restore may replace it meanwhile.)
    const warmup = writes ? this.warmup : null;
    warmup?.writeStarted();
    try {
      return await handler(parsed, ctx);
    } catch (err) {
      // A full disk the handler did not word itself (naming its file): still disk_full, for every door.
      if (isDiskFull(err)) throw diskFullError(`nothing was saved (${(err as Error).message})`);
      throw err;
    } finally {
      if (writes && !LEAVES_INSTANT_ALONE.has(method)) this.state.core.changed();
      if (writes) this.background?.wrote(method);
      warmup?.writeEnded();
    }
  }
}
