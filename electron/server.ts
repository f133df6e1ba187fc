/**
 * Browser mode: the same core behind a loopback HTTP server. `POST /api/<method>` with
 * a JSON body calls one contract method through `dispatch`; everything else serves the
 * built renderer.
 *
 * Access: the API accepts the token ONLY in the `X-Cuttings-Token` header. Nothing a
 * browser sends on its own unlocks it: not a cookie (cookies are not scoped by port, so
 * any other server on 127.0.0.1 would receive it, and two instances would overwrite each
 * other's), not the URL (`?token=` is ignored here; it is read by the page itself), not
 * a Referer. A page on another origin cannot send the header without a CORS preflight,
 * which is never granted (no CORS headers are ever sent).
 *
 * The page's own files (index.html and the built assets) need no credential at all: they
 * are the public renderer code and hold no secrets, so there is nothing to guard and no
 * second value to leak. The printed address carries the token for the page only; the page
 * moves it into this tab's sessionStorage and removes it from the address bar
 * (renderer/api.ts `takeToken`), so a reload of the same tab keeps working and instances
 * on different ports (different origins) never share or overwrite it. This server never
 * sets a cookie.
 *
 * Files (contract/places.ts): the page never names a path. A file it imports or restores
 * travels as an upload (`POST /api/upload`, raw bytes streamed into this server's own
 * temporary folder, the size cap checked as bytes arrive) and comes back as a single-use
 * read grant; a file the core writes (an export, a backup) goes to a single-use save
 * grant (`POST /api/save`) in that folder, and the answer names a download id: an
 * unguessable, single-use URL (`GET /api/download/<id>`) that works once, for a minute
 * after the file was written — an <a download> cannot send the token header, so the id,
 * handed over only in an authenticated answer, is the credential. Used uploads, fetched
 * or expired downloads, and everything at close are deleted.
 *
 * A search (`POST /api/search.query?first=N` with `Accept: application/x-ndjson`) may be
 * answered in two parts over its one request: the first N hits as soon as they are found,
 * then the whole answer (facets, chart); see `searchInParts` below.
 *
 * Also: the Host header must name this server (DNS-rebinding defence), for every request;
 * request bodies are capped.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Archive } from './core/archive.ts';
import { SEARCH_FIRST_PARAM } from './contract/client.ts';
import { HTTP_STATUS } from './contract/errors.ts';
import { DOWNLOAD_PREFIX, SAVE_PATH, UPLOAD_PATH, type SaveReply, type UploadReply } from './contract/places.ts';
import { dispatch } from './core/dispatch.ts';
import { GrantStore, isPlainFileName } from './core/grants.ts';

export const LOOPBACK = '127.0.0.1';
/** Large enough for a big saved page sent as base64. */
export const MAX_BODY_BYTES = 96 * 1024 * 1024;
/** The largest upload (a capture, a backup, a library JSON). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** How long a download id works after its file was written. */
export const DOWNLOAD_TTL_MS = 60_000;

export interface ServeOptions {
  archive: Archive;
  port?: number;
  token?: string;
  /** Folder of the built renderer (index.html and assets). */
  staticDir?: string | null;
  /** Where this server makes its temporary folder for uploads and downloads (the system's by default). */
  tempDir?: string;
  uploadLimit?: number;
}

export interface RunningServer {
  server: Server;
  port: number;
  token: string;
  url: string;
  close: () => Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
};

