import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachArticle, HARWICK } from '../fixtures/articles.ts';
import { REPO, tempDir } from '../helpers.ts';

const CLI = path.join(REPO, 'dist/cli.mjs');

function archive() {
  const dir = tempDir();
  const db = path.join(dir, 'cuttings.db');
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, '--db', db, ...args], { encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
  };
  return { dir, run };
}

/** The repository's own capture, for the tests that need any article. */
const CAPTURE = HARWICK.capture;

describe('cuttings CLI: annotations and organising', () => {
  it('stars, marks read, edits metadata and text, tags by search, renames and merges tags', () => {
    const a = archive();
    a.run('import', CAPTURE);
    expect(a.run('star', '1').code).toBe(0);
    expect(a.run('read', '1').code).toBe(0);
    expect(a.run('show', '1', '--json').json()).toMatchObject({ starred: true, read: true });
    a.run('unstar', '1');
    a.run('unread', '1');
    expect(a.run('show', '1', '--json').json()).toMatchObject({ starred: false, read: false });

    const e = a.run('edit', '1', '--outlet', 'Evening Standard', '--date', '2021-12-08', '--type', 'agency', '--tone', 'negative', '--section', 'World', '--page', '12', '--json');
    expect(e.code, e.stderr).toBe(0);
    expect(e.json()).toMatchObject({ outlet: 'Evening Standard', publishedAt: '2021-12-08', mediaType: 'agency', tone: 'negative', section: 'World', page: '12' });
    expect(a.run('edit', '1').code).toBe(2);
    const badTone = a.run('edit', '1', '--tone', 'furious');
    expect(badTone.code).toBe(2);
    expect(badTone.stderr).toMatch(/tone/);
    expect(a.run('edit', '1', '--date', 'someday').stderr).toMatch(/is not a date/);

    const file = path.join(a.dir, 'fixed.txt');
    const text = a.run('show', '1', '--json').json().text as string;
    writeFileSync(file, text.replace(HARWICK.misspelt, HARWICK.corrected));
    const et = a.run('edit-text', '1', file);
    expect(et.code, et.stderr).toBe(0);
    expect(a.run('show', '1', '--json').json().text).toContain(HARWICK.corrected);
    expect(a.run('edit-text', '1', path.join(a.dir, 'missing.txt')).stderr).toMatch(/no such file/);

    expect(a.run('tag', '--query', HARWICK.surname, 'Ukraine', 'Diplomacy').stdout).toMatch(/2 tags added on 1 clipping/);
    expect(a.run('tag-rename', 'diplomacy', 'Foreign policy').code).toBe(0);
    expect(a.run('tag-merge', 'Ukraine', 'Foreign policy').code).toBe(0);
    expect(a.run('tags', '--json').json()).toEqual([{ name: 'Foreign policy', count: 1, color: null }]);
    expect(a.run('tag-merge', 'Nope', 'Foreign policy').code).toBe(1);
    expect(a.run('untag', '--query', HARWICK.surname, 'foreign policy').stdout).toMatch(/1 tag removed on 1 clipping/);
  });

  it('delete goes to the trash; restore brings it back; empty-trash deletes for good', () => {
    const a = archive();
    a.run('import', CAPTURE);
    expect(a.run('delete', '1').stdout).toMatch(/moved to the trash \(undo: cuttings restore 1\)/);
    expect(a.run('list', '--json').json().total).toBe(0);
    expect(a.run('trash', '--json').json()).toEqual([expect.objectContaining({ id: 1 })]);
    expect(a.run('tag', '1', 'x').stderr).toMatch(/in the trash/);
    expect(a.run('import', CAPTURE).stdout).toMatch(/in the trash: cuttings restore 1/);
    expect(a.run('restore', '1').code).toBe(0);
    expect(a.run('search', HARWICK.surname, '--json').json().total).toBe(1);
    a.run('delete', '1');
    expect(a.run('empty-trash').stdout).toMatch(/1 clipping deleted for good/);
    expect(a.run('show', '1').code).toBe(1);
    expect(a.run('restore', '1').code).toBe(1);
  });

  it('edit, delete, star and restore take several ids, --query or --all', () => {
    const a = archive();
    const dir = tempDir();
    for (let i = 1; i <= 4; i++) writeFileSync(path.join(dir, `p${i}.txt`), `Story ${i}\n\n${i % 2 ? 'harbour' : 'ferry'} news number ${i} from the council meeting on roads.`);
    expect(a.run('import', dir).code).toBe(0);
    expect(a.run('edit', '--query', 'harbour', '--outlet', 'The Gazette').stdout).toMatch(/2 clippings updated/);
    expect(a.run('search', 'outlet:gazette', '--json').json().total).toBe(2);
    expect(a.run('edit', '1', '2', '--tone', 'positive', '--json').json()).toMatchObject({ clippings: 2 });
    expect(a.run('edit', '--all', '1', '--tone', 'positive').code).toBe(2);
    expect(a.run('star', '--all').stdout).toMatch(/4 clippings updated/);
    expect(a.run('delete', '--query', 'ferry').stdout).toMatch(/2 clippings moved to the trash/);
    expect(a.run('delete', '1', '3').stdout).toMatch(/2 clippings moved to the trash \(undo: cuttings restore 1 3\)/);
    expect(a.run('restore', '2', '4').stdout).toMatch(/2 clippings restored/);
    expect(a.run('restore', '--all').stdout).toMatch(/2 clippings restored/);
    expect(a.run('list', '--json').json().total).toBe(4);
  });

  it('reextract needs ids or --all', () => {
    const a = archive();
    expect(a.run('reextract').code).toBe(2);
    a.run('import', CAPTURE);
    const all = a.run('reextract', '--all', '--json');
    expect(all.code).toBe(0);
    expect(all.json()).toEqual([{ id: 1, changed: [], annotations: { anchored: 0, orphaned: 0 } }]);
    expect(readFileSync(CAPTURE, 'utf8').length).toBeGreaterThan(0);
  });
});

