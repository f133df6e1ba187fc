/**
 * What every handler area shares: the database, its repositories, the clock, and the
 * few operations several areas need (a clipping's full detail, "must exist", applying
 * a new clean text with its annotations re-anchored, resolving a selection).
 */
import { setMaxListeners } from 'node:events';
import { AnnotationRepo } from '../../db/annotations.ts';
import { CaptureRepo } from '../../db/captures.ts';
import { ClipperRepo } from '../../db/clipper.ts';
import { ClippingRepo, type ClippingRecord } from '../../db/clippings.ts';
import type { Db } from '../../db/open.ts';
import { QueryError, SearchRepo, type QueryInput, type SearchOptions, type SearchPage } from '../../db/search.ts';
import { SavedSearchRepo } from '../../db/saved.ts';
import { ClusterRepo } from '../../db/clusters.ts';
import { InstantSync, type RefreshResult } from '../../db/instant/sync.ts';
import type { Vocabulary } from '../../db/instant/corrections.ts';
import { readSavedWords, type SavedWords } from '../../db/instant/snapshot.ts';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { VersionRepo } from '../../db/versions.ts';
import { TagRepo } from '../../db/tags.ts';
import type { ClippingDetail } from '../contract/shapes.ts';
import { ApiError } from '../contract/errors.ts';
import { describeRange, reanchor } from './annotations/anchor.ts';
import { contentHash, countWords } from './capture/fingerprint.ts';
import type { CaptureSource } from './capture/index.ts';
import { sharedCapturePool, type CapturePool, type WorkerExtraction } from './capture/worker/pool.ts';
import { Jobs } from './jobs.ts';
import { Pairing } from './clipper/pairing.ts';

/** Trashed clippings are deleted for good after this many days. */
export const TRASH_DAYS = 30;

export class Core {
  readonly clippings: ClippingRepo;
  readonly captures: CaptureRepo;
  readonly tags: TagRepo;
  readonly annotations: AnnotationRepo;
  readonly search: SearchRepo;
  readonly saved: SavedSearchRepo;
  readonly clusters: ClusterRepo;
  readonly versions: VersionRepo;
  readonly clipper: ClipperRepo;
  /** Browsers asking to be paired with the clipper (clipper/pairing.ts). */
  readonly pairing: Pairing;
  /** Imports running under a job id, to cancel. */
  readonly jobs = new Jobs();
  /** Aborted when the archive closes: its extractions in flight are cancelled. */
  private readonly closing = (() => {
    const c = new AbortController();
    // Every extraction in flight listens to it: an import keeps many ahead of its writer
    // (clippings/import.ts AHEAD_MAX), and several imports may run at once in the app.
    setMaxListeners(EXTRACTIONS_LISTENING, c.signal);
    return c;
  })();

  private instantSync: InstantSync | null = null;
  private instantDirty = false;
  /** The snapshot's vocabulary read alone, and which file it was read from (`key`: inode, size, mtime). */
  private savedWords: { key: string; words: SavedWords } | null = null;

  constructor(
    readonly db: Db,
    readonly file: string,
    private readonly clock: () => Date,
    /** Where captures are extracted (worker threads; started with the first capture). */
    private readonly extraction: CapturePool = sharedCapturePool(),
  ) {
    this.clippings = new ClippingRepo(db);
    this.captures = new CaptureRepo(db);
    this.tags = new TagRepo(db);
    this.annotations = new AnnotationRepo(db);
    this.search = new SearchRepo(db);
    this.saved = new SavedSearchRepo(db);
    this.clusters = new ClusterRepo(db);
    this.versions = new VersionRepo(db);
    this.clipper = new ClipperRepo(db);
    this.pairing = new Pairing(clock);
  }

  /**
   * The instant-search index (derived data), at its first use only (suggestions and a
   * search's close matches): opened from its snapshot beside the database, or built
   * from SQLite when there is none (or an unreadable one), then kept current — changes
   * made through this process are flagged by `changed()`, changes by other processes
   * are noticed through PRAGMA data_version. A snapshot that had to catch up when opened
   * (anything changed since it was saved: even tag links only, as emptying the trash
   * at start-up unlinks them) is saved again, and so is the index after a catch-up that
   * re-read many clippings, so the next process does not repeat it.
   */
  instant(): InstantSync {
    // Unbounded: never null.
    return this.currentInstant(undefined)!;
  }

