/**
 * The "extraction uncertain" flag of a clipping: set when the capture gave no title
 * (the title shown is the body's first words), kept by re-extraction, settled by a
 * title typed by hand, and carried by the list, the detail and the library JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { tempDir } from '../helpers.ts';

const BODY = [
  'The harbour board met on Tuesday evening and agreed to repair the old sea wall before the winter storms arrive, at a cost the council says it can carry.',
  'Work starts next month and should take about six weeks, the board’s chair said after the vote, which passed without opposition.',
  'Residents had complained for years that waves broke over the wall at high tide and flooded the lane behind the fish market.',
];
const untitled = `<html><body><article>${BODY.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
const titled = `<html><head><title>Sea wall to be repaired</title></head><body><article><h1>Sea wall to be repaired</h1>${BODY.map((p) => `<p>${p.replace('harbour', 'port')}</p>`).join('')}</article></body></html>`;

async function archiveWithBoth(): Promise<{ a: Archive; dir: string; untitledId: number; titledId: number }> {
  const dir = tempDir();
  const a = new Archive(path.join(dir, 'c.db'));
  const u = await a.call('clippings.add', { capture: { name: 'untitled.html', text: untitled } });
  const t = await a.call('clippings.add', { capture: { name: 'titled.html', text: titled } });
  return { a, dir, untitledId: u.id!, titledId: t.id! };
}

describe('extraction uncertain', () => {
  it('is set when the capture gives no title, and shown in the detail and the list', async () => {
    const { a, untitledId, titledId } = await archiveWithBoth();
    const u = await a.call('clippings.get', { id: untitledId });
    expect(u.title.startsWith('The harbour board met on Tuesday')).toBe(true);
    expect(u.extractionUncertain).toBe(true);
    expect((await a.call('clippings.get', { id: titledId })).extractionUncertain).toBe(false);
    const items = (await a.call('clippings.list', {})).items;
    expect(Object.fromEntries(items.map((i) => [i.id, i.extractionUncertain]))).toEqual({ [untitledId]: true, [titledId]: false });
    a.close();
  });

  it('gives the stand-in title whole words: cut at a word boundary with an ellipsis, never mid-word', async () => {
    const { a, untitledId } = await archiveWithBoth();
    const { title } = await a.call('clippings.get', { id: untitledId });
    expect(title.endsWith('…')).toBe(true);
    const kept = title.slice(0, -1);
    expect(BODY[0]!.startsWith(kept)).toBe(true);
    expect(BODY[0]![kept.length]).toBe(' ');
    a.close();
  });

  it('is kept by re-extraction, and settled for good by a title typed by hand', async () => {
    const { a, untitledId } = await archiveWithBoth();
    const again = await a.call('clippings.reextract', { ids: [untitledId] });
    expect(again.results[0]!.changed).toEqual([]);
    expect((await a.call('clippings.get', { id: untitledId })).extractionUncertain).toBe(true);
    await a.call('clippings.update', { selection: { ids: [untitledId] }, title: 'Harbour wall repair approved' });
    const edited = await a.call('clippings.get', { id: untitledId });
    expect(edited).toMatchObject({ title: 'Harbour wall repair approved', extractionUncertain: false });
    expect(edited.editedFields).toContain('title');
    await a.call('clippings.reextract', { ids: [untitledId] });
    expect(await a.call('clippings.get', { id: untitledId })).toMatchObject({ title: 'Harbour wall repair approved', extractionUncertain: false });
    a.close();
  });

  it('travels through the library JSON, and an older library without it loads as not uncertain', async () => {
    const { a, dir, untitledId, titledId } = await archiveWithBoth();
    const out = path.join(dir, 'library.json');
    await a.call('export.write', { selection: { all: true }, format: 'json', out });
    a.close();
    const b = new Archive(path.join(dir, 'b.db'));
    await b.call('archive.importLibrary', { file: out });
    expect((await b.call('clippings.get', { id: untitledId })).extractionUncertain).toBe(true);
    expect((await b.call('clippings.get', { id: titledId })).extractionUncertain).toBe(false);
    b.close();

    const lib = JSON.parse(readFileSync(out, 'utf8')) as { clippings: Record<string, unknown>[] };
    for (const c of lib.clippings) delete c.extractionUncertain;
    const older = path.join(dir, 'older.json');
    (await import('node:fs')).writeFileSync(older, JSON.stringify(lib));
    const c = new Archive(path.join(dir, 'c2.db'));
    await c.call('archive.importLibrary', { file: older });
    expect((await c.call('clippings.get', { id: untitledId })).extractionUncertain).toBe(false);
    c.close();
  });
});
