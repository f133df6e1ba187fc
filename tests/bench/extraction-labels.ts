/**
 * The labelled extraction sets (tests/fixtures/extraction-labels/README.md): their zod
 * schemas, loaders and the tune/held-out split. Used by `npm run eval:extraction` and by
 * tests/bench/extraction-labels.test.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const LABELS_DIR = path.resolve(HERE, '../fixtures/extraction-labels');
export const OWN_PAGES_DIR = path.resolve(HERE, '../fixtures/extraction-pages');

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** What a reader would write down about a page. */
const Metadata = z
  .object({
    /** The article's own headline, without the site's name. */
    title: z.string().min(1),
    /** The publication as a reader would cite it; null when the page names none. */
    outlet: z.string().min(1).nullable(),
    /** Other names of the same outlet that count as right ("WSJ" for The Wall Street Journal). */
    outletAliases: z.array(z.string().min(1)).default([]),
    /** People; desk credits ("Staff"), site accounts ("admin") and organisations are not authors. */
    authors: z.array(z.string().min(1)),
    /** An agency credit (AP, Reuters, dpa …), apart from the authors. */
    agency: z.string().min(1).nullable().default(null),
    /** The publication day the page shows, null when it shows none. */
    published: Day.nullable(),
    modified: Day.nullable().default(null),
    /** ISO 639-1 code. */
    language: z.string().regex(/^[a-z]{2}$/),
    url: z.string().url().optional(),
    note: z.string().optional(),
  })
  .strict();

const Snippets = {
  /** Sentences of the article body: each must be found in the extracted body. */
  must: z.array(z.string().min(8)),
  /** Boilerplate (nav, footer, related links, comments, cookie text): none may be found. */
  mustNot: z.array(z.string().min(8)),
};

export const BenchmarkLabel = Metadata.extend({
  url: z.string().url(),
  /** `checked`: read on the page; `from-meta`: taken from the page's meta data after a look at the evidence only. */
  confidence: z.enum(['checked', 'from-meta']),
});
export const ReadabilityLabel = Metadata.extend({ ...Snippets, confidence: z.enum(['checked', 'from-meta']) }).refine(
  (l) => l.must.length >= 3 && l.mustNot.length >= 2,
  'a readability page needs at least 3 must and 2 must-not snippets',
);
export const OwnLabel = Metadata.extend({
  ...Snippets,
  /** `uncertain`: the page must be stored but flagged "extraction uncertain" (no real article text). */
  expect: z.enum(['stored', 'uncertain']),
});
export type BenchmarkLabel = z.infer<typeof BenchmarkLabel>;
export type ReadabilityLabel = z.infer<typeof ReadabilityLabel>;
export type OwnLabel = z.infer<typeof OwnLabel>;
export type AnyLabel = z.infer<typeof Metadata> & { must?: string[]; mustNot?: string[]; expect?: 'stored' | 'uncertain' };

export type Half = 'tune' | 'heldout';

/**
 * The fixed split: a page is in the tune half when the first byte of sha256("<set>:<id>")
 * is even, else held out; a text capture ("own-text") goes with its page ("own"). Never
 * look at held-out failures while tuning.
 */
export function half(set: string, id: string): Half {
  return createHash('sha256').update(`${set.replace(/-text$/, '')}:${id}`).digest()[0]! % 2 === 0 ? 'tune' : 'heldout';
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function loadBenchmarkLabels(): Record<string, BenchmarkLabel> {
  return z.record(z.string(), BenchmarkLabel).parse(readJson(path.join(LABELS_DIR, 'benchmark.json')));
}

export function loadReadabilityLabels(): Record<string, ReadabilityLabel> {
  return z.record(z.string(), ReadabilityLabel).parse(readJson(path.join(LABELS_DIR, 'readability.json')));
}

export interface OwnPage {
  id: string;
  html: string;
  text: string;
  labels: OwnLabel;
}

/** Our own pages: every folder under tests/fixtures/extraction-pages/ with page.html, page.txt and labels.json. */
export function loadOwnPages(): OwnPage[] {
  return readdirSync(OWN_PAGES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((id) => {
      const dir = path.join(OWN_PAGES_DIR, id);
      const html = path.join(dir, 'page.html');
      const text = path.join(dir, 'page.txt');
      for (const f of [html, text]) if (!existsSync(f)) throw new Error(`${id}: ${path.basename(f)} is missing`);
      const labels = OwnLabel.safeParse(readJson(path.join(dir, 'labels.json')));
      if (!labels.success) throw new Error(`${id}/labels.json: ${labels.error.message}`);
      return { id, html, text, labels: labels.data };
    });
}
