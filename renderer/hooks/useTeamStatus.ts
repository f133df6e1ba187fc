/**
 * The team archive as the page sees it: `team.status`, asked for every few seconds (the
 * page's way of hearing what happens behind it, as PairingPrompt's requests do), so the
 * status line says how the background sync goes without a reload. When the core has
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
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () => {
      refresh().then(
        () => {
          if (!stopped) timer = setTimeout(look, TEAM_POLL_MS);
        },
        // A core out of reach (browser mode's server stopped): asked again later.
        () => {
          if (!stopped) timer = setTimeout(look, TEAM_POLL_MS * 5);
        },
      );
    };
    look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh]);
  return { status, refresh };
}
