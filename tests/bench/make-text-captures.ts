/**
 * The select-all text capture of each of our own labelled pages: Chromium loads
 * tests/fixtures/extraction-pages/<case>/page.html and `document.body.innerText` is written
 * to page.txt beside it — what a user gets from Ctrl+A, Ctrl+C in the browser.
 *
 *   node --import tsx tests/bench/make-text-captures.ts
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/harness.ts';
import { PAGES_DIR } from './make-extraction-pages.ts';

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const cases = readdirSync(PAGES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    for (const c of cases) {
      await page.goto(pathToFileURL(path.join(PAGES_DIR, c, 'page.html')).href);
      const text = await page.evaluate(() => document.body.innerText);
      writeFileSync(path.join(PAGES_DIR, c, 'page.txt'), `${text.trimEnd()}\n`);
    }
    console.log(`wrote ${cases.length} text captures`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
