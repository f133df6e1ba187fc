/**
 * Instant search and SQLite: reading live clippings as instant rows, and `InstantSync`,
 * which keeps one database's InstantIndex current (snapshots, refresh by fingerprint).
 */
import type { Db } from '../open.ts';
import { extractNames } from '../names.ts';
import { unpackText } from '../text.ts';
import type { InstantRow, InstantSnapshot } from './phrases.ts';
import { decodeSnapshot, encodeSnapshot } from './snapshot.ts';
import { InstantIndex, type Suggestions } from './suggest.ts';

const ROWS_SQL = `SELECT c.id, c.title, c.byline, c.outlet, c.text_z, c.text_size,
  (SELECT json_group_array(t.name) FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.clipping_id = c.id) AS tags
  FROM clippings c`;

/** (The text as stored, unpacked here: through SQL's sqlar_uncompress() it would cross into JavaScript twice.) */
type DbRow = { id: number; title: string; byline: string | null; outlet: string | null; text_z: Buffer; text_size: number; tags: string };

function toRow(r: DbRow, namesPerClipping: number): InstantRow {
  return { id: r.id, title: r.title, byline: r.byline, outlet: r.outlet, tags: JSON.parse(r.tags) as string[], names: extractNames(unpackText(r.text_z, r.text_size) ?? '', namesPerClipping) };
}

export type LoadOptions = {
  /** Only these clippings (those not live are skipped). */
  ids?: readonly number[];
  /** Clippings read per query (bodies in memory at once). */
  pageSize?: number;
  /** Names kept per clipping. */
  namesPerClipping?: number;
};

/**
 * Live clippings as instant rows, names computed from the text on the fly. Reads pages
 * of `pageSize` rows by id (not one long-running `.iterate()`): between pages the
 * connection is free, so a consumer may pause (a background build) or run other
 * statements on the same connection without "connection is busy" errors. (`+deleted_at`
 * keeps SQLite on the rowid: through the live-by-date index (clippings_live_filters)
 * every page re-sorted all live ids — 181 s instead of 1 s to read 100k clippings.)
 */
export function* loadInstantRows(db: Db, opts: LoadOptions = {}): Generator<InstantRow> {
  const pageSize = opts.pageSize ?? 256;
  const perClipping = opts.namesPerClipping ?? 40;
  if (opts.ids) {
    const byIds = db.prepare(`${ROWS_SQL} WHERE +c.deleted_at IS NULL AND c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id`);
    for (let i = 0; i < opts.ids.length; i += pageSize) {
      const page = byIds.all(JSON.stringify(opts.ids.slice(i, i + pageSize))) as DbRow[];
      for (const r of page) yield toRow(r, perClipping);
    }
    return;
  }
  const next = db.prepare(`${ROWS_SQL} WHERE +c.deleted_at IS NULL AND c.id > ? ORDER BY c.id LIMIT ?`);
  let after = -Infinity;
  for (;;) {
    const page = next.all(after === -Infinity ? -1 : after, pageSize) as DbRow[];
    if (page.length === 0) return;
    for (const r of page) yield toRow(r, perClipping);
    after = page[page.length - 1]!.id;
  }
}

/**
 * The live clippings' part of the fingerprint: read from the index `clippings_live_updated`
 * (migration 013) alone, never the rows (tests/db/search-plans.test.ts).
 */
export const FINGERPRINT_LIVE = `SELECT count(*) AS live, total(id) AS idSum, max(updated_at) AS maxUpdated FROM clippings WHERE deleted_at IS NULL`;

/**
 * The archive's newest change mark and its oldest kept one (clipping_rank_changes,
 * migration 019: every clipping added, edited, trashed or restored is logged with a
 * number that only grows, whatever the clock says; the newest marks are kept).
 */
const MARKS = `SELECT coalesce(max(seq), 0) AS mark, coalesce(min(seq), 0) AS oldest FROM clipping_rank_changes`;

type Fingerprint = { live: number; idSum: number; maxUpdated: string | null; links: number; linkSum: number; tags: string; mark: number; oldest: number };

/** `behind`: catching up needed more re-reading than allowed (`maxReread`); the index was left as it was. */
export type RefreshResult = { mode: 'none' | 'incremental' | 'rebuild' | 'behind'; updated: number; removed: number };

export type RefreshOptions = {
  /** Look even when no other connection committed (after our own writes). */
  force?: boolean;
  /** At most this many clippings re-read (a rebuild reads them all); past it: `behind`. */
  maxReread?: number;
};

