/**
 * Settings: the look (theme), reading (opening marks read, text size and width), the
 * archive (its file, daily backups, the data folder, the places Cuttings may use) and
 * Connections: the browsers paired with the browser clipper, with their last use, each
 * revocable (its token stops working at once).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ClipperToken } from '../../electron/contract/shapes.ts';
import type { BackupSettings } from '../../electron/contract/places.ts';
import { errorMessage, type Mode } from '../api.ts';
import { useApi, useFiles, useNotify } from '../context.ts';
import { TEXT_SIZES, WIDTHS, type SettingsState, type Theme, type Width } from '../hooks/useSettings.ts';
import { Dialog } from './Dialog.tsx';

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

interface Props {
  prefs: SettingsState;
  mode: Mode;
  onClose: () => void;
  /** Opens Backup and restore, where the places Cuttings may use are listed and revoked. */
  onPlaces: () => void;
}

export function SettingsDialog({ prefs, mode, onClose, onPlaces }: Props) {
  const api = useApi();
  const { settings, change } = prefs;
  const [file, setFile] = useState<string | null>(null);
  useEffect(() => {
    api['archive.stats']({}).then(
      (s) => setFile(s.file),
      (e: unknown) => setFile(`Not known: ${errorMessage(e)}`),
    );
  }, [api]);
  const app = mode === 'electron';
  return (
    <Dialog title="Settings" wide onClose={onClose}>
      <fieldset className="settings-section">
        <legend>Theme</legend>
        <div className="radio-row">
          {THEMES.map((t) => (
            <label key={t.value} className="check">
              <input type="radio" name="theme" value={t.value} checked={settings.theme === t.value} onChange={() => change({ theme: t.value })} />
              {t.label}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="settings-section">
        <legend>Reading</legend>
        <label className="check">
          <input type="checkbox" checked={settings.markReadOnOpen} onChange={(e) => change({ markReadOnOpen: e.target.checked })} />
          Opening a clipping marks it read
        </label>
        <div className="settings-grid">
          <label htmlFor="settings-size">Text size</label>
          <select id="settings-size" className="field" value={settings.textSize} onChange={(e) => change({ textSize: Number(e.target.value) })}>
            {TEXT_SIZES.map((n) => (
              <option key={n} value={n}>
                {n} px
              </option>
            ))}
          </select>
          <label htmlFor="settings-width">Text width</label>
          <select id="settings-width" className="field" value={settings.width} onChange={(e) => change({ width: e.target.value as Width })}>
            {(Object.keys(WIDTHS) as Width[]).map((w) => (
              <option key={w} value={w}>
                {w[0]!.toUpperCase() + w.slice(1)}
              </option>
            ))}
          </select>
        </div>
      </fieldset>

      <section className="settings-section" aria-labelledby="settings-archive">
        <h3 id="settings-archive">Archive</h3>
        <p className="small">
          The archive is the file <code className="settings-path">{file ?? '…'}</code>
        </p>
        {app ? (
          <AppArchiveControls />
        ) : (
          <>
            <p className="small">Daily backups are made by the app, not in a browser: make one now with Backup and restore.</p>
            <p className="small">The data folder belongs to the app; a browser cannot open it.</p>
          </>
        )}
        <p className="small">
          <button type="button" className="linklike" onClick={onPlaces}>
            Backup and restore, and the places Cuttings may use…
          </button>
        </p>
      </section>

      <section className="settings-section" aria-labelledby="settings-connections">
        <h3 id="settings-connections">Connections</h3>
        <ClipperConnections />
      </section>
    </Dialog>
  );
}

/**
 * The app only (the main process keeps these): daily backups on or off and their folder
 * (a lasting folder grant from its folder dialog), and opening the data folder.
 */
function AppArchiveControls() {
  const { appPlaces, chooseFolder } = useFiles();
  const notify = useNotify();
  const [backups, setBackups] = useState<BackupSettings | null>(null);
  useEffect(() => {
    appPlaces?.backupSettings().then(setBackups, (e: unknown) => notify(errorMessage(e), { tone: 'error' }));
  }, [appPlaces, notify]);
  if (!appPlaces) return null;
  const change = (c: { enabled?: boolean; folder?: string | null }) =>
    appPlaces.setBackupSettings(c).then(setBackups, (e: unknown) => notify(errorMessage(e), { tone: 'error' }));
  const choose = async () => {
    const g = await chooseFolder?.({ title: 'Folder for the daily backups', remember: true }).catch((e: unknown) => {
      notify(errorMessage(e), { tone: 'error' });
      return null;
    });
    if (g) await change({ folder: g.grant });
  };
  const openData = () =>
    appPlaces.openDataFolder().then(
      (r) => r.opened || notify(`Could not open the data folder: ${r.error ?? 'unknown error'}`, { tone: 'error' }),
      (e: unknown) => notify(errorMessage(e), { tone: 'error' }),
    );
  return (
    <>
      <label className="check">
        <input type="checkbox" disabled={!backups} checked={backups?.enabled ?? false} onChange={(e) => void change({ enabled: e.target.checked })} />
        Back up the archive each day the app starts (the last 7 are kept)
      </label>
      <p className="small">
        Backups go to <code className="settings-path">{backups ? (backups.folder?.label ?? backups.defaultFolder) : '…'}</code>
      </p>
      <div className="row-buttons">
        <button type="button" className="btn small" disabled={!backups} onClick={() => void choose()}>
          Choose a folder for backups…
        </button>
        {backups?.folder && (
          <button type="button" className="btn small quiet" onClick={() => void change({ folder: null })}>
            Use the default folder
          </button>
        )}
        <button type="button" className="btn small" onClick={() => void openData()}>
          Open the data folder
        </button>
      </div>
    </>
  );
}

/** The browser clipper: what it is, where to get it, and the browsers paired with this archive. */
function ClipperConnections() {
  const api = useApi();
  const notify = useNotify();
  const [tokens, setTokens] = useState<ClipperToken[] | null>(null);
  const load = useCallback(() => api['clipper.tokens']({}).then(setTokens, (e: unknown) => notify(errorMessage(e), { tone: 'error' })), [api, notify]);
  useEffect(() => void load(), [load]);
  const revoke = (t: ClipperToken) =>
    api['clipper.revoke']({ id: t.id }).then(
      () => {
        notify(`${t.name} can no longer add clippings.`);
        void load();
      },
      (e: unknown) => notify(errorMessage(e), { tone: 'error' }),
    );
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');
  return (
    <>
      <p className="small">
        The Cuttings browser clipper (for Chromium-based browsers and Firefox) saves the article you are reading, with tags, a note and highlights, in one
        click. Install it from <code>dist/extension</code> or the zips that <code>npm run dist</code> makes (see “The browser clipper” in the guide, README.md);
        it asks to be paired with this archive the first time.
      </p>
      {tokens && tokens.length === 0 && <p className="small">No browser is paired yet.</p>}
      {tokens && tokens.length > 0 && (
        <table className="settings-table" aria-label="Paired browsers">
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Paired</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{when(t.createdAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>
                  <button type="button" className="btn small" aria-label={`Revoke ${t.name}`} onClick={() => void revoke(t)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
