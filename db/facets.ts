/**
 * What facet counts and story-cluster collapse need to know of each matching clipping —
 * its outlet, year, story cluster and tags — kept in memory (issue 13).
 *
 * Read from SQLite, those values cost one index lookup per match: for a word found in
 * every clipping of a 100k archive, 0.3–0.7 s for outlets and years, as much again for
 * tags, and the same for collapse's clusters. Here the match's ids are read from the
 * full-text index without ranking (a pass over its doclists) and each is looked up in
 * typed arrays.
 *
 * The values are held in chunks of 1,024 ids (FACET_CHUNK_BITS), loaded when a match
 * first touches them (for facets, only those it holds densely: below), so a query
 * finding a few clippings reads a few chunks. Migration
 * 017's triggers give a chunk a new random generation whenever anything it holds
 * changes, in this process or any other; every use first compares the generations and
 * reloads the chunks whose copy is out of date (one read of a small table). The counts
 * are therefore exactly those of SQL over the same data.
 *
 * Counting facets, a chunk is read only where the match holds at least half of it; the
 * ids in the other chunks not current are counted by a GROUP BY over them instead
 * (`tallyCurrent`): a process that counts facets once (the CLI) need not build the copy,
 * nor does a thinly spread match read the whole archive.
 */
import type { Facets } from '../electron/contract/shapes.ts';
import type { Db } from './open.ts';

/** A chunk holds the ids with the same `id >> FACET_CHUNK_BITS` (as migration 017's triggers mark them). */
const FACET_CHUNK_BITS = 10;
const CHUNK = 1 << FACET_CHUNK_BITS;

/** How many of the most frequent tags and outlets the facets list. */
const FACET_TOP = 50;

/** Counts by tag id, outlet and year, each above 0, in no particular order (`FacetIndex.tally`). */
export interface FacetTally {
  tags: [number, number][];
  outlets: [string, number][];
  years: [string, number][];
}

interface Chunk {
  gen: number;
  /** Per id (its offset in the chunk): index in `years`, −1 when it is not a live clipping. */
  year: Int32Array;
  /** Index in `outlets`, −1 when none. */
  outlet: Int32Array;
  /** Its story cluster (`cluster_id`), 0 when it has none. */
  cluster: Float64Array;
  /** Its tags (as indexes in `tagIds`): tags[tagStart[i] … tagStart[i + 1]). */
  tagStart: Int32Array;
  tags: Int32Array;
}

export class FacetIndex {
  /** By chunk number (a sparse array: chunk numbers are small). */
  private readonly chunks: (Chunk | undefined)[] = [];
  /** Every outlet and year string seen, each by its index (names only accumulate; counts say which are used). */
  private readonly outlets = new Dictionary<string>();
  private readonly years = new Dictionary<string>();
  /** Tag ids, numbered densely (what the chunks hold). */
  private readonly tagIds = new Dictionary<number>();

  constructor(private readonly db: Db) {}

  /**
   * Makes the copy current for `ids` (live clippings): reloads each chunk they touch
   * that changed since it was read. Where the counts must be those of the state the ids
   * were read in, run it in the same read transaction.
   */
  load(ids: ArrayLike<number>): void {
    const gens = this.gens();
    const seen = new Set<number>();
    const stale = new Set<number>();
    let last = -1;
    for (let i = 0; i < ids.length; i++) {
      const c = chunkOf(ids[i]!);
      if (c === last || seen.has(c)) continue;
      last = c;
      seen.add(c);
      if (this.chunks[c]?.gen !== (gens.get(c) ?? 0)) stale.add(c);
    }
    this.readChunks(stale, gens);
  }

