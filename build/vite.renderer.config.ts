// Builds the React renderer into dist/renderer/ (served by browser mode, loaded by Electron).
// `base: './'` keeps every asset URL relative, so file:// and http://127.0.0.1 both work;
// nothing is inlined as script, so the page runs under `script-src 'self'`.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Always the production React and JSX runtime, even when the build runs under vitest:
// its NODE_ENV=test would otherwise give the development bundle (effects run twice,
// dev-only warnings, 1.6x the size) — not what `npm run serve` or Electron load.
process.env.NODE_ENV = 'production';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root: path.join(root, 'renderer'),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
});
