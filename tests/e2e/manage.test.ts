/**
 * Managing the archive in the app (issue 16, items 1–4), in Chromium over browser mode:
 * editing the details of one clipping and of a selection (validation, undo, edited and
 * "extraction uncertain" marks), the Trash (restore by keyboard only, empty after a
 * confirmation), the Tag manager (rename, merge, delete an empty tag, colour, counts) and
 * the selection bar (Ctrl-click, Ctrl+A, "select all", star, read, tags, delete with undo).
 * Screenshots of each new view, light and dark.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, serve, type Served, shot, submitSearch } from './harness.ts';

let served: Served;
let browser: Browser;

// Two different paragraphs: a paragraph repeated right after itself is kept once, and one short paragraph alone is an uncertain extraction.
const page = (title: string, body: string) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p><p>Councillors will discuss the plans at their next meeting, and residents may comment until the end of the month.</p></article></body></html>`;
const UNTITLED = '<html><body><article><p>The ferry company said on Monday that winter crossings would be cut to two a day because of falling passenger numbers and rising fuel costs.</p><p>Islanders said the cut would make it harder to reach the hospital on the mainland.</p></article></body></html>';

/** 40 "harbour" clippings, 5 "lighthouse" ones and one whose capture had no title. */
async function fill(s: Served): Promise<void> {
  for (let i = 1; i <= 45; i++) {
    const word = i <= 40 ? 'harbour' : 'lighthouse';
    const r = await call(s, 'clippings.add', {
      capture: { name: `p${i}.html`, text: page(`${word === 'harbour' ? 'Harbour' : 'Lighthouse'} story ${i}`, `The ${word} board met on day ${i} and agreed a plan for the winter, the council said after a long debate about costs.`) },
    });
    expect(r.status).toBe('added');
  }
  await call(s, 'clippings.add', { capture: { name: 'untitled.html', text: UNTITLED } });
}

/** Finds a clipping by its exact title (a phrase search) and opens it. */
async function openRow(p: Page, title: string): Promise<void> {
  await submitSearch(p, `"${title}"`);
  await p.locator('.row', { hasText: title }).first().click();
  await p.waitForSelector(`#reader-title:text-is("${title}")`);
}

/** A field of the reader's details panel (its label also carries the "edited" mark). */
const field = (p: Page, key: string) => p.locator(`.details-panel [id$="-${key}"]`);

