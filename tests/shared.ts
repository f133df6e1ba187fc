/**
 * `../shared/` (beside the repository root) holds external reference material: the
 * reference text capture and two page corpora. It is not part of the repository, so a
 * fresh clone does not have it. Every test that needs it goes through this module: the
 * suite is registered with `describeWithShared` / `itWithShared`, runs when `../shared`
 * is there and is skipped when it is not, and tests/setup/shared-skips.ts prints one
 * line naming what was skipped.
 *
 * Nothing here reads the material: loaders are called inside tests (a skipped suite's
 * body is still run by vitest to collect its tests, so it must not touch the files).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** The reference material a test needs from ../shared (see tests/shared.ts). */
    needsShared?: SharedMaterial;
  }
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `../shared`, relative to the repository root. CUTTINGS_SHARED_DIR points elsewhere (set
 * it to a missing folder to see what a bare clone runs).
 */
export const SHARED_DIR = process.env.CUTTINGS_SHARED_DIR ? path.resolve(process.env.CUTTINGS_SHARED_DIR) : path.resolve(REPO, '..', 'shared');
/** Whether `../shared` is there. When it is, every suite that needs it runs (and fails if a file is missing). */
export const hasShared = existsSync(SHARED_DIR);

/** The parts of ../shared that tests use, by the name the skip line gives them. */
export const SHARED_MATERIAL = {
  'reference capture': 'fixtures/text-captures',
  'article-extraction benchmark': 'corpus/article-extraction-benchmark',
  'readability pages': 'corpus/readability-pages',
} as const;
export type SharedMaterial = keyof typeof SHARED_MATERIAL;

export const REFERENCE_CAPTURE = path.join(SHARED_DIR, 'fixtures/text-captures/truss-strategic-mistake.txt');
export const REFERENCE_EXPECTED = path.join(SHARED_DIR, 'fixtures/text-captures/truss-strategic-mistake.expected.json');
export const BENCHMARK_DIR = path.join(SHARED_DIR, 'corpus/article-extraction-benchmark');
export const BENCHMARK_HTML = path.join(BENCHMARK_DIR, 'html');
/** Readability's test pages, one folder each with source.html (its expected-metadata.json is Readability's output, not truth). */
export const READABILITY_PAGES = path.join(SHARED_DIR, 'corpus/readability-pages');

/** A suite that needs `material` from ../shared: skipped, and listed in the skip line, without it. */
export function describeWithShared(material: SharedMaterial, name: string, fn: () => void): void {
  describe(name, { skip: !hasShared, meta: { needsShared: material } }, fn);
}

/** One test that needs `material` from ../shared. */
export function itWithShared(material: SharedMaterial, name: string, fn: () => unknown, timeout?: number): void {
  it(name, { skip: !hasShared, meta: { needsShared: material }, ...(timeout === undefined ? {} : { timeout }) }, fn);
}
