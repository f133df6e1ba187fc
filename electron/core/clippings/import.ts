import path from 'node:path';
import type { ArgsOut, CallContext, Results } from '../../contract/methods.ts';
import type { ImportResult } from '../../contract/shapes.ts';
import { CaptureError, extractCapture, MAX_CAPTURE_BYTES, type CaptureSource, type PreparedCapture } from '../capture/index.ts';
import { fetchCapture } from '../capture/fetch.ts';
import { collectCaptureFiles, FileReadError, readRegularFile } from '../capture/files.ts';
import { sha256, urlKey } from '../capture/fingerprint.ts';
import { minhash } from '../capture/minhash.ts';
import { titleFromBody } from '../capture/metadata.ts';
import type { Core } from '../context.ts';
import { isDiskFull, orDiskFull } from '../disk-full.ts';

/** Getting captures in: files, folders, web addresses and pasted content. */

const URL_ARG = /^https?:\/\//i;

/**
 * `clippings.import`: files and folders (each file a capture) and web addresses, in that
 * order. A full disk stops the import at the file being stored (every later one would
 * fail the same way): that file is an error saying so, the rest are `not_tried`, and
 * `stopped` says why; what was stored before stays stored.
 */
export async function importPaths(core: Core, { paths, tags }: ArgsOut<'clippings.import'>, ctx: CallContext): Promise<Results['clippings.import']> {
  const urls = paths.filter((p) => URL_ARG.test(p));
  const found = collectCaptureFiles(paths.filter((p) => !URL_ARG.test(p)));
  const results: ImportResult[] = [];
  const done = (r: ImportResult) => {
    results.push(r);
    ctx.onItem?.(r);
  };
  found.errors.forEach((e) => done(failed(e.file, e.error)));
  const items = [
    ...found.files.map((file) => ({ label: file, run: () => importFile(core, file, tags) })),
    ...urls.map((url) => ({ label: url, run: () => importUrl(core, url, tags) })),
  ];
  let stopped: string | null = null;
  for (const [i, { label, run }] of items.entries()) {
    if (stopped !== null) {
      done(notTried(label));
      continue;
    }
    ctx.onProgress?.(i, items.length, label);
    try {
      done(await run());
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      const rest = items.length - i - 1;
      stopped = `disk full while storing ${label}: the import stopped there${rest ? ` (${rest} more not tried)` : ''}; what was stored before is kept. Free some space and import again (what is already stored comes back as a duplicate).`;
      done(failed(label, `${label}: disk full, not stored`));
    }
  }
  ctx.onProgress?.(items.length, items.length, '');
  return {
    results,
    added: results.filter((r) => r.status === 'added').length,
    updated: results.filter((r) => r.status === 'updated').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    errors: results.filter((r) => r.status === 'error').length,
    skipped: found.skipped,
    notTried: results.filter((r) => r.status === 'not_tried').length,
    stopped,
  };
}

/** `clippings.add`: pasted or dropped content (text, or bytes in base64). */
export function addContent(core: Core, { capture, tags }: ArgsOut<'clippings.add'>): Promise<ImportResult> {
  const label = capture.name ?? (capture.text !== undefined ? 'pasted text' : 'capture');
  const bytes = capture.text !== undefined ? Buffer.from(capture.text, 'utf8') : Buffer.from(capture.base64 ?? '', 'base64');
  const mediaType = capture.mediaType ?? (capture.text !== undefined && !capture.name ? 'text/plain' : null);
  return orDiskFull(`${label} was not stored`, () => addCapture(core, label, { bytes, name: capture.name ?? null, mediaType, sourceUrl: capture.sourceUrl ?? null }, null, tags));
}

export async function importFile(core: Core, file: string, tags: readonly string[]): Promise<ImportResult> {
  let bytes: Buffer;
  try {
    // Checked before reading: a regular file within the capture limit, read with a bound.
    bytes = readRegularFile(file, MAX_CAPTURE_BYTES);
  } catch (err) {
    if (err instanceof FileReadError) return failed(file, err.message);
    throw err;
  }
  const full = path.resolve(file);
  return addCapture(core, file, { bytes, name: path.basename(file), mediaType: null, sourceUrl: null, path: full }, full, tags);
}

/** A web address: fetched once (timeout, size cap, redirects checked), then imported like a file. */
export async function importUrl(core: Core, url: string, tags: readonly string[]): Promise<ImportResult> {
  try {
    const f = await fetchCapture(url);
    return await addCapture(core, url, { bytes: f.bytes, name: null, mediaType: f.mediaType, sourceUrl: f.finalUrl }, null, tags);
  } catch (err) {
    if (err instanceof CaptureError) return failed(url, err.message.startsWith('could not fetch') ? err.message : `${url}: ${err.message}`);
    throw err;
  }
}

