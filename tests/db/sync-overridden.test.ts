/**
 * Own edits overridden by later ones (db/sync.ts, migration 022; issue 20 item 4),
 * without a server: two joined archives hand each other their outboxes as pulled pages.
 * Kept only when the edit that won was made without having seen this replica's own one;
 * offered back (restore: a new edit, which wins and travels) or dismissed; gone with its
 * clipping.
 */
import { describe, expect, it } from 'vitest';
import { SyncRepo, type SyncOp } from '../../db/sync.ts';
import type { Archive } from '../../electron/core/archive.ts';
import { archivesPerTest } from './archives.ts';

const RA = '00000000-0000-7000-8000-00000000000a';
const RB = '00000000-0000-7000-8000-00000000000b';
const NOW = new Date('2026-03-01T10:00:00Z');
const MINE = 'The harbour reopened on Monday after storm repairs.\n\nThe council thanked the crews who worked through the night. Fares stay the same.';
const TEXT = 'The harbour reopened on Monday after storm repairs.\n\nThe council thanked the crews who worked through the night.';

const openArchive = archivesPerTest('cuttings-sync-overridden-', NOW);

interface Replica {
  archive: Archive;
  repo: SyncRepo;
  id: string;
  cursor: number;
}

function replica(name: string, id: string): Replica {
  const archive = openArchive(name);
  const repo = new SyncRepo(archive.db);
  archive.db.transaction(() => repo.join({ server: 'http://team.test/', token: 't', replica: id, userName: name, role: 'editor' })).immediate();
  return { archive, repo, id, cursor: 0 };
}

/** What `from` has not sent yet, as pulled operations (and its outbox emptied, as a push does). */
function push(from: Replica): SyncOp[] {
  const ops = from.repo.outbox(100_000).map(({ seq: _seq, ...op }) => ({ ...op, replica: from.id }));
  if (ops.length) from.repo.acknowledge(from.repo.outbox(100_000).at(-1)!.seq);
  return ops;
}

function pull(to: Replica, ops: readonly SyncOp[]): { applied: number; conflicts: number } {
  const db = to.archive.db;
  return db.transaction(() => to.repo.applyPage(ops, ++to.cursor, NOW.toISOString(), () => undefined)).immediate();
}

/** `r`'s clock is moved past `other`'s: its next edit is the later one. */
function later(r: Replica, other: Replica): void {
  r.archive.db.prepare(`UPDATE sync_state SET hlc = ? WHERE id = 1`).run(other.repo.state().hlc + 10_000);
}

/** A and B holding the same clipping (made on A, pulled by B), nothing waiting. */
async function pair(): Promise<{ a: Replica; b: Replica; id: number }> {
  const a = replica('a', RA);
  const b = replica('b', RB);
  const id = (await a.archive.call('clippings.add', { capture: { name: 'harbour.txt', mediaType: 'text/plain', text: TEXT } })).id!;
  await a.archive.call('clippings.update', { selection: { ids: [id] }, title: 'Harbour reopens', outlet: 'Coast News' });
  pull(b, push(a));
  return { a, b, id };
}

const title = (r: Replica, id: number) => (r.archive.db.prepare(`SELECT title FROM clippings WHERE id = ?`).get(id) as { title: string }).title;
const conflicts = (r: Replica, clippingId?: number) => r.archive.call('team.conflicts', clippingId === undefined ? {} : { clippingId });

