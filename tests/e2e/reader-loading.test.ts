/**
 * Opening a clipping from the list (issue 14, "click → clipping shown"), in Chromium over
 * browser mode: a press on a row asks for the clipping before the button comes up, so the
 * click that opens it finds its text there and shows it at once, head and text in the one
 * render; an answer asked for ahead is used once, and not once it is old. And what the
 * reader does while the text is still on its way: Ctrl+F opens the find bar there and
 * then, the words typed go into it, and they are found once the text is in.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { launch, newContext, openApp, serve, type Served, submitSearch } from './harness.ts';

let served: Served;
let browser: Browser;

const page = (title: string, paras: string[]) => `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${paras.map((x) => `<p>${x}</p>`).join('')}</article></body></html>`;

/** Three clippings unlike each other (no story cluster: opening one asks for no other). */
const STORIES: [string, string[]][] = [
  [
    'Harbour wall survey',
    Array.from({ length: 40 }, (_, i) =>
      i === 39 ? 'The last section, by the lighthouse, needs a zeppelin-sized crane, the surveyors wrote in their closing note.' : `Section ${i + 1} of the harbour wall was surveyed stone by stone in the spring, and its mortar was found sound.`,
    ),
  ],
  [
    'Canal lock 1',
    [
      'The swing bridge over the river will close for a month while engineers repaint its steel frame and replace the motor.',
      'Drivers are asked to use the ring road, and a ferry will carry people on foot across the water every half hour.',
    ],
  ],
  [
    'Canal lock 2',
    [
      'The lock gates on the canal were replaced this winter after the old oak gates began to leak badly in the autumn floods.',
      'Boaters waited three weeks while the new gates were fitted, and the canal trust thanked every crew for its patience.',
      'The canal trust said the new gates should last fifty years, twice as long as the oak ones they replace.',
    ],
  ],
  [
    'Canal lock 3',
    [
      'A family of otters has been seen on the towpath near the old mill for the first time in living memory, volunteers said.',
      'Walkers are asked to keep dogs on a lead along that stretch until the summer, when the young can swim on their own.',
    ],
  ],
];

