/**
 * Runs in the sandboxed renderer before the page. Exposes exactly two things:
 * - `window.cuttings`: the contract (every method of `contract/methods.ts`, nothing else), each a
 *   call over the one IPC channel;
 * - `window.cuttingsEvents.on(name, listener)`: the main process's two events,
 *   `changed` and `menu` (see `contract/events.ts`); returns a function that removes the
 *   listener. Unknown names and non-function listeners are refused; listeners get the
 *   payload only, never the IPC event.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, METHOD_NAMES } from '../contract/methods.ts';
import { createClient } from '../contract/client.ts';
import { EVENT_CHANNEL, isEventName, type CuttingsEvents, type EventName } from '../contract/events.ts';

contextBridge.exposeInMainWorld(
  'cuttings',
  createClient((method, args) => ipcRenderer.invoke(IPC_CHANNEL, method, args), METHOD_NAMES),
);

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of [...(listeners.get(name) ?? [])]) {
    try {
      listener(payload);
    } catch (err) {
      console.error(`cuttingsEvents "${name}" listener failed:`, err);
    }
  }
});

const events: CuttingsEvents = {
  on(name, listener) {
    if (!isEventName(name)) throw new TypeError(`cuttingsEvents: unknown event "${String(name).slice(0, 50)}" (known: changed, menu)`);
    if (typeof listener !== 'function') throw new TypeError('cuttingsEvents: the listener must be a function');
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    const fn = listener as (payload: unknown) => void;
    set.add(fn);
    return () => void set.delete(fn);
  },
};

contextBridge.exposeInMainWorld('cuttingsEvents', Object.freeze(events));
