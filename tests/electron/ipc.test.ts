import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL, METHOD_NAMES } from '../../electron/contract/methods.ts';
import { Archive } from '../../electron/core/archive.ts';
import { isOurWindowFrame, PLACES_CHANNEL, registerIpc } from '../../electron/shell/ipc.ts';
import { GrantStore } from '../../electron/core/grants.ts';
import { EVENT_CHANNEL } from '../../electron/contract/events.ts';
import { HARWICK } from '../fixtures/articles.ts';
import { tempDir } from '../helpers.ts';
import { readFileSync } from 'node:fs';

// `electron` cannot be loaded outside Electron (and its binary is not downloadable
// here): the preload and the IPC binding are tested against a mock of its API.
const exposed: Record<string, unknown> = {};
const invoke = vi.fn();
const rendererListeners = new Map<string, (...args: unknown[]) => void>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  webUtils: { getPathForFile: (f: { fakePath?: string }) => f.fakePath ?? '' },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (channel: string, fn: (...args: unknown[]) => void) => rendererListeners.set(channel, fn),
  },
}));

type Handler = (event: unknown, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, fn: Handler) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
}

describe('preload', () => {
  beforeEach(() => invoke.mockReset());

  it('exposes exactly the contract as window.cuttings, each method over the one IPC channel', async () => {
    await import('../../electron/shell/preload.ts');
    const api = exposed.cuttings as Record<string, (a: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.isFrozen(api)).toBe(true);

    invoke.mockResolvedValueOnce({ ok: true, result: { clippings: 3 } });
    await expect(api['archive.stats']!({})).resolves.toEqual({ clippings: 3 });
    expect(invoke).toHaveBeenCalledWith(IPC_CHANNEL, 'archive.stats', {});

    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'not_found', message: 'no clipping with id 9' } });
    await expect(api['clippings.get']!({ id: 9 })).rejects.toMatchObject({ code: 'not_found', message: 'no clipping with id 9' });
  });
});

describe('preload events (window.cuttingsEvents)', () => {
  type Events = { on: (name: unknown, cb: unknown) => () => void };

  it('exposes only `on`, for the two known events, giving listeners the payload and never the IPC event', async () => {
    await import('../../electron/shell/preload.ts');
    const events = exposed.cuttingsEvents as Events;
    expect(Object.keys(events)).toEqual(['on']);
    expect(Object.isFrozen(events)).toBe(true);
    expect(Object.keys(exposed).sort()).toEqual(['cuttings', 'cuttingsEvents', 'cuttingsPlaces']);
    expect(() => events.on('fs', () => undefined)).toThrow(/unknown event/);
    expect(() => events.on('__proto__', () => undefined)).toThrow(/unknown event/);
    expect(() => events.on('changed', 'not a function')).toThrow(/must be a function/);

    const changed = vi.fn();
    const menu = vi.fn();
    const off = events.on('changed', changed);
    events.on('menu', menu);
    const fire = rendererListeners.get(EVENT_CHANNEL)!;
    const ipcEvent = { sender: { send: () => undefined }, ports: [] };
    fire(ipcEvent, 'changed', { reason: 'import' });
    fire(ipcEvent, 'menu', { action: 'find' });
    fire(ipcEvent, 'bogus', { x: 1 });
    expect(changed).toHaveBeenCalledTimes(1);
    expect(changed.mock.calls[0]).toEqual([{ reason: 'import' }]);
    expect(menu.mock.calls[0]).toEqual([{ action: 'find' }]);
    off();
    fire(ipcEvent, 'changed', { reason: 'import' });
    expect(changed).toHaveBeenCalledTimes(1);
  });
});

