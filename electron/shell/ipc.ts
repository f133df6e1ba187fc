/**
 * The contract over Electron IPC: one channel, every call checked before it reaches
 * the archive — the sender must be the top frame of our window showing our own page
 * (`app://cuttings/`); `dispatch` then checks the method name and validates the
 * arguments against the contract's zod schemas.
 *
 * Files: the page names them only through grants (contract/places.ts). A second channel,
 * `PLACES_CHANNEL`, lets it ask this process to open its own open/save/folder dialogs,
 * or to grant the files of a drop (the preload turns the page's File objects into
 * paths; the page never sees them). Grants live in `grants`; lasting ones in the app's
 * settings, listed and revoked with `places.list` / `places.revoke`. The same channel
 * reads and sets the daily backups (on/off, their folder: a lasting grant) and opens the
 * data folder — the app's own places, never a path the page names.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Archive } from '../core/archive.ts';
import type { Envelope } from '../contract/errors.ts';
import { dispatch, toApiError } from '../core/dispatch.ts';
import type { GrantStore } from '../core/grants.ts';
import { isCaptureFile } from '../core/capture/files.ts';
import { IPC_CHANNEL } from '../contract/methods.ts';
import { PLACES_CHANNEL, type FileFilter, type PickerOp } from '../contract/places.ts';
import { backupSettings, changeBackupPrefs, readBackupPrefs, writeBackupPrefs } from './backups.ts';
import { isAppUrl } from './protocol.ts';

export { IPC_CHANNEL, PLACES_CHANNEL };

/** The main process's own dialogs, bound to our window (`main.ts`), or fakes in tests. */
export interface PlaceDialogs {
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  /** Where save dialogs start. */
  downloads: string;
}

/** The app's own places: its backup settings and its data folder (`main.ts`), or fakes in tests. */
export interface AppPlaces {
  /** `backups.json` in userData (shell/backups.ts). */
  backupPrefsFile: string;
  /** Where backups go when no folder was chosen: `backups` beside the archive. */
  defaultBackupFolder: string;
  dataFolder: string;
  /** Electron's `shell.openPath`: resolves to '' or an error message. */
  openPath(p: string): Promise<string>;
}

export interface IpcOptions {
  /** True when the event comes from a frame we created and trust (our own page). */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
  grants: GrantStore;
  dialogs: PlaceDialogs;
  /** Without it the backup settings and the data folder requests are refused. */
  app?: AppPlaces;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;
type OurWindow = Pick<BrowserWindow, 'isDestroyed' | 'webContents'>;

/**
 * The sender check for our window: the call must come from its webContents, from the
 * top frame (not an iframe, whatever its origin), and that frame must be showing our
 * app (its URL is on `app://cuttings/`), not a page it was somehow navigated to.
 */
export function isOurWindowFrame(event: SenderEvent, win: OurWindow | null | undefined): boolean {
  if (!win || win.isDestroyed()) return false;
  const wc = win.webContents;
  if (event.sender !== wc) return false;
  const frame = event.senderFrame;
  const main = wc.mainFrame;
  if (!frame || !main) return false;
  if (frame.parent !== null) return false;
  if (frame !== main && (frame.processId !== main.processId || frame.frameToken !== main.frameToken)) return false;
  return isAppUrl(frame.url);
}

const REFUSED: Envelope = { ok: false, error: { code: 'invalid_args', message: 'call refused: unknown sender' } };

export function registerIpc(ipcMain: IpcMain, archive: Archive, opts: IpcOptions): () => void {
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, args: unknown): Promise<Envelope> => {
    if (!opts.isTrustedSender(event)) return REFUSED;
    return await dispatch(archive, method, args, { places: opts.grants });
  });
  const pick = placePicker(opts.grants, opts.dialogs, opts.app);
  ipcMain.handle(PLACES_CHANNEL, async (event, op: unknown, args: unknown): Promise<Envelope> => {
    if (!opts.isTrustedSender(event)) return REFUSED;
    try {
      if (typeof op !== 'string' || !Object.prototype.hasOwnProperty.call(pick, op)) throw new Error(`unknown place request "${String(op).slice(0, 50)}"`);
      return { ok: true, result: await pick[op as PickerOp]((args ?? {}) as never) };
    } catch (err) {
      return { ok: false, error: toApiError(err).toJSON() };
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_CHANNEL);
    ipcMain.removeHandler(PLACES_CHANNEL);
  };
}

