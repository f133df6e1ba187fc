/**
 * Whether the coverage chart shows, and how it is drawn (period, stacking): the list's
 * search asks for that chart. Kept in localStorage (state/local.ts); until the user opens
 * or closes the chart, it follows the size of the window the page opened in.
 */
import { useState } from 'react';
import type { StackBy } from '../lib/histogram.ts';
import type { Bucket } from '../lib/query.ts';
import { CHART_KEY, chartShown, DEFAULT_CHART, loadStored, readChartPrefs, saveStored, type ChartPrefs } from '../state/local.ts';

export function useCoverageSettings() {
  const [prefs, setPrefs] = useState(() => loadStored(CHART_KEY, readChartPrefs, DEFAULT_CHART));
  const [windowSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  const change = (patch: Partial<ChartPrefs>) => {
    const next = { ...prefs, ...patch };
    setPrefs(next);
    saveStored(CHART_KEY, next);
  };
  const show = chartShown(prefs, windowSize);
  return {
    show,
    toggle: () => change({ show: !show }),
    bucket: prefs.bucket,
    setBucket: (bucket: Bucket) => change({ bucket }),
    stackBy: prefs.stackBy,
    setStackBy: (stackBy: StackBy) => change({ stackBy }),
  };
}
