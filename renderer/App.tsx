/**
 * The window: composes the hooks that each own one concern (toasts, sidebar data, what
 * the list shows, the list, the open clipping and selection, imports, dialogs, keyboard,
 * the shell's events) and lays out the panes.
 */
import { useRef } from 'react';
import type { CuttingsEvents } from '../electron/contract/events.ts';
import type { Suggestion } from '../electron/contract/shapes.ts';
import type { SearchInParts } from '../electron/contract/client.ts';
import { errorMessage, type Api, type Files, type Mode } from './api.ts';
import { AppDialogs } from './components/AppDialogs.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Icon } from './components/Icon.tsx';
import { ImportProgress } from './components/ImportProgress.tsx';
import { ListPane } from './components/ListPane.tsx';
import { Reader, type ReaderHandle } from './components/Reader.tsx';
import { SearchBar } from './components/SearchBar.tsx';
import { SkipLinks } from './components/SkipLinks.tsx';
import { Sidebar, type Scope } from './components/Sidebar.tsx';
import { SyncStatus } from './components/SyncStatus.tsx';
import { Toasts } from './components/Toasts.tsx';
import { WelcomeGuide } from './components/WelcomeGuide.tsx';
import { ApiContext, FilesContext, NotifyContext, SettingsContext, TeamContext } from './context.ts';
import { useCoverageSettings } from './hooks/useCoverageSettings.ts';
import { useAddress, useStartPlace } from './hooks/useAddress.ts';
import { useStable } from './hooks/useStable.ts';
import { useBulkActions } from './hooks/useBulkActions.ts';
import { useDeleteClipping } from './hooks/useDeleteClipping.ts';
import { useDialog } from './hooks/useDialog.ts';
import { useDropAndPaste } from './hooks/useDropAndPaste.ts';
import { useExampleClipping } from './hooks/useExampleClipping.ts';
import { useImport } from './hooks/useImport.ts';
import { useKeyboard } from './hooks/useKeyboard.ts';
import { useList } from './hooks/useList.ts';
import { useMetadataEdit } from './hooks/useMetadataEdit.ts';
import { useSearchState } from './hooks/useSearchState.ts';
import { useSelection } from './hooks/useSelection.ts';
import { useSettings } from './hooks/useSettings.ts';
import { PairingPrompt } from './components/PairingPrompt.tsx';
import { useShellEvents } from './hooks/useShellEvents.ts';
import { useSidebarData } from './hooks/useSidebarData.ts';
import { useTeamStatus } from './hooks/useTeamStatus.ts';
import { useToasts } from './hooks/useToasts.ts';
import { ALL } from './state/url.ts';

