// npm run audit:electron: @doyensec/electronegativity over the compiled main process
// and preload (dist/main.cjs, dist/preload.cjs; it cannot parse current TypeScript).
// Its TypeScript parser (@typescript-eslint/typescript-estree 4, hoisted) would load the
// project's TypeScript 7, which it cannot use: this wrapper points it at the TypeScript
// 4.2 that electronegativity ships, then runs its CLI with the arguments given.
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkgDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json', { paths: [root] }));
const oldTs = require.resolve('typescript', { paths: [pkgDir] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && parent && parent.filename && parent.filename.includes(`${path.sep}@typescript-eslint${path.sep}`)) return oldTs;
  return resolve.call(this, request, parent, ...rest);
};
process.argv = [process.argv[0], path.join(pkgDir, 'dist', 'index.js'), ...process.argv.slice(2)];
require(path.join(pkgDir, 'dist', 'index.js'));
