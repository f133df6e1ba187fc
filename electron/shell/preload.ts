/**
 * Runs in the sandboxed renderer before the page. Exposes exactly three things:
 * - `window.cuttings`: the contract (every method of `contract/methods.ts`, nothing else), each a
 *   call over the one IPC channel;
 * - `window.cuttingsEvents.on(name, listener)`: the main process's two events,
 *   `changed` and `menu` (see `contract/events.ts`); returns a function that removes the
 *   listener. Unknown names and non-function listeners are refused; listeners get the
 *   payload only, never the IPC event;
 * - `window.cuttingsPlaces`: grants for files (contract/places.ts) — the main process's
 *   open, folder and save dialogs, and the files of a drop. For a drop this script reads
 *   each File's path (`webUtils.getPathForFile`) and hands it to the main process, which
 *   checks it; the page gets grants back, never a path. Also the daily backups' settings
 *   and opening the data folder (the main process's own places).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { PLACES_CHANNEL, type CuttingsPlaces } from '../contract/places.ts';
import { unwrap } from '../contract/errors.ts';
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

const pick = async (op: string, args: unknown) => unwrap(await ipcRenderer.invoke(PLACES_CHANNEL, op, args));

const places: CuttingsPlaces = {
  pickFiles: (opts) => pick('pickFiles', opts ?? {}) as ReturnType<CuttingsPlaces['pickFiles']>,
  pickFolder: (opts) => pick('pickFolder', opts ?? {}) as ReturnType<CuttingsPlaces['pickFolder']>,
  pickSaveLocation: (opts) => pick('pickSaveLocation', opts) as ReturnType<CuttingsPlaces['pickSaveLocation']>,
  fromDrop: (files) => {
    const paths = Array.from(files ?? [], (f) => {
      try {
        return webUtils.getPathForFile(f) || null;
      } catch {
        return null; // not a File
      }
    });
    return pick('fromDrop', { paths }) as ReturnType<CuttingsPlaces['fromDrop']>;
  },
  backupSettings: () => pick('backupSettings', {}) as ReturnType<CuttingsPlaces['backupSettings']>,
  setBackupSettings: (change) => pick('setBackupSettings', change ?? {}) as ReturnType<CuttingsPlaces['setBackupSettings']>,
  openDataFolder: () => pick('openDataFolder', {}) as ReturnType<CuttingsPlaces['openDataFolder']>,
};

contextBridge.exposeInMainWorld('cuttingsPlaces', Object.freeze(places));
