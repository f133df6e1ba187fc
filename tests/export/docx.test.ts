import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { exportClippings } from '../../electron/core/export/index.ts';
import { forEachArticle } from '../fixtures/articles.ts';
import { EXPORT_ARTICLES, exportFixtures, hostile, NOTE_INTEGRITY, OWN, others } from './fixtures.ts';

const reference = OWN.reference;

const now = new Date('2026-11-26T12:00:00Z');
const LIBREOFFICE = ['libreoffice', 'soffice'].find((b) => spawnSync(b, ['--version']).status === 0);

type El = Element;

async function docx(clippings = [reference()], o: Record<string, unknown> = {}): Promise<Record<string, string>> {
  const [file] = await exportClippings(clippings, { format: 'docx', now, ...o });
  const zip = unzipSync(new Uint8Array(file?.data as Buffer));
  return Object.fromEntries(Object.entries(zip).filter(([n]) => /\.(xml|rels)$/.test(n)).map(([n, b]) => [n, strFromU8(b)]));
}

function xml(s: string): Document {
  const doc = new DOMParser().parseFromString(s, 'text/xml') as unknown as Document;
  expect(doc.documentElement).toBeTruthy();
  return doc;
}

const all = (root: Document | El, tag: string): El[] => [...root.getElementsByTagName(tag)] as El[];

/** The document body in order, flattened to the elements that matter for anchoring. */
function sequence(doc: Document): Array<{ kind: 'start' | 'end' | 'run' | 'para'; id?: string; text?: string; highlight?: string | null }> {
  const out: ReturnType<typeof sequence> = [];
  const walk = (el: El): void => {
    for (const child of [...el.children] as El[]) {
      const tag = child.tagName;
      if (tag === 'w:p') {
        out.push({ kind: 'para' });
        walk(child);
      } else if (tag === 'w:commentRangeStart') out.push({ kind: 'start', id: child.getAttribute('w:id') ?? '' });
      else if (tag === 'w:commentRangeEnd') out.push({ kind: 'end', id: child.getAttribute('w:id') ?? '' });
      else if (tag === 'w:r') {
        const text = all(child, 'w:t').map((t) => t.textContent).join('');
        const hl = all(child, 'w:highlight')[0]?.getAttribute('w:val') ?? null;
        if (text) out.push({ kind: 'run', text, highlight: hl });
      } else walk(child);
    }
  };
  walk(all(doc, 'w:body')[0] as El);
  return out;
}

