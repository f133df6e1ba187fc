/** Loading a whole-library JSON into an empty archive (the format: library.ts). */
import { holdings, LibraryRows } from '../../../db/library.ts';
import { sortKey as computeSortKey } from '../../../db/clippings.ts';
import { normalizeTagName } from '../../../db/tags.ts';
import type { AnnotationState } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import { minhash } from '../capture/minhash.ts';
import type { Core } from '../context.ts';
import { annotationId, parseLibrary, tagKey, type LibraryInput, type PositionSelector, type QuoteSelector } from './library.ts';

type ClippingIn = LibraryInput['clippings'][number];

/**
 * Loads a library export into an EMPTY archive, in one transaction, keeping every id
 * (clippings, annotations, captures), so the archive comes back as it was. Capture
 * bytes go through `CaptureRepo.insert` (checked against their SHA-256 first); the
 * full-text index is kept by the triggers (the trash state is set last, in its own
 * UPDATE, see migration 003). Tag links get the import time as their `added_at` (the
 * export does not carry it).
 */
export function importLibrary(core: Core, json: unknown): { clippings: number; annotations: number; tags: number } {
  const lib = parseLibrary(json);
  const now = core.now();
  return core.write(() => {
    const held = holdings(core.db);
    if (held.clippings > 0) {
      throw new ApiError('conflict', `${core.file} is not empty (${held.clippings} clipping${held.clippings === 1 ? '' : 's'}): import a library into a new, empty archive`);
    }
    if (held.tags + held.captures > 0) {
      throw new ApiError('conflict', `${core.file} is not empty (it holds tags or captures): import a library into a new, empty archive`);
    }
    const rows = new LibraryRows(core.db);

    // Tags, in their original order (the search view lists a clipping's tags by tag id).
    const tagIds = new Map<string, number>();
    const tagId = (name: string, color: string | null = null, createdAt = now): number => {
      const key = tagKey(name);
      let id = tagIds.get(key);
      if (id === undefined) {
        id = rows.insertTag(normalizeTagName(name), color, createdAt);
        tagIds.set(key, id);
      }
      return id;
    };
    for (const t of lib.tags) tagId(t.name, t.color, t.createdAt ?? now);

    insertCaptures(core, rows, lib.clippings);

    let annotations = 0;
    for (const c of lib.clippings) {
      core.clippings.insertStored({
        ...c,
        captureId: c.capture?.id ?? null,
        urlKey: c.urlKey ?? null,
        sortKey: c.sortKey ?? computeSortKey(c.publishedAt, c.capturedAt),
      });
      if (c.uuid) rows.keepUuid('clippings', c.id, c.uuid);
      for (const t of new Set(c.tags.map((name) => tagId(name)))) rows.linkTag(c.id, t, now);
      for (const { capture, ...v } of c.versions) rows.insertVersion(c.id, { ...v, captureId: capture?.id ?? null });
      if (c.clusterId) rows.setCluster(c.id, c.clusterId);
      core.clusters.index(c.id, minhash(c.text));
      for (const a of c.annotations) {
        const quote = a.target.selector.find((s): s is QuoteSelector => s.type === 'TextQuoteSelector')!;
        const pos = a.target.selector.find((s): s is PositionSelector => s.type === 'TextPositionSelector');
        const start = a['cuttings:position'] ? a['cuttings:position'].start : (pos?.start ?? null);
        const end = a['cuttings:position'] ? a['cuttings:position'].end : (pos?.end ?? null);
        const state: AnnotationState = a['cuttings:state'] ?? (start !== null && end !== null ? 'anchored' : 'orphaned');
        rows.insertAnnotation({
          id: annotationId(a.id),
          clippingId: c.id,
          quote: quote.exact,
          prefix: quote.prefix ?? '',
          suffix: quote.suffix ?? '',
          start,
          end,
          color: a['cuttings:color'] ?? a.target.styleClass ?? 'yellow',
          note: a['cuttings:note'] ?? a.body?.value ?? '',
          state,
          createdAt: a.created,
          updatedAt: a.modified,
        });
        if (a['cuttings:uuid']) rows.keepUuid('annotations', annotationId(a.id), a['cuttings:uuid']);
        annotations++;
      }
    }
    // Last and on its own: the trash trigger takes the document out of the index.
    for (const c of lib.clippings) if (c.deletedAt !== null) rows.trash(c.id, c.deletedAt);

    return { clippings: lib.clippings.length, annotations, tags: tagIds.size };
  });
}

/**
 * Captures, in id order, each renumbered to its original id (the new rowid is above
 * every id placed so far, so the renumbering never collides).
 */
function insertCaptures(core: Core, rows: LibraryRows, clippings: readonly ClippingIn[]): void {
  const captureList = new Map<number, NonNullable<ClippingIn['capture']>>();
  for (const c of clippings) {
    for (const k of [...c.versions.map((v) => v.capture), c.capture]) if (k && k.base64 !== undefined && !captureList.has(k.id)) captureList.set(k.id, k);
  }
  // Each capture is stored against the text of the first clipping it is the capture of (db/captures.ts).
  const base = new Map<number, { clippingId: number; text: string }>();
  for (const c of [...clippings].sort((a, b) => a.id - b.id)) if (c.capture && !base.has(c.capture.id)) base.set(c.capture.id, { clippingId: c.id, text: c.text });
  for (const k of [...captureList.values()].sort((a, b) => a.id - b.id)) {
    const rowid = core.captures.insert({
      mediaType: k.mediaType,
      sourcePath: k.sourcePath,
      sourceUrl: k.sourceUrl,
      capturedAt: k.capturedAt,
      sha256: k.sha256,
      bytes: Buffer.from(k.base64!, 'base64'),
      origin: k.origin,
    }, base.get(k.id));
    if (rowid !== k.id) rows.renumberCapture(rowid, k.id);
    if (k.resources?.length) {
      core.captures.insertResources(k.id, k.resources.map((r) => ({ url: r.url, mediaType: r.mediaType, sha256: r.sha256, bytes: Buffer.from(r.base64, 'base64') })));
    }
  }
}
