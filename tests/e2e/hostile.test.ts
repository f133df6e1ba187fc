/**
 * A hostile capture (scripts, onerror, javascript: links, SVG with script, CSS and
 * images that load remote URLs, a meta refresh, an iframe) runs nothing and requests
 * nothing in the reader: every injected script would call an exposed binding, and every
 * request that leaves the loopback origin is counted. Both must stay at zero.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { launch, newContext, openApp, serve, type Served } from './harness.ts';

const EVIL = 'http://evil.example';
const BODY = 'The committee heard evidence for most of the afternoon, and members said they would return to the question of funding when the session resumes next week. ';

const HOSTILE = `<!doctype html><html><head>
<title>Hostile capture &lt;img src=x onerror=__pwned('title')&gt;</title>
<meta http-equiv="refresh" content="0;url=${EVIL}/refresh">
<base href="${EVIL}/">
<link rel="stylesheet" href="${EVIL}/style.css">
<style>@import url(${EVIL}/import.css); body { background: url(${EVIL}/bg.png) } @font-face { font-family: x; src: url(${EVIL}/font.woff2) }</style>
<script>window.__pwned && window.__pwned('head script')</script>
<script src="${EVIL}/remote.js"></script>
</head><body onload="__pwned('onload')">
<article>
<h1>Hostile capture <img src=x onerror="__pwned('h1 img')"></h1>
<p class="byline">By Mallory Example</p>
<p>${BODY}<img src="nope.png" onerror="__pwned('onerror')"> It ends with <a href="javascript:__pwned('js link')">a javascript: link</a>.</p>
<figure><img src="${EVIL}/pixel.gif" alt="remote pixel"><figcaption>A remote picture <span onmouseover="__pwned('caption')">caption</span></figcaption></figure>
<p style="background-image: url(${EVIL}/inline.png)">${BODY}</p>
<svg width="10" height="10"><script>__pwned('svg script')</script><image href="${EVIL}/svg.png"/><a href="javascript:__pwned('svg link')"><text>x</text></a></svg>
<iframe src="${EVIL}/frame" srcdoc="<script>parent.__pwned('srcdoc')</script>"></iframe>
<object data="${EVIL}/object.swf"></object><embed src="${EVIL}/embed.swf">
<video src="${EVIL}/v.mp4" poster="${EVIL}/poster.png"></video>
<form action="${EVIL}/post"><input autofocus onfocus="__pwned('onfocus')"></form>
<p>${BODY} &lt;script&gt;__pwned('escaped text')&lt;/script&gt; ${BODY}</p>
<p><img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' onload='__pwned(1)'/%3E" alt="svg data"></p>
</article></body></html>`;

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serve(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('a hostile capture', () => {
  it('runs nothing and requests nothing, dropped in and opened in the reader', async () => {
    const ctx = await newContext(browser, served);
    let executions = 0;
    const calls: string[] = [];
    await ctx.exposeBinding('__pwned', (_source, what: unknown) => {
      executions++;
      calls.push(String(what));
    });
    const outside: string[] = [];
    ctx.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(served.origin) && !u.startsWith('data:') && !u.startsWith('blob:')) outside.push(u);
    });
    const page = await openApp(ctx, served);

    // Drop it on the window, as a file.
    await page.evaluate((html) => {
      const dt = new DataTransfer();
      dt.items.add(new File([html], 'hostile.html', { type: 'text/html' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, HOSTILE);
    await page.locator('#reader-title').filter({ hasText: 'Hostile capture' }).waitFor();

    // Hover and click what a reader would.
    for (const sel of ['.article-body p', 'figure', '#reader-title']) {
      const el = page.locator(sel).first();
      if (await el.count()) await el.hover();
    }
    await page.locator('.article-body p').first().click();
    await page.waitForTimeout(1000);

    // It was stored, and its text is shown as text.
    const { id } = (await call(served, 'clippings.list', { limit: 1 })).items[0]!;
    const d = await call(served, 'clippings.get', { id });
    expect(d.text).toContain('committee heard evidence');
    expect(await page.locator('.article-body script, .article-body img, .article-body iframe, .article-body a, .article-body svg').count()).toBe(0);
    expect(await page.locator('img[src^="http"], link[href^="http"], script[src^="http"]').count()).toBe(0);

    // A search snippet of it is text, too.
    await page.keyboard.press('/');
    await page.keyboard.type('committee');
    await page.keyboard.press('Enter');
    await page.locator('.list-scroll .row mark').first().waitFor();
    await page.locator('.list-scroll .row').first().click();
    await page.waitForTimeout(500);

    expect(calls).toEqual([]);
    expect(executions).toBe(0);
    expect(outside).toEqual([]);
    await ctx.close();
  });
});
