// npm run dist [-- electron-builder options, e.g. --linux, --win, --mac, --dir]
// Packages the app with electron-builder (build/electron-builder.yml) into out/release/,
// after `npm run dist` has built dist/. Needs network (Electron's zip, better-sqlite3 for
// Electron). electron-builder rebuilds node_modules/better-sqlite3 for Electron in place:
// this script saves the Node build first and puts it back afterwards, so `npm test` and
// the CLI keep working, then checks that the packaged better-sqlite3 is built for
// Electron's ABI (not Node's: the trap of `install-app-deps` with a global nodedir).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { abiOf, electronInfo, packageDir, root } from './native.mjs';

const require = createRequire(path.join(root, 'package.json'));
const say = (msg) => console.log(`dist: ${msg}`);
const electron = electronInfo();
const sqliteBuild = path.join(packageDir('better-sqlite3'), 'build');
const saved = path.join(os.tmpdir(), `cuttings-node-sqlite-${process.pid}`);
const outDir = path.join(root, 'out', 'release');

for (const f of ['dist/main.cjs', 'dist/preload.cjs', 'dist/capture-worker.cjs', 'dist/read-worker.cjs']) {
  if (!existsSync(path.join(root, f))) {
    console.error(`dist: ${f} is missing: run "npm run dist" (it builds first), or "npm run build"`);
    process.exit(2);
  }
}
if (!existsSync(path.join(root, 'dist/renderer/index.html'))) say('warning: dist/renderer/index.html is missing: the app will show a "not built" page');

if (existsSync(sqliteBuild)) cpSync(sqliteBuild, saved, { recursive: true });
let status = 1;
try {
  // npm hands ~/.npmrc's nodedir down as npm_config_nodedir: it would make the rebuild use
  // Node's headers and produce a binary for Node's ABI inside the package.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)));
  const r = spawnSync(process.execPath, [require.resolve('electron-builder/cli.js'), '--config', path.join('build', 'electron-builder.yml'), '--publish', 'never', ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  status = r.status ?? 1;
  if (status === 0 && electron.abi !== null) {
    const found = findAddons(outDir);
    const wrong = found.filter((f) => abiOf(f) !== electron.abi);
    for (const f of wrong) console.error(`dist: ${path.relative(root, f)} is built for ABI ${abiOf(f)}, not Electron ${electron.version}'s ${electron.abi}: the app would not start`);
    if (wrong.length > 0) status = 1;
    else if (found.length > 0) say(`better-sqlite3 in the package is built for Electron (ABI ${electron.abi}): ${found.length} checked`);
  }
} finally {
  if (existsSync(saved)) {
    rmSync(sqliteBuild, { recursive: true, force: true });
    cpSync(saved, sqliteBuild, { recursive: true });
    rmSync(saved, { recursive: true, force: true });
    const abi = abiOf(path.join(sqliteBuild, 'Release', 'better_sqlite3.node'));
    say(`restored the Node build of better-sqlite3 (ABI ${abi}; this Node is ${process.versions.modules})`);
  }
}
process.exit(status);

function findAddons(dir, depth = 0, out = []) {
  if (depth > 12 || !existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.isSymbolicLink()) findAddons(p, depth + 1, out);
    else if (e.name === 'better_sqlite3.node' && p.includes('app.asar.unpacked')) out.push(p);
  }
  return out;
}