export function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let port = opts.port ?? 0;

  const tokenOk = (given: string | null | undefined): boolean => {
    if (!given) return false;
    const b = Buffer.from(given);
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes);
  };
  const files = serverFiles(opts.tempDir ?? os.tmpdir(), opts.uploadLimit ?? MAX_UPLOAD_BYTES);

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { ok: false, error: { code: 'internal', message: String(err) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostNamesLoopback(req.headers.host, port)) return send(res, 421, { ok: false, error: { code: 'invalid_args', message: 'wrong Host header' } });
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const isApi = url.pathname.startsWith('/api/');
    // The id in the URL is the credential of a download (see the top of this file).
    if (isApi && url.pathname.startsWith(DOWNLOAD_PREFIX)) {
      if (req.method !== 'GET') return send(res, 405, { ok: false, error: { code: 'invalid_args', message: 'use GET' } });
      return files.download(url.pathname.slice(DOWNLOAD_PREFIX.length), res);
    }
    if (isApi && !tokenOk(req.headers['x-cuttings-token'] as string | undefined)) {
      return send(res, 401, { ok: false, error: { code: 'invalid_args', message: 'missing or wrong access token' } });
    }

    if (isApi) {
      // Counted until answered: a search's remaining steps wait for these (see `searchInParts`).
      calls++;
      // A client that goes before its answer (the page searched again): its reads still queued are dropped.
      const gone = new AbortController();
      res.once('close', () => {
        calls--;
        lastCallEnded = Date.now();
        if (!res.writableFinished) gone.abort();
      });
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'invalid_args', message: 'use POST' } });
      if (url.pathname === UPLOAD_PATH) return files.upload(req, res, url.searchParams.get('name'));
      if (url.pathname === SAVE_PATH) return send(res, 200, { ok: true, result: files.save(url.searchParams.get('name')) });
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return send(res, 415, { ok: false, error: { code: 'invalid_args', message: 'send JSON (Content-Type: application/json)' } });
      }
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch (err) {
        const tooBig = err instanceof BodyTooLarge;
        if (tooBig) closeAfterReply(req, res);
        return send(res, tooBig ? 413 : 400, { ok: false, error: { code: 'invalid_args', message: tooBig ? 'request too large' : 'the body is not valid JSON' } });
      }
      const method = url.pathname.slice(5);
      const first = Number(url.searchParams.get(SEARCH_FIRST_PARAM));
      if (method === 'search.query' && Number.isInteger(first) && first > 0 && /application\/x-ndjson/i.test(req.headers.accept ?? '') && isObject(body)) {
        return searchInParts(body, Math.min(first, MAX_FIRST_HITS), res, gone.signal);
      }
      const envelope = await dispatch(opts.archive, method, body, { places: files.grants }, { signal: gone.signal });
      files.sweep();
      return send(res, envelope.ok ? 200 : HTTP_STATUS[envelope.error.code], envelope);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: { code: 'invalid_args', message: 'method not allowed' } });
    serveStatic(opts.staticDir ?? null, url.pathname, res);
  }

  /**
   * `search.query` in two parts over one request (client.ts `httpSearchInParts`): the
   * first `first` hits alone (no facets, no chart: what the list paints first), then the
   * whole answer; one envelope a line. The whole answer is worked out in steps (the page
   * of hits with its facets, then the chart), each after the other calls (`othersFirst`)
   * and, with readers, in their background lane (core/readers/pool.ts); a client that has
   * gone (the page searched again) stops the steps. An error in the first part is the answer.
   */
  let calls = 0;
  let lastCallEnded = 0;
  /**
   * Before a search's remaining step: the other calls go first — it waits until none is
   * in flight and none ended in the last `QUIET_MS` (the page's next move, such as opening
   * one of the hits just shown, is answered before the facets and the chart), at most
   * `MAX_YIELD_MS` (a long import does not starve it). False when the client has gone.
   */
  async function othersFirst(res: ServerResponse): Promise<boolean> {
    const until = Date.now() + MAX_YIELD_MS;
    do await new Promise((r) => setTimeout(r, 10));
    while (!res.destroyed && Date.now() < until && (calls > 1 || Date.now() - lastCallEnded < QUIET_MS));
    return !res.destroyed;
  }

  async function searchInParts(args: Record<string, unknown>, first: number, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const places = { places: files.grants };
    const rest = { signal, background: true };
    const limit = typeof args.limit === 'number' ? args.limit : first;
    const head = await dispatch(opts.archive, 'search.query', { ...args, limit: Math.min(first, limit), facets: false, histogram: undefined }, places, { signal });
    if (res.destroyed) return;
    if (!head.ok) return send(res, HTTP_STATUS[head.error.code], head);
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' });
    res.write(`${JSON.stringify(head)}\n`);
    if (!(await othersFirst(res))) return;
    // The rest is background work when there is more to find than the first part showed;
    // else it is quick, and may need the instant index the background reader never loads.
    const more = (head.result as { total: number; hits: unknown[] }).total > (head.result as { hits: unknown[] }).hits.length;
    const whole = await dispatch(opts.archive, 'search.query', { ...args, histogram: undefined }, places, more ? rest : { signal });
    if (res.destroyed) return;
    const chart = isObject(args.histogram) ? args.histogram : null;
    if (whole.ok && chart) {
      if (!(await othersFirst(res))) return;
      const h = await dispatch(opts.archive, 'search.histogram', { ...chart, query: args.query }, places, rest);
      if (res.destroyed) return;
      if (!h.ok) return void res.end(`${JSON.stringify(h)}\n`);
      whole.result = { ...(whole.result as object), histogram: (h.result as { buckets: unknown }).buckets };
    }
    res.end(`${JSON.stringify(whole)}\n`);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : port;
      resolve({
        server,
        port,
        token,
        url: `http://${LOOPBACK}:${port}/?token=${encodeURIComponent(token)}`,
        close: () => {
          // Uploads and downloads go first: a client that keeps its connection open must not keep them.
          files.close();
          const closed = new Promise<void>((r) => server.close(() => r()));
          server.closeIdleConnections();
          return closed;
        },
      });
    });
  });
}

