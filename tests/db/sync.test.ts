/**
 * Applying pulled operations (db/sync.ts) without a server: the operations an archive's
 * join snapshot records, applied to empty archives. A created clipping or annotation
 * keeps one version row (its creation's), which stands for each of its field groups
 * until that group is written: the merge gives what one row per group gave.
 */
import { describe, expect, it } from 'vitest';
import { CLIPPING_GROUPS } from '../../db/migrations/014-sync-identities.ts';
import { SyncRepo, type SyncOp } from '../../db/sync.ts';
import type { Archive } from '../../electron/core/archive.ts';
import { ARTICLES, archivesPerTest } from './archives.ts';

const A = '00000000-0000-7000-8000-00000000000a';
const NOW = new Date('2026-03-01T10:00:00Z');

const archive = archivesPerTest('cuttings-sync-apply-', NOW);


function join(a: Archive, replica: string): SyncRepo {
  const repo = new SyncRepo(a.db);
  a.db.transaction(() => repo.join({ server: 'http://team.test/', token: 't', replica, userName: replica, role: 'editor' })).immediate();
  return repo;
}

/** An archive of three clippings with tags, a note, an annotation and one in the trash; its joined outbox as pulled operations of replica A. */
async function source(): Promise<{ archive: Archive; ops: SyncOp[] }> {
  const a = archive('a');
  for (const text of ARTICLES) await a.call('clippings.add', { capture: { name: 'a.txt', mediaType: 'text/plain', text } });
  await a.call('tags.add', { id: 1, tags: ['alpha', 'beta'] });
  await a.call('tags.add', { id: 2, tags: ['alpha'] });
  await a.call('clippings.setNote', { id: 2, note: 'for the briefing' });
  await a.call('annotations.create', { id: 1, quote: 'council', note: 'who?' });
  await a.call('clippings.delete', { selection: { ids: [3] } });
  const repo = join(a, A);
  const ops = repo.outbox(10_000).map(({ seq: _seq, ...op }) => ({ ...op, replica: A }));
  return { archive: a, ops };
}

function apply(a: Archive, repo: SyncRepo, pages: readonly (readonly SyncOp[])[]): { applied: number; conflicts: number } {
  let applied = 0;
  let conflicts = 0;
  pages.forEach((page, i) => {
    const r = a.db.transaction(() => repo.applyPage(page, i + 1, NOW.toISOString(), () => undefined)).immediate();
    applied += r.applied;
    conflicts += r.conflicts;
  });
  return { applied, conflicts };
}

/** Everything applying writes, by global identity. */
function contents(a: Archive): unknown {
  const db = a.db;
  return {
    clippings: db.prepare(`SELECT uuid, title, outlet, sqlar_uncompress(text_z, text_size) AS text, note, starred, deleted_at, is_read FROM clippings ORDER BY uuid`).all(),
    tags: db.prepare(`SELECT c.uuid, t.name FROM clipping_tags ct JOIN clippings c ON c.id = ct.clipping_id JOIN tags t ON t.id = ct.tag_id ORDER BY 1, 2`).all(),
    annotations: db.prepare(`SELECT a.uuid, c.uuid AS clipping, a.exact, a.note, a.color FROM annotations a JOIN clippings c ON c.id = a.clipping_id ORDER BY 1`).all(),
    versions: db.prepare(`SELECT object, grp, hlc, replica FROM sync_versions ORDER BY object, grp`).all(),
    search: db.prepare(`SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH 'harbour OR ferry' ORDER BY rowid`).all(),
    meta: db.prepare(`SELECT rowid FROM clipping_meta_fts WHERE clipping_meta_fts MATCH 'alpha OR briefing OR who' ORDER BY rowid`).all(),
  };
}

const uuidOf = (a: Archive, id: number) => (a.db.prepare(`SELECT uuid FROM clippings WHERE id = ?`).get(id) as { uuid: string }).uuid;
/** An object's version rows of field groups (tag memberships and read state have their own). */
const versionRows = (a: Archive, object: string) =>
  (a.db.prepare(`SELECT count(*) AS n FROM sync_versions WHERE object = ? AND grp NOT LIKE 'tag:%' AND grp <> 'read'`).get(object) as { n: number }).n;

