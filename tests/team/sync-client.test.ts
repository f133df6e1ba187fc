/**
 * The sync client against stand-in servers (no PostgreSQL): it sends a request again when
 * it fails on the way (every request of the protocol is idempotent), and it refuses a
 * capture whose bytes do not match their SHA-256.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ApiError } from '../../electron/contract/errors.ts';
import { Archive } from '../../electron/core/archive.ts';
import { encodeBundle } from '../../electron/core/sync/bundle.ts';
import { tempDir } from '../helpers.ts';

it('a request whose connection drops is sent again', async () => {
  let calls = 0;
  const server = createServer((req, res) => {
    calls++;
    if (calls === 1) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ protocol: 1, user: 'alice', role: 'editor' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const archive = new Archive(path.join(tempDir(), 'a.db'));
  try {
    const status = await archive.call('team.join', { server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'ct_x' });
    expect(status).toMatchObject({ joined: true, user: 'alice', role: 'editor' });
    expect(calls).toBe(2);
  } finally {
    archive.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

it('refuses a pulled capture whose bytes do not match its SHA-256, applying nothing', async () => {
  const sha = createHash('sha256').update('the real capture').digest('hex');
  const op = {
    seq: 1,
    opId: '01900000-0000-7000-8000-000000000001',
    replica: '01900000-0000-7000-8000-0000000000ff',
    hlc: 1,
    kind: 'clipping',
    object: '01900000-0000-7000-8000-000000000002',
    key: '',
    value: { capture: sha, constants: {}, groups: {} },
  };
  const server = createServer((req, res) => {
    const answer = (value: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.url === '/v1/hello') return answer({ protocol: 1, user: 'alice', role: 'editor' });
    if (req.url?.startsWith('/v1/pull')) return answer({ ops: [op], next: 1, more: false });
    // The bundle names the capture asked for, with other bytes.
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(encodeBundle([{ sha256: sha, mediaType: 'text/plain', capturedAt: null, sourceUrl: null, bytes: new Uint8Array(Buffer.from('something else')) }]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const archive = new Archive(path.join(tempDir(), 'a.db'));
  try {
    await archive.call('team.join', { server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'ct_x' });
    const err = await archive.call('team.sync', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/do not match its SHA-256/);
    expect(await archive.call('archive.stats', {})).toMatchObject({ clippings: 0, captures: 0 });
    expect(await archive.call('team.status', {})).toMatchObject({ cursor: 0 });
  } finally {
    archive.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