  /**
   * The instant index for a search's close matches, or null when getting it current
   * would re-read more than SEARCH_REREAD_MAX clippings (no snapshot of a large archive,
   * or one far behind it): a search never waits for a rebuild. Whatever opens it
   * unbounded (instant search's suggestions) builds it and saves the snapshot.
   */
  instantForSearch(): InstantSync | null {
    return this.currentInstant(SEARCH_REREAD_MAX);
  }

  /**
   * The vocabulary a search's close matches are corrected from (db/instant/corrections.ts):
   * the instant index when this process holds it (caught up as for `instantForSearch`,
   * else as it is); otherwise the snapshot's vocabulary read alone — the phrase index is
   * never loaded for a search (the CLI) — and kept while the file is the same. A
   * vocabulary a little behind the database only proposes spellings: the hits are
   * always the database's own, so a snapshot is used however far behind it is. Without a
   * readable one (none yet, or of the earlier layout), `instantForSearch`; null when
   * that declines.
   */
  vocabulary(): Vocabulary | null {
    if (this.instantSync) return (this.instantForSearch() ?? this.instantSync).index;
    const snap = this.snapshotFile();
    if (snap) {
      try {
        const st = statSync(snap);
        const key = `${st.ino}:${st.size}:${st.mtimeMs}`;
        if (this.savedWords?.key !== key) {
          const words = readSavedWords(snap);
          this.savedWords = words ? { key, words } : null;
        }
        if (this.savedWords) return this.savedWords.words;
      } catch {
        // Missing or damaged: as without a snapshot.
        this.savedWords = null;
      }
    }
    return this.instantForSearch()?.index ?? null;
  }

  /** The instant index opened or built, and current; null when that would re-read more than `maxReread` clippings. */
  private currentInstant(maxReread: number | undefined): InstantSync | null {
    if (this.instantSync) {
      const r = this.instantSync.refresh({ force: this.instantDirty, maxReread });
      if (r.mode === 'behind') return null;
      this.instantDirty = false;
      if (worthSaving(r)) this.saveInstant();
      return this.instantSync;
    }
    const sync = new InstantSync(this.db);
    const snap = this.snapshotFile();
    let caughtUp: RefreshResult | null = null;
    if (snap) {
      try {
        caughtUp = sync.open(readFileSync(snap), { maxReread });
      } catch {
        // Missing, damaged or from an older version: rebuilt from SQLite (for a search, only a small archive).
      }
    }
    if (caughtUp?.mode === 'behind') {
      // Kept as the snapshot left it: the next search looks at how far behind it is without
      // reading the file again, and whatever opens it unbounded catches this one up.
      this.instantSync = sync;
      return null;
    }
    if (!caughtUp) {
      if (maxReread !== undefined && sync.liveCount() > maxReread) return null;
      sync.rebuild();
    }
    this.instantSync = sync;
    this.instantDirty = false;
    // Saved again when built, caught up, or of the earlier layout (whose vocabulary a search cannot read alone).
    if (!caughtUp || caughtUp.mode !== 'none' || sync.openedLayout === 1) this.saveInstant();
    return sync;
  }

  /**
   * Extracts a capture in a worker (capture/worker/pool.ts). Cancelled by `signal`, or
   * when the archive closes; throws ExtractionCancelled then.
   */
  extract(src: CaptureSource, signal?: AbortSignal): Promise<WorkerExtraction> {
    return this.extraction.extract(src, signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal);
  }

  /** The archive is closing: its extractions in flight stop. */
  close(): void {
    this.closing.abort();
  }

  /** Something was written: the instant index catches up at its next use. */
  changed(): void {
    this.instantDirty = true;
  }

  /** Writes the instant index's snapshot beside the database (best effort). */
  saveInstant(): void {
    const snap = this.snapshotFile();
    if (!snap || !this.instantSync) return;
    // A temporary name of this thread's own: the readers (readers/pool.ts) may save at once.
    const tmp = `${snap}.${process.pid}-${threadId}.tmp`;
    try {
      writeFileSync(tmp, this.instantSync.save(), { mode: 0o600 });
      renameSync(tmp, snap);
      // The JSON snapshot of earlier versions, superseded.
      rmSync(`${this.file}.instant.json`, { force: true });
    } catch {
      // Derived data: failing to cache it costs only start-up time.
      rmSync(tmp, { force: true });
    }
  }

