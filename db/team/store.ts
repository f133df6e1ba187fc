/**
 * Every statement the team server runs on PostgreSQL (docs/team-archive.md): migrations,
 * users and tokens, the audit table, push (one transaction; the change numbers taken
 * last, under the counter's row lock), pull by sequence, and blobs by SHA-256.
 */
import type { Pool, PoolClient } from 'pg';
import { lockForMerges, mergeDuplicates, redirectMerged, SERVER_REPLICA } from './duplicates.ts';
import { TEAM_MIGRATIONS } from './migrations.ts';

export type Role = 'admin' | 'editor' | 'reader';

export interface TeamUser {
  id: number;
  name: string;
  role: Role;
}

/** An operation as pushed (the client's outbox row) and as pulled (with its number). */
export interface WireOp {
  opId: string;
  hlc: number;
  kind: string;
  object: string;
  key: string;
  value: unknown;
}

/** A push the server refuses, with the HTTP status it means. */
export class PushRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function inTransaction<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const r = await fn(c);
    await c.query('COMMIT');
    return r;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

/** Creates or migrates the schema; returns the versions applied. Concurrent runs queue on an advisory lock. */
export async function migrateTeam(pool: Pool): Promise<number[]> {
  return inTransaction(pool, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(190019)`);
    await c.query(`CREATE TABLE IF NOT EXISTS schema_version (version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const at = Number((await c.query(`SELECT coalesce(max(version), 0) AS v FROM schema_version`)).rows[0].v);
    const latest = TEAM_MIGRATIONS.length;
    if (at > latest) throw new Error(`the team database has schema version ${at}, newer than this Cuttings (${latest})`);
    const applied: number[] = [];
    for (const m of TEAM_MIGRATIONS.slice(at)) {
      await c.query(m.up);
      await c.query(`INSERT INTO schema_version (version) VALUES ($1)`, [m.version]);
      applied.push(m.version);
    }
    return applied;
  });
}

export async function countUsers(pool: Pool): Promise<number> {
  return Number((await pool.query(`SELECT count(*) AS n FROM users`)).rows[0].n);
}

/** Adds a user and its first token (the caller made `tokenId`, `salt`, `hash`). */
export async function addUser(pool: Pool, u: { name: string; role: Role; tokenId: string; salt: Buffer; hash: Buffer; by: number | null }): Promise<TeamUser> {
  return inTransaction(pool, async (c) => {
    const r = await c.query(`INSERT INTO users (name, role) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id`, [u.name, u.role]);
    if (r.rowCount === 0) throw new PushRefused(409, `a user named "${u.name}" exists already`);
    const id = Number(r.rows[0].id);
    await c.query(`INSERT INTO tokens (id, user_id, salt, hash) VALUES ($1, $2, $3, $4)`, [u.tokenId, id, u.salt, u.hash]);
    await c.query(`INSERT INTO audit (user_id, action, detail) VALUES ($1, 'user.add', $2)`, [u.by, { name: u.name, role: u.role }]);
    return { id, name: u.name, role: u.role };
  });
}

export async function listUsers(pool: Pool): Promise<Array<TeamUser & { createdAt: string; revoked: boolean }>> {
  const r = await pool.query(`SELECT id, name, role, created_at, revoked_at FROM users ORDER BY name`);
  return r.rows.map((u) => ({ id: Number(u.id), name: u.name, role: u.role, createdAt: new Date(u.created_at).toISOString(), revoked: u.revoked_at !== null }));
}

/** Revokes a user and every token of theirs; false when there is no such user. */
export async function revokeUser(pool: Pool, name: string): Promise<boolean> {
  return inTransaction(pool, async (c) => {
    const r = await c.query(`UPDATE users SET revoked_at = coalesce(revoked_at, now()) WHERE name = $1 RETURNING id`, [name]);
    if (r.rowCount === 0) return false;
    await c.query(`UPDATE tokens SET revoked_at = coalesce(revoked_at, now()) WHERE user_id = $1`, [r.rows[0].id]);
    await c.query(`INSERT INTO audit (user_id, action, detail) VALUES (NULL, 'user.revoke', $1)`, [{ name }]);
    return true;
  });
}

