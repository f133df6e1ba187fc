/**
 * Writing what a sync brings without holding the archive's one writer for long: a pulled
 * page (or a bundle of captures) is written in slices, each in its own transaction — a
 * page's slice moves the cursor to its last change, so an interrupted pull resumes after
 * the last slice applied — with the event loop free between them: an edit or any other
 * call waiting meanwhile is answered there, not after the whole page. A slice's size
 * follows how long the last one took, aiming at `SLICE_MS` (a page of 1,000 new clippings
 * in one transaction held the writer for seconds on a loaded machine).
 */
import type { SyncOp } from '../../../db/sync.ts';

/** What one slice should take, about (ms). */
export const SLICE_MS = 50;

/**
 * Calls `write` (one transaction) on successive slices of `items`, in order, until all
 * are written; `last` marks the final slice (an empty list is one empty slice). The first
 * slice holds `first` items; each next one aims at SLICE_MS, growing or shrinking at most
 * twofold.
 */
export async function inSlices<T>(items: readonly T[], write: (slice: readonly T[], last: boolean) => void, first = 50, clock: () => number = () => performance.now()): Promise<void> {
  let size = first;
  let at = 0;
  for (;;) {
    const slice = items.slice(at, at + size);
    at += slice.length;
    const last = at >= items.length;
    const started = clock();
    write(slice, last);
    if (last) return;
    const took = Math.max(clock() - started, 0.1);
    size = Math.max(1, Math.ceil(size / 2), Math.min(size * 2, Math.round((size * SLICE_MS) / took)));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Applies a pulled page (`ops` in change order, up to cursor `next`) in slices: `apply` runs one transaction each. */
export async function applyInSlices(
  ops: ReadonlyArray<SyncOp & { seq: number }>,
  next: number,
  apply: (slice: readonly SyncOp[], cursor: number) => { applied: number; conflicts: number },
  clock?: () => number,
): Promise<{ applied: number; conflicts: number }> {
  const total = { applied: 0, conflicts: 0 };
  await inSlices(
    ops,
    (slice, last) => {
      const r = apply(slice, last ? next : slice[slice.length - 1]!.seq);
      total.applied += r.applied;
      total.conflicts += r.conflicts;
    },
    50,
    clock,
  );
  return total;
}
