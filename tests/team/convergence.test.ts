/**
 * Convergence, as a property (fast-check): three replicas, each an archive of its own
 * user, and one team server on a real PostgreSQL. Random operations — add (the same
 * article on two replicas too), add a duplicate (a web page at one of two addresses, with
 * the same or changed text: merged into one clipping, or a newer version of it), save,
 * re-save and delete a saved search, tag, untag, edit metadata, edit text, note, star,
 * annotate, edit and delete annotations, delete, restore, rename and merge tags — run on
 * random replicas with syncs interleaved at random (a replica that does not sync is
 * offline). After everyone syncs, all replicas hold the same clippings, fields, tag
 * memberships, annotations and trash state, the same earlier versions of each clipping,
 * and the same saved searches in the same order, and the server's registers agree with them.
 *
 * Not compared (docs/team-archive.md): tags no clipping carries, per-user read state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SyncRepo } from '../../db/sync.ts';
import { ApiError } from '../../electron/contract/errors.ts';
import { Archive } from '../../electron/core/archive.ts';
import { addTeamUser, initTeam } from '../../electron/team/admin.ts';
import { startTeamServer, type TeamServer } from '../../electron/team/server.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';

const TEXTS = [
  'The harbour reopened on Monday after storm repairs. The council thanked the crews who worked through the night.',
  'Ferry services resume next week, the operator said. Fares stay the same until the spring timetable.',
  'The budget vote was delayed again. Members asked for more time to read the proposals on roads.',
];
const TAGS = ['alpha', 'beta', 'gamma'];
const VALUES = ['One', 'Two', 'Three'];

type Step =
  | { r: number; op: 'sync' }
  | { r: number; op: 'add'; text: number }
  | { r: number; op: 'addPage'; url: number; text: number }
  | { r: number; op: 'tag' | 'untag'; k: number; tag: number }
  | { r: number; op: 'outlet' | 'title' | 'note'; k: number; v: number }
  | { r: number; op: 'text'; k: number; v: number }
  | { r: number; op: 'star'; k: number; on: boolean }
  | { r: number; op: 'annotate'; k: number; word: number; v: number }
  | { r: number; op: 'annotationNote' | 'annotationDelete'; k: number; a: number; v: number }
  | { r: number; op: 'delete' | 'restore'; k: number }
  | { r: number; op: 'rename' | 'merge'; from: number; to: number }
  | { r: number; op: 'saveSearch' | 'deleteSearch'; name: number; v: number };

const r = fc.integer({ min: 0, max: 2 });
const k = fc.nat(20);
const v = fc.integer({ min: 0, max: 2 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ r, op: fc.constant('sync' as const) }),
  fc.record({ r, op: fc.constant('add' as const), text: v }),
  fc.record({ r, op: fc.constant('addPage' as const), url: fc.integer({ min: 0, max: 1 }), text: v }),
  fc.record({ r, op: fc.constantFrom('tag' as const, 'untag' as const), k, tag: v }),
  fc.record({ r, op: fc.constantFrom('outlet' as const, 'title' as const, 'note' as const), k, v }),
  fc.record({ r, op: fc.constant('text' as const), k, v }),
  fc.record({ r, op: fc.constant('star' as const), k, on: fc.boolean() }),
  fc.record({ r, op: fc.constant('annotate' as const), k, word: fc.nat(30), v }),
  fc.record({ r, op: fc.constantFrom('annotationNote' as const, 'annotationDelete' as const), k, a: fc.nat(5), v }),
  fc.record({ r, op: fc.constantFrom('delete' as const, 'restore' as const), k }),
  fc.record({ r, op: fc.constantFrom('rename' as const, 'merge' as const), from: v, to: v }),
  fc.record({ r, op: fc.constantFrom('saveSearch' as const, 'deleteSearch' as const), name: v, v }),
);

/** What must be equal everywhere, by global identity. */
function snapshot(archive: Archive): unknown {
  const db = archive.db;
  const clippings = db
    .prepare(`SELECT uuid, title, byline, outlet, sqlar_uncompress(text_z, text_size) AS text, note, starred, media_type, tone, deleted_at IS NOT NULL AS trashed FROM clippings ORDER BY uuid`)
    .all() as Array<Record<string, unknown>>;
  for (const c of clippings) {
    c.tags = (
      db.prepare(`SELECT lower(t.name) AS name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id JOIN clippings c ON c.id = ct.clipping_id WHERE c.uuid = ? ORDER BY 1`).all(c.uuid) as { name: string }[]
    ).map((t) => t.name);
    c.annotations = db.prepare(`SELECT a.uuid, a.note, a.color, a.exact, a.state, a.start, a."end" FROM annotations a JOIN clippings c ON c.id = a.clipping_id WHERE c.uuid = ? ORDER BY a.uuid`).all(c.uuid);
  }
  return clippings;
}

