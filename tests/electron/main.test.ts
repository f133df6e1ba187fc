/**
 * The Electron shell (main.ts, protocol.ts, window-state.ts, menu.ts) against a
 * hand-written fake of the Electron APIs it uses: the Electron binary cannot run here.
 * The archive behind it is real (a temporary userData folder).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL } from '../../electron/contract/methods.ts';
import { EVENT_CHANNEL } from '../../electron/contract/events.ts';
import { HARWICK } from '../fixtures/articles.ts';
import { tempDir } from '../helpers.ts';

type Fn = (...args: any[]) => any;

const fake = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Fn[]>();
    on(ev: string, fn: Fn) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), fn]);
      return this;
    }
    once(ev: string, fn: Fn) {
      const wrap: Fn = (...a) => {
        this.off(ev, wrap);
        return fn(...a);
      };
      return this.on(ev, wrap);
    }
    off(ev: string, fn: Fn) {
      this.listeners.set(ev, (this.listeners.get(ev) ?? []).filter((f) => f !== fn));
      return this;
    }
    emit(ev: string, ...args: unknown[]) {
      for (const fn of [...(this.listeners.get(ev) ?? [])]) fn(...args);
    }
  }
  const state = {
    userData: '',
    appPath: '',
    isPackaged: true,
    lock: true,
    windows: [] as any[],
    ipcHandlers: new Map<string, Fn>(),
    protocolHandlers: new Map<string, Fn>(),
    privileged: [] as any[],
    menuTemplate: null as any,
    headersListener: null as Fn | null,
    permissionRequest: null as Fn | null,
    permissionCheck: null as Fn | null,
    displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] as { workArea: { x: number; y: number; width: number; height: number } }[],
  };
  let nextId = 1;
  class WebContents extends Emitter {
    id = nextId++;
    windowOpenHandler: Fn | null = null;
    mainFrame = { url: '', parent: null, processId: 1, frameToken: `token-${this.id}` };
    send = vi.fn();
    setWindowOpenHandler(fn: Fn) {
      this.windowOpenHandler = fn;
    }
  }
  class BrowserWindow extends Emitter {
    options: any;
    webContents = new WebContents();
    destroyed = false;
    maximized = false;
    fullScreen = false;
    minimized = false;
    bounds: { x: number; y: number; width: number; height: number };
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn(() => (this.minimized = false));
    constructor(options: any) {
      super();
      this.options = options;
      this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width, height: options.height };
      state.windows.push(this);
    }
    maximize() {
      this.maximized = true;
    }
    setFullScreen(f: boolean) {
      this.fullScreen = f;
    }
    isMaximized() {
      return this.maximized;
    }
    isFullScreen() {
      return this.fullScreen;
    }
    isMinimized() {
      return this.minimized;
    }
    isDestroyed() {
      return this.destroyed;
    }
    getNormalBounds() {
      return { ...this.bounds };
    }
    async loadURL(url: string) {
      this.webContents.mainFrame.url = url;
      this.webContents.emit('did-finish-load');
    }
  }
  const app = Object.assign(new Emitter(), {
    setName: vi.fn(),
    requestSingleInstanceLock: () => state.lock,
    quit: vi.fn(),
    whenReady: () => Promise.resolve(),
    getAppPath: () => state.appPath,
    getPath: (name: string) => (name === 'userData' ? state.userData : path.join(state.userData, `fake-${name}`)),
    setPath: vi.fn(),
    getVersion: () => '0.1.0',
    setAboutPanelOptions: vi.fn(),
    showAboutPanel: vi.fn(),
  });
  Object.defineProperty(app, 'isPackaged', { get: () => state.isPackaged });
  const electron = {
    app,
    BrowserWindow,
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })), showErrorBox: vi.fn() },
    ipcMain: {
      handle: (ch: string, fn: Fn) => state.ipcHandlers.set(ch, fn),
      removeHandler: (ch: string) => state.ipcHandlers.delete(ch),
    },
    Menu: { buildFromTemplate: (t: unknown) => ({ template: t }), setApplicationMenu: (m: any) => (state.menuTemplate = m.template) },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    protocol: {
      registerSchemesAsPrivileged: (s: any[]) => state.privileged.push(...s),
      handle: (scheme: string, fn: Fn) => state.protocolHandlers.set(scheme, fn),
    },
    screen: { getAllDisplays: () => state.displays },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: Fn) => (state.headersListener = fn) },
        setPermissionRequestHandler: (fn: Fn) => (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => (state.permissionCheck = fn),
      },
    },
    shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') },
  };
  const reset = () => {
    state.windows = [];
    state.ipcHandlers.clear();
    state.protocolHandlers.clear();
    state.privileged = [];
    state.menuTemplate = null;
    state.headersListener = state.permissionRequest = state.permissionCheck = null;
    state.lock = true;
    state.isPackaged = true;
    state.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
    app.listeners.clear();
    electron.nativeTheme.themeSource = 'system';
    for (const f of [app.quit, app.setName, app.setPath, electron.shell.openExternal, electron.shell.openPath, electron.dialog.showOpenDialog, electron.dialog.showSaveDialog, electron.dialog.showErrorBox])
      (f as any).mockClear();
  };
  return { state, electron, app, reset, BrowserWindow, WebContents };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const main = await import('../../electron/shell/main.ts');
const protocolMod = await import('../../electron/shell/protocol.ts');
const windowState = await import('../../electron/shell/window-state.ts');
const menu = await import('../../electron/shell/menu.ts');

const started: { archive: { close(): void } }[] = [];

async function start(opts: { packaged?: boolean; argv?: string[] } = {}) {
  fake.reset();
  fake.state.userData = tempDir('cuttings-userdata-');
  fake.state.appPath = tempDir('cuttings-app-');
  fake.state.isPackaged = opts.packaged ?? true;
  const argv = process.argv;
  if (opts.argv) process.argv = opts.argv;
  try {
    const ctx = await main.startApp();
    if (ctx) started.push(ctx);
    return ctx;
  } finally {
    process.argv = argv;
  }
}

const win = () => fake.state.windows[0]!;
/** An import in the background: its capture is extracted in a worker thread, which starts with the first capture (seconds, from the TypeScript source on a busy machine). */
const IMPORTED = { timeout: 30_000, interval: 50 };
const ipc = (event: unknown, method: unknown, args?: unknown) => fake.state.ipcHandlers.get(IPC_CHANNEL)!(event, method, args);

