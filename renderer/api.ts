/**
 * The renderer's door to the core. In Electron the preload exposes the contract as
 * `window.cuttings`; in browser mode the same calls go over loopback HTTP
 * (`POST /api/<method>`, header `X-Cuttings-Token`). Only types come from the contract:
 * no zod (nor any other core code) is bundled into the page.
 */
import type { ApiErrorCode, CuttingsApi } from '../electron/contract/methods.ts';
import type { CuttingsEvents } from '../electron/contract/events.ts';

export type { Suggestion, SuggestResult } from '../electron/contract/methods.ts';
export type Api = CuttingsApi;
export type Transport = (method: string, args: unknown) => Promise<unknown>;

/** An error from the core: a code and one readable sentence. */
export class CoreError extends Error {
  override name = 'CoreError';
  constructor(
    readonly code: ApiErrorCode | 'unreachable',
    message: string,
  ) {
    super(message);
  }
}

const METHOD_SHAPE = /^[a-z]+\.[a-zA-Z]+$/;

/** An `Api` whose every method goes through `transport`; new contract methods need no change here. */
export function makeApi(transport: Transport): Api {
  return new Proxy(Object.create(null) as object, {
    get(_target, name) {
      if (typeof name !== 'string' || !METHOD_SHAPE.test(name)) return undefined;
      return (args?: unknown) => transport(name, args ?? {});
    },
  }) as Api;
}

/** Reads the dispatch envelope `{ok, result} | {ok: false, error}`. */
export function unwrapEnvelope(envelope: unknown): unknown {
  const e = envelope as { ok?: boolean; result?: unknown; error?: { code: ApiErrorCode; message: string } } | null;
  if (e && e.ok === true) return e.result;
  if (e && e.ok === false && e.error) throw new CoreError(e.error.code, e.error.message);
  throw new CoreError('internal', 'The Cuttings core sent a reply the app cannot read.');
}

export const TOKEN_KEY = 'cuttings.token';

/** Takes the access token from the address (then hides it there) or from this tab's session. */
export function takeToken(loc: Location, storage: Storage, history: History): string | null {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', `${loc.pathname}${rest ? `?${rest}` : ''}${loc.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

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
      throw new CoreError('unreachable', 'The Cuttings core is not reachable. Is `npm run serve` still running?');
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new CoreError('internal', `The Cuttings core answered ${res.status} without a readable reply.`);
    }
    if (res.status === 401) throw new CoreError('invalid_args', 'This page needs the access link that `npm run serve` printed (the token is missing or wrong).');
    return unwrapEnvelope(body);
  };
}

/** window.cuttings (Electron's preload) already unwraps replies; a missing method is unknown_method. */
export function bridgeTransport(bridge: Record<string, unknown>): Transport {
  return async (method, args) => {
    const fn = bridge[method];
    if (typeof fn !== 'function') throw new CoreError('unknown_method', `unknown method "${method}"`);
    try {
      return await (fn as (a: unknown) => Promise<unknown>)(args);
    } catch (err) {
      // Errors lose their class crossing the context bridge; keep code and message when present.
      const e = err as { code?: ApiErrorCode; message?: string };
      throw new CoreError(e.code ?? 'internal', cleanBridgeMessage(e.message ?? String(err)));
    }
  };
}

function cleanBridgeMessage(m: string): string {
  return m.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}

export type Mode = 'electron' | 'browser';

export interface Connection {
  api: Api;
  mode: Mode;
  /** The main process's events (Electron's preload); null in browser mode. */
  events: CuttingsEvents | null;
}

export function connect(win: Window & { cuttings?: unknown; cuttingsEvents?: unknown } = window): Connection {
  if (win.cuttings && typeof win.cuttings === 'object') {
    const ev = win.cuttingsEvents as Partial<CuttingsEvents> | undefined;
    return { api: makeApi(bridgeTransport(win.cuttings as Record<string, unknown>)), mode: 'electron', events: ev && typeof ev.on === 'function' ? (ev as CuttingsEvents) : null };
  }
  const token = takeToken(win.location, win.sessionStorage, win.history);
  return { api: makeApi(httpTransport(win.location.origin, token, win.fetch.bind(win))), mode: 'browser', events: null };
}

export function isUnknownMethod(err: unknown): boolean {
  return err instanceof CoreError ? err.code === 'unknown_method' : /unknown method/i.test(String((err as Error)?.message ?? err));
}

/** One readable sentence for any failure. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || 'Something went wrong.';
  return typeof err === 'string' ? err : 'Something went wrong.';
}
