/**
 * The clipper's background: the service worker in Chromium, a background script in
 * Firefox (the same file). It captures pages (page-capture.ts, injected into the tab the
 * user's click granted: activeTab), talks to Cuttings (endpoint.ts), keeps clips that
 * cannot be delivered yet (queue.ts), and owns the context menus and the shortcut.
 */
import type { ArgsIn } from '../../electron/contract/methods.ts';
import { call, EndpointError, findPort, isPaired, saveToken, Unreachable } from './endpoint.ts';
import type { ClipOutcome, ClipRequest, Message, Status, Wrapped } from './messages.ts';
import { capturePage, showToast, type PageCapture } from './page-capture.ts';
import { dequeue, enqueue, readQueue, showCount, type QueuedClip } from './queue.ts';

/** Images larger than this are left out, and no more than the total (the endpoint takes 64 MB, base64 grows by a third). */
const IMAGE_LIMITS = { imageBytes: 8 * 1024 * 1024, totalImageBytes: 40 * 1024 * 1024 };
/** While clips wait, delivery is tried this often (each try also keeps the worker alive). */
const RETRY_MS = 5_000;

async function captureTab(tabId: number): Promise<PageCapture> {
  let results;
  try {
    results = await chrome.scripting.executeScript({ target: { tabId }, func: capturePage, args: [IMAGE_LIMITS] });
  } catch (err) {
    throw new Error(`This page cannot be clipped: the browser does not let extensions read it (${(err as Error).message}).`);
  }
  const page = results[0]?.result;
  if (!page) throw new Error('This page cannot be clipped: it gave nothing back.');
  return page;
}

function toast(tabId: number | undefined, text: string, ok: boolean): void {
  if (tabId !== undefined) void chrome.scripting.executeScript({ target: { tabId }, func: showToast, args: [text, ok] }).catch(() => {});
}

/** The capture the endpoint gets: the whole page, or the selection alone. */
function captureArgs(page: PageCapture, selectionOnly: boolean): ArgsIn<'clipper.add'>['capture'] {
  if (selectionOnly && page.selection) {
    // Only the images the selection shows (the page names them by address, often relative).
    const html = page.selection.html;
    const images = page.images.filter((i) => html.includes(new URL(i.url).pathname.split('/').pop() || i.url));
    return { url: page.url, title: page.title, html, images, selection: true };
  }
  return { url: page.url, title: page.title, html: page.html, images: page.images, selection: false };
}

function addArgs(req: ClipRequest, key: string): ArgsIn<'clipper.add'> {
  const sel = req.capture.selection;
  return {
    capture: captureArgs(req.capture, req.selectionOnly),
    key,
    ...(req.title?.trim() ? { title: req.title.trim() } : {}),
    ...(req.outlet !== undefined ? { outlet: req.outlet } : {}),
    ...(req.publishedAt !== undefined ? { publishedAt: req.publishedAt } : {}),
    tags: req.tags,
    note: req.note,
    ...(req.highlightSelection && sel ? { highlight: { exact: sel.exact, prefix: sel.prefix, suffix: sel.suffix } } : {}),
  };
}

let retryTimer: ReturnType<typeof setTimeout> | null = null;
function scheduleRetry(): void {
  if (retryTimer === null) {
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void flush();
    }, RETRY_MS);
  }
}

async function queued(reason: string): Promise<ClipOutcome> {
  scheduleRetry();
  return { state: 'queued', waiting: (await readQueue()).length, reason };
}

/** Sends one queued clip; it leaves the queue once Cuttings has answered for it (stored, or refused for good). */
async function deliver(clip: QueuedClip): Promise<ClipOutcome> {
  try {
    const result = await call('clipper.add', clip.args);
    await dequeue(clip.key);
    return { state: 'delivered', result };
  } catch (err) {
    if (err instanceof Unreachable) return queued('Cuttings is not running: the clip is kept here and will be delivered when it is.');
    if (err instanceof EndpointError) {
      if (err.status === 401) return queued('This browser is not paired with Cuttings (or its pairing was revoked): pair it again; the clip is kept until then.');
      if (err.status === 429 || err.status >= 500) return queued(`Cuttings could not take the clip yet (${err.message}); it is kept and will be sent again.`);
      await dequeue(clip.key);
      return { state: 'error', message: err.message };
    }
    return queued(`The clip could not be sent (${(err as Error).message}); it is kept and will be sent again.`);
  }
}

let flushing: Promise<{ delivered: number; waiting: number }> | null = null;
/** Delivers what waits, oldest first, until Cuttings cannot be reached. */
function flush(): Promise<{ delivered: number; waiting: number }> {
  flushing ??= (async () => {
    let delivered = 0;
    try {
      for (const clip of await readQueue()) {
        const out = await deliver(clip);
        if (out.state === 'queued') break;
        if (out.state === 'delivered') delivered++;
      }
    } finally {
      flushing = null;
    }
    const waiting = (await readQueue()).length;
    await showCount(waiting);
    if (waiting > 0) scheduleRetry();
    return { delivered, waiting };
  })();
  return flushing;
}

async function clip(req: ClipRequest): Promise<ClipOutcome> {
  const key = crypto.randomUUID();
  const entry: QueuedClip = { key, args: addArgs(req, key), queuedAt: new Date().toISOString() };
  await enqueue(entry);
  // Earlier clips go first.
  if (flushing) await flushing;
  return deliver(entry).finally(async () => showCount((await readQueue()).length));
}

function browserName(): string {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chromium' : 'Browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'this computer';
  return `${browser} on ${os}`;
}

