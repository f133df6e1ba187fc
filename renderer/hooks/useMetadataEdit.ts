/**
 * Hand edits of the metadata, on one clipping or a selection: saved with clippings.update,
 * with a toast whose Undo writes back the values the core reports it replaced.
 */
import { useCallback } from 'react';
import type { ArgsIn } from '../../electron/contract/methods.ts';
import type { MetadataValues } from '../../electron/contract/shapes.ts';
import { errorMessage, type Api } from '../api.ts';
import type { Notify } from '../context.ts';

export type Selection = ArgsIn<'clippings.update'>['selection'];
export type MetadataPatch = Partial<Omit<MetadataValues, 'id'>>;

/** Groups the clippings whose replaced values (of the fields that were changed) are the same: one update each puts them back. */
function undoCalls(before: MetadataValues[], fields: (keyof MetadataPatch)[]): { ids: number[]; values: MetadataPatch }[] {
  const groups = new Map<string, { ids: number[]; values: MetadataPatch }>();
  for (const b of before) {
    const values: MetadataPatch = {};
    for (const f of fields) (values as Record<string, unknown>)[f] = b[f];
    const key = JSON.stringify(values);
    const g = groups.get(key) ?? { ids: [], values };
    g.ids.push(b.id);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** `onDone` runs after a save and after its undo (reload what shows the clippings). */
export function useMetadataEdit(api: Api, notify: Notify, onDone: () => void) {
  /** Saves; gives back the core's message when it refuses a value (nothing is changed then), else null. */
  return useCallback(
    async (selection: Selection, patch: MetadataPatch): Promise<string | null> => {
      const fields = Object.keys(patch) as (keyof MetadataPatch)[];
      if (fields.length === 0) return null;
      let before: MetadataValues[];
      try {
        before = (await api['clippings.update']({ selection, ...patch })).before;
      } catch (err) {
        return errorMessage(err);
      }
      onDone();
      notify(before.length === 1 ? 'Details saved.' : `Details saved on ${before.length.toLocaleString('en-GB')} clippings.`, {
        action: {
          label: 'Undo',
          run: () => {
            Promise.all(undoCalls(before, fields).map((g) => api['clippings.update']({ selection: { ids: g.ids }, ...g.values })))
              .then(() => {
                onDone();
                notify('Details put back.');
              })
              .catch((e: unknown) => notify(errorMessage(e), { tone: 'error' }));
          },
        },
      });
      return null;
    },
    [api, notify, onDone],
  );
}
