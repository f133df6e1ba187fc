/**
 * The app's daily backups: on or off, and where they go. The main process keeps the
 * choice in `backups.json` in userData; the folder is a lasting folder grant (chosen in
 * the main process's folder dialog), so revoking it in "places Cuttings may use" sends
 * the backups back to the default folder, `backups` beside the archive.
 *
 * No `electron` here: main.ts and ipc.ts use it, tests call it directly.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dailyBackup } from '../core/archive/backup.ts';
import type { GrantStore } from '../core/grants.ts';
import { GRANT_RE, type BackupSettings } from '../contract/places.ts';

export const BACKUPS_FILE = 'backups.json';

export interface BackupPrefs {
  enabled: boolean;
  /** The lasting folder grant the backups go to; null: the default folder. */
  folder: string | null;
}

export const DEFAULT_BACKUP_PREFS: BackupPrefs = { enabled: true, folder: null };

/** The saved choice; the default (on, default folder) when there is none or it is unreadable. */
export function readBackupPrefs(file: string): BackupPrefs {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<BackupPrefs>;
    return {
      enabled: typeof saved.enabled === 'boolean' ? saved.enabled : DEFAULT_BACKUP_PREFS.enabled,
      folder: typeof saved.folder === 'string' && GRANT_RE.test(saved.folder) ? saved.folder : null,
    };
  } catch {
    return { ...DEFAULT_BACKUP_PREFS };
  }
}

export function writeBackupPrefs(file: string, prefs: BackupPrefs): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(prefs, null, 2)}\n`);
  renameSync(tmp, file);
}

/** The chosen folder's grant while it lasts (not revoked), else null. */
function chosen(prefs: BackupPrefs, grants: GrantStore) {
  return prefs.folder ? (grants.list().find((g) => g.grant === prefs.folder) ?? null) : null;
}

/** Where today's backup goes: null when backups are off. */
export function backupDir(prefs: BackupPrefs, grants: GrantStore, defaultDir: string): string | null {
  if (!prefs.enabled) return null;
  const g = chosen(prefs, grants);
  return g ? grants.resolve({ grant: g.grant }, 'write') : defaultDir;
}

/**
 * The backup the app makes as it starts: today's copy (the last 7 kept) into the folder
 * chosen in Settings, or the default; none when turned off. Returns the file it wrote
 * (null: off, or today's is there already). Throws what `dailyBackup` throws.
 */
export function startupBackup(db: Parameters<typeof dailyBackup>[0], prefsFile: string, grants: GrantStore, defaultDir: string, now: Date): string | null {
  const dir = backupDir(readBackupPrefs(prefsFile), grants, defaultDir);
  return dir ? dailyBackup(db, dir, now) : null;
}

/** What the page sees: the switch, the chosen folder's grant (its label is the path) and the default. */
export function backupSettings(prefs: BackupPrefs, grants: GrantStore, defaultDir: string): BackupSettings {
  return { enabled: prefs.enabled, folder: chosen(prefs, grants), defaultFolder: defaultDir };
}

/**
 * A change from the page. `folder`: a lasting folder grant from `pickFolder` with
 * `remember` (anything else is refused), or null for the default folder; the grant it
 * replaces is revoked (it was made for the backups).
 */
export function changeBackupPrefs(prefs: BackupPrefs, grants: GrantStore, change: { enabled?: unknown; folder?: unknown }): BackupPrefs {
  const next = { ...prefs };
  if (typeof change.enabled === 'boolean') next.enabled = change.enabled;
  if (change.folder === null) next.folder = null;
  else if (change.folder !== undefined) {
    const g = typeof change.folder === 'string' ? grants.list().find((x) => x.grant === change.folder && x.kind === 'folder') : undefined;
    if (!g) throw new Error('the backup folder must be a folder chosen in Cuttings and kept (a lasting folder permission)');
    next.folder = g.grant;
  }
  if (prefs.folder && prefs.folder !== next.folder) grants.revoke(prefs.folder);
  return next;
}
