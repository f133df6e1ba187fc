/**
 * Team sync, the local archive's side (docs/team-archive.md): the sync state, the outbox
 * the triggers of migration 014 fill, the join snapshot, and applying pulled operations
 * by the merge rules (per-group last writer wins by (hlc, replica), tag membership per
 * (clipping, tag), annotations as objects, purge as a tombstone, read state per user).
 */
import type { ClippingAuthors } from '../electron/contract/shapes.ts';
import { FIELD_GROUPS } from '../electron/contract/enums.ts';
import { CREATED, foldUserName } from './authors.ts';
import { CaptureRepo } from './captures.ts';
import {
  ANNOTATION_COLUMNS,
  ANNOTATION_GROUPS,
  annotationCreateSql,
  CLIPPING_CONSTANTS,
  CLIPPING_GROUPS,
  clippingCreateSql,
  UUID7_SQL,
} from './migrations/014-sync-identities.ts';
import { VERSION_COLUMNS, versionValueSql } from './migrations/018-sync-aliases.ts';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';
import { TagRepo } from './tags.ts';
import { packRow, readColumns, setColumns, textSql } from './text.ts';

export type OpKind = 'clipping' | 'field' | 'read' | 'purge' | 'tag' | 'tag_color' | 'annotation' | 'annotation_field' | 'annotation_delete' | 'alias' | 'saved' | 'version';

/** One operation as it travels (the value already parsed from JSON). */
export interface SyncOp {
  opId: string;
  hlc: number;
  replica: string;
  kind: OpKind;
  object: string;
  key: string;
  value: unknown;
  /** The user whose replica wrote it, as the team server names them (pulled operations). */
  user?: string;
}

/** An operation of the outbox, with its place in it. */
export interface OutboxOp extends Omit<SyncOp, 'replica'> {
  seq: number;
}

export interface SyncStateRow {
  joined: boolean;
  server: string | null;
  token: string | null;
  replica: string | null;
  userName: string | null;
  role: string | null;
  cursor: number;
  hlc: number;
  lastSync: string | null;
}

/** The replica id the team server writes its own operations under (a duplicate's alias): nobody's. */
const SERVER_REPLICA = '00000000-0000-0000-0000-000000000000';

/** Who did what to one clipping, as this archive knows it (see `SyncRepo.authors`). */
export type AuthorsRow = Omit<ClippingAuthors, 'joined'>;

export interface ApplyResult {
  applied: number;
  /** Operations that lost to a newer value held here (last writer wins). */
  conflicts: number;
  /** Clippings whose body changed or that got an annotation: their annotations are re-anchored by the caller. */
  bodyChanged: number[];
}

type Row = Record<string, unknown>;

/** An own edit overridden by a later one (`sync_overridden`), as kept. */
export interface OverriddenRow {
  clippingId: number;
  clippingTitle: string;
  field: string;
  /** The group's columns as this replica had written them. */
  value: Row;
  /** The (hlc) of the edit that won. */
  byHlc: number;
  /** Whose replica made it (`sync_replicas`; null: not known, or the server's own merge). */
  byUser: string | null;
  recordedAt: string;
}

interface Version {
  hlc: number;
  replica: string;
}

/** What a page being applied has read already: clippings' ids by uuid and version rows by object. */
interface PageCache {
  ids: Map<string, number | null>;
  versions: Map<string, Map<string, Version>>;
}

export class SyncRepo {
  private readonly captures: CaptureRepo;
  private readonly tags: TagRepo;
  /** Whether any clipping here is an alias of another (most archives: none, and no lookup is made). */
  private anyAlias = false;

  /** Prepared statements by their text: applying a page runs the same few thousands of times. */
  private readonly statements = new Map<string, Statement>();

  /** While a page is applied: what it read in one go up front, kept up to date as it writes. */
  private page: PageCache | null = null;
  /** While a page is applied: this replica's id (whose edits, overridden, are kept). */
  private self: string | null = null;

  constructor(private readonly db: Db) {
    this.captures = new CaptureRepo(db);
    this.tags = new TagRepo(db);
  }

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  state(): SyncStateRow {
    const r = this.stmt(`SELECT joined, server, token, replica, user_name, role, cursor, hlc, last_sync FROM sync_state WHERE id = 1`).get() as Row;
    return {
      joined: r.joined === 1,
      server: r.server as string | null,
      token: r.token as string | null,
      replica: r.replica as string | null,
      userName: r.user_name as string | null,
      role: r.role as string | null,
      cursor: r.cursor as number,
      hlc: r.hlc as number,
      lastSync: r.last_sync as string | null,
    };
  }

  /** A new UUIDv7 (the same generator as the triggers'). */
  newUuid(): string {
    return (this.stmt(`SELECT ${UUID7_SQL} AS u`).get() as { u: string }).u;
  }

