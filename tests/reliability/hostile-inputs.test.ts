/**
 * The hostile-input corpus (tests/reliability/lib/hostile-inputs.ts) at its small size,
 * through the real import path: an Archive over a SQLite file, `clippings.import` of each
 * file. Each input must end as its generator expects — a clipping, or a refusal whose
 * message names the file and the limit — and the archive must pass integrity_check
 * afterwards. Nothing here is timed: the product's limits either fire or they do not
 * (time and memory at full size are `npm run soak -- --hostile`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { checkMarkup } from '../../electron/core/capture/markup.ts';
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, MAX_PDF_CONTENT_BYTES, MAX_TEXT_BYTES } from '../../electron/core/capture/limits.ts';
import { ftsCheck } from './lib/common.ts';
import { hostileInputs, type HostileInput } from './lib/hostile-inputs.ts';

let dir: string;
let archive: Archive;
const inputs = [...hostileInputs('small')];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-hostile-inputs-'));
  archive = new Archive(path.join(dir, 'archive.db'));
});
afterAll(() => {
  archive?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function importOne(input: HostileInput) {
  const file = path.join(dir, input.file);
  writeFileSync(file, input.bytes);
  const report = await archive.call('clippings.import', { paths: [file] });
  expect(report.results).toHaveLength(1);
  return { file, result: report.results[0]! };
}

describe('hostile inputs (small sizes) through clippings.import', () => {
  it.each(inputs.map((i) => [i.name, i] as const))('%s', async (_name, input) => {
    const { file, result } = await importOne(input);
    if (result.status === 'error') {
      // A refusal names the file first, then what is wrong.
      expect(result.error?.startsWith(`${file}: `)).toBe(true);
      expect(input.expect, `refused: ${result.error}`).not.toBe('stored');
      if (input.error) expect(result.error!.slice(file.length + 2)).toMatch(input.error);
    } else {
      expect(input.expect, `stored (${result.status}) but expected a refusal`).not.toBe('refused');
      expect(['added', 'updated', 'duplicate']).toContain(result.status);
    }
  });

  it('left the archive whole: integrity_check ok, the index in step', () => {
    expect(archive.db.pragma('integrity_check', { simple: true })).toBe('ok');
    ftsCheck(archive.db);
  });
});

describe('the limits name themselves', () => {
  it('nesting and element counts are measured before parsing, as the parser would build them', () => {
    // Implied end tags and void elements do not nest: 100,000 <p> and <br> are flat.
    expect(checkMarkup(`<body>${'<p>a<br><img src=x>'.repeat(10_000)}</body>`).depth).toBeLessThan(5);
    expect(checkMarkup(`<ul>${'<li>a'.repeat(5_000)}</ul>`).depth).toBe(2);
    // Raw text and comments hold no elements.
    expect(checkMarkup(`<script>${'<div>'.repeat(1_000)}</script><!--${'<div>'.repeat(1_000)}-->`).elements).toBe(1);
    expect(() => checkMarkup('<div>'.repeat(MAX_HTML_DEPTH + 1))).toThrow(`more than ${MAX_HTML_DEPTH} levels`);
    expect(() => checkMarkup('<i></i>'.repeat(MAX_HTML_ELEMENTS + 1))).toThrow(`more than ${MAX_HTML_ELEMENTS.toLocaleString('en')}`);
  });

  it('each refusal of the corpus says which limit it met', async () => {
    const byName = new Map(inputs.map((i) => [i.name, i]));
    const refusal = async (name: string) => {
      const input = byName.get(name)!;
      const { file, result } = await importOne({ ...input, file: `again-${input.file}`, bytes: Buffer.concat([input.bytes, Buffer.from(' ')]) });
      return result.error?.slice(file.length + 2) ?? '';
    };
    expect(await refusal('html-nested-div')).toBe(`the page is nested too deeply to read (more than ${MAX_HTML_DEPTH} levels of elements)`);
    expect(await refusal('gzip-text')).toBe(`decompresses to more than ${(MAX_TEXT_BYTES / 1024 / 1024).toFixed(1)} MB (the limit for a text capture)`);
    expect(await refusal('html-wide')).toMatch(/^too large for a web page \(10 MB; the limit is 5\.0 MB\)$/);
    expect(await refusal('pdf-shared-content')).toContain(`more than ${MAX_PDF_CONTENT_BYTES / 1024 / 1024} MB of content`);
    expect(await refusal('pdf-flate-bomb')).toMatch(/^the PDF's compressed streams decompress to more than \d+ MB \(the limit\)$/);
    expect(await refusal('html-tiny-paragraphs')).toMatch(/^the page has too many elements to read \(more than [\d,]+\)$/);
  });
});
