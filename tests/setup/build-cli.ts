import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CLI tests run the built `dist/cli.mjs`, exactly what `npx cuttings` runs. */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  execFileSync(process.execPath, [path.join(root, 'build/build.mjs'), 'cli'], { cwd: root, stdio: 'inherit' });
}
