/**
 * A pulled page is applied in slices (electron/core/sync/slices.ts): each slice moves the
 * cursor to its last change, the next one's size follows how long the last took (aiming at
 * SLICE_MS, at most halving or doubling), and the event loop turns between slices, so a
 * call waiting for the writer is answered within the page. The clock is a stand-in.
 */
import { expect, it } from 'vitest';
import type { SyncOp } from '../../db/sync.ts';
import { applyInSlices, inSlices, SLICE_MS } from '../../electron/core/sync/slices.ts';

const ops = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ seq: 10 + i, opId: `op${i}`, hlc: i, replica: 'r', kind: 'field' as const, object: `o${i}`, key: 'note', value: null }));

/** Records each slice; the clock says each took `ms(slice)`. */
function recorder(ms: (size: number) => number) {
  let now = 0;
  const slices: Array<{ size: number; cursor: number; first: string | undefined }> = [];
  return {
    slices,
    clock: () => now,
    apply: (slice: readonly SyncOp[], cursor: number) => {
      slices.push({ size: slice.length, cursor, first: slice[0]?.opId });
      now += ms(slice.length);
      return { applied: slice.length, conflicts: 0 };
    },
  };
}

it('applies every change once, in order, each slice moving the cursor to its last change and the last to the page’s end', async () => {
  const r = recorder(() => SLICE_MS);
  const page = ops(180);
  expect(await applyInSlices(page, 500, r.apply, r.clock)).toEqual({ applied: 180, conflicts: 0 });
  expect(r.slices).toEqual([
    { size: 50, cursor: 59, first: 'op0' },
    { size: 50, cursor: 109, first: 'op50' },
    { size: 50, cursor: 159, first: 'op100' },
    { size: 30, cursor: 500, first: 'op150' },
  ]);
});

it('shrinks the slices when they take long, and grows them when they are quick (at most twofold a step)', async () => {
  const slow = recorder((n) => n * 4 * (SLICE_MS / 50));
  await applyInSlices(ops(200), 999, slow.apply, slow.clock);
  expect(slow.slices.slice(0, 4).map((s) => s.size)).toEqual([50, 25, 13, 13]);
  const quick = recorder(() => 1);
  await applyInSlices(ops(1000), 999, quick.apply, quick.clock);
  expect(quick.slices.map((s) => s.size)).toEqual([50, 100, 200, 400, 250]);
});

it('an empty page still moves the cursor', async () => {
  const r = recorder(() => 1);
  expect(await applyInSlices([], 42, r.apply, r.clock)).toEqual({ applied: 0, conflicts: 0 });
  expect(r.slices).toEqual([{ size: 0, cursor: 42, first: undefined }]);
});

it('lets the event loop turn between slices: what was waiting runs before the next slice', async () => {
  const order: string[] = [];
  const r = recorder(() => SLICE_MS);
  const apply = (slice: readonly SyncOp[], cursor: number) => {
    order.push(`slice ${slice[0]?.opId}`);
    // A call arriving while this slice holds the writer.
    if (order.length === 1) setImmediate(() => order.push('waiting call'));
    return r.apply(slice, cursor);
  };
  await applyInSlices(ops(120), 200, apply, r.clock);
  expect(order).toEqual(['slice op0', 'waiting call', 'slice op50', 'slice op100']);
});

it('writes a list of captures in slices too, from a smaller first slice', async () => {
  const sizes: number[] = [];
  let now = 0;
  await inSlices(Array.from({ length: 40 }, (_, i) => i), (slice) => {
    sizes.push(slice.length);
    now += slice.length * 10;
  }, 8, () => now);
  // 8 captures took 80 ms: the next slice aims at 50 ms (5), never below half the last.
  expect(sizes).toEqual([8, 5, 5, 5, 5, 5, 5, 2]);
});
