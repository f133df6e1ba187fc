import type { ClippingPatch } from '../../../db/clippings.ts';
import type { ArgsOut, Results } from '../../contract/methods.ts';
import type { ClippingDetail, MetadataEditReport, MetadataValues, TextChangeReport } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import { normalizeIsoDate } from '../capture/dates.ts';
import { urlKey } from '../capture/fingerprint.ts';
import type { Core } from '../context.ts';

/** Reading and editing clippings. */

/** `clippings.list`: one page of live clippings with their tags. */
export function listClippings(core: Core, { limit, offset, sort }: ArgsOut<'clippings.list'>): Results['clippings.list'] {
  const rows = core.clippings.list(limit, offset, sort);
  const tags = core.tags.forClippings(rows.map((r) => r.id));
  return { total: core.clippings.count(), offset, items: rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] })) };
}

/**
 * `clippings.update`: hand corrections of the metadata on every clipping of a selection;
 * corrected fields are marked as edited. Checks every value before changing anything,
 * and reports the values it replaced (what an undo writes back).
 */
export function updateClipping(core: Core, { selection, title, byline, outlet, url, publishedAt, lang, mediaType, section, page, tone }: ArgsOut<'clippings.update'>): MetadataEditReport {
  // A title typed by hand settles the doubt about an extraction that found none.
  const patch: ClippingPatch = { title, mediaType, tone, ...(title !== undefined ? { extractionUncertain: false } : {}) };
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
  const newlyEdited = Object.entries({ title, byline, outlet, publishedAt, lang, mediaType, section, page, tone }).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (url !== undefined) {
    const u = url || null;
    if (u !== null && urlKey(u) === null) throw new ApiError('invalid_args', `"${url}" is not an http(s) URL`);
    Object.assign(patch, { canonicalUrl: u, sourceUrl: u, urlKey: urlKey(u) });
    newlyEdited.push('url');
  }
  if (Object.values(patch).every((v) => v === undefined)) throw new ApiError('invalid_args', 'clippings.update: nothing to change');
  const ids = core.select(selection);
  const before: MetadataValues[] = [];
  const now = core.now();
  core.write(() => {
    for (const id of ids) {
      const c = core.live(id);
      before.push({ id, title: c.title, byline: c.byline, outlet: c.outlet, url: c.canonicalUrl ?? c.sourceUrl, publishedAt: c.publishedAt, lang: c.lang, mediaType: c.mediaType, section: c.section, page: c.page, tone: c.tone });
      core.clippings.update(id, { ...patch, editedFields: [...new Set([...c.editedFields, ...newlyEdited])] }, now);
    }
  });
  return { clippings: ids.length, before };
}

/** `clippings.setText`: a hand-corrected text; highlights are re-anchored in it. */
export function setText(core: Core, { id, text }: ArgsOut<'clippings.setText'>): TextChangeReport {
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
}

/** `clippings.setFlags`: starred and/or read on a selection of live clippings. */
export function setFlags(core: Core, { selection, starred, read }: ArgsOut<'clippings.setFlags'>): Results['clippings.setFlags'] {
  const ids = core.select(selection);
  const now = core.now();
  let changed = 0;
  core.write(() => {
    if (starred !== undefined) changed = Math.max(changed, core.clippings.setFlag(ids, 'starred', starred, now));
    if (read !== undefined) changed = Math.max(changed, core.clippings.setFlag(ids, 'read', read, now));
  });
  return { changed };
}

/** `clippings.setNote`: the clipping's own note. */
export function setNote(core: Core, { id, note }: ArgsOut<'clippings.setNote'>): ClippingDetail {
  core.live(id);
  core.write(() => core.clippings.update(id, { note }, core.now()));
  return core.detail(id);
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
