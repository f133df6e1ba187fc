/** The other clippings of the open clipping's story cluster (wire copy run by several outlets), with their outlets. */
import { useEffect, useState } from 'react';
import type { ClippingDetail } from '../../electron/contract/shapes.ts';
import { useApi } from '../context.ts';

export interface ClusterMember {
  id: number;
  title: string;
  outlet: string | null;
  publishedAt: string | null;
}

/** At most this many other members are fetched and listed (a story run more widely shows its first 50). */
const MAX_MEMBERS = 50;

export function useCluster(detail: ClippingDetail | null) {
  const api = useApi();
  const [members, setMembers] = useState<ClusterMember[]>([]);
  const others = detail?.cluster?.members.filter((m) => m !== detail.id) ?? [];
  const key = others.join(',');
  useEffect(() => {
    setMembers([]);
    if (!key) return;
    let cancelled = false;
    const ids = key.split(',').map(Number).slice(0, MAX_MEMBERS);
    // A member in the trash (or gone since) is left out.
    void Promise.all(ids.map((id) => api['clippings.get']({ id }).then((d) => (d.deletedAt ? null : { id: d.id, title: d.title, outlet: d.outlet, publishedAt: d.publishedAt }), () => null))).then((ms) => {
      if (!cancelled) setMembers(ms.filter((m): m is ClusterMember => m !== null));
    });
    return () => {
      cancelled = true;
    };
  }, [api, key]);
  const outlets = new Set(members.map((m) => m.outlet ?? `#${m.id}`)).size;
  return { members, outlets };
}
