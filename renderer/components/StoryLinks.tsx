/** Under the article's head: "3 versions" and "Also run by 4 outlets", each opening its dialog. */
import { useState } from 'react';
import type { ClippingDetail } from '../../electron/contract/shapes.ts';
import { useCluster } from '../hooks/useCluster.ts';
import { ClusterDialog } from './ClusterDialog.tsx';
import { VersionsDialog } from './VersionsDialog.tsx';

export function StoryLinks({ detail, onOpen }: { detail: ClippingDetail; onOpen: (id: number, title: string) => void }) {
  const cluster = useCluster(detail);
  const [shown, setShown] = useState<'versions' | 'cluster' | null>(null);
  if (detail.versionCount < 2 && cluster.members.length === 0) return null;
  return (
    <div className="story-links">
      {detail.versionCount > 1 && (
        <button type="button" className="linklike small" aria-haspopup="dialog" onClick={() => setShown('versions')}>
          {detail.versionCount} versions
        </button>
      )}
      {cluster.members.length > 0 && (
        <button type="button" className="linklike small" aria-haspopup="dialog" onClick={() => setShown('cluster')}>
          Also run by {cluster.outlets} {cluster.outlets === 1 ? 'outlet' : 'outlets'}
        </button>
      )}
      {shown === 'versions' && <VersionsDialog id={detail.id} onClose={() => setShown(null)} />}
      {shown === 'cluster' && (
        <ClusterDialog
          members={cluster.members}
          onClose={() => setShown(null)}
          onOpen={(id, title) => {
            setShown(null);
            onOpen(id, title);
          }}
        />
      )}
    </div>
  );
}