/** What the server's registers say of the live clippings: title, outlet, note, trash state and tags. */
async function serverView(databaseUrl: string): Promise<unknown> {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  try {
    const { rows } = await pool.query(
      `SELECT c.uuid::text AS uuid,
              (SELECT value->>'title' FROM field_versions WHERE object = c.uuid::text AND grp = 'title') AS title,
              (SELECT value->>'outlet' FROM field_versions WHERE object = c.uuid::text AND grp = 'outlet') AS outlet,
              (SELECT value->>'note' FROM field_versions WHERE object = c.uuid::text AND grp = 'note') AS note,
              (SELECT value->>'deleted_at' IS NOT NULL FROM field_versions WHERE object = c.uuid::text AND grp = 'trash') AS trashed,
              coalesce((SELECT array_agg(tag ORDER BY tag) FROM clipping_tags WHERE clipping = c.uuid AND present), '{}') AS tags
         FROM clippings c WHERE c.purged_at IS NULL AND c.merged_into IS NULL ORDER BY c.uuid`,
    );
    return rows;
  } finally {
    await pool.end();
  }
}

/** The same, from a replica's snapshot. */
function replicaView(clippings: Array<Record<string, unknown>>): unknown {
  return clippings.map((c) => ({ uuid: c.uuid, title: c.title, outlet: c.outlet, note: c.note, trashed: c.trashed === 1, tags: [...(c.tags as string[])].sort() }));
}

/** How many changes the server holds. */
async function changes(databaseUrl: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  try {
    return (await pool.query(`SELECT count(*)::int AS n FROM changes`)).rows[0].n;
  } finally {
    await pool.end();
  }
}

/** The replica's clippings (live and trashed) in a fixed order, and the k-th of them. */
function pick(archive: Archive, k: number): { id: number; text: string } | null {
  const rows = archive.db.prepare(`SELECT id, sqlar_uncompress(text_z, text_size) AS text FROM clippings ORDER BY uuid`).all() as { id: number; text: string }[];
  return rows.length ? rows[k % rows.length]! : null;
}

