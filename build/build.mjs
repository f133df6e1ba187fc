// Bundles the TypeScript entry points with esbuild. Node packages stay external
// (better-sqlite3 is a native addon and must be loaded from node_modules).
//   node build/build.mjs cli   -> dist/cli.mjs + dist/cli-chunks/ (the `cuttings` command)
//   node build/build.mjs renderer -> dist/renderer/ (the React UI, bundled by Vite)
//   node build/build.mjs all   -> everything the app needs
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
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
  await build({ ...common, entryPoints: { 'capture-worker': WORKER_ENTRY }, format: 'esm', outdir: 'dist', outExtension: { '.js': '.mjs' } });
}

const WORKER_ENTRY = 'electron/core/capture/worker/entry.ts';
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
  // The capture worker beside main.cjs, CommonJS like it: Electron loads a worker's
  // CommonJS from inside app.asar, and its packages from the asar's node_modules.
  await build({ ...common, ...CJS_IMPORT_META, entryPoints: { 'capture-worker': WORKER_ENTRY }, format: 'cjs', outdir: 'dist', outExtension: { '.js': '.cjs' } });
  // The sandboxed preload cannot require packages: zod and the contract are bundled in
  // (minified: it is parsed before every page load).
  await build({ ...common, packages: undefined, entryPoints: ['electron/shell/preload.ts'], format: 'cjs', outfile: 'dist/preload.cjs', external: ['electron'], minify: true });
}

// The renderer: Vite bundles React and the UI into static files (no Node APIs, no zod).
async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'build/vite.renderer.config.ts'), logLevel: 'warn' });
}

const targets = { cli: [buildCli], main: [buildMain], renderer: [buildRenderer], all: [buildCli, buildMain, buildRenderer] };
if (!targets[what]) {
  console.error(`build: unknown target "${what}" (valid: ${Object.keys(targets).join(', ')})`);
  process.exit(2);
}
for (const step of targets[what]) await step();
