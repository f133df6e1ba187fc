/**
 * The duplicate rules across desktops, decided by the server (docs/team-archive.md,
 * "Duplicates"). Two people clipping the same article offline each create a clipping;
 * when the second creation reaches the server it is compared, by the keys it was created
 * with, with the clippings already there, by the local import's rules: the same capture
 * bytes, the same article URL (same text: a duplicate; changed text: a newer version), or
 * the same text — never a text the extractor was unsure of (the same cookie banner on two
 * blogs). Clippings that match are merged into the one created first (smallest
 * (hlc, replica)); the other becomes an alias: its later edits, tag memberships, notes,
 * highlights and read state move onto the one kept (each register by last writer wins),
 * its text competes with the kept one's as a newer capture would, and the two people's
 * notes are joined. The server writes an `alias` change after the batch's own, so every
 * replica, pulling in the same order, does the same move (db/sync.ts). Pushes that create
 * clippings take the merge lock alone; every other push shares it, so no change lands on
 * a clipping while it is being merged.
 */
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { WireOp as Op } from './store.ts';

/** The replica id of the changes the server writes itself (aliases). */
export const SERVER_REPLICA = '00000000-0000-0000-0000-000000000000';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MERGE_LOCK = 190021;

type Row = Record<string, unknown>;

/** What the duplicate rules compare, from a clipping's creation value. */
export function creationKeys(value: unknown): { sha256: string | null; urlKey: string | null; contentHash: string | null } {
  const v = (value ?? {}) as Row;
  const groups = (v.groups ?? {}) as Record<string, Row | undefined>;
  const url = groups.url?.url_key;
  const body = groups.body ?? {};
  const unsure = body.extraction_uncertain === 1 || body.extraction_uncertain === true;
  return {
    sha256: typeof v.capture === 'string' ? v.capture : null,
    urlKey: typeof url === 'string' && url.includes('/') ? url : null,
    contentHash: !unsure && typeof body.content_hash === 'string' ? body.content_hash : null,
  };
}

/** The clipping an operation names (for an annotation's creation, its clipping's). */
function clippingOf(op: Op): string | null {
  const id = op.kind === 'annotation' ? (op.value as Row | null)?.clipping : ['clipping', 'field', 'read', 'purge', 'tag'].includes(op.kind) ? op.object : null;
  return typeof id === 'string' && UUID_RE.test(id) ? id : null;
}

/** Takes the merge lock: alone for a batch that creates clippings, shared by every other. */
export async function lockForMerges(c: PoolClient, ops: readonly Op[]): Promise<void> {
  await c.query(ops.some((o) => o.kind === 'clipping') ? `SELECT pg_advisory_xact_lock($1)` : `SELECT pg_advisory_xact_lock_shared($1)`, [MERGE_LOCK]);
}

/**
 * The batch with every operation on a clipping merged into another pointed at the one
 * kept, and the clippings the batch creates (first creation of a uuid the server lacks).
 */
export async function redirectMerged(c: PoolClient, ops: readonly Op[]): Promise<{ ops: Op[]; created: Op[] }> {
  const named = [...new Set(ops.map(clippingOf).filter((x): x is string => x !== null))];
  const into = new Map<string, string | null>();
  if (named.length) {
    const r = await c.query(`SELECT uuid::text AS uuid, merged_into::text AS into FROM clippings WHERE uuid = ANY($1::uuid[])`, [named]);
    for (const row of r.rows) into.set(row.uuid, row.into);
  }
  const created: Op[] = [];
  const seen = new Set<string>();
  const out = ops.map((op) => {
    const id = clippingOf(op);
    if (id === null) return op;
    if (op.kind === 'clipping' && !into.has(id) && !seen.has(id)) {
      seen.add(id);
      created.push(op);
    }
    const target = into.get(id);
    if (!target) return op;
    return op.kind === 'annotation' ? { ...op, value: { ...(op.value as Row), clipping: target } } : { ...op, object: target };
  });
  return { ops: out, created };
}

interface Identity {
  uuid: string;
  hlc: number;
  replica: string;
}

/**
 * After the batch is applied: records the keys of the clippings it created, merges each
 * one that matches others, and returns the `alias` changes to append to the batch's.
 */