beforeAll(async () => {
  served = await serve();
  await fill(served);
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('managing the archive in the app', () => {
  let p: Page;
  beforeEach(async () => {
    const ctx = await newContext(browser, served);
    p = await openApp(ctx, served);
    await p.waitForSelector('.row');
  });

  it('edits the details of a clipping: the date is read and shown back, a bad URL is refused, edits are marked, Undo puts them back', async () => {
    await openRow(p, 'Harbour story 7');
    await p.click('button:has-text("Details")');
    await expect.poll(() => p.evaluate(() => (document.activeElement as HTMLInputElement | null)?.id ?? '')).toMatch(/title$/);
    await field(p, 'outlet').fill('Evening Standard');
    await field(p, 'publishedAt').fill('8 December 2021');
    await field(p, 'section').fill('Politics');
    await field(p, 'tone').selectOption('negative');
    await p.click('.details-panel button:has-text("Save")');
    await p.waitForSelector('.details-panel .date-read:has-text("Read as 8 Dec 2021")');
    await expect.poll(() => field(p, 'publishedAt').inputValue()).toBe('2021-12-08');
    await expect.poll(() => p.locator('.article-head .kicker').textContent()).toContain('Evening Standard');
    expect(await p.locator('.details-panel label:has(.edited-mark)').allTextContents()).toEqual(expect.arrayContaining(['Outletedited', 'Dateedited', 'Sectionedited', 'Toneedited']));
    await expect.poll(() => p.locator('.row', { hasText: 'Harbour story 7' }).first().textContent()).toContain('Evening Standard');
    const id = Number(await p.locator('.row.open').getAttribute('data-id'));
    expect(await call(served, 'clippings.get', { id })).toMatchObject({ outlet: 'Evening Standard', publishedAt: '2021-12-08', section: 'Politics', tone: 'negative' });

    await field(p, 'url').fill('javascript:alert(1)');
    await p.keyboard.press('Enter');
    await p.waitForSelector('.details-panel [role="alert"]:has-text("is not an http(s) URL")');
    expect((await call(served, 'clippings.get', { id })).url).toBeNull();
    await field(p, 'url').fill('');

    // Undo of the last save puts the values back. (The first save's toast may still be up:
    // it is marked, so the Undo clicked is the new toast's.)
    await p.locator('.toast').evaluateAll((toasts) => toasts.forEach((t) => t.setAttribute('data-earlier', '')));
    await field(p, 'outlet').fill('The Times');
    await p.click('.details-panel button:has-text("Save")');
    await expect.poll(async () => (await call(served, 'clippings.get', { id })).outlet).toBe('The Times');
    await p.locator('.toast:not([data-earlier])', { hasText: 'Details saved.' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await call(served, 'clippings.get', { id })).outlet).toBe('Evening Standard');
    await expect.poll(() => field(p, 'outlet').inputValue()).toBe('Evening Standard');
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('.details-panel').count()).toBe(0);
    expect(await p.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Details'); // back on the button that opened it
  });

  it('edits the outlet with the keyboard only: search, Tab to the list, Enter, d, Tab to the outlet, type, Enter', async () => {
    await p.keyboard.press('/');
    await p.keyboard.type('"Harbour story 12"');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.querySelector('.list-count')?.textContent?.startsWith('1 clipping'));
    // Tab from the search box to the list, Enter opens its first clipping.
    let guard = 0;
    while (!(await p.evaluate(() => Boolean(document.activeElement?.matches('.list-scroll')))) && guard++ < 80) await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#reader-title:text-is("Harbour story 12")');
    await p.keyboard.press('d');
    await p.waitForSelector('.details-panel');
    await p.keyboard.press('Tab'); // title → byline
    await p.keyboard.press('Tab'); // → outlet
    expect(await p.evaluate(() => document.activeElement?.id.endsWith('-outlet'))).toBe(true);
    await p.keyboard.type('Agence France-Presse');
    await p.keyboard.press('Enter');
    await p.waitForSelector('.toast:has-text("Details saved.")');
    const id = Number(await p.locator('.row.open').getAttribute('data-id'));
    expect((await call(served, 'clippings.get', { id })).outlet).toBe('Agence France-Presse');
    await expect.poll(() => p.locator('.article-head .kicker').textContent()).toContain('Agence France-Presse');
  });

  it('marks the clipping whose extraction is uncertain in the list and the reader', async () => {
    const row = p.locator('.row', { hasText: 'The ferry company said' }).first();
    await row.scrollIntoViewIfNeeded();
    expect(await row.locator('.uncertain-mark').count()).toBe(1);
    expect(await p.locator('.row', { hasText: 'Harbour story 3' }).first().locator('.uncertain-mark').count()).toBe(0);
    await row.click();
    await p.waitForSelector('.extraction-note');
  });

  it('sets the outlet of all 40 results of a search at once (Ctrl+A), and Undo puts each one back', async () => {
    await submitSearch(p, 'harbour');
    await p.waitForFunction(() => document.querySelector('.list-count')?.textContent?.startsWith('40'));
    await p.locator('.list-scroll').focus();
    await p.keyboard.press('Control+a');
    await p.waitForSelector('.selection-bar .selection-count:has-text("40 selected")');
    await p.click('.selection-bar button:has-text("Edit details")');
    await p.waitForSelector('dialog[open] h2:has-text("Details of 40 clippings")');
    expect(await p.locator('dialog[open] input[id$="title"]').count()).toBe(0); // one title for many makes no sense
    await p.locator('dialog[open]').getByLabel('Outlet', { exact: true }).fill('The Gazette');
    await p.locator('dialog[open]').getByLabel('Media type', { exact: true }).selectOption('print');
    await p.click('dialog[open] button:has-text("Save on 40")');
    await p.waitForSelector('.toast:has-text("Details saved on 40 clippings")');
    expect((await call(served, 'search.query', { query: 'outlet:"The Gazette" type:print' })).total).toBe(40);
    await p.locator('.toast', { hasText: 'Details saved on 40' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await call(served, 'search.query', { query: 'outlet:"The Gazette"' })).total).toBe(0);
    expect((await call(served, 'search.query', { query: 'outlet:"Evening Standard"' })).total).toBe(1); // story 7 keeps its own
  });

  it('acts on a selection: Ctrl/Shift-click, star, unread, tag, untag, "select all N", delete with Undo', async () => {
    await submitSearch(p, 'lighthouse');
    await p.waitForFunction(() => document.querySelector('.list-count')?.textContent?.startsWith('5'));
    const rows = p.locator('.row');
    await rows.nth(0).click();
    await rows.nth(1).click({ modifiers: ['Control'] });
    await rows.nth(3).click({ modifiers: ['Shift'] });
    await p.waitForSelector('.selection-bar .selection-count:has-text("4 selected")');
    const ids = (await p.locator('.row.picked').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))))).sort((a, b) => a - b);
    expect(ids).toHaveLength(4);
    await p.click('.selection-bar button:has-text("Star")');
    await p.waitForSelector('.toast:has-text("Starred 4 clippings")');
    await p.click('.selection-bar button:has-text("Mark unread")');
    await p.waitForSelector('.toast:has-text("Marked unread: 4 clippings")');
    const starred = await call(served, 'search.query', { query: 'lighthouse is:starred is:unread', limit: 50 });
    expect(starred.hits.map((h) => h.id).sort((a, b) => a - b)).toEqual(ids);

    await p.click('.selection-bar button:has-text("Select all 5")');
    await p.waitForSelector('.selection-bar .selection-count:has-text("5 selected")');
    await p.click('.selection-bar button:has-text("Tags")');
    await p.waitForSelector('dialog[open] h2:has-text("Tags of 5 clippings")');
    expect(await p.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await p.keyboard.type('Coast');
    await p.keyboard.press('Enter');
    await expect.poll(async () => (await call(served, 'tags.list', {})).find((t) => t.name === 'Coast')?.count).toBe(5);
    await p.click('.selection-bar button:has-text("Tags")');
    await p.keyboard.type('Coast');
    await p.click('dialog[open] button:has-text("Remove tag")');
    await expect.poll(async () => (await call(served, 'tags.list', {})).find((t) => t.name === 'Coast')?.count).toBe(0);

    await p.locator('.list-scroll').focus();
    await p.keyboard.press('Delete'); // the whole selection, not only the open clipping
    await p.waitForSelector('.toast:has-text("Moved 5 clippings to the trash")');
    expect((await call(served, 'trash.list', {})).length).toBe(5);
    await p.locator('.toast', { hasText: 'Moved 5 clippings' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await call(served, 'trash.list', {})).length).toBe(0);
    await p.waitForFunction(() => document.querySelectorAll('.row').length === 5);
  });

  it('opens the Trash and restores a clipping with the keyboard only; empties it after a confirmation', async () => {
    const list = await call(served, 'search.query', { query: 'harbour', limit: 3, sort: 'oldest' });
    const [a, b, c] = list.hits.map((h) => h.id) as [number, number, number];
    await call(served, 'clippings.delete', { selection: { ids: [a, b, c] } });
    await p.reload();
    await p.waitForSelector('.row');
    // Keyboard only: Tab to the sidebar's first list, End reaches its Trash, Enter, Space picks the first, Tab to its Restore, Enter.
    await p.waitForSelector('.nav-item:has-text("Trash") .nav-count:text-is("3")');
    let guard = 0;
    while (!(await p.evaluate(() => Boolean(document.activeElement?.matches('.nav-item')))) && guard++ < 80) await p.keyboard.press('Tab');
    await p.keyboard.press('End');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toContain('Trash');
    await p.keyboard.press('Enter');
    await p.waitForSelector('dialog[open] h2:text-is("Trash")');
    await p.waitForSelector('dialog[open] .trash-row >> text=deleted today');
    expect(await p.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('checkbox');
    const first = await p.locator('dialog[open] .trash-title').first().textContent();
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Restore “${first}”`);
    await p.keyboard.press('Enter');
    await p.waitForSelector('.toast:has-text("Restored 1 clipping")');
    await expect.poll(() => p.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('checkbox'); // the focus stays in the list
    await expect.poll(async () => (await call(served, 'trash.list', {})).length).toBe(2);
    await p.waitForSelector('.nav-item:has-text("Trash") .nav-count:text-is("2")');
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('dialog[open]').count()).toBe(0);

    await p.click('.nav-item:has-text("Trash")');
    await p.click('dialog[open] button:has-text("Empty trash")');
    await p.waitForSelector('dialog[open] [role="alertdialog"]:has-text("Delete 2 clippings for good?")');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await p.click('dialog[open] button:has-text("Delete for good")');
    await p.waitForSelector('dialog[open] .trash-empty');
    expect(await call(served, 'trash.list', {})).toEqual([]);
  });

  it('manages tags: counts (empty ones too), rename, merge on a rename onto an existing tag, delete, colour', async () => {
    const some = (await call(served, 'search.query', { query: 'harbour', limit: 3 })).hits.map((h) => h.id);
    await call(served, 'tags.apply', { selection: { ids: some }, add: ['Ukraine'] });
    await call(served, 'tags.apply', { selection: { ids: [some[0]] }, add: ['Diplomacy', 'foreign policy'] });
    await call(served, 'tags.apply', { selection: { ids: [some[0]] }, remove: ['foreign policy'] });
    await p.reload();
    await p.waitForSelector('.row');
    await p.click('button:has-text("Manage")');
    await p.waitForSelector('dialog[open] h2:text-is("Tags")');
    const countOf = (name: string) => p.locator('dialog[open] tr', { has: p.locator(`input[value="${name}"]`) }).locator('td.num').textContent();
    expect(await countOf('foreign policy')).toBe('0');
    expect(await countOf('Ukraine')).toBe('3');

    const name = p.getByLabel('Name of the tag Diplomacy');
    await name.fill('Statecraft');
    await name.press('Enter');
    await expect.poll(async () => (await call(served, 'tags.list', {})).map((t) => t.name)).toContain('Statecraft');

    const again = p.getByLabel('Name of the tag Statecraft');
    await again.fill('ukraine');
    await again.press('Enter');
    await p.waitForSelector('dialog[open] [role="alertdialog"]:has-text("Merge “Statecraft” into it?")');
    await p.click('dialog[open] [role="alertdialog"] button:has-text("Merge")');
    const names = async () => (await call(served, 'tags.list', {})).map((t) => t.name);
    await expect.poll(names).not.toContain('Statecraft');
    expect((await call(served, 'tags.list', {})).find((t) => t.name === 'Ukraine')?.count).toBe(3);

    await p.click('dialog[open] button[aria-label="Delete the tag foreign policy"]');
    await expect.poll(names).not.toContain('foreign policy');
    await p.getByLabel('Colour of the tag Ukraine').selectOption('green');
    await expect.poll(async () => (await call(served, 'tags.list', {})).find((t) => t.name === 'Ukraine')).toEqual({ name: 'Ukraine', count: 3, color: 'green' });
    await p.click('dialog[open] button[aria-label="Delete the tag Ukraine"]');
    await p.waitForSelector('dialog[open] [role="alertdialog"]:has-text("Remove “Ukraine” from 3 clippings and delete it?")');
    await p.click('dialog[open] [role="alertdialog"] button:has-text("Cancel")');
    expect(await names()).toContain('Ukraine');
  });

  it('takes screenshots of the details panel, the selection bar, the Trash and the Tag manager, light and dark', async () => {
    await call(served, 'clippings.delete', { selection: { query: 'lighthouse' } });
    await call(served, 'tags.apply', { selection: { query: 'harbour board day 1*' }, add: ['Harbour works'] });
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await newContext(browser, served, { colorScheme: scheme });
      const q = await openApp(ctx, served);
      await q.waitForSelector('.row');
      await openRow(q, 'Harbour story 7');
      await q.keyboard.press('d');
      await q.waitForSelector('.details-panel');
      await q.screenshot({ path: shot(`details-${scheme}.png`) });
      expect(await axe(q), `details, ${scheme}`).toEqual([]);
      await q.keyboard.press('Escape');
      await submitSearch(q, 'harbour');
      await q.locator('.row').nth(0).click();
      await q.locator('.row').nth(1).click({ modifiers: ['Control'] });
      await q.locator('.row').nth(2).click({ modifiers: ['Control'] });
      await q.waitForSelector('.selection-bar');
      await q.screenshot({ path: shot(`selection-${scheme}.png`) });
      expect(await axe(q), `selection, ${scheme}`).toEqual([]);
      await q.click('.selection-bar button:has-text("Edit details")');
      await q.waitForSelector('dialog[open]');
      await q.screenshot({ path: shot(`bulk-edit-${scheme}.png`) });
      expect(await axe(q), `bulk-edit, ${scheme}`).toEqual([]);
      await q.keyboard.press('Escape');
      await q.click('.nav-item:has-text("Trash")');
      await q.waitForSelector('dialog[open] .trash-row');
      await q.screenshot({ path: shot(`trash-${scheme}.png`) });
      expect(await axe(q), `trash, ${scheme}`).toEqual([]);
      await q.keyboard.press('Escape');
      await q.click('button:has-text("Manage")');
      await q.waitForSelector('dialog[open] .tag-table');
      await q.screenshot({ path: shot(`tags-${scheme}.png`) });
      expect(await axe(q), `tags, ${scheme}`).toEqual([]);
      await ctx.close();
    }
  });
});