beforeEach(() => {
  // The app honours these; the suite must not pick them up from the environment.
  delete process.env.CUTTINGS_DB;
  delete process.env.CUTTINGS_SQLITE_BINDING;
  // The clipper endpoint takes fixed ports (27183–27187): not in these tests.
  process.env.CUTTINGS_CLIPPER = 'off';
});

afterEach(() => {
  for (const c of started.splice(0)) c.archive.close();
});

describe('the window', () => {
  it('is locked down: isolated, sandboxed, no Node, web security on, devtools off when packaged', async () => {
    await start();
    const prefs = win().options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs.preload).toBe(path.join(fake.state.appPath, 'dist', 'preload.cjs'));
    expect(win().webContents.mainFrame.url).toBe('app://cuttings/index.html');
    expect(fake.app.setName).toHaveBeenCalledWith('Cuttings');
    expect(fake.app.setPath).toHaveBeenCalledWith('userData', path.join(fake.state.userData, 'fake-appData', 'Cuttings'));
  });

  it('allows the developer tools only when not packaged', async () => {
    await start({ packaged: false });
    expect(win().options.webPreferences.devTools).toBe(true);
    const view = fake.state.menuTemplate.find((m: any) => m.label === '&View');
    expect(view.submenu.map((i: any) => i.role)).toContain('toggleDevTools');
  });

  it('sets the strict CSP on every response', async () => {
    await start();
    const callback = vi.fn();
    fake.state.headersListener!({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    const headers = callback.mock.calls[0]![0].responseHeaders;
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['Content-Security-Policy']).toEqual([main.CSP]);
    const directives = Object.fromEntries(main.CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives['default-src']).toBe("'none'");
    expect(directives['script-src']).toBe("'self'");
    expect(directives['img-src']).toBe("'self' cuttings-image: data:");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(main.CSP).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it('refuses every permission except clipboard writes from our page', async () => {
    await start();
    const answer = (permission: string, url: string) => {
      const cb = vi.fn();
      fake.state.permissionRequest!({}, permission, cb, { requestingUrl: url });
      return cb.mock.calls[0]![0];
    };
    expect(answer('media', 'app://cuttings/index.html')).toBe(false);
    expect(answer('geolocation', 'app://cuttings/index.html')).toBe(false);
    expect(answer('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(answer('clipboard-sanitized-write', 'app://cuttings/index.html')).toBe(true);
    expect(fake.state.permissionCheck!({}, 'notifications', 'app://cuttings')).toBe(false);
  });

  it('denies every navigation; http(s) links go to the system browser', async () => {
    await start();
    for (const url of ['https://example.com/a', 'file:///etc/passwd', 'app://cuttings/other.html', 'javascript:alert(1)']) {
      const event = { preventDefault: vi.fn() };
      win().webContents.emit('will-navigate', event, url);
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(fake.electron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fake.electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/a');
    const webview = { preventDefault: vi.fn() };
    win().webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies window.open; only http(s) addresses open externally (javascript:, file:, data: refused)', async () => {
    await start();
    const open = win().webContents.windowOpenHandler!;
    for (const url of ['https://news.example/story', 'http://news.example/', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'app://cuttings/', 'smb://host/share', 'https://']) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.electron.shell.openExternal.mock.calls.map((c: unknown[]) => c[0])).toEqual(['https://news.example/story', 'http://news.example/']);
  });

  it('hands the system browser the normalised URL, never the raw string; refuses backslashes, whitespace and control characters', async () => {
    await start();
    const open = win().webContents.windowOpenHandler!;
    const refused = [' http://evil.example/', 'http://evil.example/ ', 'http:\\\\evil.example\\', 'https://good.example\\@evil.example/', 'http://evil.example/a b', 'ht\ttp://evil.example/', 'https://evil.example/\n', '\u0000https://evil.example/'];
    for (const url of refused) expect(open({ url })).toEqual({ action: 'deny' });
    for (const url of refused) win().webContents.emit('will-navigate', { preventDefault: vi.fn() }, url);
    expect(fake.electron.shell.openExternal).not.toHaveBeenCalled();
    for (const url of ['HTTPS://News.Example/a?q=1#x', 'http://news.example']) expect(open({ url })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal.mock.calls.map((c: unknown[]) => c[0])).toEqual(['https://news.example/a?q=1#x', 'http://news.example/']);
  });

  it('hardens any other webContents created later too', async () => {
    await start();
    const other = new fake.WebContents();
    fake.app.emit('web-contents-created', {}, other);
    expect(other.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    const event = { preventDefault: vi.fn() };
    other.emit('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('opens the archive CUTTINGS_DB names, as the CLI does', async () => {
    const db = path.join(tempDir(), 'elsewhere.db');
    process.env.CUTTINGS_DB = db;
    try {
      const ctx = (await start())!;
      expect((ctx.archive as unknown as { file: string }).file).toBe(db);
      expect(existsSync(path.join(path.dirname(db), 'backups'))).toBe(true);
    } finally {
      delete process.env.CUTTINGS_DB;
    }
  });

  it('starts the browser clipper endpoint with the app and closes it when the app quits', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    await new Promise((r) => blocker.close(r));
    const hello = () =>
      new Promise<number | string>((resolve) => {
        const req = httpGet({ host: '127.0.0.1', port, path: '/clipper/hello', headers: { Origin: 'chrome-extension://abcdefghijklmnop' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve('closed'));
      });
    process.env.CUTTINGS_CLIPPER = String(port);
    await start();
    await expect.poll(hello, { timeout: 10_000 }).toBe(200);
    fake.app.emit('will-quit');
    await expect.poll(hello, { timeout: 10_000 }).toBe('closed');
  });

  it('makes the daily backup at start', async () => {
    await start();
    const backups = readdirSync(path.join(fake.state.userData, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^cuttings-\d{4}-\d{2}-\d{2}\.db$/);
  });

  it('registers app: and cuttings-image: as privileged before ready and handles both', async () => {
    await start();
    expect(fake.state.privileged.find((s) => s.scheme === 'app').privileges).toMatchObject({ standard: true, secure: true });
    expect(fake.state.privileged.find((s) => s.scheme === 'cuttings-image')).toBeTruthy();
    expect([...fake.state.protocolHandlers.keys()].sort()).toEqual(['app', 'cuttings-image']);
  });
});

describe('IPC from the window', () => {
  const mainFrameEvent = () => ({ sender: win().webContents, senderFrame: win().webContents.mainFrame });

  it('answers our page', async () => {
    await start();
    expect(await ipc(mainFrameEvent(), 'archive.stats', {})).toMatchObject({ ok: true, result: { clippings: 0 } });
  });

  it('never runs a search on the main process: other calls are answered while a search holds its reader', async () => {
    // The readers' test hook (electron/core/readers/entry.ts): a search that holds its worker until released.
    process.env.CUTTINGS_TEST_HOOKS = '1';
    try {
      await start();
      const release = path.join(tempDir(), 'release');
      let searched = false;
      const search = Promise.resolve(ipc(mainFrameEvent(), 'search.query', { query: `cuttings-test:block:${release}` })).then((r) => ((searched = true), r));
      expect(await ipc(mainFrameEvent(), 'archive.stats', {})).toMatchObject({ ok: true, result: { clippings: 0 } });
      expect(await ipc(mainFrameEvent(), 'clippings.setFlags', { selection: { all: true }, read: true })).toMatchObject({ ok: true });
      expect(searched).toBe(false);
      writeFileSync(release, '');
      expect(await search).toMatchObject({ ok: true, result: { total: 0 } });
    } finally {
      delete process.env.CUTTINGS_TEST_HOOKS;
    }
  });

  it('refuses unknown methods and bad arguments', async () => {
    await start();
    expect(await ipc(mainFrameEvent(), 'shell.openExternal', { url: 'x' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await ipc(mainFrameEvent(), 'hasOwnProperty', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await ipc(mainFrameEvent(), 'clippings.get', { id: -1 })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await ipc(mainFrameEvent(), 'clippings.import', { paths: 'not-a-list' })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });

  it('refuses foreign senders: another webContents, an iframe in our window, our frame showing another page, a destroyed window', async () => {
    await start();
    const refused = { ok: false, error: { code: 'invalid_args', message: 'call refused: unknown sender' } };
    const other = new fake.WebContents();
    other.mainFrame.url = 'app://cuttings/index.html';
    expect(await ipc({ sender: other, senderFrame: other.mainFrame }, 'archive.stats', {})).toEqual(refused);
    // An iframe inside our window, whatever URL it claims.
    const iframe = { url: 'app://cuttings/index.html', parent: win().webContents.mainFrame, processId: 1, frameToken: 'token-999' };
    expect(await ipc({ sender: win().webContents, senderFrame: iframe }, 'archive.stats', {})).toEqual(refused);
    const foreignIframe = { url: 'https://ads.example/', parent: win().webContents.mainFrame, processId: 2, frameToken: 'token-5' };
    expect(await ipc({ sender: win().webContents, senderFrame: foreignIframe }, 'archive.stats', {})).toEqual(refused);
    // The sender check reads the frame's URL.
    win().webContents.mainFrame.url = 'https://evil.example/';
    expect(await ipc(mainFrameEvent(), 'archive.stats', {})).toEqual(refused);
    win().webContents.mainFrame.url = 'file:///tmp/x.html';
    expect(await ipc(mainFrameEvent(), 'archive.stats', {})).toEqual(refused);
    win().webContents.mainFrame.url = 'app://cuttings/index.html';
    expect(await ipc({ sender: win().webContents, senderFrame: null }, 'archive.stats', {})).toEqual(refused);
    expect(await ipc(mainFrameEvent(), 'archive.stats', {})).toMatchObject({ ok: true });
    win().destroyed = true;
    expect(await ipc(mainFrameEvent(), 'archive.stats', {})).toEqual(refused);
  });
});

describe('single instance and files opened with the app', () => {
  function capture(dir: string, name = 'story.txt') {
    const file = path.join(dir, name);
    copyFileSync(HARWICK.capture, file);
    return file;
  }

  it('quits at once when another instance holds the lock', async () => {
    fake.reset();
    fake.state.lock = false;
    expect(await main.startApp()).toBeNull();
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
  });

  it('a second launch focuses the window and imports the capture files it was given', async () => {
    const ctx = (await start())!;
    const dir = tempDir();
    const file = capture(dir);
    writeFileSync(path.join(dir, 'notes.exe'), 'MZ');
    win().minimized = true;
    fake.app.emit('second-instance', {}, ['/opt/Cuttings/cuttings', '--no-sandbox', 'story.txt', 'notes.exe', 'missing.html', '.'], dir);
    expect(win().restore).toHaveBeenCalled();
    expect(win().focus).toHaveBeenCalled();
    await vi.waitFor(() => expect(win().webContents.send).toHaveBeenCalled(), IMPORTED);
    expect(win().webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'changed', {
      reason: 'import',
      report: expect.objectContaining({ added: 1, errors: 0, files: 1 }),
    });
    expect((await ctx.archive.call('archive.stats', {})).clippings).toBe(1);
    expect(file).toBeTruthy();
  });

  it('imports files from the first launch and from macOS open-file once the page has loaded', async () => {
    const dir = tempDir();
    capture(dir, 'first.txt');
    const cwd = process.cwd();
    process.chdir(dir);
    let ctx;
    try {
      ctx = (await start({ argv: ['/usr/bin/electron', '.', 'first.txt'] }))!;
    } finally {
      process.chdir(cwd);
    }
    await vi.waitFor(async () => expect((await ctx.archive.call('archive.stats', {})).clippings).toBe(1), IMPORTED);
    const event = { preventDefault: vi.fn() };
    const other = path.join(dir, 'other.md');
    writeFileSync(other, '# Council approves budget\n\nThe council approved the budget on Tuesday after a long debate about the new library and the bus lanes in the centre of town.\n');
    fake.app.emit('open-file', event, other);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(async () => expect((await ctx.archive.call('archive.stats', {})).clippings).toBe(2), IMPORTED);
  });

  it('filesFromArgv keeps existing capture files only', () => {
    const dir = tempDir();
    capture(dir, 'a.txt');
    capture(dir, 'b.html.gz');
    mkdirSync(path.join(dir, 'folder.html'));
    expect(main.filesFromArgv(['exe', '-x', '--flag=a.txt', 'a.txt', 'b.html.gz', 'folder.html', 'nope.txt', 'a.txt'], dir)).toEqual([path.join(dir, 'a.txt'), path.join(dir, 'b.html.gz')]);
  });
});

describe('better-sqlite3 for Electron', () => {
  it('uses the separate Electron build under npm start, the in-place one when packaged, the variable first', () => {
    const appPath = '/repo';
    const dev = path.join(appPath, 'node_modules', '.cuttings-electron', 'better_sqlite3.node');
    expect(main.sqliteBinding({ env: {}, isPackaged: false, appPath, exists: (f) => f === dev })).toBe(dev);
    expect(main.sqliteBinding({ env: {}, isPackaged: false, appPath, exists: () => false })).toBeUndefined();
    expect(main.sqliteBinding({ env: {}, isPackaged: true, appPath, exists: () => true })).toBeUndefined();
    expect(main.sqliteBinding({ env: { CUTTINGS_SQLITE_BINDING: '/x.node' }, isPackaged: true, appPath })).toBe('/x.node');
  });

  it('explains an ABI mismatch', () => {
    const err = new Error('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140.');
    expect(main.openFailureMessage(err, '/db')).toMatch(/prepare-electron-sqlite/);
    expect(main.openFailureMessage(new Error('disk I/O error'), '/db')).toMatch(/could not be opened/);
  });
});

describe('the app: and cuttings-image: protocols', () => {
  let root: string;
  beforeEach(() => {
    root = path.join(tempDir(), 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Cuttings</title>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'secret');
  });
  const get = (url: string) => protocolMod.appProtocolHandler(root)(new Request(url));

  it('serves the built renderer with the CSP and the right types', async () => {
    const index = await get('app://cuttings/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toBe(protocolMod.CSP);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>Cuttings</title>');
    const js = await get('app://cuttings/assets/app.js?v=1');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await get('app://cuttings/assets/missing.js')).status).toBe(404);
    expect((await get('app://cuttings/assets')).status).toBe(404);
  });

  it('refuses path traversal, other hosts and odd paths', async () => {
    for (const url of [
      'app://cuttings/../../etc/passwd',
      'app://cuttings/../secret.txt',
      'app://cuttings/%2e%2e/secret.txt',
      'app://cuttings/%2e%2e%2fsecret.txt',
      'app://cuttings/assets/..%2f..%2fsecret.txt',
      'app://cuttings/..%5csecret.txt',
      'app://cuttings/%00index.html',
      'app://cuttings//etc/passwd',
      'app://other/index.html',
      'app://cuttings/C:/Windows/win.ini',
    ]) {
      const r = await get(url);
      expect(r.status, url).not.toBe(200);
      expect(await r.text(), url).not.toContain('secret');
    }
    expect(protocolMod.resolveAppPath(root, 'app://cuttings/../../etc/passwd')).toBeNull();
    expect(protocolMod.resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
    expect((await protocolMod.appProtocolHandler(root)(new Request('app://cuttings/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('shows a notice page while the interface is not built', async () => {
    const r = await protocolMod.appProtocolHandler(path.join(tempDir(), 'none'))(new Request('app://cuttings/index.html'));
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('npm run build');
  });

  it('serves stored images by sha256 through images.get, and nothing else', async () => {
    const sha = 'ab'.repeat(32);
    const calls: unknown[] = [];
    const archive = {
      call: async (method: string, args: any): Promise<any> => {
        calls.push([method, args]);
        if (args.sha256 === sha) return { mediaType: 'image/png', base64: Buffer.from('PNG!').toString('base64') };
        if (args.sha256 === 'cd'.repeat(32)) return { mediaType: 'text/html', base64: Buffer.from('<script>').toString('base64') };
        throw new Error('not found');
      },
    };
    const handler = protocolMod.imageProtocolHandler(archive as never);
    const ok = await handler(new Request(`cuttings-image:${sha}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(ok.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(Buffer.from(await ok.arrayBuffer()).toString()).toBe('PNG!');
    expect(calls).toEqual([['images.get', { sha256: sha }]]);
    expect((await handler(new Request(`cuttings-image://${sha.toUpperCase()}/`))).status).toBe(200);
    expect((await handler(new Request('cuttings-image:../../etc/passwd'))).status).toBe(400);
    expect((await handler(new Request(`cuttings-image:${'0'.repeat(64)}`))).status).toBe(404);
    const html = await handler(new Request(`cuttings-image:${'cd'.repeat(32)}`));
    expect(html.headers.get('content-type')).toBe('application/octet-stream');
  });
});

describe('window state', () => {
  it('restores size and position on a visible display, and drops a position that is off every display', async () => {
    const file = path.join(tempDir(), 'window-state.json');
    windowState.writeWindowState(file, { x: 200, y: 150, width: 1000, height: 700, maximized: false, fullScreen: false, theme: 'dark' });
    const s = windowState.readWindowState(file);
    const displays = [{ x: 0, y: 0, width: 1920, height: 1040 }];
    expect(windowState.restoreBounds(s, displays)).toEqual({ x: 200, y: 150, width: 1000, height: 700 });
    // The monitor it was on is gone: same size, no position (the system centres it).
    expect(windowState.restoreBounds({ ...s, x: 2500, y: 100 }, displays)).toEqual({ width: 1000, height: 700 });
    // On a second monitor to the left.
    expect(windowState.restoreBounds({ ...s, x: -1500, y: 100 }, [...displays, { x: -1920, y: 0, width: 1920, height: 1080 }])).toEqual({ x: -1500, y: 100, width: 1000, height: 700 });
    // Larger than the display: shrunk to fit and moved onto it.
    expect(windowState.restoreBounds({ ...s, x: 10, y: 10, width: 3000, height: 2000 }, displays)).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
    // Title bar above the top of the screen: not reachable.
    expect(windowState.restoreBounds({ ...s, x: 100, y: -500 }, displays)).toEqual({ width: 1000, height: 700 });
  });

  it('falls back to defaults on a missing or broken file', () => {
    const dir = tempDir();
    expect(windowState.readWindowState(path.join(dir, 'none.json'))).toEqual(windowState.DEFAULT_WINDOW_STATE);
    writeFileSync(path.join(dir, 'bad.json'), '{"width": "huge", "x": 1e99, "theme": "neon"');
    expect(windowState.readWindowState(path.join(dir, 'bad.json'))).toEqual(windowState.DEFAULT_WINDOW_STATE);
    writeFileSync(path.join(dir, 'odd.json'), JSON.stringify({ width: 10, height: 900, x: 5, theme: 'light', maximized: 'yes' }));
    expect(windowState.readWindowState(path.join(dir, 'odd.json'))).toEqual({ ...windowState.DEFAULT_WINDOW_STATE, height: 900, theme: 'light' });
  });

  it('the app saves the window on close and reopens it where it was, maximized and themed', async () => {
    await start();
    const file = path.join(fake.state.userData, 'window-state.json');
    win().bounds = { x: 300, y: 200, width: 1100, height: 760 };
    win().maximized = true;
    fake.state.menuTemplate.find((m: any) => m.label === '&View').submenu[0].submenu.find((i: any) => i.id === 'theme-dark').click();
    expect(fake.electron.nativeTheme.themeSource).toBe('dark');
    win().emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 300, y: 200, width: 1100, height: 760, maximized: true, fullScreen: false, theme: 'dark' });

    // Next start, same userData.
    const userData = fake.state.userData;
    started.splice(0).forEach((c) => c.archive.close());
    fake.reset();
    fake.state.userData = userData;
    started.push((await main.startApp())!);
    expect(win().options).toMatchObject({ x: 300, y: 200, width: 1100, height: 760 });
    expect(win().maximized).toBe(true);
    expect(fake.electron.nativeTheme.themeSource).toBe('dark');
    const themeMenu = fake.state.menuTemplate.find((m: any) => m.label === '&View').submenu[0].submenu;
    expect(themeMenu.find((i: any) => i.checked).id).toBe('theme-dark');
  });

  it('saves after moves and resizes (debounced)', async () => {
    vi.useFakeTimers();
    try {
      const file = path.join(tempDir(), 'ws.json');
      const w = new fake.BrowserWindow({ width: 800, height: 600 });
      windowState.trackWindowState(w as never, file, () => 'light', 200);
      w.bounds = { x: 40, y: 50, width: 900, height: 650 };
      w.emit('resize');
      w.emit('move');
      expect(existsSync(file)).toBe(false);
      vi.advanceTimersByTime(250);
      expect(windowState.readWindowState(file)).toMatchObject({ x: 40, y: 50, width: 900, height: 650, theme: 'light' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('menus', () => {
  const noop = () => undefined;
  const actions = { importFiles: noop, importFolder: noop, exportAll: noop, backup: noop, showDataFolder: noop, setTheme: noop, find: noop, openGuide: noop, about: noop };
  const flat = (items: any[]): any[] => items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);

  it('has File, Edit, View, Window and Help with the usual shortcuts', () => {
    const t = menu.menuTemplate(actions, { platform: 'linux', isDev: false, appName: 'Cuttings', theme: 'system' });
    expect(t.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', 'windowMenu', '&Help']);
    const byId = Object.fromEntries(flat(t).filter((i) => i.id).map((i) => [i.id, i]));
    expect(byId['import-files'].accelerator).toBe('CmdOrCtrl+O');
    expect(byId['import-folder'].accelerator).toBe('CmdOrCtrl+Shift+O');
    expect(byId['export'].accelerator).toBe('CmdOrCtrl+E');
    expect(byId['backup'].accelerator).toBe('CmdOrCtrl+Shift+B');
    expect(byId['find'].accelerator).toBe('CmdOrCtrl+F');
    expect(byId['quit']).toMatchObject({ role: 'quit', accelerator: 'Ctrl+Q' });
    expect(byId['guide'].accelerator).toBe('F1');
    const roles = flat(t).map((i) => i.role).filter(Boolean);
    for (const r of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']) expect(roles).toContain(r);
    expect(roles).not.toContain('toggleDevTools');
    expect(byId['theme'].submenu.map((i: any) => [i.id, i.type, i.checked])).toEqual([
      ['theme-system', 'radio', true],
      ['theme-light', 'radio', false],
      ['theme-dark', 'radio', false],
    ]);
  });

  it('adds the app menu on macOS', () => {
    const t = menu.menuTemplate(actions, { platform: 'darwin', isDev: false, appName: 'Cuttings', theme: 'dark' });
    expect(t[0]!.label).toBe('Cuttings');
    expect(flat(t).map((i) => i.role)).toEqual(expect.arrayContaining(['about', 'hide', 'quit', 'close']));
  });

  it('File › Import… imports what the dialog picked and tells the page; Find goes to the page', async () => {
    const ctx = (await start())!;
    const dir = tempDir();
    const file = path.join(dir, 'a.txt');
    copyFileSync(HARWICK.capture, file);
    fake.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    const items = flat(fake.state.menuTemplate);
    items.find((i) => i.id === 'import-files').click();
    await vi.waitFor(() => expect(win().webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'changed', expect.objectContaining({ reason: 'import' })), IMPORTED);
    expect(fake.electron.dialog.showOpenDialog.mock.calls[0]![1].properties).toEqual(['openFile', 'multiSelections']);
    expect((await ctx.archive.call('archive.stats', {})).clippings).toBe(1);
    items.find((i) => i.id === 'find').click();
    expect(win().webContents.send).toHaveBeenLastCalledWith(EVENT_CHANNEL, 'menu', { action: 'find' });
  });

  it('Backup… writes the backup the save dialog names; a cancelled dialog does nothing', async () => {
    await start();
    const out = path.join(tempDir(), 'copy.db');
    fake.electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    const items = flat(fake.state.menuTemplate);
    items.find((i) => i.id === 'backup').click();
    await new Promise((r) => setTimeout(r, 20));
    fake.electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: out });
    items.find((i) => i.id === 'backup').click();
    await vi.waitFor(() => expect(existsSync(out)).toBe(true));
    expect(fake.electron.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('Export… picks the format from the chosen file and exports everything', async () => {
    const calls: unknown[] = [];
    const dialog = {
      showOpenDialog: vi.fn(),
      showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/tmp/review.docx' })),
      showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })),
      showErrorBox: vi.fn(),
    };
    const deps = {
      archive: { call: async (m: string, a: unknown): Promise<any> => (calls.push([m, a]), { format: 'docx', clippings: 2, files: ['/tmp/review.docx'] }) },
      dialog,
      shell: { openPath: vi.fn() },
      getWindow: () => null,
      send: vi.fn(),
      setTheme: vi.fn(),
      showAbout: vi.fn(),
      userData: '/u',
      guide: '/g',
      downloads: '/d',
    };
    await menu.menuActions(deps as never).run.exportAll();
    expect(calls).toEqual([['export.write', { selection: { all: true }, format: 'docx', digest: true, out: '/tmp/review.docx' }]]);
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/tmp/review.xyz' });
    await expect(menu.menuActions(deps as never).run.exportAll()).rejects.toThrow(/choose a file ending in/);
  });

  it('an import the disk filled says so first: it stopped, why, how many were not tried, then the file that failed', async () => {
    const stopped = 'disk full while storing /in/b.html: the import stopped there (1 more not tried); what was stored before is kept.';
    const report = {
      results: [
        { file: '/in/a.html', status: 'added', id: 1, title: 'A', byline: null, publishedAt: null },
        { file: '/in/b.html', status: 'error', id: null, title: null, byline: null, publishedAt: null, error: '/in/b.html: disk full, not stored' },
        { file: '/in/c.html', status: 'not_tried', id: null, title: null, byline: null, publishedAt: null },
      ],
      added: 1,
      updated: 0,
      duplicates: 0,
      errors: 1,
      skipped: 0,
      notTried: 1,
      stopped,
    };
    const dialog = { showMessageBox: vi.fn(async () => ({ response: 0 })), showErrorBox: vi.fn() };
    const deps = { archive: { call: async () => report }, dialog, getWindow: () => null, send: vi.fn() };
    await menu.importPaths(deps as never, ['/in']);
    const box = (dialog.showMessageBox.mock.calls[0] as unknown as [{ message: string; detail: string }])[0];
    expect(box.message).toBe('1 added; the import stopped, the disk is full (1 not tried).');
    expect(box.detail).toBe(`${stopped}\n\nb.html: /in/b.html: disk full, not stored`);
  });
});