/**
 * Owns the InstantIndex of one database and keeps it current.
 *
 * - Changes made through this process: call `refresh({ force: true })` before the next
 *   use (Core does, after any method that writes). Our own commits do not move
 *   `PRAGMA data_version`, so only `force` makes it look.
 * - Changes made by another process (the CLI while the app runs): `refresh()` reads
 *   `PRAGMA data_version` — which moves only when ANOTHER connection commits — and,
 *   when it moved, a fingerprint of the live clippings, their tag links, the tag names
 *   and the newest change mark. Changed clippings are found by the change marks logged
 *   since the index was last current (edits; never by `updated_at`: a generated or
 *   imported archive stamps every clipping with one time, and a catch-up by it re-read
 *   them all), by comparing live ids (new, trashed, restored, purged) and, when tags
 *   changed, by comparing each clipping's tags; they are re-read, the rest is kept.
 *   Past half the archive it rebuilds.
 *
 * Only when the marks since then are no longer all kept (more changes than the log
 * keeps) or unknown (a snapshot saved before marks were recorded) are edits found by
 * `updated_at` at or after the watermark; an edit stamped with an older time (a clock
 * set back) is then only seen by the next rebuild.
 */
export class InstantSync {
  private dataVersion: number | null = null;
  private fp: Fingerprint | null = null;
  private watermark: string | null = null;
  /** The layout of the snapshot file `open` read (snapshot.ts), if any. */
  openedLayout: 1 | 2 | null = null;

  constructor(
    private readonly db: Db,
    private current: InstantIndex = new InstantIndex(),
    private readonly options: { namesPerClipping?: number } = {},
  ) {}

  get index(): InstantIndex {
    return this.current;
  }

  suggest(text: string, opts?: { limit?: number }): Suggestions {
    return this.current.suggest(text, opts);
  }

  /** Live clippings: what a rebuild would read. */
  liveCount(): number {
    return this.db.prepare(`SELECT count(*) FROM clippings WHERE deleted_at IS NULL`).pluck().get() as number;
  }

  /** Rebuilds from the database, synchronously. */
  rebuild(): void {
    const fp = this.fingerprint();
    const dv = this.readDataVersion();
    const next = new InstantIndex();
    next.build(loadInstantRows(this.db, { namesPerClipping: this.options.namesPerClipping }));
    this.current = next;
    this.settle(fp, dv);
  }

  /** A snapshot to save, to be loaded at the next start-up. */
  export(): InstantSnapshot {
    return { ...this.current.export(), watermark: this.watermark };
  }

  /** Loads a saved snapshot, then catches up with the database. */
  load(snapshot: InstantSnapshot): RefreshResult {
    const next = new InstantIndex();
    next.import(snapshot);
    return this.adopt(next, snapshot.watermark ?? null);
  }

  /**
   * The built index, its watermark and fingerprint as bytes, for the snapshot file
   * beside the database (snapshot.ts: the vocabulary first, readable alone; the rest in
   * V8's serialization, whose older versions V8 reads — a newer one it cannot read is
   * rebuilt from SQLite like a missing snapshot).
   */
  save(): Buffer {
    return encodeSnapshot({ state: this.current.state(), watermark: this.watermark, fingerprint: this.fp });
  }

  /**
   * Opens what `save()` wrote (or the earlier layout: `openedLayout` 1, worth saving again),
   * then catches up with the database; throws on anything else. With the saved
   * fingerprint, catching up is one look at the database when nothing changed since (as
   * for another process's changes, see `refresh`), and compares every clipping's tags
   * only when tags or tag links changed.
   */
  open(bytes: Uint8Array, opts: Pick<RefreshOptions, 'maxReread'> = {}): RefreshResult {
    const saved = decodeSnapshot<Fingerprint>(bytes);
    const next = new InstantIndex();
    next.restoreState(saved.state);
    this.openedLayout = saved.layout;
    return this.adopt(next, saved.watermark, saved.fingerprint, opts);
  }

  private adopt(next: InstantIndex, watermark: string | null, fp: Fingerprint | null = null, opts: RefreshOptions = {}): RefreshResult {
    this.current = next;
    this.watermark = watermark;
    this.fp = fp;
    this.dataVersion = null;
    // Without a fingerprint (the rows snapshot) this re-reads what the watermark says.
    return this.refresh(opts);
  }

