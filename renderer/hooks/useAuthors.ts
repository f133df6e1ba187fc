/**
 * Who did what to the open clipping in a team archive (`team.authors`): read from the
 * local archive, so it works offline; asked again whenever the clipping is reloaded (an
 * edit, a highlight, a sync that changed it). Null outside a team.
 */
import { useEffect, useState } from 'react';
import type { ClippingAuthors, ClippingDetail } from '../../electron/contract/shapes.ts';
import { useApi } from '../context.ts';

export function useAuthors(detail: ClippingDetail | null): ClippingAuthors | null {
  const api = useApi();
  const [authors, setAuthors] = useState<ClippingAuthors | null>(null);
  useEffect(() => {
    setAuthors(null);
    if (!detail) return;
    let cancelled = false;
    api['team.authors']({ id: detail.id })
      .then((a) => !cancelled && setAuthors(a.joined ? a : null))
      .catch(() => !cancelled && setAuthors(null));
    return () => {
      cancelled = true;
    };
  }, [api, detail]);
  return authors && (authors.addedBy !== null || authors.edited.length || authors.annotations.length) ? authors : null;
}
