/**
 * Export the open clipping, a selection or the current search. The core writes the file
 * (`export.write`) to a place the page got from `Files` (contract/places.ts), never to a
 * typed path:
 * - browser mode: a download (the server's save grant, then its single-use download);
 * - Electron: where the user says in the main process's save dialog, or, for one file
 *   per clipping, into a folder chosen in its folder dialog.
 * Several files that go to one file (a download, a save dialog) are zipped; the whole
 * archive as JSON is the library file.
 */
import { useMemo, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../electron/contract/enums.ts';
import type { PlaceRef } from '../../electron/contract/places.ts';
import type { ExportReport } from '../../electron/contract/shapes.ts';
import { errorMessage, type Mode } from '../api.ts';
import { useApi, useFiles } from '../context.ts';
import { formatCount } from '../lib/dates.ts';
import { slug } from '../lib/download.ts';
import { Dialog } from './Dialog.tsx';

/** How each of the contract's export formats is offered (the list itself is the contract's). */
const FORMAT_INFO: Record<ExportFormat, { label: string; ext: string }> = {
  md: { label: 'Markdown', ext: 'md' },
  html: { label: 'HTML', ext: 'html' },
  pdf: { label: 'PDF', ext: 'pdf' },
  docx: { label: 'Word (DOCX)', ext: 'docx' },
  json: { label: 'JSON (W3C annotations)', ext: 'json' },
  csv: { label: 'CSV (one row per clipping)', ext: 'csv' },
  ris: { label: 'RIS (reference managers)', ext: 'ris' },
  csl: { label: 'CSL-JSON (citations)', ext: 'json' },
};
const FORMATS = EXPORT_FORMATS.map((id) => ({ id, ...FORMAT_INFO[id] }));
type Format = ExportFormat;
const TABLE_FORMATS: readonly Format[] = ['csv', 'ris', 'csl'];

type Scope = 'open' | 'selection' | 'search' | 'all';

interface Props {
  onClose: () => void;
  open: { id: number; title: string } | null;
  selection: number[];
  search: { query: string; total: number; label: string } | null;
  archiveTotal: number;
  mode: Mode;
}

/** What the finished dialog reports: files written (Electron) or the file downloaded (browser). */
type Done = { format: string; clippings: number } & ({ files: string[] } | { downloaded: string });

export function ExportDialog({ onClose, open, selection, search, archiveTotal, mode }: Props) {
  const download = mode === 'browser';
  const api = useApi();
  const files = useFiles();
  const initialScope: Scope = selection.length > 1 ? 'selection' : open ? 'open' : search ? 'search' : 'all';
  const [scope, setScope] = useState<Scope>(initialScope);
  const [format, setFormat] = useState<Format>('md');
  const [digest, setDigest] = useState(false);
  const [groupBy, setGroupBy] = useState<'' | 'tag' | 'outlet' | 'day'>('');
  const [highlightsOnly, setHighlightsOnly] = useState(false);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);

  const count = scope === 'open' ? 1 : scope === 'selection' ? selection.length : scope === 'search' ? (search?.total ?? 0) : archiveTotal;
  const many = count > 1;
  const library = format === 'json' && scope === 'all' && !(many && digest);
  const oneFile = !many || digest || TABLE_FORMATS.includes(format) || library;
  // The app can write one file per clipping into a folder; a download is one file, a zip.
  const intoFolder = !oneFile && !download && files.chooseFolder !== null;
  const ext = FORMATS.find((f) => f.id === format)!.ext;
  const base = useMemo(() => {
    const day = new Date().toISOString().slice(0, 10);
    if (scope === 'open' && open) return slug(open.title) || `clipping-${open.id}`;
    if (scope === 'search' && search) return `cuttings-${slug(search.label) || 'search'}-${day}`;
    if (library) return `cuttings-library-${day}`;
    return `cuttings-${digest ? 'press-review' : 'export'}-${day}`;
  }, [scope, open, search, digest, library]);
  const suggested = oneFile ? `${base}.${ext}` : `${base}.zip`;

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const selectionArg = scope === 'open' && open ? { ids: [open.id] } : scope === 'selection' ? { ids: selection } : scope === 'search' && search ? { query: search.query } : { all: true as const };
      const common = {
        selection: selectionArg,
        format,
        digest: many && digest,
        ...(many && digest && groupBy ? { groupBy } : {}),
        highlightsOnly,
        ...(title.trim() ? { title: title.trim() } : {}),
      };
      let out: PlaceRef;
      let deliver = () => undefined as void;
      if (intoFolder) {
        const folder = await files.chooseFolder!({ title: 'Export into a folder', remember: false });
        if (!folder) return;
        out = { grant: folder.grant };
      } else {
        const target = await files.saveAs(suggested, { title: 'Export', filters: [oneFile ? { name: FORMATS.find((f) => f.id === format)!.label, extensions: [ext] } : { name: 'Zip archive', extensions: ['zip'] }] });
        if (!target) return;
        out = target.place;
        deliver = target.deliver;
      }
      const r: ExportReport = await api['export.write']({ ...common, out });
      deliver();
      setDone(download ? { format: r.format, clippings: r.clippings, downloaded: suggested } : r);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    // Its own dialog (keyed), so it takes the focus (Done) rather than leaving it on the gone Download button.
    return (
      <Dialog
        key="done"
        title="Export finished"
        onClose={onClose}
        footer={
          <button type="button" className="btn primary" onClick={onClose}>
            Done
          </button>
        }
      >
        {'downloaded' in done ? (
          <p>
            {formatCount(done.clippings)} clipping{done.clippings === 1 ? '' : 's'} exported as {FORMATS.find((f) => f.id === done.format)?.label ?? done.format}, downloaded as{' '}
            <code>{done.downloaded}</code>.
          </p>
        ) : (
          <>
            <p>
              {formatCount(done.clippings)} clipping{done.clippings === 1 ? '' : 's'} written as {FORMATS.find((f) => f.id === done.format)?.label ?? done.format}:
            </p>
            <ul className="paths" aria-label="Files written">
              {done.files.slice(0, 12).map((f) => (
                <li key={f}>
                  <code>{f}</code>
                </li>
              ))}
              {done.files.length > 12 && <li className="muted">and {formatCount(done.files.length - 12)} more</li>}
            </ul>
          </>
        )}
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Export"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn primary" disabled={busy || count === 0} onClick={() => void run()}>
            {busy ? 'Exporting…' : `${download ? 'Download' : 'Export'} ${formatCount(count)} clipping${count === 1 ? '' : 's'}`}
          </button>
        </>
      }
    >
      <fieldset className="choices">
        <legend>What</legend>
        {open && (
          <label>
            <input type="radio" name="scope" checked={scope === 'open'} onChange={() => setScope('open')} /> This clipping <span className="muted">— {open.title}</span>
          </label>
        )}
        {selection.length > 1 && (
          <label>
            <input type="radio" name="scope" checked={scope === 'selection'} onChange={() => setScope('selection')} /> The {formatCount(selection.length)} selected clippings
          </label>
        )}
        {search && (
          <label>
            <input type="radio" name="scope" checked={scope === 'search'} onChange={() => setScope('search')} /> Everything in “{search.label}” <span className="muted">({formatCount(search.total)})</span>
          </label>
        )}
        <label>
          <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> The whole archive <span className="muted">({formatCount(archiveTotal)})</span>
        </label>
      </fieldset>

      <div className="form-grid">
        <label htmlFor="export-format">Format</label>
        <select id="export-format" className="field" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
          {FORMATS.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>

        <span>Options</span>
        <div className="checks">
          <label className={many ? '' : 'disabled'}>
            <input type="checkbox" checked={many && digest} disabled={!many} onChange={(e) => setDigest(e.target.checked)} /> Press-review digest (one document)
          </label>
          <label>
            <input type="checkbox" checked={highlightsOnly} onChange={(e) => setHighlightsOnly(e.target.checked)} /> Highlights and notes only
          </label>
        </div>

        {many && digest && (
          <>
            <label htmlFor="export-group">Group by</label>
            <select id="export-group" className="field" value={groupBy} onChange={(e) => setGroupBy(e.target.value as typeof groupBy)}>
              <option value="">Nothing (newest first)</option>
              <option value="tag">Tag</option>
              <option value="outlet">Outlet</option>
              <option value="day">Day</option>
            </select>
            <label htmlFor="export-title">Title</label>
            <input id="export-title" className="field" placeholder="Press review" value={title} onChange={(e) => setTitle(e.target.value)} />
          </>
        )}

        <span>File</span>
        <p className="muted small export-file" aria-live="polite">
          {oneFile ? `One ${library ? 'library JSON' : FORMATS.find((f) => f.id === format)!.label.split(' (')[0]} file` : intoFolder ? `One ${ext.toUpperCase()} file per clipping, in a folder` : `A .zip with one ${ext.toUpperCase()} file per clipping`}
          {download ? ', saved where your browser keeps downloads.' : intoFolder ? ': you choose the folder next.' : ': you choose where to save it next.'}
        </p>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
