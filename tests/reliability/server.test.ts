/**
 * The loopback server, beyond tests/electron/server.test.ts: loopback-only binding,
 * constant-time token comparison, Host-header variants (DNS rebinding), no CORS on any
 * response (preflight included), request-size caps (streamed body, headers).
 */
import * as crypto from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES } from '../../electron/server.ts';
import { api, http, start, type Reply } from '../loopback.ts';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

describe('loopback server: binding', () => {
  it('binds 127.0.0.1 only: not 0.0.0.0, not ::, unreachable on the machine\'s other addresses', async () => {
    const s = await start();
    const addr = s.server.address();
    expect(addr).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect((addr as { address: string }).address).not.toMatch(/^(0\.0\.0\.0|::)$/);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && !i.internal && i.family === 'IPv4')
      .map((i) => i.address);
    for (const host of [...others, '::1']) {
      const reached = await new Promise<boolean>((resolve) => {
        const sock = connect({ host, port: s.port, timeout: 2000 }, () => {
          sock.destroy();
          resolve(true);
        });
        sock.on('error', () => resolve(false));
        sock.on('timeout', () => {
          sock.destroy();
          resolve(false);
        });
      });
      expect(reached, `reachable on ${host}`).toBe(false);
    }
  });
});

describe('loopback server: access token', () => {
  it('compares tokens in constant time (timingSafeEqual), refusing one-char-off and other-length tokens alike', async () => {
    const s = await start();
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    const variants = {
      oneOffLast: s.token.slice(0, -1) + flip(s.token.at(-1)!),
      oneOffFirst: flip(s.token[0]!) + s.token.slice(1),
      shorter: s.token.slice(0, -1),
      longer: `${s.token}A`,
      upper: s.token.toUpperCase() === s.token ? s.token.toLowerCase() : s.token.toUpperCase(),
      empty: '',
      inner: `${s.token.slice(0, 10)} ${s.token.slice(11)}`,
    };
    for (const [name, token] of Object.entries(variants)) {
      const r = await api(s, 'archive.stats', {}, { 'X-Cuttings-Token': token });
      expect(r.status, name).toBe(401);
      expect(JSON.parse(r.body).error.message).toBe('missing or wrong access token');
      // The page's own files are public (no credential); the API never reads the URL.
      const q = await http(s.port, { method: 'POST', path: `/api/archive.stats?token=${encodeURIComponent(token)}`, headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(q.status, `${name} in the URL`).toBe(401);
    }
    // Same-length wrong tokens went through timingSafeEqual (no early exit on the first differing byte).
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2);
    for (const [a, b] of spy.mock.calls) expect((a as Buffer).length).toBe((b as Buffer).length);
    spy.mockClear();
    expect((await api(s, 'archive.stats', {})).status).toBe(200);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('refuses a missing token header and a token sent only as a cookie or in the body', async () => {
    const s = await start();
    const noToken = await http(s.port, { method: 'POST', path: '/api/archive.stats', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(401);
    for (const cookie of [`token=${s.token}`, `cuttings_token=${s.token}`]) {
      expect((await http(s.port, { method: 'POST', path: '/api/archive.stats', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: '{}' })).status).toBe(401);
    }
    const inBody = await http(s.port, { method: 'POST', path: '/api/archive.stats', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: s.token }) });
    expect(inBody.status).toBe(401);
  });
});

describe('loopback server: Host header (DNS rebinding)', () => {
  it('accepts 127.0.0.1:PORT and localhost:PORT; refuses rebinding names, other ports, IPv6 and a missing Host', async () => {
    const s = await start();
    const p = s.port;
    for (const host of [`127.0.0.1:${p}`, `localhost:${p}`]) expect((await api(s, 'archive.stats', {}, { Host: host })).status, host).toBe(200);
    const refused = [
      `127.0.0.1.nip.io:${p}`, `localhost.evil.example:${p}`, `evil.example:${p}`, `[::1]:${p}`, `127.0.0.1:${p + 1}`, `localhost:${p}.evil.example`,
      '127.0.0.1', 'localhost', `localhost.:${p}`, `0.0.0.0:${p}`, `127.1:${p}`, `2130706433:${p}`, `user@127.0.0.1:${p}`,
    ];
    for (const host of refused) {
      const r = await api(s, 'archive.stats', {}, { Host: host });
      expect(r.status, JSON.stringify(host)).toBe(421);
      expect(r.body).not.toContain('"result"');
    }
    // No Host header at all (HTTP/1.1 without Host).
    const missing = await http(p, { method: 'POST', path: '/api/archive.stats', headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': s.token }, body: '{}', setHost: false });
    expect([400, 421]).toContain(missing.status);
    // The Host check comes before the token check: a rebinding page learns nothing.
    expect((await http(p, { path: '/', headers: { Host: `evil.example:${p}` } })).status).toBe(421);
  });
});

describe('loopback server: no CORS', () => {
  it('sends no Access-Control-Allow-* header on any response, preflight included', async () => {
    const s = await start();
    const origin = { Origin: 'https://evil.example' };
    const replies: [string, Reply][] = [
      ['preflight /api', await http(s.port, { method: 'OPTIONS', path: '/api/archive.stats', headers: { ...origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-cuttings-token' } })],
      ['preflight /api with token', await http(s.port, { method: 'OPTIONS', path: '/api/archive.stats', headers: { ...origin, 'X-Cuttings-Token': s.token, 'Access-Control-Request-Method': 'POST' } })],
      ['preflight /', await http(s.port, { method: 'OPTIONS', path: `/?token=${s.token}`, headers: { ...origin, 'Access-Control-Request-Method': 'GET' } })],
      ['api ok', await api(s, 'archive.stats', {}, origin)],
      ['api not found', await api(s, 'clippings.get', { id: 9 }, origin)],
      ['api unknown', await api(s, 'no.such', {}, origin)],
      ['api bad args', await api(s, 'clippings.get', { id: 'x' }, origin)],
      ['no token', await http(s.port, { path: '/', headers: origin })],
      ['wrong host', await api(s, 'archive.stats', {}, { ...origin, Host: `evil.example:${s.port}` })],
      ['static', await http(s.port, { path: `/?token=${s.token}`, headers: origin })],
      ['static null origin', await http(s.port, { path: `/?token=${s.token}`, headers: { Origin: 'null' } })],
      ['too large', await http(s.port, { method: 'POST', path: '/api/archive.stats', headers: { ...origin, 'X-Cuttings-Token': s.token, 'Content-Type': 'application/json', 'Content-Length': String(MAX_BODY_BYTES + 1) }, body: '' }).catch(() => ({ status: 413, headers: {}, body: '' }) as Reply)],
    ];
    for (const [name, r] of replies) {
      const cors = Object.keys(r.headers).filter((h) => h.startsWith('access-control-'));
      expect(cors, name).toEqual([]);
      expect(r.headers.vary ?? '', name).not.toMatch(/origin/i);
    }
    // The preflight is not answered as a success.
    expect(replies[0]![1].status).toBeGreaterThanOrEqual(400);
    expect(replies[1]![1].status).toBeGreaterThanOrEqual(400);
  });
});

describe('loopback server: request size caps', () => {
  it('answers 413 to a declared oversized body without reading it', async () => {
    const s = await start();
    const r = await http(s.port, { method: 'POST', path: '/api/archive.stats', headers: { 'X-Cuttings-Token': s.token, 'Content-Type': 'application/json', 'Content-Length': String(MAX_BODY_BYTES + 1) }, body: '' }).catch(() => ({ status: 413 }) as Reply);
    expect(r.status).toBe(413);
  });

  it('stops a streamed (chunked) body at the cap, and keeps serving afterwards', async () => {
    const s = await start();
    const status = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/api/archive.stats', headers: { 'X-Cuttings-Token': s.token, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(-1)); // the server cut the connection once over the cap
      const chunk = Buffer.alloc(4 * 1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent <= MAX_BODY_BYTES + chunk.length) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect([413, -1]).toContain(status);
    expect((await api(s, 'archive.stats', {})).status).toBe(200);
  }, 60_000);

  it('refuses oversized headers (431) and an oversized URL', async () => {
    const s = await start();
    const big = await http(s.port, { path: '/', headers: { 'X-Cuttings-Token': s.token, 'X-Padding': 'a'.repeat(64 * 1024) } }).catch(() => ({ status: 431 }) as Reply);
    expect(big.status).toBe(431);
    const longUrl = await http(s.port, { path: `/?token=${s.token}&x=${'a'.repeat(64 * 1024)}` }).catch(() => ({ status: 431 }) as Reply);
    expect(longUrl.status).toBe(431);
    expect((await api(s, 'archive.stats', {})).status).toBe(200);
  });
});
