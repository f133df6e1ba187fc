/**
 * Issue 17, bugs 1–6 in Chromium (browser mode): a UI that never loses the user's place.
 * Close matches are marked in the list and kept out of the facets; a new search never
 * leaves the reader showing the old search's matches; the reader keeps its scroll after
 * highlight and note edits; dialogs and popovers keep the keyboard to themselves;
 * popovers stay inside the window; highlights and search marks are told apart.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { launch, newContext, openApp, selectInReader, serve, type Served, shot } from './harness.ts';

let served: Served;
let browser: Browser;

const FILLER = 'The council met on Tuesday evening to hear from residents, and the meeting ran late into the night as speaker after speaker took the floor.';
const article = (outlet: string, title: string, paras: string[]) =>
  `<html><head><title>${title}</title><meta property="og:site_name" content="${outlet}"><meta property="article:published_time" content="2021-03-04T10:00:00Z"></head>` +
  `<body><article><h1>${title}</h1>${paras.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

/** A long clipping: its one search term sits in the middle, so the reader scrolls to it. */
const LONG = [
  ...Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1}. ${FILLER}`),
  'The harbourmaster said the quay would reopen in spring.',
  ...Array.from({ length: 14 }, (_, i) => `Later paragraph ${i + 1}. ${FILLER}`),
];

beforeAll(async () => {
  served = await serve();
  const add = (name: string, html: string) => call(served, 'clippings.add', { capture: { name, text: html } });
  await add('p1.html', article('BBC News', 'Police arrest two after protest', ['Police arrested two people after the protest in the square.', FILLER]));
  await add('p2.html', article('BBC News', 'Police appeal for witnesses', ['Police asked witnesses of the crash to come forward.', FILLER]));
  await add('p3.html', article('BBC News', 'Housing policy review', ['The housing policy will be reviewed next year.', FILLER]));
  await add('p4.html', article('Daily Courier', 'Schools policy published', ['The new policy on schools was published.', FILLER]));
  await add('p5.html', article('Daily Courier', 'Transport policy paper', ['A policy paper on transport came out.', FILLER]));
  await add('e1.html', article('Daily Courier', 'Count delayed in the capital', ['The election count was delayed.', FILLER, 'Observers said the election was calm.']));
  await add('m1.html', article('Harare Times', 'Mugabe statue unveiled', ['A statue of Mugabe was unveiled on Friday.', FILLER]));
  await add('long.html', article('Coast Weekly', 'Harbour works go on', LONG));
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function search(page: Page, q: string): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Search clippings' });
  await box.fill(q);
  await box.press('Enter');
  await page.locator('.list-count').filter({ hasNotText: 'Searching' }).waitFor();
}

async function openRow(page: Page, title: string): Promise<void> {
  await page.locator('.list-scroll .row', { hasText: title }).first().click();
  await page.waitForSelector(`#reader-title:text-is("${title}")`);
}

