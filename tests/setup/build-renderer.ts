import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * The end-to-end tests drive the built renderer (dist/renderer), exactly what
 * `npm run serve` serves. Rebuilt when any renderer source is newer than the build.
 * Usable as a vitest globalSetup, and called by the e2e suites themselves.
 */
export function buildRenderer(): void {
  const index = path.join(root, 'dist/renderer/index.html');
  const sources = Math.max(newest(path.join(root, 'renderer')), statSync(path.join(root, 'build/vite.renderer.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  try {
    execFileSync(process.execPath, [path.join(root, 'build/build.mjs'), 'renderer'], { cwd: root, stdio: 'inherit' });
  } catch (err) {
    rmSync(path.join(root, 'dist/renderer'), { recursive: true, force: true });
    throw err;
  }
}

export default function setup(): void {
  try {
    buildRenderer();
  } catch {
    console.error('\n*** build of dist/renderer failed: the end-to-end tests will fail ***\n');
  }
}
