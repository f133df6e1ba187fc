/**
 * The instant index catching up with a saved snapshot: by the archive's change marks
 * (clipping_rank_changes, which only grow), never by `updated_at`. A generated or
 * imported archive stamps every clipping with one time; catching up by that timestamp
 * re-read every clipping and rebuilt the whole index (93 s for the first misspelt CLI
 * search on a 100k archive, issue 13).
 */
import path from 'node:path';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import { decodeSnapshot } from '../../db/instant/snapshot.ts';
import { InstantSync } from '../../db/instant/sync.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { TagRepo } from '../../db/tags.ts';
import { NOW, tempDir } from '../helpers.ts';

const SIZE = 1200; // past the 1,000 clippings below which a catch-up never rebuilds

function clipping(i: number, title = `Harbour council report ${i}`): NewClipping {
  const text = `Councillor Ingrid Solberg${i} spoke at the harbour on Monday, officials said.`;
  return {
    captureId: null, title, text, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null,
    modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, html: null, figures: [], leadImage: null,
    wordCount: text.split(/\s+/).length, contentHash: `hash-${i}`,
  };
}

/** An archive whose clippings all share one `updated_at` (NOW), and its snapshot. */
function generated(): { file: string; db: Db; saved: Buffer } {
  const file = path.join(tempDir(), 'generated.db');
  const db = openDatabase(file);
  const repo = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 1; i <= SIZE; i++) repo.insert(clipping(i), NOW);
  })();
  const sync = new InstantSync(db);
  sync.rebuild();
  return { file, db, saved: sync.save() };
}

describe('instant index: catching up with a snapshot', () => {
  it('re-reads only what changed since the snapshot, though every clipping shares one updated_at', () => {
    const { file, db, saved } = generated();
    // Another process (same fixed clock) tags one clipping and adds one.
    const other = openDatabase(file);
    new TagRepo(other).addToClipping(7, ['Walruses'], NOW);
    const added = new ClippingRepo(other).insert(clipping(SIZE + 1, 'Zeppelin hangar reopens'), NOW);
    other.close();

    const sync = new InstantSync(db);
    const r = sync.open(saved);
    expect(r.mode).toBe('incremental');
    expect(r.updated).toBeLessThanOrEqual(2);
    expect(sync.suggest('walrus').suggestions.map((s) => [s.id, s.field])).toEqual([[7, 'tag']]);
    expect(sync.suggest('zeppelin').suggestions.map((s) => s.id)).toEqual([added]);
    db.close();
  });

  it('sees an edit by another process stamped with the very time of the snapshot', () => {
    const { file, db, saved } = generated();
    const sync = new InstantSync(db);
    expect(sync.open(saved).mode).toBe('none');

    const other = openDatabase(file);
    new ClippingRepo(other).update(12, { title: 'Quarantined walrus colony' }, NOW);
    other.close();

    const r = sync.refresh();
    expect(r).toMatchObject({ mode: 'incremental', updated: 1 });
    expect(sync.suggest('quarantined walrus').suggestions.map((s) => s.id)).toEqual([12]);
    db.close();
  });

  it('a snapshot saved before change marks were kept takes up the marks when it is opened unchanged', () => {
    const { file, db, saved } = generated();
    const old = decodeSnapshot(saved) as { fingerprint: Record<string, unknown> };
    delete old.fingerprint.mark;
    delete old.fingerprint.oldest;
    const sync = new InstantSync(db);
    // Nothing changed: nothing re-read, but worth saving again (with the mark).
    expect(sync.open(serialize(old))).toEqual({ mode: 'incremental', updated: 0, removed: 0 });

    const other = openDatabase(file);
    const added = new ClippingRepo(other).insert(clipping(SIZE + 1, 'Zeppelin hangar reopens'), NOW);
    other.close();
    expect(sync.refresh()).toMatchObject({ mode: 'incremental', updated: 1 });
    expect(sync.suggest('zeppelin').suggestions.map((s) => s.id)).toEqual([added]);
    db.close();
  });
});
