/**
 * The one client of the contract, for every front end: a `CuttingsApi` (each method an
 * async function) over any transport that carries (method, args) and brings back an
 * envelope. The preload builds it over IPC, the page over the preload's bridge or over
 * HTTP in browser mode. Plain TypeScript with type-only imports of the contract: no
 * Node, no Electron, no zod, so the renderer bundles it.
 */
import type { ArgsIn, CuttingsApi, MethodName } from './methods.ts';
import type { SearchResult } from './shapes.ts';
import { ApiError, unwrap, type ApiErrorCode } from './errors.ts';
import { SAVE_PATH, UPLOAD_PATH, type SaveReply, type UploadReply } from './places.ts';

/** Carries one call and resolves to its envelope (`{ok, result} | {ok: false, error}`). */
export type Transport = (method: MethodName, args: unknown) => Promise<unknown>;

const METHOD_SHAPE = /^[a-z]+\.[a-zA-Z]+$/;

/**
 * Every method of the contract over `transport`. With `methods` (the preload, whose
 * object must cross Electron's context bridge) it is a plain frozen object of exactly
 * those functions; without, a proxy that needs no list, so new methods need no change.
 */
export function createClient(transport: Transport, methods?: readonly MethodName[]): CuttingsApi {
  const call = (m: MethodName) => async (args?: unknown) => unwrap(await transport(m, args ?? {}));
  if (methods) return Object.freeze(Object.fromEntries(methods.map((m) => [m, call(m)]))) as unknown as CuttingsApi;
  return new Proxy(Object.create(null) as object, {
    get: (_target, name) => (typeof name === 'string' && METHOD_SHAPE.test(name) ? call(name as MethodName) : undefined),
  }) as CuttingsApi;
}

/** Browser mode: `POST /api/<method>` on the loopback server, the token in a header. */
export function httpTransport(origin: string, token: string | null, fetchFn: typeof fetch = fetch): Transport {
  return async (method, args) => {
    let res: Response;
    try {
      res = await fetchFn(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': token ?? '' },
        body: JSON.stringify(args),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError('unreachable', 'The Cuttings core is not reachable. Is `npm run serve` still running?');
    }
    if (res.status === 401) throw new ApiError('invalid_args', 'This page needs the access link that `npm run serve` printed (the token is missing or wrong).');
    try {
      return await res.json();
    } catch {
      throw new ApiError('internal', `The Cuttings core answered ${res.status} without a readable reply.`);
    }
  };
}

/** `POST /api/search.query?first=<n>` with `Accept: application/x-ndjson`: the answer in two parts (httpSearchInParts). */
export const SEARCH_FIRST_PARAM = 'first';

/** Runs a search whose first hits arrive before the rest of its answer (`onFirst`), in one request. */
export type SearchInParts = (args: ArgsIn<'search.query'>, firstHits: number, onFirst: (first: SearchResult) => void, signal?: AbortSignal) => Promise<SearchResult>;

/**
 * Browser mode: `search.query` answered in two parts over one request (electron/server.ts):
 * an envelope with the first `firstHits` hits alone (no facets, no chart), as soon as they
 * are found, then the whole answer's envelope — one JSON envelope a line. A server that
 * answers at once (an error, say) sends one plain envelope. Aborting `signal` (the page
 * searched again) drops the request, and the server stops working on it.
 */
export function httpSearchInParts(origin: string, token: string | null, fetchFn: typeof fetch = fetch): SearchInParts {
  return async (args, firstHits, onFirst, signal) => {
    let res: Response;
    try {
      res = await fetchFn(`${origin}/api/search.query?${SEARCH_FIRST_PARAM}=${firstHits}`, {
        ...(signal ? { signal } : {}),
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson', 'X-Cuttings-Token': token ?? '' },
        body: JSON.stringify(args),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError('unreachable', 'The Cuttings core is not reachable. Is `npm run serve` still running?');
    }
    if (res.status === 401) throw new ApiError('invalid_args', 'This page needs the access link that `npm run serve` printed (the token is missing or wrong).');
    const unreadable = () => new ApiError('internal', `The Cuttings core answered ${res.status} without a readable reply.`);
    if (!/application\/x-ndjson/i.test(res.headers.get('Content-Type') ?? '') || !res.body) {
      let envelope: unknown;
      try {
        envelope = await res.json();
      } catch {
        throw unreadable();
      }
      return unwrap(envelope) as SearchResult;
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    let parts = 0;
    for (;;) {
      const { value, done } = await reader.read();
      buffered += decoder.decode(value ?? new Uint8Array(), { stream: !done });
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        let envelope: unknown;
        try {
          envelope = JSON.parse(line);
        } catch {
          throw unreadable();
        }
        const result = unwrap(envelope) as SearchResult;
        if (++parts === 2) {
          void reader.cancel().catch(() => {});
          return result;
        }
        onFirst(result);
      }
      if (done) throw unreadable();
    }
  };
}

/**
 * Browser mode's files (contract/places.ts): `upload` sends a file's bytes as they are
 * (the browser streams a File from disk; no base64) and gets a single-use read grant;
 * `save` gets a single-use write grant and the download URL of what will be written there.
 */
export function httpFiles(origin: string, token: string | null, fetchFn: typeof fetch = fetch) {
  const post = async (url: string, init: RequestInit): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetchFn(url, { method: 'POST', cache: 'no-store', credentials: 'omit', ...init, headers: { 'X-Cuttings-Token': token ?? '', ...(init.headers as Record<string, string>) } });
    } catch {
      throw new ApiError('unreachable', 'The Cuttings core is not reachable. Is `npm run serve` still running?');
    }
    if (res.status === 401) throw new ApiError('invalid_args', 'This page needs the access link that `npm run serve` printed (the token is missing or wrong).');
    try {
      return unwrap(await res.json());
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError('internal', `The Cuttings core answered ${res.status} without a readable reply.`);
    }
  };
  return {
    upload: (file: Blob, name: string) =>
      post(`${origin}${UPLOAD_PATH}?name=${encodeURIComponent(name)}`, { headers: { 'Content-Type': 'application/octet-stream' }, body: file }) as Promise<UploadReply>,
    save: (name: string) => post(`${origin}${SAVE_PATH}?name=${encodeURIComponent(name)}`, {}) as Promise<SaveReply>,
  };
}

/**
 * The page in Electron: `window.cuttings` (the preload's client) already unwraps
 * replies, but errors lose their class crossing the context bridge; this puts code and
 * message back into an envelope for the page's own client.
 */
export function bridgeTransport(bridge: Record<string, unknown>): Transport {
  return async (method, args) => {
    const fn = bridge[method];
    if (typeof fn !== 'function') return { ok: false, error: { code: 'unknown_method', message: `unknown method "${method}"` } };
    try {
      return { ok: true, result: await (fn as (a: unknown) => Promise<unknown>)(args) };
    } catch (err) {
      const e = err as { code?: ApiErrorCode; message?: string };
      return { ok: false, error: { code: e.code ?? 'internal', message: cleanBridgeMessage(e.message ?? String(err)) } };
    }
  };
}

function cleanBridgeMessage(m: string): string {
  return m.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}
