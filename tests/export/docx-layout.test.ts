import { strFromU8, unzipSync } from 'fflate';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { exportClippings } from '../../electron/core/export/index.ts';
import { OWN, others } from './fixtures.ts';

const now = new Date('2026-12-06T12:00:00Z');

async function parts(): Promise<{ document: Document; styles: Document }> {
  const [file] = await exportClippings([OWN.reference(), ...others()], { format: 'docx', now, digest: true, title: 'Weekly review of energy, markets and European politics for the board' });
  const zip = unzipSync(new Uint8Array(file?.data as Buffer));
  const xml = (n: string): Document => new DOMParser().parseFromString(strFromU8(zip[n] as Uint8Array), 'text/xml') as unknown as Document;
  return { document: xml('word/document.xml'), styles: xml('word/styles.xml') };
}
const all = (root: Document | Element, tag: string): Element[] => [...root.getElementsByTagName(tag)] as Element[];
const twips = (el: Element | undefined, attr: string): number => Number(el?.getAttribute(attr) ?? 0);

describe('DOCX layout (what LibreOffice and Word lay out alike)', () => {
  it('never leaves a line height without its rule, and headings get their own proportional spacing', async () => {
    const { document, styles } = await parts();
    // w:line without w:lineRule is read as an exact height by some readers: a 24 pt
    // two-line title then overlaps itself. Every line height says auto or atLeast.
    for (const s of [...all(styles, 'w:spacing'), ...all(document, 'w:spacing')].filter((x) => x.hasAttribute('w:line'))) {
      expect(['auto', 'atLeast']).toContain(s.getAttribute('w:lineRule'));
    }
    for (const id of ['Title', 'Heading1', 'Heading2', 'Heading3']) {
      const style = all(styles, 'w:style').find((s) => s.getAttribute('w:styleId') === id) as Element;
      const spacing = all(style, 'w:spacing')[0];
      expect(spacing?.getAttribute('w:lineRule'), id).toBe('auto');
      expect(twips(spacing, 'w:line'), id).toBeGreaterThanOrEqual(240);
    }
  });

  it('keeps the "PRESS REVIEW" kicker clear of the title below it', async () => {
    const { document, styles } = await parts();
    const paras = all(document, 'w:p');
    const kicker = paras.find((p) => all(p, 'w:t').some((t) => t.textContent === 'PRESS REVIEW')) as Element;
    const styleOf = (p: Element): Element | undefined => {
      const id = all(p, 'w:pStyle')[0]?.getAttribute('w:val');
      return all(styles, 'w:style').find((s) => s.getAttribute('w:styleId') === id);
    };
    const after = (p: Element): number => twips(all(p, 'w:spacing')[0], 'w:after') || twips(all(styleOf(p) as Element, 'w:spacing')[0], 'w:after');
    const title = paras[paras.indexOf(kicker) + 1] as Element;
    const before = twips(all(styleOf(title) as Element, 'w:spacing')[0], 'w:before');
    // Word and LibreOffice use the larger of after/before between paragraphs (not the sum).
    expect(Math.max(after(kicker), before)).toBeGreaterThanOrEqual(240);
  });

  it('gives every contents entry its page number: a PAGEREF field to the bookmark, with a number written in', async () => {
    const { document } = await parts();
    const entries = all(document, 'w:p').filter((p) => all(p, 'w:pStyle')[0]?.getAttribute('w:val') === 'TocEntry');
    expect(entries.length).toBeGreaterThanOrEqual(3);
    for (const p of entries) {
      const anchor = all(p, 'w:hyperlink')[0]?.getAttribute('w:anchor');
      const instr = all(p, 'w:instrText').map((t) => t.textContent).join('');
      expect(instr).toMatch(new RegExp(`PAGEREF\\s+${anchor}\\b`));
      // The field's result: the text between w:fldChar separate and end, in document order.
      const els = [...p.querySelectorAll('*')] as Element[];
      const sep = els.findIndex((e) => e.tagName === 'w:fldChar' && e.getAttribute('w:fldCharType') === 'separate');
      const end = els.findIndex((e) => e.tagName === 'w:fldChar' && e.getAttribute('w:fldCharType') === 'end');
      expect(sep).toBeGreaterThan(0);
      const result = els.slice(sep + 1, end).filter((e) => e.tagName === 'w:t').map((t) => t.textContent).join('');
      expect(result).toMatch(/^\d+$/);
      // A right tab with dot leaders lines the numbers up.
      expect(all(p, 'w:tab').map((t) => t.getAttribute('w:leader'))).toEqual(['dot', null]);
    }
  });

  it('puts the contents\' page-number tab stop inside the entry\'s right edge (LibreOffice drops a number set past it)', async () => {
    const { document, styles } = await parts();
    const page = all(document, 'w:pgSz')[0] as Element;
    const margins = all(document, 'w:pgMar')[0] as Element;
    const textWidth = twips(page, 'w:w') - twips(margins, 'w:left') - twips(margins, 'w:right');
    const style = all(styles, 'w:style').find((s) => s.getAttribute('w:styleId') === 'TocEntry') as Element;
    const right = twips(all(style, 'w:ind')[0], 'w:right');
    const entries = all(document, 'w:p').filter((p) => all(p, 'w:pStyle')[0]?.getAttribute('w:val') === 'TocEntry');
    for (const p of entries) {
      const stop = all(p, 'w:tab').find((t) => t.getAttribute('w:val') === 'right') as Element;
      expect(twips(stop, 'w:pos')).toBeLessThanOrEqual(textWidth - right);
    }
  });
});
