import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCapture } from '../../electron/core/capture/fetch.ts';
import { CaptureError } from '../../electron/core/capture/types.ts';

// Loopback only: every request in these tests goes to 127.0.0.1.
let server: Server;
let base = '';
const seenUserAgents: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenUserAgents.push(String(req.headers['user-agent']));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const hop = Number(url.searchParams.get('n') ?? '0');
    switch (url.pathname) {
      case '/page':
        res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
        res.end(Buffer.from('<html><body><p>caf\xe9</p></body></html>', 'latin1'));
        return;
      case '/chain': // /chain?n=3 → /chain?n=2 → … → /page
        res.writeHead(hop > 0 ? 302 : 301, { location: hop > 0 ? `/chain?n=${hop - 1}` : '/page' });
        res.end();
        return;
      case '/absolute':
        res.writeHead(307, { location: `${base}/page` });
        res.end();
        return;
      case '/to-file':
        res.writeHead(302, { location: 'file:///etc/passwd' });
        res.end();
        return;
      case '/no-location':
        res.writeHead(302);
        res.end();
        return;
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html>');
        setTimeout(() => res.end('</html>'), 2000).unref();
        return;
      case '/slow-headers':
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html></html>');
        }, 2000).unref();
        return;
      case '/big': {
        // No Content-Length: the cap must hold while streaming.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(16 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < 64) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      case '/big-declared':
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(10 * 1024 * 1024) });
        res.end();
        return;
      case '/image':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
        return;
      case '/pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end('%PDF-1.4');
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('fetchCapture (loopback server)', () => {
  it('fetches an HTML page with its content type (charset kept)', async () => {
    const r = await fetchCapture(`${base}/page`, { userAgent: 'CuttingsTest/1' });
    expect(r.mediaType).toBe('text/html; charset=iso-8859-1');
    expect(r.finalUrl).toBe(`${base}/page`);
    expect(Buffer.from(r.bytes).toString('latin1')).toBe('<html><body><p>caf\xe9</p></body></html>');
    expect(seenUserAgents).toContain('CuttingsTest/1');
  });

  it('follows a chain of up to 5 redirects (relative and absolute) and reports the final address', async () => {
    const r = await fetchCapture(`${base}/chain?n=4`); // 5 redirects in all
    expect(r.finalUrl).toBe(`${base}/page`);
    const abs = await fetchCapture(`${base}/absolute`);
    expect(abs.finalUrl).toBe(`${base}/page`);
  });

  it('refuses more than 5 redirects', async () => {
    await expect(fetchCapture(`${base}/chain?n=5`)).rejects.toThrow(/too many redirects \(more than 5\)/);
  });

  it('refuses a redirect to a non-web address', async () => {
    await expect(fetchCapture(`${base}/to-file`)).rejects.toThrow(/redirect to a non-web address \(file:\) refused/);
    await expect(fetchCapture(`${base}/no-location`)).rejects.toThrow(/without a Location/);
  });

  it('reports an HTTP error status', async () => {
    const err = await fetchCapture(`${base}/missing`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaptureError);
    expect((err as Error).message).toBe(`could not fetch ${base}/missing: the server answered 404 Not Found`);
  });

  it('times out on a slow body and on slow headers', async () => {
    await expect(fetchCapture(`${base}/slow`, { timeoutMs: 200 })).rejects.toThrow(`could not fetch ${base}/slow: timed out after 0.2 s`);
    await expect(fetchCapture(`${base}/slow-headers`, { timeoutMs: 200 })).rejects.toThrow(/timed out after 0\.2 s/);
  });

  it('caps the size while streaming and by Content-Length', async () => {
    await expect(fetchCapture(`${base}/big`, { maxBytes: 256 * 1024 })).rejects.toThrow(/too large \(more than 0\.3 MB\)/);
    await expect(fetchCapture(`${base}/big-declared`, { maxBytes: 1024 * 1024 })).rejects.toThrow(/too large \(10 MB; the limit is 1\.0 MB\)/);
    const ok = await fetchCapture(`${base}/big`, { maxBytes: 2 * 1024 * 1024 });
    expect(ok.bytes.byteLength).toBe(64 * 16 * 1024);
  });

  it('accepts capture types only', async () => {
    await expect(fetchCapture(`${base}/image`)).rejects.toThrow(/unsupported content type image\/png/);
    const pdf = await fetchCapture(`${base}/pdf`);
    expect(pdf.mediaType).toBe('application/pdf');
  });

  it('accepts http(s) addresses only', async () => {
    await expect(fetchCapture('file:///etc/passwd')).rejects.toThrow(/only http and https addresses can be fetched, not file/);
    await expect(fetchCapture('not a url')).rejects.toThrow(CaptureError);
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetchCapture(`http://127.0.0.1:${port}/`)).rejects.toThrow(/connection was refused/);
  });
});
