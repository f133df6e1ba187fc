/**
 * Coverage over time: clippings per day, week or month, stacked by outlet or tag.
 * The core counts them over every match (with a search's `search.query`, or
 * `search.histogram`); this shapes them for the
 * chart: gaps filled with empty periods, small series folded into "Other".
 */
import { isoDay, type Bucket } from './query.ts';

export type StackBy = 'outlet' | 'tag';

export interface HistogramBucketRow {
  /** First day of the period (YYYY-MM-DD). */
  start: string;
  counts: Record<string, number>;
}

export interface Histogram {
  buckets: HistogramBucketRow[];
}

export const OTHER = 'Other';

/** The first day of the period that a day belongs to. Weeks start on Monday. */
export function bucketStart(day: string, bucket: Bucket): string {
  if (bucket === 'month') return `${day.slice(0, 7)}-01`;
  if (bucket === 'day') return day.slice(0, 10);
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7; // Monday → 0
  return isoDay(new Date(d.getTime() - back * 86_400_000));
}

export function nextStart(start: string, bucket: Bucket): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (bucket === 'month') return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
  return isoDay(new Date(d.getTime() + (bucket === 'week' ? 7 : 1) * 86_400_000));
}

/** Fills the gaps between the first and last period with empty buckets (at most `max` buckets, the latest kept). */
export function fillGaps(h: Histogram, bucket: Bucket, max = 400): Histogram {
  if (h.buckets.length === 0) return h;
  const byStart = new Map(h.buckets.map((b) => [b.start, b]));
  const first = h.buckets[0]!.start;
  const last = h.buckets[h.buckets.length - 1]!.start;
  const out: HistogramBucketRow[] = [];
  for (let s = first; s <= last; s = nextStart(s, bucket)) {
    out.push(byStart.get(s) ?? { start: s, counts: {} });
    if (out.length > 50_000) break;
  }
  return { buckets: out.slice(-max) };
}

/** The series to draw: the `n` biggest keys, the rest folded into "Other". */
export function topSeries(h: Histogram, n = 6): { keys: string[]; buckets: { start: string; total: number; parts: [string, number][] }[] } {
  const totals = new Map<string, number>();
  for (const b of h.buckets) for (const [k, v] of Object.entries(b.counts)) totals.set(k, (totals.get(k) ?? 0) + v);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const keep = ranked.length > n ? ranked.slice(0, n - 1).map(([k]) => k) : ranked.map(([k]) => k);
  const folded = ranked.length > keep.length;
  const keys = folded ? [...keep, OTHER] : keep;
  const keepSet = new Set(keep);
  const buckets = h.buckets.map((b) => {
    const parts = new Map<string, number>();
    for (const [k, v] of Object.entries(b.counts)) {
      const key = keepSet.has(k) ? k : OTHER;
      parts.set(key, (parts.get(key) ?? 0) + v);
    }
    const ordered = keys.filter((k) => parts.has(k)).map((k) => [k, parts.get(k)!] as [string, number]);
    return { start: b.start, total: ordered.reduce((s, [, v]) => s + v, 0), parts: ordered };
  });
  return { keys, buckets };
}
