/**
 * Fetches a capture from an http(s) address (only when the user asks: never silently).
 * Redirects are followed by hand so that they can be counted and so that a redirect to
 * anything but http(s) (`file:`, `data:`, …) is refused; the size cap is enforced while
 * the body streams in; only capture media types are accepted.
 */
import type { CaptureTime } from './dates.ts';
import { CaptureError } from './types.ts';

export const DEFAULT_FETCH_TIMEOUT_MS = 20_000;
export const DEFAULT_FETCH_MAX_BYTES = 32 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; Cuttings/0.1; +offline press-clippings archive)';

/** Media types that can become a clipping. */
export const FETCHABLE_MEDIA_TYPES: readonly string[] = ['text/html', 'application/xhtml+xml', 'text/plain', 'application/pdf', 'message/rfc822'];

export interface FetchCaptureOptions {
  /** Whole fetch, redirects and body included (default 20 s). */
  timeoutMs?: number;
  /** Largest body accepted (default 32 MB). */
  maxBytes?: number;
  userAgent?: string;
  /** For tests or a proxying caller; default global `fetch`. */
  fetchImpl?: typeof fetch;
}

export interface FetchedCapture {
  bytes: Uint8Array;
  /** The response's Content-Type, parameters (charset) included, e.g. `text/html; charset=iso-8859-1`. */
  mediaType: string;
  /** The address after redirects. */
  finalUrl: string;
  /** When the response came, on this machine's clock (its zone kept): relative dates on the page are read against it. */
  fetchedAt: CaptureTime;
}

export async function fetchCapture(url: string, opts: FetchCaptureOptions = {}): Promise<FetchedCapture> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  const doFetch = opts.fetchImpl ?? fetch;
  let current = parseHttpUrl(url, `not a web address: ${url}`);
  const fail = (what: string): CaptureError => new CaptureError(`could not fetch ${current.href}: ${what}`);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const timeoutMessage = () => `timed out after ${formatSeconds(timeoutMs)}`;

  try {
    let response: Response;
    for (let redirects = 0; ; redirects++) {
      try {
        response = await doFetch(current.href, {
          redirect: 'manual',
          signal: controller.signal,
          headers: {
            'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT,
            accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,message/rfc822;q=0.7,*/*;q=0.1',
          },
        });
      } catch (err) {
        throw fail(timedOut ? timeoutMessage() : networkReason(err));
      }
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location');
        await discard(response);
        if (!location) throw fail(`redirect (${response.status}) without a Location`);
        if (redirects >= MAX_REDIRECTS) throw fail(`too many redirects (more than ${MAX_REDIRECTS})`);
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw fail(`redirect to an invalid address (${location})`);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw fail(`redirect to a non-web address (${next.protocol}) refused`);
        current = next;
        continue;
      }
      break;
    }

    if (!response.ok) {
      await discard(response);
      throw fail(`the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const contentType = response.headers.get('content-type')?.trim() ?? '';
    const essence = contentType.split(';')[0]!.trim().toLowerCase();
    if (!FETCHABLE_MEDIA_TYPES.includes(essence)) {
      await discard(response);
      throw fail(essence ? `unsupported content type ${essence} (not a web page, text, PDF or e-mail)` : 'the server gave no content type');
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await discard(response);
      throw fail(`too large (${mb(declared)}; the limit is ${mb(maxBytes)})`);
    }

    const bytes = await readCapped(response, maxBytes, () => fail(`too large (more than ${mb(maxBytes)})`), () =>
      fail(timedOut ? timeoutMessage() : 'the connection broke off while reading'),
    );
    const now = new Date();
    return { bytes, mediaType: contentType, finalUrl: current.href, fetchedAt: { instant: now.getTime(), offsetMinutes: -now.getTimezoneOffset() } };
  } finally {
    clearTimeout(timer);
  }
}

function parseHttpUrl(raw: string, message: string): URL {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new CaptureError(message);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CaptureError(`only http and https addresses can be fetched, not ${u.protocol.replace(/:$/, '')}`);
  return u;
}

async function readCapped(response: Response, maxBytes: number, tooBig: () => Error, broken: () => Error): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooBig();
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof CaptureError) throw err;
    throw broken();
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // already closed
  }
}

/** A short human reason for a network failure (undici hides it in `cause`). */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved (offline?)';
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'the network is unreachable (offline?)';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the server's certificate is not valid (${code})`;
  }
  return cause?.message ?? (err as Error).message ?? 'network error';
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1).replace(/\.?0+$/, '')} s`;
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