  /**
   * Joins a team (call in a transaction): records the server and this replica, then puts
   * what the archive already holds in the outbox, as the triggers would have recorded it.
   */
  join(j: { server: string; token: string; replica: string; userName: string; role: string }): number {
    this.stmt(`UPDATE sync_state SET joined = 1, applying = 0, server = ?, token = ?, replica = ?, user_name = ?, role = ?, cursor = 0, last_sync = NULL WHERE id = 1`).run(
      j.server,
      j.token,
      j.replica,
      j.userName,
      j.role,
    );
    this.stmt(`UPDATE sync_state SET hlc = max(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 1024, hlc + 1) WHERE id = 1`).run();
    this.nameReplicas(new Map([[j.replica, j.userName]]));
    const op = (kind: OpKind, object: string, key: string, value: string, from: string) =>
      this.stmt(`INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value) SELECT ${UUID7_SQL}, s.hlc, '${kind}', ${object}, ${key}, ${value} FROM sync_state s, ${from}`).run();
    // (the text stored compressed since migration 024: the creation carries it as text)
    op('clipping', 'c.uuid', `''`, clippingCreateSql('c').replace('c."text"', textSql('c')), 'clippings c ORDER BY c.id');
    this.stmt(`INSERT INTO sync_versions (object, grp, hlc, replica) SELECT c.uuid, '${CREATED}', s.hlc, s.replica FROM sync_state s, clippings c WHERE true
      ON CONFLICT (object, grp) DO UPDATE SET hlc = excluded.hlc, replica = excluded.replica`).run();
    op('tag', 'c.uuid', 'lower(t.name)', `json_object('present', json('true'), 'name', t.name)`, 'clipping_tags ct JOIN clippings c ON c.id = ct.clipping_id JOIN tags t ON t.id = ct.tag_id');
    op('tag_color', 'lower(t.name)', `''`, `json_object('color', t.color)`, 'tags t WHERE t.color IS NOT NULL');
    op('annotation', 'a.uuid', `''`, annotationCreateSql('a'), 'annotations a ORDER BY a.id');
    op('read', 'c.uuid', `'read'`, `json('true')`, 'clippings c WHERE c.is_read = 1');
    this.joinSavedSearches();
    op('version', 'c.uuid', `''`, versionValueSql('v'), 'clipping_versions v JOIN clippings c ON c.id = v.clipping_id ORDER BY v.id');
    return this.pending();
  }

  /** The join snapshot of the saved searches, as the triggers of migration 018 would have recorded them. */
  private joinSavedSearches(): void {
    for (const [key, value] of [
      ['search', `json_object('present', json('true'), 'name', x.name, 'query', x.query)`],
      ['position', 'x.position'],
    ]) {
      this.stmt(
        `INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value) SELECT ${UUID7_SQL}, s.hlc, 'saved', lower(x.name), '${key}', ${value} FROM sync_state s, saved_searches x ORDER BY x.position`,
      ).run();
      this.stmt(
        `INSERT INTO sync_versions (object, grp, hlc, replica) SELECT 'saved:' || lower(x.name), '${key}', s.hlc, s.replica FROM sync_state s, saved_searches x WHERE true
         ON CONFLICT (object, grp) DO UPDATE SET hlc = excluded.hlc, replica = excluded.replica`,
      ).run();
    }
  }

  /** Leaves the team: the archive stays as it is, the sync state and outbox are cleared. */
  leave(): void {
    this.stmt(`UPDATE sync_state SET joined = 0, applying = 0, server = NULL, token = NULL, replica = NULL, user_name = NULL, role = NULL, cursor = 0, last_sync = NULL WHERE id = 1`).run();
    this.stmt(`DELETE FROM sync_outbox`).run();
    this.stmt(`DELETE FROM sync_versions`).run();
    this.stmt(`DELETE FROM sync_aliases`).run();
    this.stmt(`DELETE FROM sync_replicas`).run();
  }

  /** Records whose each replica is (a replica's user never changes; a name given again is rewritten only when it differs). */
  private nameReplicas(names: ReadonlyMap<string, string>): void {
    for (const [replica, name] of names) {
      this.stmt(
        `INSERT INTO sync_replicas (replica, user_name, folded) VALUES (?, ?, ?)
         ON CONFLICT (replica) DO UPDATE SET user_name = excluded.user_name, folded = excluded.folded WHERE user_name IS NOT excluded.user_name OR folded IS NOT excluded.folded`,
      ).run(replica, name, foldUserName(name));
    }
  }

