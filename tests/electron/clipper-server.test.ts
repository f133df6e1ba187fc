import { connect, createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { CLIPPER_MAX_BODY_BYTES, CLIPPER_PORTS, startClipperServer, type ClipperServerOptions, type RunningClipper } from '../../electron/clipper-server.ts';
import { tempDir } from '../helpers.ts';
import { http, type Reply } from '../loopback.ts';
import { ARTICLE_OUTLET, ARTICLE_TITLE, articleHtml, HIGHLIGHT, PIXEL_PNG } from '../clipper/page.ts';

const EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const PAGE_URL = 'https://courier.example/news/harbour-bridge-reopens';

let archive: Archive | null = null;
let running: RunningClipper | null = null;
afterEach(async () => {
  await running?.close();
  archive?.close();
  running = null;
  archive = null;
});

async function start(opts: Partial<ClipperServerOptions> = {}): Promise<{ a: Archive; s: RunningClipper }> {
  archive = new Archive(path.join(tempDir(), 'c.db'));
  running = (await startClipperServer({ archive, ports: [0], ...opts }))!;
  return { a: archive, s: running };
}

const call = (s: RunningClipper, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  http(s.port, { method: 'POST', path: `/clipper/${method}`, headers: { 'Content-Type': 'application/json', Origin: EXT, ...headers }, body: JSON.stringify(body) });

/** A POST over a raw socket: the chunks are written 20 ms apart, until the server answers or closes. */
function rawPost(port: number, token: string, headers: Record<string, string>, chunks: string[]): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let answer = '';
    const head = { Host: `127.0.0.1:${port}`, Origin: EXT, 'Content-Type': 'application/json', 'X-Cuttings-Clipper-Token': token, ...headers };
    sock.write(`POST /clipper/clipper.preview HTTP/1.1\r\n${Object.entries(head).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
    let i = 0;
    const timer = setInterval(() => {
      if (i < chunks.length && !sock.destroyed) sock.write(`${chunks[i]!.length.toString(16)}\r\n${chunks[i++]}\r\n`);
    }, 20);
    sock.on('data', (b) => (answer += b.toString()));
    sock.on('error', () => {});
    sock.on('close', () => {
      clearInterval(timer);
      resolve(answer);
    });
  });
}

const result = (r: Reply) => (JSON.parse(r.body) as { result: any }).result;

/** Pairs as the extension does, approving in the app; returns the token. */
async function pair(a: Archive, s: RunningClipper): Promise<string> {
  const ticket = result(await call(s, 'clipper.pair', { name: 'Chromium on test' }));
  expect(ticket.code).toMatch(/^\d{6}$/);
  expect(result(await call(s, 'clipper.pairStatus', { request: ticket.request }))).toEqual({ state: 'pending' });
  const [req] = await a.call('clipper.pairRequests', {});
  expect(req).toMatchObject({ name: 'Chromium on test', code: ticket.code });
  await a.call('clipper.approve', { id: req!.id });
  const status = result(await call(s, 'clipper.pairStatus', { request: ticket.request }));
  expect(status.state).toBe('approved');
  // Given once.
  expect(result(await call(s, 'clipper.pairStatus', { request: ticket.request }))).toEqual({ state: 'unknown' });
  return status.token as string;
}

const capture = (opts: { correction?: boolean } = {}) => ({
  url: PAGE_URL,
  title: `${ARTICLE_TITLE} | ${ARTICLE_OUTLET}`,
  html: articleHtml(opts),
  images: [{ url: 'https://courier.example/lead.png', mediaType: 'image/png', base64: PIXEL_PNG.toString('base64') }],
});

describe('the browser clipper endpoint', () => {
  it('listens on 27183 by default, falling back to 27184–27187, and on the next free port of its list', async () => {
    expect(CLIPPER_PORTS).toEqual([27183, 27184, 27185, 27186, 27187]);
    expect(CLIPPER_MAX_BODY_BYTES).toBe(64 * 1024 * 1024);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as { port: number }).port;
    try {
      archive = new Archive(path.join(tempDir(), 'c.db'));
      running = (await startClipperServer({ archive, ports: [taken, 0] }))!;
      expect(running.port).not.toBe(taken);
      expect(await startClipperServer({ archive, ports: [taken] })).toBeNull();
    } finally {
      blocker.close();
    }
  });

  it('pairs a browser only after the app approves it; unpaired, wrong or revoked tokens get 401 at once', async () => {
    const { a, s } = await start();
    expect((await call(s, 'clipper.names', {})).status).toBe(401);
    const token = await pair(a, s);
    expect((await call(s, 'clipper.names', {}, { 'X-Cuttings-Clipper-Token': `${token}x` })).status).toBe(401);
    const ok = await call(s, 'clipper.names', {}, { 'X-Cuttings-Clipper-Token': token });
    expect(ok.status).toBe(200);
    expect(result(ok)).toEqual({ tags: [], outlets: [] });
    const [listed] = await a.call('clipper.tokens', {});
    expect(listed).toMatchObject({ name: 'Chromium on test' });
    expect(listed!.lastUsedAt).not.toBeNull();
    // Only a hash is stored.
    expect(JSON.stringify(a.db.prepare('SELECT * FROM clipper_tokens').all())).not.toContain(token);
    await a.call('clipper.revoke', { id: listed!.id });
    expect((await call(s, 'clipper.names', {}, { 'X-Cuttings-Clipper-Token': token })).status).toBe(401);
  });

  it('a denied request gets no token', async () => {
    const { a, s } = await start();
    const ticket = result(await call(s, 'clipper.pair', { name: 'Firefox' }));
    const [req] = await a.call('clipper.pairRequests', {});
    await a.call('clipper.deny', { id: req!.id });
    expect(result(await call(s, 'clipper.pairStatus', { request: ticket.request }))).toEqual({ state: 'denied' });
    expect(await a.call('clipper.tokens', {})).toEqual([]);
  });

  it('keeps at most five browsers waiting to be paired', async () => {
    const { a, s } = await start();
    for (let i = 0; i < 5; i++) expect((await call(s, 'clipper.pair', { name: `Browser ${i}` })).status).toBe(200);
    const sixth = await call(s, 'clipper.pair', { name: 'One too many' });
    expect(sixth.status).toBe(409);
    expect((await a.call('clipper.pairRequests', {})).map((r) => r.name)).toEqual(['Browser 0', 'Browser 1', 'Browser 2', 'Browser 3', 'Browser 4']);
  });

  it('answers only extension origins, with CORS for them alone; checks the Host header', async () => {
    const { s } = await start();
    const hello = (headers: Record<string, string>) => http(s.port, { path: '/clipper/hello', headers });
    const fromExt = await hello({ Origin: EXT });
    expect(fromExt.status).toBe(200);
    expect(fromExt.headers['access-control-allow-origin']).toBe(EXT);
    expect((await hello({ Origin: 'moz-extension://4b1d3c2a-0000-4000-8000-000000000000' })).status).toBe(200);
    for (const origin of ['http://127.0.0.1:8080', 'https://evil.example', 'null', 'chrome-extension://abc/../x']) {
      const r = await hello({ Origin: origin });
      expect(r.status, origin).toBe(403);
      expect(r.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(r.body).not.toContain('cuttings"');
    }
    expect((await hello({})).status).toBe(403);
    expect((await http(s.port, { path: '/clipper/hello', headers: { Origin: EXT, Host: `evil.example:${s.port}` }, setHost: false })).status).toBe(421);
    expect((await http(s.port, { path: '/clipper/hello', headers: { Origin: EXT, Host: `localhost:${s.port}` }, setHost: false })).status).toBe(200);
    const pre = await http(s.port, { method: 'OPTIONS', path: '/clipper/clipper.add', headers: { Origin: EXT, 'Access-Control-Request-Method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-headers']).toMatch(/x-cuttings-clipper-token/i);
    const preWeb = await http(s.port, { method: 'OPTIONS', path: '/clipper/clipper.add', headers: { Origin: 'http://127.0.0.1:9', 'Access-Control-Request-Method': 'POST' } });
    expect(preWeb.status).toBe(403);
    expect(preWeb.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('reaches nothing but the clipper methods, even with a paired token', async () => {
    const { a, s } = await start();
    const token = await pair(a, s);
    const auth = { 'X-Cuttings-Clipper-Token': token };
    for (const m of ['clippings.get', 'clippings.list', 'export.write', 'archive.restore', 'clipper.approve', 'clipper.tokens', 'clipper.revoke', 'clipper.pairRequests']) {
      expect((await call(s, m, { id: 1 }, auth)).status, m).toBe(404);
    }
    expect((await http(s.port, { method: 'POST', path: '/api/clippings.list', headers: { Origin: EXT, 'Content-Type': 'application/json', ...auth }, body: '{}' })).status).toBe(404);
    expect((await http(s.port, { path: '/', headers: { Origin: EXT } })).status).toBe(404);
  });

  it('refuses a body over the cap as it arrives, and requests over the rate limit', async () => {
    const { a, s } = await start({ maxBodyBytes: 10_000, rateLimit: { requests: 8, windowMs: 60_000 } });
    const token = await pair(a, s); // 4 requests
    // Declared too large: refused before a byte is read.
    expect(await rawPost(s.port, token, { 'Content-Length': '20000' }, [])).toMatch(/^HTTP\/1\.1 413/);
    // Not declared (chunked): counted as it arrives, refused while the client is still sending.
    expect(await rawPost(s.port, token, { 'Transfer-Encoding': 'chunked' }, Array.from({ length: 40 }, () => 'x'.repeat(1000)))).toMatch(/^HTTP\/1\.1 413/);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(s, 'clipper.names', {}, { 'X-Cuttings-Clipper-Token': token })).status);
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
  });

  it('previews without storing, adds with tags, note, edits and a highlight, knows duplicates, new versions and redeliveries', async () => {
    const { a, s } = await start();
    const auth = { 'X-Cuttings-Clipper-Token': await pair(a, s) };
    const preview = result(await call(s, 'clipper.preview', { capture: capture() }, auth));
    expect(preview).toMatchObject({ title: ARTICLE_TITLE, outlet: ARTICLE_OUTLET, existing: null });
    expect(preview.publishedAt).toContain('2026-11-30');
    expect(preview.words).toBeGreaterThan(500);
    expect((await a.call('archive.stats', {})).clippings).toBe(0);

    const first = await call(s, 'clipper.add', { capture: capture(), key: 'clip-0001', title: 'Bridge reopens', tags: ['Infrastructure'], note: 'For the weekly review', highlight: { exact: HIGHLIGHT } }, auth);
    expect(first.status).toBe(200);
    const added = result(first);
    expect(added).toMatchObject({ status: 'added', title: 'Bridge reopens', highlight: 'anchored' });
    const c = await a.call('clippings.get', { id: added.id });
    expect(c).toMatchObject({ title: 'Bridge reopens', outlet: ARTICLE_OUTLET, tags: ['Infrastructure'], note: 'For the weekly review' });
    expect(c.editedFields).toContain('title');
    expect(c.text).toContain(HIGHLIGHT);
    expect(c.text).not.toContain('All rights reserved');
    expect(c.annotations.map((x) => x.quote)).toEqual([HIGHLIGHT]);
    // The page's image came along, and the capture records that it came from the clipper.
    expect(c.html).toMatch(/cuttings-image:[0-9a-f]{64}/);
    expect(a.db.prepare('SELECT origin FROM captures').all()).toEqual([{ origin: 'clipper' }]);

    // The same clip delivered again (a retry after a lost answer): the first answer, nothing more stored.
    expect(result(await call(s, 'clipper.add', { capture: capture(), key: 'clip-0001', highlight: { exact: HIGHLIGHT } }, auth))).toEqual(added);
    expect((await a.call('annotations.list', { id: added.id })).length).toBe(1);

    expect(result(await call(s, 'clipper.find', { url: PAGE_URL }, auth))).toMatchObject({ id: added.id, title: 'Bridge reopens' });
    expect(result(await call(s, 'clipper.find', { url: 'https://courier.example/other' }, auth))).toBeNull();
    expect(result(await call(s, 'clipper.preview', { capture: capture() }, auth)).existing).toMatchObject({ id: added.id });
    expect(result(await call(s, 'clipper.names', {}, auth))).toEqual({ tags: ['Infrastructure'], outlets: [ARTICLE_OUTLET] });

    // A date that is not one refuses the clip before anything is stored.
    const badDate = await call(s, 'clipper.add', { capture: capture({ correction: true }), key: 'clip-bad-date', publishedAt: 'last Tuesday-ish' }, auth);
    expect(badDate.status).toBe(400);
    expect((await a.call('clippings.versions', { id: added.id })).length).toBe(1);

    const dup = result(await call(s, 'clipper.add', { capture: capture(), key: 'clip-0002' }, auth));
    expect(dup).toMatchObject({ status: 'duplicate', id: added.id });
    const changed = result(await call(s, 'clipper.add', { capture: capture({ correction: true }), key: 'clip-0003' }, auth));
    expect(changed).toMatchObject({ status: 'updated', id: added.id, title: 'Bridge reopens' });
    expect((await a.call('clippings.versions', { id: added.id })).length).toBe(2);
    expect((await a.call('archive.stats', {})).clippings).toBe(1);

    // "Open it": the request waits for the app's window, which takes it once.
    expect(result(await call(s, 'clipper.open', { id: added.id }, auth))).toEqual({ id: added.id, requested: true });
    expect((await call(s, 'clipper.open', { id: 999 }, auth)).status).toBe(404);
    expect(await a.call('clipper.takeOpenRequest', {})).toEqual({ id: added.id });
    expect(await a.call('clipper.takeOpenRequest', {})).toEqual({ id: null });
    expect((await call(s, 'clipper.takeOpenRequest', {}, auth)).status).toBe(404);

    const later = await call(s, 'clipper.annotate', { url: PAGE_URL, exact: 'port authority, in report number 3 heard', note: 'numbers?' }, auth);
    expect(later.status, later.body).toBe(200);
    expect((await a.call('annotations.list', { id: added.id })).map((x) => x.note)).toContain('numbers?');
    expect((await call(s, 'clipper.annotate', { url: 'https://courier.example/other', exact: 'bridge' }, auth)).status).toBe(404);
  });

  it('keeps the capture’s origin through the lossless library JSON', async () => {
    const { a, s } = await start();
    const auth = { 'X-Cuttings-Clipper-Token': await pair(a, s) };
    const r = result(await call(s, 'clipper.add', { capture: capture(), key: 'clip-lib-1' }, auth));
    expect((await a.call('clippings.get', { id: r.id })).capture).toMatchObject({ origin: 'clipper' });
    const file = path.join(tempDir(), 'library.json');
    await a.call('export.write', { selection: { all: true }, format: 'json', out: file });
    const other = new Archive(path.join(tempDir(), 'other.db'));
    try {
      await other.call('archive.importLibrary', { file });
      expect((await other.call('clippings.get', { id: r.id })).capture).toMatchObject({ origin: 'clipper' });
    } finally {
      other.close();
    }
  });

  it('a selection alone is clipped as a document of its own, with the page title and address', async () => {
    const { a, s } = await start();
    const auth = { 'X-Cuttings-Clipper-Token': await pair(a, s) };
    const sel = `<p>${'The ferry service carried more than a million passengers during the closure of the bridge, the port authority said. '.repeat(3)}</p>`;
    const r = result(await call(s, 'clipper.add', { capture: { url: 'https://courier.example/news/ferry', title: 'Ferry figures', html: sel, selection: true }, key: 'clip-sel-1' }, auth));
    expect(r.status).toBe('added');
    const c = await a.call('clippings.get', { id: r.id });
    expect(c.title).toBe('Ferry figures');
    expect(c.sourceUrl).toBe('https://courier.example/news/ferry');
    expect(c.text).toContain('port authority said');
  });
});
