/** clippings.update, clippings.delete, clippings.setFlags and trash.restore on selections (ids, a query, all). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { ftsIntegrity, tempDir } from '../helpers.ts';

const page = (title: string, body: string) => `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p></article></body></html>`;

async function archiveOf(n: number, word = 'harbour'): Promise<Archive> {
  const a = new Archive(path.join(tempDir(), 'c.db'));
  for (let i = 1; i <= n; i++) {
    const body = `${i % 2 ? word : 'ferry'} story number ${i} about the council and its long debate on spending, roads and libraries over the winter.`;
    await a.call('clippings.add', { capture: { name: `p${i}.html`, text: page(`Story ${i}`, body) } });
  }
  return a;
}

describe('selections', () => {
  it('sets the outlet of every match of a query at once, marks it edited and reports the values it replaced', async () => {
    const a = await archiveOf(80);
    const r = await a.call('clippings.update', { selection: { query: 'harbour' }, outlet: 'The Gazette', mediaType: 'print' });
    expect(r.clippings).toBe(40);
    expect(r.before).toHaveLength(40);
    expect(r.before[0]).toMatchObject({ outlet: null, mediaType: null });
    const odd = await a.call('clippings.get', { id: 1 });
    expect(odd).toMatchObject({ outlet: 'The Gazette', mediaType: 'print' });
    expect(odd.editedFields).toEqual(expect.arrayContaining(['outlet', 'mediaType']));
    expect((await a.call('clippings.get', { id: 2 })).outlet).toBeNull();
    expect((await a.call('search.query', { query: 'outlet:"The Gazette"' })).total).toBe(40);
    ftsIntegrity(a.db);
    a.close();
  });

  it('checks every value before changing anything, and refuses an edit with nothing to change', async () => {
    const a = await archiveOf(4);
    await expect(a.call('clippings.update', { selection: { all: true }, outlet: 'X', publishedAt: 'soonish' })).rejects.toThrow(/is not a date/);
    await expect(a.call('clippings.update', { selection: { ids: [1, 99] }, outlet: 'X' })).rejects.toThrow(/no clipping with id 99/);
    await expect(a.call('clippings.update', { selection: { all: true } })).rejects.toThrow(/nothing to change/);
    expect((await a.call('clippings.list', {})).items.map((c) => c.outlet)).toEqual([null, null, null, null]);
    a.close();
  });

  it('stars and deletes by query, restores by ids and all; the trash cannot be searched', async () => {
    const a = await archiveOf(6);
    expect(await a.call('clippings.setFlags', { selection: { query: 'ferry' }, starred: true })).toEqual({ changed: 3 });
    expect((await a.call('search.query', { query: 'is:starred' })).total).toBe(3);
    expect(await a.call('clippings.delete', { selection: { query: 'harbour' } })).toEqual({ trashed: 3, ids: [1, 3, 5] });
    expect((await a.call('trash.list', {})).map((c) => c.id).sort()).toEqual([1, 3, 5]);
    await expect(a.call('trash.restore', { selection: { query: 'harbour' } })).rejects.toThrow(/cannot be searched/);
    await expect(a.call('trash.restore', { selection: { ids: [1, 2] } })).rejects.toThrow(/clipping 2 is not in the trash/);
    expect(await a.call('trash.list', {})).toHaveLength(3); // nothing restored by the failed call
    expect(await a.call('trash.restore', { selection: { ids: [3] } })).toEqual({ restored: 1, ids: [3] });
    expect((await a.call('trash.restore', { selection: { all: true } })).restored).toBe(2);
    expect((await a.call('clippings.list', {})).total).toBe(6);
    expect((await a.call('search.query', { query: 'harbour' })).total).toBe(3);
    ftsIntegrity(a.db);
    a.close();
  });
});
