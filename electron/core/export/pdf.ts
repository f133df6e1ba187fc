/**
 * PDF: the export HTML printed by a real browser engine. The app passes its own printer
 * (`webContents.printToPDF`, see `pdfLayout` for the shared page setup); the CLI uses the
 * system Chromium through playwright-core: fresh profile, every network request in the
 * page aborted, page numbers in the footer.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { htmlDigest, pageMark } from './html.ts';
import type { DigestModel } from './model.ts';
import { ExportError } from './types.ts';

export interface PdfLayout {
  format: 'A4';
  margin: { top: string; right: string; bottom: string; left: string };
  displayHeaderFooter: true;
  headerTemplate: string;
  footerTemplate: string;
  printBackground: true;
}

export interface PdfOptions {
  /** A Chromium/Chrome executable; default: found on this system (see `findChromium`). */
  chromiumPath?: string;
  /** The app's printer (e.g. a hidden BrowserWindow's `webContents.printToPDF`). */
  printToPdf?: (html: string, layout: PdfLayout) => Promise<Uint8Array>;
  /** Per document (default 60 s). */
  timeoutMs?: number;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Page setup shared by every printer: A4, margins, title header, "n / total" footer. */
export function pdfLayout(title: string): PdfLayout {
  const font = "font-family:Helvetica,Arial,'DejaVu Sans','Liberation Sans',sans-serif;font-size:8px;color:#777;";
  return {
    format: 'A4',
    margin: { top: '18mm', right: '18mm', bottom: '20mm', left: '18mm' },
    displayHeaderFooter: true,
    // Templates are HTML: the title is escaped like everything else.
    headerTemplate: `<div style="${font}width:100%;padding:0 18mm;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;">${esc(title)}</div>`,
    footerTemplate: `<div style="${font}width:100%;text-align:center;"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
    printBackground: true,
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome', 'microsoft-edge'];
const KNOWN = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ...(process.env.PROGRAMFILES ? [path.join(process.env.PROGRAMFILES, 'Google/Chrome/Application/chrome.exe')] : []),
  ...(process.env['PROGRAMFILES(X86)'] ? [path.join(process.env['PROGRAMFILES(X86)'], 'Microsoft/Edge/Application/msedge.exe')] : []),
];

function executable(p: string): boolean {
  try {
    accessSync(p, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The system Chromium: `explicit`, `$CUTTINGS_CHROMIUM`, known places, then PATH. */
export function findChromium(explicit?: string): string | null {
  if (explicit) return executable(explicit) ? explicit : null;
  const env = process.env.CUTTINGS_CHROMIUM;
  if (env && executable(env)) return env;
  for (const p of KNOWN) if (executable(p)) return p;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      for (const ext of process.platform === 'win32' ? ['.exe', ''] : ['']) {
        const p = path.join(dir, name + ext);
        if (executable(p)) return p;
      }
    }
  }
  return null;
}

export const CHROMIUM_MISSING = 'PDF export needs Chromium: install it (Debian/Ubuntu: apt install chromium)';

export interface PdfDoc {
  html: string;
  title: string;
  /** A second pass: given the first print, the HTML to print instead (null: keep it). */
  reprint?: (first: Buffer) => string | null;
}

/** Prints each HTML document to PDF, in order, with one browser for the lot. */
export async function htmlToPdf(docs: ReadonlyArray<PdfDoc>, opts: PdfOptions = {}): Promise<Buffer[]> {
  const twice = async (d: PdfDoc, print: (html: string) => Promise<Buffer>): Promise<Buffer> => {
    const first = await print(d.html);
    const again = d.reprint?.(first) ?? null;
    return again === null ? first : print(again);
  };
  if (opts.printToPdf) {
    const printer = opts.printToPdf;
    const out: Buffer[] = [];
    for (const d of docs) out.push(await twice(d, async (html) => Buffer.from(await printer(html, pdfLayout(d.title)))));
    return out;
  }
  const executablePath = findChromium(opts.chromiumPath);
  if (!executablePath) {
    throw new ExportError(
      'chromium_missing',
      opts.chromiumPath ? `PDF export: no Chromium at ${opts.chromiumPath}. ${CHROMIUM_MISSING}` : CHROMIUM_MISSING,
    );
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new ExportError('renderer_missing', 'PDF export needs the playwright-core package: npm install playwright-core');
  }
  const timeout = opts.timeoutMs ?? 60_000;
  // launch() gives the browser a fresh temporary profile and removes it on close.
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout }).catch((e: unknown) => {
    throw new ExportError('render_failed', `PDF export: Chromium at ${executablePath} did not start (${firstLine(e)})`);
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: 'block' });
    // No request leaves the page: only data: URLs (which never reach the network) load.
    await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient')));
    const out: Buffer[] = [];
    for (const d of docs) {
      const page = await context.newPage();
      page.setDefaultTimeout(timeout);
      await page.emulateMedia({ media: 'print' });
      const layout = pdfLayout(d.title);
      out.push(
        await twice(d, async (html) => {
          await page.setContent(html, { waitUntil: 'load' });
          return page.pdf({ ...layout, preferCSSPageSize: false, outline: true, tagged: true });
        }),
      );
      await page.close();
    }
    return out;
  } catch (e) {
    if (e instanceof ExportError) throw e;
    throw new ExportError('render_failed', `PDF export failed: ${firstLine(e)}`);
  } finally {
    await browser.close();
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

/** `pdftotext` (poppler-utils) on PATH, or null. */
function findPdftotext(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const ext of process.platform === 'win32' ? ['.exe', ''] : ['']) {
      const p = path.join(dir, `pdftotext${ext}`);
      if (executable(p)) return p;
    }
  }
  return null;
}

/** Each page's text (pdftotext separates pages by form feeds), or null if it fails. */
function pageTexts(pdf: Buffer, pdftotext: string): string[] | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-pages-'));
  try {
    const file = path.join(dir, 'draft.pdf');
    writeFileSync(file, pdf);
    return execFileSync(pdftotext, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).split('\f');
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A press review with page numbers in its contents. Chromium cannot number pages in the
 * text (no CSS target-counter), so it prints twice: a draft with a hidden marker where
 * each clipping starts, whose pages pdftotext reads, then the same layout with the
 * numbers in place of the markers (the numbers' column is reserved in both). Without
 * pdftotext, or if a marker is not found, the contents go without numbers.
 */
export async function pdfDigest(d: DigestModel, opts: PdfOptions = {}): Promise<Buffer> {
  const pdftotext = findPdftotext();
  const anchors = d.sections.flatMap((s) => s.articles.map((a) => a.anchor));
  const reprint = (draft: Buffer): string => {
    const texts = pageTexts(draft, pdftotext as string);
    const pages = new Map<string, number>();
    for (const anchor of anchors) {
      const i = texts?.findIndex((t) => t.includes(pageMark(anchor))) ?? -1;
      if (i >= 0) pages.set(anchor, i + 1);
    }
    return pages.size === anchors.length ? htmlDigest(d, pages) : htmlDigest(d);
  };
  const [pdf] = await htmlToPdf([pdftotext ? { html: htmlDigest(d, 'mark'), title: d.title, reprint } : { html: htmlDigest(d), title: d.title }], opts);
  return pdf as Buffer;
}
