/**
 * Bringing clippings in: files with a progress job (cancellable, also in the
 * middle of a file: the core drops the capture it is extracting), content
 * (a paste, typed text) and an article's address. Each refreshes the list and the sidebar.
 * A file goes to the core as a grant (`Files.grantAll`: uploads in a browser, several in
 * flight, the main process's grants for dropped or chosen files in the app), never as a
 * path, and the grants already there go in one `clippings.import` (the core's bulk path);
 * a file that has no path in the app (a pasted image, say) goes as its content.
 */
import { useCallback, useRef, useState } from 'react';
import { ApiError } from '../../electron/contract/errors.ts';
import type { ImportResult } from '../../electron/contract/shapes.ts';
import { errorMessage, type Api, type Files } from '../api.ts';
import type { FileOutcome, ImportJob, Outcome } from '../components/ImportProgress.tsx';
import type { Notify } from '../context.ts';
import { formatCount } from '../lib/dates.ts';
import { inWalkOrder, partitionCaptures, toBase64, type PickedFile } from '../lib/files.ts';
import type { PlaceRef } from '../../electron/contract/places.ts';
import type { ListApi } from './useList.ts';

interface Deps {
  api: Api;
  files: Files;
  list: ListApi;
  loadSidebar: () => Promise<void>;
  notify: Notify;
  /** Opens a clipping that was just added. */
  openId: (id: number, title?: string) => void;
  closeDialog: () => void;
}

function record(j: ImportJob, name: string, r: ImportResult): ImportJob {
  const row = (outcome: Outcome, extra: Partial<FileOutcome> = {}): ImportJob => ({ ...j, files: [...j.files, { name, outcome, reason: '', id: r.id, inTrash: false, ...extra }] });
  if (r.status === 'added' || r.status === 'updated') return { ...row('added'), lastAdded: r.id !== null ? { id: r.id, title: r.title ?? name } : j.lastAdded };
  if (r.status === 'duplicate') return row('duplicate', { id: r.duplicateOf ?? r.id ?? null, inTrash: Boolean(r.inTrash) });
  if (r.status === 'cancelled') return { ...row('cancelled'), cancelled: true };
  if (r.status === 'not_tried') return row('not tried');
  return row('failed', { reason: reasonFor(name, r.error ?? 'could not be read'), id: null });
}

const failed = (j: ImportJob, name: string, reason: string): ImportJob => ({ ...j, files: [...j.files, { name, outcome: 'failed', reason, id: null, inTrash: false }] });

/** A file of a folder the core walked, named from the folder down ("Press/May/a.html"). */
function inFolder(folder: string, file: string): string {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf(folder);
  return at >= 0 ? parts.slice(at).join('/') : (parts.at(-1) ?? file);
}

/**
 * The core's message names the file or address already, for the CLI ("bad.pdf: not a
 * PDF file" — as the path the core read, an upload's place on the server in a browser —
 * or "could not fetch https://…: offline"); shown after the name, it says it once.
 */
export function reasonFor(name: string, error: string): string {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lead = new RegExp(`^(?:[^\\n]*[\\\\/])?${esc}: `);
  if (lead.test(error)) return error.replace(lead, '');
  return error.split(` ${name}:`).join(':');
}

/** The most files one import call takes: the core's bulk path, progress still shown as it goes. */
export const IMPORT_BATCH = 32;

function diskFullStop(name: string): string {
  return `The disk is full: ${name} was not stored, and the import stopped there. Free some space and import the rest again.`;
}