/** A live token's salt and hash and its user (null when unknown or revoked). */
export async function tokenRecord(pool: Pool, tokenId: string): Promise<{ salt: Buffer; hash: Buffer; user: TeamUser } | null> {
  const r = await pool.query(
    `SELECT t.salt, t.hash, u.id, u.name, u.role FROM tokens t JOIN users u ON u.id = t.user_id
      WHERE t.id = $1 AND t.revoked_at IS NULL AND u.revoked_at IS NULL`,
    [tokenId],
  );
  const row = r.rows[0];
  return row ? { salt: row.salt, hash: row.hash, user: { id: Number(row.id), name: row.name, role: row.role } } : null;
}

export async function audit(pool: Pool, userId: number | null, action: string, detail: Record<string, unknown>): Promise<void> {
  await pool.query(`INSERT INTO audit (user_id, action, detail) VALUES ($1, $2, $3)`, [userId, action, detail]);
}

const LWW = `ON CONFLICT (object, grp) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, replica = excluded.replica, user_id = excluded.user_id
  WHERE (field_versions.hlc, field_versions.replica) < (excluded.hlc, excluded.replica)`;

/**
 * Applies a batch in one transaction: operations already stored (same op id, same user)
 * are skipped, another user's op ids refused; the materialised state follows the merge
 * rules; the change rows get their numbers last, under the counter's lock.
 */
export async function push(pool: Pool, user: TeamUser, replica: string, ops: readonly WireOp[]): Promise<{ applied: number; duplicates: number; seq: number }> {
  return inTransaction(pool, async (c) => {
    const ids = ops.map((o) => o.opId);
    const seen = await c.query(`SELECT op_id, user_id FROM changes WHERE op_id = ANY($1::uuid[])`, [ids]);
    if (seen.rows.some((r) => Number(r.user_id) !== user.id)) throw new PushRefused(403, 'the batch replays operation ids of another user');
    const dup = new Set(seen.rows.map((r) => r.op_id as string));
    // An op id already stored, or repeated within the batch, is applied once.
    const fresh = ops.filter((o) => {
      const id = o.opId.toLowerCase();
      if (dup.has(id)) return false;
      dup.add(id);
      return true;
    });
    const shas = [...new Set(fresh.flatMap((o) => (o.kind === 'clipping' && typeof (o.value as { capture?: unknown }).capture === 'string' ? [(o.value as { capture: string }).capture] : [])))];
    if (shas.length) {
      const have = new Set((await c.query(`SELECT sha256 FROM blobs WHERE sha256 = ANY($1::text[])`, [shas])).rows.map((r) => r.sha256 as string));
      const missing = shas.filter((s) => !have.has(s));
      if (missing.length) throw new PushRefused(409, `captures missing on the server: ${missing.join(', ')}`);
    }
    await lockForMerges(c, fresh);
    const { ops: redirected, created } = await redirectMerged(c, fresh);
    await applyOps(c, user, replica, redirected);
    const aliases = await mergeDuplicates(c, user.id, replica, created);
    await c.query(`INSERT INTO audit (user_id, action, detail) VALUES ($1, 'push', $2)`, [user.id, { replica, applied: fresh.length, duplicates: ops.length - fresh.length }]);
    const seq = fresh.length ? await writeChanges(c, user, replica, fresh, aliases) : Number((await c.query(`SELECT last FROM change_seq WHERE id = 1`)).rows[0].last);
    return { applied: fresh.length, duplicates: ops.length - fresh.length, seq };
  });
}

/**
 * The batch's change rows, then those the server wrote itself (a duplicate's alias, under
 * its own replica id), numbered under the counter's row lock: taking the numbers and
 * writing the rows is one statement, the last of the transaction, so the lock is held for
 * that statement and the commit only (pushes queue on it). Returns the last number.
 */
