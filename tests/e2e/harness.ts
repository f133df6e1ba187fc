/**
 * End-to-end harness: the real `cuttings serve` (built CLI + built renderer) on a fresh
 * archive, driven in Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildRenderer } from '../setup/build-renderer.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Served {
  url: string;
  origin: string;
  token: string;
  dir: string;
  db: string;
  proc: ChildProcess;
  /** What the process has printed to stdout so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Builds what is missing, then starts `node dist/cli.mjs serve --db <tmp> --port 0`.
 * The browser clipper's endpoint (fixed ports 27183–27187) is off unless `clipper` is
 * set, so e2e files running at once do not take those ports from the clipper's test.
 * `root`: another checkout's build, served as it is (a benchmark's baseline; nothing built).
 */
export async function serve(opts: { db?: string; env?: Record<string, string>; clipper?: boolean; args?: string[]; root?: string } = {}): Promise<Served> {
  if (!opts.root) {
    if (!existsSync(path.join(ROOT, 'dist/cli.mjs'))) {
      const { execFileSync } = await import('node:child_process');
      execFileSync(process.execPath, [path.join(ROOT, 'build/build.mjs'), 'cli'], { cwd: ROOT, stdio: 'inherit' });
    }
    buildRenderer();
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-e2e-'));
  const db = opts.db ?? path.join(dir, 'cuttings.db');
  const proc = spawn(process.execPath, [path.join(opts.root ?? ROOT, 'dist/cli.mjs'), '--db', db, 'serve', '--port', '0', ...(opts.clipper ? [] : ['--clipper-port', 'off']), ...(opts.args ?? [])], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 20 s: ${out}${err}`)), 20_000);
    proc.stdout!.on('data', () => {
      const m = /Cuttings is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${out}${err}`));
    });
  });
  const u = new URL(url);
  const token = decodeURIComponent(u.searchParams.get('token') ?? '');
  return {
    url,
    origin: u.origin,
    token,
    dir,
    db,
    proc,
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      if (!opts.db) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A plain browser profile: nothing but the printed URL gives the page its token (no
 * extra headers). `_served` is kept so callers (tests/bench/browser.ts) need no change.
 */
export async function newContext(browser: Browser, _served?: Served | null, opts: { colorScheme?: 'light' | 'dark'; acceptDownloads?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: opts.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    acceptDownloads: opts.acceptDownloads ?? false,
  });
}

/**
 * Drops files or folders on the window as a user drags them from the desktop (DevTools'
 * `Input.dispatchDragEvent`). The window takes drops once React has attached its
 * listeners, which on a busy machine can come after the first paint: a drag entering too
 * early is not seen, and a drop nobody accepts is no drop at all. So the drag enters until
 * the window shows it is dragged over (`.app.dragging`), then drops.
 */
export async function dropOnWindow(page: Page, files: string[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files, dragOperationsMask: 1 };
  const at = { x: 400, y: 300 };
  const deadline = Date.now() + 15_000;
  for (;;) {
    await cdp.send('Input.dispatchDragEvent', { type: 'dragEnter', ...at, data });
    if ((await page.locator('.app.dragging').count()) === 1) break;
    if (Date.now() > deadline) throw new Error('the window never showed files dragged over it');
    await page.waitForTimeout(100);
  }
  for (const type of ['dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}

/** Opens the printed URL and waits for the app shell. */
export async function openApp(ctx: BrowserContext, served: Served): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(served.url);
  await page.waitForSelector('.topbar');
  return page;
}

/** Selects `needle` inside the paragraph of the reader that contains `context`. */
export async function selectInReader(page: Page, context: string, needle: string): Promise<void> {
  await page.evaluate(
    ([ctx, word]) => {
      const paras = Array.from(document.querySelectorAll<HTMLElement>('.article-body p'));
      const p = paras.find((el) => (el.textContent ?? '').includes(ctx!));
      if (!p) throw new Error(`no paragraph contains "${ctx}"`);
      const full = p.textContent ?? '';
      const at = full.indexOf(ctx!) + ctx!.indexOf(word!);
      // Walk the text nodes to the offsets.
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let pos = 0;
      let startNode: Text | null = null;
      let startOff = 0;
      let endNode: Text | null = null;
      let endOff = 0;
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const len = n.data.length;
        if (!startNode && at < pos + len) {
          startNode = n;
          startOff = at - pos;
        }
        if (startNode && at + word!.length <= pos + len) {
          endNode = n;
          endOff = at + word!.length - pos;
          break;
        }
        pos += len;
      }
      if (!startNode || !endNode) throw new Error('could not place the selection');
      const range = document.createRange();
      range.setStart(startNode, startOff);
      range.setEnd(endNode, endOff);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      p.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    },
    [context, needle],
  );
}

/** The path of a committed screenshot (tests/e2e/screenshots/NAME), its folder made if missing. */
export function shot(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
}

/**
 * Types a query into the search box, presses Enter and waits until the list shows that
 * search's whole answer (the list's pane no longer aria-busy: browser mode streams the first
 * hits, then the rest, facets and dates, which may move the list down), and a frame drawn
 * after. (Waiting for "Searching…" to go could pass before the search began: a row then
 * pressed was the list's before the search, and under load the answer re-drew the list
 * between the press and the release, losing the click.)
 */
export async function submitSearch(p: Page, q: string): Promise<void> {
  await p.fill('input.search-input', q);
  await p.keyboard.press('Enter');
  await p.waitForSelector('.list-pane[aria-busy="false"]');
  await p.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}
