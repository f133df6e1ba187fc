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
 * Also: the Host header must name this server (DNS-rebinding defence), for every request;
 * request bodies are capped.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Archive } from './core/archive.ts';
import { HTTP_STATUS } from './contract/errors.ts';
import { dispatch } from './core/dispatch.ts';

export const LOOPBACK = '127.0.0.1';
/** Large enough for a big saved page sent as base64. */
export const MAX_BODY_BYTES = 96 * 1024 * 1024;

export interface ServeOptions {
  archive: Archive;
  port?: number;
  token?: string;
  /** Folder of the built renderer (index.html and assets). */
  staticDir?: string | null;
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
  const hostOk = (host: string | undefined): boolean => host === `${LOOPBACK}:${port}` || host === `localhost:${port}`;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { ok: false, error: { code: 'internal', message: String(err) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req.headers.host)) return send(res, 421, { ok: false, error: { code: 'invalid_args', message: 'wrong Host header' } });
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const isApi = url.pathname.startsWith('/api/');
    if (isApi && !tokenOk(req.headers['x-cuttings-token'] as string | undefined)) {
      return send(res, 401, { ok: false, error: { code: 'invalid_args', message: 'missing or wrong access token' } });
    }

    if (isApi) {
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'invalid_args', message: 'use POST' } });
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return send(res, 415, { ok: false, error: { code: 'invalid_args', message: 'send JSON (Content-Type: application/json)' } });
      }
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch (err) {
        const tooBig = err instanceof BodyTooLarge;
        if (tooBig) res.setHeader('Connection', 'close');
        return send(res, tooBig ? 413 : 400, { ok: false, error: { code: 'invalid_args', message: tooBig ? 'request too large' : 'the body is not valid JSON' } });
      }
      const envelope = await dispatch(opts.archive, url.pathname.slice(5), body);
      return send(res, envelope.ok ? 200 : HTTP_STATUS[envelope.error.code], envelope);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: { code: 'invalid_args', message: 'method not allowed' } });
    serveStatic(opts.staticDir ?? null, url.pathname, res);
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
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      return reject(new BodyTooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new BodyTooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(data) });
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
