import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { REFERENCE_CAPTURE, REPO, tempDir } from '../helpers.ts';

const reference = readFileSync(REFERENCE_CAPTURE, 'utf8');
const CLI = path.join(REPO, 'dist/cli.mjs');

const page = (title: string, body: string) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${body.split('\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

async function archive(file = path.join(tempDir(), 'c.db')): Promise<Archive> {
  const a = new Archive(file);
  await a.call('clippings.add', { capture: { name: 'truss.txt', text: reference }, tags: ['Russia'] });
  return a;
}

describe('instant search and close matches', () => {
  it('"Dmytro Kuleba" finds the clipping that misspells him, as a close match with did-you-mean', async () => {
    const a = await archive();
    const r = await a.call('search.query', { query: 'Dmytro Kuleba' });
    expect(r.hits.map((h) => [h.id, h.fuzzy])).toEqual([[1, true]]);
    expect(r.didYouMean).toBe('Dymtro Kuleba');
    const [s, e] = r.hits[0]!.matches[0]!;
    expect((await a.call('clippings.get', { id: 1 })).text.slice(s, e)).toBe('Dymtro Kuleba');
    expect(r.hits[0]!.snippet).toContain('<mark>Dymtro Kuleba</mark>');
    a.close();
  });

  it('ranks exact matches first, then close ones', async () => {
    const a = await archive();
    await a.call('clippings.add', { capture: { name: 'k.html', text: page('Dmytro Kuleba visits Berlin', 'Ukraine\'s foreign minister Dmytro Kuleba met his German counterpart in Berlin on Monday to discuss support.\nThe talks lasted two hours, officials said.') } });
    const r = await a.call('search.query', { query: 'Dmytro Kuleba' });
    expect(r.hits.map((h) => [h.id, h.fuzzy ?? false])).toEqual([[2, false], [1, true]]);
    expect(r.didYouMean).toBeUndefined();
    a.close();
  });

  it('close matches still respect the query\'s exclusions and filters', async () => {
    const a = await archive();
    expect((await a.call('search.query', { query: 'Dmytro Kuleba -Estonia' })).hits).toEqual([]);
    expect((await a.call('search.query', { query: 'Dmytro Kuleba tag:Russia' })).hits.map((h) => h.id)).toEqual([1]);
    expect((await a.call('search.query', { query: 'Dmytro Kuleba tag:Sport' })).hits).toEqual([]);
    expect((await a.call('search.query', { query: 'Dmytro Kuleba before:2020' })).hits).toEqual([]);
    a.close();
  });

  it('suggests as you type and follows changes, including from another process', async () => {
    const file = path.join(tempDir(), 'c.db');
    const a = await archive(file);
    const s = await a.call('search.suggest', { text: 'Kul' });
    expect(s.suggestions[0]).toMatchObject({ id: 1, field: 'name', matched: 'Dymtro Kuleba', fuzzy: false });
    expect(s.tookMs).toBeGreaterThanOrEqual(0);
    expect((await a.call('search.suggest', { text: 'Russia' })).suggestions.map((x) => x.field)).toContain('tag');
    await a.call('tags.add', { id: 1, tags: ['Diplomacy'] });
    expect((await a.call('search.suggest', { text: 'Diplo' })).suggestions.map((x) => x.matched)).toContain('Diplomacy');
    // another process (the CLI) adds a clipping while this archive is open
    const other = path.join(tempDir(), 'zelensky.html');
    writeFileSync(other, page('Zelensky addresses parliament', 'President Volodymyr Zelensky addressed the parliament in Kyiv on Tuesday about the winter.\nHe thanked allies for their support.'));
    const r = spawnSync(process.execPath, [CLI, '--db', file, 'import', other], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect((await a.call('search.suggest', { text: 'Zelen' })).suggestions.map((x) => x.id)).toEqual([2]);
    await a.call('clippings.delete', { id: 2 });
    expect((await a.call('search.suggest', { text: 'Zelen' })).suggestions).toEqual([]);
    a.close();
  });

  it('cuttings suggest --json gives tookMs and suggestions with id, title, field, matched', () => {
    const file = path.join(tempDir(), 'c.db');
    spawnSync(process.execPath, [CLI, '--db', file, 'import', REFERENCE_CAPTURE]);
    const r = spawnSync(process.execPath, [CLI, '--db', file, 'suggest', 'Dmytro Kuleba', '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(typeof json.tookMs).toBe('number');
    expect(json.suggestions[0]).toMatchObject({ id: 1, title: expect.stringContaining('Strategic mistake'), field: 'name', matched: 'Dymtro Kuleba', fuzzy: true });
    expect(json.didYouMean).toBe('Dymtro Kuleba');
    const search = spawnSync(process.execPath, [CLI, '--db', file, 'search', 'Dmytro Kuleba', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(search.stdout).hits[0]).toMatchObject({ id: 1, fuzzy: true });
  });
});