async function writeChanges(c: PoolClient, user: TeamUser, replica: string, ops: readonly WireOp[], server: readonly WireOp[]): Promise<number> {
  const all = [...ops, ...server];
  const r = await c.query(
    `WITH taken AS (UPDATE change_seq SET last = last + $1 WHERE id = 1 RETURNING last),
          written AS (
            INSERT INTO changes (seq, op_id, user_id, replica, hlc, kind, object, key, value, private_to)
            SELECT t.last - $1 + o.i, o.op_id, $2, o.replica, o.hlc, o.kind, o.object, o.key, o.value, CASE WHEN o.kind = 'read' THEN $2::bigint END
              FROM taken t, unnest($3::uuid[], $4::uuid[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::jsonb[]) WITH ORDINALITY AS o(op_id, replica, hlc, kind, object, key, value, i))
     SELECT last FROM taken`,
    [
      all.length,
      user.id,
      all.map((o) => o.opId),
      all.map((_, i) => (i < ops.length ? replica : SERVER_REPLICA)),
      all.map((o) => o.hlc),
      all.map((o) => o.kind),
      all.map((o) => o.object),
      all.map((o) => o.key),
      all.map((o) => JSON.stringify(o.value ?? null)),
    ],
  );
  return Number(r.rows[0].last);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** (hlc, replica) ordering: the later write wins. */
const later = (x: { hlc: number; replica: string }, y: { hlc: number; replica: string }) => x.hlc > y.hlc || (x.hlc === y.hlc && x.replica > y.replica);

/**
 * Applies a batch's operations to the materialised state with a few set statements
 * (not one per operation): the operations are folded in order in memory — which
 * clippings are live, the latest value of each register — then written at once. Each
 * register ends at the latest of what it held and what the batch brings, as if the
 * operations had been applied one by one.
 */
async function applyOps(c: PoolClient, user: TeamUser, replica: string, ops: readonly WireOp[]): Promise<void> {
  const clippingOf = (op: WireOp): string | null => {
    if (op.kind === 'annotation') {
      const cl = (op.value as { clipping?: unknown } | null)?.clipping;
      return typeof cl === 'string' && UUID_RE.test(cl) ? cl : null;
    }
    return ['clipping', 'field', 'read', 'purge', 'tag'].includes(op.kind) && UUID_RE.test(op.object) ? op.object : null;
  };
  const referenced = [...new Set(ops.map(clippingOf).filter((x): x is string => x !== null))];
  const live = new Set<string>();
  const known = new Set<string>();
  if (referenced.length) {
    const r = await c.query(`SELECT uuid::text AS uuid, purged_at IS NULL AS live FROM clippings WHERE uuid = ANY($1::uuid[])`, [referenced]);
    for (const row of r.rows) {
      known.add(row.uuid);
      if (row.live) live.add(row.uuid);
    }
  }
  const created: Array<{ uuid: string; capture: string | null; constants: string }> = [];
  const purged: string[] = [];
  const registers = new Map<string, { object: string; grp: string; value: string; hlc: number; replica: string }>();
  const tags = new Map<string, { clipping: string; tag: string; name: string; present: boolean; hlc: number; replica: string }>();
  const annotations: Array<{ uuid: string; clipping: string; columns: string }> = [];
  const annotationDeletes: string[] = [];
  const reads = new Map<string, { clipping: string; isRead: boolean; hlc: number }>();
  const register = (object: string, grp: string, value: unknown, hlc: number) => {
    const key = `${object}\u0000${grp}`;
    const next = { object, grp, value: JSON.stringify(value ?? null), hlc, replica };
    const held = registers.get(key);
    if (!held || later(next, held)) registers.set(key, next);
  };
  for (const op of ops) {
    const v = (op.value ?? {}) as Record<string, unknown>;
    switch (op.kind) {
      case 'clipping':
        if (!UUID_RE.test(op.object)) break;
        if (!known.has(op.object)) {
          known.add(op.object);
          live.add(op.object);
          created.push({ uuid: op.object, capture: typeof v.capture === 'string' ? v.capture : null, constants: JSON.stringify(v.constants ?? {}) });
        }
        for (const [g, value] of Object.entries((v.groups ?? {}) as Record<string, unknown>)) register(op.object, g, value, op.hlc);
        break;
      case 'field':
        if (live.has(op.object)) register(op.object, op.key, v, op.hlc);
        break;
      case 'read':
        if (live.has(op.object)) {
          const held = reads.get(op.object);
          if (!held || op.hlc > held.hlc) reads.set(op.object, { clipping: op.object, isRead: op.value === true, hlc: op.hlc });
        }
        break;
      case 'purge':
        if (known.has(op.object)) {
          live.delete(op.object);
          purged.push(op.object);
        }
        break;
      case 'tag':
        if (live.has(op.object)) {
          const key = `${op.object}\u0000${op.key}`;
          const next = { clipping: op.object, tag: op.key, name: String(v.name ?? op.key), present: v.present === true, hlc: op.hlc, replica };
          const held = tags.get(key);
          if (!held || later(next, held)) tags.set(key, next);
        }
        break;
      case 'tag_color':
        register(`tag:${op.object}`, 'color', v, op.hlc);
        break;
      case 'saved':
        if (op.key === 'search' || op.key === 'position') register(`saved:${op.object}`, op.key, op.value, op.hlc);
        break;
      case 'annotation': {
        const cl = clippingOf(op);
        if (cl && live.has(cl) && UUID_RE.test(op.object)) annotations.push({ uuid: op.object, clipping: cl, columns: JSON.stringify(v.columns ?? {}) });
        break;
      }
      case 'annotation_field':
        register(op.object, op.key, v, op.hlc);
        break;
      case 'annotation_delete':
        if (UUID_RE.test(op.object)) annotationDeletes.push(op.object);
        break;
    }
  }
  if (created.length) {
    await c.query(
      `INSERT INTO clippings (uuid, capture_sha256, constants, created_by)
       SELECT u, s, k, $4 FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS x(u, s, k) ON CONFLICT (uuid) DO NOTHING`,
      [created.map((x) => x.uuid), created.map((x) => x.capture), created.map((x) => x.constants), user.id],
    );
  }
  if (purged.length) await c.query(`UPDATE clippings SET purged_at = coalesce(purged_at, now()) WHERE uuid = ANY($1::uuid[])`, [purged]);
  if (registers.size) {
    const r = [...registers.values()];
    await c.query(
      `INSERT INTO field_versions (object, grp, value, hlc, replica, user_id)
       SELECT o, g, v, h, $5, $6 FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::bigint[]) AS x(o, g, v, h) ${LWW}`,
      [r.map((x) => x.object), r.map((x) => x.grp), r.map((x) => x.value), r.map((x) => x.hlc), replica, user.id],
    );
  }
  if (tags.size) {
    const t = [...tags.values()];
    await c.query(
      `INSERT INTO clipping_tags (clipping, tag, name, present, hlc, replica)
       SELECT cl, tg, nm, pr, h, $6 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::bigint[]) AS x(cl, tg, nm, pr, h)
       ON CONFLICT (clipping, tag) DO UPDATE SET name = excluded.name, present = excluded.present, hlc = excluded.hlc, replica = excluded.replica
       WHERE (clipping_tags.hlc, clipping_tags.replica) < (excluded.hlc, excluded.replica)`,
      [t.map((x) => x.clipping), t.map((x) => x.tag), t.map((x) => x.name), t.map((x) => x.present), t.map((x) => x.hlc), replica],
    );
  }
  if (annotations.length) {
    await c.query(
      `INSERT INTO annotations (uuid, clipping, columns, created_by)
       SELECT u, cl, k, $4 FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[]) AS x(u, cl, k) ON CONFLICT (uuid) DO NOTHING`,
      [annotations.map((x) => x.uuid), annotations.map((x) => x.clipping), annotations.map((x) => x.columns), user.id],
    );
  }
  if (annotationDeletes.length) await c.query(`UPDATE annotations SET deleted_at = coalesce(deleted_at, now()) WHERE uuid = ANY($1::uuid[])`, [annotationDeletes]);
  if (reads.size) {
    const r = [...reads.values()];
    await c.query(
      `INSERT INTO read_state (user_id, clipping, is_read, hlc)
       SELECT $1, cl, rd, h FROM unnest($2::uuid[], $3::boolean[], $4::bigint[]) AS x(cl, rd, h)
       ON CONFLICT (user_id, clipping) DO UPDATE SET is_read = excluded.is_read, hlc = excluded.hlc WHERE read_state.hlc < excluded.hlc`,
      [user.id, r.map((x) => x.clipping), r.map((x) => x.isRead), r.map((x) => x.hlc)],
    );
  }
}

/**
 * Changes after `after`, in order, at most `limit`; read-state changes of other users left
 * out. Each operation names the user who pushed it (`user`), so that a desktop knows whose
 * replica wrote what (its details panel and the `by:` filter). The page comes back as its JSON text, `{ops, next, more}`, each operation's value
 * spliced in as PostgreSQL prints it: a page of a thousand bodies is neither parsed nor
 * written again on its way through the server.
 */
export async function pull(pool: Pool, user: TeamUser, after: number, limit: number): Promise<string> {
  const r = await pool.query(
    `SELECT ch.seq, ch.op_id, ch.replica, u.name AS user_name, ch.hlc, ch.kind, ch.object, ch.key, ch.value::text AS value
       FROM changes ch JOIN users u ON u.id = ch.user_id
      WHERE ch.seq > $1 AND (ch.private_to IS NULL OR ch.private_to = $2) ORDER BY ch.seq LIMIT $3`,
    [after, user.id, limit],
  );
  const ops = r.rows.map(
    (o) =>
      `{"seq":${Number(o.seq)},"opId":"${o.op_id}","replica":"${o.replica}","user":${JSON.stringify(o.user_name)},"hlc":${Number(o.hlc)},"kind":${JSON.stringify(o.kind)},"object":${JSON.stringify(o.object)},"key":${JSON.stringify(o.key)},"value":${o.value ?? 'null'}}`,
  );
  const next = r.rows.length ? Number(r.rows[r.rows.length - 1].seq) : after;
  return `{"ops":[${ops.join(',')}],"next":${next},"more":${r.rows.length === limit}}`;
}

export async function missingBlobs(pool: Pool, shas: readonly string[]): Promise<string[]> {
  const have = new Set((await pool.query(`SELECT sha256 FROM blobs WHERE sha256 = ANY($1::text[])`, [shas])).rows.map((r) => r.sha256 as string));
  return shas.filter((s) => !have.has(s));
}

export async function putBlob(
  pool: Pool,
  userId: number,
  b: { sha256: string; mediaType: string; capturedAt: string | null; sourceUrl: string | null; bytes: Buffer; resources?: CaptureImage[] },
): Promise<void> {
  if (b.resources?.length) return putBlobs(pool, userId, [{ ...b, bytes: new Uint8Array(b.bytes) }]);
  await pool.query(
    `INSERT INTO blobs (sha256, media_type, captured_at, source_url, byte_size, bytes, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING`,
    [b.sha256, b.mediaType, b.capturedAt, b.sourceUrl, b.bytes.byteLength, b.bytes, userId],
  );
}

export interface StoredBlob {
  sha256: string;
  mediaType: string;
  capturedAt: string | null;
  sourceUrl: string | null;
  bytes: Uint8Array;
  /** The images that came with a capture (their bytes are blobs of their own). */
  resources?: CaptureImage[];
}

export interface CaptureImage {
  url: string;
  mediaType: string;
  sha256: string;
}

/**
 * Several captures and images in one transaction (each already checked against its
 * SHA-256), with the list of images of each capture that has some: every image named must
 * be among them or stored already.
 */
export async function putBlobs(pool: Pool, userId: number, blobs: readonly StoredBlob[]): Promise<void> {
  if (!blobs.length) return;
  const withImages = blobs.filter((b) => b.resources?.length);
  if (!withImages.length) return insertBlobs(pool, userId, blobs);
  await inTransaction(pool, async (c) => {
    await insertBlobs(c, userId, blobs);
    await putImageLists(c, withImages);
  });
}

async function putImageLists(c: PoolClient, blobs: readonly StoredBlob[]): Promise<void> {
  const rows = blobs.flatMap((b) => b.resources!.map((r, i) => ({ capture: b.sha256, position: i, ...r })));
  const named = [...new Set(rows.map((r) => r.sha256))];
  const have = new Set((await c.query(`SELECT sha256 FROM blobs WHERE sha256 = ANY($1::text[])`, [named])).rows.map((r) => r.sha256 as string));
  const lacking = named.filter((s) => !have.has(s));
  if (lacking.length) throw new PushRefused(409, `images missing on the server: ${lacking.join(', ')}`);
  await c.query(
    `INSERT INTO blob_resources (capture, position, url, media_type, sha256)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.capture), rows.map((r) => r.position), rows.map((r) => r.url), rows.map((r) => r.mediaType), rows.map((r) => r.sha256)],
  );
}

/** The images of these captures, in each capture's order (captures without any are left out). */
export async function imagesOf(pool: Pool, captures: readonly string[]): Promise<Map<string, CaptureImage[]>> {
  const out = new Map<string, CaptureImage[]>();
  if (!captures.length) return out;
  const r = await pool.query(`SELECT capture, url, media_type, sha256 FROM blob_resources WHERE capture = ANY($1::text[]) ORDER BY capture, position`, [captures]);
  for (const row of r.rows) {
    const list = out.get(row.capture) ?? [];
    list.push({ url: row.url, mediaType: row.media_type, sha256: row.sha256 });
    out.set(row.capture, list);
  }
  return out;
}

async function insertBlobs(pool: Pool | PoolClient, userId: number, blobs: readonly StoredBlob[]): Promise<void> {
  await pool.query(
    `INSERT INTO blobs (sha256, media_type, captured_at, source_url, byte_size, bytes, created_by)
     SELECT u.sha256, u.media_type, u.captured_at, u.source_url, length(u.bytes), u.bytes, $6
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[]) AS u(sha256, media_type, captured_at, source_url, bytes)
     ON CONFLICT (sha256) DO NOTHING`,
    [blobs.map((b) => b.sha256), blobs.map((b) => b.mediaType), blobs.map((b) => b.capturedAt), blobs.map((b) => b.sourceUrl), blobs.map((b) => Buffer.from(b.bytes)), userId],
  );
}

/**
 * The captures named, in the order asked, as many as fit in `budget` bytes (always the
 * first one found, however large); those not found are left out. The sizes are read
 * first, so no more bytes than the budget are ever loaded.
 */
export async function getBlobs(pool: Pool, shas: readonly string[], budget: number): Promise<StoredBlob[]> {
  const sizes = new Map((await pool.query(`SELECT sha256, byte_size FROM blobs WHERE sha256 = ANY($1::text[])`, [shas])).rows.map((r) => [r.sha256 as string, Number(r.byte_size)]));
  const take: string[] = [];
  let bytes = 0;
  for (const sha of new Set(shas)) {
    const n = sizes.get(sha);
    if (n === undefined) continue;
    if (take.length && bytes + n > budget) break;
    take.push(sha);
    bytes += n;
  }
  if (!take.length) return [];
  const rows = new Map(
    (await pool.query(`SELECT sha256, media_type, captured_at, source_url, bytes FROM blobs WHERE sha256 = ANY($1::text[])`, [take])).rows.map((b) => [
      b.sha256 as string,
      { sha256: b.sha256 as string, mediaType: b.media_type as string, capturedAt: b.captured_at as string | null, sourceUrl: b.source_url as string | null, bytes: b.bytes as Buffer },
    ]),
  );
  return take.flatMap((sha) => (rows.has(sha) ? [rows.get(sha)!] : []));
}
