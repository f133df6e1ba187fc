/**
 * The Electron main process: owns the archive, opens one locked-down window on our own
 * `app://cuttings/` origin, and answers the renderer's contract calls over IPC.
 *
 * - One instance: a second launch focuses the window and imports the files it was given;
 *   files opened with the app (macOS `open-file`) are imported too.
 * - Security: contextIsolation, sandbox, no Node in the page, a strict CSP on every
 *   response, navigation, new windows, webviews and permission requests denied (http(s)
 *   links open in the system browser), IPC accepted only from our window's top frame.
 * - Menus (`menu.ts`), window size/position and theme (`window-state.ts`), protocols and
 *   CSP (`protocol.ts`), the IPC channel (`ipc.ts`) and the page's event channel
 *   (`contract/events.ts`, sent from here).
 *
 * Nothing runs on import outside Electron (tests import this file with `electron`
 * mocked and call `startApp` themselves).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, shell } from 'electron';
import type { Session, WebContents, WebPreferences } from 'electron';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Archive } from '../core/archive.ts';
import { startClipperServer, type RunningClipper } from '../clipper-server.ts';
import { isCaptureFile } from '../core/capture/files.ts';
import { GrantStore } from '../core/grants.ts';
import { EVENT_CHANNEL, type EventName, type EventPayloads } from '../contract/events.ts';
import { BACKUPS_FILE, startupBackup } from './backups.ts';
import { isOurWindowFrame, registerIpc } from './ipc.ts';
import { importPaths, menuActions, menuTemplate } from './menu.ts';
import { APP_URL, CSP, isAppUrl, PRIVILEGED_SCHEMES, registerProtocols } from './protocol.ts';
import { APP_NAME, DB_FILE_NAME } from '../core/paths.ts';
import { MIN_HEIGHT, MIN_WIDTH, readWindowState, restoreBounds, trackWindowState, WINDOW_STATE_FILE, writeWindowState, type Theme } from './window-state.ts';

export { CSP };

/** Where `build/prepare-electron-sqlite.mjs` puts better-sqlite3 built for Electron (dev runs only). */
/** The app's settings file of lasting grants (places the user chose once), in userData. */
export const PLACES_FILE = 'places.json';

export const ELECTRON_SQLITE_BINDING = path.join('node_modules', '.cuttings-electron', 'better_sqlite3.node');

export function secureWebPreferences(preload: string, devTools = false): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    devTools,
  };
}

/**
 * Only http(s) addresses with a host ever leave the app, and only to the system browser,
 * as the parsed URL's normalised `href` (never the raw string). Input the URL parser would
 * silently repair is refused outright: backslashes (`http:\\evil` reads as `http://evil/`),
 * and whitespace or control characters anywhere (leading/trailing ones are stripped, tabs
 * and newlines inside are dropped). Chromium hands us serialised URLs, so real links pass.
 */
export function externalUrl(url: string): string | null {
  if (/[\\\u0000-\u0020\u007f-\u00a0\s]/u.test(url)) return null;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' ? u.href : null;
  } catch {
    return null;
  }
}

export function isExternalUrl(url: string): boolean {
  return externalUrl(url) !== null;
}

export function openExternalSafely(url: string): boolean {
  const href = externalUrl(url);
  if (href === null) return false;
  void shell.openExternal(href);
  return true;
}

/**
 * Every webContents (our window, and anything that might ever be created) gets the
 * same rules: no new windows (http(s) links go to the system browser), no navigation
 * away from the page, no <webview>.
 */
export function hardenWebContents(wc: WebContents): void {
  wc.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  wc.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternalSafely(url);
  });
  wc.on('will-redirect', (event) => event.preventDefault());
  wc.on('will-attach-webview', (event) => event.preventDefault());
}

/** Adds the CSP to every response and refuses every permission but clipboard writes from our page. */
export function hardenSession(ses: Session): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(permission === 'clipboard-sanitized-write' && isAppUrl(details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permission === 'clipboard-sanitized-write' && isAppUrl(requestingOrigin));
}

/**
 * The capture files named on a command line (a first launch, a second launch, an
 * "Open with" from the file manager): existing files only, of the kinds Cuttings reads.
 * Flags, the executable, the app folder (`electron .`) and anything else are left out.
 */
export function filesFromArgv(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(1)) {
    if (!arg || arg.startsWith('-')) continue;
    const file = path.resolve(cwd, arg);
    try {
      if (statSync(file).isFile() && isCaptureFile(file) && !out.includes(file)) out.push(file);
    } catch {
      // not a file: ignore
    }
  }
  return out;
}

