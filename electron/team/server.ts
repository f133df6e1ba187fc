/**
 * The team server (`cuttings team serve`): the sync protocol over HTTP JSON in front of
 * PostgreSQL (docs/team-archive.md). It keeps no state beyond PostgreSQL — a token whose
 * secret was checked once by scrypt is remembered (by a SHA-256 of it) for the process's
 * life, but the token and its user are read on every request, so a revocation holds at
 * once — and several instances can run behind one load balancer.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { audit, getBlobs, missingBlobs, pullJson, push, PushRefused, putBlob, putBlobs, tokenRecord, type TeamUser, type WireOp } from '../../db/team/store.ts';
import { BUNDLE_BYTES, BUNDLE_COUNT, decodeBundle, encodeFrame } from '../core/sync/bundle.ts';
import { parseToken, verifySecret } from './tokens.ts';

export const DEFAULT_TEAM_PORT = 8787;
/** A push carries at most this many operations… */
export const MAX_BATCH_OPS = 1000;
/** …and this many bytes of JSON. */
export const MAX_PUSH_BYTES = 8 * 1024 * 1024;
/** A capture uploaded to the server (the largest file an import reads). */
export const MAX_BLOB_BYTES = 256 * 1024 * 1024;
/** A pull page: at most this many operations. */
export const MAX_PULL_LIMIT = 5000;
export const PROTOCOL = 1;

const KINDS = new Set(['clipping', 'field', 'read', 'purge', 'tag', 'tag_color', 'annotation', 'annotation_field', 'annotation_delete']);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA_RE = /^[0-9a-f]{64}$/;

export interface TeamServer {
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface TeamServerOptions {
  databaseUrl: string;
  port?: number;
  host?: string;
  /** PEM certificate and key: the server speaks HTTPS itself (else HTTP, for a TLS-terminating proxy). */
  tls?: { cert: Buffer; key: Buffer };
}

export async function startTeamServer(opts: TeamServerOptions): Promise<TeamServer> {
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
  // A lost connection is reported by the query that used it; an idle one dropping is not fatal.
  pool.on('error', () => undefined);
  const verified = new Set<string>();

  async function authenticate(req: IncomingMessage): Promise<TeamUser> {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const parsed = m ? parseToken(m[1]!) : null;
    if (!parsed) throw new HttpError(401, 'a token is needed (Authorization: Bearer …)');
    const rec = await tokenRecord(pool, parsed.id);
    if (!rec) throw new HttpError(401, 'this token is unknown or revoked');
    const memo = createHash('sha256').update(m![1]!).update(rec.hash).digest('base64');
    if (!verified.has(memo)) {
      if (!(await verifySecret(parsed.secret, rec.salt, rec.hash))) throw new HttpError(401, 'this token is unknown or revoked');
      verified.add(memo);
    }
    return rec.user;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://team');
    const user = await authenticate(req);
    if (req.method === 'GET' && url.pathname === '/v1/hello') return json(res, 200, { protocol: PROTOCOL, user: user.name, role: user.role });
    if (req.method === 'POST' && url.pathname === '/v1/push') {
      const body = parseJson(await readBody(req, MAX_PUSH_BYTES));
      const replica = String(body.replica ?? '');
      if (!UUID_RE.test(replica)) throw new HttpError(400, 'replica: a UUID');
      if (!Array.isArray(body.ops)) throw new HttpError(400, 'ops: an array');
      if (body.ops.length > MAX_BATCH_OPS) throw new HttpError(413, `a batch holds at most ${MAX_BATCH_OPS} operations`);
      const ops = body.ops.map(checkOp);
      if (user.role === 'reader' && ops.some((o) => o.kind !== 'read')) {
        await audit(pool, user.id, 'push.refused', { replica, reason: 'reader' });
        throw new HttpError(403, 'a reader can only mark clippings read or unread');
      }
      return json(res, 200, await push(pool, user, replica, ops));
    }
    if (req.method === 'GET' && url.pathname === '/v1/pull') {
      const after = Number(url.searchParams.get('after') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? '1000');
      if (!Number.isSafeInteger(after) || after < 0) throw new HttpError(400, 'after: a change number');
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PULL_LIMIT) throw new HttpError(400, `limit: 1 to ${MAX_PULL_LIMIT}`);
      return send(res, 200, await pullJson(pool, user, after, limit));
    }
    if (req.method === 'POST' && url.pathname === '/v1/blobs/missing') {
      const body = parseJson(await readBody(req, MAX_PUSH_BYTES));
      const shas = body.sha256;
      if (!Array.isArray(shas) || shas.length > 10_000 || !shas.every((s) => typeof s === 'string' && SHA_RE.test(s))) throw new HttpError(400, 'sha256: a list of SHA-256 digests');
      return json(res, 200, { missing: await missingBlobs(pool, shas as string[]) });
    }
    if (req.method === 'POST' && url.pathname === '/v1/blobs/get') {
      const shas = parseJson(await readBody(req, MAX_PUSH_BYTES)).sha256;
      if (!Array.isArray(shas) || shas.length > BUNDLE_COUNT || !shas.every((s) => typeof s === 'string' && SHA_RE.test(s))) throw new HttpError(400, `sha256: a list of at most ${BUNDLE_COUNT} SHA-256 digests`);
      // As many as fit in one bundle; the client asks again for the rest.
      const blobs = await getBlobs(pool, shas as string[], BUNDLE_BYTES);
      const frames = blobs.flatMap(encodeFrame);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': frames.reduce((n, f) => n + f.length, 0) });
      for (const f of frames) res.write(f);
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1/blobs/put') {
      if (user.role === 'reader') throw new HttpError(403, 'a reader cannot add captures');
      let blobs;
      try {
        blobs = decodeBundle(await readBody(req, BUNDLE_BYTES + 1024 * 1024));
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(400, (err as Error).message);
      }
      if (blobs.length > BUNDLE_COUNT) throw new HttpError(413, `a bundle holds at most ${BUNDLE_COUNT} captures`);
      for (const b of blobs) {
        if (!SHA_RE.test(b.sha256) || createHash('sha256').update(b.bytes).digest('hex') !== b.sha256) throw new HttpError(400, `the bytes of ${b.sha256.slice(0, 64)} do not match their SHA-256`);
        if (!b.mediaType) throw new HttpError(400, 'every capture needs its media type');
      }
      await putBlobs(pool, user.id, blobs);
      await audit(pool, user.id, 'blob.put', { sha256: blobs.map((b) => b.sha256), bytes: blobs.reduce((n, b) => n + b.bytes.byteLength, 0) });
      return json(res, 200, { stored: blobs.length });
    }
    const blob = /^\/v1\/blobs\/([0-9a-f]{64})$/.exec(url.pathname);
    if (blob && req.method === 'PUT') {
      if (user.role === 'reader') throw new HttpError(403, 'a reader cannot add captures');
      const bytes = await readBody(req, MAX_BLOB_BYTES);
      if (createHash('sha256').update(bytes).digest('hex') !== blob[1]) throw new HttpError(400, 'the bytes do not match their SHA-256');
      const mediaType = String(req.headers['x-media-type'] ?? '');
      if (!mediaType) throw new HttpError(400, 'x-media-type: the capture’s media type');
      const sourceUrl = decodeURIComponent(String(req.headers['x-source-url'] ?? ''));
      await putBlob(pool, user.id, { sha256: blob[1]!, mediaType, capturedAt: String(req.headers['x-captured-at'] ?? '') || null, sourceUrl: sourceUrl || null, bytes });
      await audit(pool, user.id, 'blob.put', { sha256: blob[1], bytes: bytes.byteLength });
      return json(res, 200, { stored: true });
    }
    throw new HttpError(404, `no such endpoint: ${req.method} ${url.pathname}`);
  }

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpError || err instanceof PushRefused) return json(res, err.status, { error: err.message });
      // Two pushes of the same new operation at once: the later one's insert fails; a retry skips it.
      if ((err as { code?: string }).code === '23505') return json(res, 409, { error: 'a concurrent push stored some of these operations: retry' });
      // PostgreSQL out of reach or restarting: nothing was stored (each request is one
      // transaction), and the client sends the request again.
      if (databaseUnavailable(err)) return json(res, 503, { error: 'the team database is unavailable; try again' }, { 'retry-after': '1' });
      json(res, 500, { error: 'the server failed; try again' });
      process.emitWarning(`team server: ${(err as Error).stack ?? String(err)}`);
    });
  };
  const server = opts.tls ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_TEAM_PORT, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

