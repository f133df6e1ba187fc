/**
 * The renderer's door to the core. In Electron the preload exposes the contract as
 * `window.cuttings`; in browser mode the same calls go over loopback HTTP
 * (`POST /api/<method>`, header `X-Cuttings-Token`). Both go through the contract's one
 * client; no zod (nor any other core code) is bundled into the page.
 */
import { bridgeTransport, createClient, httpFiles, httpSearchInParts, httpTransport, type SearchInParts } from '../electron/contract/client.ts';
import type { CuttingsEvents } from '../electron/contract/events.ts';
import type { CuttingsApi } from '../electron/contract/methods.ts';
import type { CuttingsPlaces, FileFilter, GrantInfo, PlaceRef } from '../electron/contract/places.ts';

export type Api = CuttingsApi;

export const TOKEN_KEY = 'cuttings.token';

/** Takes the access token from the address (then hides it there) or from this tab's session. */
export function takeToken(loc: Location, storage: Storage, history: History): string | null {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', `${loc.pathname}${rest ? `?${rest}` : ''}${loc.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export type Mode = 'electron' | 'browser';

export interface Connection {
  api: Api;
  mode: Mode;
  /** The main process's events (Electron's preload); null in browser mode. */
  events: CuttingsEvents | null;
  files: Files;
  /** Browser mode: a search whose first hits come before the rest of its answer, in the same request. Null in the app. */
  searchInParts: SearchInParts | null;
}

/** A file the core may write, and how the user gets it afterwards. */
export interface SaveTarget {
  place: PlaceRef;
  label: string;
  /** After the write: starts the download (browser); nothing to do in the app. */
  deliver: () => void;
}

/**
 * How the page names files to the core: never by path (contract/places.ts). In the app
 * the main process's dialogs and drops give grants; in a browser files are uploaded and
 * downloaded. Each `null` means cancelled (or, for `grantAll`, a file that has no path).
 */
export interface Files {
  /**
   * Files the page holds (a drop, the file input), to import: one promise per file, in
   * order, each settled as soon as that file's grant is there — the app's drop grants (one
   * call to the main process for all of them), or in a browser uploads, `UPLOADS_IN_FLIGHT`
   * at a time. Once `signal` aborts no further upload starts (those promises reject).
   */
  grantAll(files: readonly File[], signal: AbortSignal): Promise<PlaceRef | null>[];
  /** One file to read (a backup, a library): the app's open dialog, or the browser's file chooser and an upload. Call it from a click. */
  chooseFile(opts: { title: string; extensions: string[] }): Promise<{ place: PlaceRef; label: string } | null>;
  /** Where a file the core writes goes: the app's save dialog, or a download. */
  saveAs(name: string, opts: { title: string; filters?: FileFilter[] }): Promise<SaveTarget | null>;
  /** The app only: a folder (kept until revoked with `remember`). Null in a browser. */
  chooseFolder: ((opts: { title: string; remember: boolean }) => Promise<GrantInfo | null>) | null;
  /** The app only: the daily backups' settings and opening the data folder (main process). Null in a browser. */
  appPlaces: AppPlaces | null;
}

export type AppPlaces = Pick<CuttingsPlaces, 'backupSettings' | 'setBackupSettings' | 'openDataFolder'>;

export function connect(win: Window & { cuttings?: unknown; cuttingsEvents?: unknown; cuttingsPlaces?: unknown } = window): Connection {
  if (win.cuttings && typeof win.cuttings === 'object') {
    const ev = win.cuttingsEvents as Partial<CuttingsEvents> | undefined;
    return {
      api: createClient(bridgeTransport(win.cuttings as Record<string, unknown>)),
      mode: 'electron',
      events: ev && typeof ev.on === 'function' ? (ev as CuttingsEvents) : null,
      files: appFiles(win.cuttingsPlaces as CuttingsPlaces),
      searchInParts: null,
    };
  }
  const token = takeToken(win.location, win.sessionStorage, win.history);
  return {
    api: createClient(httpTransport(win.location.origin, token, win.fetch.bind(win))),
    mode: 'browser',
    events: null,
    files: browserFiles(httpFiles(win.location.origin, token, win.fetch.bind(win)), win.document),
    searchInParts: httpSearchInParts(win.location.origin, token, win.fetch.bind(win)),
  };
}

const ref = (g: GrantInfo): PlaceRef => ({ grant: g.grant });

/** The app: grants from the main process (window.cuttingsPlaces, set by the preload). */
export function appFiles(places: CuttingsPlaces): Files {
  return {
    grantAll: (files) => {
      // The main process reads these files itself: only their grants cross, never their bytes.
      const all = files.length ? places.fromDrop(files) : Promise.resolve([]);
      return files.map((_, i) => all.then((gs) => (gs[i] ? ref(gs[i]) : null)));
    },
    chooseFile: async ({ title, extensions }) => {
      const [g] = await places.pickFiles({ title, filters: [{ name: title, extensions }, { name: 'All files', extensions: ['*'] }] });
      return g ? { place: ref(g), label: g.label } : null;
    },
    saveAs: async (name, { title, filters }) => {
      const [g] = await places.pickSaveLocation({ title, defaultName: name, filters });
      return g ? { place: ref(g), label: g.label, deliver: () => undefined } : null;
    },
    chooseFolder: async ({ title, remember }) => (await places.pickFolder({ title, remember }))[0] ?? null,
    appPlaces: {
      backupSettings: () => places.backupSettings(),
      setBackupSettings: (change) => places.setBackupSettings(change),
      openDataFolder: () => places.openDataFolder(),
    },
  };
}

/** How many uploads a browser import keeps in flight (the server stores each as it streams in). */
export const UPLOADS_IN_FLIGHT = 4;

/** A browser: uploads and downloads through the loopback server. */
export function browserFiles(http: ReturnType<typeof httpFiles>, doc: Document): Files {
  const upload = async (file: File) => ({ grant: (await http.upload(file, file.name)).grant });
  return {
    grantAll: (files, signal) => {
      const settle: { ok: (p: PlaceRef) => void; fail: (e: unknown) => void }[] = [];
      const out = files.map((): Promise<PlaceRef | null> => new Promise((ok, fail) => settle.push({ ok, fail })));
      let next = 0;
      const lane = async () => {
        while (next < files.length) {
          const i = next++;
          if (signal.aborted) settle[i]!.fail(new Error('not uploaded: the import was cancelled'));
          else await upload(files[i]!).then(settle[i]!.ok, settle[i]!.fail);
        }
      };
      for (let k = 0; k < Math.min(UPLOADS_IN_FLIGHT, files.length); k++) void lane();
      return out;
    },
    chooseFile: ({ extensions }) =>
      new Promise((resolve, reject) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.accept = extensions.map((e) => `.${e}`).join(',');
        input.addEventListener('cancel', () => resolve(null));
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          if (!file) return resolve(null);
          upload(file).then((place) => resolve({ place, label: file.name }), reject);
        });
        input.click();
      }),
    saveAs: async (name) => {
      const r = await http.save(name);
      return {
        place: { grant: r.grant },
        label: name,
        deliver: () => {
          const a = doc.createElement('a');
          a.href = r.download;
          a.download = name;
          a.rel = 'noopener';
          a.style.display = 'none';
          doc.body.append(a);
          a.click();
          a.remove();
        },
      };
    },
    chooseFolder: null,
    appPlaces: null,
  };
}

/** One readable sentence for any failure. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || 'Something went wrong.';
  return typeof err === 'string' ? err : 'Something went wrong.';
}