/**
 * Which better-sqlite3 binary to load: `CUTTINGS_SQLITE_BINDING` when set; in a packaged
 * app the one electron-builder built for Electron in place (undefined: the default);
 * under `npm start` the Electron build made by `build/prepare-electron-sqlite.mjs`,
 * so the Node build the tests and the CLI use stays untouched.
 */
export function sqliteBinding(opts: { env: NodeJS.ProcessEnv; isPackaged: boolean; appPath: string; exists?: (f: string) => boolean }): string | undefined {
  if (opts.env.CUTTINGS_SQLITE_BINDING) return opts.env.CUTTINGS_SQLITE_BINDING;
  if (opts.isPackaged) return undefined;
  const file = path.join(opts.appPath, ELECTRON_SQLITE_BINDING);
  return (opts.exists ?? existsSync)(file) ? file : undefined;
}

export function openFailureMessage(err: unknown, dbFile: string): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application/i.test(message)) {
    return (
      `better-sqlite3 is not built for this version of Electron.\n\n` +
      `Run "node build/prepare-electron-sqlite.mjs" (it needs network once), or "npm start", which runs it.\n\n${message}`
    );
  }
  return `The archive ${dbFile} could not be opened.\n\n${message}`;
}

export interface AppContext {
  archive: Archive;
  window: () => BrowserWindow | null;
  importPaths: (paths: string[]) => Promise<unknown>;
  send: <E extends EventName>(name: E, payload: EventPayloads[E]) => void;
  setTheme: (theme: Theme) => void;
}

/**
 * Starts the app. Resolves with the running app's parts once the window is open, or
 * with null when this is a second instance (it hands its files to the first and quits)
 * or the archive cannot be opened.
 */
