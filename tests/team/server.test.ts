/**
 * The team server against a real PostgreSQL (tests/team/pg.ts): the schema and the first
 * admin, users and tokens, pushes applied once (idempotent by op id), roles, revocation,
 * size limits, another user's op ids, blobs by SHA-256, and pull paged by sequence.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addTeamUser, initTeam, listTeamUsers, revokeTeamUser } from '../../electron/team/admin.ts';
import { BUNDLE_BYTES, decodeBundle, encodeBundle } from '../../electron/core/sync/bundle.ts';
import { MAX_BATCH_OPS, startTeamServer, type TeamServer } from '../../electron/team/server.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';

/** A UUIDv7-looking id (the server checks the form only). */
const uuid = () => randomUUID();

describeWithPostgres('team server (PostgreSQL)', () => {
  let databaseUrl: string;
  let server: TeamServer;
  let admin: string;
  const replica = uuid();

  beforeAll(async () => {
    databaseUrl = await pgCluster().database();
    const r = await initTeam(databaseUrl);
    expect(r.applied).toEqual([1, 2, 3, 4]);
    admin = r.admin!.token;
    server = await startTeamServer({ databaseUrl, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  const call = (token: string | null, method: string, path: string, body?: unknown) =>
    fetch(new URL(path, server.url), {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const field = (object: string, title: string, hlc: number) => ({ opId: uuid(), hlc, kind: 'field', object, key: 'title', value: { title } });
  const create = (object: string, hlc: number) => ({ opId: uuid(), hlc, kind: 'clipping', object, key: '', value: { capture: null, constants: { captured_at: 'x' }, groups: { title: { title: 'First' } } } });

  it('init is repeatable: the schema is up to date and no second admin is made', async () => {
    const again = await initTeam(databaseUrl);
    expect(again).toEqual({ applied: [], admin: null });
    expect((await listTeamUsers(databaseUrl)).map((u) => [u.name, u.role])).toEqual([['admin', 'admin']]);
  });

  it('stores tokens hashed only', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl });
    try {
      const { rows } = await pool.query(`SELECT id, hash, salt FROM tokens`);
      expect(rows).toHaveLength(1);
      const secret = admin.split('_')[2]!;
      expect(admin).toContain(rows[0].id);
      expect(Buffer.from(rows[0].hash).toString('base64url')).not.toContain(secret);
      expect(JSON.stringify(rows)).not.toContain(secret);
    } finally {
      await pool.end();
    }
  });

  it('refuses a missing, malformed or wrong token', async () => {
    expect((await call(null, 'GET', '/v1/hello')).status).toBe(401);
    expect((await call('nonsense', 'GET', '/v1/hello')).status).toBe(401);
    const wrong = admin.slice(0, -4) + (admin.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await call(wrong, 'GET', '/v1/hello')).status).toBe(401);
    expect(await (await call(admin, 'GET', '/v1/hello')).json()).toEqual({ protocol: 1, user: 'admin', role: 'admin' });
  });

  it('applies a push once: a replayed batch is all duplicates and adds no change', async () => {
    const c = uuid();
    const batch = { replica, ops: [create(c, 1000), field(c, 'Second', 1001)] };
    const first = await (await call(admin, 'POST', '/v1/push', batch)).json();
    expect(first).toMatchObject({ applied: 2, duplicates: 0 });
    const again = await (await call(admin, 'POST', '/v1/push', batch)).json();
    expect(again).toMatchObject({ applied: 0, duplicates: 2, seq: first.seq });
    const pulled = await (await call(admin, 'GET', `/v1/pull?after=${first.seq - 2}&limit=10`)).json();
    expect(pulled.ops.map((o: { opId: string }) => o.opId)).toEqual(batch.ops.map((o) => o.opId));
    expect(pulled.ops.map((o: { seq: number }) => o.seq)).toEqual([first.seq - 1, first.seq]);
    // An op repeated within one batch is stored once.
    const once = field(c, 'Third', 1002);
    expect(await (await call(admin, 'POST', '/v1/push', { replica, ops: [once, once] })).json()).toMatchObject({ applied: 1, duplicates: 1, seq: first.seq + 1 });
  });

  it("keeps the latest value of each register, whatever order the pushes come in (last writer wins by hlc, then replica)", async () => {
    const c = uuid();
    const low = '00000000-0000-4000-8000-000000000000';
    const pool = new pg.Pool({ connectionString: databaseUrl });
    const held = async (grp: string) => (await pool.query(`SELECT value FROM field_versions WHERE object = $1 AND grp = $2`, [c, grp])).rows[0]?.value;
    try {
      await call(admin, 'POST', '/v1/push', { replica, ops: [create(c, 9000), field(c, 'newest', 9005)] });
      // Older, pushed later: stored in the log (replicas see it and ignore it), not in the register.
      await call(admin, 'POST', '/v1/push', { replica, ops: [field(c, 'older', 9003)] });
      expect(await held('title')).toEqual({ title: 'newest' });
      // The same hlc from a replica whose id sorts lower loses the tie.
      await call(admin, 'POST', '/v1/push', { replica: low, ops: [field(c, 'tie', 9005)] });
      expect(await held('title')).toEqual({ title: 'newest' });
      // In one batch, the later of two values for one register.
      await call(admin, 'POST', '/v1/push', { replica, ops: [{ ...field(c, 'x', 9010), key: 'outlet', value: { outlet: 'B' } }, { ...field(c, 'x', 9009), key: 'outlet', value: { outlet: 'A' } }] });
      expect(await held('outlet')).toEqual({ outlet: 'B' });
    } finally {
      await pool.end();
    }
  });

  it('pull is paged by sequence and resumable from any cursor', async () => {
    const c = uuid();
    const ops = [create(c, 2000), ...Array.from({ length: 6 }, (_, i) => field(c, `T${i}`, 2001 + i))];
    const { seq } = await (await call(admin, 'POST', '/v1/push', { replica, ops })).json();
    let cursor = seq - ops.length;
    const seen: string[] = [];
    for (;;) {
      const page = await (await call(admin, 'GET', `/v1/pull?after=${cursor}&limit=3`)).json();
      seen.push(...page.ops.map((o: { opId: string }) => o.opId));
      cursor = page.next;
      if (!page.more) break;
    }
    expect(seen).toEqual(ops.map((o) => o.opId));
    expect(cursor).toBe(seq);
  });

  it('numbers concurrent pushes without gaps or repeats', async () => {
    const before = (await (await call(admin, 'POST', '/v1/push', { replica, ops: [] })).json()).seq as number;
    const pushes = Array.from({ length: 8 }, () => {
      const c = uuid();
      return call(admin, 'POST', '/v1/push', { replica, ops: [create(c, 3000), field(c, 'x', 3001), field(c, 'y', 3002)] });
    });
    for (const r of await Promise.all(pushes)) expect(r.status).toBe(200);
    const page = await (await call(admin, 'GET', `/v1/pull?after=${before}&limit=100`)).json();
    expect(page.ops.map((o: { seq: number }) => o.seq)).toEqual(Array.from({ length: 24 }, (_, i) => before + 1 + i));
  });

  it('a reader cannot write, only mark read; its read state is served to it alone', async () => {
    const { token: reader } = await addTeamUser(databaseUrl, 'rita', 'reader');
    const c = uuid();
    const refused = await call(reader, 'POST', '/v1/push', { replica: uuid(), ops: [create(c, 4000)] });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/reader/);
    const own = uuid();
    await call(admin, 'POST', '/v1/push', { replica, ops: [create(own, 4001)] });
    const read = { opId: uuid(), hlc: 4002, kind: 'read', object: own, key: 'read', value: true };
    const ok = await (await call(reader, 'POST', '/v1/push', { replica: uuid(), ops: [read] })).json();
    expect(ok).toMatchObject({ applied: 1 });
    const mine = await (await call(reader, 'GET', `/v1/pull?after=${ok.seq - 1}&limit=10`)).json();
    expect(mine.ops.map((o: { opId: string }) => o.opId)).toEqual([read.opId]);
    const admins = await (await call(admin, 'GET', `/v1/pull?after=${ok.seq - 1}&limit=10`)).json();
    expect(admins.ops).toEqual([]);
  });

  it('refuses a revoked token at once', async () => {
    const { token } = await addTeamUser(databaseUrl, 'eddie', 'editor');
    expect((await call(token, 'GET', '/v1/hello')).status).toBe(200);
    expect(await revokeTeamUser(databaseUrl, 'eddie')).toBe(true);
    expect((await call(token, 'GET', '/v1/hello')).status).toBe(401);
    expect(await revokeTeamUser(databaseUrl, 'nobody')).toBe(false);
    expect((await listTeamUsers(databaseUrl)).find((u) => u.name === 'eddie')?.revoked).toBe(true);
  });

  it('refuses an oversized batch, by count and by bytes, storing nothing of it', async () => {
    const before = (await (await call(admin, 'POST', '/v1/push', { replica, ops: [] })).json()).seq;
    const c = uuid();
    const many = Array.from({ length: MAX_BATCH_OPS + 1 }, (_, i) => field(c, 't', 5000 + i));
    expect((await call(admin, 'POST', '/v1/push', { replica, ops: many })).status).toBe(413);
    const huge = { replica, ops: [create(c, 6000), field(c, 'x'.repeat(9 * 1024 * 1024), 6001)] };
    expect((await call(admin, 'POST', '/v1/push', huge)).status).toBe(413);
    expect((await (await call(admin, 'POST', '/v1/push', { replica, ops: [] })).json()).seq).toBe(before);
  });

  it("refuses a batch replaying another user's operation ids", async () => {
    const { token: other } = await addTeamUser(databaseUrl, 'otto', 'editor');
    const c = uuid();
    const op = create(c, 7000);
    expect((await call(admin, 'POST', '/v1/push', { replica, ops: [op] })).status).toBe(200);
    const r = await call(other, 'POST', '/v1/push', { replica: uuid(), ops: [op] });
    expect(r.status).toBe(403);
    expect((await r.json()).error).toMatch(/another user/);
  });

  it('keeps captures by SHA-256: missing ones are named, bytes must match, a push naming a missing one is refused', async () => {
    const bytes = Buffer.from('<html><body>a capture</body></html>');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const c = uuid();
    const op = { ...create(c, 8000), value: { capture: sha, constants: {}, groups: {} } };
    expect((await call(admin, 'POST', '/v1/push', { replica, ops: [op] })).status).toBe(409);
    expect(await (await call(admin, 'POST', '/v1/blobs/missing', { sha256: [sha] })).json()).toEqual({ missing: [sha] });
    const put = (body: Buffer) => fetch(new URL(`/v1/blobs/${sha}`, server.url), { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'x-media-type': 'text/html' }, body: new Blob([new Uint8Array(body)]) });
    expect((await put(Buffer.from('other bytes'))).status).toBe(400);
    expect((await put(bytes)).status).toBe(200);
    expect(await (await call(admin, 'POST', '/v1/blobs/missing', { sha256: [sha] })).json()).toEqual({ missing: [] });
    expect((await call(admin, 'POST', '/v1/push', { replica, ops: [op] })).status).toBe(200);
    const got = await call(admin, 'POST', '/v1/blobs/get', { sha256: [sha] });
    expect(decodeBundle(new Uint8Array(await got.arrayBuffer()))).toEqual([{ sha256: sha, mediaType: 'text/html', capturedAt: null, sourceUrl: null, bytes: new Uint8Array(bytes) }]);
  });

  it('moves captures in bundles: checked one by one, in the order asked, at most a bundle’s bytes per answer; not from a reader', async () => {
    const blob = (text: string, mediaType = 'text/plain') => {
      const bytes = new Uint8Array(Buffer.from(text));
      return { sha256: createHash('sha256').update(bytes).digest('hex'), mediaType, capturedAt: '2026-01-02T03:04:05Z', sourceUrl: `https://example.org/${text.length}`, bytes };
    };
    const small = [blob('first capture'), blob('second capture, a little longer'), blob('third')];
    const big = blob('x'.repeat(BUNDLE_BYTES - 10));
    const send = (token: string, body: Buffer) => fetch(new URL('/v1/blobs/put', server.url), { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new Blob([new Uint8Array(body)]) });
    // One frame whose bytes are not its SHA-256's: the whole bundle is refused.
    const forged = { ...small[1]!, bytes: new Uint8Array(Buffer.from('forged')) };
    const refused = await send(admin, encodeBundle([small[0]!, forged]));
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatch(/do not match their SHA-256/);
    expect(await (await call(admin, 'POST', '/v1/blobs/missing', { sha256: [small[0]!.sha256] })).json()).toEqual({ missing: [small[0]!.sha256] });
    // Cut off in the middle of a frame.
    const whole = encodeBundle(small);
    expect((await send(admin, whole.subarray(0, whole.length - 3))).status).toBe(400);
    const { token: reader } = await addTeamUser(databaseUrl, 'bundle-reader', 'reader');
    expect((await send(reader, whole)).status).toBe(403);
    expect(await (await send(admin, whole)).json()).toEqual({ stored: 3 });
    expect((await send(admin, encodeBundle([big]))).status).toBe(200);
    // Asked for in an order, with one unknown: the known ones come back in that order.
    const unknown = 'f'.repeat(64);
    const got = async (shas: string[]) => decodeBundle(new Uint8Array(await (await call(admin, 'POST', '/v1/blobs/get', { sha256: shas })).arrayBuffer()));
    expect(await got([small[2]!.sha256, unknown, small[0]!.sha256])).toEqual([small[2], small[0]]);
    // The big one fills a bundle: it comes alone first, the rest at the next request.
    expect((await got([big.sha256, small[1]!.sha256])).map((b) => b.sha256)).toEqual([big.sha256]);
    expect((await got([small[1]!.sha256, big.sha256])).map((b) => b.sha256)).toEqual([small[1]!.sha256]);
  });

  it('speaks HTTPS with a certificate and key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'pipe' });
      const cert = readFileSync(path.join(dir, 'cert.pem'));
      const tls = await startTeamServer({ databaseUrl, port: 0, tls: { cert, key: readFileSync(path.join(dir, 'key.pem')) } });
      try {
        expect(tls.url).toMatch(/^https:/);
        const body = await new Promise<string>((resolve, reject) => {
          const req = https.get(`${tls.url}/v1/hello`, { ca: cert, checkServerIdentity: () => undefined, headers: { authorization: `Bearer ${admin}` } }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve(text));
          });
          req.on('error', reject);
        });
        expect(JSON.parse(body)).toMatchObject({ user: 'admin', role: 'admin' });
      } finally {
        await tls.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes who did what to the audit table', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl });
    try {
      const { rows } = await pool.query(`SELECT a.action, u.name FROM audit a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id`);
      const actions = rows.map((r) => `${r.action}:${r.name ?? ''}`);
      expect(actions).toContain('user.add:');
      expect(actions).toContain('push:admin');
      expect(actions).toContain('push.refused:rita');
      expect(actions).toContain('user.revoke:');
      expect(actions).toContain('blob.put:admin');
    } finally {
      await pool.end();
    }
  });
});
