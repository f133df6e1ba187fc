import path from 'node:path';
import type { ArgsOut, CallContext, Results } from '../../contract/methods.ts';
import type { ImportResult } from '../../contract/shapes.ts';
import type { CaptureSource, PreparedCapture } from '../capture/index.ts';
import { CaptureError, MAX_CAPTURE_BYTES, type ExtractedClipping } from '../capture/types.ts';
import { fetchCapture } from '../capture/fetch.ts';
import { collectCaptureFiles, FileReadError, readRegularFile } from '../capture/files.ts';
import { sha256, urlKey } from '../capture/fingerprint.ts';
import { minhash } from '../capture/minhash.ts';
import { ExtractionCancelled } from '../capture/worker/pool.ts';
import { titleFromBody } from '../capture/stand-in-title.ts';
import type { Core } from '../context.ts';
import { isDiskFull, orDiskFull } from '../disk-full.ts';

/** Getting captures in: files, folders, web addresses and pasted content. */

const URL_ARG = /^https?:\/\//i;

/**
 * `clippings.import`: files and folders (each file a capture) and web addresses, in that
 * order. While one capture is stored, the next is already being extracted in a worker.
 * The import stops early when the disk is full (at the file being stored: every later one
 * would fail the same way; that file is an error saying so) or when it is cancelled
 * (`signal`: the capture being extracted is dropped, as `cancelled`); the rest are
 * `not_tried`, `stopped` says why, and what was stored before stays stored.
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
  const todo = [
    ...found.files.map((file) => ({ label: file, extract: () => extractFile(core, file, ctx.signal) })),
    ...urls.map((url) => ({ label: url, extract: () => extractUrl(core, url, ctx.signal) })),
  ];
  const begin = (i: number): Promise<Extraction> | null => {
    if (i >= todo.length) return null;
    const step = todo[i]!.extract();
    step.catch(() => {}); // awaited in its turn; not an unhandled rejection if the batch stops first
    return step;
  };
  let stopped: string | null = null;
  let next = begin(0);
  for (const [i, { label }] of todo.entries()) {
    const rest = todo.length - i - 1;
    if (stopped === null && ctx.signal?.aborted) stopped = `cancelled before ${label}: it was not tried${rest ? `, nor the ${rest} after it` : ''}; what was stored before is kept.`;
    if (stopped !== null) {
      done(notTried(label));
      continue;
    }
    ctx.onProgress?.(i, todo.length, label);
    const step = await next!;
    next = ctx.signal?.aborted ? null : begin(i + 1);
    let r: ImportResult;
    try {
      r = 'status' in step ? step : store(core, step, tags, ctx.signal);
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      stopped = `disk full while storing ${label}: the import stopped there${rest ? ` (${rest} more not tried)` : ''}; what was stored before is kept. Free some space and import again (what is already stored comes back as a duplicate).`;
      r = failed(label, `${label}: disk full, not stored`);
    }
    if (r.status === 'cancelled') stopped = `cancelled while reading ${label}: it was not stored${rest ? `, nor the ${rest} after it (not tried)` : ''}; what was stored before is kept.`;
    done(r);
  }
  ctx.onProgress?.(todo.length, todo.length, '');
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
export async function addContent(core: Core, { capture, tags }: ArgsOut<'clippings.add'>, signal?: AbortSignal): Promise<ImportResult> {
  const label = capture.name ?? (capture.text !== undefined ? 'pasted text' : 'capture');
  const bytes = capture.text !== undefined ? Buffer.from(capture.text, 'utf8') : Buffer.from(capture.base64 ?? '', 'base64');
  const mediaType = capture.mediaType ?? (capture.text !== undefined && !capture.name ? 'text/plain' : null);
  const step = await extractGiven(core, label, { bytes, name: capture.name ?? null, mediaType, sourceUrl: capture.sourceUrl ?? null }, null, signal);
  return 'status' in step ? step : orDiskFull(`${label} was not stored`, () => store(core, step, tags, signal));
}

/**
 * One capture given as bytes, by a door that records where captures came from (the
 * browser clipper: `origin` 'clipper'): extracted and stored as any other.
 */
export async function addCapture(core: Core, given: CaptureSource, tags: readonly string[], origin: string, signal?: AbortSignal): Promise<ImportResult> {
  const label = given.sourceUrl ?? given.name ?? 'capture';
  const step = await extractGiven(core, label, given, null, signal);
  return 'status' in step ? step : orDiskFull(`${label} was not stored`, () => store(core, { ...step, origin }, tags, signal));
}

/** A capture extracted and ready to store, or its result already (a duplicate, an error, cancelled). */
type Extraction = ImportResult | Extracted;

interface Extracted {
  label: string;
  prepared: PreparedCapture;
  src: CaptureSource;
  sourcePath: string | null;
  digest: string;
  /** Where it came from, when recorded (captures.origin). */
  origin?: string;
}

function extractFile(core: Core, file: string, signal: AbortSignal | undefined): Promise<Extraction> {
  let bytes: Buffer;
  try {
    // Checked before reading: a regular file within the capture limit, read with a bound.
    bytes = readRegularFile(file, MAX_CAPTURE_BYTES);
  } catch (err) {
    if (err instanceof FileReadError) return Promise.resolve(failed(file, err.message));
    return Promise.reject(err as Error);
  }
  const full = path.resolve(file);
  return extractGiven(core, file, { bytes, name: path.basename(file), mediaType: null, sourceUrl: null, path: full }, full, signal);
}