describe('DOCX export', () => {
  it('is a valid WordprocessingML package with a comments part', async () => {
    const parts = await docx();
    for (const p of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/comments.xml', 'word/_rels/document.xml.rels', 'word/styles.xml']) expect(parts).toHaveProperty([p]);
    for (const [name, s] of Object.entries(parts)) {
      const doc = xml(s);
      if (name === 'word/document.xml') expect(doc.documentElement.tagName).toBe('w:document');
    }
    expect(parts['[Content_Types].xml']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml');
    expect(parts['word/_rels/document.xml.rels']).toContain('relationships/comments');
  });

  forEachArticle(EXPORT_ARTICLES, (a) => {
    const F = exportFixtures(a);
    const { repeated, repeatedPrefix, phrase } = a.article;

    it('anchors each note as a comment around exactly its highlighted words, in Word highlight colours', async () => {
      const parts = await docx([F.reference()]);
      const doc = xml(parts['word/document.xml'] as string);
      const comments = xml(parts['word/comments.xml'] as string);
      const byId = new Map(all(comments, 'w:comment').map((c) => [c.getAttribute('w:id'), all(c, 'w:t').map((t) => t.textContent).join('')]));
      const seq = sequence(doc);
      /** The runs between a comment's range start and end. */
      const covered = (id: string): Array<{ text?: string; highlight?: string | null }> => {
        const s = seq.findIndex((x) => x.kind === 'start' && x.id === id);
        const e = seq.findIndex((x) => x.kind === 'end' && x.id === id);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(e).toBeGreaterThan(s);
        return seq.slice(s + 1, e).filter((x) => x.kind === 'run');
      };
      const idOf = (note: string): string => [...byId].find(([, t]) => t.includes(note))?.[0] as string;

      const strategic = idOf(a.noteStrategicStart);
      expect(covered(strategic)).toEqual([{ kind: 'run', text: repeated, highlight: 'yellow' }]);
      // it is the second occurrence: the run before it ends with the prefix ("would be a ")
      const at = seq.findIndex((x) => x.kind === 'start' && x.id === strategic);
      expect(seq.slice(0, at).reverse().find((x) => x.kind === 'run')?.text?.endsWith(repeatedPrefix)).toBe(true);

      // Overlap: the pink phrase inside the green passage, its comment around it only.
      const integrity = idOf(NOTE_INTEGRITY);
      expect(covered(integrity)).toEqual([{ kind: 'run', text: phrase, highlight: 'magenta' }]);
      const runs = seq.filter((x) => x.kind === 'run');
      const i = runs.findIndex((r) => r.text === phrase);
      expect(runs.slice(i - 1, i + 2).map((r) => [r.text, r.highlight])).toEqual([
        [a.runs[1]![0], 'green'],
        [phrase, 'magenta'],
        [a.runs[3]![0], 'green'],
      ]);
      // The orphaned highlight's note is a comment too, on its quoted passage (Violet).
      expect(covered(idOf('Gone after the update.'))).toEqual([{ kind: 'run', text: 'a sentence the outlet later removed', highlight: 'darkMagenta' }]);
      // Every comment range has a reference and every highlight value is in Word's palette.
      expect(all(doc, 'w:commentReference')).toHaveLength(byId.size);
      for (const h of all(doc, 'w:highlight')) expect(['yellow', 'green', 'cyan', 'magenta', 'darkMagenta']).toContain(h.getAttribute('w:val'));
    });

    it('has a title heading, the paragraphs, figure captions and page numbers', async () => {
      const parts = await docx([F.reference()]);
      const doc = xml(parts['word/document.xml'] as string);
      const paras = all(doc, 'w:p').map((p) => ({ style: all(p, 'w:pStyle')[0]?.getAttribute('w:val') ?? null, text: all(p, 'w:t').map((t) => t.textContent).join('') }));
      expect(paras[0]).toEqual({ style: 'Title', text: F.expected().title });
      expect(paras.filter((p) => p.style === 'BodyText').map((p) => p.text)).toEqual(F.reference().paragraphs);
      expect(paras.filter((p) => p.style === 'Caption').map((p) => p.text)).toEqual(a.docxCaptions);
      const footer = Object.entries(parts).find(([n]) => /^word\/footer\d*\.xml$/.test(n))?.[1] ?? '';
      expect(footer).toMatch(/PAGE/);
    });

    it('a press review: cover, contents linking to bookmarks, highlights-only passages with comments', async () => {
      const parts = await docx([F.reference(), ...others()], { digest: true, highlightsOnly: true, groupBy: 'day', title: 'Weekly review' });
      const doc = xml(parts['word/document.xml'] as string);
      const text = all(doc, 'w:p').map((p) => all(p, 'w:t').map((t) => t.textContent).join(''));
      expect(text).toEqual(expect.arrayContaining(['Weekly review', a.digestDates, '3 clippings', 'Contents (by day)']));
      expect(text).toEqual(expect.arrayContaining(a.digestDays));
      const anchors = all(doc, 'w:hyperlink').map((h) => h.getAttribute('w:anchor')).filter(Boolean);
      const bookmarks = all(doc, 'w:bookmarkStart').map((b) => b.getAttribute('w:name'));
      expect(anchors.sort()).toEqual(['clipping_1', 'clipping_2', 'clipping_3']);
      expect(bookmarks.sort()).toEqual(['clipping_1', 'clipping_2', 'clipping_3']);
      // highlights only: the full text is not there, the passages are
      expect(text.join('\n')).not.toContain(F.expected().bodyParagraphs[3]!.slice(0, 30));
      expect(text).toContain(a.green);
      expect(all(xml(parts['word/comments.xml'] as string), 'w:comment').length).toBe(4);
    });
  });

  it('a hostile clipping is inert text: no HTML, no javascript: hyperlink', async () => {
    const parts = await docx([hostile()]);
    // As XML: no element from HTML, no attribute anywhere holding a javascript: URL or the payloads.
    for (const [name, s] of Object.entries(parts)) {
      expect(/<(script|img|iframe|svg|a|b|i)[\s>]/i.test(s), name).toBe(false);
      const elements = [...xml(s).querySelectorAll('*')] as El[];
      expect(elements.length).toBeGreaterThan(0);
      const bad = elements.flatMap((el) => [...el.attributes].filter((a) => /javascript:|alert\(/i.test(a.value)).map((a) => `${el.tagName}@${a.name}`));
      expect(bad, name).toEqual([]);
    }
    const doc = xml(parts['word/document.xml'] as string);
    expect(all(doc, 'w:t').map((t) => t.textContent)).toContain('<script>alert(1)</script>');
    const rels = xml(parts['word/_rels/document.xml.rels'] as string);
    for (const r of all(rels, 'Relationship').filter((x) => x.getAttribute('TargetMode') === 'External')) expect(r.getAttribute('Target')).toMatch(/^https?:/);
  });

  it.skipIf(!LIBREOFFICE)('LibreOffice converts it to PDF', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-docx-'));
    try {
      const [file] = await exportClippings([reference(), ...others()], { format: 'docx', now, digest: true });
      writeFileSync(path.join(dir, 'review.docx'), file?.data as Buffer);
      const r = spawnSync(LIBREOFFICE as string, ['--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'review.docx')], { timeout: 120_000, env: { ...process.env, HOME: dir } });
      expect(r.status).toBe(0);
      expect(readdirSync(dir)).toContain('review.pdf');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
