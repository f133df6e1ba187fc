/**
 * Bad input, fuzzed (fast-check, fixed seeds, bounded runs):
 * - the query language: any string gives a result or a clear invalid_args error, never
 *   an SQLite error or a crash;
 * - every importer: random bytes, mutated and truncated valid captures, invalid UTF-8 →
 *   a clean clipping or a clear error naming the input, in bounded time, and nothing
 *   already in the archive touched;
 * - oversized captures (50 MB page, 100,000 nested elements, a 1-million-character
 *   line), each in its own process: bounded time and memory.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../electron/contract/shapes.ts';
import { ApiError } from '../../electron/contract/errors.ts';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from '../bench/corpus.ts';
import { tempDir } from '../helpers.ts';
import type { BigInputResult } from './lib/big-input.ts';
import { ftsCheck, ROOT, sha256 } from './lib/common.ts';
import { sample, type SampleKind } from './lib/samples.ts';

const SEED = 20261126;
const tried = { queries: 0, imports: 0, big: 0 };
const outcomes: Record<string, number> = {};
let slowestMs = 0;
let slowestLabel = '';

let dir: string;
let archive: Archive;
let before: Map<number, string>;

/** A digest of everything stored about each clipping (row, capture, tags, annotations). */
function digests(ids?: number[]): Map<number, string> {
  const db = archive.db;
  const rows = db.prepare('SELECT * FROM clippings ORDER BY id').all() as { id: number; capture_id: number | null }[];
  const cap = db.prepare('SELECT id, media_type, source_path, source_url, captured_at, sha256, byte_size, content_encoding, hex(bytes) AS b FROM captures WHERE id = ?');
  const tags = db.prepare('SELECT t.name, ct.added_at FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.clipping_id = ? ORDER BY t.name');
  const anns = db.prepare('SELECT * FROM annotations WHERE clipping_id = ? ORDER BY id');
  const out = new Map<number, string>();
  for (const r of rows) {
    if (ids && !ids.includes(r.id)) continue;
    out.set(r.id, sha256(JSON.stringify([r, r.capture_id === null ? null : cap.get(r.capture_id), tags.all(r.id), anns.all(r.id)])));
  }
  return out;
}

beforeAll(async () => {
  dir = tempDir('cuttings-fuzz-');
  archive = new Archive(path.join(dir, 'fuzz.db'));
  const corpus = new Corpus(5);
  for (let i = 0; i < 6; i++) {
    const r = await archive.call('clippings.add', { capture: { name: `seed-${i}.txt`, text: corpus.clipping(i).text }, tags: ['Seed'] });
    expect(r.status).toBe('added');
    await archive.call('annotations.create', { id: r.id!, start: 0, end: 12, note: `seed note ${i}` });
  }
  await archive.call('clippings.setNote', { id: 1, note: 'pre-existing note' });
  before = digests();
});

afterAll(() => {
  const total = tried.queries + tried.imports + tried.big;
  console.log(
    `[fuzz] inputs tried: ${total} (queries ${tried.queries}, captures ${tried.imports}, oversized ${tried.big}); ` +
      `import outcomes ${JSON.stringify(outcomes)}; slowest capture ${slowestMs.toFixed(0)} ms (${slowestLabel})`,
  );
  archive?.close();
});

// ------------------------------------------------------------------ query language

const WORDS = ['harbour', 'council', 'budget', 'storm', 'Kyïv', '東京', 'o\'neil', 'e-mail', 'co-op', 'naïve', 'NEAR', 'AND', 'OR', 'NOT'];
const TOKENS = [
  ...WORDS, '"', '""', '(', ')', '()', '-', '*', '^', ':', '+', ',', '.', '\\', "'", '{', '}', '[', ']', 'NEAR(', 'NEAR/2',
  'title:', 'body:', 'tag:', 'outlet:', 'author:', 'byline:', 'url:', 'lang:', 'after:', 'before:', 'on:', 'has:', 'is:', 'type:', 'tone:', 'xyz:',
  'is:starred', 'is:unread', 'has:note', 'has:annotations', 'type:print', 'tone:negative', 'lang:en', 'lang:zz-Invalid!',
  '2021', '2021-06', '2021-06-14', '2021-13-45', 'yesterday', 'last-week', '0000-00-00', '99999999',
  'tag:"Seed"', 'title:"harbour budget"', '-tag:Seed', 'rowid', 'clipping_fts', 'MATCH', ';', "'; DROP TABLE clippings; --", '\u0000', '\uFFFF',
];
const grammarQuery = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(' ', '', '  ', '\t', '\n')), { maxLength: 24 })
  .map((parts) => parts.map(([t, s]) => t + s).join(''));