  /**
   * `tally` of `ids` (distinct live clippings read in the current read transaction), the
   * copy made current only where that pays: a chunk out of date (or never read) is read when
   * the ids hold at least half of it; the ids in the others are counted by SQL
   * (`tallyInSql`, ~2 ms per 1,000 ids) instead of reading their chunks whole — a match
   * spread thinly over a 1M archive (10,000 ids in 1,000 chunks) would read every clipping
   * and tag link (~2.4 s of CPU). Chunks already current are counted in memory.
   */
  tallyCurrent(ids: readonly number[]): FacetTally {
    const gens = this.gens();
    const staleIds = new Map<number, number>();
    for (const id of ids) {
      const c = chunkOf(id);
      if (this.chunks[c]?.gen !== (gens.get(c) ?? 0)) staleIds.set(c, (staleIds.get(c) ?? 0) + 1);
    }
    const sparse = new Set<number>();
    const dense: number[] = [];
    for (const [c, n] of staleIds) {
      if (n * 2 >= CHUNK) dense.push(c);
      else sparse.add(c);
    }
    this.readChunks(dense, gens);
    if (sparse.size === 0) return this.tally(ids);
    const inMemory: number[] = [];
    const inSql: number[] = [];
    for (const id of ids) (sparse.has(chunkOf(id)) ? inSql : inMemory).push(id);
    return sumTallies(this.tally(inMemory), this.tallyInSql(inSql));
  }

  /** Each chunk's generation now (migration 017; a chunk without a row has 0). */
  private gens(): Map<number, number> {
    return new Map(JSON.parse((this.db.prepare(`SELECT json_group_array(json_array(chunk, gen)) AS g FROM clipping_facet_chunks`).get() as { g: string }).g) as [number, number][]);
  }

