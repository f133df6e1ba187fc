import { readdirSync, statSync } from 'node:fs';
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
    else out.files.push(p);
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
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pageStems = new Set(
    entries.filter((e) => e.isFile() && isCaptureFile(e.name)).map((e) => e.name.replace(/\.[^.]+(?:\.gz)?$/i, '')),
  );
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      const m = /^(.*)_files$/.exec(e.name);
      if (m && pageStems.has(m[1]!)) continue; // resources of a saved page
      walk(full, out);
    } else if (e.isFile()) {
      if (isCaptureFile(e.name)) out.files.push(full);
      else out.skipped++;
    }
  }
}

export function describeFsError(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `${file}: no such file or folder`;
    case 'EACCES':
    case 'EPERM':
      return `${file}: permission denied`;
    case 'EISDIR':
      return `${file}: is a folder`;
    default:
      return `${file}: cannot read (${(err as Error).message})`;
  }
}
