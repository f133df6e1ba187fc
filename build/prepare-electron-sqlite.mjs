// Builds better-sqlite3 for Electron's ABI into node_modules/.cuttings-electron/
// better_sqlite3.node, for `npm start`. node_modules/better-sqlite3 (the Node build that
// the tests, the CLI and the benchmarks load) is never touched: the work happens in a
// copy of the package, and the app passes the result to better-sqlite3 as
// `nativeBinding` (see electron/shell/main.ts, sqliteBinding).
//
// It tries, in order: a prebuilt binary for Electron (prebuild-install, downloaded from
// better-sqlite3's releases), then a build from source against Electron's headers
// (node-gyp, downloads the headers; needs a C++ toolchain). Both need network once. When
// neither works it says so and exits 0 (the app will then refuse to open its archive with
// an explanation); `--strict` makes it exit 1 instead. Packaged apps do not use this:
// electron-builder rebuilds better-sqlite3 for Electron itself (see build/dist.mjs).
//
//   node build/prepare-electron-sqlite.mjs [--strict] [--force]
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { abiOf, electronInfo, packageDir, root } from './native.mjs';

const strict = process.argv.includes('--strict');
const force = process.argv.includes('--force');
const require = createRequire(path.join(root, 'package.json'));

const outDir = path.join(root, 'node_modules', '.cuttings-electron');
const target = path.join(outDir, 'better_sqlite3.node');
const stampFile = path.join(outDir, 'stamp.json');
const electron = electronInfo();
const sqliteDir = packageDir('better-sqlite3');
const sqliteVersion = JSON.parse(readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version;
const stamp = { electron: electron.version, abi: electron.abi, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };
const say = (msg) => console.log(`prepare-electron-sqlite: ${msg}`);

function upToDate() {
  if (force || !existsSync(target) || !existsSync(stampFile)) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(stampFile, 'utf8'))) === JSON.stringify(stamp) && (electron.abi === null || abiOf(target) === electron.abi);
  } catch {
    return false;
  }
}

// The Node build must come out of this exactly as it went in.
const nodeBinary = path.join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');
const nodeBefore = existsSync(nodeBinary) ? readFileSync(nodeBinary) : null;

function run(label, args, cwd) {
  // npm passes ~/.npmrc's settings down as npm_config_*: `nodedir` would make node-gyp
  // build against Node's headers, `runtime`/`target` could confuse prebuild-install.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url|build_from_source)$/i.test(k)));
  say(`${label}…`);
  const r = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
  return r.status === 0;
}

function resolveOrNull(id) {
  try {
    return require.resolve(id);
  } catch {
    return null;
  }
}

function attempt() {
  const work = path.join(outDir, 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  cpSync(sqliteDir, work, { recursive: true, filter: (src) => path.relative(sqliteDir, src).split(path.sep)[0] !== 'build' });
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  const common = [`--arch=${process.arch}`];
  const tries = [
    ['a prebuilt binary for Electron (prebuild-install)', [resolveOrNull('prebuild-install/bin.js'), '--runtime=electron', `--target=${electron.version}`, `--platform=${process.platform}`, ...common]],
    [
      'a build from source against the Electron headers (node-gyp)',
      [
        resolveOrNull('node-gyp/bin/node-gyp.js'),
        'rebuild',
        '--release',
        `--target=${electron.version}`,
        '--dist-url=https://electronjs.org/headers',
        `--devdir=${path.join(os.homedir(), '.electron-gyp')}`,
        ...common,
      ],
    ],
  ];
  for (const [label, args] of tries) {
    if (args[0] === null) {
      say(`${label}: not installed, skipped`);
      continue;
    }
    rmSync(path.join(work, 'build'), { recursive: true, force: true });
    if (!run(label, args, work) || !existsSync(built)) continue;
    const abi = abiOf(built);
    if (electron.abi !== null && abi !== electron.abi) {
      say(`the binary from ${label} is for ABI ${abi}, not Electron's ${electron.abi}: not used`);
      continue;
    }
    copyFileSync(built, target);
    writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + '\n');
    rmSync(work, { recursive: true, force: true });
    return true;
  }
  rmSync(work, { recursive: true, force: true });
  return false;
}

if (process.env.CUTTINGS_SKIP_ELECTRON_SQLITE) {
  say('skipped (CUTTINGS_SKIP_ELECTRON_SQLITE is set)');
} else if (upToDate()) {
  say(`up to date (better-sqlite3 ${sqliteVersion} for Electron ${electron.version}, ABI ${electron.abi}) in ${path.relative(root, target)}`);
} else {
  say(`building better-sqlite3 ${sqliteVersion} for Electron ${electron.version} (ABI ${electron.abi}) into ${path.relative(root, target)}`);
  const ok = attempt();
  const nodeAfter = existsSync(nodeBinary) ? readFileSync(nodeBinary) : null;
  if (nodeBefore && (!nodeAfter || !nodeBefore.equals(nodeAfter))) {
    // Never expected (the work is done in a copy), but the tests depend on it.
    writeFileSync(nodeBinary, nodeBefore);
    say('the Node build of better-sqlite3 had changed and was put back');
  }
  if (ok) {
    say(`done: ${path.relative(root, target)}`);
  } else {
    console.error(
      [
        '',
        'prepare-electron-sqlite: SKIPPED: better-sqlite3 could not be prepared for Electron.',
        `  Neither a prebuilt binary for Electron ${electron.version} nor Electron's headers could be downloaded`,
        '  (this needs network once), or the build from source failed (it needs a C++ toolchain).',
        '  The desktop app cannot open its archive until this succeeds: run',
        '      node build/prepare-electron-sqlite.mjs',
        '  again on a machine with network (npm start runs it). npm test and the cuttings CLI are not affected.',
        '',
      ].join('\n'),
    );
    process.exit(strict ? 1 : 0);
  }
}
