/**
 * Searching the archive, and what it holds: each method's logic is a named function
 * (here, or in query.ts for search.query); `searchHandlers` wires them to the contract.
 */
import { statSync } from 'node:fs';
import { schemaVersion } from '../../../db/open.ts';
import type { Handlers } from '../../contract/methods.ts';
import type { SavedSearch, Stats, SuggestResult } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import type { Core } from '../context.ts';
import { round2, runQuery } from './query.ts';

type Area = Pick<Handlers, 'search.query' | 'search.suggest' | 'search.histogram' | 'outlets.list' | 'search.save' | 'search.saved' | 'search.deleteSaved' | 'search.updateSaved' | 'search.reorderSaved' | 'archive.stats' | 'images.get'>;

export function searchHandlers(core: Core): Area {
  return {
    'search.query': (args) => runQuery(core, args),
    'search.histogram': ({ query, bucket, stackBy }) => ({ buckets: core.asUserError(() => core.search.histogram(query, bucket, stackBy, core.nowDate())) }),
    'outlets.list': () => core.clippings.outlets(),
    'search.suggest': ({ text, limit }) => suggest(core, text, limit),
    'search.save': ({ name, query }) => saveSearch(core, name, query),
    'search.saved': () => core.saved.list().map((row) => savedWithCount(core, row)),
    'search.deleteSaved': ({ name }) => deleteSaved(core, name),
    'search.updateSaved': ({ name, newName, query }) => updateSaved(core, name, { newName, query }),
    'search.reorderSaved': ({ names }) => reorderSaved(core, names),
    'images.get': ({ sha256 }) => image(core, sha256),
    'archive.stats': () => archiveStats(core),
  };
}

/** Instant-search suggestions, timing the lookup only (not building or loading the index). */
export function suggest(core: Core, text: string, limit: number): SuggestResult {
  const sync = core.instant();
  const started = performance.now();
  const r = sync.suggest(text, { limit });
  return { tookMs: round2(performance.now() - started), suggestions: r.suggestions, didYouMean: r.didYouMean };
}

/** A saved search with its current number of matches. */
export function savedWithCount(core: Core, row: { name: string; query: string; createdAt: string }): SavedSearch {
  let count = { total: 0, exact: true };
  try {
    count = core.search.countOf(row.query, core.nowDate());
  } catch {
    // A query saved by an older version that no longer parses counts as 0.
  }
  return { name: row.name, query: row.query, count: count.total, countExact: count.exact, createdAt: row.createdAt };
}

export function saveSearch(core: Core, name: string, query: string): SavedSearch {
  core.query(query, { limit: 1, offset: 0, now: core.nowDate() }); // refuse a query that cannot run
  core.write(() => core.saved.save(name, query, core.now()));
  return savedWithCount(core, core.saved.get(name)!);
}

/** `search.updateSaved`: rename a saved search and/or change its query (a new name must be free; a new query must run). */
export function updateSaved(core: Core, name: string, to: { newName?: string | undefined; query?: string | undefined }): SavedSearch {
  const row = core.saved.get(name);
  if (!row) throw new ApiError('not_found', `no saved search named "${name}"`);
  const newName = to.newName ?? row.name;
  const query = to.query ?? row.query;
  if (to.query !== undefined) core.query(query, { limit: 1, offset: 0, now: core.nowDate() }); // refuse a query that cannot run
  const taken = core.saved.get(newName);
  if (taken && taken.name.toLowerCase() !== row.name.toLowerCase()) throw new ApiError('conflict', `a saved search is already named "${taken.name}"`);
  core.write(() => core.saved.update(row.name, { name: newName, query }, core.now()));
  return savedWithCount(core, core.saved.get(newName)!);
}

/** `search.reorderSaved`: the saved searches in the order given, which must name each of them once. */
export function reorderSaved(core: Core, names: string[]): SavedSearch[] {
  const rows = core.saved.list();
  const known = new Map(rows.map((r) => [r.name.toLowerCase(), r.name]));
  const given = names.map((n) => known.get(n.toLowerCase()));
  if (given.some((n) => n === undefined) || new Set(given).size !== names.length || names.length !== rows.length)
    throw new ApiError('bad_input', 'name every saved search once, in the new order');
  core.write(() => core.saved.reorder(given as string[]));
  return core.saved.list().map((row) => savedWithCount(core, row));
}

export function deleteSaved(core: Core, name: string): { name: string; deleted: true } {
  const row = core.write(() => core.saved.delete(name));
  if (!row) throw new ApiError('not_found', `no saved search named "${name}"`);
  return { name: row.name, deleted: true };
}

export function image(core: Core, sha256: string): { mediaType: string; base64: string } {
  const r = core.captures.resource(sha256);
  if (!r) throw new ApiError('not_found', `no stored image ${sha256}`);
  return { mediaType: r.mediaType, base64: r.bytes.toString('base64') };
}

export function archiveStats(core: Core): Stats {
  return {
    clippings: core.clippings.count(),
    trashed: core.clippings.trashedBefore(null).length,
    tags: core.tags.count(),
    annotations: core.annotations.count(),
    orphanedAnnotations: core.annotations.count('orphaned'),
    captures: core.captures.count(),
    dbBytes: fileSize(core.file) + fileSize(`${core.file}-wal`),
    schemaVersion: schemaVersion(core.db),
    file: core.file,
  };
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
