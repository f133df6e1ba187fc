/**
 * Reading what the user drops or picks: files and whole folders (through
 * `webkitGetAsEntry`), filtered to the captures Cuttings reads.
 */

export const CAPTURE_EXTENSIONS = ['.html', '.htm', '.xhtml', '.shtml', '.txt', '.md', '.markdown', '.mhtml', '.mht', '.eml', '.pdf', '.gz'];

export interface PickedFile {
  /** Path inside the dropped folder, or the file name. */
  name: string;
  file: File;
  /** A dropped folder kept whole (the app): imported by its grant, the core walks it. */
  folder?: boolean;
}

export function isCaptureName(name: string): boolean {
  const lower = name.toLowerCase();
  return CAPTURE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Files inside a saved page's `NAME_files` folder belong to the page, not the archive. */
export function isPageResource(path: string): boolean {
  return path.split('/').slice(0, -1).some((part) => /_files$/i.test(part));
}

export function partitionCaptures(files: readonly PickedFile[]): { captures: PickedFile[]; skipped: PickedFile[] } {
  const captures: PickedFile[] = [];
  const skipped: PickedFile[] = [];
  for (const f of files) (f.folder || (isCaptureName(f.name) && !isPageResource(f.name)) ? captures : skipped).push(f);
  return { captures, skipped };
}

/**
 * In the order `cuttings import` meets them: files picked one by one as given, each
 * picked folder's files (named "Folder/…") where the folder first appears, in the order
 * the core walks a folder (each folder's entries by name, code unit by code unit). So a
 * folder imported through the page keeps the same one of two copies as the CLI does.
 */
export function inWalkOrder(files: readonly PickedFile[]): PickedFile[] {
  const groups = new Map<string, PickedFile[]>();
  const order: (PickedFile | PickedFile[])[] = [];
  for (const f of files) {
    const slash = f.name.indexOf('/');
    if (slash < 0) {
      order.push(f);
      continue;
    }
    const top = f.name.slice(0, slash);
    let group = groups.get(top);
    if (!group) groups.set(top, (group = [])), order.push(group);
    group.push(f);
  }
  const byPath = (a: PickedFile, b: PickedFile) => {
    const x = a.name.split('/');
    const y = b.name.split('/');
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return x.length - y.length;
  };
  return order.flatMap((g) => (Array.isArray(g) ? g.sort(byPath) : [g]));
}

/** Bytes → base64, in chunks (String.fromCharCode has an argument limit). */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

interface FsEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
interface FsFileEntry extends FsEntry {
  file: (ok: (f: File) => void, err: (e: unknown) => void) => void;
}
interface FsDirEntry extends FsEntry {
  createReader: () => { readEntries: (ok: (e: FsEntry[]) => void, err: (e: unknown) => void) => void };
}

/**
 * Every file in a drop, folders walked — or, with `wholeFolders` (the app, where a
 * dropped folder's File has a path the main process grants), each folder as one item.
 */
export async function filesFromDrop(dt: DataTransfer, wholeFolders = false): Promise<PickedFile[]> {
  const entries: FsEntry[] = [];
  const loose: File[] = [];
  const folders: PickedFile[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    const entry = (item as DataTransferItem & { webkitGetAsEntry?: () => FsEntry | null }).webkitGetAsEntry?.();
    const asFile = wholeFolders && entry?.isDirectory ? item.getAsFile() : null;
    if (asFile && entry) folders.push({ name: entry.name, file: asFile, folder: true });
    else if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  if (entries.length === 0 && folders.length === 0) return Array.from(dt.files).map((file) => ({ name: file.name, file }));
  const out: PickedFile[] = [...folders, ...loose.map((file) => ({ name: file.name, file }))];
  for (const e of entries) await walk(e, out);
  return out;
}

async function walk(entry: FsEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((ok, err) => (entry as FsFileEntry).file(ok, err));
    out.push({ name: entry.fullPath.replace(/^\//, '') || file.name, file });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FsDirEntry).createReader();
  for (;;) {
    const batch = await new Promise<FsEntry[]>((ok, err) => reader.readEntries(ok, err));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}

/** Files from an <input type=file> (with `webkitdirectory`, names carry the folder path). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({ name: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name, file }));
}