export async function mergeDuplicates(c: PoolClient, userId: number, replica: string, created: readonly Op[]): Promise<Op[]> {
  if (!created.length) return [];
  const keys = created.map((op) => ({ uuid: op.object, hlc: op.hlc, ...creationKeys(op.value) }));
  await c.query(
    `UPDATE clippings c SET hlc = x.h, replica = $5, url_key = x.k, content_hash = x.t
       FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) AS x(u, h, k, t) WHERE c.uuid = x.u AND c.hlc IS NULL`,
    [keys.map((k) => k.uuid), keys.map((k) => k.hlc), keys.map((k) => k.urlKey), keys.map((k) => k.contentHash), replica],
  );
  // Most creations match nothing: one statement finds the few that do.
  const matching = new Set(
    (
      await c.query(
        `SELECT DISTINCT x.u::text AS uuid FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS x(u, s, k, t)
           JOIN clippings m ON m.uuid <> x.u AND (m.capture_sha256 = x.s OR m.url_key = x.k OR m.content_hash = x.t)`,
        [keys.map((k) => k.uuid), keys.map((k) => k.sha256), keys.map((k) => k.urlKey), keys.map((k) => k.contentHash)],
      )
    ).rows.map((r) => r.uuid as string),
  );
  const aliases: Op[] = [];
  for (const k of keys) {
    if (!matching.has(k.uuid)) continue;
    // The live clippings kept for every clipping that matches it (itself included).
    const roots = (
      await c.query(
        `SELECT DISTINCT r.uuid::text AS uuid, r.hlc, r.replica::text AS replica
           FROM clippings m JOIN clippings r ON r.uuid = coalesce(m.merged_into, m.uuid)
          WHERE (m.uuid = $1 OR m.capture_sha256 = $2 OR m.url_key = $3 OR m.content_hash = $4)
            AND r.purged_at IS NULL AND r.hlc IS NOT NULL`,
        [k.uuid, k.sha256, k.urlKey, k.contentHash],
      )
    ).rows.map((r): Identity => ({ uuid: r.uuid, hlc: Number(r.hlc), replica: r.replica }));
    if (!roots.some((r) => r.uuid === k.uuid) || roots.length < 2) continue;
    roots.sort((a, b) => a.hlc - b.hlc || (a.replica < b.replica ? -1 : a.replica > b.replica ? 1 : 0));
    const [kept, ...rest] = roots;
    for (const r of rest) aliases.push(...(await mergeInto(c, userId, r, kept!)));
  }
  return aliases;
}

/**
 * Moves one clipping's state onto the one kept and returns the changes that tell the
 * replicas: the `version` of the text its text replaces, if it does, then the `alias`.
 */
async function mergeInto(c: PoolClient, userId: number, from: Identity, kept: Identity): Promise<Op[]> {
  const note = await joinedNotes(c, from, kept);
  const version = await replacedText(c, from, kept);
  // Its registers, the later writer winning; what it was created with stays behind, but its
  // text; the notes are joined instead.
  await c.query(
    `INSERT INTO field_versions (object, grp, value, hlc, replica, user_id)
     SELECT $2, f.grp, f.value, f.hlc, f.replica, f.user_id FROM field_versions f
      WHERE f.object = $1 AND f.grp <> 'note' AND (f.grp = 'body' OR (f.hlc, f.replica) <> ($3::bigint, $4::uuid))
     ON CONFLICT (object, grp) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, replica = excluded.replica, user_id = excluded.user_id
      WHERE (field_versions.hlc, field_versions.replica) < (excluded.hlc, excluded.replica)`,
    [from.uuid, kept.uuid, from.hlc, from.replica],
  );
  if (note) {
    await c.query(
      `INSERT INTO field_versions (object, grp, value, hlc, replica, user_id) VALUES ($1, 'note', $2, $3, $4, $5)
       ON CONFLICT (object, grp) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, replica = excluded.replica, user_id = excluded.user_id`,
      [kept.uuid, { note: note.note }, note.hlc, note.replica, userId],
    );
  }
  await c.query(`DELETE FROM field_versions WHERE object = $1`, [from.uuid]);
  await c.query(
    `INSERT INTO clipping_tags (clipping, tag, name, present, hlc, replica)
     SELECT $2, tag, name, present, hlc, replica FROM clipping_tags WHERE clipping = $1
     ON CONFLICT (clipping, tag) DO UPDATE SET name = excluded.name, present = excluded.present, hlc = excluded.hlc, replica = excluded.replica
      WHERE (clipping_tags.hlc, clipping_tags.replica) < (excluded.hlc, excluded.replica)`,
    [from.uuid, kept.uuid],
  );
  await c.query(`DELETE FROM clipping_tags WHERE clipping = $1`, [from.uuid]);
  await c.query(`UPDATE annotations SET clipping = $2 WHERE clipping = $1`, [from.uuid, kept.uuid]);
  await c.query(
    `INSERT INTO read_state (user_id, clipping, is_read, hlc) SELECT user_id, $2, is_read, hlc FROM read_state WHERE clipping = $1
     ON CONFLICT (user_id, clipping) DO UPDATE SET is_read = excluded.is_read, hlc = excluded.hlc WHERE read_state.hlc < excluded.hlc`,
    [from.uuid, kept.uuid],
  );
  await c.query(`DELETE FROM read_state WHERE clipping = $1`, [from.uuid]);
  await c.query(`UPDATE clippings SET merged_into = $2 WHERE uuid = $1 OR merged_into = $1`, [from.uuid, kept.uuid]);
  const alias: Op = {
    opId: randomUUID(),
    hlc: from.hlc,
    kind: 'alias',
    object: from.uuid,
    key: '',
    value: { into: kept.uuid, hlc: from.hlc, replica: from.replica, ...(note ? { note } : {}) },
  };
  return version ? [{ opId: randomUUID(), hlc: from.hlc, kind: 'version', object: kept.uuid, key: '', value: version }, alias] : [alias];
}