function checkOp(raw: unknown): WireOp {
  const o = raw as Record<string, unknown>;
  if (!o || typeof o !== 'object') throw new HttpError(400, 'an operation is an object');
  const opId = String(o.opId ?? '');
  if (!UUID_RE.test(opId)) throw new HttpError(400, 'opId: a UUID');
  if (typeof o.hlc !== 'number' || !Number.isSafeInteger(o.hlc) || o.hlc < 0) throw new HttpError(400, 'hlc: a non-negative integer');
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) throw new HttpError(400, `kind: one of ${[...KINDS].join(', ')}`);
  if (typeof o.object !== 'string' || o.object.length < 1 || o.object.length > 300) throw new HttpError(400, 'object: an id');
  if (typeof o.key !== 'string' || o.key.length > 300) throw new HttpError(400, 'key: text');
  return { opId, hlc: o.hlc, kind: o.kind, object: o.object, key: o.key, value: o.value ?? null };
}

function parseJson(bytes: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(bytes.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    // Falls through to the error below.
  }
  throw new HttpError(400, 'the body is not a JSON object');
}

/** The request's body, refused (413) past `limit` bytes without reading the rest. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new HttpError(413, `the body is larger than ${limit} bytes`));
      req.resume();
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Refused; the rest is read and dropped so that the answer reaches the client.
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, `the body is larger than ${limit} bytes`));
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/**
 * Whether `err` says the database cannot be reached now rather than that the request was
 * wrong: no connection (a socket refused or missing), the server shutting down or starting
 * (SQLSTATE class 08, 57P01–57P03), or a connection that died under a query.
 */
function databaseUnavailable(err: unknown): boolean {
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code))) return true;
  return typeof message === 'string' && /Connection terminated|connection timeout/i.test(message);
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), headers);
}

/** An answer whose JSON text is made already. */
function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
