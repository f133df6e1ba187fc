/**
 * Issue 17, bugs 7 and 11 in Chromium (browser mode): what the list, the chart and the
 * import report say. Search headings quote the query once; an undated row shows its
 * capture date, marked as such; the chart explains why close matches are not charted;
 * the list says which dates a date filter stands for; import errors name the file once,
 * the report's buttons stay in its card, and a clean report closes itself; a partial name's
 * did-you-mean is the whole name (an option the arrows reach), never a fragment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, serve, type Served, shot } from './harness.ts';

const WORDS = 'The committee heard evidence from farmers, scientists and officials over three days of hearings in the capital.';
const dated = (title: string, day: string, extra: string): string =>
  `<!DOCTYPE html><html lang="en"><head><title>${title}</title><meta property="article:published_time" content="${day}T15:51:00Z"><meta property="og:site_name" content="Daily Ledger"><meta name="author" content="Ingrid Solberg"></head>` +
  `<body><article><h1>${title}</h1><p>By Ingrid Solberg</p>${Array.from({ length: 6 }, () => `<p>${extra} ${WORDS}</p>`).join('')}</article></body></html>`;

let served: Served;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  served = await serve();
  browser = await launch();
  dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-texts-'));
  const add = (name: string, text: string) => call(served, 'clippings.add', { capture: { name, text } });
  await add('climate.html', dated('Climate change talks stall in Brussels', '2021-12-08', 'Negotiators on climate change could not agree on a text.'));
  await add('november.html', dated('Harvest report for late autumn', '2019-11-20', 'The harvest came in late.'));
  await add('december.html', dated('Winter fuel prices rise again', '2019-12-03', 'Fuel prices rose.'));
  await add('undated.txt', `Council budget notes\n\n${WORDS} The budget for the coming year was set without a vote.`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function search(page: Page, q: string): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Search clippings' });
  await box.fill(q);
  await box.press('Enter');
  await page.locator('.list-count').filter({ hasNotText: 'Searching' }).waitFor();
}

describe.each(['light', 'dark'] as const)('texts (%s)', (theme) => {
  let page: Page;
  beforeAll(async () => {
    const ctx = await newContext(browser, served, { colorScheme: theme });
    page = await openApp(ctx, served);
  });
  afterAll(async () => page?.context().close());

  it('a phrase search is quoted once in the heading', async () => {
    await search(page, '"climate change"');
    await expect.poll(() => page.locator('.list-title').textContent()).toBe('“climate change”');
    await search(page, '"climate change" Brussels');
    await expect.poll(() => page.locator('.list-title').textContent()).toBe('“climate change” Brussels');
  });

  it('an undated row shows its capture date, marked as captured', async () => {
    await search(page, '');
    const row = page.locator('.row').filter({ hasText: 'Council budget notes' });
    const when = row.locator('.row-meta .captured');
    await expect.poll(() => when.textContent()).toMatch(/^captured \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    // Muted, not the colour of a publication date.
    const dim = await when.evaluate((el) => getComputedStyle(el).fontStyle);
    expect(dim).toBe('italic');
    await page.screenshot({ path: shot(`texts-undated-${theme}.png`) });
  });

  it('the list says which dates a date filter stands for', async () => {
    await search(page, 'after:2019-11');
    const note = page.locator('.list-dates');
    await expect.poll(() => note.textContent()).toBe('Dated from 1 Dec 2019');
    await page.screenshot({ path: shot(`texts-dates-${theme}.png`), clip: { x: 0, y: 0, width: 720, height: 420 } });
    await search(page, 'on:2019-11');
    await expect.poll(() => note.textContent()).toBe('Dated 1 Nov 2019 – 30 Nov 2019');
    await search(page, 'before:2020 after:2019');
    await expect.poll(() => note.textContent()).toBe('Dated from 1 Jan 2020 and before 1 Jan 2020: no such dates');
  });

  it('close matches beside an empty chart: the chart says it counts exact matches only', async () => {
    await search(page, 'Ingird Solberg');
    await page.locator('.row').first().waitFor();
    if ((await page.locator('.coverage').count()) === 0) await page.getByRole('button', { name: 'Coverage' }).click();
    const plot = page.locator('.coverage-plot');
    await expect.poll(() => plot.textContent()).toMatch(/close match/i);
    expect(await plot.textContent()).not.toContain('No dated clippings to chart');
    await page.screenshot({ path: shot(`texts-chart-close-${theme}.png`) });
  });

  it('import: an error names the file once; the details button stays in the card; a clean report closes itself', async () => {
    const bad = path.join(dir, 'bad.pdf');
    writeFileSync(bad, 'not a pdf at all');
    const good = path.join(dir, `note-${theme}.txt`);
    // A long title: the "Open …" button is as wide as it gets, beside "Show details".
    writeFileSync(good, `Ministers Warn Of Widespread Winter Shortages Across Northern Regions (${theme})\n\n${WORDS}`);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByLabel('Capture files to import').setInputFiles([bad, good]);
    const card = page.locator('.import-progress');
    await card.getByText('Import finished').waitFor();
    const details = card.locator('.progress-details');
    if (!(await details.isVisible())) await card.getByRole('button', { name: 'Show details' }).click();
    const line = await details.locator('li.bad').first().textContent();
    expect(line, String(line)).toMatch(/^bad\.pdf: /);
    expect(line?.match(/bad\.pdf/g), String(line)).toHaveLength(1);
    const box = await card.boundingBox();
    for (const b of await card.getByRole('button').all()) {
      const r = await b.boundingBox();
      if (!r || !box) continue;
      expect(r.x).toBeGreaterThanOrEqual(box.x);
      expect(r.x + r.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
    }
    await page.screenshot({ path: shot(`texts-import-${theme}.png`) });
    // A report with something to read stays until closed; Escape closes it.
    await card.getByRole('button', { name: 'Close the import report' }).focus();
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    // A clean import: the report closes by itself.
    const clean = path.join(dir, `clean-${theme}.txt`);
    writeFileSync(clean, `Another clean note ${theme}\n\nThe ${theme} ferry timetable changes on Monday: sailings leave an hour earlier and the last boat is cancelled until spring.`);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByLabel('Capture files to import').setInputFiles([clean]);
    await card.getByText('Import finished').waitFor();
    await card.waitFor({ state: 'detached', timeout: 15_000 });
  });
});

describe('did you mean', () => {
  beforeAll(async () => {
    const r = await call(served, 'clippings.add', { capture: { name: 'riga.html', text: dated('Foreign ministers meet in Riga', '2021-12-09', 'Later today the minister meets her Ukrainian counterpart Dymtro Kuleba in Riga.') } });
    expect(r.status).toBe('added');
  });

  it('a partial name is offered whole ("Dymtro Kuleba", the archive\'s spelling), never as the fragment "Dymtro Kul"', async () => {
    const page = await openApp(await newContext(browser, served), served);
    const box = page.getByRole('combobox', { name: 'Search clippings' });
    await box.focus();
    await page.keyboard.type('Dmytro Kul');
    const option = page.getByRole('option', { name: /^Did you mean/ });
    await expect.poll(() => option.textContent()).toBe('Did you mean Dymtro Kuleba?');
    // The arrows reach it (the list's last option, once the list is whole: other suggestions may
    // still arrive after it, under load), Enter takes it.
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await expect.poll(() => listbox.getByRole('option').last().textContent()).toBe('Did you mean Dymtro Kuleba?');
    const options = await listbox.getByRole('option').count();
    for (let i = 0; i < options; i++) await page.keyboard.press('ArrowDown');
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await axe(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('Dymtro Kuleba');
    // Taken, the suggestion finds the clipping as an exact match.
    const row = page.locator('.row').filter({ hasText: 'Foreign ministers meet in Riga' });
    await row.waitFor();
    expect(await row.evaluate((el) => el.classList.contains('fuzzy'))).toBe(false);
    expect((await call(served, 'search.query', { query: 'Dymtro Kuleba' })).hits.map((h) => [h.title, h.fuzzy ?? false])).toEqual([['Foreign ministers meet in Riga', false]]);
    await page.context().close();
  });
});
