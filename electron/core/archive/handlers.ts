import { readFileSync } from 'node:fs';
import type { Handlers } from '../../contract/methods.ts';
import { ApiError } from '../../contract/errors.ts';
import { backupArchive, importLibrary } from './backup.ts';
import type { Core } from '../context.ts';
import { describeFsError } from '../capture/files.ts';

type Area = Pick<Handlers, 'archive.backup' | 'archive.importLibrary'>;

/** Backups and the library JSON import (restore lives in archive.ts: it reopens the database). */
export function backupHandlers(core: Core): Area {
  return {
    'archive.backup': async ({ file }) => {
      const r = await backupArchive(core.db, file);
      return { file, bytes: r.bytes };
    },

    'archive.importLibrary': ({ file }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new ApiError('bad_input', describeFsError(err, file));
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new ApiError('bad_input', `${file} is not JSON (${(err as Error).message})`);
      }
      return importLibrary(core, json);
    },
  };
}
