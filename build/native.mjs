// Helpers shared by build/prepare-electron-sqlite.mjs and build/dist.mjs: which Electron
// we build for, and which ABI a compiled addon was built for.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/** The installed Electron's version and its NODE_MODULE_VERSION (ABI). */
export function electronInfo() {
  const dir = path.dirname(require.resolve('electron/package.json'));
  const version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  let abi = null;
  try {
    abi = Number(readFileSync(path.join(dir, 'abi_version'), 'utf8').trim()) || null;
  } catch {
    abi = null;
  }
  return { version, abi };
}

export function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/**
 * The ABI (NODE_MODULE_VERSION) a V8 addon was compiled for, read from the symbol
 * `node_register_module_v<ABI>` it exports (ELF, Mach-O and PE alike); null if none.
 */
export function abiOf(file) {
  const m = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return m ? Number(m[1]) : null;
}
