/**
 * The window's size and position (and the chosen theme), kept in
 * `userData/window-state.json` and restored at the next start when the saved place
 * is still on a connected display; otherwise the window opens at the default size,
 * centred by the system. Imports only types from `electron`.
 */
import type { BrowserWindow, Rectangle } from 'electron';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const WINDOW_STATE_FILE = 'window-state.json';
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
  fullScreen: boolean;
  theme: Theme;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false, fullScreen: false, theme: 'system' };
export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 420;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1_000_000;

/** Reads the saved state; a missing, unreadable or malformed file gives the defaults. */
export function readWindowState(file: string): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const state: WindowState = {
    width: isInt(r.width) && r.width >= MIN_WIDTH ? r.width : DEFAULT_WINDOW_STATE.width,
    height: isInt(r.height) && r.height >= MIN_HEIGHT ? r.height : DEFAULT_WINDOW_STATE.height,
    maximized: r.maximized === true,
    fullScreen: r.fullScreen === true,
    theme: THEMES.includes(r.theme as Theme) ? (r.theme as Theme) : 'system',
  };
  if (isInt(r.x) && isInt(r.y)) {
    state.x = r.x;
    state.y = r.y;
  }
  return state;
}

/** Writes the state atomically (a crash mid-write never leaves a broken file). */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, file);
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * The bounds to open the window with: the saved ones when enough of the window (its
 * title bar region, at least 100×50 px) lies on one of `workAreas`, shrunk to fit that
 * display; else the saved size without a position (the system centres it).
 */
export function restoreBounds(state: WindowState, workAreas: readonly Rectangle[]): { x?: number; y?: number; width: number; height: number } {
  const size = { width: state.width, height: state.height };
  if (state.x === undefined || state.y === undefined) return fitSize(size, workAreas[0]);
  const rect = { x: state.x, y: state.y, ...size };
  const titleBar = { x: rect.x, y: rect.y, width: rect.width, height: Math.min(rect.height, 60) };
  const area = workAreas.find((wa) => {
    const o = overlap(titleBar, wa);
    return o.width >= Math.min(100, rect.width) && o.height >= Math.min(30, titleBar.height);
  });
  if (!area) return fitSize(size, workAreas[0]);
  const width = Math.min(rect.width, area.width);
  const height = Math.min(rect.height, area.height);
  // Keep it within the display it is on.
  const x = Math.min(Math.max(rect.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(rect.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

function fitSize(size: { width: number; height: number }, area: Rectangle | undefined): { width: number; height: number } {
  if (!area) return size;
  return { width: Math.min(size.width, area.width), height: Math.min(size.height, area.height) };
}

type TrackedWindow = Pick<BrowserWindow, 'on' | 'isMaximized' | 'isMinimized' | 'isFullScreen' | 'getNormalBounds' | 'isDestroyed'>;

/**
 * Saves the window's state when it moves or is resized (debounced) and when it
 * closes. `getTheme` supplies the theme to keep with it. Returns `save` (for tests and
 * for a theme change).
 */
export function trackWindowState(win: TrackedWindow, file: string, getTheme: () => Theme, delayMs = 500): { save: () => void } {
  let last: WindowState = readWindowState(file);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!win.isDestroyed() && !win.isMinimized()) {
      const b = win.getNormalBounds();
      last = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized(), fullScreen: win.isFullScreen(), theme: getTheme() };
    } else {
      last = { ...last, theme: getTheme() };
    }
    try {
      writeWindowState(file, last);
    } catch (err) {
      console.error(`Cuttings: could not save the window state: ${(err as Error).message}`);
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) win.on(ev as 'resize', later);
  win.on('close', save);
  return { save };
}
