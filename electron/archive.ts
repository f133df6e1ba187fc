import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AnnotationRepo } from '../db/annotations.ts';
import { CaptureRepo } from '../db/captures.ts';
import { ClippingRepo, type ClippingRecord } from '../db/clippings.ts';
import { openDatabase, schemaVersion, type Db, type OpenOptions } from '../db/open.ts';
import { SearchRepo, toFtsQuery } from '../db/search.ts';
import { TagRepo } from '../db/tags.ts';
import {
  ApiError,
  isMethodName,
  parseArgs,
  type ArgsOut,
  type CallContext,
  type ClippingDetail,
  type Handlers,
  type ImportResult,
  type MethodName,
  type Results,
} from './api.ts';
import { CaptureError, extractCapture, type CaptureSource } from './capture/index.ts';
import { collectCaptureFiles, describeFsError } from './capture/files.ts';
import { contentHash, countWords, sha256, urlKey } from './capture/fingerprint.ts';
import { normalizeIsoDate } from './capture/dates.ts';

/**
 * The Cuttings core: implements every method of the contract (`api.ts`) over the
 * database. The Electron IPC channel, the loopback HTTP server and the CLI all call
 * `archive.call(method, args)`, so they share validation, behaviour and errors.
 */
export class Archive {
  readonly db: Db;
  private readonly clippings: ClippingRepo;
  private readonly captures: CaptureRepo;
  private readonly tags: TagRepo;
  private readonly annotations: AnnotationRepo;
  private readonly search: SearchRepo;
  private readonly handlers: Handlers;

