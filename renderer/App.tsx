import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ImportResult, TagCount } from '../electron/contract/shapes.ts';
import type { CuttingsEvents } from '../electron/contract/events.ts';
import type { Suggestion } from '../electron/contract/shapes.ts';
import { errorMessage, type Api, type Mode } from './api.ts';
import { ClippingList } from './components/ClippingList.tsx';
import { Coverage } from './components/Coverage.tsx';
import { Dialog } from './components/Dialog.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { ExportDialog } from './components/ExportDialog.tsx';
import { Icon } from './components/Icon.tsx';
import { ImportDialog } from './components/ImportDialog.tsx';
import { ImportProgress, type ImportJob } from './components/ImportProgress.tsx';
import { Reader, type ReaderHandle } from './components/Reader.tsx';
import { SearchBar } from './components/SearchBar.tsx';
import { Sidebar, type Scope, type SidebarData } from './components/Sidebar.tsx';
import { Toasts, type Toast } from './components/Toasts.tsx';
import { ApiContext, NotifyContext, useApi, type Notify } from './context.ts';
import { useList, type Row, type Sort } from './hooks/useList.ts';
import { formatCount } from './lib/dates.ts';
import { filesFromDrop, partitionCaptures, toBase64, type PickedFile } from './lib/files.ts';
import { isEditable, resolveKey, SHORTCUTS } from './lib/keys.ts';
import { composeQuery, filter, periodFilter, periodLabel, type Bucket } from './lib/query.ts';

interface Chip {
  label: string;
  query: string;
}

const ALL: Scope = { key: 'all', label: 'All clippings', query: '' };

