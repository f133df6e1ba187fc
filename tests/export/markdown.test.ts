import { Parser, type Node } from 'commonmark';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ClippingDetail } from '../../electron/contract/shapes.ts';
import { exportClippings } from '../../electron/core/export/index.ts';
import { inline } from '../../electron/core/export/markdown.ts';
import { forEachArticle } from '../fixtures/articles.ts';
import { EXPORT_ARTICLES, exportFixtures, hostile, NOTE_INTEGRITY, others } from './fixtures.ts';

const now = new Date('2026-11-26T12:00:00Z');

async function md(clippings: ClippingDetail[], o: Record<string, unknown> = {}): Promise<string> {
  const [file] = await exportClippings(clippings, { format: 'md', now, ...o });
  return String(file?.data);
}

function splitFrontMatter(s: string): { front: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(s);
  if (!m) throw new Error('no front matter');
  return { front: parseYaml(m[1] as string) as Record<string, unknown>, body: s.slice(m[0].length) };
}

/** Concatenated literal text of a CommonMark subtree (soft breaks as newlines). */
function textOf(n: Node): string {
  let s = '';
  const w = n.walker();
  for (let ev = w.next(); ev; ev = w.next()) {
    if (!ev.entering) continue;
    if (ev.node.type === 'text' || ev.node.type === 'code') s += ev.node.literal ?? '';
    else if (ev.node.type === 'softbreak' || ev.node.type === 'linebreak') s += '\n';
  }
  return s;
}

function nodes(doc: Node, type: string): Node[] {
  const out: Node[] = [];
  const w = doc.walker();
  for (let ev = w.next(); ev; ev = w.next()) if (ev.entering && ev.node.type === type) out.push(ev.node);
  return out;
}