describe('cuttings CLI: annotating an article', () => {
  describeEachArticle((article) => {
    const { repeated, repeatedPrefix } = article;

    it(`annotates the second "${repeated}", keeps it through re-extraction, and refuses the ambiguous quote`, () => {
      const a = archive();
      a.run('import', article.capture);
      const ambiguous = a.run('annotate', '1', '--quote', repeated);
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.stderr).toMatch(/matches 2 places/);

      const made = a.run('annotate', '1', '--quote', repeated, '--prefix', repeatedPrefix, '--note', 'Use in the briefing', '--color', 'green', '--json');
      expect(made.code, made.stderr).toBe(0);
      const ann = made.json();
      expect(ann).toMatchObject({ id: 1, clippingId: 1, quote: repeated, color: 'green', note: 'Use in the briefing', state: 'anchored' });
      expect(ann.prefix.endsWith(repeatedPrefix)).toBe(true);
      for (const k of ['suffix', 'start', 'end']) expect(ann).toHaveProperty(k);

      const re = a.run('reextract', '1', '--json');
      expect(re.code, re.stderr).toBe(0);
      expect(re.json()[0]).toMatchObject({ id: 1, annotations: { anchored: 1, orphaned: 0 } });
      const shown = a.run('show', '1', '--json').json();
      expect(shown.annotations).toEqual([expect.objectContaining({ id: 1, quote: repeated, start: ann.start, end: ann.end, state: 'anchored', note: 'Use in the briefing' })]);
      expect(shown.text.slice(ann.start, ann.end)).toBe(repeated);

      expect(a.run('annotations', '1', '--json').json()).toHaveLength(1);
      expect(a.run('annotation-edit', '1', '--note', 'Lead quote', '--color', 'pink').code).toBe(0);
      expect(a.run('annotations', '1', '--json').json()[0]).toMatchObject({ note: 'Lead quote', color: 'pink' });
      expect(a.run('search', 'lead quote', '--json').json().total).toBe(1);
      expect(a.run('annotation-edit', '1').code).toBe(2);
      expect(a.run('annotation-delete', '1').code).toBe(0);
      expect(a.run('annotation-delete', '1').code).toBe(1);
      expect(a.run('annotations', '1', '--json').json()).toEqual([]);
    });
  });
});
