import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The browser clipper's tests (tests/clipper/extension.test.ts, tests/e2e/clipper.test.ts)
 * use the built extensions and zips. Built once here, before any test file runs: two files
 * rebuilding the same folders at once would pull them from under a browser that loaded
 * one. A failed build removes them so those tests fail loudly instead of testing old code.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  try {
    execFileSync(process.execPath, [path.join(root, 'build/build.mjs'), 'extension-zips'], { cwd: root, stdio: 'inherit' });
  } catch {
    for (const d of ['dist/extension', 'dist/extension-firefox']) rmSync(path.join(root, d), { recursive: true, force: true });
    console.error('\n*** build of the browser clipper failed: its tests will fail ***\n');
  }
}
