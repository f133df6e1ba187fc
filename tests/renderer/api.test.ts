import { describe, expect, it, vi } from 'vitest';
import { bridgeTransport, createClient, httpTransport } from '../../electron/contract/client.ts';
import { ApiError } from '../../electron/contract/errors.ts';
import { takeToken, TOKEN_KEY } from '../../renderer/api.ts';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k), clear: () => m.clear(), key: () => null, length: 0 } as Storage;
}

describe('the renderer client', () => {
  it('turns any contract method name into a call, and nothing else', async () => {
    const transport = vi.fn(async (m: string, a: unknown) => ({ ok: true, result: { m, a } }));
    const api = createClient(transport);
    await expect(api['archive.stats']({})).resolves.toEqual({ m: 'archive.stats', a: {} });
    expect((api as unknown as Record<string, unknown>).then).toBeUndefined();
    expect((api as unknown as Record<string, unknown>).constructor).toBeUndefined();
  });

  it('speaks HTTP with the token header and unwraps envelopes', async () => {
    const fetchFn = vi.fn(async (url: string, init: RequestInit) => {
      expect(url).toBe('http://127.0.0.1:9/api/clippings.get');
      expect((init.headers as Record<string, string>)['X-Cuttings-Token']).toBe('tok');
      expect(JSON.parse(init.body as string)).toEqual({ id: 1 });
      return new Response(JSON.stringify({ ok: false, error: { code: 'not_found', message: 'no clipping with id 1' } }), { status: 404 });
    });
    const api = createClient(httpTransport('http://127.0.0.1:9', 'tok', fetchFn as unknown as typeof fetch));
    const err = await api['clippings.get']({ id: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not_found', message: 'no clipping with id 1' });
  });

  it('says so when the core is unreachable or the token is wrong', async () => {
    const down = createClient(httpTransport('http://x', 't', (async () => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch));
    await expect(down['archive.stats']({})).rejects.toThrow(/not reachable/);
    const denied = createClient(httpTransport('http://x', 't', (async () => new Response(JSON.stringify({ ok: false, error: { code: 'invalid_args', message: 'missing or wrong access token' } }), { status: 401 })) as unknown as typeof fetch));
    await expect(denied['archive.stats']({})).rejects.toThrow(/access link/);
  });

  it('uses window.cuttings in Electron, and a missing method is unknown_method', async () => {
    const api = createClient(bridgeTransport({ 'archive.stats': async () => ({ clippings: 3 }) }));
    await expect(api['archive.stats']({})).resolves.toEqual({ clippings: 3 });
    const err = await api['search.suggest']({ text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'unknown_method' });
  });

  it('takes the token from the address, hides it there, and keeps it for the tab', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const history = { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History;
    const loc = { search: '?token=abc&x=1', pathname: '/', hash: '#h' } as Location;
    expect(takeToken(loc, storage, history)).toBe('abc');
    expect(replaced).toEqual(['/?x=1#h']);
    expect(storage.getItem(TOKEN_KEY)).toBe('abc');
    expect(takeToken({ search: '', pathname: '/', hash: '' } as Location, storage, history)).toBe('abc');
  });
});