describe('own edits overridden by a later edit made elsewhere', () => {
  it('the loser of two offline title edits keeps its title, and a restore wins everywhere without a conflict on the other side', async () => {
    const { a, b, id } = await pair();
    await a.archive.call('clippings.update', { selection: { ids: [id] }, title: 'Harbour reopens after storm' });
    later(b, a);
    await b.archive.call('clippings.update', { selection: { ids: [id] }, title: 'Port back in business' });
    const fromA = push(a);
    const fromB = push(b);
    // B's later edit wins on A; A's own edit is kept.
    pull(a, fromB);
    expect(title(a, id)).toBe('Port back in business');
    expect(await conflicts(a, id)).toEqual([
      { clippingId: id, clippingTitle: 'Port back in business', field: 'title', yours: 'Harbour reopens after storm', replacedAt: expect.stringMatching(/^2\d{3}-/), replacedBy: null, recordedAt: NOW.toISOString() },
    ]);
    expect((await a.archive.call('team.status', {})).overridden).toBe(1);
    // A's older edit loses on B: nothing of B's was overridden.
    expect(pull(b, fromA).conflicts).toBeGreaterThan(0);
    expect(title(b, id)).toBe('Port back in business');
    expect(await conflicts(b)).toEqual([]);

    // Restore: a new edit on A, which wins on B; B's edit was seen by it, so B keeps nothing.
    const detail = (await a.archive.call('team.restoreConflict', { clippingId: id, field: 'title' })) as { title: string };
    expect(detail.title).toBe('Harbour reopens after storm');
    expect(await conflicts(a)).toEqual([]);
    expect((await a.archive.call('team.status', {})).overridden).toBe(0);
    pull(b, push(a));
    expect(title(b, id)).toBe('Harbour reopens after storm');
    expect(await conflicts(b)).toEqual([]);

    // A restore overridden in its turn by an edit that had not seen it is kept again.
    await a.archive.call('clippings.update', { selection: { ids: [id] }, title: 'Harbour reopens, again' });
    const restoredAgain = push(a);
    later(b, a);
    await b.archive.call('clippings.update', { selection: { ids: [id] }, title: 'Port open' });
    pull(a, push(b));
    pull(b, restoredAgain);
    expect((await conflicts(a, id)).map((c) => [c.field, c.yours])).toEqual([['title', 'Harbour reopens, again']]);
  });

  it('an edit made after seeing the own one, or the override of someone else’s edit, is not kept', async () => {
    const { a, b, id } = await pair();
    // A's outlet, seen by B, then edited by B: a later edit, not a conflict.
    await a.archive.call('clippings.update', { selection: { ids: [id] }, outlet: 'Coast Weekly' });
    pull(b, push(a));
    await b.archive.call('clippings.update', { selection: { ids: [id] }, outlet: 'Coast Daily' });
    pull(a, push(b));
    expect(await conflicts(a)).toEqual([]);
    // B's byline on A, then C's byline made without seeing it: B's, not A's, was overridden.
    await b.archive.call('clippings.update', { selection: { ids: [id] }, byline: 'By B' });
    pull(a, push(b));
    // C, who had not seen B's byline, edits it later.
    const held = a.archive.db.prepare(`SELECT hlc, replica FROM sync_versions WHERE object = (SELECT uuid FROM clippings WHERE id = ?) AND grp = 'byline'`).get(id);
    expect(held).toMatchObject({ replica: RB });
    const uuid = (a.archive.db.prepare(`SELECT uuid FROM clippings WHERE id = ?`).get(id) as { uuid: string }).uuid;
    const fromC: SyncOp = { opId: '00000000-0000-7000-8000-0000000000c1', hlc: a.repo.state().hlc + 10_000, replica: '00000000-0000-7000-8000-00000000000c', kind: 'field', object: uuid, key: 'byline', value: { byline: 'By C', base: [1, RA] } };
    expect(pull(a, [fromC]).applied).toBe(1);
    expect((a.archive.db.prepare(`SELECT byline FROM clippings WHERE id = ?`).get(id) as { byline: string }).byline).toBe('By C');
    expect(await conflicts(a)).toEqual([]);
    // The same correction made on both sides offline: nothing lost, nothing kept.
    await a.archive.call('clippings.update', { selection: { ids: [id] }, title: 'Harbour reopens on Monday' });
    later(b, a);
    await b.archive.call('clippings.update', { selection: { ids: [id] }, title: 'Harbour reopens on Monday' });
    const same = push(a);
    pull(a, push(b));
    pull(b, same);
    expect(await conflicts(a)).toEqual([]);
    expect(await conflicts(b)).toEqual([]);
    // An edit of A's own that names no base (a creation replayed, an operation recorded before migration 022) is not taken for one.
    await a.archive.call('clippings.setNote', { id, note: 'mine' });
    pull(a, [{ ...fromC, opId: '00000000-0000-7000-8000-0000000000c2', hlc: a.repo.state().hlc + 10_000, key: 'note', value: { note: 'theirs' } }]);
    expect(await conflicts(a)).toEqual([]);
  });

  it('the trash: a restore overridden by a later delete is kept and restored; two deletes at different times are no conflict', async () => {
    const { a, b, id } = await pair();
    const uuid = (a.archive.db.prepare(`SELECT uuid FROM clippings WHERE id = ?`).get(id) as { uuid: string }).uuid;
    const trashedAt = (r: Replica) => (r.archive.db.prepare(`SELECT deleted_at FROM clippings WHERE id = ?`).get(id) as { deleted_at: string | null }).deleted_at;
    // Both put it in the trash offline, at other times: nothing lost.
    await a.archive.call('clippings.delete', { selection: { ids: [id] } });
    later(b, a);
    b.archive.db.prepare(`UPDATE clippings SET deleted_at = '2026-03-01T11:00:00.000Z' WHERE id = ?`).run(id);
    const aTrash = push(a);
    pull(a, push(b));
    pull(b, aTrash);
    expect(await conflicts(a)).toEqual([]);
    // A takes it out of the trash; a delete made elsewhere without having seen that wins.
    await a.archive.call('trash.restore', { selection: { ids: [id] } });
    push(a);
    const held = a.archive.db.prepare(`SELECT hlc, replica FROM sync_versions WHERE object = ? AND grp = 'trash'`).get(uuid) as { hlc: number; replica: string };
    const base = b.archive.db.prepare(`SELECT hlc, replica FROM sync_versions WHERE object = ? AND grp = 'trash'`).get(uuid) as { hlc: number; replica: string };
    pull(a, [{ opId: '00000000-0000-7000-8000-0000000000d1', hlc: held.hlc + 10_000, replica: RB, kind: 'field', object: uuid, key: 'trash', value: { deleted_at: '2026-03-01T12:00:00.000Z', base: [base.hlc, base.replica] } }]);
    expect(trashedAt(a)).toBe('2026-03-01T12:00:00.000Z');
    expect((await conflicts(a)).map((c) => [c.field, c.yours])).toEqual([['trash', 'not in the trash']]);
    await a.archive.call('team.restoreConflict', { clippingId: id, field: 'trash' });
    expect(trashedAt(a)).toBeNull();
    pull(b, push(a));
    expect(trashedAt(b)).toBeNull();
  });

  it('every field group of a clipping; a text restored re-anchors the highlights; dismissed and purged entries go', async () => {
    const { a, b, id } = await pair();
    await a.archive.call('annotations.create', { id, quote: 'council thanked the crews', note: '' });
    pull(b, push(a));
    await a.archive.call('clippings.update', { selection: { ids: [id] }, byline: 'Ana', outlet: 'Mine', url: 'https://mine.example/a', publishedAt: '2026-02-01', section: 'Local' });
    await a.archive.call('clippings.setNote', { id, note: 'my note' });
    await a.archive.call('clippings.setText', { id, text: MINE });
    later(b, a);
    await b.archive.call('clippings.update', { selection: { ids: [id] }, byline: 'Ben', outlet: 'Theirs', url: 'https://theirs.example/b', publishedAt: '2026-02-02', section: 'Coast' });
    await b.archive.call('clippings.setNote', { id, note: 'their note' });
    await b.archive.call('clippings.setText', { id, text: 'Storm repairs are done.' });
    push(a);
    pull(a, push(b));
    // (As the sync's re-anchoring leaves it on B's text, which lacks the quote.)
    a.archive.db.prepare(`UPDATE annotations SET state = 'orphaned', start = NULL, "end" = NULL`).run();
    const kept = Object.fromEntries((await conflicts(a, id)).map((c) => [c.field, c.yours]));
    expect(kept).toEqual({
      byline: 'Ana',
      outlet: 'Mine',
      url: 'https://mine.example/a',
      dates: '2026-02-01',
      press: 'Local',
      note: 'my note',
      body: MINE,
    });
    // The text back: a normal text edit, the highlight found again in it.
    const detail = (await a.archive.call('team.restoreConflict', { clippingId: id, field: 'body' })) as { text: string; annotations: { quote: string; start: number; state: string }[] };
    expect(detail.text).toBe(MINE);
    expect(detail.annotations.map((x) => [x.quote, x.state, x.start])).toEqual([['council thanked the crews', 'anchored', MINE.indexOf('council')]]);
    pull(b, push(a));
    expect((b.archive.db.prepare(`SELECT sqlar_uncompress(text_z, text_size) AS text FROM clippings WHERE id = ?`).get(id) as { text: string }).text).toBe(MINE);
    // Dismissed: gone, the winner's value stays.
    expect(await a.archive.call('team.dismissConflict', { clippingId: id, field: 'note' })).toEqual({ dismissed: true });
    expect(await a.archive.call('team.dismissConflict', { clippingId: id, field: 'note' })).toEqual({ dismissed: false });
    expect((await conflicts(a, id)).map((c) => c.field).sort()).toEqual(['byline', 'dates', 'outlet', 'press', 'url']);
    await expect(a.archive.call('team.restoreConflict', { clippingId: id, field: 'note' })).rejects.toMatchObject({ code: 'not_found' });
    // Purged: the clipping's entries go with it.
    await a.archive.call('clippings.delete', { selection: { ids: [id] } });
    await a.archive.call('trash.empty', {});
    expect(await conflicts(a)).toEqual([]);
  });
});
