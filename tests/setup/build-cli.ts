import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The CLI tests run the built `dist/cli.mjs`, exactly what `npx cuttings` runs. A failed
 * build does not stop the other suites: it removes the stale bundle so the CLI tests
 * fail loudly instead of testing old code.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  try {
    execFileSync(process.execPath, [path.join(root, 'build/build.mjs'), 'cli'], { cwd: root, stdio: 'inherit' });
  } catch {
    rmSync(path.join(root, 'dist/cli.mjs'), { force: true });
    console.error('\n*** build of dist/cli.mjs failed: the CLI tests will fail ***\n');
  }
}