const loneSurrogates = fc.string({ unit: fc.constantFrom('\uD800', '\uDFFF', 'a', '"', '(', ')', '*', ':', '-', ' '), maxLength: 30 });

async function queryProperty(query: string, opts: { sort: 'relevance' | 'newest' | 'oldest'; facets: boolean; collapse: boolean }): Promise<boolean> {
  tried.queries++;
  const t = performance.now();
  try {
    const r = await archive.call('search.query', { query, limit: 5, ...opts });
    expect(performance.now() - t, `query ${JSON.stringify(query.slice(0, 80))}`).toBeLessThan(3000);
    expect(r.total).toBeGreaterThanOrEqual(0);
    expect(Array.isArray(r.hits)).toBe(true);
  } catch (err) {
    // A query that cannot be understood: a clear error for the user, nothing else.
    if (!(err instanceof ApiError)) throw new Error(`query ${JSON.stringify(query)} threw ${(err as Error).name}: ${(err as Error).message}`);
    expect(err.code, `query ${JSON.stringify(query)}: ${err.message}`).toBe('invalid_args');
    expect(err.message).not.toMatch(/sqlite|fts5|syntax error|no such|unrecognized token|malformed/i);
    expect(err.message.length).toBeGreaterThan(5);
    expect(performance.now() - t).toBeLessThan(3000);
  }
  return true;
}

const searchOpts = fc.record({ sort: fc.constantFrom('relevance' as const, 'newest' as const, 'oldest' as const), facets: fc.boolean(), collapse: fc.boolean() });

describe('query parser and search, fuzzed', () => {
  it('any ASCII-ish string: a result or invalid_args', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 60 }), searchOpts, queryProperty), { seed: SEED, numRuns: 600 });
  });
  it('any Unicode string (incl. lone surrogates): a result or invalid_args', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), loneSurrogates), searchOpts, queryProperty), { seed: SEED + 1, numRuns: 600 });
  });
  it('grammar-shaped queries (operators, quotes, parentheses, field filters): a result or invalid_args', async () => {
    await fc.assert(fc.asyncProperty(grammarQuery, searchOpts, queryProperty), { seed: SEED + 2, numRuns: 1500 });
  });
  it('deeply nested and very long queries', async () => {
    for (const q of ['('.repeat(5000), `${'('.repeat(300)}harbour${')'.repeat(300)}`, '"'.repeat(9999), 'harbour '.repeat(1250), '-harbour '.repeat(1100), 'a* '.repeat(3000), 'the '.repeat(2500), 'the '.repeat(256), '"he said ""no"" twice" '.repeat(200), 'NOT '.repeat(2500)]) {
      await queryProperty(q.slice(0, 10_000), { sort: 'relevance', facets: true, collapse: true });
    }
  });
});

// ------------------------------------------------------------------ importers

const KINDS: SampleKind[] = ['html', 'mhtml', 'eml', 'pdf', 'md', 'txt'];
const EXT: Record<SampleKind, string> = { html: 'html', mhtml: 'mhtml', eml: 'eml', pdf: 'pdf', md: 'md', txt: 'txt' };
const PER_INPUT_LIMIT_MS = 10_000;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
let serial = 0;

