/**
 * The background sync (issue 20): the app's main process and `cuttings serve` keep a team
 * archive in step without anyone asking. A sync runs
 *   - at start, and at once after a join;
 *   - a moment after a local change (debounced: a burst of edits is one sync, and steady
 *     editing still syncs at least every `MAX_WAIT_DEBOUNCES` debounces);
 *   - every `everyMs`, for the others' changes;
 *   - after a failed one (the network or the server away, the token refused), again after
 *     a growing wait (`backoff`), until one works: that is how it comes back online. A local
 *     change does not bring that retry sooner.
 * One sync at a time: an explicit `team.sync` waits for the one running, then runs its own.
 * Reading, searching and editing never wait for it: a sync awaits the network between its
 * short write transactions (client.ts), and reads are answered by the readers.
 */
import { ApiError } from '../../contract/errors.ts';
import type { BackgroundSyncState, SyncReport } from '../../contract/shapes.ts';

export interface BackgroundSyncOptions {
  /** A sync this long after the last local change. */
  debounceMs?: number;
  /** A sync this often while all goes well. */
  everyMs?: number;
  /** The longest wait between tries after failures. */
  maxBackoffMs?: number;
}

export const SYNC_DEBOUNCE_MS = 2000;
export const SYNC_EVERY_MS = 60_000;
export const MAX_BACKOFF_MS = 5 * 60_000;
/** Changes that keep coming delay a sync by at most this many debounces. */
const MAX_WAIT_DEBOUNCES = 5;

/** The wait after `failures` failed tries in a row: 1 s, 2 s, 4 s … up to `max`. */
export function backoff(failures: number, max = MAX_BACKOFF_MS): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), max);
}

type Why = 'tick' | 'change' | 'retry';

export class BackgroundSync {
  private readonly debounceMs: number;
  private readonly everyMs: number;
  private readonly maxBackoffMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private due = 0;
  private why: Why | null = null;
  /** When the first local change not yet in a sync was made. */
  private changedSince: number | null = null;
  /** The syncs, one after the other. */
  private chain: Promise<unknown> = Promise.resolve();
  private syncing = false;
  private failures = 0;
  private error: Error | null = null;
  private received = 0;
  private stopped = false;

  constructor(
    /** One sync (client.ts syncTeam). */
    private readonly sync: () => Promise<SyncReport>,
    /** Whether the archive is in a team now. */
    private readonly joined: () => boolean,
    options: BackgroundSyncOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? SYNC_DEBOUNCE_MS;
    this.everyMs = options.everyMs ?? SYNC_EVERY_MS;
    this.maxBackoffMs = options.maxBackoffMs ?? MAX_BACKOFF_MS;
    this.at(Date.now(), 'tick');
  }

  /** No more syncs are started (one running ends on its own). */
  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  /** A write through this process's archive, by contract method. */
  wrote(method: string): void {
    if (this.stopped) return;
    if (method === 'team.join') {
      this.failures = 0;
      this.error = null;
      this.at(Date.now(), 'tick');
    } else if (method === 'team.leave') {
      this.failures = 0;
      this.error = null;
      this.at(Date.now() + this.everyMs, 'tick');
    } else if (method !== 'team.sync') this.changed();
  }

  /** An explicit sync (`team.sync`): after the one running, if any; its failure is the caller's and is noted here too. */
  syncNow(): Promise<SyncReport> {
    return this.exclusive(async () => (await this.attempt(true))!);
  }

  state(): BackgroundSyncState {
    return {
      syncing: this.syncing,
      offline: this.error instanceof ApiError && this.error.code === 'unreachable',
      error: this.error?.message ?? null,
      nextTry: this.timer ? new Date(this.due).toISOString() : null,
      received: this.received,
    };
  }

  private changed(): void {
    const now = Date.now();
    this.changedSince ??= now;
    // While failing, the retry stands (its wait grows); edits are pushed when it works.
    if (this.why === 'retry') return;
    this.at(Math.min(now + this.debounceMs, this.changedSince + MAX_WAIT_DEBOUNCES * this.debounceMs), 'change');
  }

  private at(time: number, why: Why): void {
    if (this.stopped) return;
    this.cancel();
    this.due = time;
    this.why = why;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.why = null;
        // A failure is noted in the state (and planned again) by `attempt`.
        this.exclusive(() => this.attempt(false)).catch(() => undefined);
      },
      Math.max(0, time - Date.now()),
    );
    // A planned sync never keeps the process alive.
    this.timer.unref?.();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.why = null;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** One sync; null when not in a team (an explicit one then fails as `team.sync` does). */
  private async attempt(explicit: boolean): Promise<SyncReport | null> {
    if (this.stopped && !explicit) return null;
    if (!this.joined()) {
      if (explicit) return this.sync();
      // Joined by another process (the CLI) meanwhile: seen at the next tick.
      this.at(Date.now() + this.everyMs, 'tick');
      return null;
    }
    this.syncing = true;
    this.changedSince = null;
    try {
      const report = await this.sync();
      this.failures = 0;
      this.error = null;
      this.received += report.pulled;
      // A change made meanwhile has its own sync planned.
      if (this.why !== 'change') this.at(Date.now() + this.everyMs, 'tick');
      return report;
    } catch (err) {
      this.failures++;
      this.error = err instanceof Error ? err : new Error(String(err));
      this.at(Date.now() + backoff(this.failures, this.maxBackoffMs), 'retry');
      throw err;
    } finally {
      this.syncing = false;
    }
  }
}
