/** The first run's example clipping: added (tagged "example"), then opened. */
import { useState } from 'react';
import { errorMessage, type Api } from '../api.ts';
import type { Notify } from '../context.ts';
import { EXAMPLE_CLIPPING, EXAMPLE_TAG } from '../lib/example.ts';

export function useExampleClipping(api: Api, notify: Notify, opened: (id: number, title: string) => void) {
  const [adding, setAdding] = useState(false);
  const add = async () => {
    setAdding(true);
    try {
      const r = await api['clippings.add']({ capture: EXAMPLE_CLIPPING, tags: [EXAMPLE_TAG] });
      if (r.id !== null && r.status === 'added') opened(r.id, r.title ?? '');
      else if (r.status === 'duplicate') notify(r.inTrash ? 'The example is in the trash: restore it from there.' : 'The example is already in the archive.');
      else notify(`Could not add the example: ${r.error ?? 'unreadable'}`, { tone: 'error' });
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    } finally {
      setAdding(false);
    }
  };
  return { add, adding };
}
