/**
 * The team status line's words: "Synced 1 min ago · 3 changes waiting · offline". Null out
 * of a team.
 */
import type { TeamStatus } from '../../electron/contract/shapes.ts';

/** "just now", "1 min ago", "2 h ago", "3 days ago". */
export function ago(iso: string, now: number): string {
  const min = Math.floor((now - Date.parse(iso)) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

export interface SyncLine {
  text: string;
  /** offline: the server cannot be reached; failed: it refused (the message says why). */
  trouble: 'offline' | 'failed' | null;
  /** Why the last try failed, as the core said it. */
  error: string | null;
}

/** "1 edit of yours replaced" (null: none), the status line's way to the edits a sync replaced. */
export function overriddenLine(s: TeamStatus | null): string | null {
  const n = s?.overridden ?? 0;
  return n > 0 ? `${n} edit${n === 1 ? '' : 's'} of yours replaced` : null;
}

export function syncLine(s: TeamStatus | null, now: number): SyncLine | null {
  if (!s?.joined) return null;
  const bg = s.background;
  const parts = [s.lastSync ? `Synced ${ago(s.lastSync, now)}` : bg?.syncing ? 'Syncing…' : 'Not synced yet'];
  if (s.pending > 0) parts.push(`${s.pending} change${s.pending === 1 ? '' : 's'} waiting`);
  const trouble = bg?.offline ? 'offline' : bg?.error ? 'failed' : null;
  if (trouble) parts.push(trouble === 'offline' ? 'offline' : 'sync failed');
  return { text: parts.join(' · '), trouble, error: bg?.error ?? null };
}
