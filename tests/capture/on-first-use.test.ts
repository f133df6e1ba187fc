/**
 * The capture code loads chrono-node, linkedom and sanitize-html when a capture first needs them
 * (electron/core/capture/on-first-use.ts), not when a capture worker loads the extractors:
 * a worker that reads only text captures whose dates are in a shape read without chrono
 * never loads any of them. Not timed — the packages a process loaded are read from its module
 * caches: the ES modules it resolved (a resolution hook) and CommonJS's `require.cache`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers.ts';

const LAZY = ['chrono-node', 'linkedom', 'sanitize-html'];

/** Runs `steps` (a script's body, after the capture code is imported) in a process of its own; returns the lazy packages loaded at each `mark(name)`. */
function loaded(steps: string): Record<string, string[]> {
  const dir = tempDir();
  const record = path.join(dir, 'resolved.txt');
  writeFileSync(record, '');
  const hook = path.join(dir, 'hook.mjs');
  writeFileSync(hook, `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  appendFileSync(process.env.RECORD_MODULES, r.url + '\\n');\n  return r;\n}\n`);
  const register = path.join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);
  const script = path.join(dir, 'run.mts');
  writeFileSync(
    script,
    `import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const { extractCapture } = await import(${JSON.stringify(pathToFileURL(path.join(REPO, 'electron/core/capture/index.ts')).href)});
const marks = {};
const mark = (name) => {
  const urls = [...readFileSync(process.env.RECORD_MODULES, 'utf8').split('\\n'), ...Object.keys(createRequire(import.meta.url).cache)];
  marks[name] = ${JSON.stringify(LAZY)}.filter((p) => urls.some((u) => u.includes('/node_modules/' + p + '/')));
  marks[name + ': chrono locales'] = [...new Set(urls.map((u) => u.split('/node_modules/chrono-node/dist/')[1]?.split('/')).filter((p) => p && p[1] === 'locales').map((p) => p[2]))].sort();
};
const text = (name, s) => extractCapture({ bytes: new TextEncoder().encode(s), name, mediaType: null, sourceUrl: null });
mark('started');
${steps}
console.log(JSON.stringify(marks));
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', register, script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, RECORD_MODULES: record }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, string[]>;
}

const BODY = 'The regional council met on Tuesday evening to discuss the new budget, which includes funding for schools, roads and a new library in the town centre.';

describe('packages of the extractors loaded on first use', () => {
  it('loads none with the extractors, nor for a text capture dated in the common shape; chrono for another date, linkedom and sanitize-html for a page', () => {
    const marks = loaded(`
const plain = await text('a.txt', 'Budget approved\\n\\nBy Ann Example\\n\\nDecember 8 2021, 3.51pm\\n\\n${BODY}\\n');
if (plain.extracted.publishedAt !== '2021-12-08T15:51') throw new Error('date: ' + plain.extracted.publishedAt);
mark('plain text');
const other = await text('b.txt', 'Budget approved\\n\\nBy Ann Example\\n\\nWed 8 Dec 2021 15.51 GMT\\n\\n${BODY}\\n');
if (other.extracted.publishedAt !== '2021-12-08T15:51:00+00:00') throw new Error('date: ' + other.extracted.publishedAt);
mark('another date');
await text('c.html', '<!doctype html><html><head><title>Budget approved</title></head><body><article><h1>Budget approved</h1><p>${BODY}</p><p>${BODY}</p></article></body></html>');
mark('page');
`);
    expect(marks).toEqual({
      started: [],
      'started: chrono locales': [],
      'plain text': [],
      'plain text: chrono locales': [],
      'another date': ['chrono-node'],
      // Its English locale only: the package's index loads every locale (~4× the CPU), which a capture worker paid once per import.
      'another date: chrono locales': ['en'],
      page: ['chrono-node', 'linkedom', 'sanitize-html'],
      'page: chrono locales': ['en'],
    });
  });
});