  /**
   * Who added a clipping, who last changed each of its field groups since, and who made
   * each of its highlights, by the version rows held here and whose each replica is
   * (null names: not in a team, or a replica nobody named, such as the server's own).
   * A clipping or annotation with no creation row (`CREATED`) was made on this replica
   * (or held here at `team join`, whose snapshot this replica sent): the joined user's.
   * A group "changed since" has a version row of its own that is not the creation's.
   * Null when there is no such clipping.
   */
  authors(clippingId: number): AuthorsRow | null {
    const s = this.state();
    const c = this.stmt(`SELECT uuid FROM clippings WHERE id = ?`).get(clippingId) as { uuid: string } | undefined;
    if (!c) return null;
    if (!s.joined || !s.replica) return { addedBy: null, edited: [], annotations: [] };
    const name = (replica: string): string | null => (this.stmt(`SELECT user_name FROM sync_replicas WHERE replica = ?`).get(replica) as { user_name: string } | undefined)?.user_name ?? null;
    const rows = new Map((this.stmt(`SELECT grp, hlc, replica FROM sync_versions WHERE object = ?`).all(c.uuid) as ({ grp: string } & Version)[]).map((r) => [r.grp, r]));
    // Made here: the groups its insert recorded share one clock, the earliest of its rows.
    const groups = Object.keys(CLIPPING_GROUPS).flatMap((g) => (rows.has(g) ? [rows.get(g)!] : []));
    const creation = rows.get(CREATED) ?? groups.reduce<Version | undefined>((min, r) => (!min || r.hlc < min.hlc ? r : min), undefined);
    const edited = FIELD_GROUPS.flatMap((field) => {
      const r = rows.get(field);
      return r && !(creation && r.hlc === creation.hlc && r.replica === creation.replica) ? [{ field, by: name(r.replica) }] : [];
    });
    const annotations = (
      this.stmt(`SELECT a.id, v.replica FROM annotations a LEFT JOIN sync_versions v ON v.object = a.uuid AND v.grp = '${CREATED}' WHERE a.clipping_id = ? ORDER BY a.id`).all(clippingId) as {
        id: number;
        replica: string | null;
      }[]
    ).map((a) => ({ id: a.id, by: name(a.replica ?? s.replica!) }));
    return { addedBy: name(rows.get(CREATED)?.replica ?? s.replica), edited, annotations };
  }

  pending(): number {
    return (this.stmt(`SELECT count(*) AS n FROM sync_outbox`).get() as { n: number }).n;
  }

  /** The oldest operations not yet pushed (after the one numbered `after`). */
  outbox(limit: number, after = 0): OutboxOp[] {
    const rows = this.stmt(`SELECT seq, op_id, hlc, kind, object, key, value FROM sync_outbox WHERE seq > ? ORDER BY seq LIMIT ?`).all(after, limit) as Row[];
    return rows.map((r) => ({
      seq: r.seq as number,
      opId: r.op_id as string,
      hlc: r.hlc as number,
      kind: r.kind as OpKind,
      object: r.object as string,
      key: r.key as string,
      value: r.value === null ? null : JSON.parse(r.value as string),
    }));
  }

  /** Drops every waiting operation but read-state ones (a reader's); returns how many went. */
  dropShared(): number {
    return this.stmt(`DELETE FROM sync_outbox WHERE kind <> 'read'`).run().changes;
  }

  /** The server has these operations: they leave the outbox. */
  acknowledge(throughSeq: number): void {
    this.stmt(`DELETE FROM sync_outbox WHERE seq <= ?`).run(throughSeq);
  }

  synced(now: string): void {
    this.stmt(`UPDATE sync_state SET last_sync = ? WHERE id = 1`).run(now);
  }

  hasCapture(sha256: string): boolean {
    return this.stmt(`SELECT 1 FROM captures WHERE sha256 = ? LIMIT 1`).get(sha256) !== undefined;
  }

  /** A capture's original bytes and what the server keeps of it. */
  capture(sha256: string): { mediaType: string; capturedAt: string; sourceUrl: string | null; bytes: Buffer } | null {
    const r = this.stmt(`SELECT id, media_type, captured_at, source_url FROM captures WHERE sha256 = ? ORDER BY id LIMIT 1`).get(sha256) as Row | undefined;
    if (!r) return null;
    const bytes = this.captures.bytes(r.id as number);
    return bytes && { mediaType: r.media_type as string, capturedAt: r.captured_at as string, sourceUrl: r.source_url as string | null, bytes };
  }

  /** Stores a pulled capture and its images (their bytes given, or taken from a capture here that has the same image). */
  addCapture(c: {
    sha256: string;
    mediaType: string;
    capturedAt: string;
    sourceUrl: string | null;
    bytes: Uint8Array;
    resources?: ReadonlyArray<{ url: string; mediaType: string; sha256: string; bytes?: Uint8Array }>;
  }): void {
    if (this.hasCapture(c.sha256)) return;
    const id = this.captures.insert({ sha256: c.sha256, mediaType: c.mediaType, capturedAt: c.capturedAt, sourceUrl: c.sourceUrl, bytes: c.bytes, sourcePath: null });
    const images = (c.resources ?? []).flatMap((r) => {
      const bytes = r.bytes ?? this.captures.resource(r.sha256)?.bytes;
      return bytes ? [{ url: r.url, mediaType: r.mediaType, sha256: r.sha256, bytes }] : [];
    });
    if (images.length) this.captures.insertResources(id, images);
  }