  /** Picks up changes made by other connections (or everything when `force`). */
  refresh(opts: RefreshOptions = {}): RefreshResult {
    const none: RefreshResult = { mode: 'none', updated: 0, removed: 0 };
    const dv = this.readDataVersion();
    if (!opts.force && this.dataVersion !== null && dv === this.dataVersion) return none;
    const fp = this.fingerprint();
    if (!opts.force && this.fp && sameFingerprint(fp, this.fp)) {
      // A fingerprint saved before change marks were kept: nothing changed, so the
      // index is current at today's mark; reported as a catch-up, to be saved with it.
      const marked = this.fp.mark !== undefined;
      this.fp = fp;
      this.dataVersion = dv;
      return marked ? none : { mode: 'incremental', updated: 0, removed: 0 };
    }

    const index = this.current;
    const live = (this.db.prepare(`SELECT id FROM clippings WHERE deleted_at IS NULL`).pluck().all() as number[]);
    const liveSet = new Set(live);
    const removed: number[] = [];
    for (const id of index.ids()) if (!liveSet.has(id)) removed.push(id);
    const reload = new Set<number>();
    for (const id of live) if (!index.has(id)) reload.add(id);
    for (const id of this.editedSince(fp)) reload.add(id);

    const rebuild = reload.size > Math.max(1000, live.length / 2);
    if (opts.maxReread !== undefined && (rebuild ? live.length : reload.size) > opts.maxReread) return { mode: 'behind', updated: 0, removed: 0 };
    if (rebuild) {
      this.rebuild();
      return { mode: 'rebuild', updated: live.length, removed: removed.length };
    }

    for (const id of removed) index.remove(id);
    let updated = 0;
    // Tag changes leave updated_at alone: compare each clipping's tags when they moved.
    if (!this.fp || this.fp.links !== fp.links || this.fp.linkSum !== fp.linkSum || this.fp.tags !== fp.tags) {
      const tagsOf = new Map<number, string[]>();
      const rows = this.db
        .prepare(`SELECT ct.clipping_id AS id, t.name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id`)
        .all() as { id: number; name: string }[];
      for (const r of rows) {
        const list = tagsOf.get(r.id);
        if (list) list.push(r.name);
        else tagsOf.set(r.id, [r.name]);
      }
      for (const id of [...index.ids()]) {
        if (reload.has(id)) continue;
        const row = index.row(id)!;
        const now = (tagsOf.get(id) ?? []).slice().sort();
        const before = row.tags.slice().sort();
        if (now.length === before.length && now.every((t, i) => t === before[i])) continue;
        index.update({ ...row, tags: tagsOf.get(id) ?? [] });
        updated++;
      }
    }
    for (const row of loadInstantRows(this.db, { ids: [...reload], namesPerClipping: this.options.namesPerClipping })) {
      index.update(row);
      updated++;
    }
    this.settle(fp, dv);
    return { mode: 'incremental', updated, removed: removed.length };
  }

  /** Clippings edited since the index was last current (`fp`: the archive now). */
  private editedSince(fp: Fingerprint): number[] {
    const since = this.fp?.mark;
    // Every mark after `since` still kept: the log names exactly what changed.
    if (since !== undefined && (fp.mark <= since || fp.oldest <= since + 1)) {
      return this.db.prepare(`SELECT DISTINCT clipping_id FROM clipping_rank_changes WHERE seq > ?`).pluck().all(since) as number[];
    }
    if (this.watermark === null) return this.db.prepare(`SELECT id FROM clippings WHERE deleted_at IS NULL`).pluck().all() as number[];
    return this.db.prepare(`SELECT id FROM clippings WHERE deleted_at IS NULL AND updated_at >= ?`).pluck().all(this.watermark) as number[];
  }

  private settle(fp: Fingerprint, dv: number): void {
    this.fp = fp;
    this.dataVersion = dv;
    this.watermark = fp.maxUpdated;
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private fingerprint(): Fingerprint {
    const c = this.db
      .prepare(FINGERPRINT_LIVE)
      .get() as { live: number; idSum: number; maxUpdated: string | null };
    const l = this.db.prepare(`SELECT count(*) AS links, total(clipping_id * 65599 + tag_id) AS linkSum FROM clipping_tags`).get() as {
      links: number;
      linkSum: number;
    };
    const t = this.db.prepare(`SELECT coalesce(group_concat(id || '=' || name, char(31)), '') AS tags FROM tags`).get() as { tags: string };
    const m = this.db.prepare(MARKS).get() as { mark: number; oldest: number };
    return { ...c, ...l, tags: t.tags, ...m };
  }
}

/** `b` saved before change marks were recorded (no `mark`) is compared on the rest. */
function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return (b.mark === undefined || a.mark === b.mark) && a.live === b.live && a.idSum === b.idSum && a.maxUpdated === b.maxUpdated && a.links === b.links && a.linkSum === b.linkSum && a.tags === b.tags;
}