async function pair(): Promise<{ code: string }> {
  const ticket = await call('clipper.pair', { name: browserName() });
  await chrome.storage.local.set({ pairRequest: ticket.request });
  return { code: ticket.code };
}

async function pairStatus(): Promise<{ state: 'none' | 'pending' | 'approved' | 'denied' }> {
  const { pairRequest } = (await chrome.storage.local.get('pairRequest')) as { pairRequest?: string };
  if (!pairRequest) return { state: (await isPaired()) ? 'approved' : 'none' };
  const s = await call('clipper.pairStatus', { request: pairRequest });
  if (s.state === 'pending') return { state: 'pending' };
  await chrome.storage.local.remove('pairRequest');
  if (s.state === 'approved' && s.token) {
    await saveToken(s.token);
    void flush();
    return { state: 'approved' };
  }
  return { state: s.state === 'denied' ? 'denied' : 'none' };
}

async function status(): Promise<Status> {
  return { paired: await isPaired(), waiting: (await readQueue()).length };
}

async function handle(m: Message): Promise<unknown> {
  switch (m.type) {
    case 'status':
      return status();
    case 'capture':
      return captureTab(m.tabId);
    case 'preview':
      return call('clipper.preview', { capture: captureArgs(m.capture, m.selectionOnly) });
    case 'names':
      return call('clipper.names', {});
    case 'clip':
      return clip(m.request);
    case 'pair':
      return pair();
    case 'pairStatus':
      return pairStatus();
    case 'flush':
      return flush();
    case 'open':
      return call('clipper.open', { id: m.id });
  }
}

chrome.runtime.onMessage.addListener((message: Message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  handle(message).then(
    (value) => sendResponse({ ok: true, value } satisfies Wrapped<unknown>),
    (err: unknown) => sendResponse({ ok: false, error: (err as Error).message, unreachable: err instanceof Unreachable } satisfies Wrapped<unknown>),
  );
  return true;
});

// Context menus and the shortcut: clip without the popup, the outcome shown in the page.
const MENU = { page: 'cuttings-clip-page', selection: 'cuttings-clip-selection', highlight: 'cuttings-highlight' } as const;

chrome.runtime.onInstalled.addListener(() => {
  void chrome.contextMenus.removeAll().then(() => {
    chrome.contextMenus.create({ id: MENU.page, title: 'Clip to Cuttings', contexts: ['page', 'selection'] });
    chrome.contextMenus.create({ id: MENU.selection, title: 'Clip selection', contexts: ['selection'] });
    chrome.contextMenus.create({ id: MENU.highlight, title: 'Highlight in Cuttings', contexts: ['selection'] });
  });
});

const SAID: Record<string, string> = { added: 'Saved to Cuttings', duplicate: 'Already in the archive', updated: 'Saved as a new version' };

function say(tabId: number | undefined, out: ClipOutcome): void {
  if (out.state === 'delivered') toast(tabId, `${SAID[out.result.status]}: ${out.result.title}`, true);
  else toast(tabId, out.state === 'queued' ? out.reason : out.message, out.state === 'queued');
}

async function quickClip(tabId: number, selectionOnly: boolean): Promise<ClipOutcome> {
  const capture = await captureTab(tabId);
  return clip({ capture, selectionOnly, highlightSelection: false, tags: [], note: '' });
}

/** "Highlight in Cuttings": the selection as a highlight of the clipping of this page. */
async function highlight(tabId: number): Promise<string> {
  const page = await captureTab(tabId);
  if (!page.selection) throw new Error('Select the passage to highlight first.');
  await call('clipper.annotate', { url: page.url, exact: page.selection.exact, prefix: page.selection.prefix, suffix: page.selection.suffix });
  return 'Highlighted in Cuttings';
}

chrome.contextMenus.onClicked.addListener((info, tab) => {
  const tabId = tab?.id;
  if (tabId === undefined) return;
  const run =
    info.menuItemId === MENU.highlight
      ? highlight(tabId).then((text) => toast(tabId, text, true))
      : quickClip(tabId, info.menuItemId === MENU.selection).then((out) => say(tabId, out));
  run.catch((err: unknown) => toast(tabId, (err as Error).message, false));
});

chrome.commands.onCommand.addListener((command, tab) => {
  if (command !== 'clip-page' || tab?.id === undefined) return;
  const tabId = tab.id;
  quickClip(tabId, false).then(
    (out) => say(tabId, out),
    (err: unknown) => toast(tabId, (err as Error).message, false),
  );
});

chrome.runtime.onStartup.addListener(() => void flush());
void readQueue().then(async (q) => {
  if (q.length) await flush();
  else await showCount(0);
});

/**
 * TEST ONLY (tests/e2e/clipper.test.ts): the end-to-end test drives the clipper through
 * these instead of clicking the browser's own chrome (toolbar button, context menu),
 * which automation cannot reach. They run exactly the code those clicks run.
 */
const testHooks = {
  /** The newest tab showing an address that starts so. */
  tabId: async (urlPrefix: string) => Math.max(-1, ...(await chrome.tabs.query({})).filter((t) => t.url?.startsWith(urlPrefix)).map((t) => t.id ?? -1)),
  clip: async (tabId: number, opts: Partial<ClipRequest> = {}) => clip({ capture: await captureTab(tabId), selectionOnly: false, highlightSelection: false, tags: [], note: '', ...opts }),
  highlight,
  pair,
  pairStatus,
  flush,
  status,
  badge: () => chrome.action.getBadgeText({}),
  findPort: () => findPort(),
};
(globalThis as unknown as { cuttingsTest: typeof testHooks }).cuttingsTest = testHooks;