const str = (v: unknown, max = 500): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);
const filtersOf = (v: unknown): FileFilter[] | undefined =>
  Array.isArray(v)
    ? v
        .filter((f): f is FileFilter => typeof f?.name === 'string' && Array.isArray(f.extensions) && f.extensions.every((e: unknown) => typeof e === 'string'))
        .map((f) => ({ name: f.name.slice(0, 100), extensions: f.extensions.slice(0, 50).map((e) => e.slice(0, 20)) }))
    : undefined;

/**
 * What the page may ask for: grants for what the user chose in our dialogs, or dropped;
 * the daily backups' settings; opening the data folder.
 */
export function placePicker(grants: GrantStore, dialogs: PlaceDialogs, app?: AppPlaces): Record<PickerOp, (args: Record<string, unknown>) => Promise<unknown>> {
  const needApp = (): AppPlaces => {
    if (!app) throw new Error('this request is for the app only');
    return app;
  };
  return {
    async pickFiles(a) {
      const r = await dialogs.showOpenDialog({ title: str(a.title), properties: a.multiple ? ['openFile', 'multiSelections'] : ['openFile'], filters: filtersOf(a.filters) });
      return r.canceled ? [] : r.filePaths.map((p) => grants.issue(p, 'read', { once: true }));
    },
    async pickFolder(a) {
      const r = await dialogs.showOpenDialog({ title: str(a.title), properties: ['openDirectory', 'createDirectory'] });
      const once = a.remember !== true;
      return r.canceled ? [] : r.filePaths.slice(0, 1).map((p) => grants.issue(p, 'folder', { once, label: p }));
    },
    async pickSaveLocation(a) {
      const name = path.basename(str(a.defaultName, 255) ?? 'export');
      const r = await dialogs.showSaveDialog({ title: str(a.title), defaultPath: path.join(dialogs.downloads, name), filters: filtersOf(a.filters) });
      return r.canceled || !r.filePath ? [] : [grants.issue(r.filePath, 'write', { once: true })];
    },
    /**
     * The paths the preload read from dropped File objects. Only what a drop can give
     * an import is granted: an existing capture file or a folder (walked by the import),
     * to read once. Anything else (a path the page could have forged is no File it
     * holds; other files; missing entries) gets null.
     */
    async fromDrop(a) {
      const list = Array.isArray(a.paths) ? (a.paths as unknown[]).slice(0, 100_000) : [];
      return list.map((p) => (typeof p === 'string' && droppable(p) ? grants.issue(p, 'read', { once: true }) : null));
    },
    async backupSettings() {
      const a = needApp();
      return backupSettings(readBackupPrefs(a.backupPrefsFile), grants, a.defaultBackupFolder);
    },
    async setBackupSettings(change) {
      const a = needApp();
      const prefs = changeBackupPrefs(readBackupPrefs(a.backupPrefsFile), grants, change);
      writeBackupPrefs(a.backupPrefsFile, prefs);
      return backupSettings(prefs, grants, a.defaultBackupFolder);
    },
    async openDataFolder() {
      const a = needApp();
      const error = await a.openPath(a.dataFolder);
      return { opened: !error, error: error || null };
    },
  };
}

function droppable(p: string): boolean {
  if (!path.isAbsolute(p)) return false;
  try {
    const st = statSync(p);
    return st.isDirectory() || (st.isFile() && isCaptureFile(p));
  } catch {
    return false;
  }
}
