import { describe, expect, it } from 'vitest';
import { api, http, start, type Reply } from '../loopback.ts';

describe('loopback server (browser mode)', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', async () => {
    const s = await start();
    expect(s.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/?token=${encodeURIComponent(s.token)}`);
    expect(s.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves contract calls with the token', async () => {
    const s = await start();
    const r = await api(s, 'archive.stats', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, result: { clippings: 0 } });
    const missing = await api(s, 'clippings.get', { id: 4 });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: { code: 'not_found', message: 'no clipping with id 4' } });
    expect((await api(s, 'clippings.get', { id: 'x' })).status).toBe(400);
    expect((await api(s, 'shell.exec', {})).status).toBe(404);
  });

  it('rejects a missing or wrong token, and a foreign Host header', async () => {
    const s = await start();
    expect((await api(s, 'archive.stats', {}, { 'X-Cuttings-Token': '' })).status).toBe(401);
    expect((await api(s, 'archive.stats', {}, { 'X-Cuttings-Token': `${s.token.slice(0, -1)}${s.token.endsWith('x') ? 'y' : 'x'}` })).status).toBe(401);
    expect((await http(s.port, { method: 'POST', path: '/api/archive.stats', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await api(s, 'archive.stats', {}, { Host: `evil.example:${s.port}` })).status).toBe(421);
  });

  it('takes the API token only from the X-Cuttings-Token header: not from ?token=, a cookie or a Referer', async () => {
    const s = await start();
    const t = encodeURIComponent(s.token);
    const post = (path: string, headers: Record<string, string> = {}) =>
      http(s.port, { method: 'POST', path, headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
    expect((await post(`/api/archive.stats?token=${t}`)).status).toBe(401);
    expect((await post('/api/archive.stats', { Cookie: `cuttings_token=${t}` })).status).toBe(401);
    expect((await post('/api/archive.stats', { Referer: `http://127.0.0.1:${s.port}/?token=${t}` })).status).toBe(401);
    expect((await post('/api/archive.stats', { Authorization: `Bearer ${s.token}` })).status).toBe(401);
    expect((await post('/api/archive.stats', { 'X-Cuttings-Token': s.token })).status).toBe(200);
  });

  it('never sets a cookie: nothing the server hands a browser unlocks the API', async () => {
    const s = await start();
    const t = encodeURIComponent(s.token);
    const replies = [
      await http(s.port, { path: `/?token=${t}` }),
      await http(s.port, { path: '/' }),
      await http(s.port, { path: `/assets/app.js?token=${t}` }),
      await http(s.port, { path: `/?token=${t}`, headers: { Cookie: `cuttings_token=${t}` } }),
      await api(s, 'archive.stats', {}),
      await http(s.port, { method: 'POST', path: `/api/archive.stats?token=${t}`, headers: { 'Content-Type': 'application/json' }, body: '{}' }),
    ];
    // The page's own files are public code: they need no credential (and so no cookie).
    expect(replies[1]!.status).toBe(200);
    expect((await http(s.port, { path: '/', headers: { Host: `evil.example:${s.port}` } })).status).toBe(421);
    for (const r of replies) {
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(JSON.stringify(r.headers)).not.toContain(s.token);
    }
  });

  it('sends no CORS headers and strict security headers', async () => {
    const s = await start();
    const r = await api(s, 'archive.stats', {}, { Origin: 'https://evil.example' });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const page = await http(s.port, { path: `/?token=${encodeURIComponent(s.token)}` });
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('refuses wrong methods, non-JSON bodies and oversized requests', async () => {
    const s = await start();
    expect((await http(s.port, { path: '/api/archive.stats', headers: { 'X-Cuttings-Token': s.token } })).status).toBe(405);
    expect((await api(s, 'archive.stats', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
    const bad = await http(s.port, { method: 'POST', path: '/api/archive.stats', headers: { 'X-Cuttings-Token': s.token, 'Content-Type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    const huge = await http(s.port, { method: 'POST', path: '/api/archive.stats', headers: { 'X-Cuttings-Token': s.token, 'Content-Type': 'application/json', 'Content-Length': String(200 * 1024 * 1024) }, body: '' }).catch(() => ({ status: 413 }) as Reply);
    expect(huge.status).toBe(413);
  });
});

describe('a search in two parts (browser mode)', () => {
  it('answers search.query?first=N in one request: the first N hits alone, then the whole answer', async () => {
    const { httpSearchInParts } = await import('../../electron/contract/client.ts');
    const s = await start();
    for (let i = 1; i <= 5; i++) {
      const r = await api(s, 'clippings.add', { capture: { name: `n${i}.txt`, text: `Ferry note ${i}\n\nThe ferry board met on day ${i} and agreed timetable number ${i * 7}.` } });
      expect(r.status).toBe(200);
    }
    const args = { query: 'ferry', limit: 100, facets: true, histogram: { bucket: 'month' as const, stackBy: 'outlet' as const } };
    const raw = await http(s.port, { method: 'POST', path: '/api/search.query?first=2', headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson', 'X-Cuttings-Token': s.token }, body: JSON.stringify(args) });
    expect(raw.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = raw.body.trimEnd().split('\n').map((l) => JSON.parse(l) as { ok: boolean; result: { hits: unknown[]; total: number; facets?: unknown } });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ ok: true, result: { total: 5 } });
    expect(lines[0]!.result.hits).toHaveLength(2);
    expect(lines[0]!.result.facets).toBeUndefined();
    expect(lines[1]!.result.hits).toHaveLength(5);
    expect(lines[1]!.result.facets).toBeDefined();
    // The whole answer is the one a single call gives (the chart worked out in a step of its own).
    expect({ ...lines[1]!.result, tookMs: 0 }).toEqual({ ...JSON.parse((await api(s, 'search.query', args)).body).result, tookMs: 0 });

    // The page's client: the first part to `onFirst`, the whole answer as the result; an error as an ApiError.
    const origin = `http://127.0.0.1:${s.port}`;
    const parts = httpSearchInParts(origin, s.token);
    const firsts: number[] = [];
    const whole = await parts(args, 3, (r) => firsts.push(r.hits.length));
    expect(firsts).toEqual([3]);
    expect(whole.hits).toHaveLength(5);
    await expect(parts({ query: 'ferry', sort: 'sideways' } as never, 3, () => firsts.push(-1))).rejects.toMatchObject({ code: 'invalid_args' });
    expect(firsts).toEqual([3]);
    // Without the header (or for another method) the answer is one envelope, as before.
    expect(JSON.parse((await api(s, 'search.query', args)).body).result.hits).toHaveLength(5);
  });
});

describe('a search in two parts, while other calls are in flight', () => {
  it('works out the rest of its answer only once the other calls are answered (up to a limit)', async () => {
    const { request } = await import('node:http');
    const s = await start();
    await api(s, 'clippings.add', { capture: { name: 'n.txt', text: 'Ferry note\n\nThe ferry board met on Monday and agreed the timetable.' } });
    // An upload still arriving: a call in flight.
    const upload = request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/api/upload?name=a.txt', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': '10', 'X-Cuttings-Token': s.token } });
    upload.on('error', () => {});
    upload.write('12345');
    const lines: string[] = [];
    let firstAt = 0;
    const search = new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/api/search.query?first=1', headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson', 'X-Cuttings-Token': s.token } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          for (const l of c.split('\n').filter(Boolean)) lines.push(l);
          if (lines.length === 1 && !firstAt) firstAt = Date.now();
        });
        res.on('end', () => resolve());
      });
      req.end(JSON.stringify({ query: 'ferry', facets: true }));
    });
    await expect.poll(() => lines.length).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(lines).toHaveLength(1); // the rest waits for the upload
    upload.end('67890');
    await search;
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({ ok: true, result: { total: 1 } });
  });
});

describe('reads in worker threads behind the server', () => {
  it('answers a click and another search while a search is still being worked out in a reader', async () => {
    process.env.CUTTINGS_TEST_HOOKS = '1';
    const { writeFileSync } = await import('node:fs');
    const { tempDir } = await import('../helpers.ts');
    const s = await start({ readers: 3 });
    const added = JSON.parse((await api(s, 'clippings.add', { capture: { name: 'n.txt', text: 'Ferry note\n\nThe ferry board met on Monday.' } })).body) as { result: { id: number } };
    const release = `${tempDir()}/release`;
    // This search holds its reader (the readers' test hook) until released.
    const held = api(s, 'search.query', { query: `cuttings-test:block:${release}` });
    let heldDone = false;
    void held.then(() => (heldDone = true));
    const got = await api(s, 'clippings.get', { id: added.result.id });
    expect(JSON.parse(got.body)).toMatchObject({ ok: true, result: { title: 'Ferry note' } });
    expect(JSON.parse((await api(s, 'search.query', { query: 'ferry' })).body)).toMatchObject({ ok: true, result: { total: 1 } });
    expect(heldDone).toBe(false);
    writeFileSync(release, '');
    expect((await held).status).toBe(200);
  });
});
