import type { ArgsOut, Results } from '../../contract/methods.ts';
import type { TrashedClipping } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import { TRASH_DAYS, type Core } from '../context.ts';

/** The trash: deleted clippings stay restorable for TRASH_DAYS, then are purged. */

const DAY_MS = 86_400_000;

/** `clippings.delete`: moves the live clippings of a selection to the trash. */
export function trashClippings(core: Core, selection: ArgsOut<'clippings.delete'>['selection']): Results['clippings.delete'] {
  const ids = core.select(selection);
  const now = core.now();
  core.write(() => ids.forEach((id) => core.clippings.trash(id, now)));
  return { trashed: ids.length, ids };
}

/** `trash.list`: trashed clippings with their tags and when each will be purged. */
export function listTrash(core: Core): TrashedClipping[] {
  const rows = core.clippings.trashed();
  const tags = core.tags.forClippings(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [], purgeAfter: new Date(Date.parse(r.deletedAt) + TRASH_DAYS * DAY_MS).toISOString() }));
}

/** `trash.restore`: trashed clippings (by id, or the whole trash) back among the live ones. */
export function restoreClippings(core: Core, { ids, query, all }: ArgsOut<'trash.restore'>['selection']): Results['trash.restore'] {
  if (query !== undefined) throw new ApiError('invalid_args', 'trash.restore: the trash cannot be searched; give "ids" or "all"');
  const chosen = all ? core.clippings.trashedBefore(null) : [...new Set(ids)];
  for (const id of chosen) {
    const c = core.clippings.get(id);
    if (!c) throw new ApiError('not_found', `no clipping with id ${id}`);
    if (c.deletedAt === null) throw new ApiError('conflict', `clipping ${id} is not in the trash`);
  }
  core.write(() => chosen.forEach((id) => core.clippings.restore(id)));
  return { restored: chosen.length, ids: chosen };
}

/** `trash.empty`: purges everything in the trash, or what was trashed more than `olderThanDays` ago. */
export function emptyTrash(core: Core, olderThanDays: number | undefined): { purged: number } {
  const cutoff = olderThanDays === undefined ? null : new Date(core.nowDate().getTime() - olderThanDays * DAY_MS).toISOString();
  const ids = core.clippings.trashedBefore(cutoff);
  core.write(() => ids.forEach((id) => core.clippings.purge(id)));
  return { purged: ids.length };
}
