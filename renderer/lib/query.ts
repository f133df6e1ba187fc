/**
 * Composing queries in the archive's query language from what the user picked: a
 * sidebar scope, the text typed in the search bar, facet filters and a period.
 */

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
 * The dates a query's `after:`, `before:` and `on:` filters stand for, in words, so that
 * `after:2019-11` visibly means "from 1 Dec 2019" (after the whole month, as README's
 * query language says: after:2021 = from 2022). The same periods as db/query/builder.ts:
 * a period is [its first day, the day after its last); `7d`, `2w`, `3m`, `1y` count back
 * from now. Null when the query has no date filter (negated or quoted ones are left out).
 */
export function dateRangeLabel(query: string, now = new Date()): string | null {
  let from = -Infinity;
  let to = Infinity;
  let any = false;
  const unquoted = query.replace(/"[^"]*"/g, ' ');
  for (const m of unquoted.matchAll(/(?:^|[\s(])(after|before|on):(\S+)/gi)) {
    const field = m[1]!.toLowerCase();
    const v = m[2]!.replace(/\)+$/, '').toLowerCase();
    const rel = /^(\d{1,5})([dwmy])$/.exec(v);
    let start: number;
    let end: number;
    if (rel) {
      const n = Number(rel[1]);
      const t = new Date(now.getTime());
      if (rel[2] === 'd') t.setUTCDate(t.getUTCDate() - n);
      else if (rel[2] === 'w') t.setUTCDate(t.getUTCDate() - 7 * n);
      else if (rel[2] === 'm') t.setUTCMonth(t.getUTCMonth() - n);
      else t.setUTCFullYear(t.getUTCFullYear() - n);
      start = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
      if (field === 'before') to = Math.min(to, start);
      else from = Math.max(from, start);
      any = true;
      continue;
    }
    const p = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(v);
    if (!p) continue;
    const y = Number(p[1]);
    if (p[3] !== undefined) {
      start = Date.UTC(y, Number(p[2]) - 1, Number(p[3]));
      end = start + DAY;
    } else if (p[2] !== undefined) {
      start = Date.UTC(y, Number(p[2]) - 1, 1);
      end = Date.UTC(y, Number(p[2]), 1);
    } else {
      start = Date.UTC(y, 0, 1);
      end = Date.UTC(y + 1, 0, 1);
    }
    if (field === 'after') from = Math.max(from, end);
    else if (field === 'before') to = Math.min(to, start);
    else {
      from = Math.max(from, start);
      to = Math.min(to, end);
    }
    any = true;
  }
  if (!any) return null;
  if (from !== -Infinity && to !== Infinity && from >= to) return `Dated from ${dayLabel(from)} and before ${dayLabel(to)}: no such dates`;
  if (from !== -Infinity && to !== Infinity) return `Dated ${dayLabel(from)} – ${dayLabel(to - DAY)}`;
  if (from !== -Infinity) return `Dated from ${dayLabel(from)}`;
  return `Dated before ${dayLabel(to)}`;
}
