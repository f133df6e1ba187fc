/**
 * The renderer's door to the core. In Electron the preload exposes the contract as
 * `window.cuttings`; in browser mode the same calls go over loopback HTTP
 * (`POST /api/<method>`, header `X-Cuttings-Token`). Both go through the contract's one
 * client; no zod (nor any other core code) is bundled into the page.
 */
import { bridgeTransport, createClient, httpTransport } from '../electron/contract/client.ts';
import type { CuttingsEvents } from '../electron/contract/events.ts';
import type { CuttingsApi } from '../electron/contract/methods.ts';

export type Api = CuttingsApi;

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
    return { api: createClient(bridgeTransport(win.cuttings as Record<string, unknown>)), mode: 'electron', events: ev && typeof ev.on === 'function' ? (ev as CuttingsEvents) : null };
  }
  const token = takeToken(win.location, win.sessionStorage, win.history);
  return { api: createClient(httpTransport(win.location.origin, token, win.fetch.bind(win))), mode: 'browser', events: null };
}

/** One readable sentence for any failure. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || 'Something went wrong.';
  return typeof err === 'string' ? err : 'Something went wrong.';
}