/** The import path for one capture: dedupe, extract, store in one transaction. */
export async function addCapture(core: Core, label: string, src: CaptureSource, sourcePath: string | null, tags: readonly string[]): Promise<ImportResult> {
  const digest = sha256(src.bytes);
  const sameBytes = core.captures.clippingWithSha256(digest);
  if (sameBytes !== null) return duplicate(core, label, sameBytes);

  let prepared: PreparedCapture;
  try {
    prepared = await extractCapture(src);
  } catch (err) {
    return failed(label, `${label}: ${err instanceof CaptureError ? err.message : `extraction failed (${(err as Error).message})`}`);
  }
  const x = prepared.extracted;
  const fields = core.textFields(x.paragraphs.join('\n\n'));
  const sourceUrl = x.sourceUrl ?? src.sourceUrl;
  const key = urlKey(x.canonicalUrl ?? sourceUrl);

  // The same article URL again: the same text is a duplicate, changed text a new version.
  const atUrl = key && key.includes('/') ? core.clippings.findByUrlKey(key) : null;
  if (atUrl !== null) {
    if (core.versions.hadText(atUrl, fields.contentHash)) return duplicate(core, label, atUrl);
    return newVersion(core, label, atUrl, prepared, src, sourcePath, digest, tags);
  }
  const sameText = core.clippings.findByContentHash(fields.contentHash);
  if (sameText !== null) return duplicate(core, label, sameText);

  const now = core.now();
  const mh = minhash(fields.text);
  const id = core.write(() => {
    const captureId = storeCapture(core, prepared, src, sourcePath, sourceUrl, digest, now);
    const clippingId = core.clippings.insert(
      {
        captureId,
        title: x.title ?? titleFromBody(x.paragraphs[0]!),
        extractionUncertain: x.title === null,
        byline: x.byline,
        outlet: x.outlet,
        sourceUrl,
        canonicalUrl: x.canonicalUrl,
        urlKey: key,
        publishedAt: x.publishedAt,
        modifiedAt: x.modifiedAt,
        capturedAt: now,
        lang: x.lang,
        excerpt: x.excerpt,
        html: x.html,
        figures: x.figures,
        leadImage: x.leadImage,
        ...fields,
      },
      now,
    );
    if (tags.length) core.tags.addToClipping(clippingId, tags, now);
    core.clusters.index(clippingId, mh);
    const same = core.clusters.bestMatch(mh, clippingId);
    if (same) core.clusters.join(clippingId, same.id);
    return clippingId;
  });
  const c = core.clippings.get(id)!;
  return { file: label, status: 'added', id, title: c.title, byline: c.byline, publishedAt: c.publishedAt };
}

/** Stores the capture's bytes and its images; returns the capture's id. */
export function storeCapture(
  core: Core,
  prepared: PreparedCapture,
  src: CaptureSource,
  sourcePath: string | null,
  sourceUrl: string | null,
  digest: string,
  now: string,
): number {
  const captureId = core.captures.insert({ mediaType: prepared.mediaType, sourcePath, sourceUrl, capturedAt: now, sha256: digest, bytes: src.bytes });
  core.captures.insertResources(captureId, prepared.resources.map((r) => ({ ...r, sha256: sha256(r.bytes) })));
  return captureId;
}

/**
 * An updated article: the clipping keeps its id, tags, notes and highlights (re-anchored);
 * its previous state becomes a version; hand-corrected fields stay as the user left them.
 */
export function newVersion(
  core: Core,
  label: string,
  id: number,
  prepared: PreparedCapture,
  src: CaptureSource,
  sourcePath: string | null,
  digest: string,
  tags: readonly string[],
): ImportResult {
  const c = core.clippings.get(id)!;
  const x = prepared.extracted;
  const edited = new Set(c.editedFields);
  const keep = <T>(field: string, fresh: T, current: T): T => (edited.has(field) ? current : fresh);
  const now = core.now();
  core.write(() => {
    core.versions.keepCurrent(id, now);
    const captureId = storeCapture(core, prepared, src, sourcePath, x.sourceUrl ?? src.sourceUrl ?? c.sourceUrl, digest, now);
    const text = edited.has('text') ? c.text : x.paragraphs.join('\n\n');
    core.clippings.update(
      id,
      {
        captureId,
        title: keep('title', x.title ?? c.title, c.title),
        extractionUncertain: edited.has('title') ? false : x.title === null,
        byline: keep('byline', x.byline, c.byline),
        outlet: keep('outlet', x.outlet ?? c.outlet, c.outlet),
        publishedAt: keep('publishedAt', x.publishedAt ?? c.publishedAt, c.publishedAt),
        modifiedAt: x.modifiedAt,
        lang: keep('lang', x.lang, c.lang),
        excerpt: x.excerpt,
        figures: x.figures,
        leadImage: x.leadImage,
        ...(edited.has('text') ? {} : { ...core.textFields(text), html: x.html }),
      },
      now,
    );
    if (tags.length) core.tags.addToClipping(id, tags, now);
    core.reanchorAll(id, text);
    core.clusters.index(id, minhash(text));
  });
  const u = core.clippings.get(id)!;
  return { file: label, status: 'updated', id, title: u.title, byline: u.byline, publishedAt: u.publishedAt };
}

function duplicate(core: Core, file: string, id: number): ImportResult {
  const c = core.clippings.get(id)!;
  const r: ImportResult = { file, status: 'duplicate', id, title: c.title, byline: c.byline, publishedAt: c.publishedAt, duplicateOf: id };
  if (c.deletedAt !== null) r.inTrash = true;
  return r;
}

function failed(file: string, error: string): ImportResult {
  return { file, status: 'error', id: null, title: null, byline: null, publishedAt: null, error };
}

function notTried(file: string): ImportResult {
  return { file, status: 'not_tried', id: null, title: null, byline: null, publishedAt: null };
}
