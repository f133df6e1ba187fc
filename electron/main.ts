/**
 * The Electron main process: owns the archive, opens one locked-down window, and
 * answers the renderer's contract calls over IPC. (The full desktop shell — menus,
 * window state, drag-and-drop import — grows here; see README.)
 */
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Archive } from './archive.ts';
import { dailyBackup } from './backup.ts';
import { registerIpc } from './ipc.ts';
import { DB_FILE_NAME } from './paths.ts';

/** Content-Security-Policy for everything the window loads. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

let win: BrowserWindow | null = null;

export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
  };
}

function createWindow(archive: Archive): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Cuttings',
    show: false,
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  // Links never navigate the app: http(s) opens in the system browser, the rest is dropped.
  w.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  w.webContents.on('will-navigate', (event) => event.preventDefault());
  w.once('ready-to-show', () => w.show());
  const index = path.join(__dirname, 'renderer', 'index.html');
  if (existsSync(index)) void w.loadFile(index);
  else void w.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(`<!doctype html><meta charset="utf-8"><title>Cuttings</title><p>The archive at ${archive.file} is open. The interface is not built: run <code>npm run build</code>.</p>`)}`);
  return w;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(() => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    const archive = new Archive(path.join(app.getPath('userData'), DB_FILE_NAME), {
      nativeBinding: process.env.CUTTINGS_SQLITE_BINDING || undefined,
    });
    // One automatic backup a day, the last 7 kept; a failure is logged, never fatal.
    try {
      dailyBackup(archive.db, path.join(app.getPath('userData'), 'backups'), new Date());
    } catch (err) {
      console.error(`Cuttings: the daily backup failed: ${(err as Error).message}`);
    }
    win = createWindow(archive);
    registerIpc(ipcMain, archive, { isTrustedSender: (event) => event.sender === win?.webContents && event.senderFrame === win.webContents.mainFrame });
    app.on('window-all-closed', () => {
      archive.close();
      app.quit();
    });
  });
}