describeWithPostgres('team sync converges (property, 3 replicas)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-converge-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an annotation made on the text before another replica edited it is re-anchored on the edited text', async () => {
    const databaseUrl = await pgCluster().database();
    await initTeam(databaseUrl);
    const server = await startTeamServer({ databaseUrl, port: 0 });
    const [a, b] = [0, 1].map((i) => new Archive(path.join(dir, `anchor-r${i}.db`)));
    try {
      for (const [i, x] of [a!, b!].entries()) await x.call('team.join', { server: server.url, token: (await addTeamUser(databaseUrl, `anchor${i}`, 'editor')).token });
      const clipping = { id: (await a!.call('clippings.add', { capture: { name: 'a.txt', mediaType: 'text/plain', text: TEXTS[0] } })).id! };
      await a!.call('team.sync', {});
      await b!.call('team.sync', {});
      const idB = pick(b!, 0)!.id;
      // Offline: A puts words in front (every offset moves), B highlights a word of the old text.
      await a!.call('clippings.setText', { id: clipping.id, text: `Breaking news from the coast. ${TEXTS[0]}` });
      await b!.call('annotations.create', { id: idB, quote: 'council', note: 'B' });
      await a!.call('team.sync', {});
      await b!.call('team.sync', {});
      await a!.call('team.sync', {});
      for (const [x, id] of [[a!, clipping.id], [b!, idB]] as const) {
        const [ann] = await x.call('annotations.list', { id });
        const text = (await x.call('clippings.get', { id })).text;
        expect(ann).toMatchObject({ state: 'anchored', note: 'B' });
        expect(text.slice(ann!.start!, ann!.end!)).toBe('council');
      }
      expect(snapshot(a!)).toEqual(snapshot(b!));
    } finally {
      a!.close();
      b!.close();
      await server.close();
    }
  });

  it('a push whose answer was lost (the client killed before it noted it) is sent again without duplicates', async () => {
    const databaseUrl = await pgCluster().database();
    await initTeam(databaseUrl);
    const server = await startTeamServer({ databaseUrl, port: 0 });
    const [a, b] = [0, 1].map((i) => new Archive(path.join(dir, `lost-r${i}.db`)));
    try {
      const tokens: string[] = [];
      for (const [i, x] of [a!, b!].entries()) {
        tokens.push((await addTeamUser(databaseUrl, `lost${i}`, 'editor')).token);
        await x.call('team.join', { server: server.url, token: tokens[i]! });
      }
      await a!.call('clippings.add', { capture: { name: 'a.txt', mediaType: 'text/plain', text: TEXTS[1] } });
      await a!.call('team.sync', {});
      await a!.call('tags.add', { id: 1, tags: ['alpha'] });
      await a!.call('clippings.setNote', { id: 1, note: 'kept once' });
      const before = await changes(databaseUrl);
      // The push reaches the server, but its answer never reaches the client: the outbox keeps it.
      const { replica } = await a!.call('team.status', {});
      const ops = new SyncRepo(a!.db).outbox(100).map(({ seq: _seq, ...op }) => op);
      const first = await fetch(new URL('/v1/push', server.url), { method: 'POST', headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' }, body: JSON.stringify({ replica, ops }) });
      expect(await first.json()).toMatchObject({ applied: ops.length, duplicates: 0 });
      const again = await a!.call('team.sync', {});
      expect(again).toMatchObject({ pushed: 0, pending: 0 });
      expect(await changes(databaseUrl)).toBe(before + ops.length);
      await b!.call('team.sync', {});
      expect(snapshot(b!)).toEqual(snapshot(a!));
    } finally {
      a!.close();
      b!.close();
      await server.close();
    }
  });

  it('every replica ends equal after random offline edits and syncs', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
        run++;
        const databaseUrl = await pgCluster().database();
        await initTeam(databaseUrl);
        let server: TeamServer | null = null;
        const replicas: Archive[] = [];
        try {
          server = await startTeamServer({ databaseUrl, port: 0 });
          for (let i = 0; i < 3; i++) {
            const { token } = await addTeamUser(databaseUrl, `user${i}`, 'editor');
            const archive = new Archive(path.join(dir, `run${run}-r${i}.db`));
            replicas.push(archive);
            await archive.call('team.join', { server: server.url, token });
          }
          await replicas[0]!.call('clippings.add', { capture: { name: 'a.txt', mediaType: 'text/plain', text: TEXTS[0] } });
          for (const a of replicas) await a.call('team.sync', {});

          for (const s of steps) await apply(replicas[s.r]!, s);

          // Everyone pushes, then everyone pulls what the others pushed.
          for (const a of replicas) await a.call('team.sync', {});
          for (const a of replicas) await a.call('team.sync', {});
          const first = snapshot(replicas[0]!);
          for (const a of replicas.slice(1)) expect(snapshot(a)).toEqual(first);
          const savedOf = (a: Archive) => a.db.prepare(`SELECT name, query FROM saved_searches ORDER BY position, name COLLATE NOCASE`).all();
          for (const a of replicas.slice(1)) expect(savedOf(a)).toEqual(savedOf(replicas[0]!));
          const versionsOf = (a: Archive) => a.db.prepare(`SELECT c.uuid, v.content_hash FROM clipping_versions v JOIN clippings c ON c.id = v.clipping_id ORDER BY 1, 2`).all();
          for (const a of replicas.slice(1)) expect(versionsOf(a)).toEqual(versionsOf(replicas[0]!));
          for (const a of replicas) expect((await a.call('team.status', {})).pending).toBe(0);
          expect(await serverView(databaseUrl)).toEqual(replicaView(first as Array<Record<string, unknown>>));
        } finally {
          for (const a of replicas) a.close();
          await server?.close();
        }
      }),
      { numRuns: 12, endOnFailure: true, ...(process.env.CUTTINGS_FC_SEED ? { seed: Number(process.env.CUTTINGS_FC_SEED) } : {}) },
    );
  });
});

