/**
 * Paths given to `clippings.import` are checked before anything is read: only regular
 * files, within the capture size limit, read with a bound (a device, a FIFO or a file
 * that grows cannot make the import read without end). A saved page's `_files` folder
 * cannot be a symbolic link to elsewhere, and its images are kept only when their
 * headers decode as the image type they claim.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { MAX_CAPTURE_BYTES } from '../../electron/core/capture/index.ts';
import { readRegularFile } from '../../electron/core/capture/files.ts';
import { sniffImageType } from '../../electron/core/capture/resources.ts';
import { tempDir } from '../helpers.ts';

let dir: string;
let archive: Archive;
let dbFile: string;
beforeEach(() => {
  dir = tempDir('cuttings-paths-');
  dbFile = path.join(dir, 'paths.db');
  archive = new Archive(dbFile);
});
afterEach(() => archive.close());

async function importOne(p: string) {
  const r = await archive.call('clippings.import', { paths: [p] });
  expect(r.results).toHaveLength(1);
  return r.results[0]!;
}

function storedResources(): { url: string; media_type: string }[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare('SELECT url, media_type FROM capture_resources ORDER BY id').all() as { url: string; media_type: string }[];
  } finally {
    db.close();
  }
}

const PARAS = Array.from(
  { length: 6 },
  (_, i) => `<p>Paragraph ${i + 1} of the harbour report: the ferry company said on Tuesday that the new timetable would add two crossings a day from the spring, after a consultation with islanders and local businesses.</p>`,
).join('\n');
const page = (imgs: string[]) =>
  `<!doctype html><html><head><title>Harbour report ${imgs.length}</title></head><body><article><h1>Harbour report</h1>${PARAS}${imgs.map((s) => `<figure><img src="${s}" alt="x"><figcaption>Picture</figcaption></figure>`).join('')}</article></body></html>`;

// Tiny but well-formed images, written by hand.
const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), Buffer.from(',\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0;', 'latin1')]);
function webp(): Buffer {
  // VP8L: signature 0x2f, then 14-bit width-1, 14-bit height-1, alpha bit, 3-bit version (0).
  const payload = Buffer.from([0x2f, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const chunk = Buffer.concat([Buffer.from('VP8L'), le32(payload.length), payload]);
  const body = Buffer.concat([Buffer.from('WEBP'), chunk]);
  return Buffer.concat([Buffer.from('RIFF'), le32(body.length), body]);
}
function bmp(): Buffer {
  const pixels = Buffer.from([0, 0, 255, 0]); // one red pixel, row padded to 4 bytes
  const dib = Buffer.alloc(40);
  dib.writeUInt32LE(40, 0); // header size
  dib.writeInt32LE(1, 4); // width
  dib.writeInt32LE(1, 8); // height
  dib.writeUInt16LE(1, 12); // planes
  dib.writeUInt16LE(24, 14); // bits per pixel
  dib.writeUInt32LE(pixels.length, 20);
  const head = Buffer.alloc(14);
  head.write('BM', 0, 'latin1');
  head.writeUInt32LE(14 + 40 + pixels.length, 2);
  head.writeUInt32LE(54, 10);
  return Buffer.concat([head, dib, pixels]);
}
const WEBP = webp();
const BMP = bmp();

describe('explicit paths are checked before they are read', () => {
  it('refuses /dev/zero as a device, naming it, without reading it', async () => {
    if (!existsSync('/dev/zero')) return void console.log('skipped: no /dev/zero here');
    const r = await importOne('/dev/zero');
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/^\/dev\/zero: .*device/);
  });

  it('refuses a FIFO named like a page instead of waiting on it', { timeout: 20_000 }, async () => {
    const fifo = path.join(dir, 'x.html');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return void console.log('skipped: mkfifo is not available');
    }
    const r = await importOne(fifo);
    expect(r.status).toBe('error');
    expect(r.error).toBe(`${fifo}: is a named pipe (FIFO), not a file`);
  });

  it('refuses a file over the limit from its size, before reading it', async () => {
    const big = path.join(dir, 'big.html');
    writeFileSync(big, '');
    truncateSync(big, MAX_CAPTURE_BYTES + 1); // sparse: no disk used
    const r = await importOne(big);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(new RegExp(`^${big.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: too large \\(64\\.0 MB; the limit is 64 MB\\), not read$`));

    const huge = path.join(dir, 'huge.html');
    writeFileSync(huge, '');
    truncateSync(huge, 3 * 1024 * 1024 * 1024); // a sparse 3 GB file: never read
    const h = await importOne(huge);
    expect(h.error).toMatch(/huge\.html: too large \(3072 MB; the limit is 64 MB\), not read$/);
  });

  it('reads a small file into memory of its own size (not a larger read buffer that would travel with it to the capture worker)', () => {
    const small = path.join(dir, 'small.txt');
    writeFileSync(small, 'A short note.\n');
    const got = readRegularFile(small, MAX_CAPTURE_BYTES);
    expect(got.toString('utf8')).toBe('A short note.\n');
    expect(got.buffer.byteLength).toBe(got.byteLength);
  });

  it('reads at most limit+1 bytes even when the size on disk says less (a file that grows)', () => {
    // /proc files report size 0 yet have content: only the bounded read can stop them.
    if (!existsSync('/proc/self/status')) return void console.log('skipped: no /proc here');
    expect(() => readRegularFile('/proc/self/status', 16)).toThrow(/^\/proc\/self\/status: too large \(more than 16 bytes/);
    expect(readRegularFile('/proc/self/status', 1 << 20).byteLength).toBeGreaterThan(16);
  });

  it('says a folder given as a file is a folder, and names files whose names are not valid UTF-8', async () => {
    const bad = Buffer.concat([Buffer.from(dir + '/', 'utf8'), Buffer.from([0x66, 0xff, 0x2e, 0x68, 0x74, 0x6d, 0x6c])]); // "f\xff.html"
    writeFileSync(bad, page([]));
    const shown = path.join(dir, 'f\uFFFD.html');
    const r = await importOne(shown);
    expect(r.error).toBe(`${shown}: no such file; its name is not valid UTF-8 as given (rename it to import it)`);
    const walked = await archive.call('clippings.import', { paths: [dir] });
    expect(walked.results.map((x) => x.error)).toEqual([`${shown}: the name is not valid UTF-8 (rename it to import it)`]);
  });
});

describe('a saved page cannot smuggle files in', () => {
  it('refuses a page whose _files folder is a symbolic link', async () => {
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, 'secret.png'), PNG);
    const pageDir = path.join(dir, 'download');
    mkdirSync(pageDir);
    symlinkSync(elsewhere, path.join(pageDir, 'Story_files'));
    const file = path.join(pageDir, 'Story.html');
    writeFileSync(file, page(['Story_files/secret.png']));
    const r = await importOne(file);
    expect(r.status).toBe('error');
    expect(r.error).toBe(`${file}: its images folder "Story_files" is a symbolic link; Cuttings does not follow it (copy the folder in its place to import the page with its images)`);
    expect(storedResources()).toEqual([]);
  });

  it('stores real PNG, JPEG, GIF, WebP and BMP images but not a file that only starts with "BM"', async () => {
    const files = path.join(dir, 'Story_files');
    mkdirSync(files);
    const images: [string, Buffer][] = [['a.png', PNG], ['b.jpg', JPEG], ['c.gif', GIF], ['d.webp', WEBP], ['e.bmp', BMP]];
    for (const [name, bytes] of images) writeFileSync(path.join(files, name), bytes);
    writeFileSync(path.join(files, 'fake.bmp'), 'BMW service history: private notes, not an image at all.\n');
    const file = path.join(dir, 'Story.html');
    writeFileSync(file, page([...images.map(([n]) => `Story_files/${n}`), 'Story_files/fake.bmp']));
    const r = await importOne(file);
    expect(r.status).toBe('added');
    expect(storedResources()).toEqual([
      { url: 'Story_files/a.png', media_type: 'image/png' },
      { url: 'Story_files/b.jpg', media_type: 'image/jpeg' },
      { url: 'Story_files/c.gif', media_type: 'image/gif' },
      { url: 'Story_files/d.webp', media_type: 'image/webp' },
      { url: 'Story_files/e.bmp', media_type: 'image/bmp' },
    ]);
  });

  it('decodes image headers rather than trusting two or four bytes', () => {
    for (const [bytes, type] of [[PNG, 'image/png'], [JPEG, 'image/jpeg'], [GIF, 'image/gif'], [WEBP, 'image/webp'], [BMP, 'image/bmp']] as const) {
      expect(sniffImageType(bytes)).toBe(type);
    }
    const fakes = [
      Buffer.from('BM and then some text'),
      Buffer.concat([PNG.subarray(0, 8), Buffer.from('not an IHDR chunk at all')]),
      Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x00]),
      Buffer.from('GIF89a'),
      Buffer.concat([Buffer.from('RIFF'), le32(1000), Buffer.from('WEBPVP8L')]),
      Buffer.concat([BMP.subarray(0, 2), le32(9999), BMP.subarray(6)]),
    ];
    for (const f of fakes) expect(sniffImageType(f), f.toString('latin1')).toBeNull();
  });
});

describe('the library JSON file is checked before it is read too', () => {
  it('refuses /dev/zero and a FIFO as the library file', { timeout: 20_000 }, async () => {
    if (existsSync('/dev/zero')) {
      await expect(archive.call('archive.importLibrary', { file: '/dev/zero' })).rejects.toThrow(/^\/dev\/zero: is a device, not a file$/);
    }
    const fifo = path.join(dir, 'library.json');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return void console.log('skipped: mkfifo is not available');
    }
    await expect(archive.call('archive.importLibrary', { file: fifo })).rejects.toThrow(`${fifo}: is a named pipe (FIFO), not a file`);
  });
});

describe('cuttings edit-text checks its file before reading it too', () => {
  it('refuses /dev/zero and a FIFO as the corrected text, naming them', { timeout: 60_000 }, async () => {
    const { runCli } = await import('../../electron/cli.ts');
    const page = path.join(dir, 'page.html');
    writeFileSync(page, '<html><head><title>Sea wall</title></head><body><article><p>The harbour wall was repaired before the winter storms, the board said on Tuesday evening.</p></article></body></html>');
    archive.close();
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['--db', dbFile, ...argv], { out: (s: string) => out.push(s), err: (s: string) => err.push(s), errIsTty: false, env: {} });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    expect((await run('import', page)).code).toBe(0);
    if (existsSync('/dev/zero')) expect(await run('edit-text', '1', '/dev/zero')).toMatchObject({ code: 1, err: 'cuttings edit-text: /dev/zero: is a device, not a file' });
    const fifo = path.join(dir, 'fixed.txt');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      archive = new Archive(dbFile);
      return void console.log('skipped: mkfifo is not available');
    }
    expect(await run('edit-text', '1', fifo)).toMatchObject({ code: 1, err: `cuttings edit-text: ${fifo}: is a named pipe (FIFO), not a file` });
    archive = new Archive(dbFile);
  });
});
