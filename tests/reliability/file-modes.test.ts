/**
 * The archive is private to its owner: another account on the same machine cannot read
 * the clippings. A new archive file, its WAL journal, the folder Cuttings creates for it,
 * a backup and a restored archive are all created without group or other permissions.
 * (POSIX only: Windows has no mode bits.)
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { backupArchive, restoreArchive } from '../../electron/core/archive/backup.ts';
import { tempDir } from '../helpers.ts';

const mode = (file: string) => statSync(file).mode & 0o777;

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('a new archive, its journal and the folder made for it are private', async () => {
    const dir = path.join(tempDir(), 'new-folder');
    const file = path.join(dir, 'cuttings.db');
    const a = new Archive(file);
    try {
      await a.call('clippings.add', { capture: { text: 'Ferry services resume\n\nThe ferry to the island runs again from Monday, the operator said in a statement.' } });
      expect(mode(dir)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
    } finally {
      a.close();
    }
  });

  it('a backup and a restored archive are private; an existing folder keeps its mode', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'shared'), { mode: 0o755 });
    const file = path.join(dir, 'shared', 'cuttings.db');
    const a = new Archive(file);
    try {
      await backupArchive(a.db, path.join(dir, 'backup.db'));
    } finally {
      a.close();
    }
    expect(mode(path.join(dir, 'shared'))).toBe(0o755);
    expect(mode(path.join(dir, 'backup.db'))).toBe(0o600);
    const target = path.join(dir, 'restored.db');
    writeFileSync(target, '');
    restoreArchive(path.join(dir, 'backup.db'), target, { force: true });
    expect(mode(target)).toBe(0o600);
  });
});