  constructor(
    readonly file: string,
    options: OpenOptions = {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.db = openDatabase(file, options);
    this.clippings = new ClippingRepo(this.db);
    this.captures = new CaptureRepo(this.db);
    this.tags = new TagRepo(this.db);
    this.annotations = new AnnotationRepo(this.db);
    this.search = new SearchRepo(this.db);
    this.handlers = this.makeHandlers();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Validates `rawArgs` against the contract and runs the method. */
  call<M extends MethodName>(method: M, rawArgs: unknown, ctx: CallContext = {}): Results[M] {
    if (!isMethodName(method)) throw new ApiError('unknown_method', `unknown method "${String(method)}"`);
    const args = parseArgs(method, rawArgs);
    const handler = this.handlers[method] as (a: ArgsOut<M>, c: CallContext) => Results[M];
    return handler(args, ctx);
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private makeHandlers(): Handlers {
    return {
      'clippings.import': ({ paths, tags }, ctx) => {
        const found = collectCaptureFiles(paths);
        const results: ImportResult[] = found.errors.map((e) => errorResult(e.file, e.error));
        found.files.forEach((file, i) => {
          ctx.onProgress?.(i, found.files.length, file);
          results.push(this.importFile(file, tags));
        });
        ctx.onProgress?.(found.files.length, found.files.length, '');
        return {
          results,
          added: results.filter((r) => r.status === 'added').length,
          duplicates: results.filter((r) => r.status === 'duplicate').length,
          errors: results.filter((r) => r.status === 'error').length,
          skipped: found.skipped,
        };
      },

      'clippings.add': ({ capture, tags }) => {
        const label = capture.name ?? (capture.text !== undefined ? 'pasted text' : 'capture');
        const bytes = capture.text !== undefined ? Buffer.from(capture.text, 'utf8') : Buffer.from(capture.base64 ?? '', 'base64');
        const mediaType = capture.mediaType ?? (capture.text !== undefined && !capture.name ? 'text/plain' : null);
        return this.addCapture(label, { bytes, name: capture.name ?? null, mediaType, sourceUrl: capture.sourceUrl ?? null }, null, tags);
      },

      'clippings.get': ({ id }) => this.detail(id),

      'clippings.list': ({ limit, offset }) => {
        const rows = this.clippings.list(limit, offset);
        const tags = this.tags.forClippings(rows.map((r) => r.id));
        return { total: this.clippings.count(), offset, items: rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] })) };
      },

      'clippings.update': ({ id, title, byline, outlet, url, publishedAt, lang }) => {
        this.mustExist(id);
        let published: string | null | undefined = publishedAt;
        if (publishedAt) {
          published = normalizeIsoDate(publishedAt);
          if (!published) throw new ApiError('invalid_args', `"${publishedAt}" is not a date (use ISO 8601, e.g. 2021-12-08 or 2021-12-08T15:51)`);
        }
        let urls = {};
        if (url !== undefined) {
          if (url !== null && url !== '' && urlKey(url) === null) throw new ApiError('invalid_args', `"${url}" is not an http(s) URL`);
          const u = url || null;
          urls = { canonicalUrl: u, sourceUrl: u, urlKey: urlKey(u) };
        }
        this.db.transaction(() =>
          this.clippings.update(
            id,
            { title, byline: byline === '' ? null : byline, outlet: outlet === '' ? null : outlet, publishedAt: published, lang: lang === '' ? null : lang, ...urls },
            this.now(),
          ),
        )();
        return this.detail(id);
      },

      'clippings.delete': ({ id }) => {
        this.db.transaction(() => {
          const gone = this.clippings.delete(id);
          if (!gone) throw notFound(id);
          if (gone.captureId !== null) this.db.prepare(`DELETE FROM captures WHERE id = ? AND NOT EXISTS (SELECT 1 FROM clippings WHERE capture_id = ?)`).run(gone.captureId, gone.captureId);
        })();
        return { id, deleted: true };
      },

      'clippings.setNote': ({ id, note }) => {
        this.mustExist(id);
        this.clippings.update(id, { note }, this.now());
        return this.detail(id);
      },

      'tags.add': ({ id, tags }) => {
        this.mustExist(id);
        this.db.transaction(() => this.tags.addToClipping(id, tags, this.now()))();
        return { id, tags: this.tags.forClipping(id) };
      },

      'tags.remove': ({ id, tags }) => {
        this.mustExist(id);
        this.db.transaction(() => this.tags.removeFromClipping(id, tags))();
        return { id, tags: this.tags.forClipping(id) };
      },

      'tags.list': () => this.tags.list(),

      'search.query': ({ query, limit, offset }) => {
        const started = performance.now();
        const match = toFtsQuery(query);
        if (!match) return { total: 0, totalExact: true, tookMs: 0, hits: [] };
        const ranked = this.search.rank(match, limit, offset);
        const ids = ranked.map((r) => r.id);
        const { total, exact } = ranked.length < limit && offset === 0 ? { total: ranked.length, exact: true } : this.search.count(match);
        const snippets = this.search.snippets(match, ids);
        const summaries = this.clippings.summaries(ids);
        const tags = this.tags.forClippings(ids);
        const hits = ranked.map((r) => {
          const s = summaries.get(r.id)!;
          return {
            id: r.id,
            title: s.title,
            outlet: s.outlet,
            byline: s.byline,
            publishedAt: s.publishedAt,
            tags: tags.get(r.id) ?? [],
            snippet: snippets.get(r.id) ?? '',
            score: r.score,
          };
        });
        return { total, totalExact: exact, tookMs: round2(performance.now() - started), hits };
      },

      'archive.stats': () => ({
        clippings: this.clippings.count(),
        tags: this.tags.count(),
        annotations: this.annotations.count(),
        captures: (this.db.prepare(`SELECT count(*) AS n FROM captures`).get() as { n: number }).n,
        dbBytes: fileSize(this.file) + fileSize(`${this.file}-wal`),
        schemaVersion: schemaVersion(this.db),
      }),
    };
  }

  private importFile(file: string, tags: readonly string[]): ImportResult {
    let bytes: Buffer;
    try {
      if (statSync(file).isDirectory()) return errorResult(file, `${file}: is a folder`);
      bytes = readFileSync(file);
    } catch (err) {
      return errorResult(file, describeFsError(err, file));
    }
    return this.addCapture(file, { bytes, name: path.basename(file), mediaType: null, sourceUrl: null }, path.resolve(file), tags);
  }

  /** The import path for one capture: dedupe, extract, store in one transaction. */
  private addCapture(label: string, src: CaptureSource, sourcePath: string | null, tags: readonly string[]): ImportResult {
    const digest = sha256(src.bytes);
    const sameBytes = this.captures.clippingWithSha256(digest);
    if (sameBytes !== null) return this.duplicateResult(label, sameBytes);

    let prepared;
    try {
      prepared = extractCapture(src);
    } catch (err) {
      if (err instanceof CaptureError) return errorResult(label, `${label}: ${err.message}`);
      return errorResult(label, `${label}: extraction failed (${(err as Error).message})`);
    }
    const x = prepared.extracted;
    const text = x.paragraphs.join('\n\n');
    const hash = contentHash(text);
    const sourceUrl = x.sourceUrl ?? src.sourceUrl;
    const key = urlKey(x.canonicalUrl ?? sourceUrl);
    const dup = this.clippings.findDuplicate(key, hash);
    if (dup !== null) return this.duplicateResult(label, dup);

    const now = this.now();
    const id = this.db.transaction(() => {
      const captureId = this.captures.insert({
        mediaType: prepared.mediaType,
        sourcePath,
        sourceUrl,
        capturedAt: now,
        sha256: digest,
        bytes: src.bytes,
      });
      const clippingId = this.clippings.insert(
        {
          captureId,
          title: x.title ?? x.paragraphs[0]!.slice(0, 120),
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
          text,
          html: x.html,
          figures: x.figures,
          leadImage: x.leadImage,
          wordCount: countWords(text),
          contentHash: hash,
        },
        now,
      );
      if (tags.length) this.tags.addToClipping(clippingId, tags, now);
      return clippingId;
    }).immediate();
    const c = this.clippings.get(id)!;
    return { file: label, status: 'added', id, title: c.title, byline: c.byline, publishedAt: c.publishedAt };
  }

  private duplicateResult(file: string, id: number): ImportResult {
    const c = this.clippings.get(id)!;
    return { file, status: 'duplicate', id, title: c.title, byline: c.byline, publishedAt: c.publishedAt, duplicateOf: id };
  }

  private mustExist(id: number): void {
    if (!this.clippings.exists(id)) throw notFound(id);
  }

  private detail(id: number): ClippingDetail {
    const c = this.clippings.get(id);
    if (!c) throw notFound(id);
    return toDetail(c, this.tags.forClipping(id), this.annotations.forClipping(id), c.captureId === null ? null : this.captures.info(c.captureId));
  }
}

function toDetail(c: ClippingRecord, tags: string[], annotations: ClippingDetail['annotations'], capture: ClippingDetail['capture']): ClippingDetail {
  return {
    id: c.id,
    title: c.title,
    byline: c.byline,
    outlet: c.outlet,
    url: c.canonicalUrl ?? c.sourceUrl,
    sourceUrl: c.sourceUrl,
    canonicalUrl: c.canonicalUrl,
    publishedAt: c.publishedAt,
    modifiedAt: c.modifiedAt,
    capturedAt: c.capturedAt,
    lang: c.lang,
    excerpt: c.excerpt,
    wordCount: c.wordCount,
    text: c.text,
    paragraphs: c.text === '' ? [] : c.text.split('\n\n'),
    figures: c.figures,
    html: c.html,
    leadImage: c.leadImage,
    tags,
    note: c.note,
    annotations,
    capture,
    contentHash: c.contentHash,
    updatedAt: c.updatedAt,
  };
}

function errorResult(file: string, error: string): ImportResult {
  return { file, status: 'error', id: null, title: null, byline: null, publishedAt: null, error };
}

function notFound(id: number): ApiError {
  return new ApiError('not_found', `no clipping with id ${id}`);
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
