import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportClippings } from '../../electron/core/export/index.ts';
import { findChromium } from '../../electron/core/export/pdf.ts';
import { OWN, others } from './fixtures.ts';

const CHROMIUM = findChromium();
const POPPLER = spawnSync('pdftotext', ['-v']).status === 0;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-pdf-contents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pageText = (file: string, n: number): string => execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' });

describe.skipIf(!CHROMIUM || !POPPLER)('PDF press review contents', () => {
  it('lists the page each clipping starts on, and that page holds the clipping', async () => {
    const [d] = await exportClippings([OWN.reference(), ...others()], { format: 'pdf', now: new Date('2026-12-06T12:00:00Z'), digest: true, title: 'Weekly review' });
    const file = path.join(dir, 'digest.pdf');
    writeFileSync(file, d?.data as Buffer);
    const contents = pageText(file, 2).replace(/\s+/g, ' ');
    expect(contents).toContain('Contents');
    for (const title of ['EU energy talks end without deal', 'Markets rally on rate decision', OWN.expected().title]) {
      // "Title <page>": the number stands at the end of the title's line, before the details.
      const start = title.slice(0, 30);
      const m = /^[^\d]*?\b(\d+)\b/.exec(contents.slice(contents.indexOf(start) + start.length));
      expect(m, title).not.toBeNull();
      const page = Number(m?.[1]);
      expect(page, title).toBeGreaterThan(2);
      expect(pageText(file, page).replace(/\s+/g, ' '), `${title} on page ${page}`).toContain(title.slice(0, 30));
    }
    // Pass one's markers never reach the file.
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).not.toMatch(/cuttings-?page/i);
  }, 120_000);
});
