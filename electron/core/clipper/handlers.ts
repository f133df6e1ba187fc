/**
 * The browser clipper's methods (contract area `clipper.*`). The extension reaches only
 * those marked with a door in the contract, through the clipper endpoint
 * (electron/clipper-server.ts); approving, listing and revoking paired browsers is for
 * the app's own doors.
 */
import type { ArgsOut, Handlers } from '../../contract/methods.ts';
import type { ClipFound, ClipPreview, ClipResult } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import { createAnnotation } from '../annotations/handlers.ts';
import { countWords, urlKey } from '../capture/fingerprint.ts';
import { ExtractionCancelled } from '../capture/worker/pool.ts';
import { CaptureError } from '../capture/types.ts';
import { updateClipping } from '../clippings/edit.ts';
import { addCapture } from '../clippings/import.ts';
import type { Core } from '../context.ts';
import { clipToMhtml } from './page.ts';
import { hashToken } from './pairing.ts';

type Area = Pick<
  Handlers,
  | 'clipper.preview'
  | 'clipper.add'
  | 'clipper.find'
  | 'clipper.annotate'
  | 'clipper.names'
  | 'clipper.open'
  | 'clipper.takeOpenRequest'
  | 'clipper.pair'
  | 'clipper.pairStatus'
  | 'clipper.pairRequests'
  | 'clipper.approve'
  | 'clipper.deny'
  | 'clipper.tokens'
  | 'clipper.revoke'
>;

/** What the captures of the clipper record as their origin (captures.origin). */
export const CLIPPER_ORIGIN = 'clipper';

export function clipperHandlers(core: Core): Area {
  /** Clips being stored, by key: the same clip delivered twice at once is stored once. */
  const inFlight = new Map<string, Promise<ClipResult>>();
  return {
    'clipper.preview': ({ capture }) => previewClip(core, capture),
    'clipper.add': (args) => {
      const running = inFlight.get(args.key);
      if (running) return running;
      const p = addClip(core, args).finally(() => inFlight.delete(args.key));
      inFlight.set(args.key, p);
      return p;
    },
    'clipper.find': ({ url }) => findClip(core, url),
    'clipper.annotate': ({ url, exact, prefix, suffix, color, note }) => {
      const found = findClip(core, url);
      if (!found) throw new ApiError('not_found', 'This page is not in the archive yet: clip it first.');
      return createAnnotation(core, { id: found.id, quote: exact, prefix, suffix, color, note });
    },
    'clipper.names': () => ({ tags: core.tags.list().map((t) => t.name), outlets: core.clippings.outlets().map((o) => o.name) }),
    'clipper.open': ({ id }) => {
      core.live(id);
      core.pairing.requestOpen(id);
      return { id, requested: true as const };
    },
    'clipper.takeOpenRequest': () => ({ id: core.pairing.takeOpenRequest() }),
    'clipper.pair': ({ name }) => core.pairing.request(name),
    'clipper.pairStatus': ({ request }) => core.pairing.status(request),
    'clipper.pairRequests': () => core.pairing.pending(),
    'clipper.approve': ({ id }) => core.pairing.approve(id, (name, hash) => core.clipper.token(core.write(() => core.clipper.addToken(name, hash, core.now())))!),
    'clipper.deny': ({ id }) => {
      core.pairing.deny(id);
      return { id, denied: true as const };
    },
    'clipper.tokens': () => core.clipper.tokens(),
    'clipper.revoke': ({ id }) => ({ id, revoked: core.write(() => core.clipper.revoke(id)) }),
  };
}

/** The paired browser a token belongs to (its last use noted), or null: unknown or revoked. */
export function clipperTokenId(core: Core, token: string): number | null {
  return core.write(() => core.clipper.useToken(hashToken(token), core.now()));
}

/** The live clipping at a page's address. */
function findClip(core: Core, url: string): ClipFound | null {
  const key = urlKey(url);
  const id = key ? core.clippings.findByUrlKey(key) : null;
  const c = id === null ? null : core.clippings.get(id);
  if (!c || c.deletedAt !== null) return null;
  return { id: c.id, title: c.title, outlet: c.outlet, capturedAt: c.capturedAt };
}

