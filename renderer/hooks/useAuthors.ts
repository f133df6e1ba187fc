/**
 * Who did what to the open clipping in a team archive (`team.authors`): read from the
 * local archive, so it works offline; asked again whenever the clipping is reloaded (an
 * edit, a highlight), the last answer kept meanwhile. Null outside a team, where nothing
 * is asked (opening a clipping stays one request).
 */
import { useEffect, useState } from 'react';
import type { ClippingAuthors, ClippingDetail } from '../../electron/contract/shapes.ts';
import { useApi, useTeam } from '../context.ts';

export function useAuthors(detail: ClippingDetail | null): ClippingAuthors | null {
  const api = useApi();
  const joined = useTeam().status?.joined === true;
  const [got, setGot] = useState<{ id: number; authors: ClippingAuthors } | null>(null);
  useEffect(() => {
    if (!detail || !joined) return;
    let cancelled = false;
    api['team.authors']({ id: detail.id })
      .then((authors) => !cancelled && setGot({ id: detail.id, authors }))
      .catch(() => !cancelled && setGot(null));
    return () => {
      cancelled = true;
    };
  }, [api, detail, joined]);
  const authors = joined && got && detail && got.id === detail.id ? got.authors : null;
  return authors?.joined && (authors.addedBy !== null || authors.edited.length || authors.annotations.length) ? authors : null;
}
