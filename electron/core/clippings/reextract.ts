import path from 'node:path';
import type { ClippingPatch } from '../../../db/clippings.ts';
import type { ArgsOut, CallContext, Results } from '../../contract/methods.ts';
import type { ReextractChange } from '../../contract/shapes.ts';
import type { PreparedCapture } from '../capture/index.ts';
import { urlKey } from '../capture/fingerprint.ts';
import { minhash } from '../capture/minhash.ts';
import type { Core } from '../context.ts';
import { isUncertain } from './import.ts';
import { isDiskFull } from '../disk-full.ts';

/**
 * `clippings.reextract`: the given clippings (each must be live), or all of them. A full
 * disk stops it at the clipping being stored (its result says so); `notTried` lists the
 * ones after it.
 */
export async function reextractMany(core: Core, { ids, all }: ArgsOut<'clippings.reextract'>, ctx: CallContext): Promise<Results['clippings.reextract']> {
  const targets = all ? core.clippings.allIds() : ids!;
  if (!all) for (const id of targets) core.live(id);
  const results: ReextractChange[] = [];
  let stopped: string | null = null;
  for (const [i, id] of targets.entries()) {
    ctx.onProgress?.(i, targets.length, String(id));
    try {
      results.push(await reextract(core, id));
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      const rest = targets.length - i - 1;
      results.push({ id, changed: [], annotations: { anchored: 0, orphaned: 0 }, error: `clipping ${id}: disk full, left as it was` });
      stopped = `disk full while storing clipping ${id}: re-extraction stopped there${rest ? ` (${rest} more not tried)` : ''}; the clippings done before keep their new extraction. Free some space and run it again.`;
      break;
    }
  }
  ctx.onProgress?.(targets.length, targets.length, '');
  return { results, notTried: targets.slice(results.length), stopped };
}

/** New extraction of one clipping from its stored capture; hand-edited fields are kept. */
export async function reextract(core: Core, id: number): Promise<ReextractChange> {
  const c = core.live(id);
  const info = c.captureId === null ? null : core.captures.info(c.captureId);
  const bytes = c.captureId === null ? null : core.captures.bytes(c.captureId);
  if (!info || !bytes) return { id, changed: [], annotations: { anchored: 0, orphaned: 0 }, error: `clipping ${id} has no stored capture` };
  let prepared: PreparedCapture;
  try {
    prepared = (await core.extract({ bytes, name: info.sourcePath ? path.basename(info.sourcePath) : null, mediaType: info.mediaType, sourceUrl: info.sourceUrl })).prepared;
  } catch (err) {
    return { id, changed: [], annotations: { anchored: 0, orphaned: 0 }, error: `clipping ${id}: ${(err as Error).message}` };
  }
  const x = prepared.extracted;
  const edited = new Set(c.editedFields);
  const next: ClippingPatch = {};
  const changed: string[] = [];
  const offer = <K extends keyof ClippingPatch>(field: string, key: K, value: ClippingPatch[K], current: unknown) => {
    if (edited.has(field)) return;
    if (JSON.stringify(value) === JSON.stringify(current)) return;
    next[key] = value;
    if (!changed.includes(field)) changed.push(field);
  };
  offer('title', 'title', x.title ?? c.title, c.title);
  offer('extractionUncertain', 'extractionUncertain', isUncertain(x, edited.has('title')), c.extractionUncertain);
  offer('byline', 'byline', x.byline, c.byline);
  offer('outlet', 'outlet', x.outlet, c.outlet);
  offer('publishedAt', 'publishedAt', x.publishedAt, c.publishedAt);
  offer('modifiedAt', 'modifiedAt', x.modifiedAt, c.modifiedAt);
  offer('lang', 'lang', x.lang, c.lang);
  offer('excerpt', 'excerpt', x.excerpt, c.excerpt);
  offer('url', 'canonicalUrl', x.canonicalUrl, c.canonicalUrl);
  if (!edited.has('url') && (next.canonicalUrl !== undefined)) next.urlKey = urlKey(x.canonicalUrl ?? c.sourceUrl);
  offer('figures', 'figures', x.figures, c.figures);
  offer('leadImage', 'leadImage', x.leadImage, c.leadImage);
  if (!edited.has('text')) {
    const fields = core.textFields(x.paragraphs.join('\n\n'));
    if (fields.text !== c.text) {
      Object.assign(next, fields, { html: x.html });
      changed.push('text');
    } else if (x.html !== c.html) next.html = x.html;
  }
  let annotations = { anchored: 0, orphaned: 0 };
  core.write(() => {
    core.clippings.update(id, next, core.now());
    annotations = core.reanchorAll(id, next.text ?? c.text);
    if (next.text !== undefined) core.clusters.index(id, minhash(next.text));
  });
  return { id, changed, annotations };
}
