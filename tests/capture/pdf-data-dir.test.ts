/**
 * pdfjs's CMaps and standard fonts are found from every build of the capture code: the
 * sources, the CLI's ES module bundle (where a global `require` is esbuild's shim) and the
 * CommonJS bundles of the app (build/build.mjs's options, bundled here the same way).
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { pdfjsDataDir } from '../../electron/core/capture/pdf.ts';
import { REPO, tempDir } from '../helpers.ts';

const hasData = (dir: string | null) => dir !== null && existsSync(path.join(dir, 'cmaps')) && existsSync(path.join(dir, 'standard_fonts'));

describe("pdfjs's data folders", () => {
  it('are found from the sources', () => {
    expect(hasData(pdfjsDataDir())).toBe(true);
  });

  it('are found from an ES module bundle (the CLI) and a CommonJS one (the app)', async () => {
    const dir = tempDir();
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(entry, `export { pdfjsDataDir } from ${JSON.stringify(path.join(REPO, 'electron/core/capture/pdf.ts'))};\n`);
    const common = { entryPoints: [entry], bundle: true, platform: 'node' as const, packages: 'external' as const, absWorkingDir: REPO, logLevel: 'silent' as const };
    // (Beside the repository's packages, as dist/ is: the bundles leave them outside.)
    const esm = path.join(REPO, 'node_modules', '.cache', `pdf-data-dir-${process.pid}.mjs`);
    const cjs = esm.replace(/\.mjs$/, '.cjs');
    await build({ ...common, format: 'esm', outfile: esm });
    await build({ ...common, format: 'cjs', outfile: cjs, banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" }, define: { 'import.meta.url': '__bundleUrl' } });
    try {
      const fromEsm = (await import(pathToFileURL(esm).href)) as { pdfjsDataDir: () => string | null };
      expect(hasData(fromEsm.pdfjsDataDir())).toBe(true);
      const fromCjs = createRequire(import.meta.url)(cjs) as { pdfjsDataDir: () => string | null };
      expect(hasData(fromCjs.pdfjsDataDir())).toBe(true);
    } finally {
      rmSync(esm, { force: true });
      rmSync(cjs, { force: true });
    }
  });
});
