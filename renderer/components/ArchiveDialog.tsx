/**
 * The archive as a whole: back it up, restore a backup, export or load the library JSON,
 * and the places Cuttings may keep using (lasting grants: in the app, a backup folder
 * chosen once; revocable here). Every file is named through `Files` (contract/places.ts):
 * the app's own dialogs, or uploads and downloads in a browser.
 */
import { useCallback, useEffect, useState } from 'react';
import type { GrantInfo, PlaceRef } from '../../electron/contract/places.ts';
import { errorMessage, type Mode } from '../api.ts';
import { useApi, useFiles } from '../context.ts';
import { formatCount } from '../lib/dates.ts';
import { Dialog } from './Dialog.tsx';

interface Props {
  onClose: () => void;
  mode: Mode;
  archiveTotal: number;
  /** The archive was replaced or filled: reload what is shown. */
  onChanged: () => void;
}

const today = () => new Date().toISOString().slice(0, 10);

export function ArchiveDialog({ onClose, mode, archiveTotal, onChanged }: Props) {
  const api = useApi();
  const files = useFiles();
  const browser = mode === 'browser';
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const [replace, setReplace] = useState(false);
  const [places, setPlaces] = useState<GrantInfo[]>([]);

  const loadPlaces = useCallback(() => {
    api['places.list']({}).then(setPlaces, (err: unknown) => setStatus({ text: errorMessage(err), error: true }));
  }, [api]);
  useEffect(loadPlaces, [loadPlaces]);

  /** Runs one action; `null` from it means the user cancelled. */
  const run = async (what: () => Promise<string | null>) => {
    setBusy(true);
    setStatus(null);
    try {
      const text = await what();
      if (text) setStatus({ text });
    } catch (err) {
      setStatus({ text: errorMessage(err), error: true });
    } finally {
      setBusy(false);
    }
  };

  const backup = (into?: PlaceRef) =>
    run(async () => {
      const name = `cuttings-backup-${today()}.db`;
      const target = into ? { place: into, deliver: () => undefined } : await files.saveAs(name, { title: 'Back up the archive', filters: [{ name: 'Cuttings backup', extensions: ['db'] }] });
      if (!target) return null;
      const r = await api['archive.backup']({ file: target.place });
      target.deliver();
      return browser ? `Backup downloaded as ${name} (${(r.bytes / 1e6).toFixed(1)} MB).` : `Backup written: ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB).`;
    });

  const restore = () =>
    run(async () => {
      const chosen = await files.chooseFile({ title: 'Restore a backup', extensions: ['db'] });
      if (!chosen) return null;
      const r = await api['archive.restore']({ file: chosen.place, force: replace });
      onChanged();
      return `Restored ${formatCount(r.clippings)} clipping${r.clippings === 1 ? '' : 's'} from ${chosen.label}.`;
    });

  const exportLibrary = () =>
    run(async () => {
      const name = `cuttings-library-${today()}.json`;
      const target = await files.saveAs(name, { title: 'Export the library', filters: [{ name: 'Cuttings library', extensions: ['json'] }] });
      if (!target) return null;
      const r = await api['export.write']({ selection: { all: true }, format: 'json', out: target.place });
      target.deliver();
      return `${formatCount(r.clippings)} clipping${r.clippings === 1 ? '' : 's'} exported as ${browser ? `${name} (downloaded)` : r.files[0]}.`;
    });

  const loadLibrary = () =>
    run(async () => {
      const chosen = await files.chooseFile({ title: 'Load a library', extensions: ['json'] });
      if (!chosen) return null;
      const r = await api['archive.importLibrary']({ file: chosen.place });
      onChanged();
      return `Loaded ${formatCount(r.clippings)} clipping${r.clippings === 1 ? '' : 's'} from ${chosen.label}.`;
    });

  const chooseBackupFolder = () =>
    run(async () => {
      const folder = await files.chooseFolder?.({ title: 'Choose a folder for backups', remember: true });
      if (!folder) return null;
      loadPlaces();
      return `Cuttings may now write backups into ${folder.label}.`;
    });

  const revoke = (g: GrantInfo) =>
    run(async () => {
      await api['places.revoke']({ grant: g.grant });
      loadPlaces();
      return `Cuttings may no longer use ${g.label}.`;
    });

  return (
    <Dialog
      title="Backup and restore"
      onClose={onClose}
      wide
      footer={
        <button type="button" className="btn primary" onClick={onClose}>
          Done
        </button>
      }
    >
      <section className="archive-section" aria-labelledby="archive-backup">
        <h3 id="archive-backup">Backup</h3>
        <p className="muted small">A copy of the whole archive (clippings, captures, notes, tags), made safely while Cuttings runs.</p>
        <div className="row-actions">
          <button type="button" className="btn" disabled={busy} onClick={() => void backup()}>
            {browser ? 'Download a backup' : 'Back up to a file…'}
          </button>
          {places.map((p) => (
            <button key={p.grant} type="button" className="btn" disabled={busy} onClick={() => void backup({ grant: p.grant, name: `cuttings-backup-${today()}.db` })}>
              Back up into {p.label}
            </button>
          ))}
        </div>
      </section>

      <section className="archive-section" aria-labelledby="archive-restore">
        <h3 id="archive-restore">Restore</h3>
        <p className="muted small">Replaces this archive with a backup (checked first).</p>
        {archiveTotal > 0 && (
          <label className="checks">
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Replace the {formatCount(archiveTotal)} clipping{archiveTotal === 1 ? '' : 's'} in this archive
          </label>
        )}
        <div className="row-actions">
          <button type="button" className="btn" disabled={busy || (archiveTotal > 0 && !replace)} onClick={() => void restore()}>
            Restore from a backup…
          </button>
        </div>
      </section>

      <section className="archive-section" aria-labelledby="archive-library">
        <h3 id="archive-library">Library file</h3>
        <p className="muted small">The whole archive as one JSON file (lossless; readable by other tools), and loading one into an empty archive.</p>
        <div className="row-actions">
          <button type="button" className="btn" disabled={busy || archiveTotal === 0} onClick={() => void exportLibrary()}>
            {browser ? 'Download the library' : 'Export the library…'}
          </button>
          <button type="button" className="btn" disabled={busy || archiveTotal > 0} onClick={() => void loadLibrary()}>
            Load a library…
          </button>
        </div>
      </section>

      <section className="archive-section" aria-labelledby="archive-places">
        <h3 id="archive-places">Places Cuttings may use</h3>
        {browser ? (
          <p className="muted small">In a browser Cuttings keeps no places: every file is uploaded or downloaded when you choose it, and used once.</p>
        ) : (
          <>
            <p className="muted small">Folders you chose once for Cuttings to keep using. Files you pick or drop are used once and not kept.</p>
            {places.length === 0 ? (
              <p className="muted small">None.</p>
            ) : (
              <ul className="places" aria-label="Places Cuttings may use">
                {places.map((p) => (
                  <li key={p.grant}>
                    <code>{p.label}</code>{' '}
                    <button type="button" className="btn" disabled={busy} onClick={() => void revoke(p)}>
                      Revoke
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" className="btn" disabled={busy} onClick={() => void chooseBackupFolder()}>
              Choose a backup folder…
            </button>
          </>
        )}
      </section>

      {status && (
        <p className={status.error ? 'form-error' : 'muted'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </Dialog>
  );
}
