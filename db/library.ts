/**
 * The rows of a whole-library JSON export, out and in (the format itself is in
 * electron/core/archive/library.ts). A clipping's own row goes through
 * `ClippingRepo.stored` / `insertStored` (db/clippings.ts maps its columns).
 */
import { VERSION_FIELDS } from '../electron/contract/enums.ts';
import type { Annotation, VersionFields } from '../electron/contract/shapes.ts';
import { CLIPPING_COLUMNS, fromRow, selectList, toParams } from './clippings.ts';
import type { Db } from './open.ts';

export interface TagRow {
  name: string;
  color: string | null;
  createdAt: string;
}

/** An earlier version of a clipping as stored. */
export type VersionRow = VersionFields & { captureId: number | null; replacedAt: string };

/** The columns `clipping_versions` shares with `clippings`, in the library's order. */

const INSERT_VERSION_FIELDS = ['captureId', ...VERSION_FIELDS] as const;

/** Every tag, in id order. */
export function allTags(db: Db): TagRow[] {
  return db.prepare(`SELECT name, color, created_at AS createdAt FROM tags ORDER BY id`).all() as TagRow[];
}

/** The story cluster a clipping belongs to (the id of its first member), or null. */
export function clusterIdOf(db: Db, clippingId: number): number | null {
  const row = db.prepare(`SELECT cluster_id AS cluster FROM clippings WHERE id = ?`).get(clippingId) as { cluster: number | null } | undefined;
  return row?.cluster ?? null;
}

/** A clipping's global identity (team sync, migration 014). */
export function clippingUuid(db: Db, clippingId: number): string {
  return (db.prepare(`SELECT uuid FROM clippings WHERE id = ?`).get(clippingId) as { uuid: string }).uuid;
}

/** The global identities of a clipping's annotations, by annotation id. */
export function annotationUuids(db: Db, clippingId: number): Map<number, string> {
  const rows = db.prepare(`SELECT id, uuid FROM annotations WHERE clipping_id = ?`).all(clippingId) as { id: number; uuid: string }[];
  return new Map(rows.map((r) => [r.id, r.uuid]));
}

/** The images stored with a capture, in id order. */
export function captureResources(db: Db, captureId: number): { url: string; mediaType: string; sha256: string; bytes: Buffer }[] {
  return db
    .prepare(`SELECT url, media_type AS mediaType, sha256, bytes FROM capture_resources WHERE capture_id = ? ORDER BY id`)
    .all(captureId) as { url: string; mediaType: string; sha256: string; bytes: Buffer }[];
}

/** A clipping's earlier versions, oldest first. */
export function versionRows(db: Db, clippingId: number): VersionRow[] {
  const rows = db
    .prepare(`SELECT capture_id AS captureId, ${selectList(VERSION_FIELDS)}, replaced_at AS replacedAt FROM clipping_versions WHERE clipping_id = ? ORDER BY id`)
    .all(clippingId) as Record<string, unknown>[];
  return rows.map((r) => fromRow<VersionRow>(r));
}

/** How many clippings (live and trashed), tags and captures the archive holds. */
export function holdings(db: Db): { clippings: number; tags: number; captures: number } {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { clippings: count('clippings'), tags: count('tags'), captures: count('captures') };
}

/** The statements a library import writes with, prepared once (call inside one transaction). */
export class LibraryRows {
  private readonly tag;
  private readonly renumber;
  private readonly version;
  private readonly cluster;
  private readonly link;
  private readonly annotation;
  private readonly trashed;

  constructor(private readonly db: Db) {
    this.tag = db.prepare(`INSERT INTO tags (name, color, created_at) VALUES (?, ?, ?)`);
    this.renumber = db.prepare(`UPDATE captures SET id = ? WHERE id = ?`);
    const cols = INSERT_VERSION_FIELDS.map((f) => CLIPPING_COLUMNS[f]).join(', ');
    this.version = db.prepare(
      `INSERT INTO clipping_versions (clipping_id, ${cols}, replaced_at)
       VALUES (@clippingId, ${INSERT_VERSION_FIELDS.map((f) => `@${f}`).join(', ')}, @replacedAt)`,
    );
    this.cluster = db.prepare(`UPDATE clippings SET cluster_id = ? WHERE id = ?`);
    this.link = db.prepare(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (?, ?, ?)`);
    this.annotation = db.prepare(
      `INSERT INTO annotations (id, clipping_id, exact, prefix, suffix, start, end, color, note, state, created_at, updated_at)
       VALUES (@id, @clippingId, @quote, @prefix, @suffix, @start, @end, @color, @note, @state, @createdAt, @updatedAt)`,
    );
    this.trashed = db.prepare(`UPDATE clippings SET deleted_at = ? WHERE id = ?`);
  }

  /** A new tag (the name as given); returns its id. */
  insertTag(name: string, color: string | null, createdAt: string): number {
    return Number(this.tag.run(name, color, createdAt).lastInsertRowid);
  }

  renumberCapture(from: number, to: number): void {
    this.renumber.run(to, from);
  }

  insertVersion(clippingId: number, v: VersionRow): void {
    this.version.run({ ...toParams(v, INSERT_VERSION_FIELDS), clippingId, replacedAt: v.replacedAt });
  }

  setCluster(clippingId: number, clusterId: number): void {
    this.cluster.run(clusterId, clippingId);
  }

  linkTag(clippingId: number, tagId: number, addedAt: string): void {
    this.link.run(clippingId, tagId, addedAt);
  }

  /** An annotation with its id, as given. */
  insertAnnotation(a: Annotation): void {
    this.annotation.run(a);
  }

  /** Gives a row the global identity the library carried (instead of the one made at insert). */
  keepUuid(table: 'clippings' | 'annotations', id: number, uuid: string): void {
    this.db.prepare(`UPDATE ${table} SET uuid = ? WHERE id = ?`).run(uuid, id);
  }

  /** Moves a clipping to the trash (last and on its own: the trigger takes its document out of the index). */
  trash(clippingId: number, deletedAt: string): void {
    this.trashed.run(deletedAt, clippingId);
  }
}
