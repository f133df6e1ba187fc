/**
 * Browser mode's files (electron/server.ts): the page never names a path. Uploads come
 * back as single-use grants, exports and backups go to save grants and leave as
 * single-use downloads; plain paths are refused for every place field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/server.ts';
import { HARWICK } from '../fixtures/articles.ts';
import { tempDir } from '../helpers.ts';
import { api, http, start } from '../loopback.ts';

const upload = (s: RunningServer, name: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  http(s.port, { method: 'POST', path: `/api/upload?name=${encodeURIComponent(name)}`, headers: { 'Content-Type': 'application/octet-stream', 'X-Cuttings-Token': s.token, ...headers }, body });
const save = (s: RunningServer, name: string) =>
  http(s.port, { method: 'POST', path: `/api/save?name=${encodeURIComponent(name)}`, headers: { 'X-Cuttings-Token': s.token } });
const result = <T>(r: { body: string }) => (JSON.parse(r.body) as { result: T }).result;
/** Everything in the server's temporary folder (its own cuttings-serve-* folder inside `dir`). */
const leftovers = (dir: string) => readdirSync(dir, { recursive: true }).filter((f) => !/^cuttings-serve-[^/]*$/.test(String(f)));

describe('browser mode: no paths from the page', () => {
  it('refuses plain paths for every place field (403, forbidden) and writes nothing', async () => {
    const s = await start();
    const dir = tempDir();
    const calls: [string, unknown][] = [
      ['clippings.import', { paths: ['/etc/passwd'] }],
      ['export.write', { selection: { all: true }, format: 'md', out: path.join(dir, 'x') }],
      ['archive.backup', { file: path.join(dir, 'b.db') }],
      ['archive.restore', { file: path.join(dir, 'b.db'), force: true }],
      ['archive.importLibrary', { file: path.join(dir, 'lib.json') }],
    ];
    for (const [method, args] of calls) {
      const r = await api(s, method, args);
      expect(r.status, method).toBe(403);
      expect(JSON.parse(r.body), method).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/not a path/) } });
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(result<{ clippings: number }>(await api(s, 'archive.stats', {})).clippings).toBe(0);
    // Web addresses are not paths: not refused as such (this one is unreachable, so it fails as an import).
    const web = await api(s, 'clippings.import', { paths: ['http://127.0.0.1:9/none.html'] });
    expect(web.status).toBe(200);
    expect(JSON.parse(web.body)).toMatchObject({ ok: true, result: { errors: 1 } });
  });

  it('imports an upload through its grant, once; forged and reused grants are refused', async () => {
    const s = await start();
    const up = await upload(s, 'harwick.txt', readFileSync(HARWICK.capture));
    expect(up.status).toBe(200);
    const { grant, bytes } = result<{ grant: string; bytes: number }>(up);
    expect(bytes).toBe(readFileSync(HARWICK.capture).length);
    expect(up.body).not.toContain('cuttings-serve-');
    const first = await api(s, 'clippings.import', { paths: [{ grant }] });
    expect(JSON.parse(first.body)).toMatchObject({ ok: true, result: { added: 1 } });
    // The upload is known by the user's own file name, never by the server's temporary path:
    // in the import's answer and as the clipping's source file.
    expect(first.body).not.toContain('cuttings-serve-');
    const { results } = result<{ results: { file: string; id: number }[] }>(first);
    expect(results.map((r) => r.file)).toEqual(['harwick.txt']);
    const got = result<{ capture: { sourcePath: string | null } | null }>(await api(s, 'clippings.get', { id: results[0]!.id }));
    expect(got.capture?.sourcePath).toBe('harwick.txt');
    const again = await api(s, 'clippings.import', { paths: [{ grant }] });
    expect(again.status).toBe(403);
    const forged = await api(s, 'clippings.import', { paths: [{ grant: `g${'1'.repeat(32)}` }] });
    expect(forged.status).toBe(403);
    // A grant is no path: a name inside an upload grant is refused too.
    const up2 = result<{ grant: string }>(await upload(s, 'x.txt', 'hello'));
    expect((await api(s, 'clippings.import', { paths: [{ grant: up2.grant, name: 'passwd' }] })).status).toBe(400);
  });

  it('needs the token header for uploads and saves, and raw bytes', async () => {
    const s = await start();
    expect((await upload(s, 'a.txt', 'x', { 'X-Cuttings-Token': 'wrong' })).status).toBe(401);
    expect((await http(s.port, { method: 'POST', path: '/api/save?name=a.md' })).status).toBe(401);
    expect((await upload(s, 'a.txt', 'x', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await http(s.port, { path: '/api/upload?name=a.txt', headers: { 'X-Cuttings-Token': s.token } })).status).toBe(405);
  });

  it('refuses an upload over the cap while it streams, and keeps nothing of it', async () => {
    const temp = tempDir();
    const s = await start({ tempDir: temp, uploadLimit: 64 * 1024 });
    // Declared too large: refused before a byte is read.
    const declared = await upload(s, 'big.txt', '', { 'Content-Length': String(10 * 1024 * 1024) }).catch(() => ({ status: 413 }));
    expect(declared.status).toBe(413);
    // Chunked (no length): the request is never ended, so only a server that refuses
    // while the bytes arrive (rather than after reading them all) can answer.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/api/upload?name=big.txt', headers: { 'Content-Type': 'application/octet-stream', 'X-Cuttings-Token': s.token, 'Transfer-Encoding': 'chunked' } }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.write(Buffer.alloc(200 * 1024, 'a'));
    });
    expect(status).toBe(413);
    expect(leftovers(temp)).toEqual([]);
    // The server still works, and an upload under the cap is accepted.
    expect((await upload(s, 'small.txt', 'hello')).status).toBe(200);
    await s.close();
    expect(readdirSync(temp)).toEqual([]);
  });

  it('exports and backs up to downloads: single-use, after the write, with Content-Disposition', async () => {
    const temp = tempDir();
    const s = await start({ tempDir: temp });
    await api(s, 'clippings.add', { capture: { name: 'h.txt', text: readFileSync(HARWICK.capture, 'utf8') } });
    const place = result<{ grant: string; download: string }>(await save(s, 'review.md'));
    expect(place.download).toMatch(/^\/api\/download\/[0-9a-f]{32}$/);
    // Not before the file was written.
    expect((await http(s.port, { path: place.download })).status).toBe(404);
    const w = await api(s, 'export.write', { selection: { all: true }, format: 'md', out: { grant: place.grant } });
    expect(w.status).toBe(200);
    const got = await http(s.port, { path: place.download });
    expect(got.status).toBe(200);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="review.md"; filename*=UTF-8''review.md`);
    expect(got.body).toContain('Harwick');
    expect((await http(s.port, { path: place.download })).status).toBe(404);
    // The save grant was single-use.
    expect((await api(s, 'export.write', { selection: { all: true }, format: 'md', out: { grant: place.grant } })).status).toBe(403);

    const b = result<{ grant: string; download: string }>(await save(s, 'backup.db'));
    expect((await api(s, 'archive.backup', { file: { grant: b.grant } })).status).toBe(200);
    const backup = await http(s.port, { path: b.download });
    expect(backup.status).toBe(200);
    expect(backup.body.startsWith('SQLite format 3')).toBe(true);
    // Several files into one download: a zip.
    await api(s, 'clippings.add', { capture: { name: 'o.txt', text: `Another article\n\n${'Other words about other things entirely. '.repeat(20)}` } });
    const z = result<{ grant: string; download: string }>(await save(s, 'export.zip'));
    expect(JSON.parse((await api(s, 'export.write', { selection: { all: true }, format: 'md', out: { grant: z.grant } })).body)).toMatchObject({ ok: true, result: { clippings: 2 } });
    const zipped = await http(s.port, { path: z.download });
    expect(zipped.body.startsWith('PK\u0003\u0004')).toBe(true);

    // A guessed id is nothing.
    expect((await http(s.port, { path: `/api/download/${'0'.repeat(32)}` })).status).toBe(404);
    expect(leftovers(temp).filter((f) => !/[ud]-[0-9a-f]+$/.test(String(f)))).toEqual([]);
  });

  it('restores from an uploaded backup and loads an uploaded library', async () => {
    const s = await start();
    await api(s, 'clippings.add', { capture: { name: 'h.txt', text: readFileSync(HARWICK.capture, 'utf8') } });
    const b = result<{ grant: string; download: string }>(await save(s, 'backup.db'));
    await api(s, 'archive.backup', { file: { grant: b.grant } });
    const bytes = await new Promise<Buffer>((resolve) =>
      request({ host: '127.0.0.1', port: s.port, path: b.download }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      }).end(),
    );
    const lib = result<{ grant: string; download: string }>(await save(s, 'library.json'));
    await api(s, 'export.write', { selection: { all: true }, format: 'json', out: { grant: lib.grant } });
    const libJson = (await http(s.port, { path: lib.download })).body;

    const emptyArchive = async () => {
      for (const { id } of result<{ items: { id: number }[] }>(await api(s, 'clippings.list', {})).items) await api(s, 'clippings.delete', { selection: { ids: [id] } });
      await api(s, 'trash.empty', {});
    };
    await emptyArchive();
    const upLib = result<{ grant: string }>(await upload(s, 'library.json', libJson));
    expect(JSON.parse((await api(s, 'archive.importLibrary', { file: { grant: upLib.grant } })).body)).toMatchObject({ ok: true, result: { clippings: 1 } });

    await emptyArchive();
    const up = result<{ grant: string }>(await upload(s, 'backup.db', bytes));
    const r = await api(s, 'archive.restore', { file: { grant: up.grant }, force: true });
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, result: { clippings: 1 } });
  });
});
