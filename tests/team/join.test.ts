/**
 * Joining a team names what went wrong (issue 20, item 1), against stand-in servers (no
 * PostgreSQL; the real server's refusal of a revoked token is in tests/team/sync-cli.test.ts
 * and tests/e2e/team.test.ts): nothing answers at the address, something answers that is
 * not a team server, the server refuses the token, or it speaks another version of the
 * sync protocol. The archive stays out of the team each time.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ApiError } from '../../electron/contract/errors.ts';
import { Archive } from '../../electron/core/archive.ts';
import { PROTOCOL } from '../../electron/core/sync/protocol.ts';
import { tempDir } from '../helpers.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function standIn(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

function archive(): Archive {
  const a = new Archive(path.join(tempDir(), 'a.db'));
  closers.push(async () => a.close());
  return a;
}

async function joinFails(server: string, token = 'ct_x'): Promise<{ code: string; message: string; joined: boolean }> {
  const a = archive();
  const err = await a.call('team.join', { server, token }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return { code: (err as ApiError).code, message: (err as ApiError).message, joined: (await a.call('team.status', {})).joined };
}

const json =
  (status: number, body: unknown): RequestListener =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

it('nothing listening at the address: unreachable, naming the address', async () => {
  // A port that was free a moment ago.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  const r = await joinFails(`http://127.0.0.1:${port}/`);
  expect(r).toMatchObject({ code: 'unreachable', joined: false });
  expect(r.message).toMatch(new RegExp(`no team server answers at http://127\\.0\\.0\\.1:${port}/`, 'i'));
});

it('an address that is not http(s) is refused before anything is sent', async () => {
  const r = await joinFails('ftp://127.0.0.1:1/');
  expect(r).toMatchObject({ code: 'invalid_args', joined: false });
  expect(r.message).toMatch(/http:\/\/ or https:\/\//);
});

it('a web server that is not a team server (a page, or 404): not_found, saying so', async () => {
  const page = await standIn((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Cuttings</title>');
  });
  const r = await joinFails(page);
  expect(r).toMatchObject({ code: 'not_found', joined: false });
  expect(r.message).toMatch(/is not a Cuttings team server, or one of another version/);
  const missing = await joinFails(await standIn(json(404, { error: 'no such endpoint: GET /v1/hello' })));
  expect(missing).toMatchObject({ code: 'not_found', joined: false });
  expect(missing.message).toMatch(/is not a Cuttings team server, or one of another version \(it answered 404: no such endpoint: GET \/v1\/hello\)/);
});

it('a revoked or unknown token: forbidden, saying the token was refused', async () => {
  const r = await joinFails(await standIn(json(401, { error: 'this token is unknown or revoked' })));
  expect(r).toMatchObject({ code: 'forbidden', joined: false });
  expect(r.message).toMatch(/refused the token: this token is unknown or revoked/);
});

it('a server of another protocol version: conflict, naming both versions', async () => {
  const r = await joinFails(await standIn(json(200, { protocol: PROTOCOL + 1, user: 'alice', role: 'editor' })));
  expect(r).toMatchObject({ code: 'conflict', joined: false });
  expect(r.message).toContain(`version ${PROTOCOL + 1} of the sync protocol`);
  expect(r.message).toContain(`this Cuttings speaks version ${PROTOCOL}`);
});

it('a server of this protocol version is joined', async () => {
  const a = archive();
  const server = await standIn(json(200, { protocol: PROTOCOL, user: 'alice', role: 'editor' }));
  expect(await a.call('team.join', { server, token: 'ct_x' })).toMatchObject({ joined: true, server, user: 'alice', role: 'editor' });
});

it('a server that no longer speaks this protocol after the join (404 on its endpoints): the sync says so, and not that it is offline', async () => {
  const a = archive();
  const server = await standIn((req, res) => {
    if (req.url === '/v1/hello') return json(200, { protocol: PROTOCOL, user: 'alice', role: 'editor' })(req, res);
    json(404, { error: `no such endpoint: ${req.method} ${req.url}` })(req, res);
  });
  await a.call('team.join', { server, token: 'ct_x' });
  const err = await a.call('team.sync', {}).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).code).toBe('not_found');
  expect((err as ApiError).message).toMatch(/is not a Cuttings team server, or one of another version/);
});
