/**
 * The native menus (File, Edit, View, Window, Help; the app menu on macOS) and the
 * main-process actions behind them: import through an open dialog, export and backup
 * through a save dialog, each one contract call. Imports only types from `electron`:
 * `main.ts` hands it the real `dialog`, `shell` and friends.
 */
import type { BrowserWindow, Dialog, MenuItemConstructorOptions, MessageBoxOptions, OpenDialogOptions, SaveDialogOptions, Shell } from 'electron';
import path from 'node:path';
import type { MethodName, Results } from '../contract/methods.ts';
import type { ExportFormat, ImportReport } from '../contract/shapes.ts';
import { CAPTURE_EXTENSIONS } from '../core/capture/files.ts';
import type { EventName, EventPayloads } from '../contract/events.ts';
import { THEMES, type Theme } from './window-state.ts';

export interface MenuActions {
  importFiles(): void;
  importFolder(): void;
  exportAll(): void;
  backup(): void;
  showDataFolder(): void;
  setTheme(theme: Theme): void;
  find(): void;
  openGuide(): void;
  about(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Unpackaged (`npm start`): adds force-reload and the developer tools. */
  isDev: boolean;
  appName: string;
  theme: Theme;
}

const THEME_LABELS: Record<Theme, string> = { system: 'Follow System', light: 'Light', dark: 'Dark' };

export function menuTemplate(actions: MenuActions, opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: opts.appName,
      submenu: [{ role: 'about' }, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { id: 'import-files', label: 'Import Files…', accelerator: 'CmdOrCtrl+O', click: () => actions.importFiles() },
      { id: 'import-folder', label: 'Import Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.importFolder() },
      sep,
      { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportAll() },
      { id: 'backup', label: 'Backup…', accelerator: 'CmdOrCtrl+Shift+B', click: () => actions.backup() },
      sep,
      { id: 'show-data', label: 'Show Data Folder', click: () => actions.showDataFolder() },
      sep,
      mac ? { role: 'close' } : { id: 'quit', role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'pasteAndMatchStyle' },
      { role: 'delete' },
      { role: 'selectAll' },
      sep,
      { id: 'find', label: 'Find…', accelerator: 'CmdOrCtrl+F', click: () => actions.find() },
    ],
  });
  template.push({
    label: '&View',
    submenu: [
      {
        id: 'theme',
        label: 'Theme',
        submenu: THEMES.map((t) => ({ id: `theme-${t}`, label: THEME_LABELS[t], type: 'radio' as const, checked: t === opts.theme, click: () => actions.setTheme(t) })),
      },
      sep,
      { role: 'reload' },
      ...(opts.isDev ? [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const] : []),
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ role: 'windowMenu' });
  template.push({
    label: '&Help',
    role: 'help',
    submenu: [
      { id: 'guide', label: `${opts.appName} Guide`, accelerator: mac ? undefined : 'F1', click: () => actions.openGuide() },
      ...(mac ? [] : [sep, { id: 'about', label: `About ${opts.appName}`, click: () => actions.about() }]),
    ],
  });
  return template;
}

// ---------------------------------------------------------------------------------
// The actions

/** What File › Export… offers: the whole archive as a press review, the library or a list. */
export const EXPORT_CHOICES: { name: string; ext: string; format: ExportFormat; digest: boolean }[] = [
  { name: 'Press review (PDF)', ext: 'pdf', format: 'pdf', digest: true },
  { name: 'Press review (Word)', ext: 'docx', format: 'docx', digest: true },
  { name: 'Press review (HTML)', ext: 'html', format: 'html', digest: true },
  { name: 'Press review (Markdown)', ext: 'md', format: 'md', digest: true },
  { name: 'Whole library (JSON, lossless)', ext: 'json', format: 'json', digest: false },
  { name: 'Spreadsheet (CSV)', ext: 'csv', format: 'csv', digest: false },
  { name: 'References (RIS)', ext: 'ris', format: 'ris', digest: false },
];

export const IMPORT_FILTERS = [
  { name: 'Captures', extensions: [...CAPTURE_EXTENSIONS.map((e) => e.slice(1)), 'gz'] },
  { name: 'All files', extensions: ['*'] },
];

/** The archive as the actions see it (the real one, or a fake in tests). */
export interface ArchiveCaller {
  call<M extends MethodName>(method: M, args: unknown): Promise<Results[M]>;
}

export interface ActionDeps {
  archive: ArchiveCaller;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox' | 'showErrorBox'>;
  shell: Pick<Shell, 'openPath'>;
  getWindow: () => BrowserWindow | null;
  send: <E extends EventName>(name: E, payload: EventPayloads[E]) => void;
  setTheme: (theme: Theme) => void;
  showAbout: () => void;
  userData: string;
  guide: string;
  downloads: string;
  now?: () => Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Imports `paths` (files and folders) and tells the page. Shared by the menu, a second
 * launch with files, files opened with the app (macOS) and the first launch's argv.
 */
export async function importPaths(deps: Pick<ActionDeps, 'archive' | 'send' | 'dialog' | 'getWindow'>, paths: string[]): Promise<ImportReport | null> {
  if (paths.length === 0) return null;
  try {
    const report = await deps.archive.call('clippings.import', { paths });
    const { results, ...counts } = report;
    deps.send('changed', { reason: 'import', report: { ...counts, files: results.length } });
    const failed = results.filter((r) => r.status === 'error');
    if (failed.length > 0) {
      const detail = failed
        .slice(0, 10)
        .map((r) => `${path.basename(r.file)}: ${r.error ?? 'not imported'}`)
        .join('\n');
      const more = failed.length > 10 ? `${detail}\n… and ${failed.length - 10} more.` : detail;
      await messageBox(deps, {
        type: 'warning',
        // A full disk stopped it: why, first; then the files that failed.
        message: report.stopped
          ? `${report.added} added; the import stopped, the disk is full (${report.notTried} not tried).`
          : `${report.added} added, ${failed.length} could not be imported.`,
        detail: report.stopped ? `${report.stopped}\n\n${more}` : more,
      });
    }
    return report;
  } catch (err) {
    deps.dialog.showErrorBox('Import failed', (err as Error).message);
    return null;
  }
}

async function messageBox(deps: Pick<ActionDeps, 'dialog' | 'getWindow'>, options: MessageBoxOptions): Promise<void> {
  const win = deps.getWindow();
  if (win) await deps.dialog.showMessageBox(win, options);
  else await deps.dialog.showMessageBox(options);
}

export function menuActions(deps: ActionDeps): MenuActions & { run: Record<'importFiles' | 'importFolder' | 'exportAll' | 'backup', () => Promise<void>> } {
  const now = deps.now ?? (() => new Date());
  const open = async (properties: OpenDialogOptions['properties'], title: string): Promise<void> => {
    const options: OpenDialogOptions = { title, properties, filters: properties?.includes('openFile') ? IMPORT_FILTERS : undefined };
    const win = deps.getWindow();
    const r = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
    if (!r.canceled) await importPaths(deps, r.filePaths);
  };
  const save = async (options: SaveDialogOptions): Promise<string | null> => {
    const win = deps.getWindow();
    const r = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  };
  const guarded = (what: string, fn: () => Promise<void>) => () =>
    fn().catch((err: unknown) => deps.dialog.showErrorBox(`${what} failed`, (err as Error).message));

  const run = {
    importFiles: () => open(['openFile', 'multiSelections'], 'Import captures'),
    importFolder: () => open(['openDirectory', 'multiSelections'], 'Import folders of captures'),
    exportAll: async () => {
      const file = await save({
        title: 'Export every clipping',
        defaultPath: path.join(deps.downloads, `press-review-${day(now())}.pdf`),
        filters: EXPORT_CHOICES.map((c) => ({ name: c.name, extensions: [c.ext] })),
      });
      if (!file) return;
      const ext = path.extname(file).slice(1).toLowerCase();
      const choice = EXPORT_CHOICES.find((c) => c.ext === ext);
      if (!choice) throw new Error(`choose a file ending in ${EXPORT_CHOICES.map((c) => '.' + c.ext).join(', ')}`);
      const r = await deps.archive.call('export.write', { selection: { all: true }, format: choice.format, digest: choice.digest, out: file });
      await messageBox(deps, { type: 'info', message: `Exported ${r.clippings} clipping${r.clippings === 1 ? '' : 's'}.`, detail: r.files.join('\n') });
    },
    backup: async () => {
      const file = await save({
        title: 'Back up the archive',
        defaultPath: path.join(deps.downloads, `cuttings-backup-${day(now())}.db`),
        filters: [{ name: 'Cuttings backup', extensions: ['db'] }],
      });
      if (!file) return;
      const r = await deps.archive.call('archive.backup', { file });
      await messageBox(deps, { type: 'info', message: 'Backup written.', detail: `${r.file} (${(r.bytes / 1e6).toFixed(1)} MB)` });
    },
  };
  return {
    run,
    importFiles: guarded('Import', run.importFiles),
    importFolder: guarded('Import', run.importFolder),
    exportAll: guarded('Export', run.exportAll),
    backup: guarded('Backup', run.backup),
    showDataFolder: () => void deps.shell.openPath(deps.userData),
    setTheme: (t) => deps.setTheme(t),
    find: () => deps.send('menu', { action: 'find' }),
    openGuide: () => void deps.shell.openPath(deps.guide),
    about: () => deps.showAbout(),
  };
}
