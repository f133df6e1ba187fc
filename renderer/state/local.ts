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

/** The stored chart settings, each value checked (a damaged one falls back to its default). */
export function readChartPrefs(raw: string | null): ChartPrefs {
  let v: Partial<Record<keyof ChartPrefs, unknown>> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object') v = parsed as typeof v;
  } catch {
    // A damaged entry: the defaults.
  }
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
