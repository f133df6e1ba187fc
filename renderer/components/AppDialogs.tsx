/** The window's dialogs: import, export, backup and restore, keyboard shortcuts, save search, saved searches, trash, tags, the selection's tags and details, settings (one at a time). */
import { useState } from 'react';
import { errorMessage, type Mode } from '../api.ts';
import { useApi, useNotify } from '../context.ts';
import type { DialogName } from '../hooks/useDialog.ts';
import type { PickedFile } from '../lib/files.ts';
import { SHORTCUTS } from '../lib/keys.ts';
import type { SavedSearch, TagCount } from '../../electron/contract/shapes.ts';
import type { BulkActions } from '../hooks/useBulkActions.ts';
import type { MetadataPatch } from '../hooks/useMetadataEdit.ts';
import { BulkEditDialog } from './BulkEditDialog.tsx';
import { BulkTagDialog } from './BulkTagDialog.tsx';
import { Dialog } from './Dialog.tsx';
import { ArchiveDialog } from './ArchiveDialog.tsx';
import { TagManagerDialog } from './TagManagerDialog.tsx';
import { TrashDialog } from './TrashDialog.tsx';
import { SettingsDialog } from './SettingsDialog.tsx';
import { SavedSearchesDialog } from './SavedSearchesDialog.tsx';
import type { SettingsState } from '../hooks/useSettings.ts';
import { ExportDialog } from './ExportDialog.tsx';
import { ImportDialog } from './ImportDialog.tsx';

interface Props {
  dialog: DialogName | null;
  onClose: () => void;
  mode: Mode;
  importFiles: (files: PickedFile[]) => void;
  addText: (text: string, name: string) => void;
  addUrl: (url: string) => void;
  exportOpen: { id: number; title: string } | null;
  selection: number[];
  search: { query: string; total: number; label: string } | null;
  archiveTotal: number;
  /** The query a saved search keeps, and the name proposed for it. */
  query: string;
  searchText: string;
  onSaved: () => void;
  /** The archive was restored or loaded: the open clipping may no longer exist. */
  onArchiveReplaced: () => void;
  tags: TagCount[];
  saved: SavedSearch[];
  /** The archive changed (trash, tags): reload the list and the sidebar. */
  onArchiveChanged: () => Promise<void>;
  bulk: BulkActions;
  onBulkEdit: (patch: MetadataPatch) => Promise<string | null>;
  prefs: SettingsState;
  /** Settings links to Backup and restore. */
  onPlaces: () => void;
}

export function AppDialogs(p: Props) {
  switch (p.dialog) {
    case 'import':
      return (
        <ImportDialog
          onClose={p.onClose}
          onFiles={(f) => {
            p.onClose();
            p.importFiles(f);
          }}
          onText={(text, name) => {
            p.onClose();
            p.addText(text, name);
          }}
          onUrl={p.addUrl}
        />
      );
    case 'export':
      return <ExportDialog onClose={p.onClose} open={p.exportOpen} selection={p.selection} search={p.search} archiveTotal={p.archiveTotal} mode={p.mode} />;
    case 'archive':
      return <ArchiveDialog onClose={p.onClose} mode={p.mode} archiveTotal={p.archiveTotal} onChanged={p.onArchiveReplaced} />;
    case 'help':
      return <ShortcutsDialog onClose={p.onClose} />;
    case 'save':
      return <SaveSearchDialog query={p.query} initialName={p.searchText.trim()} onClose={p.onClose} onSaved={p.onSaved} />;
    case 'trash':
      return <TrashDialog onClose={p.onClose} onChanged={() => void p.onArchiveChanged()} />;
    case 'tags':
      return <TagManagerDialog tags={p.tags} onClose={p.onClose} onChanged={p.onArchiveChanged} />;
    case 'bulkTag':
      return <BulkTagDialog count={p.bulk.count} tags={p.tags} onApply={(how, name) => void p.bulk.tag(how, name)} onClose={p.onClose} />;
    case 'bulkEdit':
      return <BulkEditDialog count={p.bulk.count} onSave={p.onBulkEdit} onClose={p.onClose} />;
    case 'saved':
      return <SavedSearchesDialog saved={p.saved} onClose={p.onClose} onChanged={p.onArchiveChanged} />;
    case 'settings':
      return <SettingsDialog prefs={p.prefs} mode={p.mode} onClose={p.onClose} onPlaces={p.onPlaces} />;
    default:
      return null;
  }
}

function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small shortcuts-note">
        <kbd>Tab</kbd> first reaches “Skip to results”. The sidebar’s lists and the coverage chart are one <kbd>Tab</kbd> stop each: the arrow keys, <kbd>Home</kbd> and <kbd>End</kbd> move inside them.
      </p>
    </Dialog>
  );
}

function SaveSearchDialog({ query, initialName, onClose, onSaved }: { query: string; initialName: string; onClose: () => void; onSaved: () => void }) {
  const api = useApi();
  const notify = useNotify();
  const [saveName, setSaveName] = useState(initialName);
  return (
    <Dialog
      title="Save search"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="save-search-form" className="btn primary" disabled={!saveName.trim()}>
            Save
          </button>
        </>
      }
    >
      <form
        id="save-search-form"
        onSubmit={(e) => {
          e.preventDefault();
          api['search.save']({ name: saveName.trim(), query })
            .then(() => {
              onClose();
              notify(`Saved “${saveName.trim()}”.`);
              onSaved();
            })
            .catch((err: unknown) => notify(errorMessage(err), { tone: 'error' }));
        }}
      >
        <label htmlFor="save-name" className="field-label">
          Name
        </label>
        <input id="save-name" className="field" value={saveName} onChange={(e) => setSaveName(e.target.value)} autoFocus />
        <p className="muted small">
          Query: <code>{query}</code>
        </p>
      </form>
    </Dialog>
  );
}
