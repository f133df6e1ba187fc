import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { forEachArticle, HARWICK, TRUSS, type LoadedArticle } from '../fixtures/articles.ts';
import { REPO, tempDir } from '../helpers.ts';

const CLI = path.join(REPO, 'dist/cli.mjs');
const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0;
/** The repository's own capture, for the tests that need any article. */
const CAPTURE = HARWICK.capture;

/** How an article's Markdown export opens: the front matter's title, as written. */
const EXPORTS: { article: LoadedArticle; mdTitleStart: string }[] = [
  { article: HARWICK, mdTitleStart: 'Budget of last resort:' },
  { article: TRUSS, mdTitleStart: '‘Strategic mistake’' },
];

function archive() {
  const dir = tempDir();
  const db = path.join(dir, 'cuttings.db');
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, '--db', db, ...args], { encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
  };
  return { dir, run };
}

describe('export.render (browser downloads)', () => {
  it('returns one file, or a zip of several, as bytes', async () => {
    const { Archive } = await import('../../electron/core/archive.ts');
    const a = new Archive(path.join(tempDir(), 'c.db'));
    await a.call('clippings.add', { capture: { name: 't.txt', text: readFileSync(CAPTURE, 'utf8') } });
    await a.call('clippings.add', { capture: { name: 'o.html', text: '<html><head><title>Nato ministers meet</title></head><body><article><h1>Nato ministers meet</h1><p>Foreign ministers of the alliance met in Riga on Tuesday to discuss the security of the Baltic states.</p></article></body></html>' } });
    const one = await a.call('export.render', { selection: { ids: [1] }, format: 'md' });
    expect(one.fileName).toMatch(/\.md$/);
    expect(Buffer.from(one.base64, 'base64').toString('utf8')).toContain(HARWICK.titleWords);
    const many = await a.call('export.render', { selection: { all: true }, format: 'html' });
    expect(many.mediaType).toBe('application/zip');
    expect(Object.keys(unzipSync(Buffer.from(many.base64, 'base64')))).toHaveLength(2);
    a.close();
  });
});

describe('cuttings export', () => {
  it('makes a press-review digest of a search, or a folder with one file per clipping', () => {
    const a = archive();
    a.run('import', CAPTURE, '--tag', 'Russia');
    const other = path.join(a.dir, 'other.html');
    writeFileSync(other, '<html><head><title>Nato ministers meet in Riga</title></head><body><article><h1>Nato ministers meet in Riga</h1><p>Foreign ministers of the alliance met in Riga on Tuesday to discuss Russia and the security of the Baltic states.</p><p>Estonia asked for more troops.</p></article></body></html>');
    a.run('import', other, '--tag', 'Nato');
    const digest = path.join(a.dir, 'review.md');
    const r = a.run('export', '--query', 'Russia', '--format', 'md', '--digest', '--group-by', 'tag', '--title', 'Morning review', '--out', digest);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(digest, 'utf8');
    expect(md).toContain('Morning review');
    expect(md).toContain('Nato ministers meet in Riga');
    expect(md).toContain(HARWICK.titleWords);
    const folder = path.join(a.dir, 'each');
    expect(a.run('export', '--all', '--format', 'html', '--out', folder).code).toBe(0);
    expect(readdirSync(folder).filter((f) => f.endsWith('.html'))).toHaveLength(2);
  });

  it('explains usage mistakes and missing ids', () => {
    const a = archive();
    a.run('import', CAPTURE);
    expect(a.run('export', '1', '--out', path.join(a.dir, 'x')).stderr).toMatch(/--format is required/);
    expect(a.run('export', '--format', 'md', '--out', path.join(a.dir, 'x')).code).toBe(2);
    expect(a.run('export', '1', '--format', 'odt', '--out', path.join(a.dir, 'x')).code).toBe(2);
    expect(a.run('export', '7', '--format', 'md', '--out', path.join(a.dir, 'x')).code).toBe(1);
    expect(a.run('export', '--query', 'nothingmatches', '--format', 'md', '--out', path.join(a.dir, 'x')).stderr).toMatch(/nothing to export/);
    expect(existsSync(path.join(a.dir, 'x'))).toBe(false);
  });
});

describe('cuttings export of an article', () => {
  forEachArticle(EXPORTS, (p) => {
    const { article } = p;

    it('exports the clipping with a highlight and a note in every format', () => {
      const a = archive();
      a.run('import', article.capture, '--tag', 'Russia');
      a.run('annotate', '1', '--quote', article.repeated, '--prefix', article.repeatedPrefix, '--note', 'Lead quote for the minister');
      const out = (ext: string) => path.join(a.dir, `${article.key}.${ext}`);
      for (const f of ['md', 'html', 'pdf', 'docx', 'json', 'csv', 'ris', 'csl']) {
        const r = a.run('export', '1', '--format', f, '--out', out(f), '--json');
        expect(r.code, `${f}: ${r.stderr}`).toBe(0);
        expect(r.json()).toEqual({ format: f, clippings: 1, files: [out(f)] });
      }
      const md = readFileSync(out('md'), 'utf8');
      expect(md.startsWith(`---\ntitle: "${p.mdTitleStart}`)).toBe(true);
      expect(md).toContain('Lead quote for the minister');
      expect(readFileSync(out('html'), 'utf8')).toMatch(new RegExp(`<mark[^>]*>${article.repeated}</mark>`));
      const json = JSON.parse(readFileSync(out('json'), 'utf8'));
      expect(JSON.stringify(json)).toContain('TextQuoteSelector');
      expect(readFileSync(out('ris'), 'utf8')).toMatch(/^TY {2}- NEWS/m);
      expect(readFileSync(out('csv'), 'utf8').split('\r\n')[0]).toMatch(/^id,title,outlet,byline,published,url,tags,annotations,words/);
      const docx = unzipSync(readFileSync(out('docx')));
      expect(strFromU8(docx['word/comments.xml']!)).toContain('Lead quote for the minister');
      if (hasPoppler) {
        const text = execFileSync('pdftotext', [out('pdf'), '-'], { encoding: 'utf8' });
        expect(text).toContain(article.titleWords);
        expect(text).toContain('Lead quote for the minister');
      }
    });
  });
});
