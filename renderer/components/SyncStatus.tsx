/**
 * The team status line in the top bar ("Synced 1 min ago · 3 changes waiting · offline"),
 * shown while the archive is in a team, current without a reload (hooks/useTeamStatus.ts).
 * It opens Settings, where the team section says more and syncs at once.
 */
import { useTeam } from '../context.ts';
import { overriddenLine, syncLine } from '../lib/sync-line.ts';

/** `onOverridden`: opens the latest clipping with an edit of the user's a sync replaced. */
export function SyncStatus({ onOpen, onOverridden }: { onOpen: () => void; onOverridden: () => void }) {
  const { status } = useTeam();
  const line = syncLine(status, Date.now());
  if (!line) return null;
  const overridden = overriddenLine(status);
  return (
    <>
      <button type="button" className={`sync-status${line.trouble ? ` ${line.trouble}` : ''}`} title={line.error ?? `Team archive at ${status?.server ?? ''}: open Settings`} onClick={onOpen}>
        <span className="sync-dot" aria-hidden="true" />
        <span className="sync-text">{line.text}</span>
      </button>
      {overridden && (
        <button type="button" className="sync-overridden" title="A later edit made elsewhere replaced an edit of yours: open the clipping to restore or dismiss it" onClick={onOverridden}>
          {overridden}
        </button>
      )}
    </>
  );
}