export function App({ api, mode, events = null, files, searchInParts = null }: { api: Api; mode: Mode; events?: CuttingsEvents | null; files: Files; searchInParts?: SearchInParts | null }) {
  const { toasts, notify, dismiss } = useToasts();
  const prefs = useSettings();
  const start = useStartPlace();
  const search = useSearchState(start);
  const coverage = useCoverageSettings();
  // A submitted search's one request also brings the chart the coverage pane draws.
  const list = useList(api, search.query, search.effectiveSort, coverage.show ? { bucket: coverage.bucket, stackBy: coverage.stackBy } : null, searchInParts);
  const { side, loadSidebar, countUnread } = useSidebarData(api, notify, list.state.loading);
  const sel = useSelection(list, start.open, search.query);
  const dialogs = useDialog(start.view);
  const { dialog, setDialog, closeDialog } = dialogs;
  useAddress(search, sel, dialogs);
  const reader = useRef<ReaderHandle>(null);
  const searchInput = useRef<HTMLInputElement>(null);

  const bulk = useBulkActions(api, sel, search.query, list, loadSidebar, notify);
  const saveDetails = useMetadataEdit(api, notify, bulk.refresh);
  const archiveChanged = async () => {
    list.refresh();
    await loadSidebar();
  };
  // The changes of others the background sync applied: what is shown is loaded again.
  const team = useTeamStatus(api, () => void archiveChanged());
  const deleteClipping = useDeleteClipping(api, list, sel.setOpen, loadSidebar, notify);
  const imports = useImport({ api, files, list, loadSidebar, notify, openId: sel.openId, closeDialog });
  const dragging = useDropAndPaste({ importFiles: imports.importFiles, addContent: imports.addContent, notify, closeDialog, wholeFolders: mode === 'electron' });
  useKeyboard({ open: sel.open, dialog, step: sel.step, deleteClipping, deleteSelection: sel.selectedCount > 1 ? bulk.remove : null, setDialog, reader, searchInput });
  useShellEvents(events, list, loadSidebar, closeDialog, searchInput);
  const example = useExampleClipping(api, notify, (id, title) => {
    sel.openId(id, title);
    void archiveChanged();
  });

  const changeScope = (s: Scope) => {
    search.changeScope(s);
    sel.clearSelection();
  };
  const openSuggestion = (s: Suggestion, text: string) => {
    search.searchFor(text);
    sel.openId(s.id, s.title);
  };

  // Stable callbacks for the memoised search box and sidebar: opening a clipping renders neither.
  const onTyped = useStable(search.setTyped);
  const onSubmit = useStable(search.runSearch);
  const onSuggestion = useStable(openSuggestion);
  const onScope = useStable(changeScope);
  const onTrash = useStable(() => setDialog('trash'));
  const onManageTags = useStable(() => setDialog('tags'));
  const onManageSaved = useStable(() => setDialog('saved'));
  const onDeleteSaved = useStable((name: string) => void api['search.deleteSaved']({ name }).then(loadSidebar, (e: unknown) => notify(errorMessage(e), { tone: 'error' })));

  const { state } = list;
  const { open, selection } = sel;
  const emptyArchive = state.total === 0 && !state.loading && search.query === '' && !state.error;

  return (
    <ApiContext.Provider value={api}>
      <FilesContext.Provider value={files}>
      <NotifyContext.Provider value={notify}>
      <SettingsContext.Provider value={prefs}>
      <TeamContext.Provider value={team}>
        <div className={`app${dragging ? ' dragging' : ''}`}>
          <SkipLinks reader={open !== null} />
          <header className="topbar">
            <div className="brand">
              <span className="logo" aria-hidden="true">
                C
              </span>
              <span className="brand-name">Cuttings</span>
            </div>
            <SearchBar value={search.typed} onChange={onTyped} onSubmit={onSubmit} onOpen={onSuggestion} inputRef={searchInput} />
            <div className="topbar-actions">
              <SyncStatus
                onOpen={() => setDialog('settings')}
                onOverridden={() =>
                  void api['team.conflicts']({}).then(([latest]) => latest && sel.openId(latest.clippingId, latest.clippingTitle), (err: unknown) => notify(errorMessage(err)))
                }
              />
              <button type="button" className="btn" onClick={() => setDialog('import')} title="Import (i)">
                <Icon name="upload" /> Import
              </button>
              <button type="button" className="btn" onClick={() => setDialog('export')} title="Export (e)" disabled={side.total === 0}>
                <Icon name="download" /> Export
              </button>
              <button type="button" className="icon-btn" aria-label="Backup and restore" title="Backup and restore" onClick={() => setDialog('archive')}>
                <Icon name="save" />
              </button>
              <button type="button" className="icon-btn" aria-label="Settings" title="Settings" onClick={() => setDialog('settings')}>
                <Icon name="settings" />
              </button>
              <button type="button" className="icon-btn" aria-label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)" onClick={() => setDialog('help')}>
                <Icon name="keyboard" />
              </button>
            </div>
          </header>

          <ErrorBoundary where="The sidebar">
            <Sidebar data={side} scope={search.scope} onScope={onScope} onTrash={onTrash} onManageTags={onManageTags} onManageSaved={onManageSaved} onDeleteSaved={onDeleteSaved} />
          </ErrorBoundary>

          <main className="main" id="main">
          <ListPane
            list={list}
            search={search}
            sel={sel}
            coverage={coverage}
            tags={side.tags}
            mode={mode}
            emptyArchive={emptyArchive}
            onImport={() => setDialog('import')}
            onExport={() => setDialog('export')}
            bulk={bulk}
            onBulkTag={() => setDialog('bulkTag')}
            onBulkEdit={() => setDialog('bulkEdit')}
            onSaveSearch={() => setDialog('save')}
            onSearchAll={() => {
              search.clearChips();
              changeScope(ALL);
            }}
          />

          <section className="reader-pane" aria-label="Reader">
            <ErrorBoundary where="The reader" key={open?.id ?? 0}>
              {open ? (
                <Reader
                  ref={reader}
                  id={open.id}
                  matches={open.matches}
                  preview={open.row}
                  allTags={side.tags}
                  onChanged={(id, patch) => {
                    list.patch(id, patch);
                    if ('read' in patch || 'starred' in patch) void loadSidebar();
                  }}
                  onOpenedRead={(id) => {
                    list.patch(id, { read: true });
                    countUnread(-1);
                  }}
                  onTagsChanged={() => void loadSidebar()}
                  onDelete={(id, title) => void deleteClipping(id, title)}
                  onExport={() => setDialog('export')}
                  onOpen={(id, title) => sel.openId(id, title)}
                  received={team.status?.background?.received}
                />
              ) : (
                <div className="reader-empty">
                  {emptyArchive ? (
                    <WelcomeGuide onExample={() => void example.add()} adding={example.adding} />
                  ) : (
                    <>
                      <Icon name="note" size={32} />
                      <p>Choose a clipping to read it.</p>
                      <p className="muted small">
                        <kbd>j</kbd> <kbd>k</kbd> move through the list · <kbd>/</kbd> searches · <kbd>?</kbd> lists every shortcut
                      </p>
                    </>
                  )}
                </div>
              )}
            </ErrorBoundary>
          </section>
          </main>

          {imports.job && <ImportProgress job={imports.job} onCancel={imports.cancel} onClose={imports.closeJob} onOpen={(id) => sel.openId(id)} />}

          {dragging && (
            <div className="drop-overlay" aria-hidden="true">
              <div className="drop-card">
                <Icon name="upload" size={36} />
                <p>Drop files or folders to import them</p>
              </div>
            </div>
          )}

          <Toasts toasts={toasts} onDismiss={dismiss} />
          <PairingPrompt onOpen={(id) => sel.openId(id)} />

          <AppDialogs
            dialog={dialog}
            onClose={closeDialog}
            mode={mode}
            importFiles={(f) => void imports.importFiles(f)}
            addText={(text, name) => void imports.addContent({ name, mediaType: 'text/plain', text })}
            addUrl={(u) => void imports.addUrl(u)}
            exportOpen={open ? { id: open.id, title: open.title || `Clipping ${open.id}` } : null}
            selection={sel.allResults ? [] : [...selection]}
            search={search.query ? { query: search.query, total: state.total, label: search.searchLabel || search.listTitle } : null}
            archiveTotal={side.total ?? 0}
            query={search.query}
            searchText={search.searchText}
            onSaved={() => void loadSidebar()}
            onArchiveReplaced={() => {
              sel.setOpen(null);
              void archiveChanged();
            }}
            tags={side.tags}
            saved={side.saved}
            onArchiveChanged={archiveChanged}
            bulk={bulk}
            onBulkEdit={(patch) => saveDetails(bulk.selection, patch)}
            prefs={prefs}
            onPlaces={() => setDialog('archive')}
          />
        </div>
      </TeamContext.Provider>
      </SettingsContext.Provider>
      </NotifyContext.Provider>
      </FilesContext.Provider>
    </ApiContext.Provider>
  );
}
