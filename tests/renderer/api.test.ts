import { describe, expect, it, vi } from 'vitest';
import { bridgeTransport, createClient, httpTransport } from '../../electron/contract/client.ts';
import { ApiError } from '../../electron/contract/errors.ts';
import { appFiles, browserFiles, takeToken, TOKEN_KEY, UPLOADS_IN_FLIGHT } from '../../renderer/api.ts';
import type { CuttingsPlaces } from '../../electron/contract/places.ts';

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

describe('files to import', () => {
  const file = (name: string) => new File(['x'], name);

  it('a browser uploads them UPLOADS_IN_FLIGHT at a time, each grant settled as its upload ends, none started once stopped', async () => {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const http = {
      upload: (_f: Blob, name: string) => {
        started.push(name);
        return new Promise<{ grant: string; name: string; bytes: number }>((ok) => finish.set(name, () => ok({ grant: `g-${name}`, name, bytes: 1 })));
      },
      save: vi.fn(),
    };
    const stop = new AbortController();
    const grants = browserFiles(http as never, {} as Document).grantAll(['1', '2', '3', '4', '5', '6', '7'].map(file), stop.signal);
    const settled: string[] = [];
    grants.forEach((g, i) => g.then((p) => settled.push(`${i + 1}:${p?.grant}`), (e: Error) => settled.push(`${i + 1}:${e.message}`)));
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['1', '2', '3', '4'].slice(0, UPLOADS_IN_FLIGHT));
    finish.get('2')!();
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toEqual(['2:g-2']);
    expect(started).toEqual(['1', '2', '3', '4', '5']);
    stop.abort();
    finish.get('1')!();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toHaveLength(5);
    expect(settled).toEqual(['2:g-2', '1:g-1', '6:not uploaded: the import was cancelled', '7:not uploaded: the import was cancelled']);
  });

  it('the app asks the main process once for all their grants (it reads the files itself)', async () => {
    const fromDrop = vi.fn(async (files: readonly File[]) => files.map((f, i) => (f.name === 'pasted.png' ? null : { grant: `g${i}`, kind: 'read' as const, label: f.name, lasting: false })));
    const grants = appFiles({ fromDrop } as unknown as CuttingsPlaces).grantAll([file('a.html'), file('pasted.png'), file('b.txt')], new AbortController().signal);
    expect(await Promise.all(grants)).toEqual([{ grant: 'g0' }, null, { grant: 'g2' }]);
    expect(fromDrop).toHaveBeenCalledTimes(1);
  });
});
