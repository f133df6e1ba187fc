/**
 * The team status line in the top bar ("Synced 1 min ago · 3 changes waiting · offline"),
 * shown while the archive is in a team, current without a reload (hooks/useTeamStatus.ts).
 * It opens Settings, where the team section says more and syncs at once.
 */
import { useTeam } from '../context.ts';
import { syncLine } from '../lib/sync-line.ts';

export function SyncStatus({ onOpen }: { onOpen: () => void }) {
  const { status } = useTeam();
  const line = syncLine(status, Date.now());
  if (!line) return null;
  return (
    <button type="button" className={`sync-status${line.trouble ? ` ${line.trouble}` : ''}`} title={line.error ?? `Team archive at ${status?.server ?? ''}: open Settings`} onClick={onOpen}>
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text">{line.text}</span>
    </button>
  );
}