async function importProperty(kind: SampleKind, bytes: Uint8Array, how: string): Promise<boolean> {
  tried.imports++;
  const name = `fuzz-${++serial}.${EXT[kind]}`;
  const t = performance.now();
  let r: ImportResult;
  try {
    r = await archive.call('clippings.add', { capture: { name, base64: Buffer.from(bytes).toString('base64') } });
  } catch (err) {
    throw new Error(`${how} ${name} (${bytes.length} bytes) threw instead of reporting: ${(err as Error).stack}`);
  }
  const ms = performance.now() - t;
  if (ms > slowestMs) [slowestMs, slowestLabel] = [ms, `${how} ${kind}, ${bytes.length} bytes`];
  expect(ms, `${how} ${name} took ${ms} ms`).toBeLessThan(PER_INPUT_LIMIT_MS);
  outcomes[`${kind}:${r.status}`] = (outcomes[`${kind}:${r.status}`] ?? 0) + 1;
  expect(['added', 'duplicate', 'updated', 'error']).toContain(r.status);
  if (r.status === 'error') {
    // A clear message naming the input, not a stack trace.
    expect(r.error).toMatch(new RegExp(`^${name.replace('.', '\\.')}: \\S`));
    expect(r.error!.length).toBeLessThan(600);
    expect(r.error).not.toMatch(/\n\s+at /);
  } else {
    expect(before.has(r.id!) && r.status === 'updated', `${name} changed pre-existing clipping ${r.id}`).toBe(false);
    const c = await archive.call('clippings.get', { id: r.id! });
    expect(c.title.trim().length).toBeGreaterThan(0);
    expect(c.text.trim().length).toBeGreaterThan(0);
    for (const s of [c.title, c.text, c.byline ?? '', c.html ?? '']) {
      expect(LONE_SURROGATE.test(s), `${name}: malformed UTF-16`).toBe(false);
      expect(s.includes('\0'), `${name}: NUL in stored text`).toBe(false);
    }
    expect(c.html ?? '').not.toMatch(/<script|<iframe|<object|<embed|<[^>]*\son[a-z]+\s*=/i);
  }
  return true;
}

/** Byte-level mutations of a valid sample: flips, insertions, deletions, duplications, truncation. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('dup' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(src: Buffer, ms: Mutation[]): Buffer {
  let b = Buffer.from(src);
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.op === 'flip') b[at] = m.v;
    else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    else if (m.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
    else if (m.op === 'dup') b = Buffer.concat([b.subarray(0, at + m.len), b.subarray(at, at + m.len), b.subarray(at + m.len)]);
    else b = b.subarray(0, at);
  }
  return b;
}

/** Invalid UTF-8 sequences: stray continuation bytes, overlongs, encoded surrogates, truncated sequences, 0xFF. */
const BAD_UTF8 = [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf0, 0x80, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xfe], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x00]];

