/**
 * The browser clipper's endpoint: a second loopback listener, separate from browser
 * mode's, started by `cuttings serve` and by the app. It answers only the contract
 * methods marked with a clipper door (contract/methods.ts `door`): with a paired token
 * (`X-Cuttings-Clipper-Token`) the clipping ones, without one only the request to be
 * paired. Nothing else of the archive is reachable here: no other method, no file, no
 * renderer.
 *
 * Every request must come from a browser extension: its Origin must be
 * `chrome-extension://…` or `moz-extension://…` (a web page of any origin is refused with
 * 403 and no CORS headers, so its script cannot read even that), and its Host header
 * must name this listener (127.0.0.1 or localhost with this port) against DNS rebinding.
 * Bodies are capped at 64 MB, counted as they arrive; requests beyond a rate limit get
 * 429 before their body is read.
 *
 * Ports: 27183, else the next free of 27184–27187; the extension probes them in order
 * (`GET /clipper/hello`) and remembers the one that answered.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Archive } from './core/archive.ts';
import { HTTP_STATUS } from './contract/errors.ts';
import { clipperDoor, isMethodName } from './contract/methods.ts';
import { dispatch } from './core/dispatch.ts';
import { GrantStore } from './core/grants.ts';
import { BodyTooLarge, closeAfterReply, hostNamesLoopback, LOOPBACK, readBody, send } from './server.ts';

export const CLIPPER_PORTS = [27183, 27184, 27185, 27186, 27187] as const;
export const CLIPPER_MAX_BODY_BYTES = 64 * 1024 * 1024;
export const CLIPPER_PREFIX = '/clipper/';
export const CLIPPER_TOKEN_HEADER = 'x-cuttings-clipper-token';
/** Requests accepted per window, from all extensions together (a clip is two or three). */
export const CLIPPER_RATE_LIMIT = { requests: 240, windowMs: 60_000 };

const EXTENSION_ORIGIN = /^(?:chrome-extension|moz-extension):\/\/[A-Za-z0-9_-]{1,64}$/;

export interface ClipperServerOptions {
  archive: Archive;
  /** The ports to try, in order (CLIPPER_PORTS by default; 0: any free one, for tests). */
  ports?: readonly number[];
  rateLimit?: { requests: number; windowMs: number };
  maxBodyBytes?: number;
}

export interface RunningClipper {
  server: Server;
  port: number;
  close: () => Promise<void>;
}

/** Starts the endpoint on the first free port; null when every one is taken. */
export async function startClipperServer(opts: ClipperServerOptions): Promise<RunningClipper | null> {
  for (const port of opts.ports ?? CLIPPER_PORTS) {
    let bound = port;
    const server = createClipperServer(opts, () => bound);
    const ok = await new Promise<boolean>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
      server.listen(port, LOOPBACK, () => resolve(true));
    });
    if (!ok) continue;
    const addr = server.address();
    if (typeof addr === 'object' && addr) bound = addr.port;
    return {
      server,
      port: bound,
      close: () => {
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        return closed;
      },
    };
  }
  return null;
}

function createClipperServer(opts: ClipperServerOptions, boundPort: () => number): Server {
  const limit = opts.rateLimit ?? CLIPPER_RATE_LIMIT;
  const maxBody = opts.maxBodyBytes ?? CLIPPER_MAX_BODY_BYTES;
  // No grants: these methods name no files.
  const places = new GrantStore();
  let windowStart = 0;
  let inWindow = 0;
  const overLimit = (now: number): boolean => {
    if (now - windowStart >= limit.windowMs) {
      windowStart = now;
      inWindow = 0;
    }
    return ++inWindow > limit.requests;
  };
  const fail = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    send(res, status, { ok: false, error: { code: status === 403 ? 'forbidden' : status === 404 ? 'unknown_method' : 'invalid_args', message } }, headers);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = boundPort();
    if (!hostNamesLoopback(req.headers.host, port)) return fail(res, 421, 'wrong Host header');
    const origin = req.headers.origin ?? '';
    if (!EXTENSION_ORIGIN.test(origin)) return fail(res, 403, 'only the Cuttings browser extension may use this address');
    const cors = {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Headers': `Content-Type, ${CLIPPER_TOKEN_HEADER}`,
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
    if (overLimit(Date.now())) {
      res.setHeader('Connection', 'close');
      return fail(res, 429, 'too many requests: try again in a minute', { ...cors, 'Retry-After': String(Math.ceil(limit.windowMs / 1000)) });
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return void res.end();
    }
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (url.pathname === `${CLIPPER_PREFIX}hello` && req.method === 'GET') return send(res, 200, { ok: true, result: { app: 'cuttings', clipper: 1 } }, cors);
    const method = url.pathname.startsWith(CLIPPER_PREFIX) ? url.pathname.slice(CLIPPER_PREFIX.length) : '';
    const door = isMethodName(method) ? clipperDoor(method) : null;
    if (door === null) return fail(res, 404, 'not a clipper method', cors);
    if (req.method !== 'POST') return fail(res, 405, 'use POST', cors);
    if (door === 'clipper') {
      const token = req.headers[CLIPPER_TOKEN_HEADER];
      if (typeof token !== 'string' || token.length > 200 || opts.archive.clipperToken(token) === null) {
        return send(res, 401, { ok: false, error: { code: 'forbidden', message: 'this browser is not paired with Cuttings (or its pairing was revoked): pair it again' } }, cors);
      }
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return fail(res, 415, 'send JSON (Content-Type: application/json)', cors);
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, maxBody)) || '{}');
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) return fail(res, 400, 'the body is not valid JSON', cors);
      closeAfterReply(req, res);
      return fail(res, 413, `the page is larger than ${Math.round(maxBody / 1024 / 1024)} MB`, cors);
    }
    const envelope = await dispatch(opts.archive, method, body, { places });
    return send(res, envelope.ok ? 200 : HTTP_STATUS[envelope.error.code], envelope, cors);
  }

  return createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { ok: false, error: { code: 'internal', message: String(err) } }));
  });
}
