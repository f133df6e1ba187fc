/**
 * The sync client sends a request again when it fails on the way (every request of the
 * protocol is idempotent): a connection dropped once does not fail a join or a sync.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
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
