import type { ClippingPatch } from '../../../db/clippings.ts';
import type { Handlers } from '../../contract/methods.ts';
import { ApiError } from '../../contract/errors.ts';
import { normalizeIsoDate } from '../capture/dates.ts';
import { urlKey } from '../capture/fingerprint.ts';
import { TRASH_DAYS, type Core } from '../context.ts';

type Area = Pick<
  Handlers,
  'clippings.get' | 'clippings.list' | 'clippings.update' | 'clippings.setText' | 'clippings.setFlags' | 'clippings.setNote' | 'clippings.delete' | 'trash.list' | 'trash.restore' | 'trash.empty'
>;

const DAY_MS = 86_400_000;

/** Reading and editing clippings, and the trash. */
export function clippingHandlers(core: Core): Area {
  return {
    'clippings.get': ({ id }) => core.detail(id),

    'clippings.list': ({ limit, offset, sort }) => {
      const rows = core.clippings.list(limit, offset, sort);
      const tags = core.tags.forClippings(rows.map((r) => r.id));
      return { total: core.clippings.count(), offset, items: rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] })) };
    },

    'clippings.update': ({ id, title, byline, outlet, url, publishedAt, lang, mediaType, section, page, tone }) => {
      const c = core.live(id);
      const patch: ClippingPatch = { title, mediaType, tone };
      const edited = new Set(c.editedFields);
      const orNull = (v: string | null | undefined) => (v === undefined ? undefined : v === '' ? null : v);
      patch.byline = orNull(byline);
      patch.outlet = orNull(outlet);
      patch.lang = orNull(lang);
      patch.section = orNull(section);
      patch.page = orNull(page);
      if (publishedAt !== undefined) {
        patch.publishedAt = publishedAt ? normalizeIsoDate(publishedAt) : null;
        if (publishedAt && !patch.publishedAt) throw new ApiError('invalid_args', `"${publishedAt}" is not a date (use ISO 8601, e.g. 2021-12-08 or 2021-12-08T15:51)`);
      }
      if (url !== undefined) {
        const u = url || null;
        if (u !== null && urlKey(u) === null) throw new ApiError('invalid_args', `"${url}" is not an http(s) URL`);
        Object.assign(patch, { canonicalUrl: u, sourceUrl: u, urlKey: urlKey(u) });
        edited.add('url');
      }
      for (const [field, value] of Object.entries({ title, byline, outlet, publishedAt, lang })) if (value !== undefined) edited.add(field);
      patch.editedFields = [...edited];
      core.write(() => core.clippings.update(id, patch, core.now()));
      return core.detail(id);
    },

    'clippings.setText': ({ id, text }) => {
      const c = core.live(id);
      const clean = normalizeParagraphs(text);
      if (clean === '') throw new ApiError('invalid_args', 'the text cannot be empty');
      let annotations = { anchored: 0, orphaned: 0 };
      core.write(() => {
        // The sanitised HTML no longer matches a hand-corrected text: readers show `text`.
        core.clippings.update(id, { ...core.textFields(clean), html: null, editedFields: [...new Set([...c.editedFields, 'text'])] }, core.now());
        annotations = core.reanchorAll(id, clean);
      });
      return { clipping: core.detail(id), annotations };
    },

    'clippings.setFlags': ({ ids, starred, read }) => {
      for (const id of ids) core.live(id);
      const now = core.now();
      let changed = 0;
      core.write(() => {
        if (starred !== undefined) changed = Math.max(changed, core.clippings.setFlag(ids, 'starred', starred, now));
        if (read !== undefined) changed = Math.max(changed, core.clippings.setFlag(ids, 'is_read', read, now));
      });
      return { changed };
    },

    'clippings.setNote': ({ id, note }) => {
      core.live(id);
      core.write(() => core.clippings.update(id, { note }, core.now()));
      return core.detail(id);
    },

    'clippings.delete': ({ id }) => {
      core.live(id);
      core.write(() => core.clippings.trash(id, core.now()));
      return { id, trashed: true };
    },

    'trash.list': () => {
      const rows = core.clippings.trashed();
      const tags = core.tags.forClippings(rows.map((r) => r.id));
      return rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [], purgeAfter: new Date(Date.parse(r.deletedAt) + TRASH_DAYS * DAY_MS).toISOString() }));
    },

    'trash.restore': ({ id }) => {
      const c = core.clippings.get(id);
      if (!c) throw new ApiError('not_found', `no clipping with id ${id}`);
      if (c.deletedAt === null) throw new ApiError('conflict', `clipping ${id} is not in the trash`);
      core.write(() => core.clippings.restore(id));
      return core.detail(id);
    },

    'trash.empty': ({ olderThanDays }) => {
      const cutoff = olderThanDays === undefined ? null : new Date(core.nowDate().getTime() - olderThanDays * DAY_MS).toISOString();
      const ids = core.clippings.trashedBefore(cutoff);
      core.write(() => ids.forEach((id) => core.clippings.purge(id)));
      return { purged: ids.length };
    },
  };
}

/** A hand-typed text: paragraphs separated by blank lines, spaces tidied. */
export function normalizeParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/[ \t\f\v\u00a0]+/g, ' ').replace(/ *\n */g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}
