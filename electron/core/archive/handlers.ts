import type { Handlers } from '../../contract/methods.ts';
import { ApiError } from '../../contract/errors.ts';
import { backupArchive, restoreArchive } from './backup.ts';
import { importLibrary } from './library-import.ts';
import type { Core } from '../context.ts';
import { orDiskFull } from '../disk-full.ts';
import { FileReadError, readRegularFile } from '../capture/files.ts';

/** A library JSON file larger than this is refused unread (about the longest string V8 can hold). */
export const MAX_LIBRARY_BYTES = 512 * 1024 * 1024;

type Area = Pick<Handlers, 'archive.backup' | 'archive.importLibrary'>;

/** Backups and the library JSON import (restore: `restoreHandler`, it reopens the database). */
export function backupHandlers(core: Core): Area {
  return {
    'archive.backup': async ({ file }) => {
      const r = await backupArchive(core.db, file);
      return { file, bytes: r.bytes };
    },

    'archive.importLibrary': ({ file }) => {
      let text: string;
      try {
        text = readRegularFile(file, MAX_LIBRARY_BYTES).toString('utf8');
      } catch (err) {
        if (err instanceof FileReadError) throw new ApiError('bad_input', err.message);
        throw err;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new ApiError('bad_input', `${file} is not JSON (${(err as Error).message})`);
      }
      // One transaction: a full disk leaves the archive as it was.
      return orDiskFull(`${file} was not imported (nothing of it was stored; the archive is as it was)`, () => importLibrary(core, json));
    },
  };
}

/**
 * `archive.restore` for the archive file `targetFile`: restoring replaces the database
 * file, so `reopen.close()` closes the connection first and `reopen.open()` opens the
 * result afterwards (also when the restore failed, so the archive stays usable).
 */
export function restoreHandler(targetFile: string, reopen: { close(): void; open(): void }): Pick<Handlers, 'archive.restore'> {
  return {
    'archive.restore': ({ file, force }) => {
      reopen.close();
      try {
        const r = restoreArchive(file, targetFile, { force });
        return { file, clippings: r.clippings, fromVersion: r.fromVersion, schemaVersion: r.schemaVersion };
      } finally {
        reopen.open();
      }
    },
  };
}