describe('applying pulled operations', () => {
  it('a clipping or annotation created by a pulled operation keeps one version row, not one per field group', async () => {
    const { archive: a, ops } = await source();
    const b = archive('b');
    apply(b, join(b, 'b'), [ops]);
    expect(Object.keys(CLIPPING_GROUPS).length).toBeGreaterThan(1);
    for (const id of [1, 2, 3]) expect(versionRows(b, uuidOf(a, id))).toBe(1);
    const annotation = (b.db.prepare(`SELECT uuid FROM annotations`).get() as { uuid: string }).uuid;
    expect(versionRows(b, annotation)).toBe(1);
  });

  it('joining records one version row per clipping held', async () => {
    const a = archive('a');
    for (const text of ARTICLES) await a.call('clippings.add', { capture: { name: 'a.txt', mediaType: 'text/plain', text } });
    join(a, A);
    expect((a.db.prepare(`SELECT count(*) AS n FROM sync_versions`).get() as { n: number }).n).toBe(ARTICLES.length);
  });

  it('a page applied at once leaves the same archive as its operations applied one page each', async () => {
    const { ops } = await source();
    const whole = archive('whole');
    const single = archive('single');
    const r1 = apply(whole, join(whole, 'b'), [ops]);
    const r2 = apply(single, join(single, 'b'), ops.map((op) => [op]));
    expect(r1).toEqual(r2);
    expect(r1.applied).toBe(ops.length);
    expect(contents(whole)).toEqual(contents(single));
  });

  it('a field edit older than the creation it meets loses, a newer one wins, each group on its own', async () => {
    const { archive: a, ops } = await source();
    const b = archive('b');
    const repo = join(b, 'b');
    apply(b, repo, [ops]);
    const c = uuidOf(a, 1);
    const created = ops.find((op) => op.kind === 'clipping' && op.object === c)!;
    const edit = (key: string, value: Record<string, unknown>, hlc: number, replica: string, n: number): SyncOp => ({
      opId: `00000000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
      hlc,
      replica,
      kind: 'field',
      object: c,
      key,
      value,
    });
    const before = (b.db.prepare(`SELECT title, outlet FROM clippings WHERE uuid = ?`).get(c) as { title: string; outlet: string | null });
    // Older than the creation: loses, by clock and, at the same clock, by replica id.
    expect(apply(b, repo, [[edit('title', { title: 'Old' }, created.hlc - 1, 'ffffffff-0000-7000-8000-000000000000', 1)]])).toEqual({ applied: 0, conflicts: 1 });
    expect(apply(b, repo, [[edit('title', { title: 'Tie, lower replica' }, created.hlc, '00000000-0000-7000-8000-000000000000', 2)]])).toEqual({ applied: 0, conflicts: 1 });
    // Newer: wins for its group only; the other groups still compare with the creation.
    expect(apply(b, repo, [[edit('title', { title: 'New' }, created.hlc + 5, 'ffffffff-0000-7000-8000-000000000000', 3)]])).toEqual({ applied: 1, conflicts: 0 });
    expect(apply(b, repo, [[edit('title', { title: 'Between' }, created.hlc + 2, 'ffffffff-0000-7000-8000-000000000000', 4)]])).toEqual({ applied: 0, conflicts: 1 });
    expect(apply(b, repo, [[edit('outlet', { outlet: 'Older outlet' }, created.hlc - 1, 'ffffffff-0000-7000-8000-000000000000', 5)]])).toEqual({ applied: 0, conflicts: 1 });
    expect(apply(b, repo, [[edit('outlet', { outlet: 'Later outlet' }, created.hlc + 2, 'ffffffff-0000-7000-8000-000000000000', 6)]])).toEqual({ applied: 1, conflicts: 0 });
    expect(b.db.prepare(`SELECT title, outlet FROM clippings WHERE uuid = ?`).get(c)).toEqual({ title: 'New', outlet: 'Later outlet' });
    expect(before.title).not.toBe('New');
  });
});