beforeAll(async () => {
  [served, browser] = await Promise.all([serve(), launch()]);
  for (const [i, [title, paras]] of STORIES.entries()) {
    expect((await call(served, 'clippings.add', { capture: { name: `story${i}.html`, text: page(title, paras) } })).status).toBe('added');
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

/** The clipping requests the page sends, as they go. */
function watchGets(p: Page): Request[] {
  const gets: Request[] = [];
  p.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/clippings.get') gets.push(r);
  });
  return gets;
}

/** Records, in the page, whether the reader ever showed the head alone (the text still loading). */
async function watchHeadAlone(p: Page): Promise<() => Promise<boolean>> {
  await p.evaluate(() => {
    const w = window as unknown as { headAlone: boolean };
    w.headAlone = false;
    const check = () => {
      if (document.querySelector('.reader-loading')) w.headAlone = true;
    };
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
  });
  return () => p.evaluate(() => (window as unknown as { headAlone: boolean }).headAlone);
}

describe('opening a clipping from the list', () => {
  let p: Page;
  beforeEach(async () => {
    const ctx = await newContext(browser, served);
    p = await openApp(ctx, served);
    await p.locator('.list-scroll .row:not(.placeholder)').nth(2).waitFor();
  });

  it('asks for the clipping as the row is pressed: the click shows its head and text at once, with one request', async () => {
    const gets = watchGets(p);
    const headAlone = await watchHeadAlone(p);
    const row = p.locator('.list-scroll .row:not(.placeholder)', { hasText: 'Canal lock 2' });
    const box = (await row.boundingBox())!;
    await p.mouse.move(box.x + 40, box.y + 20);
    const answered = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/clippings.get', { timeout: 10_000 });
    await p.mouse.down();
    // The button is still down: the clipping has been asked for, and its answer is in.
    await answered;
    expect(gets).toHaveLength(1);
    expect(await p.locator('#reader-title').count()).toBe(0);
    await p.mouse.up();
    await p.locator('#reader-title', { hasText: 'Canal lock 2' }).waitFor();
    expect(await p.locator('.article-body p').count()).toBe(3);
    await p.waitForTimeout(300);
    expect(await headAlone()).toBe(false);
    expect(gets).toHaveLength(1);
  });

  it('uses an answer asked for ahead once: the clipping opened again is asked for again', async () => {
    const gets = watchGets(p);
    const rows = p.locator('.list-scroll .row:not(.placeholder)');
    const first = (await rows.nth(0).locator('.row-title').textContent())!;
    const second = (await rows.nth(1).locator('.row-title').textContent())!;
    await rows.nth(0).click();
    await p.locator('.article-body p').first().waitFor();
    // Down and back up by the keyboard (no press, nothing asked for ahead): each opening asks.
    await p.locator('.list-scroll').focus();
    await p.keyboard.press('ArrowDown');
    await p.locator('#reader-title', { hasText: second }).waitFor();
    await p.keyboard.press('ArrowUp');
    await p.locator('#reader-title', { hasText: first }).waitFor();
    await p.locator('.article-body p').first().waitFor();
    await p.waitForTimeout(300);
    expect(gets).toHaveLength(3);
  });

  it('does not use an answer asked for ahead once it is old: a press with no click, the clipping opened later is asked for again', async () => {
    const gets = watchGets(p);
    // The list's first row (the latest added), which ArrowDown opens below.
    const row = p.locator('.list-scroll .row:not(.placeholder)').first();
    expect(await row.locator('.row-title').textContent()).toBe('Canal lock 3');
    const box = (await row.boundingBox())!;
    await p.mouse.move(box.x + 40, box.y + 20);
    await p.mouse.down();
    await expect.poll(() => gets.length).toBe(1);
    // The button comes up elsewhere (a press dragged off the row): no click, nothing opened.
    await p.mouse.move(box.x + 40, box.y - 200);
    await p.mouse.up();
    expect(await p.locator('#reader-title').count()).toBe(0);
    await p.waitForTimeout(2000);
    // Opened by the keyboard, later: its clipping is asked for again.
    await p.locator('.list-scroll').focus();
    await p.keyboard.press('ArrowDown');
    await p.locator('#reader-title', { hasText: 'Canal lock 3' }).waitFor();
    await p.locator('.article-body p').first().waitFor();
    expect(gets).toHaveLength(2);
  });

  it('Ctrl+F pressed while the text is still loading opens the find bar at once: the words typed go into it, found once the text is in', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await p.route('**/api/clippings.get', async (route) => {
      await held;
      await route.continue();
    });
    await p.locator('.list-scroll .row:not(.placeholder)', { hasText: 'Canal lock 2' }).click();
    await p.waitForSelector('.reader-scroll[aria-busy="true"] #reader-title');
    await p.keyboard.press('Control+f');
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Find in this clipping');
    await p.keyboard.type('canal trust');
    // Nothing said to be found or not while there is no text to look in.
    expect(await p.locator('.find-count').textContent()).toBe('');
    release();
    await p.waitForSelector('.find-count:text-is("1 of 2")');
    expect(await p.locator('.find-input').inputValue()).toBe('canal trust');
    expect(await p.locator('.article-body mark.hit').count()).toBe(2);
    expect(await p.locator('.article-body mark.hit.current').textContent()).toBe('canal trust');
    // The focus stayed in the find box, and its words were not selected by the text's arrival: typing goes on.
    await p.keyboard.type(' said');
    expect(await p.locator('.find-input').inputValue()).toBe('canal trust said');
    await p.waitForSelector('.find-count:text-is("1 of 1")');
    await p.unroute('**/api/clippings.get');
  });

  it('opened from a search with its text already there, the clipping scrolls to its first match', async () => {
    await submitSearch(p, 'zeppelin');
    const row = p.locator('.list-scroll .row:not(.placeholder)', { hasText: 'Harbour wall survey' });
    await row.waitFor();
    const box = (await row.boundingBox())!;
    await p.mouse.move(box.x + 40, box.y + 20);
    const answered = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/clippings.get', { timeout: 10_000 });
    await p.mouse.down();
    await answered;
    await p.mouse.up();
    const match = p.locator('.article-body mark.hit.current');
    await match.waitFor();
    const inView = () =>
      match.evaluate((el) => {
        const m = el.getBoundingClientRect();
        const r = document.querySelector('.reader-scroll')!.getBoundingClientRect();
        return m.top >= r.top && m.bottom <= r.bottom;
      });
    await expect.poll(inView).toBe(true);
    // …and stays there (nothing scrolls the reader back to its top afterwards).
    await p.waitForTimeout(500);
    expect(await inView()).toBe(true);
  });
});