export function useImport({ api, files, list, loadSidebar, notify, openId, closeDialog }: Deps) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const cancelImport = useRef(false);
  const importing = useRef(false);
  /** The running batch's job id: its files are added under it, so Cancel stops the one in flight. */
  const jobId = useRef<string | null>(null);

  const importFiles = useCallback(
    async (picked: PickedFile[]) => {
      if (importing.current) {
        notify('An import is already running.');
        return;
      }
      const { captures: found, skipped } = partitionCaptures(picked);
      const captures = inWalkOrder(found);
      if (captures.length === 0) {
        notify(skipped.length ? `None of the ${formatCount(skipped.length)} files is a capture Cuttings reads (saved pages, .txt, .md, .mhtml, .eml, .pdf).` : 'Nothing to import.', { tone: 'error' });
        return;
      }
      importing.current = true;
      cancelImport.current = false;
      const id = `import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
      jobId.current = id;
      let j: ImportJob = { total: captures.length, done: 0, skipped: skipped.length, files: [], current: '', startedAt: performance.now(), finishedAt: null, cancelled: false, stopped: null, lastAdded: null };
      setJob(j);
      // Every grant asked for at once (uploads run several at a time); each file is
      // imported as soon as its grant is there, with the grants that arrived meanwhile.
      const stopUploads = new AbortController();
      const places = files.grantAll(captures.map((f) => f.file), stopUploads.signal);
      const ready: (PlaceRef | null | undefined)[] = [];
      places.forEach((p, i) => p.then((g) => (ready[i] = g), () => {}));
      let next = 0;
      while (next < captures.length) {
        const f = captures[next]!;
        if (cancelImport.current) {
          j = { ...j, cancelled: true };
          break;
        }
        j = { ...j, current: f.name };
        setJob(j);
        try {
          const place = await places[next]!;
          if (place && f.folder) {
            // A folder the app granted: the core walks it; each of its files gets its row.
            const report = await api['clippings.import']({ paths: [place], job: id });
            const tried = report.results.filter((x) => x.status !== 'not_tried').length;
            j = { ...j, total: j.total - 1 + report.results.length, done: j.done + tried, skipped: j.skipped + report.skipped };
            for (const x of report.results) j = record(j, inFolder(f.name, x.file), x);
            next++;
            if (report.stopped && !j.cancelled) {
              j = { ...j, stopped: report.stopped };
              break;
            }
          } else if (place) {
            // This file and the next ones whose grants are already there: one import, the core's bulk path.
            const batch = [{ f, place }];
            for (let k = next + 1; k < captures.length && batch.length < IMPORT_BATCH && !captures[k]!.folder && ready[k]; k++) batch.push({ f: captures[k]!, place: ready[k]! });
            const report = await api['clippings.import']({ paths: batch.map((b) => b.place), job: id });
            batch.forEach((b, k) => {
              const r = report.results[k];
              j = r ? record(j, b.f.name, r) : failed(j, b.f.name, 'not imported');
              if (r?.status !== 'not_tried' && r?.status !== 'cancelled') j = { ...j, done: j.done + 1 };
            });
            next += batch.length;
            // The core stopped at a file of the batch (the disk is full): every later file would fail the same way.
            if (report.stopped && !j.cancelled) {
              const at = report.results.findIndex((r) => r.status === 'error' && report.stopped?.includes(r.file));
              j = { ...j, stopped: diskFullStop(batch[at >= 0 ? at : 0]!.f.name) };
              break;
            }
          } else if (f.folder) {
            j = { ...failed(j, f.name, 'this folder cannot be read here'), done: j.done + 1 };
            next++;
          } else {
            const bytes = new Uint8Array(await f.file.arrayBuffer());
            const r = await api['clippings.add']({ capture: { name: f.name, ...(f.file.type ? { mediaType: f.file.type } : {}), base64: toBase64(bytes) }, job: id });
            j = record(j, f.name, r);
            if (r.status !== 'cancelled') j = { ...j, done: j.done + 1 };
            next++;
          }
        } catch (err) {
          j = { ...failed(j, f.name, errorMessage(err)), done: j.done + 1 };
          next++;
          // A full disk: every later file would fail the same way. Stop; the rest are not tried.
          if (err instanceof ApiError && err.code === 'disk_full') {
            j = { ...j, stopped: diskFullStop(f.name) };
            break;
          }
        }
        if (j.cancelled) break;
        setJob(j);
      }
      stopUploads.abort();
      // Every file from `next` on was not tried (the one cancelled in flight has its row).
      j = { ...j, files: [...j.files, ...captures.slice(next).map((f): FileOutcome => ({ name: f.name, outcome: 'not tried', reason: '', id: null, inTrash: false }))] };
      jobId.current = null;
      j = { ...j, finishedAt: performance.now(), current: '' };
      setJob(j);
      importing.current = false;
      list.refresh();
      void loadSidebar();
      if (j.total === 1 && j.lastAdded && j.files.every((r) => r.outcome !== 'failed')) openId(j.lastAdded.id, j.lastAdded.title);
    },
    [api, files, list, loadSidebar, notify, openId],
  );

  const addContent = useCallback(
    async (capture: { name: string; mediaType: string; text: string }) => {
      try {
        const r = await api['clippings.add']({ capture });
        if (r.status === 'added' && r.id !== null) {
          notify(`Added “${r.title ?? capture.name}”.`);
          openId(r.id, r.title ?? '');
          list.refresh();
          void loadSidebar();
        } else if (r.status === 'duplicate') {
          const of = r.duplicateOf ?? r.id;
          notify(r.inTrash ? 'This article is already in the archive, in the trash.' : 'This article is already in the archive.', of && !r.inTrash ? { action: { label: 'Open it', run: () => openId(of) } } : undefined);
        } else notify(`Could not add it: ${r.error ?? 'unreadable'}`, { tone: 'error' });
      } catch (err) {
        notify(errorMessage(err), { tone: 'error' });
      }
    },
    [api, list, loadSidebar, notify, openId],
  );

  const addUrl = useCallback(
    async (url: string) => {
      closeDialog();
      notify(`Fetching ${url}…`);
      try {
        const rep = await api['clippings.import']({ paths: [url] });
        const r = rep.results[0];
        if (r?.status === 'added' && r.id !== null) {
          notify(`Added “${r.title ?? url}”.`);
          openId(r.id, r.title ?? '');
          list.refresh();
          void loadSidebar();
        } else if (r?.status === 'duplicate') notify('This article is already in the archive.');
        else notify(`Could not add ${url}: ${reasonFor(url, r?.error ?? 'no result')}`, { tone: 'error' });
      } catch (err) {
        notify(errorMessage(err), { tone: 'error' });
      }
    },
    [api, list, loadSidebar, notify, openId, closeDialog],
  );

  return {
    job,
    importFiles,
    addContent,
    addUrl,
    cancel: () => {
      cancelImport.current = true;
      // Stops the file being read now, not only the ones after it.
      if (jobId.current) void api['clippings.cancelImport']({ job: jobId.current }).catch(() => {});
    },
    closeJob: () => setJob(null),
  };
}