describe('importers, fuzzed', () => {
  const kindArb = fc.constantFrom(...KINDS);

  it('random bytes of every declared kind', async () => {
    await fc.assert(
      fc.asyncProperty(kindArb, fc.uint8Array({ minLength: 0, maxLength: 4096 }), (k, bytes) => importProperty(k, bytes, 'random')),
      { seed: SEED + 10, numRuns: 300 },
    );
  });

  it('random printable text and markup soup of every declared kind', async () => {
    const soup = fc.array(fc.constantFrom('<p>', '</p>', '<div>', '<a href="x">', '<!--', '-->', '<![CDATA[', '<script>', '</script>', '<svg>', '&amp;', '&#xD800;', '&#0;', '\r\n', '--b\r\n', 'Content-Type: text/html\r\n', 'Subject: =?utf-8?B?', '%PDF-1.7\n', 'obj', 'stream\n', '# ', '> ', '[x](javascript:1)', 'council', 'harbour budget', ' '), { maxLength: 200 }).map((xs) => Buffer.from(xs.join('')));
    await fc.assert(fc.asyncProperty(kindArb, soup, (k, bytes) => importProperty(k, bytes, 'soup')), { seed: SEED + 11, numRuns: 300 });
  });

  it('mutated valid captures (HTML, MHTML, e-mail, PDF, Markdown, text)', async () => {
    const samples = Object.fromEntries(KINDS.map((k) => [k, sample(k)])) as Record<SampleKind, Buffer>;
    // The unmutated samples import cleanly.
    const added = KINDS.map((k) => outcomes[`${k}:added`] ?? 0);
    for (const k of KINDS) await importProperty(k, samples[k], 'valid');
    expect(KINDS.map((k, i) => (outcomes[`${k}:added`] ?? 0) - added[i]!)).toEqual(KINDS.map(() => 1));
    await fc.assert(
      fc.asyncProperty(kindArb, fc.array(mutation, { minLength: 1, maxLength: 6 }), (k, ms) => importProperty(k, mutate(samples[k], ms), 'mutated')),
      { seed: SEED + 12, numRuns: 600 },
    );
  });

  it('every valid capture truncated at 24 points', async () => {
    for (const k of KINDS) {
      const s = sample(k);
      for (let i = 1; i <= 24; i++) await importProperty(k, s.subarray(0, Math.floor((s.length * i) / 25)), 'truncated');
    }
  });

  it('invalid UTF-8 inside valid text, HTML, Markdown, MHTML and e-mail', async () => {
    const utf8Kinds: SampleKind[] = ['html', 'txt', 'md', 'mhtml', 'eml'];
    const arb = fc.tuple(fc.constantFrom(...utf8Kinds), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BAD_UTF8)), { minLength: 1, maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(arb, ([k, bad]) => {
        let b = sample(k);
        for (const [at, seq] of bad) {
          const i = at % b.length;
          b = Buffer.concat([b.subarray(0, i), Buffer.from(seq), b.subarray(i)]);
        }
        return importProperty(k, b, 'invalid-utf8');
      }),
      { seed: SEED + 13, numRuns: 200 },
    );
  });

  it('left everything already in the archive untouched, and the index consistent', () => {
    const after = digests([...before.keys()]);
    expect([...after.entries()]).toEqual([...before.entries()]);
    ftsCheck(archive.db);
    expect(archive.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

// ------------------------------------------------------------------ oversized captures

function bigInput(kind: string): Promise<BigInputResult> {
  tried.big++;
  return new Promise((resolve, reject) => {
    const db = path.join(tempDir('cuttings-big-'), 'big.db');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/reliability/lib/big-input.ts'), kind, db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`big input ${kind} exited ${code}: ${err.slice(0, 1000)}`));
      else {
        const r = JSON.parse(out.trim().split('\n').at(-1)!) as BigInputResult;
        console.log(`[fuzz] oversized ${kind}: ${(r.inputBytes / 1e6).toFixed(1)} MB in, ${r.status}${r.error ? ` (${r.error})` : ''}, ${r.ms} ms, peak RSS +${r.peakRssDeltaMb} MB, text ${r.textChars ?? '-'} chars`);
        resolve(r);
      }
    });
  });
}

describe('oversized captures (own process each; time and memory measured)', () => {
  const LIMIT_MS = 90_000;
  it('a 50 MB HTML page: refused before parsing, naming the limit (it cost 3.1 GB to parse)', async () => {
    const r = await bigInput('html-50mb');
    expect(r.status).toBe('error');
    expect(r.error).toBe('huge.html: too large for a web page (50 MB; the limit is 5.0 MB)');
    expect(r.ms).toBeLessThan(LIMIT_MS);
    expect(r.peakRssDeltaMb).toBeLessThan(512);
    expect(r.untouched).toBe(true);
  }, 180_000);

  it('100,000 nested elements: refused with a clear error, quickly', async () => {
    const r = await bigInput('nested-100k');
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/^nested\.html: the page is nested too deeply/);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.untouched).toBe(true);
  }, 120_000);

  it('a 1-million-character line (text and HTML): a clipping', async () => {
    for (const kind of ['line-1m-text', 'line-1m-html']) {
      const r = await bigInput(kind);
      expect(r.status).toBe('added');
      expect(r.textChars).toBeGreaterThan(900_000);
      expect(r.ms).toBeLessThan(30_000);
      expect(r.untouched).toBe(true);
    }
  }, 120_000);
});