  /** Reads these chunks, neighbours together (a broad match reads everything in one go). */
  private readChunks(chunks: Iterable<number>, gens: ReadonlyMap<number, number>): void {
    const sorted = [...chunks].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; ) {
      let j = i + 1;
      while (j < sorted.length && sorted[j] === sorted[j - 1]! + 1) j++;
      this.read(sorted[i]!, sorted[j - 1]! + 1, gens);
      i = j;
    }
  }

  /** The story cluster of a loaded clipping: its `cluster_id`, else its own id. */
  clusterOf(id: number): number {
    const c = this.chunks[chunkOf(id)];
    const cl = c ? c.cluster[id - chunkOf(id) * CHUNK]! : 0;
    return cl === 0 ? id : cl;
  }

  /** Whether a loaded clipping belongs to a story cluster (its `cluster_id` is set). */
  clustered(id: number): boolean {
    const c = this.chunks[chunkOf(id)];
    return c !== undefined && c.cluster[id - chunkOf(id) * CHUNK] !== 0;
  }

  /**
   * The live clippings of each cluster: the clipping of that id, and those whose
   * `cluster_id` it is. Two lookups, by id and in the cluster index: written as one OR,
   * SQLite read every live clipping's entry (70 ms at 100k clippings).
   */
  members(clusters: readonly number[]): number[] {
    const json = JSON.stringify(clusters);
    return JSON.parse(
      (
        this.db
          .prepare(
            `SELECT json_group_array(id) AS ids FROM (
               SELECT id FROM clippings INDEXED BY clippings_filters WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL
               UNION
               SELECT id FROM clippings INDEXED BY clippings_cluster WHERE cluster_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL)`,
          )
          .get(json, json) as { ids: string }
      ).ids,
    ) as number[];
  }

  /**
   * Counts by tag, outlet and year over `ids` (distinct live clippings, loaded), ordered
   * as SQL ordered them: tags by count, then name without regard to ASCII case
   * (NOCASE); outlets by count, then name in code-point order (BINARY); years newest
   * first. Tags and outlets: the FACET_TOP most frequent.
   */
  count(ids: ArrayLike<number>): Facets {
    return this.named(this.tally(ids));
  }

  /** The counts of `count` before naming and ordering: every tag (by id), outlet and year with a count above 0. */
  tally(ids: ArrayLike<number>): FacetTally {
    const years = new Float64Array(this.years.size);
    const outlets = new Float64Array(this.outlets.size);
    const tags = new Float64Array(this.tagIds.size);
    let chunk: Chunk | undefined;
    let chunkNo = -1;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const c = chunkOf(id);
      if (c !== chunkNo) {
        chunk = this.chunks[c];
        chunkNo = c;
      }
      if (!chunk) continue;
      const at = id - c * CHUNK;
      const y = chunk.year[at]!;
      if (y < 0) continue;
      years[y]!++;
      const o = chunk.outlet[at]!;
      if (o >= 0) outlets[o]!++;
      for (let t = chunk.tagStart[at]!; t < chunk.tagStart[at + 1]!; t++) tags[chunk.tags[t]!]!++;
    }
    const used = <T>(counts: Float64Array, dict: Dictionary<T>): [T, number][] => [...counts].flatMap((count, i) => (count > 0 ? [[dict.name(i), count] as [T, number]] : []));
    return { tags: used(tags, this.tagIds), outlets: used(outlets, this.outlets), years: used(years, this.years) };
  }

  /** `count` of `ids` (distinct live clippings read in the current read transaction), made current as `tallyCurrent` makes it. */
  countCurrent(ids: readonly number[]): Facets {
    return this.named(this.tallyCurrent(ids));
  }

  /**
   * What `tally` gives, counted by SQL over `ids` (distinct live clippings) without
   * loading the copy: one GROUP BY over the ids' entries in the covering index of the
   * filtered columns, one over their tag links.
   */
  private tallyInSql(ids: readonly number[]): FacetTally {
    const json = JSON.stringify(ids);
    const rows = this.db
      .prepare(
        `SELECT outlet, substr(coalesce(published_at, sort_key), 1, 4) AS year, count(*) AS n
           FROM clippings INDEXED BY clippings_filters WHERE id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2`,
      )
      .all(json) as { outlet: string | null; year: string; n: number }[];
    const tags = this.db
      .prepare(`SELECT tag_id AS id, count(*) AS n FROM clipping_tags WHERE clipping_id IN (SELECT value FROM json_each(?)) GROUP BY tag_id`)
      .all(json) as { id: number; n: number }[];
    const outlets = new Map<string, number>();
    const years = new Map<string, number>();
    for (const { outlet, year, n } of rows) {
      if (outlet !== null) outlets.set(outlet, (outlets.get(outlet) ?? 0) + n);
      years.set(year, (years.get(year) ?? 0) + n);
    }
    return { tags: tags.map((t) => [t.id, t.n]), outlets: [...outlets], years: [...years] };
  }

  /** Counts by tag id, outlet and year (`tally`), named and ordered as `count` says; tags named now (those deleted left out). */
  named({ tags, outlets, years }: FacetTally): Facets {
    const names = new Map(
      JSON.parse(
        (this.db.prepare(`SELECT json_group_array(json_array(id, name)) AS t FROM tags WHERE id IN (SELECT value FROM json_each(?))`).get(JSON.stringify(tags.map(([id]) => id))) as { t: string }).t,
      ) as [number, string][],
    );
    return {
      tags: tags
        .flatMap(([id, count]) => (names.has(id) ? [{ name: names.get(id)!, count }] : []))
        .sort((a, b) => b.count - a.count || codePointCompare(asciiLower(a.name), asciiLower(b.name)))
        .slice(0, FACET_TOP),
      outlets: outlets
        .map(([name, count]) => ({ name, count }))
        .sort((a, b) => b.count - a.count || codePointCompare(a.name, b.name))
        .slice(0, FACET_TOP),
      years: years
        .sort((a, b) => codePointCompare(b[0], a[0]))
        .map(([year, count]) => ({ year, count })),
    };
  }

  /** Reads chunks [from, to) from the covering index of the filtered columns and the tags' primary key. */
  private read(from: number, to: number, gens: ReadonlyMap<number, number>): void {
    const lo = from * CHUNK;
    const hi = to * CHUNK;
    const rows = this.db
      .prepare(
        `SELECT json_group_array(id) AS id, json_group_array(outlet) AS outlet,
                json_group_array(substr(coalesce(published_at, sort_key), 1, 4)) AS year, json_group_array(coalesce(cluster_id, 0)) AS cluster
           FROM clippings INDEXED BY clippings_filters WHERE id >= ? AND id < ? AND deleted_at IS NULL`,
      )
      .get(lo, hi) as Record<'id' | 'outlet' | 'year' | 'cluster', string>;
    const links = this.db
      .prepare(`SELECT json_group_array(clipping_id) AS clipping, json_group_array(tag_id) AS tag FROM clipping_tags WHERE clipping_id >= ? AND clipping_id < ?`)
      .get(lo, hi) as Record<'clipping' | 'tag', string>;
    const id = JSON.parse(rows.id) as number[];
    const outlet = JSON.parse(rows.outlet) as (string | null)[];
    const year = JSON.parse(rows.year) as string[];
    const cluster = JSON.parse(rows.cluster) as number[];
    const tagOf = JSON.parse(links.clipping) as number[];
    const tagId = JSON.parse(links.tag) as number[];
    for (let c = from; c < to; c++) {
      this.chunks[c] = {
        gen: gens.get(c) ?? 0,
        year: new Int32Array(CHUNK).fill(-1),
        outlet: new Int32Array(CHUNK).fill(-1),
        cluster: new Float64Array(CHUNK),
        tagStart: new Int32Array(CHUNK + 1),
        tags: new Int32Array(0),
      };
    }
    for (let i = 0; i < id.length; i++) {
      const chunk = this.chunks[chunkOf(id[i]!)]!;
      const at = id[i]! - chunkOf(id[i]!) * CHUNK;
      chunk.year[at] = this.years.index(year[i]!);
      chunk.outlet[at] = outlet[i] === null ? -1 : this.outlets.index(outlet[i]!);
      chunk.cluster[at] = cluster[i]!;
    }
    // Tags laid out per id: counted, summed into starts, then placed.
    for (let i = 0; i < tagOf.length; i++) {
      const c = chunkOf(tagOf[i]!);
      this.chunks[c]!.tagStart[tagOf[i]! - c * CHUNK + 1]!++;
    }
    const next = new Map<number, Int32Array>();
    for (let c = from; c < to; c++) {
      const chunk = this.chunks[c]!;
      for (let i = 1; i <= CHUNK; i++) chunk.tagStart[i]! += chunk.tagStart[i - 1]!;
      chunk.tags = new Int32Array(chunk.tagStart[CHUNK]!);
      next.set(c, chunk.tagStart.slice(0, CHUNK));
    }
    for (let i = 0; i < tagOf.length; i++) {
      const c = chunkOf(tagOf[i]!);
      const at = tagOf[i]! - c * CHUNK;
      this.chunks[c]!.tags[next.get(c)![at]!++] = this.tagIds.index(tagId[i]!);
    }
  }
}

function chunkOf(id: number): number {
  return Math.floor(id / CHUNK);
}

/** Values numbered in the order first seen. */
class Dictionary<T> {
  private readonly byName = new Map<T, number>();
  private readonly names: T[] = [];

  get size(): number {
    return this.names.length;
  }

  index(name: T): number {
    let i = this.byName.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.byName.set(name, i);
    }
    return i;
  }

  name(i: number): T {
    return this.names[i]!;
  }
}

/** Two tallies of disjoint ids summed. */
function sumTallies(a: FacetTally, b: FacetTally): FacetTally {
  const sum = <T>(x: [T, number][], y: [T, number][]): [T, number][] => {
    const m = new Map(x);
    for (const [k, n] of y) m.set(k, (m.get(k) ?? 0) + n);
    return [...m];
  };
  return { tags: sum(a.tags, b.tags), outlets: sum(a.outlets, b.outlets), years: sum(a.years, b.years) };
}

/** SQLite's NOCASE folds only the ASCII letters. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Compares strings by code points (SQLite's BINARY collation on UTF-8), not UTF-16 units. */
function codePointCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