  /** The images that came with a capture, in their order (what the server keeps of them: their bytes travel as blobs). */
  captureImages(sha256: string): Array<{ url: string; mediaType: string; sha256: string }> {
    return this.stmt(
      `SELECT url, media_type AS mediaType, sha256 FROM capture_resources WHERE capture_id = (SELECT id FROM captures WHERE sha256 = ? ORDER BY id LIMIT 1) ORDER BY id`,
    ).all(sha256) as Array<{ url: string; mediaType: string; sha256: string }>;
  }

  /** An image held here (of any capture), by its SHA-256. */
  image(sha256: string): { mediaType: string; bytes: Buffer } | null {
    return this.captures.resource(sha256);
  }

  /**
   * Applies a page of pulled operations (call in a transaction): each by the merge rules,
   * with the triggers silent, then moves the cursor. `reanchor` runs, still silent, for
   * each clipping whose body changed. The page's clipping ids and version rows are read
   * in two statements up front, not one per operation.
   */
  applyPage(ops: readonly SyncOp[], cursor: number, now: string, reanchor: (clippingId: number, text: string) => void): ApplyResult {
    const state = this.state();
    const self = state.replica;
    const names = new Map<string, string>();
    if (self && state.userName) names.set(self, state.userName);
    for (const op of ops) if (typeof op.user === 'string' && op.replica !== SERVER_REPLICA && op.replica !== self) names.set(op.replica, op.user);
    this.nameReplicas(names);
    this.stmt(`UPDATE sync_state SET applying = 1, hlc = max(hlc, ?) WHERE id = 1`).run(ops.reduce((m, op) => Math.max(m, op.hlc), 0));
    const result: ApplyResult = { applied: 0, conflicts: 0, bodyChanged: [] };
    const bodyChanged = new Set<number>();
    this.anyAlias = (this.stmt(`SELECT EXISTS (SELECT 1 FROM sync_aliases) AS x`).get() as { x: number }).x === 1;
    this.page = this.readPage(ops);
    this.self = self;
    try {
      for (const pulled of ops) {
        if (pulled.replica === self) continue;
        const op = this.anyAlias ? this.redirected(pulled) : pulled;
        // A clipping created by this page has no annotations to re-anchor; one replayed may.
        const replayed = op.kind === 'clipping' && this.clippingId(op.object) !== null;
        const outcome = this.apply(op, now);
        if (outcome === 'applied') result.applied++;
        else if (outcome === 'older') result.conflicts++;
        // A new body, or an annotation made on another replica's text: re-anchored on the text held here.
        if (outcome === 'applied' && (replayed || op.kind === 'annotation' || op.kind === 'alias' || (op.kind === 'field' && op.key === 'body'))) {
          const id = this.clippingId(op.kind === 'annotation' ? String((op.value as Row).clipping) : op.kind === 'alias' ? String((op.value as Row).into) : op.object);
          if (id !== null) bodyChanged.add(id);
        }
      }
    } finally {
      this.page = null;
      this.self = null;
    }
    // A clipping of the page merged into another since is gone: its annotations went with it.
    result.bodyChanged = [...bodyChanged].filter((id) => this.stmt(`SELECT 1 FROM clippings WHERE id = ?`).get(id) !== undefined);
    for (const id of result.bodyChanged) reanchor(id, (this.stmt(`SELECT ${textSql()} AS text FROM clippings WHERE id = ?`).get(id) as { text: string }).text);
    this.stmt(`UPDATE sync_state SET applying = 0, cursor = ? WHERE id = 1`).run(cursor);
    return result;
  }

  /** The ids of the clippings and the version rows of the objects a page names, each in one statement. */
  private readPage(ops: readonly SyncOp[]): PageCache {
    const objects = new Set<string>();
    for (const op of ops) {
      objects.add(op.object);
      if (op.kind === 'annotation') objects.add(String((op.value as Row | null)?.clipping));
    }
    const list = JSON.stringify([...objects]);
    const ids = new Map<string, number | null>([...objects].map((o) => [o, null]));
    for (const r of this.stmt(`SELECT uuid, id FROM clippings WHERE uuid IN (SELECT value FROM json_each(?))`).all(list) as { uuid: string; id: number }[]) ids.set(r.uuid, r.id);
    const versions = new Map<string, Map<string, Version>>([...objects].map((o) => [o, new Map()]));
    const rows = this.stmt(`SELECT object, grp, hlc, replica FROM sync_versions WHERE object IN (SELECT value FROM json_each(?))`).all(list) as ({ object: string; grp: string } & Version)[];
    for (const r of rows) versions.get(r.object)!.set(r.grp, { hlc: r.hlc, replica: r.replica });
    return { ids, versions };
  }