/** A web address: fetched once (timeout, size cap, redirects checked), then extracted like a file. */
async function extractUrl(core: Core, url: string, signal: AbortSignal | undefined): Promise<Extraction> {
  try {
    const f = await fetchCapture(url);
    return await extractGiven(core, url, { bytes: f.bytes, name: null, mediaType: f.mediaType, sourceUrl: f.finalUrl }, null, signal);
  } catch (err) {
    if (err instanceof CaptureError) return failed(url, err.message.startsWith('could not fetch') ? err.message : `${url}: ${err.message}`);
    throw err;
  }
}

/** The first half of importing one capture: the same bytes stored already, else extraction (in a worker: capture/worker/pool.ts). */
async function extractGiven(core: Core, label: string, given: CaptureSource, sourcePath: string | null, signal: AbortSignal | undefined): Promise<Extraction> {
  const digest = sha256(given.bytes);
  const sameBytes = core.captures.clippingWithSha256(digest);
  if (sameBytes !== null) return duplicate(core, label, sameBytes);
  try {
    const r = await core.extract(given, signal);
    return { label, prepared: r.prepared, src: { ...given, bytes: r.bytes }, sourcePath, digest };
  } catch (err) {
    if (err instanceof ExtractionCancelled) return cancelled(label);
    return failed(label, `${label}: ${err instanceof CaptureError ? err.message : `extraction failed (${(err as Error).message})`}`);
  }
}

/**
 * The second half: dedupe by URL and text, then store in one transaction. Cancelled
 * before it is stored, nothing of it is.
 */
function store(core: Core, { label, prepared, src, sourcePath, digest, origin }: Extracted, tags: readonly string[], signal: AbortSignal | undefined): ImportResult {
  if (signal?.aborted) return cancelled(label);
  // Looked at again: the capture before this one may have been stored with the same bytes since its extraction began.
  const sameBytes = core.captures.clippingWithSha256(digest);
  if (sameBytes !== null) return duplicate(core, label, sameBytes);
  const x = prepared.extracted;
  const fields = core.textFields(x.paragraphs.join('\n\n'));
  const sourceUrl = x.sourceUrl ?? src.sourceUrl;
  const key = urlKey(x.canonicalUrl ?? sourceUrl);

  // The same article URL again: the same text is a duplicate, changed text a new version.
  const atUrl = key && key.includes('/') ? core.clippings.findByUrlKey(key) : null;
  if (atUrl !== null) {
    if (core.versions.hadText(atUrl, fields.contentHash)) return duplicate(core, label, atUrl);
    return newVersion(core, label, atUrl, prepared, src, sourcePath, digest, tags, origin);
  }
  // Other bytes at another address with the same text: a duplicate, unless that text is
  // only what the extractor was unsure of (the same cookie banner on two blogs).
  const sameText = x.uncertain ? null : core.clippings.findByContentHash(fields.contentHash);
  if (sameText !== null) return duplicate(core, label, sameText);

  const now = core.now();
  const mh = minhash(fields.text);
  const id = core.write(() => {
    const captureId = storeCapture(core, prepared, src, sourcePath, sourceUrl, digest, now, origin);
    const clippingId = core.clippings.insert(
      {
        captureId,
        title: x.title ?? titleFromBody(x.paragraphs[0]!),
        extractionUncertain: isUncertain(x, false),
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
    const same = x.uncertain ? null : core.clusters.bestMatch(mh, clippingId);
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
  origin?: string,
): number {
  const captureId = core.captures.insert({ mediaType: prepared.mediaType, sourcePath, sourceUrl, capturedAt: now, sha256: digest, bytes: src.bytes, origin });
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
  origin?: string,
): ImportResult {
  const c = core.clippings.get(id)!;
  const x = prepared.extracted;
  const edited = new Set(c.editedFields);
  const keep = <T>(field: string, fresh: T, current: T): T => (edited.has(field) ? current : fresh);
  const now = core.now();
  core.write(() => {
    core.versions.keepCurrent(id, now);
    const captureId = storeCapture(core, prepared, src, sourcePath, x.sourceUrl ?? src.sourceUrl ?? c.sourceUrl, digest, now, origin);
    const text = edited.has('text') ? c.text : x.paragraphs.join('\n\n');
    core.clippings.update(
      id,
      {
        captureId,
        title: keep('title', x.title ?? c.title, c.title),
        extractionUncertain: isUncertain(x, edited.has('title')),
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

/**
 * The clipping's "extraction uncertain" flag: the capture gave no title (unless the user
 * has set one), or the extractor is unsure its body is the article.
 */
export function isUncertain(x: ExtractedClipping, titleEdited: boolean): boolean {
  return x.uncertain === true || (!titleEdited && x.title === null);
}

function duplicate(core: Core, file: string, id: number): ImportResult {
  const c = core.clippings.get(id)!;
  const r: ImportResult = { file, status: 'duplicate', id, title: c.title, byline: c.byline, publishedAt: c.publishedAt, duplicateOf: id };
  if (c.deletedAt !== null) r.inTrash = true;
  return r;
}

function notTried(file: string): ImportResult {
  return { file, status: 'not_tried', id: null, title: null, byline: null, publishedAt: null };
}

function cancelled(file: string): ImportResult {
  return { file, status: 'cancelled', id: null, title: null, byline: null, publishedAt: null };
}

function failed(file: string, error: string): ImportResult {
  return { file, status: 'error', id: null, title: null, byline: null, publishedAt: null, error };
}
