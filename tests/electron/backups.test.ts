/**
 * The app's daily backups (electron/shell/backups.ts) and the places-channel requests
 * that read and set them and open the data folder (ipc.ts, preload.ts), with a fake
 * `ipcMain`, fake dialogs and a fake `shell.openPath`: on or off, their folder a lasting
 * grant from the main process's folder dialog, kept in userData and read at start.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PLACES_CHANNEL, type BackupSettings } from '../../electron/contract/places.ts';
import { Archive } from '../../electron/core/archive.ts';
import { GrantStore } from '../../electron/core/grants.ts';
import { BACKUPS_FILE, readBackupPrefs, startupBackup } from '../../electron/shell/backups.ts';
import { registerIpc, type AppPlaces, type PlaceDialogs } from '../../electron/shell/ipc.ts';
import { tempDir } from '../helpers.ts';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke: (...args: unknown[]) => invoke(...args), on: () => undefined },
  webUtils: { getPathForFile: () => '' },
}));

type Handler = (event: unknown, ...args: unknown[]) => Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>;
const ours = { sender: 'ours' };

/** One run of the app: its userData (settings files) survives between runs. */
function run(userData: string, opts: { folder?: string; withApp?: boolean } = {}) {
  const archive = new Archive(path.join(userData, 'cuttings.db'));
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (ch: string, fn: Handler) => handlers.set(ch, fn), removeHandler: (ch: string) => handlers.delete(ch) };
  const dialogs: PlaceDialogs = {
    showOpenDialog: async () => (opts.folder ? { canceled: false, filePaths: [opts.folder] } : { canceled: true, filePaths: [] }),
    showSaveDialog: async () => ({ canceled: true }),
    downloads: userData,
  };
  const opened: string[] = [];
  const app: AppPlaces = {
    backupPrefsFile: path.join(userData, BACKUPS_FILE),
    defaultBackupFolder: path.join(userData, 'backups'),
    dataFolder: userData,
    openPath: async (p) => {
      opened.push(p);
      return p.includes('missing') ? 'Failed to open path' : '';
    },
  };
  const grants = new GrantStore(path.join(userData, 'places.json'));
  registerIpc(ipcMain as never, archive, { isTrustedSender: (e) => (e as unknown as typeof ours).sender === 'ours', grants, dialogs, ...(opts.withApp === false ? {} : { app }) });
  const place = async <T,>(op: string, args: unknown = {}): Promise<T> => {
    const r = await handlers.get(PLACES_CHANNEL)!(ours, op, args);
    if (!r.ok) throw new Error(r.error!.message);
    return r.result as T;
  };
  /** What main.ts does as it starts. */
  const start = (now = new Date(2026, 11, 6)) => startupBackup(archive.db, app.backupPrefsFile, grants, app.defaultBackupFolder, now);
  return { archive, place, grants, app, opened, start };
}