describe.each(['light', 'dark'] as const)('the user keeps their place (%s)', (theme) => {
  let page: Page;
  beforeAll(async () => {
    const ctx = await newContext(browser, served, { colorScheme: theme });
    page = await openApp(ctx, served);
  });
  afterAll(async () => page?.context().close());

  it('marks every close match in the list and keeps them out of the facet counts (bug 1)', async () => {
    await search(page, 'police');
    const outlets = page.getByRole('combobox', { name: 'Narrow by outlet' });
    // Only the exact hits are counted: two from BBC News, none from the Courier's "policy".
    await expect.poll(() => outlets.locator('option').allTextContents()).toEqual(['Outlet', 'BBC News (2)']);
    await outlets.selectOption('BBC News');
    await page.locator('.filter-chip', { hasText: 'BBC News' }).waitFor();
    await page.locator('.list-count').filter({ hasNotText: 'Searching' }).waitFor();
    const rows = page.locator('.list-scroll .row');
    await expect.poll(() => rows.count()).toBe(3);
    for (const row of await rows.all()) {
      const title = (await row.locator('.row-title').textContent()) ?? '';
      expect(await row.locator('.row-outlet').textContent()).toBe('BBC News');
      // The close match ("policy") says so; the exact hits do not.
      expect(await row.locator('.close-match').count(), title).toBe(title.startsWith('Police') ? 0 : 1);
    }
    await expect.poll(() => page.locator('.list-count').textContent()).toMatch(/2 clippings.*1 close match/);
    await page.locator('.list-scroll').screenshot({ path: shot(`state-close-matches-${theme}.png`) });
  });

  it('a new search drops the old search’s matches from the open clipping (bug 2)', async () => {
    await search(page, 'election');
    await openRow(page, 'Count delayed in the capital');
    await expect.poll(() => page.locator('.match-nav').textContent()).toMatch(/1 of 2 matches/);
    await search(page, 'Mugabe');
    await expect.poll(() => page.locator('.list-scroll .row').count()).toBe(1);
    // The reader shows no match count and no mark of "election" any more.
    await expect.poll(() => page.locator('.match-nav').count()).toBe(0);
    expect(await page.locator('.article-body mark.hit').count()).toBe(0);
    await page.screenshot({ path: shot(`state-new-search-reader-${theme}.png`) });
    // Opening the new hit shows the new search's matches.
    await openRow(page, 'Mugabe statue unveiled');
    await expect.poll(() => page.locator('.match-nav').textContent()).toMatch(/1 of 1 match/);
  });

  it('the reader keeps its place after highlight and note edits during a search (bug 3)', async () => {
    await search(page, 'harbourmaster');
    await openRow(page, 'Harbour works go on');
    await page.locator('.match-nav').waitFor();
    const scroller = page.locator('.reader-scroll');
    const top = () => scroller.evaluate((el) => Math.round(el.scrollTop));
    const settle = async () => {
      let last = -1;
      await expect.poll(async () => {
        const now = await top();
        const same = now === last;
        last = now;
        return same;
      }, { interval: 150 }).toBe(true);
      return last;
    };
    await settle();
    // Read on, well below the match.
    await page.locator('.article-body p', { hasText: 'Later paragraph 10.' }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const place = await settle();
    const marks = page.locator('.article-body mark.hl');
    const before = await marks.count();
    await selectInReader(page, 'Later paragraph 10. The council', 'council');
    await page.getByRole('button', { name: 'Highlight in green' }).click();
    await expect.poll(() => marks.count()).toBe(before + 1);
    expect(await settle()).toBe(place);
    // Delete it from its editor: still here.
    await page.locator('.article-body p', { hasText: 'Later paragraph 10.' }).locator('mark.hl').click();
    await page.getByRole('dialog', { name: 'Edit highlight' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => marks.count()).toBe(before);
    expect(await settle()).toBe(place);
    // The focus is back in the reader, not lost on <body>.
    expect(await page.evaluate(() => document.activeElement?.closest('.reader-scroll') !== null)).toBe(true);
    // The clip note: typed, then left with Escape, and with Tab.
    const note = page.locator('#clip-note');
    await note.focus();
    const atNote = await settle();
    await note.fill(`Worth a follow-up (${theme})`);
    await note.press('Escape');
    await expect.poll(() => page.locator('.notes-panel').textContent()).toContain('Saved');
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
    expect(await page.evaluate(() => document.activeElement?.closest('.reader-scroll') !== null)).toBe(true);
    expect(await settle()).toBe(atNote);
    await note.focus();
    await note.fill(`Worth a follow-up soon (${theme})`);
    await note.press('Tab');
    const id = Number(await page.locator('.row.open').getAttribute('data-id'));
    await expect.poll(() => call(served, 'clippings.get', { id }).then((d) => d.note)).toBe(`Worth a follow-up soon (${theme})`);
    expect(await settle()).toBe(atNote);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
    await page.screenshot({ path: shot(`state-note-kept-place-${theme}.png`) });
  });

  it('dialogs take the keyboard: first field focused, focus kept inside, no shortcut fires (bug 4)', async () => {
    await search(page, 'election');
    await openRow(page, 'Count delayed in the capital');
    const id = Number(await page.locator('.row.open').getAttribute('data-id'));
    const inDialog = () => page.evaluate(() => document.activeElement?.closest('dialog[open]') !== null);
    await page.getByRole('button', { name: 'Save search' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save search' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('save-name');
    // Tab and Shift+Tab go round the dialog, never out of it.
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await inDialog(), key).toBe(true);
    }
    await page.locator('#save-name').focus();
    // The suggested name is selected: typing replaces it. Letters that are shortcuts type text.
    await page.keyboard.type(`Elections watch ${theme}`);
    await dialog.screenshot({ path: shot(`state-save-search-${theme}.png`) });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect((await call(served, 'search.saved', {})).map((x) => x.name)).toContain(`Elections watch ${theme}`);
    const d = await call(served, 'clippings.get', { id });
    expect(d.starred).toBe(false);
    expect(d.tags).toEqual([]);
    expect(await page.locator('dialog[open]').count()).toBe(0);

    // A popover (the highlight menu) holds the keyboard too: its buttons are not shortcuts.
    await selectInReader(page, 'Observers said the election was calm.', 'calm');
    const menu = page.locator('.hl-menu');
    await menu.waitFor();
    await menu.getByRole('button', { name: 'Highlight in yellow' }).focus();
    for (const key of ['s', 't', 'd', 'u']) await page.keyboard.press(key);
    expect(await page.evaluate(() => document.activeElement?.closest('.hl-menu') !== null)).toBe(true);
    expect(await page.locator('#reader-details').count()).toBe(0);
    const after = await call(served, 'clippings.get', { id });
    expect([after.starred, after.read]).toEqual([d.starred, d.read]);
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await page.evaluate(() => document.activeElement?.closest('.hl-menu') !== null), key).toBe(true);
    }
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  it('popovers stay inside the window (bug 5)', async () => {
    await search(page, 'harbourmaster');
    await openRow(page, 'Harbour works go on');
    const para = page.locator('.article-body p', { hasText: 'Later paragraph 5.' });
    // The paragraph's last line just above the window's bottom edge.
    await para.evaluate((el) => {
      const scroller = el.closest('.reader-scroll')!;
      scroller.scrollTop += el.getBoundingClientRect().bottom - (window.innerHeight - 12);
    });
    const inside = async (what: string, el: ReturnType<Page['locator']>) => {
      const b = (await el.boundingBox())!;
      expect(b.y, `${what} top`).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height, `${what} bottom`).toBeLessThanOrEqual(900);
    };
    await selectInReader(page, 'Later paragraph 5. The council met on Tuesday evening to hear from residents, and the meeting ran late into the night as speaker after speaker took the floor', 'floor');
    const menu = page.locator('.hl-menu');
    await menu.waitFor();
    await inside('menu', menu);
    await inside('note field', menu.getByRole('textbox'));
    await menu.getByRole('button', { name: 'Highlight in blue' }).click();
    const mark = para.locator('mark.hl');
    await mark.waitFor();
    await mark.click();
    const editor = page.getByRole('dialog', { name: 'Edit highlight' });
    await editor.waitFor();
    await inside('editor', editor);
    await inside('Save', editor.getByRole('button', { name: 'Save' }));
    await inside('Delete', editor.getByRole('button', { name: 'Delete' }));
    await page.screenshot({ path: shot(`state-editor-in-view-${theme}.png`) });
    await editor.getByRole('button', { name: 'Delete' }).click();
    await mark.waitFor({ state: 'detached' });
  });

  it('search marks and yellow highlights are told apart, each against the page, in a highlight too (bug 6)', async () => {
    await search(page, 'harbourmaster');
    await openRow(page, 'Harbour works go on');
    const para = page.locator('.article-body p', { hasText: 'The harbourmaster said' });
    if ((await para.locator('mark.hl').count()) === 0) {
      await selectInReader(page, 'The harbourmaster said the quay', 'harbourmaster said the quay');
      await page.locator('.hl-menu').getByRole('button', { name: 'Highlight in yellow' }).click();
    }
    const both = para.locator('mark.hl.hit');
    await both.waitFor();
    const styles = await para.evaluate((p) => {
      const css = (sel: string) => getComputedStyle(p.querySelector(sel)!);
      let bg = 'rgba(0, 0, 0, 0)';
      for (let el: Element | null = p; el && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); el = el.parentElement) bg = getComputedStyle(el).backgroundColor;
      const hit = css('mark.hit');
      const hl = css('mark.hl.hl-yellow:not(.hit)');
      return { page: bg, hitLine: hit.outlineColor, hitStyle: hit.outlineStyle, hitWidth: parseFloat(hit.outlineWidth), hlLine: hl.borderBottomColor, hlWidth: parseFloat(hl.borderBottomWidth), hlFill: hl.backgroundColor, bothFill: css('mark.hl.hit').backgroundColor };
    });
    // A search mark is an outline, a highlight an underline (on its fill): each 3:1 against the page and each other.
    expect(styles.hitStyle).toBe('solid');
    expect(styles.hitWidth).toBeGreaterThanOrEqual(2);
    expect(styles.hlWidth).toBeGreaterThanOrEqual(2);
    expect(contrast(styles.hitLine, styles.page), 'search mark / page').toBeGreaterThanOrEqual(3);
    expect(contrast(styles.hlLine, styles.page), 'highlight / page').toBeGreaterThanOrEqual(3);
    expect(contrast(styles.hitLine, styles.hlLine), 'search mark / highlight').toBeGreaterThanOrEqual(3);
    // Inside a yellow highlight the search mark still shows: its outline on the highlight's fill.
    expect(contrast(styles.hitLine, styles.bothFill), 'search mark / highlight fill').toBeGreaterThanOrEqual(3);
    expect(styles.bothFill).toBe(styles.hlFill);
    await para.screenshot({ path: shot(`state-marks-${theme}.png`) });
  });
});

/** WCAG contrast ratio of two computed colours ("rgb(r, g, b)"). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
