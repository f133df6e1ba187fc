/**
 * Settings: the look (theme), reading (opening marks read, text size and width), the
 * archive (its file, daily backups, the data folder, the places Cuttings may use) and
 * Connections: the browsers paired with the browser clipper, with their last use, each
 * revocable (its token stops working at once); and the team archive: join a team server
 * with its address and a token, see how the sync goes, sync now, leave.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ClipperToken } from '../../electron/contract/shapes.ts';
import type { BackupSettings } from '../../electron/contract/places.ts';
import { errorMessage, type Mode } from '../api.ts';
import { useApi, useFiles, useNotify, useTeam } from '../context.ts';
import { syncLine } from '../lib/sync-line.ts';
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

      <section className="settings-section" aria-labelledby="settings-team">
        <h3 id="settings-team">Team archive</h3>
        <TeamSettings />
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

/** The first letter of the core's message in capitals: it is shown as a sentence. */
const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);

/**
 * The team archive: out of a team, a form to join one (the server's address and a token
 * from the team's admin; what went wrong is said under it); in a team, who this archive
 * syncs as, how the sync goes, Sync now and Leave.
 */
function TeamSettings() {
  const api = useApi();
  const notify = useNotify();
  const { status, refresh } = useTeam();
  const [server, setServer] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (what: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      if (done) notify(done);
    } catch (e) {
      setError(sentence(errorMessage(e)));
    } finally {
      setBusy(false);
      await refresh().catch(() => undefined);
    }
  };
  if (!status) return <p className="small">…</p>;
  if (!status.joined) {
    const join = (e: FormEvent) => {
      e.preventDefault();
      void act(async () => {
        await api['team.join']({ server: server.trim(), token: token.trim() });
        setToken('');
      }, 'This archive is in the team now; it syncs by itself.');
    };
    return (
      <form onSubmit={join} aria-describedby={error ? 'team-error' : undefined}>
        <p className="small">
          Share this archive with a team: it stays a full copy here that works offline, and syncs with the team’s server (set up with
          <code> cuttings team serve</code>; see “Team archive” in the guide). Ask the team’s admin for the address and your token.
        </p>
        <div className="settings-grid team-grid">
          <label htmlFor="team-server">Server address</label>
          <input id="team-server" className="field" type="url" required placeholder="https://team.example.org" value={server} onChange={(e) => setServer(e.target.value)} autoComplete="off" />
          <label htmlFor="team-token">Token</label>
          <input id="team-token" className="field" type="password" required placeholder="ct_…" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
        </div>
        <div className="row-buttons">
          <button type="submit" className="btn small primary" disabled={busy || !server.trim() || !token.trim()}>
            {busy ? 'Joining…' : 'Join the team'}
          </button>
        </div>
        {error && (
          <p id="team-error" className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    );
  }
  const line = syncLine(status, Date.now());
  return (
    <>
      <p className="small">
        In the team at <code className="settings-path">{status.server}</code> as <strong>{status.user}</strong> ({status.role}). It syncs by itself: after each change,
        regularly for the others’ changes, and again once the server can be reached after a break. Leaving keeps everything here; changes not yet sent stay
        here only.
      </p>
      <p className={`small sync-line${line?.trouble ? ` ${line.trouble}` : ''}`}>
        <span className="sync-dot" aria-hidden="true" /> {line?.text}
      </p>
      {line?.error && <p className="small muted">{sentence(line.error)}</p>}
      <div className="row-buttons">
        <button type="button" className="btn small" disabled={busy} onClick={() => void act(() => api['team.sync']({}))}>
          {busy ? 'Syncing…' : 'Sync now'}
        </button>
        <button type="button" className="btn small quiet" disabled={busy} onClick={() => void act(() => api['team.leave']({}), 'This archive left the team; it keeps everything it holds.')}>
          Leave the team
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