describe('daily backups: on or off, and their folder', () => {
  it('by default: on, into "backups" beside the archive', async () => {
    const userData = tempDir();
    const r = run(userData);
    expect(await r.place<BackupSettings>('backupSettings')).toEqual({ enabled: true, folder: null, defaultFolder: path.join(userData, 'backups') });
    expect(r.start()).toBe(path.join(userData, 'backups', 'cuttings-2026-12-06.db'));
    r.archive.close();
  });

  it('turned off: the setting is kept in userData and the next start makes no backup', async () => {
    const userData = tempDir();
    const first = run(userData);
    expect(await first.place<BackupSettings>('setBackupSettings', { enabled: false })).toMatchObject({ enabled: false, folder: null });
    first.archive.close();
    expect(readBackupPrefs(path.join(userData, BACKUPS_FILE))).toEqual({ enabled: false, folder: null });

    const next = run(userData);
    expect(next.start()).toBeNull();
    expect(existsSync(path.join(userData, 'backups'))).toBe(false);
    expect(await next.place<BackupSettings>('backupSettings')).toMatchObject({ enabled: false });
    next.archive.close();
  });

  it('a folder chosen in the main process\'s folder dialog (a lasting grant): kept, backed up into at the next start; revoked, back to the default', async () => {
    const userData = tempDir();
    const chosen = path.join(tempDir(), 'Backups');
    mkdirSync(chosen);
    const first = run(userData, { folder: chosen });
    const [g] = await first.place<{ grant: string; lasting: boolean }[]>('pickFolder', { title: 'Backups', remember: true });
    expect(g!.lasting).toBe(true);
    const set = await first.place<BackupSettings>('setBackupSettings', { folder: g!.grant });
    expect(set.folder).toMatchObject({ grant: g!.grant, label: chosen, lasting: true });
    first.archive.close();

    const next = run(userData);
    expect((await next.place<BackupSettings>('backupSettings')).folder?.label).toBe(chosen);
    expect(next.start()).toBe(path.join(chosen, 'cuttings-2026-12-06.db'));
    expect(existsSync(path.join(userData, 'backups'))).toBe(false);
    // Revoked in "places Cuttings may use": the backups go back to the default folder.
    next.grants.revoke(g!.grant);
    expect((await next.place<BackupSettings>('backupSettings')).folder).toBeNull();
    expect(next.start(new Date(2026, 11, 7))).toBe(path.join(userData, 'backups', 'cuttings-2026-12-07.db'));
    next.archive.close();
  });

  it('choosing another folder revokes the grant of the one before; null goes back to the default', async () => {
    const userData = tempDir();
    const [a, b] = [path.join(tempDir(), 'A'), path.join(tempDir(), 'B')];
    mkdirSync(a);
    mkdirSync(b);
    const r = run(userData, { folder: a });
    const [ga] = await r.place<{ grant: string }[]>('pickFolder', { remember: true });
    await r.place('setBackupSettings', { folder: ga!.grant });
    const r2 = run(userData, { folder: b });
    const [gb] = await r2.place<{ grant: string }[]>('pickFolder', { remember: true });
    await r2.place('setBackupSettings', { folder: gb!.grant });
    expect(r2.grants.list().map((g) => g.label)).toEqual([b]);
    expect((await r2.place<BackupSettings>('setBackupSettings', { folder: null })).folder).toBeNull();
    expect(r2.grants.list()).toEqual([]);
    r.archive.close();
    r2.archive.close();
  });

  it('refuses as the folder anything but a lasting folder grant: a single-use one, an unknown id, a path', async () => {
    const userData = tempDir();
    const folder = tempDir();
    const r = run(userData, { folder });
    const [once] = await r.place<{ grant: string }[]>('pickFolder', {});
    await expect(r.place('setBackupSettings', { folder: once!.grant })).rejects.toThrow(/lasting folder permission/);
    await expect(r.place('setBackupSettings', { folder: `g${'c'.repeat(32)}` })).rejects.toThrow(/lasting folder permission/);
    await expect(r.place('setBackupSettings', { folder: folder })).rejects.toThrow(/lasting folder permission/);
    expect(readBackupPrefs(path.join(userData, BACKUPS_FILE))).toEqual({ enabled: true, folder: null });
    expect(readdirSync(userData)).not.toContain(BACKUPS_FILE);
    r.archive.close();
  });
});

describe('open the data folder', () => {
  it('opens the app\'s data folder with shell.openPath, whatever the page sends; says when it could not', async () => {
    const userData = tempDir();
    const r = run(userData);
    expect(await r.place('openDataFolder', { path: '/etc' })).toEqual({ opened: true, error: null });
    expect(r.opened).toEqual([userData]);
    r.archive.close();
    const missing = path.join(tempDir(), 'missing');
    mkdirSync(missing);
    const m = run(missing);
    expect(await m.place('openDataFolder')).toEqual({ opened: false, error: 'Failed to open path' });
    m.archive.close();
  });

  it('without the app\'s places (no main process settings), the requests are refused', async () => {
    const r = run(tempDir(), { withApp: false });
    await expect(r.place('openDataFolder')).rejects.toThrow(/app only/);
    await expect(r.place('backupSettings')).rejects.toThrow(/app only/);
    r.archive.close();
  });
});

describe('preload: the backup and data folder requests', () => {
  it('forwards them on the places channel', async () => {
    await import('../../electron/shell/preload.ts');
    const places = exposed.cuttingsPlaces as Record<string, (a?: unknown) => Promise<unknown>>;
    invoke.mockResolvedValue({ ok: true, result: { enabled: false, folder: null, defaultFolder: '/x' } });
    await places.backupSettings!();
    expect(invoke).toHaveBeenLastCalledWith(PLACES_CHANNEL, 'backupSettings', {});
    await places.setBackupSettings!({ enabled: false });
    expect(invoke).toHaveBeenLastCalledWith(PLACES_CHANNEL, 'setBackupSettings', { enabled: false });
    invoke.mockResolvedValue({ ok: true, result: { opened: true, error: null } });
    await expect(places.openDataFolder!()).resolves.toEqual({ opened: true, error: null });
    expect(invoke).toHaveBeenLastCalledWith(PLACES_CHANNEL, 'openDataFolder', {});
  });
});
