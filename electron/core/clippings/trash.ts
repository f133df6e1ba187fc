import type { TrashedClipping, ClippingDetail } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import { TRASH_DAYS, type Core } from '../context.ts';

/** The trash: deleted clippings stay restorable for TRASH_DAYS, then are purged. */

const DAY_MS = 86_400_000;

/** `clippings.delete`: moves a live clipping to the trash. */
export function trashClipping(core: Core, id: number): { id: number; trashed: true } {
  core.live(id);
  core.write(() => core.clippings.trash(id, core.now()));
  return { id, trashed: true };
}

/** `trash.list`: trashed clippings with their tags and when each will be purged. */
export function listTrash(core: Core): TrashedClipping[] {
  const rows = core.clippings.trashed();
  const tags = core.tags.forClippings(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [], purgeAfter: new Date(Date.parse(r.deletedAt) + TRASH_DAYS * DAY_MS).toISOString() }));
}

/** `trash.restore`: a trashed clipping back among the live ones. */
export function restoreClipping(core: Core, id: number): ClippingDetail {
  const c = core.clippings.get(id);
  if (!c) throw new ApiError('not_found', `no clipping with id ${id}`);
  if (c.deletedAt === null) throw new ApiError('conflict', `clipping ${id} is not in the trash`);
  core.write(() => core.clippings.restore(id));
  return core.detail(id);
}

/** `trash.empty`: purges everything in the trash, or what was trashed more than `olderThanDays` ago. */
export function emptyTrash(core: Core, olderThanDays: number | undefined): { purged: number } {
  const cutoff = olderThanDays === undefined ? null : new Date(core.nowDate().getTime() - olderThanDays * DAY_MS).toISOString();
  const ids = core.clippings.trashedBefore(cutoff);
  core.write(() => ids.forEach((id) => core.clippings.purge(id)));
  return { purged: ids.length };
}
