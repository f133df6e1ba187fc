/**
 * "Save page as… (complete)": `page.html` plus a sibling `page_files/` folder holding its
 * images. The images the HTML references inside that folder become capture resources
 * (read from disk; never fetched); anything outside the folder is ignored, so a page
 * cannot pull in arbitrary local files (`../../secret.png`). The folder itself may not be a
 * symbolic link (which would make anything it points at look like the page's own files),
 * and a file in it counts only when its real path is inside it.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegularFile } from './files.ts';
import { type CaptureResource, sniffImageType } from './resources.ts';
import { CaptureError } from './types.ts';

/** One image larger than this is left out. */
export const MAX_SAVED_IMAGE_BYTES = 20 * 1024 * 1024;
/** Images beyond this total are left out. */
export const MAX_SAVED_PAGE_RESOURCE_BYTES = 100 * 1024 * 1024;

/** Folder suffixes browsers use for a complete page's files (English, then localised). */
const FOLDER_SUFFIXES = ['_files', '-Dateien', '_fichiers', '-bestanden', '_archivos', '-filer', '_file', '.files'];
const PAGE_EXT_RE = /\.(?:html?|xhtml|shtml)(?:\.gz)?$/i;

export interface SavedPageOptions {
  maxImageBytes?: number;
  maxTotalBytes?: number;
}

/**
 * The sibling `<stem>_files` folder of a saved page (real path), or null when there is none.
 * Throws CaptureError when that folder is a symbolic link to a folder: its target is not
 * the page's, and is not read.
 */
export function findSavedPageFolder(pagePath: string): string | null {
  const dir = path.dirname(pagePath);
  const stem = path.basename(pagePath).replace(PAGE_EXT_RE, '');
  for (const suffix of FOLDER_SUFFIXES) {
    const candidate = path.join(dir, stem + suffix);
    let link: boolean;
    try {
      link = lstatSync(candidate).isSymbolicLink();
      if (!statSync(candidate).isDirectory()) continue;
    } catch {
      continue; // not there (or a dangling link)
    }
    if (link) {
      throw new CaptureError(
        `its images folder "${stem + suffix}" is a symbolic link; Cuttings does not follow it (copy the folder in its place to import the page with its images)`,
      );
    }
    try {
      return realpathSync(candidate);
    } catch {
      continue;
    }
  }
  return null;
}

/**
 * The images in the page's `_files` folder that its HTML references (`<img src>`,
 * `srcset`, `<source srcset>`, `data-src`), as resources whose `url` is the reference as
 * written in the HTML (so `rewriteResourceUrls` can point it at the stored copy).
 * Missing, unreadable, non-image and oversized files are skipped.
 */
export function collectSavedPageResources(pagePath: string, html: string, opts: SavedPageOptions = {}): CaptureResource[] {
  const folder = findSavedPageFolder(pagePath);
  if (!folder) return [];
  const maxImage = opts.maxImageBytes ?? MAX_SAVED_IMAGE_BYTES;
  const maxTotal = opts.maxTotalBytes ?? MAX_SAVED_PAGE_RESOURCE_BYTES;
  let pageDir: string;
  try {
    pageDir = realpathSync(path.dirname(pagePath));
  } catch {
    return [];
  }

  const out: CaptureResource[] = [];
  const byFile = new Map<string, CaptureResource>();
  const seenRefs = new Set<string>();
  let total = 0;
  for (const ref of imageReferences(html)) {
    if (seenRefs.has(ref)) continue;
    seenRefs.add(ref);
    const file = localFile(pageDir, ref);
    if (!file) continue;
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      continue; // missing
    }
    if (!real.startsWith(folder + path.sep)) continue;
    const known = byFile.get(real);
    if (known) {
      (known.aliases ??= []).push(ref);
      continue;
    }
    let size: number;
    try {
      const st = statSync(real);
      if (!st.isFile()) continue;
      size = st.size;
    } catch {
      continue;
    }
    if (size === 0 || size > maxImage || total + size > maxTotal) continue;
    let bytes: Uint8Array;
    try {
      // Checked again as it is opened, and read with a bound: a FIFO or a file that
      // grows after the check cannot hang the import or make it read more.
      bytes = readRegularFile(real, Math.min(maxImage, maxTotal - total), { noFollow: true });
    } catch {
      continue;
    }
    const mediaType = sniffImageType(bytes);
    if (!mediaType) continue;
    total += bytes.byteLength;
    const resource: CaptureResource = { url: ref, mediaType, bytes };
    byFile.set(real, resource);
    out.push(resource);
  }
  return out;
}

const TAG_RE = /<(?:img|source)\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const ATTR_RE = /\s(src|srcset|data-src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/** Image addresses in the HTML, as written (entities decoded), in document order. */
function imageReferences(html: string): string[] {
  const refs: string[] = [];
  for (const tag of html.match(TAG_RE) ?? []) {
    for (const m of tag.matchAll(ATTR_RE)) {
      const value = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
      if (m[1]!.toLowerCase() === 'srcset') {
        for (const candidate of value.split(/,\s+|,(?=[^\s,]*\s)/)) {
          const url = candidate.trim().split(/\s+/)[0]?.replace(/,+$/, '');
          if (url) refs.push(url);
        }
      } else if (value.trim()) {
        refs.push(value.trim());
      }
    }
  }
  return refs;
}

/** A relative reference (`page_files/a.jpg`, `./page_files/a.jpg`, `file:` URL) → a path, or null. */
function localFile(pageDir: string, ref: string): string | null {
  let rel = ref;
  if (/^file:/i.test(rel)) {
    try {
      return fileURLToPath(rel);
    } catch {
      return null;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:|^\/\/|^\//i.test(rel)) return null; // remote, data:, absolute
  rel = rel.split(/[?#]/)[0] ?? '';
  try {
    rel = decodeURIComponent(rel);
  } catch {
    // keep as written
  }
  if (!rel || rel.includes('\0')) return null;
  return path.resolve(pageDir, rel);
}

function decodeEntities(s: string): string {
  return s.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|quot|apos|lt|gt));/gi, (m, dec?: string, hex?: string, named?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' }[named!.toLowerCase() as 'amp'] ?? m;
  });
}