  private clippingId(uuid: string): number | null {
    const cached = this.page?.ids.get(uuid);
    if (cached !== undefined) return cached;
    return (this.stmt(`SELECT id FROM clippings WHERE uuid = ?`).get(uuid) as { id: number } | undefined)?.id ?? null;
  }

  /** The version held for (object, group); a group of a created object (`implied`) falls back to its creation's. */
  private held(object: string, grp: string, implied: boolean): Version | undefined {
    const read = (g: string) => {
      const page = this.page?.versions.get(object);
      if (page) return page.get(g);
      return this.stmt(`SELECT hlc, replica FROM sync_versions WHERE object = ? AND grp = ?`).get(object, g) as Version | undefined;
    };
    return read(grp) ?? (implied ? read(CREATED) : undefined);
  }

  private setVersion(object: string, grp: string, v: Version): void {
    this.stmt(`INSERT INTO sync_versions (object, grp, hlc, replica) VALUES (?, ?, ?, ?) ON CONFLICT (object, grp) DO UPDATE SET hlc = excluded.hlc, replica = excluded.replica`).run(object, grp, v.hlc, v.replica);
    this.page?.versions.get(object)?.set(grp, v);
  }

  private dropVersions(object: string): void {
    this.stmt(`DELETE FROM sync_versions WHERE object = ?`).run(object);
    this.page?.versions.get(object)?.clear();
  }

  /**
   * Whether (hlc, replica) is newer than the version held for (object, group); records it
   * when so. `implied`: the group is a field group of a clipping or annotation, which its
   * creation's version stands for until the group is written.
   */
  private newer(object: string, grp: string, op: Version, implied = false): boolean {
    const held = this.held(object, grp, implied);
    if (held && (held.hlc > op.hlc || (held.hlc === op.hlc && held.replica >= op.replica))) return false;
    this.setVersion(object, grp, { hlc: op.hlc, replica: op.replica });
    return true;
  }

