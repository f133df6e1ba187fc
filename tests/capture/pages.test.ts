/**
 * Page fixtures in the style of Readability's test pages: one folder per tricky page
 * under tests/capture/pages/<name>/ with `source.html` (a small synthetic page that
 * reproduces a pattern seen on real news sites) and `expected.json` (the fields).
 *
 * expected.json keys (all optional but `about`):
 *   url                  capture address passed to the extractor
 *   title, byline, outlet, publishedAt, modifiedAt   exact field values (null allowed)
 *   publishedAtPrefix    publishedAt starts with this (for dates without a year or zone)
 *   firstParagraph, lastParagraph, paragraphCount
 *   figureCaptions       captions of the figures, in order
 *   mustAppearInBody, mustNotAppearInBody   substrings of the clean body text
 *   uncertain            the clipping is flagged "extraction uncertain" (default false)
 *   htmlContains         substrings of the sanitised article HTML (headings, lists, tables kept)
 *   htmlContainsOnce     substrings found exactly once in it (no repeated paragraph)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../electron/core/capture/html.ts';

interface Expected {
  about: string;
  url?: string;
  title?: string | null;
  byline?: string | null;
  outlet?: string | null;
  publishedAt?: string | null;
  modifiedAt?: string | null;
  publishedAtPrefix?: string;
  firstParagraph?: string;
  lastParagraph?: string;
  paragraphCount?: number;
  figureCaptions?: (string | null)[];
  mustAppearInBody?: string[];
  mustNotAppearInBody?: string[];
  uncertain?: boolean;
  htmlContains?: string[];
  htmlContainsOnce?: string[];
}

const DIR = new URL('./pages/', import.meta.url);
const folders = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('page fixtures (tests/capture/pages)', () => {
  it('has fixture folders', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  for (const name of folders) {
    it(name, () => {
      const html = readFileSync(fileURLToPath(new URL(`${name}/source.html`, DIR)), 'utf8');
      const want = JSON.parse(readFileSync(fileURLToPath(new URL(`${name}/expected.json`, DIR)), 'utf8')) as Expected;
      expect(want.about, 'expected.json needs an "about"').toBeTruthy();
      const c = extractFromHtml(html, { url: want.url ?? null });
      const body = c.paragraphs.join('\n\n');

      if (want.title !== undefined) expect(c.title, 'title').toBe(want.title);
      if (want.byline !== undefined) expect(c.byline, 'byline').toBe(want.byline);
      if (want.outlet !== undefined) expect(c.outlet, 'outlet').toBe(want.outlet);
      if (want.publishedAt !== undefined) expect(c.publishedAt, 'publishedAt').toBe(want.publishedAt);
      if (want.modifiedAt !== undefined) expect(c.modifiedAt, 'modifiedAt').toBe(want.modifiedAt);
      if (want.publishedAtPrefix !== undefined) expect(c.publishedAt ?? '', 'publishedAt').toMatch(new RegExp(`^${want.publishedAtPrefix}`));
      if (want.firstParagraph !== undefined) expect(c.paragraphs[0], 'first paragraph').toBe(want.firstParagraph);
      if (want.lastParagraph !== undefined) expect(c.paragraphs.at(-1), 'last paragraph').toBe(want.lastParagraph);
      if (want.paragraphCount !== undefined) expect(c.paragraphs, 'paragraphs').toHaveLength(want.paragraphCount);
      if (want.figureCaptions !== undefined) expect(c.figures.map((f) => f.caption), 'figure captions').toEqual(want.figureCaptions);
      expect(c.uncertain ?? false, 'uncertain').toBe(want.uncertain ?? false);
      for (const s of want.mustAppearInBody ?? []) expect(body, `body should contain "${s}"`).toContain(s);
      for (const s of want.mustNotAppearInBody ?? []) expect(body, `body should not contain "${s}"`).not.toContain(s);
      for (const s of want.htmlContains ?? []) expect(c.html, `html should contain "${s}"`).toContain(s);
      for (const s of want.htmlContainsOnce ?? []) expect((c.html ?? '').split(s).length - 1, `"${s}" in the html`).toBe(1);
    });
  }
});
