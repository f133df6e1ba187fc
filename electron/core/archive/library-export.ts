/** Writing the whole-library JSON (the format: library.ts). */
import { allTags, annotationUuids, captureResources, clippingUuid, clusterIdOf, versionRows } from '../../../db/library.ts';
import { schemaVersion } from '../../../db/open.ts';
import type { Core } from '../context.ts';
import { webAnnotation } from '../export/json.ts';
import { LIBRARY_FORMAT, LIBRARY_VERSION, type LibraryAnnotation, type LibraryCapture, type LibraryClipping, type LibraryJson, type LibraryVersion } from './library.ts';

/**
 * Every clipping (live and trashed) as library JSON, handed to `write` a clipping at a
 * time (for a file written with `fs.writeSync`) so the whole text never sits in memory
 * at once. Runs in one read transaction, a consistent snapshot: `write` must not touch
 * the archive.
 */
export function writeLibraryJson(core: Core, write: (chunk: string) => void): { clippings: number } {
  return core.db.transaction(() => {
    const head = JSON.stringify({ ...libraryHead(core), clippings: [] });
    write(`${head.slice(0, -'[]}'.length)}[`);
    const seen = new Set<number>();
    const ids = core.clippings.everyId();
    ids.forEach((id, i) => write(`${i ? ',' : ''}\n${JSON.stringify(libraryClipping(core, id, seen))}`));
    write('\n]}\n');
    return { clippings: ids.length };
  })();
}

function libraryHead(core: Core): Omit<LibraryJson, 'clippings'> {
  return {
    format: LIBRARY_FORMAT,
    version: LIBRARY_VERSION,
    exportedAt: core.now(),
    schemaVersion: schemaVersion(core.db),
    tags: allTags(core.db),
  };
}

/** The capture's metadata; its bytes and images only the first time the file carries it. */
function libraryCapture(core: Core, captureId: number | null, seenCaptures: Set<number>): LibraryCapture | null {
  if (captureId === null) return null;
  const info = core.captures.info(captureId);
  if (!info) return null;
  const { id, ...meta } = info;
  const capture: LibraryCapture = { id, ...meta };
  if (!seenCaptures.has(id)) {
    capture.base64 = core.captures.bytes(id)!.toString('base64');
    const resources = captureResources(core.db, id);
    if (resources.length) capture.resources = resources.map((r) => ({ url: r.url, mediaType: r.mediaType, sha256: r.sha256, base64: r.bytes.toString('base64') }));
    seenCaptures.add(id);
  }
  return capture;
}

function libraryVersions(core: Core, id: number, seenCaptures: Set<number>): LibraryVersion[] {
  // `figures` after `replacedAt`: the key order library files have always had.
  return versionRows(core.db, id).map(({ captureId, figures, ...v }) => ({ ...v, figures, capture: libraryCapture(core, captureId, seenCaptures) }));
}

/** Every stored field of the clipping (in db/clippings.ts's column order), then what the library adds. */
function libraryClipping(core: Core, id: number, seenCaptures: Set<number>): LibraryClipping {
  const { captureId, ...fields } = core.clippings.stored(id)!;
  const detail = core.detail(id);
  const versions = libraryVersions(core, id, seenCaptures);
  const capture = libraryCapture(core, captureId, seenCaptures);
  const annotationIds = annotationUuids(core.db, id);
  return {
    ...fields,
    uuid: clippingUuid(core.db, id),
    tags: detail.tags,
    capture,
    versions,
    clusterId: clusterIdOf(core.db, id),
    annotations: detail.annotations.map((a) => {
      const w = webAnnotation(detail, a);
      const out: LibraryAnnotation = { ...w, 'cuttings:color': a.color, 'cuttings:state': a.state, 'cuttings:uuid': annotationIds.get(a.id)! };
      if ((w.body?.value ?? '') !== a.note) out['cuttings:note'] = a.note;
      const pos = w.target.selector.find((s): s is { type: 'TextPositionSelector'; start: number; end: number } => s.type === 'TextPositionSelector');
      if (!pos ? a.start !== null || a.end !== null : pos.start !== a.start || pos.end !== a.end) {
        out['cuttings:position'] = { start: a.start, end: a.end };
      }
      return out;
    }),
  };
}
