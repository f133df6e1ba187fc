/**
 * The team archive as the page sees it: `team.status`, asked for every few seconds while
 * the archive is in a team (the page's way of hearing what happens behind it, as
 * PairingPrompt's requests do), so the status line says how the background sync goes
 * without a reload. When the core has
 * applied changes of others since the last look (`background.received` grew), the list
 * and sidebar are loaded again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TeamStatus } from '../../electron/contract/shapes.ts';
import type { Api } from '../api.ts';

/** How often the status is asked for. */
export const TEAM_POLL_MS = 2000;

export interface TeamState {
  /** Null until the first answer (or with a core that has no team methods). */
  status: TeamStatus | null;
  /** Asks again now (after a join, a leave or a sync from the page). */
  refresh: () => Promise<void>;
}

export function useTeamStatus(api: Api, onReceived: () => void): TeamState {
  const [status, setStatus] = useState<TeamStatus | null>(null);
  const received = useRef<number | null>(null);
  const receivedRef = useRef(onReceived);
  receivedRef.current = onReceived;
  const refresh = useCallback(async () => {
    const s = await api['team.status']({});
    const got = s.background?.received ?? null;
    if (got !== null && received.current !== null && got > received.current) receivedRef.current();
    received.current = got;
    setStatus(s);
  }, [api]);
  // One look at start; then, while in a team, every TEAM_POLL_MS (out of a team the page
  // learns of a join from its own Settings, and asks nothing meanwhile).
  useEffect(() => void refresh().catch(() => undefined), [refresh]);
  const joined = status?.joined ?? false;
  useEffect(() => {
    if (!joined) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = (ms: number) => {
      timer = setTimeout(() => {
        refresh().then(
          () => !stopped && look(TEAM_POLL_MS),
          // A core out of reach (browser mode's server stopped): asked again later.
          () => !stopped && look(TEAM_POLL_MS * 5),
        );
      }, ms);
    };
    look(TEAM_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [joined, refresh]);
  return { status, refresh };
}