describe('Markdown export', () => {
  forEachArticle(EXPORT_ARTICLES, (a) => {
    const F = exportFixtures(a);
    const { expected } = F;
    const { repeated, repeatedPrefix, phrase } = a.article;

    it('has YAML front matter with the metadata (read with a YAML parser)', async () => {
      const { front } = splitFrontMatter(await md([F.reference()]));
      expect(front).toEqual({
        title: expected().title,
        byline: expected().byline,
        outlet: expected().outlet,
        url: null,
        published: expected().published.publishedAt,
        captured: '2026-11-25T10:00:00.000Z',
        tags: ['Russia', 'Ukraine'],
      });
    });

    it('is CommonMark whose paragraphs are the clean text, highlights marked in place, notes as footnotes', async () => {
      const { body } = splitFrontMatter(await md([F.reference()]));
      const doc = new Parser().parse(body);
      const headings = nodes(doc, 'heading');
      expect(headings[0]?.level).toBe(1);
      expect(textOf(headings[0] as Node)).toBe(expected().title);

      // Every body paragraph comes through as a CommonMark paragraph with the same text,
      // once the footnote markers (literal text to a CommonMark reader) are taken out.
      const paraTexts = nodes(doc, 'paragraph').map((p) => textOf(p).replace(/\[\^\d+\]/g, ''));
      for (const p of expected().bodyParagraphs) expect(paraTexts).toContain(p);

      // The second occurrence of the repeated phrase (not the first) is inside <mark class="hl-yellow"> … </mark>, followed by its marker.
      expect(body).toContain(a.firstOccurrence); // first occurrence untouched
      expect(body).toContain(`${repeatedPrefix}<mark class="hl-yellow">${repeated}</mark>[^2]`);
      const inlineHtml = nodes(doc, 'html_inline').map((n) => n.literal);
      expect(inlineHtml).toContain('<mark class="hl-yellow">');
      expect(inlineHtml).toContain('<mark class="hl-pink">');
      // Footnote definitions carry the passage and the note (Markdown kept).
      expect(body).toContain(`[^2]: “${repeated}” — ${a.noteStrategic}`);
      expect(body).toContain(`[^1]: “${phrase}” — ${NOTE_INTEGRITY}`);
      // A CommonMark reader never swallows a definition as a link reference: the notes are visible.
      const all = textOf(doc);
      expect(all).toContain('Key phrase');
      expect(all).toContain('Gone after the update.');
      // Figures with captions and credits.
      for (const f of expected().figures) expect(all).toContain(`${f.caption} (${f.credit})`);
      // The clip note.
      expect(nodes(doc, 'block_quote').map(textOf).join()).toContain('Filed for the Monday briefing.');
    });

    it('a press review: cover, contents grouped by tag linking to each clipping, each clipping once', async () => {
      const out = await md([F.reference(), ...others()], { digest: true, title: 'Weekly review', groupBy: 'tag' });
      const { front, body } = splitFrontMatter(out);
      expect(front).toMatchObject({ title: 'Weekly review', clippings: 3, dates: a.digestDates });
      const doc = new Parser().parse(body);
      const h = nodes(doc, 'heading').map((n) => [n.level, textOf(n)]);
      expect(h.slice(0, 2)).toEqual([
        [1, 'Weekly review'],
        [2, 'Contents'],
      ]);
      const tocGroups = h.filter(([l]) => l === 3).map(([, t]) => t);
      expect(tocGroups.slice(0, 5)).toEqual(['Energy', 'EU', 'Markets', 'Russia', 'Ukraine']);
      expect(out).toContain('The Example Times, Europe, p. 12 · Jane Smith and John Doe · 6 December 2021, 09:30');
      const links = nodes(doc, 'link').map((l) => l.destination);
      expect(links).toEqual(expect.arrayContaining(['#clipping-1', '#clipping-2', '#clipping-3']));
      for (const id of [1, 2, 3]) expect(out.split(`<a id="clipping-${id}"></a>`)).toHaveLength(2);
      // footnote labels are unique across the digest
      const labels = [...out.matchAll(/^\[\^([^\]]+)\]:/gm)].map((m) => m[1]);
      expect(new Set(labels).size).toBe(labels.length);
      expect(labels).toEqual(expect.arrayContaining(['1-1', '1-2', '2-1']));
    });

    it('highlights only: the passages with their notes, not the full text', async () => {
      const out = await md([F.reference(), ...others()], { digest: true, highlightsOnly: true, groupBy: 'outlet' });
      expect(out).toContain(`<mark class="hl-yellow">${repeated}</mark>[^1-2]`);
      expect(out).toContain(`<mark class="hl-green">${a.green}</mark>`);
      expect(out).not.toContain(expected().bodyParagraphs[3]);
      expect(out).toContain('*No highlights.*');
      const toc = new Parser().parse(splitFrontMatter(out).body);
      expect(nodes(toc, 'heading').filter((n) => n.level === 3).map(textOf).slice(0, 3)).toEqual(
        expected().outlet ? ['Daily Ledger', expected().outlet, 'The Example Times'].sort() : ['Daily Ledger', 'The Example Times', 'Unknown outlet'],
      );
    });
  });

  it('escapes clipping data: no live HTML or javascript: link from a hostile clipping', async () => {
    const out = await md([hostile()]);
    const doc = new Parser().parse(splitFrontMatter(out).body);
    const raw = [...nodes(doc, 'html_inline'), ...nodes(doc, 'html_block')].map((n) => n.literal);
    expect(raw.every((r) => /^<\/?mark( class="hl-(yellow|green|blue|pink|purple)")?>$/.test(r ?? ''))).toBe(true);
    expect(nodes(doc, 'link').map((l) => l.destination)).not.toContain('javascript:alert(5)');
    expect(textOf(nodes(doc, 'heading')[0] as Node)).toBe('<script>alert(1)</script>');
    expect(splitFrontMatter(out).front.title).toBe('<script>alert(1)</script>');
  });

  it('property: escaped text reads back as the same text through a CommonMark parser', () => {
    const chars = ['a', 'B', '1', ' ', '.', ')', '*', '_', '`', '[', ']', '(', ')', '<', '>', '&', '#', '-', '+', '=', '!', '\\', '|', '~', ':', 'é', 'amp;', 'http://x.y', '\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 40 }), (parts) => {
        const text = parts
          .join('')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .join('\n');
        fc.pre(text.length > 0);
        const doc = new Parser().parse(inline(text));
        const blocks = nodes(doc, 'paragraph');
        expect(blocks).toHaveLength(1);
        expect(textOf(blocks[0] as Node)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
