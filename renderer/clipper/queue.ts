/**
 * The offline queue: every clip goes into chrome.storage first (with its idempotency key)
 * and leaves it only once Cuttings has answered for it, so a clip made while the app is
 * closed is delivered when it is back, and one whose answer was lost is sent again and
 * stored once (the endpoint answers a known key as the first time). The badge shows how
 * many wait.
 */
import type { ArgsIn } from '../../electron/contract/methods.ts';

export interface QueuedClip {
  key: string;
  args: ArgsIn<'clipper.add'>;
  queuedAt: string;
}

const KEY = 'queue';

export async function readQueue(): Promise<QueuedClip[]> {
  return ((await chrome.storage.local.get(KEY))[KEY] as QueuedClip[] | undefined) ?? [];
}

async function writeQueue(q: QueuedClip[]): Promise<void> {
  await chrome.storage.local.set({ [KEY]: q });
  await showCount(q.length);
}

export async function showCount(n: number): Promise<void> {
  await chrome.action.setBadgeBackgroundColor({ color: '#b45309' });
  await chrome.action.setBadgeText({ text: n > 0 ? String(n) : '' });
  await chrome.action.setTitle({ title: n > 0 ? `Cuttings clipper: ${n} clip${n === 1 ? '' : 's'} waiting for the app` : 'Clip to Cuttings' });
}

// One change at a time: the popup, the context menus and the retry timer share the queue.
let chain: Promise<unknown> = Promise.resolve();
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = chain.then(fn, fn);
  chain = next.catch(() => {});
  return next;
}

export const enqueue = (clip: QueuedClip) => serial(async () => writeQueue([...(await readQueue()), clip]));
export const dequeue = (key: string) => serial(async () => writeQueue((await readQueue()).filter((c) => c.key !== key)));
