import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** File name endings Cuttings reads as captures (each also gzip-compressed, `.gz`). */
export const CAPTURE_EXTENSIONS = ['.html', '.htm', '.xhtml', '.shtml', '.mhtml', '.mht', '.eml', '.pdf', '.md', '.markdown', '.txt', '.text'] as const;

export interface CollectedFiles {
  /** Capture files, in a stable order (each as given, or joined onto its folder). */
  files: string[];
  /** Files inside folders that are not captures (counted, not errors). */
  skipped: number;
  /** Paths that could not be read at all. */
  errors: { file: string; error: string }[];
}

export function isCaptureFile(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  return CAPTURE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Expands the paths a user gave into capture files. Folders are walked recursively
 * (hidden entries ignored); a saved page's `NAME_files` folder belongs to its page and
 * is not walked as captures of its own. A file named explicitly is always attempted,
 * whatever its extension: reading it tells whether it is a capture.
 */
export function collectCaptureFiles(paths: readonly string[]): CollectedFiles {
  const out: CollectedFiles = { files: [], skipped: 0, errors: [] };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      out.errors.push({ file: p, error: describeFsError(err, p) });
      continue;
    }
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile()) out.files.push(p);
    else out.errors.push({ file: p, error: notRegular(p, st) });
  }
  return out;
}

function walk(dir: string, out: CollectedFiles): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    out.errors.push({ file: dir, error: describeFsError(err, dir) });
    return;
  }
  // Names that are not valid UTF-8 come back with U+FFFD and cannot be opened by that
  // name: say so, once, instead of "no such file" later.
  let badNames: Set<string> | null = null;
  if (entries.some((e) => e.name.includes('\uFFFD'))) {
    badNames = new Set();
    for (const raw of readdirSync(dir, { encoding: 'buffer' })) {
      const name = raw.toString('utf8');
      if (!Buffer.from(name, 'utf8').equals(raw)) badNames.add(name);
    }
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pageStems = new Set(
    entries.filter((e) => e.isFile() && isCaptureFile(e.name)).map((e) => e.name.replace(/\.[^.]+(?:\.gz)?$/i, '')),
  );
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (badNames?.has(e.name) && (e.isFile() || e.isDirectory())) {
      out.errors.push({ file: full, error: `${full}: the name is not valid UTF-8 (rename it to import it)` });
      continue;
    }
    if (e.isDirectory()) {
      const m = /^(.*)_files$/.exec(e.name);
      if (m && pageStems.has(m[1]!)) continue; // resources of a saved page
      walk(full, out);
    } else if (e.isFile()) {
      if (isCaptureFile(e.name)) out.files.push(full);
      else out.skipped++;
    }
    // Anything else (FIFOs, sockets, devices, symbolic links) is never read from a folder.
  }
}

export function describeFsError(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      // A name that was not valid UTF-8 reaches us with U+FFFD in place of its bad bytes.
      if (file.includes('\uFFFD')) return `${file}: no such file; its name is not valid UTF-8 as given (rename it to import it)`;
      return `${file}: no such file or folder`;
    case 'EACCES':
    case 'EPERM':
      return `${file}: permission denied`;
    case 'EISDIR':
      return `${file}: is a folder`;
    case 'ELOOP':
      return `${file}: is a symbolic link, not followed`;
    default:
      return `${file}: cannot read (${(err as Error).message})`;
  }
}

/** Why a path that exists is not a regular file Cuttings can read. */
export function notRegular(file: string, st: Stats): string {
  if (st.isDirectory()) return `${file}: is a folder`;
  if (st.isFIFO()) return `${file}: is a named pipe (FIFO), not a file`;
  if (st.isCharacterDevice() || st.isBlockDevice()) return `${file}: is a device, not a file`;
  if (st.isSocket()) return `${file}: is a socket, not a file`;
  if (st.isSymbolicLink()) return `${file}: is a symbolic link, not followed`;
  return `${file}: is not a regular file`;
}

/** Thrown by `readRegularFile`; the message names the file and what is wrong. */
export class FileReadError extends Error {
  override name = 'FileReadError';
}

/**
 * Reads one regular file of at most `limit` bytes, checking before reading: anything but
 * a regular file (a device, a FIFO, a socket, a folder) and a file whose size is over the
 * limit are refused without being read. The file is opened non-blocking (a FIFO swapped
 * in after the check cannot hang the open), checked again on the open descriptor, and
 * read with a bound of `limit + 1` bytes, so a file that grows, or lies about its size,
 * cannot make this read more. `noFollow` refuses a symbolic link as the last component.
 */
export function readRegularFile(file: string, limit: number, opts: { noFollow?: boolean } = {}): Buffer {
  let st: Stats;
  try {
    st = opts.noFollow ? lstatSync(file) : statSync(file);
  } catch (err) {
    throw new FileReadError(describeFsError(err, file));
  }
  if (!st.isFile()) throw new FileReadError(notRegular(file, st));
  if (st.size > limit) throw new FileReadError(`${file}: ${tooLarge(st.size, limit)}, not read`);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (opts.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (err) {
    throw new FileReadError(describeFsError(err, file));
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) throw new FileReadError(notRegular(file, now));
    if (now.size > limit) throw new FileReadError(`${file}: ${tooLarge(now.size, limit)}, not read`);
    const read = (into: Buffer, at: number, length: number): number => {
      try {
        return readSync(fd, into, at, length, null);
      } catch (err) {
        throw new FileReadError(describeFsError(err, file));
      }
    };
    // A buffer of the size the file says it has, of its own (not a slice of Node's pool):
    // the bytes go to a capture worker, and a view into a larger buffer would hold, and
    // travel with, all of it. A file that says 0 bytes (/proc) is read 64 KB at a time.
    const size = now.size;
    let out = Buffer.allocUnsafeSlow(Math.min(limit + 1, size > 0 ? size : 64 * 1024));
    let got = 0;
    for (;;) {
      if (got === out.length) {
        if (got > limit) break;
        // All the size said is read: one byte more tells whether the file grew since.
        let more: number | null = null;
        if (got === size) {
          const probe = Buffer.allocUnsafe(1);
          if (read(probe, 0, 1) === 0) break;
          more = probe[0]!;
        }
        const bigger = Buffer.allocUnsafeSlow(Math.min(limit + 1, out.length * 2));
        out.copy(bigger, 0, 0, got);
        out = bigger;
        if (more !== null) out[got++] = more;
        continue;
      }
      const n = read(out, got, out.length - got);
      if (n === 0) break;
      got += n;
    }
    if (got > limit) throw new FileReadError(`${file}: too large (more than ${limit} bytes; the limit is ${mb(limit)}), not read to the end`);
    return got === out.length ? out : out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, limit: number): string {
  return `too large (${mb(size)}; the limit is ${mb(limit)})`;
}

function mb(n: number): string {
  if (n < 1024 * 1024) return `${n} bytes`;
  const m = n / 1024 / 1024;
  return `${Number.isInteger(m) ? m : m.toFixed(1)} MB`;
}
