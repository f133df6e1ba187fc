/**
 * PDF: the export HTML printed by a real browser engine. The app passes its own printer
 * (`webContents.printToPDF`, see `pdfLayout` for the shared page setup); the CLI uses the
 * system Chromium through playwright-core: fresh profile, every network request in the
 * page aborted, page numbers in the footer.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
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

/** Prints each HTML document to PDF, in order, with one browser for the lot. */
export async function htmlToPdf(docs: ReadonlyArray<{ html: string; title: string }>, opts: PdfOptions = {}): Promise<Buffer[]> {
  if (opts.printToPdf) {
    const out: Buffer[] = [];
    for (const d of docs) out.push(Buffer.from(await opts.printToPdf(d.html, pdfLayout(d.title))));
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
      await page.setContent(d.html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const layout = pdfLayout(d.title);
      out.push(await page.pdf({ ...layout, preferCSSPageSize: false, outline: true, tagged: true }));
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
