/**
 * How the window is laid out, kept in the page's localStorage beside the reader's settings
 * (hooks/useSettings.ts): whether the coverage chart is open, and its period and stacking.
 * Until the user opens or closes the chart it follows the window: open on a large one,
 * collapsed on a small one, where it would leave the list room for a row or two. Their
 * choice, once made, wins and is kept.
 */
import type { StackBy } from '../lib/histogram.ts';
import type { Bucket } from '../lib/query.ts';

export const CHART_KEY = 'cuttings.coverage';

/** Below either size the chart starts collapsed (at 1024×700 it left room for one row). */
export const CHART_MIN_WIDTH = 1200;
export const CHART_MIN_HEIGHT = 800;

export interface ChartPrefs {
  /** The user's own choice; null until they make one. */
  show: boolean | null;
  bucket: Bucket;
  stackBy: StackBy;
}

export const DEFAULT_CHART: ChartPrefs = { show: null, bucket: 'month', stackBy: 'outlet' };

/** A stored entry's fields, each still to be checked; none when it is missing or damaged. */
export function storedFields<K extends string>(raw: string | null): Partial<Record<K, unknown>> {
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object') return parsed as Partial<Record<K, unknown>>;
  } catch {
    // A damaged entry: the defaults.
  }
  return {};
}

/** The entry under `key`, read by `read`; `fallback` when storage is refused. */
export function loadStored<T>(key: string, read: (raw: string | null) => T, fallback: T): T {
  try {
    return read(localStorage.getItem(key));
  } catch {
    return fallback;
  }
}

export function saveStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused (private window, quota): the change holds for this session.
  }
}

/** The stored chart settings, each value checked (a damaged one falls back to its default). */
export function readChartPrefs(raw: string | null): ChartPrefs {
  const v = storedFields<keyof ChartPrefs>(raw);
  return {
    show: typeof v.show === 'boolean' ? v.show : null,
    bucket: v.bucket === 'day' || v.bucket === 'week' || v.bucket === 'month' ? v.bucket : DEFAULT_CHART.bucket,
    stackBy: v.stackBy === 'outlet' || v.stackBy === 'tag' ? v.stackBy : DEFAULT_CHART.stackBy,
  };
}

/** Whether the chart shows: the user's choice, else whether the window has room for it. */
export function chartShown(prefs: ChartPrefs, window: { width: number; height: number }): boolean {
  return prefs.show ?? (window.width >= CHART_MIN_WIDTH && window.height >= CHART_MIN_HEIGHT);
}
