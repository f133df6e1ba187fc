/**
 * Long calls the user can cancel (imports), by a job id the caller chooses. Several calls
 * may share one id (the page adds a folder's files one call each, under one job): cancelling
 * the id aborts the calls running under it and refuses later ones, so a cancel that
 * overtakes its call (requests travel concurrently) still wins.
 */
export class Jobs {
  private readonly running = new Map<string, { controller: AbortController; calls: number }>();
  /** Ids cancelled lately (bounded): a call arriving under one is cancelled at once. */
  private readonly cancelled = new Set<string>();

  /**
   * The signal of one call: aborted when its job is cancelled or `outer` aborts (e.g. the
   * CLI's Ctrl-C). Call `end()` when the call is over.
   */
  begin(id: string | undefined, outer?: AbortSignal): { signal: AbortSignal | undefined; end: () => void } {
    if (id === undefined) return { signal: outer, end: () => {} };
    let entry = this.running.get(id);
    if (!entry) {
      entry = { controller: new AbortController(), calls: 0 };
      this.running.set(id, entry);
    }
    if (this.cancelled.has(id)) entry.controller.abort();
    entry.calls++;
    const e = entry;
    const signal = outer ? AbortSignal.any([e.controller.signal, outer]) : e.controller.signal;
    return {
      signal,
      end: () => {
        if (--e.calls === 0 && this.running.get(id) === e) this.running.delete(id);
      },
    };
  }

  /** Cancels job `id`; true when a call was running under it. */
  cancel(id: string): boolean {
    this.cancelled.add(id);
    if (this.cancelled.size > 1000) this.cancelled.delete(this.cancelled.values().next().value!);
    const entry = this.running.get(id);
    entry?.controller.abort();
    return entry !== undefined;
  }
}
