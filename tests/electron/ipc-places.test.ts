/**
 * The app's file grants over IPC (electron/shell/ipc.ts, preload.ts, core/grants.ts),
 * with a fake `ipcMain` and fake dialogs: the page names files only through grants the
 * main process issued after its own dialogs or a drop.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL } from '../../electron/contract/methods.ts';
import { PLACES_CHANNEL } from '../../electron/contract/places.ts';
import { Archive } from '../../electron/core/archive.ts';
import { GrantStore, ONCE_TTL_MS } from '../../electron/core/grants.ts';
import { registerIpc, type PlaceDialogs } from '../../electron/shell/ipc.ts';
import { HARWICK } from '../fixtures/articles.ts';
import { tempDir } from '../helpers.ts';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke: (...args: unknown[]) => invoke(...args), on: () => undefined },
  webUtils: { getPathForFile: (f: { fakePath?: string }) => f.fakePath ?? '' },
}));

type Handler = (event: unknown, ...args: unknown[]) => Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>;
const ours = { sender: 'ours' };

function setup(opts: { open?: string[]; save?: string; settings?: string } = {}) {
  const dir = tempDir();
  const archive = new Archive(path.join(dir, 'c.db'));
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (ch: string, fn: Handler) => handlers.set(ch, fn), removeHandler: (ch: string) => handlers.delete(ch) };
  const dialogs: PlaceDialogs & { opened: unknown[] } = {
    opened: [],
    showOpenDialog: async (o) => {
      dialogs.opened.push(o);
      return opts.open ? { canceled: false, filePaths: opts.open } : { canceled: true, filePaths: [] };
    },
    showSaveDialog: async () => (opts.save ? { canceled: false, filePath: opts.save } : { canceled: true }),
    downloads: dir,
  };
  const grants = new GrantStore(opts.settings);
  registerIpc(ipcMain as never, archive, { isTrustedSender: (e) => (e as unknown as typeof ours).sender === 'ours', grants, dialogs });
  const call = (method: string, args: unknown) => handlers.get(IPC_CHANNEL)!(ours, method, args);
  const place = async (op: string, args: unknown = {}) => {
    const r = await handlers.get(PLACES_CHANNEL)!(ours, op, args);
    if (!r.ok) throw new Error(r.error!.message);
    return r.result as { grant: string; label: string; kind: string; lasting: boolean }[];
  };
  return { dir, archive, call, place, handlers, grants, dialogs };
}

describe('IPC: files only through grants', () => {
  it('refuses plain paths from the page for every place field, with a clear code', async () => {
    const { dir, call, archive } = setup();
    const refused = { ok: false, error: { code: 'forbidden', message: expect.stringMatching(/a file you chose in Cuttings \(a grant\), not a path/) } };
    expect(await call('clippings.import', { paths: ['/etc/passwd'] })).toMatchObject(refused);
    expect(await call('export.write', { selection: { all: true }, format: 'md', out: path.join(dir, 'x.md') })).toMatchObject(refused);
    expect(await call('archive.backup', { file: path.join(dir, 'b.db') })).toMatchObject(refused);
    expect(await call('archive.restore', { file: path.join(dir, 'b.db'), force: true })).toMatchObject(refused);
    expect(await call('archive.importLibrary', { file: path.join(dir, 'lib.json') })).toMatchObject(refused);
    expect(existsSync(path.join(dir, 'b.db'))).toBe(false);
    archive.close();
  });

  it('refuses forged grants and grants of the wrong kind', async () => {
    const { call, place, archive } = setup({ open: [HARWICK.capture] });
    expect(await call('clippings.import', { paths: [{ grant: `g${'0'.repeat(32)}` }] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('clippings.import', { paths: [{ grant: '../../etc/passwd' }] })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    const [read] = await place('pickFiles');
    expect(await call('archive.backup', { file: { grant: read!.grant } })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/for reading, not for writing/) } });
    archive.close();
  });

  it('resolves a grant from the main process\'s open dialog, once', async () => {
    const { call, place, archive, dialogs } = setup({ open: [HARWICK.capture] });
    const grants = await place('pickFiles', { title: 'Import', multiple: true });
    expect(grants).toEqual([{ grant: expect.stringMatching(/^g[0-9a-f]{32}$/), kind: 'read', label: path.basename(HARWICK.capture), lasting: false }]);
    expect(JSON.stringify(grants)).not.toContain(path.dirname(HARWICK.capture));
    expect(dialogs.opened[0]).toMatchObject({ title: 'Import', properties: ['openFile', 'multiSelections'] });
    const first = await call('clippings.import', { paths: [{ grant: grants[0]!.grant }] });
    expect(first).toMatchObject({ ok: true, result: { added: 1 } });
    // Single-use: consumed by the import.
    expect(await call('clippings.import', { paths: [{ grant: grants[0]!.grant }] })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/already used/) } });
    // Web addresses are not paths: still accepted (here refused later only for being unreachable offline, not as a path).
    const web = await call('clippings.import', { paths: ['http://127.0.0.1:9/none.html'] });
    expect(web).not.toMatchObject({ error: { code: 'forbidden' } });
    archive.close();
  });

  it('writes an export and a backup through save-dialog grants', async () => {
    const out = path.join(tempDir(), 'review.md');
    const { call, place, archive } = setup({ save: out });
    await archive.call('clippings.add', { capture: { name: 'h.txt', text: readFileSync(HARWICK.capture, 'utf8') } });
    const [g] = await place('pickSaveLocation', { defaultName: '../../review.md' });
    expect(g).toMatchObject({ kind: 'write', lasting: false, label: 'review.md' });
    expect(await call('export.write', { selection: { all: true }, format: 'md', out: { grant: g!.grant } })).toMatchObject({ ok: true, result: { files: [out] } });
    expect(readFileSync(out, 'utf8')).toContain('Harwick');
    expect(await call('export.write', { selection: { all: true }, format: 'md', out: { grant: g!.grant } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    archive.close();
  });

  it('keeps a lasting folder grant (the backup folder) in the settings until it is revoked', async () => {
    const folder = tempDir();
    const settings = path.join(tempDir(), 'places.json');
    const { call, place, archive } = setup({ open: [folder], settings });
    const [g] = await place('pickFolder', { remember: true });
    expect(g).toMatchObject({ kind: 'folder', lasting: true, label: folder });
    // Used twice: lasting.
    expect(await call('archive.backup', { file: { grant: g!.grant, name: 'one.db' } })).toMatchObject({ ok: true });
    expect(await call('archive.backup', { file: { grant: g!.grant, name: 'two.db' } })).toMatchObject({ ok: true });
    expect(existsSync(path.join(folder, 'one.db')) && existsSync(path.join(folder, 'two.db'))).toBe(true);
    // Names inside the folder are plain file names only.
    expect(await call('archive.backup', { file: { grant: g!.grant, name: '../escape.db' } })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(await call('places.list', {})).toEqual({ ok: true, result: [g] });
    // Kept across restarts.
    expect(new GrantStore(settings).list()).toEqual([g]);
    expect(await call('places.revoke', { grant: g!.grant })).toEqual({ ok: true, result: { grant: g!.grant, revoked: true } });
    expect(await call('places.list', {})).toEqual({ ok: true, result: [] });
    expect(await call('archive.backup', { file: { grant: g!.grant, name: 'three.db' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(new GrantStore(settings).list()).toEqual([]);
    archive.close();
  });

  it('grants dropped capture files and folders, and nothing else', async () => {
    const { place, call, archive } = setup();
    const dir = tempDir();
    const notCapture = path.join(dir, 'secret.key');
    writeFileSync(notCapture, 'x');
    const r = await place('fromDrop', { paths: [HARWICK.capture, dir, '/etc/passwd', notCapture, 'relative.html', path.join(dir, 'missing.html'), 42] });
    expect(r.map((g) => g?.kind ?? null)).toEqual(['read', 'read', null, null, null, null, null]);
    expect(await call('clippings.import', { paths: [{ grant: r[0]!.grant }] })).toMatchObject({ ok: true, result: { added: 1 } });
    archive.close();
  });

  it('refuses place requests from other senders and unknown requests', async () => {
    const { handlers, archive } = setup({ open: ['/etc'] });
    expect(await handlers.get(PLACES_CHANNEL)!({ sender: 'evil' }, 'pickFolder', {})).toMatchObject({ ok: false, error: { message: 'call refused: unknown sender' } });
    expect(await handlers.get(PLACES_CHANNEL)!(ours, 'grantPath', { path: '/etc' })).toMatchObject({ ok: false });
    expect(await handlers.get(PLACES_CHANNEL)!(ours, '__proto__', {})).toMatchObject({ ok: false });
    archive.close();
  });
});

describe('GrantStore', () => {
  it('drops single-use grants left unused past their time, never lasting ones', () => {
    let now = 1_000_000;
    const store = new GrantStore(undefined, () => now);
    const once = store.issue('/tmp/a.html', 'read', { once: true });
    const kept = store.issue('/tmp', 'folder', { once: false });
    now += ONCE_TTL_MS + 1;
    expect(store.has(once.grant)).toBe(false);
    expect(() => store.resolve({ grant: once.grant }, 'import')).toThrow(/unknown, was already used or was revoked/);
    expect(store.resolve({ grant: kept.grant, name: 'b.db' }, 'write')).toBe(path.join('/tmp', 'b.db'));
    expect(() => store.issue('/tmp/x', 'write', { once: false })).toThrow(/only folders/);
    expect(() => store.issue('relative.html', 'read', { once: true })).toThrow(/absolute/);
  });
});

describe('preload: window.cuttingsPlaces', () => {
  it('offers the dialogs and drops, sends a drop\'s paths to the main process and gives the page only grants', async () => {
    await import('../../electron/shell/preload.ts');
    const places = exposed.cuttingsPlaces as Record<string, (a: unknown) => Promise<unknown>>;
    expect(Object.keys(places).sort()).toEqual(['backupSettings', 'fromDrop', 'openDataFolder', 'pickFiles', 'pickFolder', 'pickSaveLocation', 'setBackupSettings']);
    expect(Object.isFrozen(places)).toBe(true);
    const grant = { grant: `g${'a'.repeat(32)}`, kind: 'read', label: 'a.html', lasting: false };
    invoke.mockResolvedValueOnce({ ok: true, result: [grant, null] });
    await expect(places.fromDrop!([{ fakePath: '/home/me/a.html' }, { name: 'pasted.png' }])).resolves.toEqual([grant, null]);
    expect(invoke).toHaveBeenLastCalledWith(PLACES_CHANNEL, 'fromDrop', { paths: ['/home/me/a.html', null] });
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'forbidden', message: 'no' } });
    await expect(places.pickFiles!({})).rejects.toMatchObject({ code: 'forbidden' });
  });
});
