/**
 * Export the open clipping, a selection or the current search.
 * - Browser mode: the core renders one file (`export.render`: a document, a digest, a
 *   table, or a zip of several) and the browser downloads it (Blob + <a download>).
 * - Electron: the core writes the files itself (`export.write`) where the user says;
 *   `~/` is the home folder.
 */
import { useMemo, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../electron/contract/enums.ts';
import type { ExportReport } from '../../electron/contract/shapes.ts';
import { errorMessage, type Mode } from '../api.ts';
import { useApi } from '../context.ts';
import { formatCount } from '../lib/dates.ts';
import { fromBase64, saveBlob, slug } from '../lib/download.ts';
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
  const oneFile = !many || digest || TABLE_FORMATS.includes(format);
  const ext = FORMATS.find((f) => f.id === format)!.ext;
  const base = useMemo(() => {
    const day = new Date().toISOString().slice(0, 10);
    if (scope === 'open' && open) return slug(open.title) || `clipping-${open.id}`;
    if (scope === 'search' && search) return `cuttings-${slug(search.label) || 'search'}-${day}`;
    return `cuttings-${digest ? 'press-review' : 'export'}-${day}`;
  }, [scope, open, search, digest]);
  const suggested = oneFile ? `${base}.${ext}` : base;
  const [out, setOut] = useState<string | null>(null);
  const path = out ?? `~/Downloads/${suggested}`;

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
      if (download) {
        const r = await api['export.render'](common);
        saveBlob(fromBase64(r.base64), r.mediaType, r.fileName);
        setDone({ format, clippings: r.clippings, downloaded: r.fileName });
      } else {
        const r: ExportReport = await api['export.write']({ ...common, out: path });
        setDone(r);
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Dialog
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
          <button type="button" className="btn primary" disabled={busy || count === 0 || (!download && !path.trim())} onClick={() => void run()}>
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

        {download ? (
          <>
            <span>File</span>
            <p className="muted small export-file" aria-live="polite">
              {oneFile ? `One ${FORMATS.find((f) => f.id === format)!.label.split(' (')[0]} file` : `A .zip with one ${ext.toUpperCase()} file per clipping`}, saved where your browser keeps downloads.
            </p>
          </>
        ) : (
          <>
            <label htmlFor="export-out">{oneFile ? 'Save as' : 'Into folder'}</label>
            <div>
              <input id="export-out" className="field mono" value={path} onChange={(e) => setOut(e.target.value)} spellCheck={false} aria-describedby="export-out-help" />
              <p id="export-out-help" className="muted small">
                <code>~/</code> is your home folder. Missing folders are created.
              </p>
            </div>
          </>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
