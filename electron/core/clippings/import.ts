import { setMaxListeners } from 'node:events';
import path from 'node:path';
import type { ArgsOut, CallContext, Results } from '../../contract/methods.ts';
import type { ImportResult } from '../../contract/shapes.ts';
import type { CaptureSource, PreparedCapture } from '../capture/index.ts';
import { CaptureError, MAX_CAPTURE_BYTES, type ExtractedClipping } from '../capture/types.ts';
import { fetchCapture } from '../capture/fetch.ts';
import { collectCaptureFiles, FileReadError, readRegularFile } from '../capture/files.ts';
import { sha256, urlKey } from '../capture/fingerprint.ts';
import { minhash, type TextFingerprints } from '../capture/minhash.ts';
import type { MinHash } from '../../../db/minhash.ts';
import type { NewClipping } from '../../../db/clippings.ts';
import type { CapturePacking } from '../../../db/captures.ts';
import { beginBulkWriting } from '../../../db/bulk.ts';
import { releaseFreePages } from '../../../db/space.ts';
import { rememberPacked } from '../../../db/text.ts';
import { ExtractionCancelled } from '../capture/worker/pool.ts';
import { titleFromBody } from '../capture/stand-in-title.ts';
import { EXTRACTIONS_LISTENING, type Core } from '../context.ts';
import { isDiskFull, orDiskFull } from '../disk-full.ts';

/** Getting captures in: files, folders, web addresses and pasted content. */

const URL_ARG = /^https?:\/\//i;

/**
 * How a bulk import commits: the clippings extracted while the writer was busy are stored
 * together, in one transaction of at most BATCH_MAX clippings: one commit per batch, and
 * one flush of the full-text index's pending terms. FTS5 writes its pending terms out as a
 * new segment (to be merged later) at every SAVEPOINT and at the start of every statement
 * that may have to be rolled back on its own, which each INSERT INTO clippings is (its
 * triggers); so the batch's new clippings are inserted by one statement (`HeldClippings`),
 * and no file has a SAVEPOINT of its own. A file is still all-or-nothing: should one fail
 * while it is stored, the whole transaction is rolled back and the batch written again with
 * each file in a SAVEPOINT, so that the failing file leaves nothing of itself and the
 * others of its batch are stored. A batch is committed when full, or when the writer waits
 * for an extraction and the batch is BATCH_MS old (a slow capture holds back the ones
 * extracted before it no longer than that; committing each clipping as soon as the writer
 * waited cost a commit per clipping whenever extraction was the slower side). Results are
 * reported (`onItem`: the CLI prints them) only once committed: an import killed at any
 * point resumes by importing again, the committed files coming back as duplicates (by the
 * capture's hash), the others stored once.
 */
const BATCH_MAX = 200;
/** …and of at most this age (ms): what is extracted meanwhile joins the batch. */
const BATCH_MS = 100;
/**
 * Captures read and extracted ahead of the writer, so the extraction workers never wait
 * for it: at most AHEAD_MAX captures, and AHEAD_BYTES of their bytes (the next capture is
 * always taken, whatever its size: MAX_CAPTURE_BYTES bounds it). More than a batch: while
 * the writer stores one (a synchronous transaction of up to BATCH_MAX clippings, its
 * thread busy for as long), the workers go on with the captures handed to them before
 * (capture/worker/pool.ts, QUEUED_MAX), and with fewer they would run dry before it is done.
 */
const AHEAD_MAX = 256;
const AHEAD_BYTES = 32 * 2 ** 20;

/**
 * `clippings.import`: files and folders (each file a capture) and web addresses, in that
 * order. Extraction runs ahead in the workers while one writer stores the results in
 * batches (BATCH_MAX). The import stops early when the disk is full (at the file being
 * stored: every later one would fail the same way; that file is an error saying so) or
 * when it is cancelled (`signal`: the capture being extracted is dropped, as `cancelled`);
 * the rest are `not_tried`, `stopped` says why, and what was stored before stays stored.
 */
export async function importPaths(core: Core, args: ArgsOut<'clippings.import'>, ctx: CallContext): Promise<Results['clippings.import']> {
  // The writer's connection with the settings of a bulk write (db/bulk.ts) while it imports.
  const endBulk = beginBulkWriting(core.db);
  try {
    return await importAll(core, args, ctx);
  } finally {
    try {
      endBulk();
    } catch (err) {
      if (!isDiskFull(err)) throw err; // (its last checkpoint: a later commit makes it)
    }
  }
}