/** One step on one replica; what the archive refuses (a missing quote, a live clipping to restore) is skipped. */
async function apply(a: Archive, s: Step): Promise<void> {
  const c = 'k' in s ? pick(a, s.k) : null;
  try {
    switch (s.op) {
      case 'sync':
        await a.call('team.sync', {});
        return;
      case 'add':
        await a.call('clippings.add', { capture: { name: `t${s.text}.txt`, mediaType: 'text/plain', text: TEXTS[s.text] } });
        return;
      case 'addPage': {
        const html = `<!doctype html><html lang="en"><head><title>Harbour news</title><link rel="canonical" href="https://news.example/harbour-${s.url}"></head><body><article><h1>Harbour news</h1><p>${TEXTS[s.text]}</p><p>${TEXTS[(s.text + 1) % TEXTS.length]}</p></article></body></html>`;
        await a.call('clippings.add', { capture: { name: 'page.html', text: html } });
        return;
      }
      case 'tag':
        if (c) await a.call('tags.add', { id: c.id, tags: [TAGS[s.tag]!] });
        return;
      case 'untag':
        if (c) await a.call('tags.remove', { id: c.id, tags: [TAGS[s.tag]!] });
        return;
      case 'outlet':
        if (c) await a.call('clippings.update', { selection: { ids: [c.id] }, outlet: VALUES[s.v] });
        return;
      case 'title':
        if (c) await a.call('clippings.update', { selection: { ids: [c.id] }, title: VALUES[s.v] });
        return;
      case 'note':
        if (c) await a.call('clippings.setNote', { id: c.id, note: VALUES[s.v]! });
        return;
      case 'text':
        if (c) await a.call('clippings.setText', { id: c.id, text: `${c.text.split(' (')[0]} (${VALUES[s.v]})` });
        return;
      case 'star':
        if (c) await a.call('clippings.setFlags', { selection: { ids: [c.id] }, starred: s.on });
        return;
      case 'annotate': {
        if (!c) return;
        const words = c.text.match(/[A-Za-z]{4,}/g) ?? [];
        if (words.length) await a.call('annotations.create', { id: c.id, quote: words[s.word % words.length]!, note: VALUES[s.v] });
        return;
      }
      case 'annotationNote':
      case 'annotationDelete': {
        if (!c) return;
        const list = await a.call('annotations.list', { id: c.id });
        const ann = list[s.a % Math.max(1, list.length)];
        if (!ann) return;
        if (s.op === 'annotationNote') await a.call('annotations.update', { annotationId: ann.id, note: VALUES[s.v] });
        else await a.call('annotations.delete', { annotationId: ann.id });
        return;
      }
      case 'delete':
        if (c) await a.call('clippings.delete', { selection: { ids: [c.id] } });
        return;
      case 'restore':
        if (c) await a.call('trash.restore', { selection: { ids: [c.id] } });
        return;
      case 'rename':
        await a.call('tags.rename', { from: TAGS[s.from]!, to: TAGS[s.to]! });
        return;
      case 'merge':
        await a.call('tags.merge', { from: TAGS[s.from]!, into: TAGS[s.to]! });
        return;
      case 'saveSearch':
        await a.call('search.save', { name: ['Harbour', 'harbour', 'Budget'][s.name]!, query: TAGS[s.v]! });
        return;
      case 'deleteSearch':
        await a.call('search.deleteSaved', { name: ['Harbour', 'Budget', 'Ferries'][s.name]! });
        return;
    }
  } catch (err) {
    if (!(err instanceof ApiError) || err.code === 'internal') throw err;
  }
}