/**
 * The kept clipping as the server holds it, as a version's value (db/sync.ts applies it),
 * when the merged clipping's text wins over its text and differs from it; else null.
 * The server decides this, not each replica: a replica applying the alias may already hold
 * a later text of its own for the kept clipping (an edit it made before it pulled the
 * merge), and would then keep no version, or another one (issue 19). The server's registers
 * at the merge are the same for everyone: those of every change before the alias.
 */
async function replacedText(c: PoolClient, from: Identity, kept: Identity): Promise<Row | null> {
  const r = await c.query(
    `SELECT jsonb_build_object(
              'capture', k.capture_sha256, 'captured_at', k.constants->'captured_at', 'replaced_at', $3::text,
              'title', t.value->'title', 'byline', y.value->'byline', 'published_at', d.value->'published_at', 'modified_at', d.value->'modified_at',
              'text', kb.value->'text', 'html', kb.value->'html', 'figures', kb.value->'figures', 'word_count', kb.value->'word_count',
              'content_hash', kb.value->'content_hash') AS version
       FROM clippings k
       JOIN field_versions kb ON kb.object = $2 AND kb.grp = 'body'
       JOIN field_versions fb ON fb.object = $1 AND fb.grp = 'body'
       LEFT JOIN field_versions t ON t.object = $2 AND t.grp = 'title'
       LEFT JOIN field_versions y ON y.object = $2 AND y.grp = 'byline'
       LEFT JOIN field_versions d ON d.object = $2 AND d.grp = 'dates'
      WHERE k.uuid = $2::uuid AND (fb.hlc, fb.replica) > (kb.hlc, kb.replica)
        AND (fb.value->>'content_hash') IS DISTINCT FROM (kb.value->>'content_hash')`,
    [from.uuid, kept.uuid, new Date().toISOString()],
  );
  return (r.rows[0]?.version as Row | undefined) ?? null;
}

/**
 * Both people's notes: when the merged clipping has a note the kept one does not already
 * hold, the kept one's note becomes the two joined, written later than either.
 */
async function joinedNotes(c: PoolClient, from: Identity, kept: Identity): Promise<{ note: string; hlc: number; replica: string } | null> {
  const r = await c.query(`SELECT object, value->>'note' AS note, hlc FROM field_versions WHERE grp = 'note' AND object = ANY($1::text[])`, [[from.uuid, kept.uuid]]);
  const of = (uuid: string) => r.rows.find((x) => x.object === uuid) as { note: string | null; hlc: string } | undefined;
  const mine = of(kept.uuid)?.note?.trim() ?? '';
  const theirs = of(from.uuid)?.note?.trim() ?? '';
  if (!theirs || mine.includes(theirs)) return null;
  const hlc = Math.max(Number(of(kept.uuid)?.hlc ?? 0), Number(of(from.uuid)?.hlc ?? 0)) + 1;
  return { note: mine ? `${mine}\n\n${theirs}` : theirs, hlc, replica: SERVER_REPLICA };
}
