// Bundles the TypeScript entry points with esbuild. Node packages stay external
// (better-sqlite3 is a native addon and must be loaded from node_modules).
//   node build/build.mjs cli   -> dist/cli.mjs + dist/cli-chunks/ (the `cuttings` command)
//   node build/build.mjs renderer -> dist/renderer/ (the React UI, bundled by Vite)
//   node build/build.mjs extension -> dist/extension/ (Chromium) and dist/extension-firefox/ (the browser clipper)
//   node build/build.mjs extension-zips -> those two, and a zip of each in dist/
//   node build/build.mjs all   -> everything the app needs, and the browser clipper
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const what = process.argv[2] ?? 'all';

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

// The CLI is split: dist/cli.mjs holds what every command needs, and what only some
// need (extraction, export, the server) sits in dist/cli-chunks/, loaded by dynamic
// import() at first use, so `cuttings --version` or a search never parses it.
async function buildCli() {
  await rm(path.join(root, 'dist/cli-chunks'), { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: { cli: 'electron/cli.ts' },
    format: 'esm',
    splitting: true,
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'cli-chunks/[name]-[hash]',
    banner: { js: '#!/usr/bin/env node' },
  });
  await chmod(path.join(root, 'dist/cli.mjs'), 0o755);
  // Captures are extracted in worker threads (electron/core/capture/worker/pool.ts), which
  // load this file from beside the bundle.
  // Reads are answered by worker threads in the server and the app (electron/core/readers/pool.ts).
  await build({ ...common, entryPoints: WORKERS, format: 'esm', outdir: 'dist', outExtension: { '.js': '.mjs' } });
}

const WORKERS = { 'capture-worker': 'electron/core/capture/worker/entry.ts', 'read-worker': 'electron/core/readers/entry.ts', 'rank-worker': 'electron/core/search/warmup-worker.ts' };
// CommonJS has no import.meta: the bundle's own URL stands in (the capture pool finds its
// worker script relative to it).
const CJS_IMPORT_META = {
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__bundleUrl' },
};

// The Electron main process and preload are CommonJS (the preload runs sandboxed:
// everything it needs is bundled in; only `electron` itself stays external).
async function buildMain() {
  await build({ ...common, ...CJS_IMPORT_META, entryPoints: ['electron/shell/main.ts'], format: 'cjs', outfile: 'dist/main.cjs', external: ['electron'] });
  // The capture and read workers beside main.cjs, CommonJS like it: Electron loads a worker's
  // CommonJS from inside app.asar, and its packages from the asar's node_modules.
  await build({ ...common, ...CJS_IMPORT_META, entryPoints: WORKERS, format: 'cjs', outdir: 'dist', outExtension: { '.js': '.cjs' } });
  // The sandboxed preload cannot require packages: zod and the contract are bundled in
  // (minified: it is parsed before every page load).
  await build({ ...common, packages: undefined, entryPoints: ['electron/shell/preload.ts'], format: 'cjs', outfile: 'dist/preload.cjs', external: ['electron'], minify: true });
}

// The renderer: Vite bundles React and the UI into static files (no Node APIs, no zod).
async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'build/vite.renderer.config.ts'), logLevel: 'warn' });
}

// The browser clipper (renderer/clipper/): the same sources for Chromium and Firefox; only
// the manifest differs (Firefox's MV3 has a background script, not a service worker, and
// needs an add-on id). Bundled, nothing loaded from elsewhere (no remote code).
const EXTENSION_ICONS = { 16: '16x16.png', 32: '32x32.png', 48: '48x48.png', 128: '128x128.png' };
export const EXTENSION_DIRS = { chromium: 'dist/extension', firefox: 'dist/extension-firefox' };

async function buildExtension() {
  const src = path.join(root, 'renderer/clipper');
  const manifest = JSON.parse(await readFile(path.join(src, 'manifest.json'), 'utf8'));
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  manifest.version = pkg.version;
  const firefox = {
    ...manifest,
    background: { scripts: ['background.js'] },
    browser_specific_settings: { gecko: { id: 'clipper@cuttings.invalid', strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } } },
  };
  delete firefox.minimum_chrome_version;
  for (const [kind, dir] of Object.entries(EXTENSION_DIRS)) {
    const out = path.join(root, dir);
    await rm(out, { recursive: true, force: true });
    await mkdir(path.join(out, 'icons'), { recursive: true });
    await build({
      absWorkingDir: root,
      bundle: true,
      platform: 'browser',
      target: kind === 'firefox' ? 'firefox142' : 'chrome116',
      format: 'iife',
      entryPoints: { background: 'renderer/clipper/background.ts', popup: 'renderer/clipper/popup.ts' },
      outdir: out,
      logLevel: 'warning',
    });
    for (const f of ['popup.html', 'popup.css']) await copyFile(path.join(src, f), path.join(out, f));
    for (const [size, file] of Object.entries(EXTENSION_ICONS)) await copyFile(path.join(root, 'build/icons', file), path.join(out, 'icons', `${size}.png`));
    await writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(kind === 'firefox' ? firefox : manifest, null, 2)}\n`);
  }
}

/** dist/cuttings-clipper-chromium.zip and dist/cuttings-clipper-firefox.zip, for installing from a file. */
async function zipExtensions() {
  const { zipSync } = await import('fflate');
  for (const [kind, dir] of Object.entries(EXTENSION_DIRS)) {
    const base = path.join(root, dir);
    const files = {};
    const walk = async (rel) => {
      for (const e of await readdir(path.join(base, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(r);
        else files[r] = new Uint8Array(await readFile(path.join(base, r)));
      }
    };
    await walk('');
    await writeFile(path.join(root, `dist/cuttings-clipper-${kind}.zip`), zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
  }
}

const targets = {
  cli: [buildCli],
  main: [buildMain],
  renderer: [buildRenderer],
  extension: [buildExtension],
  'extension-zips': [buildExtension, zipExtensions],
  all: [buildCli, buildMain, buildRenderer, buildExtension],
};
if (!targets[what]) {
  console.error(`build: unknown target "${what}" (valid: ${Object.keys(targets).join(', ')})`);
  process.exit(2);
}
for (const step of targets[what]) await step();