export function App({ api, mode, events = null }: { api: Api; mode: Mode; events?: CuttingsEvents | null }) {
  // Toasts ------------------------------------------------------------------
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastSeq = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (message, opts) => {
      const id = ++toastSeq.current;
      setToasts((ts) => [...ts.slice(-3), { id, message, tone: opts?.tone ?? 'info', action: opts?.action }]);
      window.setTimeout(() => dismiss(id), opts?.ms ?? (opts?.action ? 9000 : opts?.tone === 'error' ? 9000 : 4000));
    },
    [dismiss],
  );

  // Sidebar -----------------------------------------------------------------
  const [side, setSide] = useState<SidebarData>({ total: null, starred: null, unread: null, tags: [], saved: [], outlets: [] });
  const loadSidebar = useCallback(async () => {
    const count = (q: string) =>
      api['search.query']({ query: q, limit: 1 })
        .then((r) => r.total)
        .catch(() => null);
    const [stats, tags, saved, starred, unread, outlets] = await Promise.all([
      api['archive.stats']({}).catch((e: unknown) => {
        notify(errorMessage(e), { tone: 'error' });
        return null;
      }),
      api['tags.list']({}).catch(() => [] as TagCount[]),
      api['search.saved']({}).catch(() => []),
      count('is:starred'),
      count('is:unread'),
      api['outlets.list']({}).catch(() => []),
    ]);
    setSide({
      total: stats?.clippings ?? null,
      starred,
      unread,
      tags,
      saved,
      outlets: [...outlets].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, 25),
    });
  }, [api, notify]);

  // What the list shows ------------------------------------------------------
  const [scope, setScope] = useState<Scope>(ALL);
  const [typed, setTyped] = useState('');
  const [searchText, setSearchText] = useState('');
  const [chips, setChips] = useState<Chip[]>([]);
  const [sort, setSort] = useState<Sort>('relevance');
  const query = useMemo(() => composeQuery({ scope: scope.query, text: searchText, filters: chips.map((c) => c.query) }), [scope, searchText, chips]);
  const list = useList(api, query, searchText.trim() ? sort : sort === 'relevance' ? 'newest' : sort);
  const [showCoverage, setShowCoverage] = useState(true);
  // The sidebar's counts cost whole-archive passes: load them once the list has painted.
  const sidebarStarted = useRef(false);
  useEffect(() => {
    if (list.state.loading || sidebarStarted.current) return;
    sidebarStarted.current = true;
    void loadSidebar();
  }, [list.state.loading, loadSidebar]);

  // Open clipping and selection ---------------------------------------------
  const [open, setOpen] = useState<{ id: number; title: string; matches: [number, number][] } | null>(null);
  const [selection, setSelection] = useState<Set<number>>(new Set());
  const [anchorIndex, setAnchorIndex] = useState<number | null>(null);
  const [scrollTo, setScrollTo] = useState<number | null>(null);
  const reader = useRef<ReaderHandle>(null);
  const searchInput = useRef<HTMLInputElement>(null);

  const openRow = useCallback((r: Row, index: number) => {
    setOpen({ id: r.id, title: r.title, matches: r.matches });
    setSelection(new Set());
    setAnchorIndex(index);
    setScrollTo(index);
  }, []);

  const onSelect = (id: number, how: 'toggle' | 'range', index: number) => {
    setSelection((prev) => {
      const next = new Set(prev);
      if (open && next.size === 0) next.add(open.id);
      if (how === 'toggle') {
        if (next.has(id)) next.delete(id);
        else next.add(id);
      } else {
        const from = Math.min(anchorIndex ?? index, index);
        const to = Math.max(anchorIndex ?? index, index);
        for (let i = from; i <= to; i++) {
          const r = list.row(i);
          if (r) next.add(r.id);
        }
      }
      return next;
    });
    if (how === 'toggle') setAnchorIndex(index);
  };

  const step = (delta: 1 | -1) => {
    const current = open ? list.indexOf(open.id) : -1;
    const next = Math.max(0, Math.min(list.state.total - 1, current + delta));
    const r = list.row(next);
    if (r) openRow(r, next);
    else {
      list.ensure(next, next);
      setScrollTo(next);
    }
  };

  // When a search runs, open its first hit if nothing is open.
  const changeScope = (s: Scope) => {
    setScope(s);
    setChips([]);
    setSearchText('');
    setTyped('');
    setSelection(new Set());
  };

  const runSearch = (text: string) => {
    setSearchText(text);
    setChips([]);
    if (text.trim()) setSort('relevance');
  };

  const openSuggestion = (s: Suggestion, text: string) => {
    setSearchText(text);
    setChips([]);
    setOpen({ id: s.id, title: s.title, matches: [] });
  };

  // Keep the open clipping's matches when the search changes under it.
  useEffect(() => {
    if (!open) return;
    const i = list.indexOf(open.id);
    const r = i >= 0 ? list.row(i) : null;
    if (r && r.matches !== open.matches && (r.matches.length || open.matches.length) && JSON.stringify(r.matches) !== JSON.stringify(open.matches)) {
      setOpen({ id: r.id, title: r.title, matches: r.matches });
    }
  }, [list, list.state.version, open]);

  // Delete with undo ----------------------------------------------------------
  const deleteClipping = useCallback(
    async (id: number, title: string) => {
      try {
        const index = list.indexOf(id);
        await api['clippings.delete']({ id });
        const next = index >= 0 ? (list.row(index + 1) ?? list.row(index - 1)) : null;
        setOpen(next ? { id: next.id, title: next.title, matches: next.matches } : null);
        list.refresh();
        void loadSidebar();
        notify(`Moved “${title.length > 50 ? `${title.slice(0, 50)}…` : title}” to the trash.`, {
          action: {
            label: 'Undo',
            run: () => {
              api['trash.restore']({ id })
                .then((d) => {
                  setOpen({ id: d.id, title: d.title, matches: [] });
                  list.refresh();
                  void loadSidebar();
                  notify('Restored.');
                })
                .catch((e: unknown) => notify(errorMessage(e), { tone: 'error' }));
            },
          },
        });
      } catch (err) {
        notify(errorMessage(err), { tone: 'error' });
      }
    },
    [api, list, loadSidebar, notify],
  );

  // Import --------------------------------------------------------------------
  const [job, setJob] = useState<ImportJob | null>(null);
  const cancelImport = useRef(false);
  const importing = useRef(false);

  const record = (j: ImportJob, name: string, r: ImportResult): ImportJob => {
    if (r.status === 'added') return { ...j, added: j.added + 1, lastAdded: r.id !== null ? { id: r.id, title: r.title ?? name } : j.lastAdded };
    if (r.status === 'duplicate') return { ...j, duplicates: [...j.duplicates, { name, of: r.duplicateOf ?? r.id ?? null, inTrash: Boolean(r.inTrash) }] };
    return { ...j, errors: [...j.errors, { name, reason: r.error ?? 'could not be read' }] };
  };

  const importFiles = useCallback(
    async (picked: PickedFile[]) => {
      if (importing.current) {
        notify('An import is already running.');
        return;
      }
      const { captures, skipped } = partitionCaptures(picked);
      if (captures.length === 0) {
        notify(skipped.length ? `None of the ${formatCount(skipped.length)} files is a capture Cuttings reads (saved pages, .txt, .md, .mhtml, .eml, .pdf).` : 'Nothing to import.', { tone: 'error' });
        return;
      }
      importing.current = true;
      cancelImport.current = false;
      let j: ImportJob = { total: captures.length, done: 0, added: 0, skipped: skipped.length, duplicates: [], errors: [], current: '', startedAt: performance.now(), finishedAt: null, cancelled: false, lastAdded: null };
      setJob(j);
      for (const f of captures) {
        if (cancelImport.current) {
          j = { ...j, cancelled: true };
          break;
        }
        j = { ...j, current: f.name };
        setJob(j);
        try {
          const bytes = new Uint8Array(await f.file.arrayBuffer());
          const r = await api['clippings.add']({ capture: { name: f.name, ...(f.file.type ? { mediaType: f.file.type } : {}), base64: toBase64(bytes) } });
          j = record(j, f.name, r);
        } catch (err) {
          j = { ...j, errors: [...j.errors, { name: f.name, reason: errorMessage(err) }] };
        }
        j = { ...j, done: j.done + 1 };
        setJob(j);
      }
      j = { ...j, finishedAt: performance.now(), current: '' };
      setJob(j);
      importing.current = false;
      list.refresh();
      void loadSidebar();
      if (j.total === 1 && j.lastAdded && j.errors.length === 0) {
        setOpen({ id: j.lastAdded.id, title: j.lastAdded.title, matches: [] });
      }
    },
    [api, list, loadSidebar, notify],
  );

  const addContent = useCallback(
    async (capture: { name: string; mediaType: string; text: string }) => {
      try {
        const r = await api['clippings.add']({ capture });
        if (r.status === 'added' && r.id !== null) {
          notify(`Added “${r.title ?? capture.name}”.`);
          setOpen({ id: r.id, title: r.title ?? '', matches: [] });
          list.refresh();
          void loadSidebar();
        } else if (r.status === 'duplicate') {
          const of = r.duplicateOf ?? r.id;
          notify(r.inTrash ? 'This article is already in the archive, in the trash.' : 'This article is already in the archive.', of && !r.inTrash ? { action: { label: 'Open it', run: () => setOpen({ id: of, title: '', matches: [] }) } } : undefined);
        } else notify(`Could not add it: ${r.error ?? 'unreadable'}`, { tone: 'error' });
      } catch (err) {
        notify(errorMessage(err), { tone: 'error' });
      }
    },
    [api, list, loadSidebar, notify],
  );

  const addUrl = useCallback(
    async (url: string) => {
      setDialog(null);
      notify(`Fetching ${url}…`);
      try {
        const rep = await api['clippings.import']({ paths: [url] });
        const r = rep.results[0];
        if (r?.status === 'added' && r.id !== null) {
          notify(`Added “${r.title ?? url}”.`);
          setOpen({ id: r.id, title: r.title ?? '', matches: [] });
          list.refresh();
          void loadSidebar();
        } else if (r?.status === 'duplicate') notify('This article is already in the archive.');
        else notify(`Could not add ${url}: ${r?.error ?? 'no result'}`, { tone: 'error' });
      } catch (err) {
        notify(errorMessage(err), { tone: 'error' });
      }
    },
    [api, list, loadSidebar, notify],
  );

  // Dialogs -------------------------------------------------------------------
  const [dialog, setDialog] = useState<'import' | 'export' | 'help' | 'save' | null>(null);
  const [saveName, setSaveName] = useState('');

  // Drag and drop, paste ----------------------------------------------------
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer || !hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      setDialog(null);
      filesFromDrop(e.dataTransfer)
        .then((files) => importFiles(files))
        .catch((err: unknown) => notify(errorMessage(err), { tone: 'error' }));
    };
    const paste = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement) || document.querySelector('dialog[open]')) return;
      const html = e.clipboardData?.getData('text/html') ?? '';
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!html.trim() && !text.trim()) return;
      e.preventDefault();
      void addContent(html.trim() ? { name: 'Pasted page.html', mediaType: 'text/html', text: html } : { name: 'Pasted text.txt', mediaType: 'text/plain', text });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, [importFiles, addContent, notify]);

  // Keyboard ----------------------------------------------------------------
  const keyState = useRef({ open, dialog, step, deleteClipping });
  keyState.current = { open, dialog, step, deleteClipping };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const s = keyState.current;
      if (s.dialog || document.querySelector('dialog[open]')) return;
      const action = resolveKey({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: e.shiftKey, editing: isEditable(document.activeElement) });
      if (!action) return;
      if (action === 'escape') {
        if (isEditable(document.activeElement)) (document.activeElement as HTMLElement).blur();
        return;
      }
      e.preventDefault();
      switch (action) {
        case 'focusSearch':
          searchInput.current?.focus();
          searchInput.current?.select();
          break;
        case 'next':
          s.step(1);
          break;
        case 'previous':
          s.step(-1);
          break;
        case 'highlight':
          reader.current?.highlightSelection();
          break;
        case 'tags':
          reader.current?.focusTags();
          break;
        case 'star':
          reader.current?.toggleStar();
          break;
        case 'export':
          setDialog('export');
          break;
        case 'import':
          setDialog('import');
          break;
        case 'delete':
          if (s.open) void s.deleteClipping(s.open.id, s.open.title);
          break;
        case 'nextMatch':
          reader.current?.stepMatch(1);
          break;
        case 'previousMatch':
          reader.current?.stepMatch(-1);
          break;
        case 'help':
          setDialog('help');
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Electron: the main process says when the archive changed behind the page (an
  // import from the menu, a file opened with the app) and sends menu commands.
  const eventState = useRef({ list, loadSidebar });
  eventState.current = { list, loadSidebar };
  useEffect(() => {
    if (!events) return;
    const offs = [
      events.on('changed', () => {
        eventState.current.list.refresh();
        void eventState.current.loadSidebar();
      }),
      events.on('menu', (m) => {
        if (m?.action !== 'find') return;
        setDialog(null);
        searchInput.current?.focus();
        searchInput.current?.select();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [events]);

  // ------------------------------------------------------------------------
  const { state } = list;
  const emptyArchive = state.total === 0 && !state.loading && query === '' && !state.error;
  const listTitle = searchText.trim() ? `“${searchText.trim()}”` : scope.label;
  const searchLabel = [scope.key !== 'all' ? scope.label : '', searchText.trim(), ...chips.map((c) => c.label)].filter(Boolean).join(' · ');
  const addChip = (c: Chip) => setChips((cs) => (cs.some((x) => x.query === c.query) ? cs : [...cs, c]));
  const pickPeriod = (bucket: Bucket, start: string) => {
    const f = periodFilter(bucket, start);
    setChips((cs) => [...cs.filter((c) => !/^(on|after):/.test(c.query)), { label: periodLabel(bucket, start), query: f }]);
  };

  return (
    <ApiContext.Provider value={api}>
      <NotifyContext.Provider value={notify}>
        <div className={`app${dragging ? ' dragging' : ''}`}>
          <header className="topbar">
            <div className="brand">
              <span className="logo" aria-hidden="true">
                C
              </span>
              <span className="brand-name">Cuttings</span>
            </div>
            <SearchBar value={typed} onChange={setTyped} onSubmit={runSearch} onOpen={openSuggestion} inputRef={searchInput} />
            <div className="topbar-actions">
              <button type="button" className="btn" onClick={() => setDialog('import')} title="Import (i)">
                <Icon name="upload" /> Import
              </button>
              <button type="button" className="btn" onClick={() => setDialog('export')} title="Export (e)" disabled={side.total === 0}>
                <Icon name="download" /> Export
              </button>
              <button type="button" className="icon-btn" aria-label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)" onClick={() => setDialog('help')}>
                <Icon name="keyboard" />
              </button>
            </div>
          </header>

          <ErrorBoundary where="The sidebar">
            <Sidebar data={side} scope={scope} onScope={changeScope} onDeleteSaved={(name) => void api['search.deleteSaved']({ name }).then(loadSidebar, (e: unknown) => notify(errorMessage(e), { tone: 'error' }))} />
          </ErrorBoundary>

          <main className="list-pane" aria-label="Clippings">
            <ErrorBoundary where="The list">
              <div className="list-head">
                <div className="list-title-row">
                  <h1 className="list-title">{listTitle}</h1>
                  <span className="list-count" aria-live="polite">
                    {state.loading ? 'Searching…' : `${formatCount(state.total)}${state.totalExact ? '' : '+'} ${state.total === 1 ? 'clipping' : 'clippings'}`}
                    {!state.loading && state.tookMs !== null && query ? <span className="muted"> · {state.tookMs < 1 ? '<1' : Math.round(state.tookMs)} ms</span> : null}
                  </span>
                </div>
                <div className="list-tools">
                  <label className="sort">
                    <span className="visually-hidden">Sort</span>
                    <select className="field compact" value={searchText.trim() ? sort : sort === 'relevance' ? 'newest' : sort} onChange={(e) => setSort(e.target.value as Sort)} aria-label="Sort">
                      {searchText.trim() && <option value="relevance">Best match</option>}
                      <option value="newest">Newest first</option>
                      <option value="oldest">Oldest first</option>
                    </select>
                  </label>
                  {state.facets && (
                    <>
                      <FacetSelect label="Tag" values={state.facets.tags.map((t) => ({ name: t.name, count: t.count }))} onPick={(v) => addChip({ label: `Tag: ${v}`, query: filter('tag', v) })} />
                      <FacetSelect label="Outlet" values={state.facets.outlets} onPick={(v) => addChip({ label: v, query: filter('outlet', v) })} />
                      <FacetSelect label="Year" values={state.facets.years.map((y) => ({ name: y.year, count: y.count }))} onPick={(v) => addChip({ label: v, query: `on:${v}` })} />
                    </>
                  )}
                  <span className="spacer" />
                  {query && searchText.trim() && (
                    <button
                      type="button"
                      className="btn small quiet"
                      onClick={() => {
                        setSaveName(searchText.trim());
                        setDialog('save');
                      }}
                    >
                      <Icon name="bookmark" size={14} /> Save search
                    </button>
                  )}
                  <button type="button" className={`btn small quiet${showCoverage ? ' on' : ''}`} aria-pressed={showCoverage} onClick={() => setShowCoverage((s) => !s)}>
                    <Icon name="chart" size={14} /> Coverage
                  </button>
                </div>
                {chips.length > 0 && (
                  <ul className="chips" aria-label="Filters">
                    {chips.map((c) => (
                      <li key={c.query} className="filter-chip">
                        {c.label}
                        <button type="button" className="chip-x" aria-label={`Remove filter ${c.label}`} onClick={() => setChips((cs) => cs.filter((x) => x.query !== c.query))}>
                          <Icon name="close" size={11} />
                        </button>
                      </li>
                    ))}
                    <li>
                      <button type="button" className="linklike small" onClick={() => setChips([])}>
                        Clear all
                      </button>
                    </li>
                  </ul>
                )}
              </div>
              {showCoverage && !emptyArchive && state.total > 0 && <Coverage ready={!state.loading} query={query} total={state.total} version={state.refreshes} onPick={pickPeriod} />}
              {state.error ? (
                <div className="list-empty" role="alert">
                  <Icon name="alert" size={28} />
                  <p>{state.error}</p>
                </div>
              ) : emptyArchive ? (
                <EmptyArchive onImport={() => setDialog('import')} mode={mode} />
              ) : !state.loading && state.total === 0 ? (
                <NoMatches
                  text={searchText}
                  didYouMean={state.didYouMean}
                  hasFilters={chips.length > 0 || scope.key !== 'all'}
                  onTry={(q) => {
                    setTyped(q);
                    runSearch(q);
                  }}
                  onClear={() => {
                    setChips([]);
                    changeScope(ALL);
                  }}
                />
              ) : (
                <ClippingList list={list} openId={open?.id ?? null} selection={selection} tags={side.tags} onOpen={openRow} onSelect={onSelect} scrollToIndex={scrollTo} />
              )}
              {selection.size > 1 && (
                <div className="selection-bar" role="region" aria-label="Selection">
                  <span>{formatCount(selection.size)} selected</span>
                  <button type="button" className="btn small" onClick={() => setDialog('export')}>
                    Export…
                  </button>
                  <button type="button" className="btn small quiet" onClick={() => setSelection(new Set())}>
                    Clear
                  </button>
                </div>
              )}
            </ErrorBoundary>
          </main>

          <section className="reader-pane" aria-label="Reader">
            <ErrorBoundary where="The reader" key={open?.id ?? 0}>
              {open ? (
                <Reader
                  ref={reader}
                  id={open.id}
                  matches={open.matches}
                  allTags={side.tags}
                  onChanged={(id, patch) => {
                    list.patch(id, patch);
                    if ('read' in patch || 'starred' in patch) void loadSidebar();
                  }}
                  onTagsChanged={() => void loadSidebar()}
                  onDelete={(id, title) => void deleteClipping(id, title)}
                  onExport={() => setDialog('export')}
                />
              ) : (
                <div className="reader-empty">
                  {emptyArchive ? null : (
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

          {job && (
            <ImportProgress
              job={job}
              onCancel={() => {
                cancelImport.current = true;
              }}
              onClose={() => setJob(null)}
              onOpen={(id) => setOpen({ id, title: '', matches: [] })}
            />
          )}

          {dragging && (
            <div className="drop-overlay" aria-hidden="true">
              <div className="drop-card">
                <Icon name="upload" size={36} />
                <p>Drop files or folders to import them</p>
              </div>
            </div>
          )}

          <Toasts toasts={toasts} onDismiss={dismiss} />

          {dialog === 'import' && (
            <ImportDialog
              onClose={() => setDialog(null)}
              onFiles={(f) => {
                setDialog(null);
                void importFiles(f);
              }}
              onText={(text, name) => {
                setDialog(null);
                void addContent({ name, mediaType: 'text/plain', text });
              }}
              onUrl={(u) => void addUrl(u)}
            />
          )}
          {dialog === 'export' && (
            <ExportDialog
              onClose={() => setDialog(null)}
              open={open ? { id: open.id, title: open.title || `Clipping ${open.id}` } : null}
              selection={[...selection]}
              search={query ? { query, total: state.total, label: searchLabel || listTitle } : null}
              archiveTotal={side.total ?? 0}
              mode={mode}
            />
          )}
          {dialog === 'help' && (
            <Dialog title="Keyboard shortcuts" onClose={() => setDialog(null)}>
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
            </Dialog>
          )}
          {dialog === 'save' && (
            <Dialog
              title="Save search"
              onClose={() => setDialog(null)}
              footer={
                <>
                  <button type="button" className="btn" onClick={() => setDialog(null)}>
                    Cancel
                  </button>
                  <button
                    type="submit"
                    form="save-search-form"
                    className="btn primary"
                    disabled={!saveName.trim()}
                  >
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
                      setDialog(null);
                      notify(`Saved “${saveName.trim()}”.`);
                      void loadSidebar();
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
          )}
        </div>
      </NotifyContext.Provider>
    </ApiContext.Provider>
  );
}

function FacetSelect({ label, values, onPick }: { label: string; values: { name: string; count: number }[]; onPick: (v: string) => void }) {
  if (values.length === 0) return null;
  return (
    <select
      className="field compact facet"
      aria-label={`Narrow by ${label.toLowerCase()}`}
      value=""
      onChange={(e) => {
        if (e.target.value) onPick(e.target.value);
      }}
    >
      <option value="">{label}</option>
      {values.slice(0, 40).map((v) => (
        <option key={v.name} value={v.name}>
          {v.name} ({formatCount(v.count)})
        </option>
      ))}
    </select>
  );
}

function EmptyArchive({ onImport, mode }: { onImport: () => void; mode: Mode }) {
  return (
    <div className="welcome">
      <div className="welcome-art" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <h2>Your archive is empty</h2>
      <p>Bring in your first press cuttings. Cuttings cleans each one into a readable clipping and keeps the original.</p>
      <ul className="welcome-steps">
        <li>
          <strong>Drop</strong> saved pages, text copies or whole folders anywhere on this window
        </li>
        <li>
          <strong>Paste</strong> an article you copied with select-all — press <kbd>{mode === 'electron' && navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl'}</kbd> <kbd>V</kbd>
        </li>
        <li>
          <strong>Import</strong> files, or add an article from its address
        </li>
      </ul>
      <button type="button" className="btn primary" onClick={onImport}>
        <Icon name="upload" /> Import clippings…
      </button>
    </div>
  );
}

function NoMatches({ text, didYouMean: fromSearch, hasFilters, onTry, onClear }: { text: string; didYouMean: string | null; hasFilters: boolean; onTry: (q: string) => void; onClear: () => void }) {
  const api = useApi();
  const [fromSuggest, setFromSuggest] = useState<string | null>(null);
  useEffect(() => {
    setFromSuggest(null);
    if (fromSearch || !text.trim()) return;
    let cancelled = false;
    api['search.suggest']({ text: text.trim(), limit: 1 })
      .then((r) => !cancelled && setFromSuggest(r.didYouMean && r.didYouMean !== text.trim() ? r.didYouMean : null))
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [api, text, fromSearch]);
  const didYouMean = fromSearch ?? fromSuggest;
  return (
    <div className="list-empty">
      <Icon name="search" size={28} />
      <p>{text.trim() ? <>Nothing matches “{text.trim()}”{hasFilters ? ' with these filters' : ''}.</> : 'Nothing here yet.'}</p>
      {didYouMean && (
        <p>
          Did you mean{' '}
          <button type="button" className="linklike strong" onClick={() => onTry(didYouMean)}>
            {didYouMean}
          </button>
          ?
        </p>
      )}
      {hasFilters && (
        <button type="button" className="btn small" onClick={onClear}>
          Search all clippings
        </button>
      )}
      {!didYouMean && text.trim() && <p className="muted small">Try fewer words, a prefix like “diplom*”, or check the spelling.</p>}
    </div>
  );
}
