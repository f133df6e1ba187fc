/**
 * Places: how a front door that is not trusted with paths (the app's page over IPC, a
 * browser page over HTTP) names a file. The contract's path fields (`clippings.import`
 * `paths`, `export.write` `out`, `archive.backup`/`restore`/`importLibrary` `file`) take
 * a plain path only from trusted doors (the CLI, the main process's own menu code); the
 * page sends a `PlaceRef` instead: an opaque grant the main process issued after one of
 * its own dialogs or a drop it received, or (browser mode) the server issued for an
 * upload or a download.
 *
 * - single-use grants (`once`): one import, one export, one restore; gone once used;
 * - lasting grants: a folder the user chose once (the backup folder), kept by the main
 *   process in its settings and listed/revoked with `places.list` / `places.revoke`.
 *
 * No zod, no Node, no `electron`: the renderer and the preload import this file.
 */

/** What the page sends where a path would go. `name` picks a file inside a folder grant. */
export interface PlaceRef {
  grant: string;
  name?: string;
}

/** read: one file to read; write: one file to (over)write; folder: read or write inside it. */
export type GrantKind = 'read' | 'write' | 'folder';

/** A grant as the page sees it: never more of the path than its label. */
export interface GrantInfo {
  grant: string;
  kind: GrantKind;
  /** What to show the user (a file name; the whole path for a lasting folder). */
  label: string;
  /** Lasting grants stay until revoked; the others are used once. */
  lasting: boolean;
}

export const GRANT_RE = /^g[0-9a-f]{32}$/;

// ---------------------------------------------------------------------------------
// Electron: the main process's dialogs and drops, as the preload exposes them
// (`window.cuttingsPlaces`). Each resolves to grants (an empty list when cancelled).

export const PLACES_CHANNEL = 'cuttings:places';
export type PickerOp = keyof CuttingsPlaces;

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface CuttingsPlaces {
  /** The main process's open dialog: single-use read grants. */
  pickFiles(opts?: { title?: string; multiple?: boolean; filters?: FileFilter[] }): Promise<GrantInfo[]>;
  /** A folder: single-use, or lasting with `remember` (kept until revoked in settings). */
  pickFolder(opts?: { title?: string; remember?: boolean }): Promise<GrantInfo[]>;
  /** The main process's save dialog: one single-use write grant. */
  pickSaveLocation(opts: { title?: string; defaultName: string; filters?: FileFilter[] }): Promise<GrantInfo[]>;
  /**
   * Files the page received in a drop or from its file input: a single-use read grant
   * for each capture file or folder (null for the others, e.g. pasted files, which have
   * no path). The page never sees their paths.
   */
  fromDrop(files: readonly File[]): Promise<(GrantInfo | null)[]>;
  /** The daily backups: on or off, and their folder. */
  backupSettings(): Promise<BackupSettings>;
  /** `folder`: a lasting folder grant (`pickFolder` with `remember`), or null for the default folder. */
  setBackupSettings(change: { enabled?: boolean; folder?: string | null }): Promise<BackupSettings>;
  /** Opens the app's data folder in the system's file manager. */
  openDataFolder(): Promise<{ opened: boolean; error: string | null }>;
}

export interface BackupSettings {
  enabled: boolean;
  /** The folder chosen for them (a lasting grant; its label is the path), or null: `defaultFolder`. */
  folder: GrantInfo | null;
  /** Where they go when no folder was chosen: `backups` beside the archive. */
  defaultFolder: string;
}

// ---------------------------------------------------------------------------------
// Browser mode: files travel as uploads and downloads (electron/server.ts).

/** `POST /api/upload?name=<file name>`, raw bytes, header token: `{grant, name, bytes}` (a single-use read grant). */
export const UPLOAD_PATH = '/api/upload';
/** `POST /api/save?name=<file name>`, header token: `{grant, download}` — a single-use write grant and where to fetch the file once written. */
export const SAVE_PATH = '/api/save';
/** `GET /api/download/<id>`: the file a save grant received, once, then deleted. */
export const DOWNLOAD_PREFIX = '/api/download/';

export interface UploadReply {
  grant: string;
  name: string;
  bytes: number;
}

export interface SaveReply {
  grant: string;
  /** Same-origin URL of the download, valid once and for a short time after the write. */
  download: string;
}
