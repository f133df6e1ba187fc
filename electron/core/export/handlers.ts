import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { ArgsOut, Handlers } from '../../contract/methods.ts';
import type { ClippingDetail, ExportReport } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import { writeLibraryJson } from '../archive/library-export.ts';
import { IMAGE_SCHEME } from '../capture/index.ts';
import type { Core } from '../context.ts';
import { diskFullError, isDiskFull } from '../disk-full.ts';
import { exportClippings, ExportError, type ExportFile } from './index.ts';

type Area = Pick<Handlers, 'export.write' | 'export.render'>;

/** Formats that always make one file, whatever the number of clippings. */
const SINGLE_FILE_FORMATS = new Set(['csv', 'ris', 'csl']);

/** Exports to files on this machine (the CLI, the app's save dialog, browser mode). */
export function exportHandlers(core: Core): Area {
  return {
    'export.write': async ({ selection, format, digest, groupBy, highlightsOnly, title, out: given }) => {
      const out = expandHome(given);
      // The whole archive as JSON is the lossless library format (import-archive reads it back).
      if (format === 'json' && selection.all && !digest) return writeLibrary(core, out);
      const { files, clippings, oneFile } = await render(core, { selection, format, digest, groupBy, highlightsOnly, title });
      const written = oneFile ? [writeAtomically(out, files[0]!.data)] : /\.zip$/i.test(out) ? [writeAtomically(out, zip(files))] : writeIntoFolder(out, files);
      return { format, clippings, files: written };
    },

    'export.render': async (args) => {
      const { files, clippings, oneFile } = await render(core, args);
      if (oneFile) {
        const f = files[0]!;
        return { fileName: f.name, mediaType: f.mediaType, base64: toBuffer(f.data).toString('base64'), clippings };
      }
      const day = core.now().slice(0, 10);
      return { fileName: `cuttings-export-${day}.zip`, mediaType: 'application/zip', base64: zip(files).toString('base64'), clippings };
    },
  };
}

type RenderArgs = Omit<ArgsOut<'export.write'>, 'out'>;

/** The export files for a selection; `oneFile` when they are (or must be) a single file. */
async function render(core: Core, { selection, format, digest, groupBy, highlightsOnly, title }: RenderArgs): Promise<{ files: ExportFile[]; clippings: number; oneFile: boolean }> {
  const ids = core.select(selection);
  if (ids.length === 0) throw new ApiError('bad_input', 'nothing to export: the selection is empty');
  const clippings = ids.map((id) => withInlineImages(core, core.detail(id)));
  let files: ExportFile[];
  try {
    files = await exportClippings(clippings, { format, digest, groupBy, highlightsOnly, title, now: core.nowDate() });
  } catch (err) {
    if (err instanceof ExportError) throw new ApiError(err.code === 'bad_options' || err.code === 'no_clippings' ? 'invalid_args' : 'bad_input', err.message);
    throw err;
  }
  return { files, clippings: clippings.length, oneFile: digest || clippings.length === 1 || SINGLE_FILE_FORMATS.has(format) };
}

function zip(files: readonly ExportFile[]): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(files.map((f) => [f.name, new Uint8Array(toBuffer(f.data))])), { level: 6 }));
}

function toBuffer(data: string | Buffer): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** `~/x` is the user's home folder, as a shell would read it. */
function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

function writeLibrary(core: Core, out: string): ExportReport {
  const tmp = `${out}.part-${process.pid}`;
  let clippings = 0;
  try {
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      clippings = writeLibraryJson(core, (chunk) => writeSync(fd, chunk)).clippings;
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (isDiskFull(err)) throw diskFullError(`${out} was not written (no part of it was left)`);
    throw new ApiError('bad_input', `cannot write ${out}: ${(err as Error).message}`);
  }
  return { format: 'json', clippings, files: [out] };
}

/** Stored images (cuttings-image:<sha256>) become data: URLs, so exports are self-contained. */
function withInlineImages(core: Core, c: ClippingDetail): ClippingDetail {
  if (!c.figures.some((f) => f.src?.startsWith(IMAGE_SCHEME))) return c;
  const figures = c.figures.map((f) => {
    if (!f.src?.startsWith(IMAGE_SCHEME)) return f;
    const r = core.captures.resource(f.src.slice(IMAGE_SCHEME.length));
    return { ...f, src: r ? `data:${r.mediaType};base64,${r.bytes.toString('base64')}` : null };
  });
  return { ...c, figures };
}

function writeIntoFolder(dir: string, files: readonly ExportFile[]): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new ApiError('bad_input', `cannot create the folder ${dir}: ${(err as Error).message}`);
  }
  // A full disk stops the export at the file that did not fit (the rest would not either).
  return files.map((f, i) => writeAtomically(path.join(dir, f.name), f.data, `; the export stopped there, ${i} of ${files.length} files written before it`));
}

/**
 * Writes next to the target, then renames: a failed export never leaves half a file.
 * `stopNote` ends the message of a full disk (what became of the rest of the export).
 */
function writeAtomically(file: string, data: string | Buffer, stopNote = ''): string {
  const tmp = `${file}.part-${process.pid}`;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (isDiskFull(err)) throw diskFullError(`${file} was not written (no part of it was left)${stopNote}`);
    throw new ApiError('bad_input', `cannot write ${file}: ${(err as Error).message}`);
  }
  return file;
}