  private apply(op: SyncOp, now: string): 'applied' | 'older' | 'ignored' {
    const v = op.value as Row;
    switch (op.kind) {
      case 'clipping': {
        if (this.clippingId(op.object) !== null) {
          // Known already (a replay): its groups compete as edits would.
          let any = false;
          for (const [g, cols] of Object.entries(v.groups as Record<string, Row>)) if (this.setGroup(op, g, cols, now)) any = true;
          return any ? 'applied' : 'older';
        }
        const groups = v.groups as Record<string, Row>;
        const constants = v.constants as Row;
        const cols: Row = { uuid: op.object, capture_id: null };
        if (typeof v.capture === 'string') {
          cols.capture_id = (this.stmt(`SELECT id FROM captures WHERE sha256 = ? ORDER BY id LIMIT 1`).get(v.capture) as { id: number } | undefined)?.id ?? null;
        }
        for (const c of CLIPPING_CONSTANTS) cols[c] = constants[c];
        for (const [g, names] of Object.entries(CLIPPING_GROUPS)) for (const c of names) cols[c] = groups[g]?.[c] ?? null;
        for (const c of ['figures', 'edited_fields']) if (cols[c] === null) cols[c] = '[]';
        for (const c of ['starred', 'extraction_uncertain', 'word_count']) if (cols[c] === null) cols[c] = 0;
        const row = packRow(cols);
        const names = Object.keys(row);
        const id = this.stmt(`INSERT INTO clippings (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row).lastInsertRowid;
        this.page?.ids.set(op.object, Number(id));
        this.setVersion(op.object, CREATED, { hlc: op.hlc, replica: op.replica });
        return 'applied';
      }
      case 'field':
        if (!CLIPPING_GROUPS[op.key] || this.clippingId(op.object) === null) return 'ignored';
        return this.setGroup(op, op.key, v, now) ? 'applied' : 'older';
      case 'read': {
        if (this.clippingId(op.object) === null) return 'ignored';
        if (!this.newer(op.object, 'read', op)) return 'older';
        this.stmt(`UPDATE clippings SET is_read = ? WHERE uuid = ?`).run(op.value === true ? 1 : 0, op.object);
        return 'applied';
      }
      case 'purge': {
        this.dropVersions(op.object);
        const id = this.clippingId(op.object);
        if (id !== null) this.captures.unpackBefore(id);
        this.page?.ids.set(op.object, null);
        return this.stmt(`DELETE FROM clippings WHERE uuid = ?`).run(op.object).changes ? 'applied' : 'ignored';
      }
      case 'tag': {
        const id = this.clippingId(op.object);
        if (id === null) return 'ignored';
        if (!this.newer(op.object, `tag:${op.key}`, op)) return 'older';
        if (v.present === true) this.tags.addToClippings([id], [String(v.name)], now);
        else this.tags.removeFromClippings([id], [String(v.name)]);
        return 'applied';
      }
      case 'tag_color': {
        if (!this.newer(`tag:${op.object}`, 'color', op)) return 'older';
        this.stmt(`UPDATE tags SET color = ? WHERE lower(name) = ?`).run(v.color ?? null, op.object);
        return 'applied';
      }
      case 'annotation': {
        const clipping = this.clippingId(String(v.clipping));
        if (clipping === null || this.stmt(`SELECT 1 FROM annotations WHERE uuid = ?`).get(op.object)) return 'ignored';
        const cols = v.columns as Row;
        const row: Row = { uuid: op.object, clipping_id: clipping };
        for (const c of ANNOTATION_COLUMNS) row[c] = cols[c] ?? null;
        const names = Object.keys(row);
        this.stmt(`INSERT INTO annotations (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
        this.setVersion(op.object, CREATED, { hlc: op.hlc, replica: op.replica });
        return 'applied';
      }
      case 'annotation_field': {
        const cols = ANNOTATION_GROUPS[op.key];
        if (!cols || !this.stmt(`SELECT 1 FROM annotations WHERE uuid = ?`).get(op.object)) return 'ignored';
        if (!this.newer(op.object, op.key, op, true)) return 'older';
        this.stmt(`UPDATE annotations SET ${cols.map((c) => `"${c}" = @${c}`).join(', ')}, updated_at = @now WHERE uuid = @uuid`).run({ ...pick(v, cols), now, uuid: op.object });
        return 'applied';
      }
      case 'annotation_delete':
        this.dropVersions(op.object);
        return this.stmt(`DELETE FROM annotations WHERE uuid = ?`).run(op.object).changes ? 'applied' : 'ignored';
      case 'alias':
        return this.applyAlias(op, now);
      case 'saved':
        return this.applySaved(op, now);
      case 'version':
        return this.applyVersion(op);
    }
  }

  /** An earlier version of a clipping, kept once per (clipping, text). */
  private applyVersion(op: SyncOp): 'applied' | 'ignored' {
    const id = this.clippingId(op.object);
    const v = op.value as Row;
    if (id === null || typeof v?.content_hash !== 'string' || typeof v.text !== 'string') return 'ignored';
    if (this.stmt(`SELECT 1 FROM clipping_versions WHERE clipping_id = ? AND content_hash = ?`).get(id, v.content_hash)) return 'ignored';
    const row: Row = { clipping_id: id, capture_id: null };
    if (typeof v.capture === 'string') row.capture_id = (this.stmt(`SELECT id FROM captures WHERE sha256 = ? ORDER BY id LIMIT 1`).get(v.capture) as { id: number } | undefined)?.id ?? null;
    for (const c of VERSION_COLUMNS) row[c] = v[c] ?? null;
    if (row.figures === null) row.figures = '[]';
    if (row.title === null) row.title = '';
    if (row.word_count === null) row.word_count = 0;
    const names = Object.keys(row);
    this.stmt(`INSERT INTO clipping_versions (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
    return 'applied';
  }

  /** A saved search's register (`search`: present or deleted, name, query; `position`), last writer wins. */
  private applySaved(op: SyncOp, now: string): 'applied' | 'older' | 'ignored' {
    if (op.key !== 'search' && op.key !== 'position') return 'ignored';
    if (!this.newer(`saved:${op.object}`, op.key, op)) return 'older';
    if (op.key === 'position') {
      this.stmt(`UPDATE saved_searches SET position = ? WHERE lower(name) = ?`).run(Number(op.value) || 0, op.object);
      return 'applied';
    }
    const v = op.value as { present?: unknown; name?: unknown; query?: unknown };
    if (v.present !== true) {
      this.stmt(`DELETE FROM saved_searches WHERE lower(name) = ?`).run(op.object);
      return 'applied';
    }
    const name = String(v.name ?? op.object);
    const query = String(v.query ?? '');
    if (this.stmt(`UPDATE saved_searches SET name = ?, query = ?, updated_at = ? WHERE lower(name) = ?`).run(name, query, now, op.object).changes === 0) {
      this.stmt(`INSERT INTO saved_searches (name, query, created_at, updated_at, position) VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM saved_searches))`).run(name, query, now, now);
    }
    return 'applied';
  }

  // Own edits overridden by later ones (migration 022; the details panel offers them back).

  /** How many overridden edits are kept. */
  overriddenCount(): number {
    return (this.stmt(`SELECT count(*) AS n FROM sync_overridden`).get() as { n: number }).n;
  }

  /** The overridden edits kept, of one clipping or of all, the latest first. */
  overridden(clippingId?: number): OverriddenRow[] {
    const rows = this.stmt(
      `SELECT o.clipping_id, c.title, o.grp, o.value, o.by_hlc, r.user_name, o.recorded_at
         FROM sync_overridden o JOIN clippings c ON c.id = o.clipping_id LEFT JOIN sync_replicas r ON r.replica = o.by_replica
        WHERE @id IS NULL OR o.clipping_id = @id ORDER BY o.recorded_at DESC, o.clipping_id, o.grp`,
    ).all({ id: clippingId ?? null }) as Row[];
    return rows.map((r) => ({
      clippingId: r.clipping_id as number,
      clippingTitle: r.title as string,
      field: r.grp as string,
      value: JSON.parse(r.value as string) as Row,
      byHlc: r.by_hlc as number,
      byUser: (r.user_name as string | null) ?? null,
      recordedAt: r.recorded_at as string,
    }));
  }

  /**
   * Writes an overridden value back (call in a transaction): an ordinary local edit, which
   * the triggers record like any other, so it is the latest and travels to everyone. The
   * entry goes. Returns the value written, or null when none was kept.
   */
  restoreOverridden(clippingId: number, field: string, now: string): Row | null {
    const kept = this.stmt(`SELECT value FROM sync_overridden WHERE clipping_id = ? AND grp = ?`).get(clippingId, field) as { value: string } | undefined;
    const cols = CLIPPING_GROUPS[field];
    if (!kept || !cols) return null;
    const value = JSON.parse(kept.value) as Row;
    if (cols.includes('text')) this.captures.unpackBefore(clippingId, { text: value.text as string });
    this.stmt(`UPDATE clippings SET ${setColumns(cols)}, updated_at = @now WHERE id = @id`).run({ ...packRow(pick(value, cols)), now, id: clippingId });
    this.dismissOverridden(clippingId, field);
    return value;
  }

  /** Forgets an overridden value; whether one was kept. */
  dismissOverridden(clippingId: number, field: string): boolean {
    return this.stmt(`DELETE FROM sync_overridden WHERE clipping_id = ? AND grp = ?`).run(clippingId, field).changes > 0;
  }

  // Duplicates across replicas (db/team/duplicates.ts decides them; docs/team-archive.md).

  /** The operation with the clipping it names replaced by the one that clipping was merged into, if it was. */
  private redirected(op: SyncOp): SyncOp {
    const target = (uuid: unknown) => (typeof uuid === 'string' ? (this.stmt(`SELECT target FROM sync_aliases WHERE alias = ?`).get(uuid) as { target: string } | undefined)?.target : undefined);
    if (op.kind === 'annotation') {
      const into = target((op.value as Row).clipping);
      return into ? { ...op, value: { ...(op.value as Row), clipping: into } } : op;
    }
    if (!['clipping', 'field', 'read', 'purge', 'tag', 'version'].includes(op.kind)) return op;
    const into = target(op.object);
    return into ? { ...op, object: into } : op;
  }

  /**
   * The server merged clipping `op.object` into `value.into` (the one created first): the
   * merged one's state moves onto the kept one as the server moved it, the merged one goes,
   * and later operations on it are pointed at the kept one.
   */
  private applyAlias(op: SyncOp, now: string): 'applied' | 'ignored' {
    const v = op.value as { into: string; hlc: number; replica: string; note?: { note: string; hlc: number; replica: string } };
    if (typeof v?.into !== 'string' || v.into === op.object) return 'ignored';
    this.stmt(`INSERT OR REPLACE INTO sync_aliases (alias, target) VALUES (?, ?)`).run(op.object, v.into);
    this.stmt(`UPDATE sync_aliases SET target = ? WHERE target = ?`).run(v.into, op.object);
    this.anyAlias = true;
    const from = this.clippingId(op.object);
    const kept = this.clippingId(v.into);
    if (from !== null && kept !== null) this.moveInto(op.object, from, v.into, kept, { hlc: v.hlc, replica: v.replica }, now);
    if (from !== null) {
      this.dropVersions(op.object);
      this.captures.unpackBefore(from);
      this.stmt(`DELETE FROM clippings WHERE id = ?`).run(from);
      this.page?.ids.set(op.object, null);
    }
    if (kept !== null && v.note && this.newer(v.into, 'note', v.note, true)) this.stmt(`UPDATE clippings SET note = ? WHERE id = ?`).run(v.note.note, kept);
    return kept !== null || from !== null ? 'applied' : 'ignored';
  }

  /**
   * Moves a merged clipping's registers onto the kept one, the later writer winning: the
   * values it was created with stay behind but its text (a newer capture of the same
   * article; the text it replaces is not kept here: the server sends it as a `version`
   * change before the alias, the same for every replica whatever text this one holds by
   * then — db/team/duplicates.ts `replacedText`); notes are joined by the server
   * (the alias carries the result); its tags, read state and annotations move.
   */
  private moveInto(fromUuid: string, from: number, keptUuid: string, kept: number, creation: { hlc: number; replica: string }, now: string): void {
    const registers = new Map((this.stmt(`SELECT grp, hlc, replica FROM sync_versions WHERE object = ?`).all(fromUuid) as { grp: string; hlc: number; replica: string }[]).map((r) => [r.grp, r]));
    // The groups not written since the creation hold its version (CREATED stands for them).
    const created = registers.get(CREATED);
    if (created) for (const g of Object.keys(CLIPPING_GROUPS)) if (!registers.has(g)) registers.set(g, { ...created, grp: g });
    // Tags of the join snapshot were recorded without a register: they count as made with the creation.
    const tagged = this.stmt(`SELECT lower(t.name) AS folded, t.name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.clipping_id = ?`).all(from) as { folded: string; name: string }[];
    for (const t of tagged) if (!registers.has(`tag:${t.folded}`)) registers.set(`tag:${t.folded}`, { grp: `tag:${t.folded}`, ...creation });
    const names = new Map(tagged.map((t) => [t.folded, t.name]));
    for (const r of registers.values()) {
      const cols = CLIPPING_GROUPS[r.grp];
      if (cols) {
        if (r.grp === 'note' || (r.grp !== 'body' && r.hlc === creation.hlc && r.replica === creation.replica)) continue;
        if (!this.newer(keptUuid, r.grp, r, true)) continue;
        const value = this.stmt(`SELECT ${readColumns(cols)} FROM clippings WHERE id = ?`).get(from) as Row;
        if (r.grp === 'body') this.captures.unpackBefore(kept, { text: value.text as string });
        this.stmt(`UPDATE clippings SET ${setColumns(cols)} WHERE id = @id`).run({ ...packRow(value), id: kept });
      } else if (r.grp.startsWith('tag:')) {
        if (!this.newer(keptUuid, r.grp, r)) continue;
        const folded = r.grp.slice(4);
        const name = names.get(folded);
        if (name !== undefined) this.tags.addToClippings([kept], [name], now);
        else this.stmt(`DELETE FROM clipping_tags WHERE clipping_id = ? AND tag_id IN (SELECT id FROM tags WHERE lower(name) = ?)`).run(kept, folded);
      } else if (r.grp === 'read' && this.newer(keptUuid, 'read', r)) {
        this.stmt(`UPDATE clippings SET is_read = (SELECT is_read FROM clippings WHERE id = ?) WHERE id = ?`).run(from, kept);
      }
    }
    this.stmt(`UPDATE annotations SET clipping_id = ? WHERE clipping_id = ?`).run(kept, from);
    this.stmt(`UPDATE clipping_versions SET clipping_id = ? WHERE clipping_id = ?`).run(kept, from);
  }

  /**
   * One clipping group, last writer wins. When the value it replaces is this replica's own
   * edit, which the winner's writer had not seen (its `base` is not that edit), and differs
   * from the winner's, the value replaced is kept to be offered back.
   */
  private setGroup(op: SyncOp, group: string, value: Row, now: string): boolean {
    const cols = CLIPPING_GROUPS[group];
    if (!cols) return false;
    const held = this.held(op.object, group, true);
    if (!this.newer(op.object, group, op, true)) return false;
    if (held && held.replica === this.self && unseen(value.base, held) && OVERRIDABLE.has(group)) {
      const mine = this.stmt(`SELECT id, ${readColumns(cols)} FROM clippings WHERE uuid = ?`).get(op.object) as Row | undefined;
      // The same value reached both ways (two people making one correction) is no loss;
      // nor is a clipping put in the trash at another time (only whether it is there counts).
      const trashed = (v: Row) => (v.deleted_at ?? null) !== null;
      const differs = mine && (group === 'trash' ? trashed(value) !== trashed(mine) : cols.some((c) => (value[c] ?? null) !== mine[c]));
      if (mine && differs) {
        const { id, ...columns } = mine;
        this.stmt(
          `INSERT INTO sync_overridden (clipping_id, grp, value, mine_hlc, by_replica, by_hlc, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (clipping_id, grp) DO UPDATE SET value = excluded.value, mine_hlc = excluded.mine_hlc, by_replica = excluded.by_replica, by_hlc = excluded.by_hlc, recorded_at = excluded.recorded_at`,
        ).run(id, group, JSON.stringify(columns), held.hlc, op.replica, op.hlc, now);
      }
    }
    if (cols.includes('text')) {
      const id = this.clippingId(op.object);
      if (id !== null) this.captures.unpackBefore(id, { text: value.text as string });
    }
    this.stmt(`UPDATE clippings SET ${setColumns(cols)} WHERE uuid = @uuid`).run({ ...packRow(pick(value, cols)), uuid: op.object });
    return true;
  }
}

const OVERRIDABLE = new Set<string>(FIELD_GROUPS);

/**
 * Whether an edit written over `base` (the (hlc, replica) its writer held for the group,
 * as migration 022's triggers record it) was made without having seen the value `held`
 * here. An operation that names no base (a creation, or one recorded before migration
 * 020) is not taken for one.
 */
function unseen(base: unknown, held: Version): boolean {
  if (base === null) return true;
  return Array.isArray(base) && (base[0] !== held.hlc || base[1] !== held.replica);
}

function pick(v: Row, cols: readonly string[]): Row {
  return Object.fromEntries(cols.map((c) => [c, v[c] ?? null]));
}