  private snapshotFile(): string | null {
    return this.file === ':memory:' ? null : `${this.file}.instant`;
  }

  /** A query that cannot be understood is the caller's mistake (invalid_args). */
  asUserError<T>(fn: () => T): T {
    return asUserError(fn);
  }

  /** Runs a search; a query that cannot be understood is the caller's mistake. */
  query(input: QueryInput, opts: SearchOptions): SearchPage {
    return asUserError(() => this.search.query(input, opts));
  }

  now(): string {
    return this.clock().toISOString();
  }

  nowDate(): Date {
    return this.clock();
  }

  /** Runs `fn` in one write transaction (taken at once, so concurrent writers queue on the busy timeout). */
  write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      // What the rolled-back write added to the recent LSH table or moved out of it is undone.
      this.clusters.recount();
      throw err;
    }
  }

  /** A live clipping, or ApiError not_found. */
  live(id: number): ClippingRecord {
    const c = this.clippings.get(id);
    if (!c || c.deletedAt !== null) throw notFound(id, c !== null);
    return c;
  }

  detail(id: number): ClippingDetail {
    const c = this.clippings.get(id);
    if (!c) throw notFound(id, false);
    // Every stored field of the contract's clipping, less what only the database keeps.
    const { captureId, urlKey: _urlKey, createdAt: _createdAt, ...fields } = c;
    return {
      ...fields,
      url: c.canonicalUrl ?? c.sourceUrl,
      paragraphs: c.text === '' ? [] : c.text.split('\n\n'),
      tags: this.tags.forClipping(id),
      annotations: this.annotations.forClipping(id),
      capture: captureId === null ? null : this.captures.info(captureId),
      cluster: this.clusters.clusterOf(id),
      versionCount: this.versions.count(id),
    };
  }

  /**
   * Re-anchors every annotation of a clipping on `text` (call inside a transaction,
   * after the clipping's text has changed): position, exact quote, fuzzy quote, or
   * orphaned — never moved onto other words.
   */
  reanchorAll(clippingId: number, text: string): { anchored: number; orphaned: number } {
    let anchored = 0;
    let orphaned = 0;
    const now = this.now();
    for (const a of this.annotations.forClipping(clippingId)) {
      const r = reanchor(text, { exact: a.quote, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end });
      if (r.state === 'anchored') {
        anchored++;
        if (r.start !== a.start || r.end !== a.end || a.state !== 'anchored' || text.slice(r.start, r.end) !== a.quote) {
          this.annotations.place(a.id, { state: 'anchored', ...describeRange(text, r.start, r.end) }, now);
        }
      } else {
        orphaned++;
        if (a.state !== 'orphaned') this.annotations.place(a.id, { state: 'orphaned' }, now);
      }
    }
    return { anchored, orphaned };
  }

  /** Fields derived from a clean text. */
  textFields(text: string): { text: string; wordCount: number; contentHash: string } {
    return { text, wordCount: countWords(text), contentHash: contentHash(text) };
  }

  /** Every live clipping a selection names: explicit ids (each must exist), all matches of a search, or all. */
  select(sel: { ids?: number[] | undefined; query?: string | undefined; all?: true | undefined }): number[] {
    if (sel.all) return this.clippings.allIds();
    if (sel.ids) {
      for (const id of sel.ids) this.live(id);
      return [...new Set(sel.ids)];
    }
    return asUserError(() => this.search.allMatches(sel.query ?? '', this.nowDate()));
  }
}

/** Extractions that may listen to one abort signal at once before Node warns of a leak. */
export const EXTRACTIONS_LISTENING = 256;

/** A catch-up that re-read this many clippings (or rebuilt) is kept in the snapshot. */
const RESAVE_AFTER = 500;

/** At most this many clippings re-read into the instant index for one search's close matches. */
export const SEARCH_REREAD_MAX = 1000;

function worthSaving(r: RefreshResult): boolean {
  return r.mode === 'rebuild' || r.updated + r.removed >= RESAVE_AFTER;
}

export function asUserError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof QueryError) throw new ApiError('invalid_args', err.message);
    throw err;
  }
}

export function notFound(id: number, inTrash: boolean): ApiError {
  return new ApiError('not_found', inTrash ? `clipping ${id} is in the trash (restore it first)` : `no clipping with id ${id}`);
}
