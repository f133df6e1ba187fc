/**
 * DOCX: a real Word document written with the `docx` package — headings, paragraphs,
 * figures as captions, highlights as Word highlights (w:highlight) in their colours and
 * notes as Word comments anchored to the highlighted words. Text runs are text: nothing
 * from a capture's markup reaches the document; hyperlinks are http(s) only.
 *
 * Word's highlight palette is fixed: yellow, green, blue -> cyan ("Turquoise"),
 * pink -> magenta ("Pink"), purple -> darkMagenta ("Violet", with white text).
 */
import {
  AlignmentType,
  Bookmark,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  InternalHyperlink,
  LeaderType,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  PageReference,
  Paragraph,
  Tab,
  TabStopType,
  TextRun,
  type ICommentOptions,
  type ParagraphChild,
} from 'docx';
import { estimatePageNumbers } from 'docx/layout';
import type { Annotation } from '../../contract/shapes.ts';
import { colorOf, notePlainParagraphs, PALETTE } from './meta.ts';
import { metaLine, passage, passages, type ArticleModel, type DigestModel } from './model.ts';
import { topMark, type Paragraph as Para } from './segments.ts';

class Comments {
  readonly list: ICommentOptions[] = [];
  private readonly ids = new Map<string, number>();
  /** One comment per annotation with a note (keyed per article: ids are per clipping). */
  idFor(a: ArticleModel, ann: Annotation): number | null {
    if (!a.noteNumber.has(ann.id)) return null;
    const key = `${a.clipping.id}:${ann.id}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.length + 1;
      this.ids.set(key, id);
      const date = new Date(ann.updatedAt || ann.createdAt);
      this.list.push({
        id,
        author: 'Cuttings',
        initials: 'C',
        ...(Number.isNaN(date.getTime()) ? {} : { date }),
        children: (notePlainParagraphs(ann.note).length ? notePlainParagraphs(ann.note) : [ann.note]).map((t) => new Paragraph({ children: textRuns(t, {}) })),
      });
    }
    return id;
  }
}

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  color?: string;
  size?: number;
  highlight?: 'yellow' | 'green' | 'cyan' | 'magenta' | 'darkMagenta';
}

/** Text with line breaks as Word breaks. */
function textRuns(text: string, style: RunStyle): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ text: line, ...style, ...(i > 0 ? { break: 1 } : {}) }));
}

function highlightStyle(color: string): RunStyle {
  const p = PALETTE[colorOf(color)];
  return { highlight: p.word, ...(p.wordText ? { color: p.wordText } : {}) };
}

function bodyParagraph(a: ArticleModel, p: Para, comments: Comments): Paragraph {
  const children: ParagraphChild[] = [];
  for (const run of p.runs) {
    for (const ann of run.opens) {
      const id = comments.idFor(a, ann);
      if (id !== null) children.push(new CommentRangeStart(id));
    }
    const top = topMark(run);
    children.push(...textRuns(run.text, top ? highlightStyle(top.color) : {}));
    for (const ann of run.closes) {
      const id = comments.idFor(a, ann);
      if (id !== null) children.push(new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }));
    }
  }
  return new Paragraph({ children, style: 'BodyText' });
}

/** A passage (highlights-only digests, orphaned highlights) with its note as a comment. */
function passageParagraph(a: ArticleModel, ann: Annotation, comments: Comments): Paragraph {
  const id = comments.idFor(a, ann);
  const runs = textRuns(passage(ann, a.clipping.text), highlightStyle(ann.color));
  const children: ParagraphChild[] = id === null ? runs : [new CommentRangeStart(id), ...runs, new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })];
  return new Paragraph({ children, style: 'Passage' });
}

function articleBlocks(a: ArticleModel, comments: Comments, o: { heading: (typeof HeadingLevel)[keyof typeof HeadingLevel]; highlightsOnly: boolean; bookmark: boolean }): Paragraph[] {
  const out: Paragraph[] = [];
  const titleRuns = [new TextRun({ text: a.title })];
  out.push(new Paragraph({ heading: o.heading, children: o.bookmark ? [new Bookmark({ id: bookmarkId(a), children: titleRuns })] : titleRuns }));
  const meta = metaLine(a);
  if (meta) out.push(new Paragraph({ style: 'Meta', children: [new TextRun({ text: meta })] }));
  const facts: ParagraphChild[] = [];
  if (a.url) facts.push(new ExternalHyperlink({ link: a.url, children: [new TextRun({ text: a.url, style: 'Hyperlink' })] }));
  if (a.tags.length) facts.push(new TextRun({ text: `${facts.length ? ' · ' : ''}Tags: ${a.tags.join(', ')}` }));
  if (a.captured) facts.push(new TextRun({ text: `${facts.length ? ' · ' : ''}Captured ${a.captured}` }));
  if (facts.length) out.push(new Paragraph({ style: 'Meta', children: facts }));
  if (a.clipNote) {
    notePlainParagraphs(a.clipNote).forEach((t, i) =>
      out.push(new Paragraph({ style: 'ClipNote', children: [...(i === 0 ? [new TextRun({ text: 'Note: ', bold: true })] : []), ...textRuns(t, {})] })),
    );
  }
  if (o.highlightsOnly) {
    const list = passages(a);
    if (list.length === 0) out.push(new Paragraph({ style: 'Meta', children: [new TextRun({ text: 'No highlights.', italics: true })] }));
    for (const ann of list) out.push(passageParagraph(a, ann, comments));
    return out;
  }
  for (const p of a.paragraphs) out.push(bodyParagraph(a, p, comments));
  a.figures.forEach((f, i) => {
    const caption = f.caption ?? f.alt ?? '';
    out.push(
      new Paragraph({
        style: 'Caption',
        children: [
          new TextRun({ text: `Figure ${i + 1}. `, bold: true }),
          new TextRun({ text: caption }),
          ...(f.credit ? [new TextRun({ text: ` Credit: ${f.credit}`, italics: true })] : []),
        ],
      }),
    );
  });
  if (a.orphans.length) {
    out.push(new Paragraph({ style: 'Meta', children: [new TextRun({ text: 'Highlights no longer found in the text', bold: true })] }));
    for (const ann of a.orphans) out.push(passageParagraph(a, ann, comments));
  }
  return out;
}

/** Word bookmark names: a letter first, then letters, digits, underscores; 40 at most. */
function bookmarkId(a: ArticleModel): string {
  return `clipping_${a.clipping.id}`;
}

const FONT_BODY = 'Georgia';
const FONT_HEAD = 'Arial';
/** A4 less the margins, in twips: where the contents' page numbers line up. */
const MARGIN = 1134;
const TEXT_WIDTH = 11906 - 2 * MARGIN;

/**
 * Line heights always carry their rule: a bare `w:line` is read by some readers
 * (LibreOffice) as an exact height, and a 24 pt title on two lines then overlaps itself.
 * `auto` is proportional (240 = single), so large type gets room in every reader.
 */
const lines = (line: number, spacing: { before?: number; after?: number } = {}): { line: number; lineRule: typeof LineRuleType.AUTO; before?: number; after?: number } => ({
  ...spacing,
  line,
  lineRule: LineRuleType.AUTO,
});

function documentOf(title: string, children: Paragraph[], comments: Comments, description: string): Document {
  return new Document({
    creator: 'Cuttings',
    title,
    description,
    comments: { children: comments.list },
    // The contents' PAGEREF fields are written with the pages this works out (Word and
    // LibreOffice recompute them from their own layout; other viewers show these).
    pageNumbers: estimatePageNumbers,
    styles: {
      default: {
        document: { run: { font: FONT_BODY, size: 22 }, paragraph: { spacing: lines(300, { after: 120 }) } },
        title: { run: { font: FONT_HEAD, size: 48, bold: true, color: '1D1D1F' }, paragraph: { spacing: lines(264, { before: 240, after: 160 }) } },
        heading1: { run: { font: FONT_HEAD, size: 34, bold: true, color: '1D1D1F' }, paragraph: { spacing: lines(264, { before: 240, after: 120 }), keepNext: true } },
        heading2: { run: { font: FONT_HEAD, size: 28, bold: true, color: '1D1D1F' }, paragraph: { spacing: lines(264, { before: 240, after: 80 }), keepNext: true } },
        heading3: { run: { font: FONT_HEAD, size: 24, bold: true, color: '333333' }, paragraph: { spacing: lines(264, { before: 200, after: 60 }), keepNext: true } },
      },
      paragraphStyles: [
        { id: 'BodyText', name: 'Body Text', basedOn: 'Normal', quickFormat: true, run: { font: FONT_BODY, size: 22 }, paragraph: { spacing: lines(312, { after: 160 }) } },
        { id: 'Meta', name: 'Clipping Details', basedOn: 'Normal', run: { font: FONT_HEAD, size: 18, color: '5F6368' }, paragraph: { spacing: { after: 60 } } },
        { id: 'ClipNote', name: 'Clipping Note', basedOn: 'Normal', run: { size: 20 }, paragraph: { indent: { left: 360 }, spacing: { before: 120, after: 120 } } },
        { id: 'Passage', name: 'Highlighted Passage', basedOn: 'Normal', run: { size: 22 }, paragraph: { indent: { left: 360 }, spacing: { after: 120 } } },
        { id: 'Caption', name: 'caption', basedOn: 'Normal', run: { font: FONT_HEAD, size: 17, color: '5F6368' }, paragraph: { spacing: { before: 60, after: 120 } } },
        { id: 'Cover', name: 'Cover Line', basedOn: 'Normal', run: { font: FONT_HEAD, size: 26, color: '444444' }, paragraph: { spacing: { after: 80 } } },
        {
          id: 'TocEntry',
          name: 'Contents Entry',
          basedOn: 'Normal',
          run: { size: 20 },
          // No right indent: the page number's right tab stop (at the margin, on each entry)
          // must lie inside the paragraph, or LibreOffice drops the number.
          paragraph: { indent: { left: 360 }, spacing: { after: 40 } },
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], font: FONT_HEAD, size: 16, color: '777777' })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

export async function docxArticle(a: ArticleModel): Promise<Buffer> {
  const comments = new Comments();
  const children = articleBlocks(a, comments, { heading: HeadingLevel.TITLE, highlightsOnly: false, bookmark: false });
  return Packer.toBuffer(documentOf(a.title, children, comments, metaLine(a)));
}

export async function docxDigest(d: DigestModel): Promise<Buffer> {
  const comments = new Comments();
  const children: Paragraph[] = [];
  children.push(new Paragraph({ style: 'Cover', spacing: { after: 240 }, children: [new TextRun({ text: 'PRESS REVIEW', size: 18 })] }));
  children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: d.title })] }));
  if (d.dateRange) children.push(new Paragraph({ style: 'Cover', children: [new TextRun({ text: d.dateRange })] }));
  children.push(new Paragraph({ style: 'Cover', children: [new TextRun({ text: d.countLabel })] }));
  children.push(new Paragraph({ style: 'Meta', children: [new TextRun({ text: `Compiled ${d.generated}` })] }));
  children.push(new Paragraph({ children: [new PageBreak()] }));
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: `Contents (by ${d.groupBy})` })] }));
  for (const g of d.toc) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun({ text: g.label })] }));
    for (const a of g.articles) {
      const meta = metaLine(a);
      children.push(
        new Paragraph({
          style: 'TocEntry',
          // The page number after a dot leader at the right margin.
          tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
          children: [
            new InternalHyperlink({ anchor: bookmarkId(a), children: [new TextRun({ text: a.title, style: 'Hyperlink' })] }),
            ...(meta ? [new TextRun({ text: ` — ${meta}`, color: '5F6368', size: 18 })] : []),
            new TextRun({ children: [new Tab()] }),
            new PageReference(bookmarkId(a), { hyperlink: true }),
          ],
        }),
      );
    }
  }
  d.sections.forEach((s) => {
    children.push(new Paragraph({ children: [new PageBreak()] }));
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: s.label })] }));
    s.articles.forEach((a, i) => {
      if (i > 0 && !d.highlightsOnly) children.push(new Paragraph({ children: [new PageBreak()] }));
      children.push(...articleBlocks(a, comments, { heading: HeadingLevel.HEADING_2, highlightsOnly: d.highlightsOnly, bookmark: true }));
    });
  });
  return Packer.toBuffer(documentOf(d.title, children, comments, `${d.countLabel}${d.dateRange ? `, ${d.dateRange}` : ''}`));
}