export class BodyTooLarge extends Error {}

/** Whether a request's Host header names this loopback listener (the DNS-rebinding defence of both doors). */
export function hostNamesLoopback(host: string | undefined, port: number): boolean {
  return host === `${LOOPBACK}:${port}` || host === `localhost:${port}`;
}

/** A body left unread (BodyTooLarge): the answer closes the connection, and the request goes once it is sent. */
export function closeAfterReply(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  res.once('finish', () => req.destroy());
}

/** The most hits a search's first part holds. */
const MAX_FIRST_HITS = 100;
/** A search's remaining steps wait for this long without calls… */
const QUIET_MS = 100;
/** …but no longer than this in all, per step. */
const MAX_YIELD_MS = 1000;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Uploads and downloads: one temporary folder per server, a grant per file. An upload's
 * folder goes once its grant is used; a download's once fetched or expired.
 */
function serverFiles(tempParent: string, uploadLimit: number) {
  const grants = new GrantStore();
  const root = mkdtempSync(path.join(tempParent, 'cuttings-serve-'));
  /** Upload grant → its folder. */
  const uploads = new Map<string, string>();
  /** Download id → the file a save grant writes, and when it was written. */
  const downloads = new Map<string, { grant: string; dir: string; file: string; name: string; writtenAt: number | null }>();
  const newDir = (prefix: string) => {
    const dir = path.join(root, `${prefix}${randomBytes(8).toString('hex')}`);
    mkdirSync(dir);
    return dir;
  };
  const remove = (dir: string) => rmSync(dir, { recursive: true, force: true });
  const cleanName = (name: string | null, fallback: string) => {
    const base = (name ?? '').split(/[\\/]/).pop()!.trim().slice(-200);
    return base && isPlainFileName(base) ? base : fallback;
  };

  return {
    grants,

    upload(req: IncomingMessage, res: ServerResponse, rawName: string | null): Promise<void> {
      if (!/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) {
        return Promise.resolve(send(res, 415, { ok: false, error: { code: 'invalid_args', message: 'send the file as application/octet-stream' } }));
      }
      const tooLarge = () => {
        res.setHeader('Connection', 'close');
        send(res, 413, { ok: false, error: { code: 'bad_input', message: `the file is larger than ${Math.round(uploadLimit / 1024 / 1024)} MB` } });
      };
      if (Number(req.headers['content-length'] ?? 0) > uploadLimit) {
        // Not a byte of it is read: answer, then close the connection.
        res.once('finish', () => req.destroy());
        return Promise.resolve(tooLarge());
      }
      const name = cleanName(rawName, 'upload');
      const dir = newDir('u-');
      const file = path.join(dir, name);
      return new Promise((resolve) => {
        const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
        let bytes = 0;
        let failed = false;
        // Stops reading, drops what was stored, answers (if there is anyone to answer),
        // then closes the connection: the rest of the body is never read.
        const fail = (reply?: () => void) => {
          if (failed) return;
          failed = true;
          req.unpipe(out);
          out.destroy();
          remove(dir);
          if (reply) {
            res.once('finish', () => req.destroy());
            reply();
          } else req.destroy();
          resolve();
        };
        req.on('data', (c: Buffer) => {
          bytes += c.length;
          if (bytes > uploadLimit) fail(tooLarge);
        });
        req.on('error', () => fail());
        req.on('aborted', () => fail());
        out.on('error', (err) => fail(() => send(res, 500, { ok: false, error: { code: 'internal', message: `cannot store the upload: ${err.message}` } })));
        out.on('finish', () => {
          if (failed) return;
          const g = grants.issue(file, 'read', { once: true, label: name, temporary: true });
          uploads.set(g.grant, dir);
          const reply: UploadReply = { grant: g.grant, name, bytes };
          send(res, 200, { ok: true, result: reply });
          resolve();
        });
        req.pipe(out);
      });
    },

    save(rawName: string | null): SaveReply {
      const name = cleanName(rawName, 'download');
      const dir = newDir('d-');
      const file = path.join(dir, name);
      const g = grants.issue(file, 'write', { once: true, label: name });
      const id = randomBytes(16).toString('hex');
      downloads.set(id, { grant: g.grant, dir, file, name, writtenAt: null });
      return { grant: g.grant, download: `${DOWNLOAD_PREFIX}${id}` };
    },

    download(id: string, res: ServerResponse): void {
      this.sweep();
      const d = downloads.get(id);
      if (!d || d.writtenAt === null || !existsSync(d.file)) {
        return send(res, 404, { ok: false, error: { code: 'not_found', message: 'no such download (each works once, shortly after the export or backup)' } });
      }
      downloads.delete(id);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/octet-stream',
        'Content-Length': statSync(d.file).size,
        'Content-Disposition': contentDisposition(d.name),
        'Cache-Control': 'no-store',
      });
      const stream = createReadStream(d.file);
      stream.pipe(res);
      res.on('close', () => {
        stream.destroy();
        remove(d.dir);
      });
    },

    /** After each call: used uploads go; written downloads start their minute; expired ones go. */
    sweep(now = Date.now()): void {
      for (const [grant, dir] of uploads) {
        if (!grants.has(grant)) {
          uploads.delete(grant);
          remove(dir);
        }
      }
      for (const [id, d] of downloads) {
        if (d.writtenAt === null && !grants.has(d.grant)) d.writtenAt = now;
        if (d.writtenAt !== null && now - d.writtenAt > DOWNLOAD_TTL_MS) {
          downloads.delete(id);
          remove(d.dir);
        }
      }
    },

    close(): void {
      remove(root);
    },
  };
}

/** `attachment` with an ASCII fallback and the exact name (RFC 6266 / 5987). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The request's body as text; BodyTooLarge past `limit` bytes, declared or counted as they
 * arrive (then nothing more is read: the caller answers and destroys the request).
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return reject(new BodyTooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Nothing more is read; the caller answers 413, then closes the connection.
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(data) });
  res.end(data);
}

function serveStatic(dir: string | null, pathname: string, res: ServerResponse): void {
  const index = dir ? path.join(dir, 'index.html') : null;
  if (!dir || !index || !existsSync(index)) {
    const page = '<!doctype html><meta charset="utf-8"><title>Cuttings</title><p>The Cuttings core is running. The user interface has not been built yet: run <code>npm run build</code>.</p>';
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
    return;
  }
  const root = path.resolve(dir);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    rel = '/';
  }
  let file = path.resolve(root, `.${path.posix.normalize(rel)}`);
  if (!file.startsWith(root + path.sep) || !existsSync(file) || statSync(file).isDirectory()) file = index;
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
}
