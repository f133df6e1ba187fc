/** The story cluster: the other outlets that ran the same (wire) story, each one to open. */
import type { ClusterMember } from '../hooks/useCluster.ts';
import { formatDate } from '../lib/dates.ts';
import { Dialog } from './Dialog.tsx';

export function ClusterDialog({ members, onOpen, onClose }: { members: ClusterMember[]; onOpen: (id: number, title: string) => void; onClose: () => void }) {
  return (
    <Dialog title="Also run by" onClose={onClose}>
      <ul className="cluster-list">
        {members.map((m) => (
          <li key={m.id}>
            <button type="button" className="cluster-item" onClick={() => onOpen(m.id, m.title)}>
              <span className="cluster-outlet">{m.outlet ?? 'Unknown outlet'}</span>
              <span className="cluster-title">{m.title}</span>
              {m.publishedAt && <span className="muted small">{formatDate(m.publishedAt)}</span>}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
