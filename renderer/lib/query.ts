/**
 * Composing queries in the archive's query language from what the user picked: a
 * sidebar scope, the text typed in the search bar, facet filters and a period.
 */
import type { DateWindow } from '../../electron/contract/shapes.ts';

export type Bucket = 'day' | 'week' | 'month';

/** Quotes a filter value unless it is one plain word. */
export function quoteValue(value: string): string {
  const v = value.replace(/["“”„]/g, '').trim();
  return /^[\p{L}\p{N}_.-]+$/u.test(v) ? v : `"${v}"`;
}

export function filter(field: string, value: string): string {
  return `${field}:${quoteValue(value)}`;
}

export interface QueryParts {
  /** The sidebar's scope (empty for "All"). */
  scope: string;
  /** What was typed in the search bar and run with Enter. */
  text: string;
  /** Facet and period filters, each a query fragment. */
  filters: readonly string[];
}

/** One query from the parts; '' when nothing narrows the list. */
export function composeQuery(p: QueryParts): string {
  const pieces: string[] = [];
  if (p.scope.trim()) pieces.push(wrap(p.scope.trim()));
  if (p.text.trim()) pieces.push(wrap(p.text.trim()));
  for (const f of p.filters) if (f.trim()) pieces.push(f.trim());
  return pieces.join(' ');
}

/** Parenthesises a fragment that contains OR, so that joining by AND keeps its meaning. */
function wrap(q: string): string {
  return /\bOR\b/.test(q) ? `(${q})` : q;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function isoDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The query filter for one bar of the coverage chart (a day, a week from Monday, a month). */
export function periodFilter(bucket: Bucket, start: string): string {
  if (bucket === 'month') return `on:${start.slice(0, 7)}`;
  if (bucket === 'day') return `on:${start.slice(0, 10)}`;
  const d = new Date(`${start.slice(0, 10)}T00:00:00Z`);
  const dayBefore = new Date(d.getTime() - 86_400_000);
  const weekAfter = new Date(d.getTime() + 7 * 86_400_000);
  // after: is strictly after the day, before: strictly before it.
  return `after:${isoDay(dayBefore)} before:${isoDay(weekAfter)}`;
}

/** A readable label for a period filter chip. */
export function periodLabel(bucket: Bucket, start: string): string {
  const d = new Date(`${start.slice(0, 10)}T00:00:00Z`);
  if (bucket === 'month') return d.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  if (bucket === 'day') return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `Week of ${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`;
}

/**
 * The typed query as a heading: quoted once. A query with its own "phrases" shows them
 * in typographic quotes and gets no outer pair (never “"climate change"”).
 */
export function quotedQuery(text: string): string {
  const t = text.trim();
  if (!/["“”]/.test(t)) return `“${t}”`;
  let open = true;
  return t.replace(/"/g, () => ((open = !open) ? '”' : '“'));
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (t: number): string => {
  const d = new Date(t);
  return `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};
const DAY = 86_400_000;

/**
 * The days a query's date filters leave (the core's `dates`: [from, until)), in words, so
 * that `after:2019-11` visibly means "from 1 Dec 2019" (after the whole month, as the
 * README's query language says: after:2021 = from 2022).
 */
export function dateRangeLabel(dates: DateWindow | undefined | null): string | null {
  if (!dates) return null;
  const from = dates.from === null ? null : Date.parse(`${dates.from}T00:00:00Z`);
  const until = dates.until === null ? null : Date.parse(`${dates.until}T00:00:00Z`);
  if (from !== null && until !== null && from >= until) return `Dated from ${dayLabel(from)} and before ${dayLabel(until)}: no such dates`;
  if (from !== null && until !== null) return `Dated ${dayLabel(from)} – ${dayLabel(until - DAY)}`;
  if (from !== null) return `Dated from ${dayLabel(from)}`;
  if (until !== null) return `Dated before ${dayLabel(until)}`;
  return null;
}