describe('the sender check (isOurWindowFrame)', () => {
  const mainFrame = { url: 'app://cuttings/index.html', parent: null, processId: 4, frameToken: 'main-token' };
  const wc = { mainFrame };
  const win = { isDestroyed: () => false, webContents: wc };
  const check = (event: unknown, w: unknown = win) => isOurWindowFrame(event as never, w as never);

  it('accepts only the top frame of our window showing our app', () => {
    expect(check({ sender: wc, senderFrame: mainFrame })).toBe(true);
    // The same frame seen through another WebFrameMain object.
    expect(check({ sender: wc, senderFrame: { ...mainFrame } })).toBe(true);
  });

  it('refuses iframes (even on our origin), frames showing other URLs, other webContents and no window', () => {
    expect(check({ sender: wc, senderFrame: { url: 'app://cuttings/index.html', parent: mainFrame, processId: 4, frameToken: 'child-token' } })).toBe(false);
    expect(check({ sender: wc, senderFrame: { url: 'https://evil.example/', parent: mainFrame, processId: 9, frameToken: 'evil-token' } })).toBe(false);
    expect(check({ sender: wc, senderFrame: { ...mainFrame, url: 'https://evil.example/' } })).toBe(false);
    expect(check({ sender: wc, senderFrame: { ...mainFrame, url: 'app://other/index.html' } })).toBe(false);
    expect(check({ sender: wc, senderFrame: { ...mainFrame, url: 'file:///home/me/page.html' } })).toBe(false);
    expect(check({ sender: wc, senderFrame: { ...mainFrame, frameToken: 'other-token' } })).toBe(false);
    expect(check({ sender: wc, senderFrame: null })).toBe(false);
    expect(check({ sender: { mainFrame }, senderFrame: mainFrame })).toBe(false);
    expect(check({ sender: wc, senderFrame: mainFrame }, null)).toBe(false);
    expect(check({ sender: wc, senderFrame: mainFrame }, { ...win, isDestroyed: () => true })).toBe(false);
  });
});

describe('IPC binding', () => {
  const ours = { sender: 'our-webcontents' };
  const foreign = { sender: 'some-other-webcontents' };

  function setup() {
    const archive = new Archive(path.join(tempDir(), 'c.db'));
    const ipc = fakeIpcMain();
    const off = registerIpc(ipc as never, archive, {
      isTrustedSender: (e) => (e as unknown as typeof ours).sender === ours.sender,
      grants: new GrantStore(),
      dialogs: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }), downloads: tempDir() },
    });
    const call = (event: unknown, method: unknown, args?: unknown) => ipc.handlers.get(IPC_CHANNEL)!(event, method, args);
    return { archive, ipc, off, call };
  }

  it('runs contract calls from our window', async () => {
    const { call, archive } = setup();
    const added = await call(ours, 'clippings.add', { capture: { name: 'c.txt', text: readFileSync(HARWICK.capture, 'utf8') } }) as { ok: boolean; result: { id: number } };
    expect(added).toMatchObject({ ok: true, result: { status: 'added', id: 1 } });
    expect(await call(ours, 'clippings.get', { id: 1 })).toMatchObject({ ok: true, result: { id: 1, byline: HARWICK.expected().byline } });
    archive.close();
  });

  it('refuses foreign senders, unknown methods and bad arguments without touching the archive', async () => {
    const { call, archive } = setup();
    expect(await call(foreign, 'archive.stats', {})).toEqual({ ok: false, error: { code: 'invalid_args', message: 'call refused: unknown sender' } });
    expect(await call(ours, 'fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call(ours, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call(ours, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call(ours, 'clippings.delete', { selection: { ids: ['1; DROP TABLE clippings'] } })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await call(ours, 'clippings.get', { id: 3 })).toEqual({ ok: false, error: { code: 'not_found', message: 'no clipping with id 3' } });
    expect(await call(ours, 'archive.stats', {})).toMatchObject({ ok: true, result: { clippings: 0 } });
    archive.close();
  });

  it('can be unregistered', () => {
    const { ipc, off, archive } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([IPC_CHANNEL, PLACES_CHANNEL].sort());
    off();
    expect(ipc.handlers.size).toBe(0);
    archive.close();
  });
});