export function startApp(): Promise<AppContext | null> {
  // userData is <appData>/Cuttings whatever the package name, as the CLI computes it.
  app.setName(APP_NAME);
  app.setPath('userData', path.join(app.getPath('appData'), APP_NAME));
  // Must happen before `ready`.
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(null);
  }

  let ctx: AppContext | null = null;
  const pending: string[] = filesFromArgv(process.argv, process.cwd());

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const w = ctx?.window();
    if (w) {
      if (w.isMinimized()) w.restore();
      w.show();
      w.focus();
    }
    const files = filesFromArgv(argv, workingDirectory);
    if (ctx) void ctx.importPaths(files);
    else pending.push(...files);
  });
  // macOS: files dropped on the Dock icon or opened with the app (also before ready).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (ctx) void ctx.importPaths([file]);
    else pending.push(file);
  });
  app.on('web-contents-created', (_event, wc) => hardenWebContents(wc));

  return app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    const isDev = !app.isPackaged;
    const appPath = app.getAppPath();
    const distDir = path.join(appPath, 'dist');
    const userData = app.getPath('userData');
    // CUTTINGS_DB points the app at another archive, as it does the CLI.
    const dbFile = process.env.CUTTINGS_DB ? path.resolve(process.env.CUTTINGS_DB) : path.join(userData, DB_FILE_NAME);

    let archive: Archive;
    try {
      archive = new Archive(dbFile, { nativeBinding: sqliteBinding({ env: process.env, isPackaged: app.isPackaged, appPath }) });
      // Searches and the other reads run in worker threads: this process never waits on one.
      archive.readInWorkers({ onCrash: (message) => console.error(`Cuttings: ${message}; it was replaced.`) });
      // The ranking lists of broad words read ahead in the background (core/search/warmup.ts).
      archive.warmRankListsInBackground();
      // A team archive keeps in step with its server by itself (core/sync/background.ts).
      archive.syncInBackground();
    } catch (err) {
      dialog.showErrorBox('Cuttings cannot start', openFailureMessage(err, dbFile));
      app.quit();
      return null;
    }
    // Grants for the files the page may use; lasting ones (a backup folder) kept in the settings.
    const grants = new GrantStore(path.join(userData, PLACES_FILE));
    const backupPrefsFile = path.join(userData, BACKUPS_FILE);
    const defaultBackupFolder = path.join(path.dirname(dbFile), 'backups');
    // One automatic backup a day, the last 7 kept, unless turned off in Settings, into the
    // folder chosen there (while its grant lasts); a failure is logged, never fatal.
    try {
      startupBackup(archive.db, backupPrefsFile, grants, defaultBackupFolder, new Date());
    } catch (err) {
      console.error(`Cuttings: the daily backup failed: ${(err as Error).message}`);
    }
    registerProtocols(protocol, path.join(distDir, 'renderer'), archive);

    const stateFile = path.join(userData, WINDOW_STATE_FILE);
    const state = readWindowState(stateFile);
    let theme: Theme = state.theme;
    nativeTheme.themeSource = theme;

    const bounds = restoreBounds(state, screen.getAllDisplays().map((d) => d.workArea));
    const iconFile = path.join(appPath, 'build', 'icons', '512x512.png');
    const win = new BrowserWindow({
      ...bounds,
      minWidth: MIN_WIDTH,
      minHeight: MIN_HEIGHT,
      title: APP_NAME,
      show: false,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
      ...(process.platform === 'linux' && existsSync(iconFile) ? { icon: iconFile } : {}),
      webPreferences: secureWebPreferences(path.join(distDir, 'preload.cjs'), isDev),
    });
    hardenWebContents(win.webContents);
    if (state.maximized) win.maximize();
    if (state.fullScreen) win.setFullScreen(true);
    const tracker = trackWindowState(win, stateFile, () => theme);
    win.once('ready-to-show', () => win.show());

    let current: BrowserWindow | null = win;
    win.on('closed', () => (current = null));
    const getWindow = () => (current && !current.isDestroyed() ? current : null);

    const downloads = app.getPath('downloads');
    registerIpc(ipcMain, archive, {
      isTrustedSender: (event) => isOurWindowFrame(event, getWindow()),
      grants,
      dialogs: {
        showOpenDialog: (o) => {
          const w = getWindow();
          return w ? dialog.showOpenDialog(w, o) : dialog.showOpenDialog(o);
        },
        showSaveDialog: (o) => {
          const w = getWindow();
          return w ? dialog.showSaveDialog(w, o) : dialog.showSaveDialog(o);
        },
        downloads,
      },
      app: { backupPrefsFile, defaultBackupFolder, dataFolder: userData, openPath: (p) => shell.openPath(p) },
    });

    const send = <E extends EventName>(name: E, payload: EventPayloads[E]) => {
      const w = getWindow();
      if (w) w.webContents.send(EVENT_CHANNEL, name, payload);
    };
    const setTheme = (t: Theme) => {
      theme = t;
      nativeTheme.themeSource = t;
      if (getWindow()) tracker.save();
      else writeWindowState(stateFile, { ...readWindowState(stateFile), theme: t });
    };
    // Packaged: README.md is copied beside app.asar (extraResources in build/electron-builder.yml).
    const resources = (process.resourcesPath as string | undefined) ?? path.dirname(appPath);
    const guide = app.isPackaged ? path.join(resources, 'README.md') : path.join(appPath, 'README.md');
    const deps = {
      archive,
      dialog,
      shell,
      getWindow,
      send,
      setTheme,
      showAbout: () => app.showAboutPanel(),
      userData,
      guide,
      downloads,
    };
    app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion(), copyright: 'MIT licence', credits: 'An offline archive for press cuttings.' });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(menuActions(deps), { platform: process.platform, isDev, appName: APP_NAME, theme })));

    // The browser clipper's endpoint (clipper-server.ts) on its usual ports; CUTTINGS_CLIPPER
    // names one port instead, or 'off' for none (tests).
    let clipper: RunningClipper | null = null;
    const clipperEnv = process.env.CUTTINGS_CLIPPER;
    if (clipperEnv !== 'off') {
      const ports = clipperEnv && /^\d+$/.test(clipperEnv) ? [Number(clipperEnv)] : undefined;
      void startClipperServer({ archive, ports }).then(
        (c) => {
          clipper = c;
          if (!c) console.error('Cuttings: the browser clipper cannot reach this app: ports 27183–27187 are all taken.');
        },
        (err: unknown) => console.error(`Cuttings: the browser clipper endpoint did not start: ${(err as Error).message}`),
      );
    }

    let closed = false;
    const closeArchive = () => {
      if (closed) return;
      closed = true;
      void clipper?.close();
      archive.close();
    };
    app.on('window-all-closed', () => {
      closeArchive();
      app.quit();
    });
    app.on('will-quit', closeArchive);

    ctx = { archive, window: getWindow, importPaths: (paths) => importPaths(deps, paths), send, setTheme };
    if (pending.length > 0) {
      const files = pending.splice(0);
      // Wait for the page so its `changed` listener hears about the import.
      win.webContents.once('did-finish-load', () => void ctx?.importPaths(files));
    }
    void win.loadURL(APP_URL);
    return ctx;
  });
}

// Inside Electron's main process only: tests import this file without starting anything.
if (process.versions.electron && process.type === 'browser') void startApp();
