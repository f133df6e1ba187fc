/**
 * Dates as the archive gives them: ISO 8601 with an offset, a floating local time
 * (no zone), a day (YYYY-MM-DD), or null. Day-only and floating values are shown as
 * written, never shifted by the viewer's time zone.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface DateParts {
  year: number;
  month: number;
  day: number;
  time: string | null;
}

export function dateParts(iso: string | null | undefined): DateParts | null {
  if (!iso) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2}))?)?)?/.exec(iso);
  if (!m) return null;
  return {
    year: Number(m[1]),
    month: m[2] ? Number(m[2]) : 1,
    day: m[3] ? Number(m[3]) : 1,
    time: m[4] && m[5] ? `${m[4]}:${m[5]}` : null,
  };
}

/** "8 Dec 2021" (or "Dec 2021", "2021" when that is all that is known). */
export function formatDate(iso: string | null | undefined): string {
  const p = dateParts(iso);
  if (!p || !iso) return '';
  if (/^\d{4}$/.test(iso)) return String(p.year);
  if (/^\d{4}-\d{2}$/.test(iso)) return `${MONTHS[p.month - 1]} ${p.year}`;
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

export function formatDateTime(iso: string | null | undefined): string {
  const p = dateParts(iso);
  if (!p) return '';
  return p.time ? `${formatDate(iso)}, ${p.time}` : formatDate(iso);
}

/** The calendar day a date falls on, as written (YYYY-MM-DD), or null. */
export function dayOf(iso: string | null | undefined): string | null {
  const p = dateParts(iso);
  if (!p) return null;
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

/** "today", "1 day ago", "12 days ago": how long ago an instant was, in whole days. */
export function daysAgo(iso: string, now: Date = new Date()): string {
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000));
  return days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}
