/**
 * The background sync's schedule (electron/core/sync/background.ts), on a fake clock with a
 * stand-in sync: when it syncs (at start, after local changes — debounced —, on its timer,
 * after a join), how it retries after failures (a growing wait, which local changes do not
 * shorten) and reports offline, and that syncs never overlap.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ApiError } from '../../electron/contract/errors.ts';
import type { SyncReport } from '../../electron/contract/shapes.ts';
import { backoff, BackgroundSync } from '../../electron/core/sync/background.ts';

const REPORT: SyncReport = { pushed: 0, pulled: 0, conflicts: 0, cursor: 0, pending: 0, notShared: 0 };
const OPTIONS = { debounceMs: 2000, everyMs: 60_000, maxBackoffMs: 30_000 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A stand-in sync: counts calls, fails while `down`, reports `pulled`. */
function standIn() {
  const s = {
    calls: 0,
    down: false,
    joined: true,
    pulled: 0,
    sync: async (): Promise<SyncReport> => {
      s.calls++;
      if (s.down) throw new ApiError('unreachable', 'the team server at http://x/ cannot be reached (ECONNREFUSED)');
      return { ...REPORT, pulled: s.pulled };
    },
  };
  return s;
}

/** Moves the fake clock on and lets the sync's promises settle. */
async function after(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

it('syncs at start, then on its timer', async () => {
  const s = standIn();
  const bg = new BackgroundSync(s.sync, () => s.joined, OPTIONS);
  await after(0);
  expect(s.calls).toBe(1);
  await after(59_000);
  expect(s.calls).toBe(1);
  await after(1_000);
  expect(s.calls).toBe(2);
  await after(60_000);
  expect(s.calls).toBe(3);
  bg.stop();
  await after(600_000);
  expect(s.calls).toBe(3);
});

it('a burst of local changes is one sync, a debounce after the last; steady changes still sync within a few debounces', async () => {
  const s = standIn();
  const bg = new BackgroundSync(s.sync, () => s.joined, OPTIONS);
  await after(0);
  s.calls = 0;
  bg.wrote('tags.add');
  await after(1_000);
  bg.wrote('clippings.setNote');
  await after(1_500);
  expect(s.calls).toBe(0);
  await after(500);
  expect(s.calls).toBe(1);
  // An edit every second, for a minute: synced every few debounces, not only at the end.
  s.calls = 0;
  for (let i = 0; i < 60; i++) {
    bg.wrote('clippings.update');
    await after(1_000);
  }
  expect(s.calls).toBeGreaterThanOrEqual(5);
  expect(s.calls).toBeLessThanOrEqual(12);
  // The team's own methods are no local change.
  await after(120_000);
  s.calls = 0;
  bg.wrote('team.sync');
  await after(2_000);
  expect(s.calls).toBe(0);
  bg.stop();
});

it('after a failure: offline, with the reason; tried again after 1, 2, 4… s (local changes wait for it); back in step once a try works', async () => {
  const s = standIn();
  const bg = new BackgroundSync(s.sync, () => s.joined, OPTIONS);
  await after(0);
  s.down = true;
  await after(60_000);
  expect(s.calls).toBe(2);
  expect(bg.state()).toMatchObject({ offline: true, syncing: false, error: expect.stringMatching(/cannot be reached/) });
  const tries: number[] = [];
  for (let i = 0; i < 6; i++) {
    const before = s.calls;
    let waited = 0;
    while (s.calls === before) {
      // A local change meanwhile does not bring the retry sooner.
      bg.wrote('tags.add');
      await after(250);
      waited += 250;
    }
    tries.push(waited);
  }
  expect(tries).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
  expect([1, 2, 3, 7, 8].map((n) => backoff(n, 30_000))).toEqual([1000, 2000, 4000, 30_000, 30_000]);
  s.down = false;
  await after(30_000);
  expect(bg.state()).toMatchObject({ offline: false, error: null });
  // The changes made while offline went with that sync; the timer is back to its pace.
  const calls = s.calls;
  await after(59_000);
  expect(s.calls).toBe(calls);
  await after(1_000);
  expect(s.calls).toBe(calls + 1);
  bg.stop();
});

it('a refusal (a revoked token) is reported as what it is, not as offline', async () => {
  const s = standIn();
  s.sync = async () => {
    s.calls++;
    throw new ApiError('forbidden', 'the team server refused the token: this token is unknown or revoked');
  };
  const bg = new BackgroundSync(s.sync, () => s.joined, OPTIONS);
  await after(0);
  expect(bg.state()).toMatchObject({ offline: false, error: 'the team server refused the token: this token is unknown or revoked' });
  bg.stop();
});

it('never runs two syncs at once: one asked for waits for the one running', async () => {
  let running = 0;
  let most = 0;
  let calls = 0;
  const release: Array<() => void> = [];
  const sync = async (): Promise<SyncReport> => {
    calls++;
    running++;
    most = Math.max(most, running);
    await new Promise<void>((resolve) => release.push(resolve));
    running--;
    return REPORT;
  };
  const bg = new BackgroundSync(sync, () => true, OPTIONS);
  await after(0);
  expect(bg.state().syncing).toBe(true);
  const asked = bg.syncNow();
  const asked2 = bg.syncNow();
  await after(0);
  expect(calls).toBe(1);
  release.shift()!();
  await after(0);
  expect(calls).toBe(2);
  release.shift()!();
  await asked;
  await after(0);
  release.shift()!();
  await asked2;
  expect([calls, most]).toEqual([3, 1]);
  bg.stop();
});

it('counts the changes of others it applied; out of a team it does not sync, and a join syncs at once', async () => {
  const s = standIn();
  s.joined = false;
  const bg = new BackgroundSync(s.sync, () => s.joined, OPTIONS);
  await after(0);
  bg.wrote('tags.add');
  await after(10_000);
  expect(s.calls).toBe(0);
  s.joined = true;
  s.pulled = 3;
  bg.wrote('team.join');
  await after(0);
  expect(s.calls).toBe(1);
  expect(bg.state().received).toBe(3);
  s.pulled = 2;
  await after(60_000);
  expect(bg.state()).toMatchObject({ received: 5, syncing: false, nextTry: new Date(Date.now() + 60_000).toISOString() });
  // After a leave, nothing runs by itself; one asked for is left to the sync (which refuses it, as team.sync does).
  s.joined = false;
  bg.wrote('team.leave');
  const calls = s.calls;
  await after(600_000);
  expect(s.calls).toBe(calls);
  await bg.syncNow();
  expect(s.calls).toBe(calls + 1);
  bg.stop();
});