const captureSource = (capture: ArgsOut<'clipper.add'>['capture']) => ({
  bytes: clipToMhtml(capture),
  name: 'clip.mhtml',
  mediaType: 'multipart/related',
  sourceUrl: capture.url,
});

async function previewClip(core: Core, capture: ArgsOut<'clipper.preview'>['capture']): Promise<ClipPreview> {
  let x;
  try {
    x = (await core.extract(captureSource(capture))).prepared.extracted;
  } catch (err) {
    if (err instanceof ExtractionCancelled) throw new ApiError('internal', 'the preview was cancelled (Cuttings is closing)');
    throw new ApiError('bad_input', `This page could not be read: ${err instanceof CaptureError ? err.message : (err as Error).message}`);
  }
  return {
    title: x.title ?? capture.title,
    byline: x.byline,
    outlet: x.outlet,
    publishedAt: x.publishedAt,
    words: countWords(x.paragraphs.join('\n\n')),
    existing: findClip(core, x.canonicalUrl ?? capture.url),
  };
}

async function addClip(core: Core, args: ArgsOut<'clipper.add'>): Promise<ClipResult> {
  const delivered = core.clipper.delivery(args.key);
  if (delivered !== null) return JSON.parse(delivered) as ClipResult;
  if (args.publishedAt) {
    // Checked before anything is stored: a date the popup got wrong refuses the clip whole.
    const { normalizeIsoDate } = await import('../capture/dates.ts');
    if (!normalizeIsoDate(args.publishedAt)) throw new ApiError('invalid_args', `"${args.publishedAt}" is not a date (use 2026-11-30, or leave it empty)`);
  }

  const r = await addCapture(core, captureSource(args.capture), args.tags, CLIPPER_ORIGIN);
  if (r.status === 'error') throw new ApiError('bad_input', r.error ?? 'This page could not be read.');
  if (r.status !== 'added' && r.status !== 'updated' && r.status !== 'duplicate') throw new ApiError('internal', 'The clip was not stored (Cuttings is closing): it will be sent again.');
  const id = r.id!;
  if (r.inTrash) throw new ApiError('conflict', 'This page is in the trash in Cuttings: restore it there.');

  if (r.status !== 'duplicate') {
    // What the user changed in the popup is a hand edit (kept over later re-extraction).
    const c = core.live(id);
    const edits = {
      title: args.title !== undefined && args.title !== c.title ? args.title : undefined,
      outlet: args.outlet !== undefined && (args.outlet || null) !== c.outlet ? args.outlet : undefined,
      publishedAt: args.publishedAt !== undefined && (args.publishedAt || null) !== c.publishedAt ? args.publishedAt : undefined,
    };
    if (Object.values(edits).some((v) => v !== undefined)) await updateClipping(core, { selection: { ids: [id] }, ...edits } as ArgsOut<'clippings.update'>);
  } else if (args.tags.length) {
    core.write(() => core.tags.addToClipping(id, args.tags, core.now()));
  }
  const note = args.note.trim();
  if (note) {
    const c = core.live(id);
    if (!c.note.includes(note)) core.write(() => core.clippings.update(id, { note: c.note ? `${c.note}\n\n${note}` : note }, core.now()));
  }
  let highlight: ClipResult['highlight'] = null;
  if (args.highlight) {
    try {
      createAnnotation(core, { id, quote: args.highlight.exact, prefix: args.highlight.prefix, suffix: args.highlight.suffix, color: 'yellow', note: '' });
      highlight = 'anchored';
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'bad_input')) throw err;
      highlight = 'not_found';
    }
  }
  const result: ClipResult = { status: r.status, id, title: core.live(id).title, highlight };
  core.write(() => core.clipper.recordDelivery(args.key, JSON.stringify(result), core.now()));
  return result;
}
