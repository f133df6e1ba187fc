/** Settings: how the app looks and reads. */
import type { Mode } from '../api.ts';
import type { SettingsState } from '../hooks/useSettings.ts';
import { Dialog } from './Dialog.tsx';

export function SettingsDialog({ prefs, onClose }: { prefs: SettingsState; mode: Mode; onClose: () => void }) {
  const { settings, change } = prefs;
  return (
    <Dialog title="Settings" wide onClose={onClose}>
      <section className="settings-section" aria-labelledby="settings-reading">
        <h3 id="settings-reading">Reading</h3>
        <label className="check">
          <input type="checkbox" checked={settings.markReadOnOpen} onChange={(e) => change({ markReadOnOpen: e.target.checked })} />
          Opening a clipping marks it read
        </label>
      </section>
    </Dialog>
  );
}
