/**
 * A full disk while an export is written: the error is `disk_full`, says "disk full" and
 * names the file being written; no partial file is left behind (the export writes under
 * a temporary name, then renames); a folder export stops at that file and says how many
 * were written before it.
 *
 * ENOSPC is injected into node:fs's writes (a real full disk needs a file system of its
 * own): the write puts part of its data in the file, then fails as the kernel would.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiError } from '../../electron/contract/errors.ts';
import { Archive } from '../../electron/core/archive.ts';
import { toApiError } from '../../electron/core/dispatch.ts';
import { tempDir } from '../helpers.ts';

const disk = vi.hoisted(() => ({
  /** A write to a file whose name contains this fails with ENOSPC. */
  fullAt: null as string | null,
  /** writeSync fails with ENOSPC once this many bytes went through it. */
  writeSyncRoom: Infinity,
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (disk.fullAt !== null && String(file).includes(disk.fullAt)) {
      fs.writeFileSync(file, typeof data === 'string' ? data.slice(0, data.length >> 1) : data, options);
      throw enospc();
    }
    fs.writeFileSync(file, data, options);
  };
  const writeSync = ((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    const n = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    if (n > disk.writeSyncRoom) throw enospc();
    disk.writeSyncRoom -= n;
    return (fs.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeFileSync, writeSync }, writeFileSync, writeSync };
});

let dir: string;
let archive: Archive;
beforeEach(async () => {
  disk.fullAt = null;
  disk.writeSyncRoom = Infinity;
  dir = tempDir('cuttings-diskfull-export-');
  archive = new Archive(path.join(dir, 'a.db'));
  mkdirSync(path.join(dir, 'in'));
  for (const n of [1, 2, 3]) {
    const paras = Array.from({ length: 30 }, (_, i) => `<p>Story ${n}, paragraph ${i + 1}: the ferry board met on day ${n * 100 + i} about the harbour wall and the winter timetable.</p>`).join('');
    writeFileSync(path.join(dir, 'in', `s${n}.html`), `<html><head><title>Ferry story ${n}</title></head><body><article><h1>Ferry story ${n}</h1>${paras}</article></body></html>`);
  }
  const r = await archive.call('clippings.import', { paths: [path.join(dir, 'in')] });
  expect(r.added).toBe(3);
});
afterEach(() => archive.close());

async function failure(p: Promise<unknown>): Promise<ApiError> {
  return p.then(
    () => {
      throw new Error('expected the export to fail');
    },
    (e: unknown) => toApiError(e),
  );
}

describe('disk full while writing an export', () => {
  it('one file: disk_full naming it, nothing left of it', async () => {
    const outDir = path.join(dir, 'out');
    const out = path.join(outDir, 'story.md');
    disk.fullAt = 'story.md';
    const err = await failure(archive.call('export.write', { selection: { ids: [1] }, format: 'md', out }));
    expect(err.code).toBe('disk_full');
    expect(err.message).toMatch(/disk full/i);
    expect(err.message).toContain(out);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('a folder of files: stops at the file that did not fit, names it, says how many were written', async () => {
    const out = path.join(dir, 'folder');
    const first = await archive.call('export.write', { selection: { ids: [1, 2, 3] }, format: 'md', out: path.join(dir, 'probe') });
    const second = path.basename(first.files[1]!);
    disk.fullAt = second;
    const err = await failure(archive.call('export.write', { selection: { ids: [1, 2, 3] }, format: 'md', out }));
    expect(err.code).toBe('disk_full');
    expect(err.message).toContain(path.join(out, second));
    expect(err.message).toMatch(/1 of 3 files/);
    // The first file is whole; nothing of the second, no temporary file; the third not tried.
    expect(readdirSync(out)).toEqual([path.basename(first.files[0]!)]);
  });

  it('the library JSON (streamed): disk_full naming it, nothing left of it', async () => {
    const outDir = path.join(dir, 'lib');
    mkdirSync(outDir);
    const out = path.join(outDir, 'library.json');
    disk.writeSyncRoom = 2000;
    const err = await failure(archive.call('export.write', { selection: { all: true }, format: 'json', out }));
    expect(err.code).toBe('disk_full');
    expect(err.message).toMatch(/disk full/i);
    expect(err.message).toContain(out);
    expect(readdirSync(outDir)).toEqual([]);
  });
});