async function importAll(core: Core, { paths, tags }: ArgsOut<'clippings.import'>, ctx: CallContext): Promise<Results['clippings.import']> {
  const urls = paths.filter((p) => URL_ARG.test(p));
  const found = collectCaptureFiles(paths.filter((p) => !URL_ARG.test(p)));
  const results: ImportResult[] = [];
  const done = (r: ImportResult) => {
    results.push(r);
    ctx.onItem?.(r);
  };
  found.errors.forEach((e) => done(failed(e.file, e.error)));
  // Each extraction ahead of the writer listens to the import's signal.
  if (ctx.signal) setMaxListeners(EXTRACTIONS_LISTENING, ctx.signal);
  const todo = [
    ...found.files.map((file) => {
      // An upload's temporary copy is known to the user by its own name, not by the door's path.
      const label = ctx.places?.knownAs?.(file) ?? file;
      return { label, extract: () => extractFile(core, file, label, ctx.signal) };
    }),
    ...urls.map((url) => ({ label: url, extract: () => ({ step: extractUrl(core, url, ctx.signal), bytes: 0 }) })),
  ];

  // Extractions started ahead of the writer (index → its promise), and whether each has settled.
  const started = new Map<number, { step: Promise<Extraction>; bytes: number }>();
  const settled = new Set<number>();
  let nextToStart = 0;
  let bytesAhead = 0;
  const fill = (writerAt: number) => {
    while (
      nextToStart < todo.length &&
      (nextToStart <= writerAt || (!ctx.signal?.aborted && started.size < AHEAD_MAX && bytesAhead < AHEAD_BYTES))
    ) {
      const i = nextToStart++;
      const { step, bytes } = todo[i]!.extract();
      step.then(() => settled.add(i), () => settled.add(i)); // awaited in its turn; not an unhandled rejection if the import stops first
      started.set(i, { step, bytes });
      bytesAhead += bytes;
    }
  };
  const forget = (i: number) => {
    bytesAhead -= started.get(i)?.bytes ?? 0;
    started.delete(i);
  };

  let stopped: string | null = null;
  let pending: Pending[] = [];
  let batchOpened = 0;
  /** Stores what is pending in one transaction and reports it; a full disk stops the import there. */
  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const { results: stored, fullAt } = storeBatch(core, batch, tags);
    stored.forEach(done);
    if (fullAt !== null) {
      const { label, index } = batch[fullAt]!;
      const rest = todo.length - index - 1;
      stopped = `disk full while storing ${label}: the import stopped there${rest ? ` (${rest} more not tried)` : ''}; what was stored before is kept. Free some space and import again (what is already stored comes back as a duplicate).`;
    }
  };

  for (const [i, { label }] of todo.entries()) {
    const rest = todo.length - i - 1;
    if (stopped === null && ctx.signal?.aborted) {
      flush();
      stopped ??= `cancelled before ${label}: it was not tried${rest ? `, nor the ${rest} after it` : ''}; what was stored before is kept.`;
    }
    if (stopped !== null) {
      done(notTried(label));
      continue;
    }
    ctx.onProgress?.(i, todo.length, label);
    fill(i);
    // The writer waits for this extraction: at most until the batch is BATCH_MS old, then
    // what it holds is committed (a slow capture never holds back the ones before it).
    if (!settled.has(i) && pending.length > 0) {
      const left = batchOpened + BATCH_MS - performance.now();
      if (left > 0) await Promise.race([started.get(i)!.step.catch(() => {}), new Promise((r) => setTimeout(r, left).unref())]);
      if (!settled.has(i)) flush();
    }
    if (stopped !== null) {
      done(notTried(label));
      continue;
    }
    const step = await started.get(i)!.step;
    if (pending.length === 0) batchOpened = performance.now();
    pending.push('status' in step ? { label, index: i, result: step } : { label, index: i, extracted: step });
    forget(i);
    if ('status' in step && step.status === 'cancelled') {
      flush();
      stopped ??= `cancelled while reading ${label}: it was not stored${rest ? `, nor the ${rest} after it (not tried)` : ''}; what was stored before is kept.`;
    } else if (pending.length >= BATCH_MAX) flush();
  }
  flush();
  // What the full-text index's merges freed during the import goes back to the file
  // system. Best effort: on a full disk the pages stay free inside the file for later writes.
  try {
    releaseFreePages(core.db);
  } catch (err) {
    if (!isDiskFull(err)) throw err;
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

/** A file of the batch being written: extracted, or its result known already (a duplicate, an error, cancelled). */
type Pending = { label: string; index: number } & ({ result: ImportResult } | { extracted: Extracted });

/**
 * Stores a batch in one transaction: straight through (its new clippings held and inserted
 * together), or, when a file fails while it is stored, again with each extracted file in a
 * SAVEPOINT (see BATCH_MAX): a file whose storing fails is an error and leaves nothing of
 * itself, the others are stored. A full disk stops the batch at the file being stored
 * (`fullAt`, its place in the batch): the files before it are committed, the ones after it
 * are not tried.
 */
function storeBatch(core: Core, batch: readonly Pending[], tags: readonly string[]): { results: ImportResult[]; fullAt: number | null } {
  try {
    const results = core.write(() => {
      const held = new HeldClippings(core);
      const out = batch.map((p) => ('result' in p ? p.result : store(core, p.extracted, tags, undefined, held)));
      held.write();
      return out;
    });
    return { results, fullAt: null };
  } catch {
    // Rolled back, whatever failed (a file, or the commit): written again file by file, where
    // the failure is met again and dealt with.
  }
  let results: ImportResult[] = [];
  let fullAt: number | null = null;
  try {
    core.write(() => {
      for (const [k, p] of batch.entries()) {
        if (fullAt !== null) results.push(notTried(p.label));
        else if ('result' in p) results.push(p.result);
        else {
          try {
            results.push(core.write(() => store(core, p.extracted, tags, undefined))); // nested: a SAVEPOINT
          } catch (err) {
            if (!core.db.inTransaction) throw err; // the transaction itself was lost: nothing of the batch is stored
            if (isDiskFull(err)) {
              fullAt = k;
              results.push(failed(p.label, `${p.label}: disk full, not stored`));
            } else results.push(failed(p.label, `${p.label}: not stored (${(err as Error).message})`));
          }
        }
      }
    });
  } catch (err) {
    if (!isDiskFull(err)) throw err;
    // The commit itself found the disk full: nothing of the batch was stored.
    const first = batch.findIndex((p) => !('result' in p));
    fullAt = first < 0 ? 0 : first;
    results = batch.map((p, k) => (k < fullAt! ? ('result' in p ? p.result : notTried(p.label)) : k === fullAt ? failed(p.label, `${p.label}: disk full, not stored`) : notTried(p.label)));
  }
  return { results, fullAt };
}

/** `clippings.add`: pasted or dropped content (text, or bytes in base64). */
export async function addContent(core: Core, { capture, tags }: ArgsOut<'clippings.add'>, signal?: AbortSignal): Promise<ImportResult> {
  const label = capture.name ?? (capture.text !== undefined ? 'pasted text' : 'capture');
  const bytes = capture.text !== undefined ? Buffer.from(capture.text, 'utf8') : Buffer.from(capture.base64 ?? '', 'base64');
  const mediaType = capture.mediaType ?? (capture.text !== undefined && !capture.name ? 'text/plain' : null);
  const step = await extractGiven(core, label, { bytes, name: capture.name ?? null, mediaType, sourceUrl: capture.sourceUrl ?? null }, null, signal);
  return 'status' in step ? step : orDiskFull(`${label} was not stored`, () => core.write(() => store(core, step, tags, signal)));
}

/**
 * One capture given as bytes, by a door that records where captures came from (the
 * browser clipper: `origin` 'clipper'): extracted and stored as any other.
 */
export async function addCapture(core: Core, given: CaptureSource, tags: readonly string[], origin: string, signal?: AbortSignal): Promise<ImportResult> {
  const label = given.sourceUrl ?? given.name ?? 'capture';
  const step = await extractGiven(core, label, given, null, signal);
  return 'status' in step ? step : orDiskFull(`${label} was not stored`, () => core.write(() => store(core, { ...step, origin }, tags, signal)));
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
  /** Of the extracted text, computed in the worker. */
  fingerprints: TextFingerprints;
  /** How the capture's bytes would be stored, worked out in the worker (db/captures.ts). */
  packing?: CapturePacking;
}

/**
 * Reads a file and starts its extraction; `bytes`: how much of the file is held while it
 * waits. `label` names it in results and is recorded as its source: its path, or the name
 * of an upload (whose temporary path means nothing to the user).
 */
function extractFile(core: Core, file: string, label: string, signal: AbortSignal | undefined): { step: Promise<Extraction>; bytes: number } {
  let bytes: Buffer;
  try {
    // Checked before reading: a regular file within the capture limit, read with a bound.
    bytes = readRegularFile(file, MAX_CAPTURE_BYTES);
  } catch (err) {
    if (err instanceof FileReadError) return { step: Promise.resolve(failed(label, label === file ? err.message : `${label}: ${err.message}`)), bytes: 0 };
    return { step: Promise.reject(err as Error), bytes: 0 };
  }
  const full = path.resolve(file);
  return { step: extractGiven(core, label, { bytes, name: path.basename(file), mediaType: null, sourceUrl: null, path: full }, label === file ? full : label, signal), bytes: bytes.byteLength };
}

/** A web address: fetched once (timeout, size cap, redirects checked), then extracted like a file. */
async function extractUrl(core: Core, url: string, signal: AbortSignal | undefined): Promise<Extraction> {
  try {
    const f = await fetchCapture(url);
    // "2 hours ago" on the page is counted back from the moment it was fetched.
    return await extractGiven(core, url, { bytes: f.bytes, name: null, mediaType: f.mediaType, sourceUrl: f.finalUrl, capturedAt: f.fetchedAt }, null, signal);
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
    return { label, prepared: r.prepared, src: { ...given, bytes: r.bytes }, sourcePath, digest, fingerprints: r.fingerprints, packing: r.packing };
  } catch (err) {
    if (err instanceof ExtractionCancelled) return cancelled(label);
    return failed(label, `${label}: ${err instanceof CaptureError ? err.message : `extraction failed (${(err as Error).message})`}`);
  }
}

/**
 * The second half: dedupe by the capture's bytes (stored since its extraction began:
 * the same file twice in a batch), by URL and by text, then store. Runs inside the
 * caller's transaction (a whole batch, a SAVEPOINT of one file, or one capture's own):
 * what fails leaves nothing once the caller rolls back. Cancelled before it is stored,
 * nothing of it is. A new clipping is inserted at once, or, given `held` (a batch), held
 * there to be inserted with the rest of the batch.
 */
function store(
  core: Core,
  { label, prepared, src, sourcePath, digest, origin, fingerprints, packing }: Extracted,
  tags: readonly string[],
  signal: AbortSignal | undefined,
  held?: HeldClippings,
): ImportResult {
  if (signal?.aborted) return cancelled(label);
  const x = prepared.extracted;
  const fields = { text: x.paragraphs.join('\n\n'), wordCount: fingerprints.wordCount, contentHash: fingerprints.contentHash };
  const sourceUrl = x.sourceUrl ?? src.sourceUrl;
  const key = urlKey(x.canonicalUrl ?? sourceUrl);
  const byUrl = key !== null && key.includes('/');
  // A clipping held in this batch with the same bytes, address or text is written first,
  // so that what follows finds it as it would have found it stored.
  if (held?.holds(digest, byUrl ? key : null, x.uncertain ? null : fields.contentHash)) held.write();

  const sameBytes = core.captures.clippingWithSha256(digest);
  if (sameBytes !== null) return duplicate(core, label, sameBytes);
  // The same article URL again: the same text is a duplicate, changed text a new version.
  const atUrl = byUrl ? core.clippings.findByUrlKey(key) : null;
  if (atUrl !== null) {
    if (core.versions.hadText(atUrl, fields.contentHash)) return duplicate(core, label, atUrl);
    return newVersion(core, label, atUrl, prepared, src, sourcePath, digest, tags, origin);
  }
  // Other bytes at another address with the same text: a duplicate, unless that text is
  // only what the extractor was unsure of (the same cookie banner on two blogs).
  const sameText = x.uncertain ? null : core.clippings.findByContentHash(fields.contentHash);
  if (sameText !== null) return duplicate(core, label, sameText);

  const now = core.now();
  const title = x.title ?? titleFromBody(x.paragraphs[0]!);
  // The text as stored, deflated by the worker: the insert takes it (db/text.ts) instead of deflating it here.
  if (packing) rememberPacked(packing.text, packing.storedText);
  // The capture is stored against the clipping's text (db/captures.ts): before the clipping
  // is, so against the id the clipping will be written with, checked once it exists.
  const make = (clippingId: number | 'next'): NewClipping => ({
    captureId: storeCapture(core, prepared, src, sourcePath, sourceUrl, digest, now, { clippingId, text: fields.text }, origin, packing),
    title,
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
  });
  const then: AfterInsert = { tags, minhash: fingerprints.minhash, cluster: !x.uncertain, now };
  let id: number;
  if (held) id = held.add(make, then, [digest, byUrl ? key : null, fields.contentHash]);
  else {
    const clipping = make('next');
    id = core.clippings.insert(clipping, now);
    core.captures.confirmBase(clipping.captureId!, id);
    afterInsert(core, id, then);
  }
  return { file: label, status: 'added', id, title, byline: x.byline, publishedAt: x.publishedAt };
}

/** What follows a new clipping's insert: its tags, and its place among near-duplicates. */
interface AfterInsert {
  tags: readonly string[];
  minhash: MinHash;
  /** Whether it joins a cluster of near-duplicates (not when the extractor was unsure of its text). */
  cluster: boolean;
  now: string;
}

function afterInsert(core: Core, id: number, { tags, minhash: mh, cluster, now }: AfterInsert): void {
  if (tags.length) core.tags.addToClipping(id, tags, now);
  core.clusters.add(id, mh);
  const same = cluster ? core.clusters.bestMatch(mh, id) : null;
  if (same) core.clusters.join(id, same.id);
}

/**
 * The new clippings of a batch, held until the batch is written and then inserted by one
 * statement (`ClippingRepo.insertMany`: one full-text segment per batch rather than one per
 * clipping), each with the id SQLite would have given it; what follows each insert
 * (`afterInsert`) follows as it would clipping by clipping, in their order: the tags, then
 * the batch's near-duplicate bands together (`ClusterRepo.addNew`) and each one's cluster.
 */
class HeldClippings {
  private rows: { id: number; clipping: NewClipping; now: string; then: AfterInsert }[] = [];
  /** The capture hashes, URL keys and content hashes of the held clippings. */
  private readonly keys = new Set<string>();
  private nextId = 0;

  constructor(private readonly core: Core) {}

  /** Whether a held clipping has these capture bytes, URL key or text. */
  holds(digest: string, key: string | null, contentHash: string | null): boolean {
    return this.keys.has(`b:${digest}`) || (key !== null && this.keys.has(`u:${key}`)) || (contentHash !== null && this.keys.has(`t:${contentHash}`));
  }

  /** Holds a new clipping, made for the id it is written with; returns that id. */
  add(make: (id: number) => NewClipping, then: AfterInsert, [digest, key, contentHash]: [string, string | null, string]): number {
    if (this.rows.length === 0) this.nextId = this.core.clippings.nextId();
    const id = this.nextId++;
    this.rows.push({ id, clipping: make(id), now: then.now, then });
    this.keys.add(`b:${digest}`).add(`t:${contentHash}`);
    if (key !== null) this.keys.add(`u:${key}`);
    return id;
  }

  write(): void {
    this.core.clippings.insertMany(this.rows);
    for (const r of this.rows) {
      this.core.captures.confirmBase(r.clipping.captureId!, r.id);
      if (r.then.tags.length) this.core.tags.addToClipping(r.id, r.then.tags, r.then.now);
    }
    // The batch's signatures and bands together; each clipping then joins its best match, in order.
    const matches = this.core.clusters.addNew(this.rows.map((r) => ({ id: r.id, mh: r.then.minhash, match: r.then.cluster })));
    for (const [k, same] of matches.entries()) if (same) this.core.clusters.join(this.rows[k]!.id, same.id);
    this.rows = [];
    this.keys.clear();
  }
}

/** Stores the capture's bytes (against the text of the clipping `base`: db/captures.ts) and its images; returns the capture's id. */
export function storeCapture(
  core: Core,
  prepared: PreparedCapture,
  src: CaptureSource,
  sourcePath: string | null,
  sourceUrl: string | null,
  digest: string,
  now: string,
  base: { clippingId: number | 'next'; text: string },
  origin?: string,
  packing?: CapturePacking,
): number {
  const captureId = core.captures.insert({ mediaType: prepared.mediaType, sourcePath, sourceUrl, capturedAt: now, sha256: digest, bytes: src.bytes, origin }, base, packing);
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
    const text = edited.has('text') ? c.text : x.paragraphs.join('\n\n');
    const captureId = storeCapture(core, prepared, src, sourcePath, x.sourceUrl ?? src.sourceUrl ?? c.sourceUrl, digest, now, { clippingId: id, text }, origin);
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
