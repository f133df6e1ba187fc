/**
 * A search's close matches need only the instant index's vocabulary (issue 13): a
 * process that holds no index (the CLI) reads the snapshot's vocabulary section alone
 * and never restores the phrase index; a snapshot of the earlier layout (no vocabulary
 * section) still serves, and is saved again in the new layout.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { corrections } from '../../db/instant/corrections.ts';
import { PhraseStore } from '../../db/instant/phrases.ts';
import { decodeSnapshot, readSavedWords } from '../../db/instant/snapshot.ts';
import { InstantIndex } from '../../db/instant/suggest.ts';
import { Archive } from '../../electron/core/archive.ts';
import { REPO, tempDir } from '../helpers.ts';

const NAMES = ['Ingrid Solberg', 'Dmytro Kuleba', 'Halvard Lange', 'Łukasz Wałęsa', 'Zoë Baxter'];

/** An archive of a few clippings whose snapshot instant search saved. */
async function withSnapshot(): Promise<string> {
  const file = path.join(tempDir(), 'c.db');
  const a = new Archive(file);
  for (const [i, name] of NAMES.entries()) {
    const text = `Harbour talks ${i}\n\nMinister ${name} spoke at the harbour on Monday, officials said. Fishermen protested.`;
    await a.call('clippings.add', { capture: { name: `c${i}.txt`, text }, tags: i % 2 ? ['eu'] : [] });
  }
  expect((await a.call('search.suggest', { text: 'solberg', limit: 3 })).suggestions.length).toBeGreaterThan(0);
  a.close();
  return file;
}

const layout = (file: string) => readFileSync(`${file}.instant`).subarray(0, 8).toString('latin1');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('close matches from the snapshot vocabulary', () => {
  it('a search in a process without the index reads the vocabulary alone: the phrase index is neither restored nor built', async () => {
    const file = await withSnapshot();
    const restore = vi.spyOn(PhraseStore.prototype, 'restoreState');
    const build = vi.spyOn(PhraseStore.prototype, 'build');
    const a = new Archive(file);
    for (const [query, id] of [['Solbreg', 1], ['Kulbea', 2], ['Halvrd Lange', 3], ['Walesa -Fishermen', null], ['Baxtre tag:eu', null], ['Baxtre -tag:eu', 5]] as const) {
      const r = await a.call('search.query', { query, limit: 5 });
      expect(r.hits.map((h) => [h.id, h.fuzzy]), query).toEqual(id === null ? [] : [[id, true]]);
    }
    expect(restore).not.toHaveBeenCalled();
    expect(build).not.toHaveBeenCalled();
    a.close();
  });

  it('the vocabulary read alone corrects as the index it was saved from', async () => {
    const file = await withSnapshot();
    const index = new InstantIndex();
    index.restoreState(decodeSnapshot(readFileSync(`${file}.instant`)).state);
    const saved = readSavedWords(`${file}.instant`)!;
    expect(saved).not.toBeNull();
    for (const words of [['solbreg'], ['dmytro', 'kulbea'], ['halvrd', 'lnage'], ['walesa'], ['baxter', 'harbuor'], ['zzzzzz']]) {
      expect(corrections(saved, words, () => true), words.join(' ')).toEqual(corrections(index, words, () => true));
      expect(corrections(saved, words, () => false), words.join(' ')).toEqual(corrections(index, words, () => false));
    }
    expect(corrections(saved, ['solbreg'], () => true)[0]?.[0]).toMatchObject({ display: 'Solberg', d: 1 });
  });

  it('a snapshot of the earlier layout still serves close matches and suggestions, and is saved again in the new layout', async () => {
    const file = await withSnapshot();
    expect(layout(file)).toBe('CUTINST2');
    // The earlier layout: the whole saved object in V8's serialization.
    const { state, watermark, fingerprint } = decodeSnapshot(readFileSync(`${file}.instant`));
    writeFileSync(`${file}.instant`, serialize({ state, watermark, fingerprint }));
    expect(readSavedWords(`${file}.instant`)).toBeNull();

    const build = vi.spyOn(InstantIndex.prototype, 'build');
    const a = new Archive(file);
    const r = await a.call('search.query', { query: 'Solbreg', limit: 5 });
    expect(r.hits.map((h) => [h.id, h.fuzzy])).toEqual([[1, true]]);
    expect(r.didYouMean).toBe('Solberg');
    expect((await a.call('search.suggest', { text: 'kulbea', limit: 3 })).suggestions[0]).toMatchObject({ id: 2, fuzzy: true });
    expect(build).not.toHaveBeenCalled();
    a.close();
    expect(layout(file)).toBe('CUTINST2');

    const restore = vi.spyOn(PhraseStore.prototype, 'restoreState');
    const b = new Archive(file);
    expect((await b.call('search.query', { query: 'Solbreg', limit: 5 })).hits.map((h) => h.id)).toEqual([1]);
    expect(restore).not.toHaveBeenCalled();
    b.close();
  });

  it('the CLI corrects from a snapshot behind the archive as it is: close matches found, the snapshot neither caught up nor written', async () => {
    const file = await withSnapshot();
    // Changed since the snapshot was saved: a new clipping, a renamed one.
    const other = new Archive(file);
    await other.call('clippings.add', { capture: { name: 'late.txt', text: 'Ferry fares rise\n\nMinister Ingrid Solberg confirmed the new fares on Friday.' } });
    await other.call('clippings.update', { selection: { ids: [1] }, title: 'Harbour talks resume' });
    other.close();
    const saved = readFileSync(`${file}.instant`);
    const r = spawnSync(process.execPath, [path.join(REPO, 'dist/cli.mjs'), '--db', file, 'search', 'Solbreg', '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { hits: { id: number; title: string; fuzzy?: boolean }[]; didYouMean?: string };
    // Hits are the archive's own (the new clipping, today's title), found through the saved vocabulary.
    expect(json.hits.map((h) => [h.id, h.fuzzy]).sort()).toEqual([[1, true], [6, true]]);
    expect(json.hits.find((h) => h.id === 1)!.title).toBe('Harbour talks resume');
    expect(json.didYouMean).toBe('Solberg');
    expect(readFileSync(`${file}.instant`).equals(saved)).toBe(true);
  });
});
