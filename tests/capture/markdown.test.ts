import { describe, expect, it } from 'vitest';
import { extractFromMarkdown } from '../../electron/core/capture/markdown.ts';
import { CaptureError } from '../../electron/core/capture/types.ts';

const ARTICLE = `---
title: "Harbour ferries stop for the winter"
author: Jane Doe
date: 2021-12-08T15:51:00+01:00
url: https://news.example/2021/ferries
source: The Coast Gazette
tags: [transport, harbour]
---

# Harbour ferries stop for the winter

The **last ferry** of the season left the _harbour_ on Tuesday, and
the [port authority](https://port.example "Port") says services resume in March.

![The ferry at the quay](https://news.example/img/ferry.jpg "The ferry at the quay on Tuesday. Photograph: John Roe/Agency")

## What changes

- Buses replace the morning crossing
- Season tickets stay valid until *April*
1. A numbered item

> "We had no choice," said the harbour master.
> "The engines need an overhaul."

\`\`\`
timetable: 07:15 08:30
\`\`\`

Read more at <https://news.example/more> — and \`inline code\` stays.

---

Final paragraph with a footnote[^1] and an escaped \\*star\\*.

[^1]: The footnote text.
[port]: https://port.example
`;

describe('extractFromMarkdown', () => {
  it('reads front matter, title, paragraphs and figures', () => {
    const c = extractFromMarkdown(ARTICLE);
    expect(c.title).toBe('Harbour ferries stop for the winter');
    expect(c.byline).toBe('Jane Doe');
    expect(c.publishedAt).toBe('2021-12-08T15:51:00+01:00');
    expect(c.sourceUrl).toBe('https://news.example/2021/ferries');
    expect(c.outlet).toBe('The Coast Gazette');
    expect(c.html).toBeNull();
    expect(c.lang).toBe('en');
    expect(c.paragraphs).toEqual([
      'The last ferry of the season left the harbour on Tuesday, and the port authority says services resume in March.',
      'What changes',
      'Buses replace the morning crossing',
      'Season tickets stay valid until April',
      'A numbered item',
      '"We had no choice," said the harbour master. "The engines need an overhaul."',
      'timetable: 07:15 08:30',
      'Read more at https://news.example/more — and inline code stays.',
      'Final paragraph with a footnote and an escaped *star*.',
      'The footnote text.',
    ]);
    expect(c.figures).toEqual([
      { alt: 'The ferry at the quay', caption: 'The ferry at the quay on Tuesday.', credit: 'John Roe/Agency', src: 'https://news.example/img/ferry.jpg' },
    ]);
    expect(c.leadImage).toBe('https://news.example/img/ferry.jpg');
    expect(c.excerpt).toMatch(/^The last ferry/);
  });

  it('works without front matter: first # heading is the title, a By line the byline, a date line the date', () => {
    const c = extractFromMarkdown('Intro line before the title.\n\n# Der Hafen schließt\n\nBy Max Mustermann\n\n8 December 2021\n\nDie Fähren fahren im Winter nicht, sagt die Hafenbehörde, und die Busse übernehmen die Strecke, bis die Motoren wieder laufen.\n');
    expect(c.title).toBe('Der Hafen schließt');
    expect(c.paragraphs).toEqual(['Intro line before the title.', 'Die Fähren fahren im Winter nicht, sagt die Hafenbehörde, und die Busse übernehmen die Strecke, bis die Motoren wieder laufen.']);
    expect(c.byline).toBe('Max Mustermann');
    expect(c.publishedAt).toBe('2021-12-08');
    expect(c.lang).toBe('de');
  });

  it('understands setext headings, TOML front matter, CRLF and a caption line after an image', () => {
    const md = '+++\r\ntitle = "Ferries"\r\ndate = "2021-12-08"\r\n+++\r\nFerries\r\n=======\r\n\r\n![A ferry](ferry.png)\r\n\r\n*The old ferry (Photo: Port Authority)*\r\n\r\nText of the story here.\r\n';
    const c = extractFromMarkdown(md);
    expect(c.title).toBe('Ferries');
    expect(c.publishedAt).toBe('2021-12-08');
    expect(c.paragraphs).toEqual(['Text of the story here.']);
    expect(c.figures).toEqual([{ alt: 'A ferry', caption: 'The old ferry', credit: 'Port Authority', src: 'ferry.png' }]);
  });

  it('keeps snake_case words and underscores inside words', () => {
    const c = extractFromMarkdown('# T\n\nThe config_file_name setting and __bold__ text.\n');
    expect(c.paragraphs).toEqual(['The config_file_name setting and bold text.']);
  });

  it('throws when there is no text', () => {
    expect(() => extractFromMarkdown('---\ntitle: Empty\n---\n\n# Empty\n\n')).toThrow(CaptureError);
  });
});
