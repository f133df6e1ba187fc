import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportClippings, ExportError, type ExportFormat } from '../../electron/core/export/index.ts';
import { forEachArticle } from '../fixtures/articles.ts';
import { EXPORT_ARTICLES, exportFixtures, hostile, OWN, others } from './fixtures.ts';

const reference = OWN.reference;

const now = new Date('2026-11-26T12:00:00Z');
const fake = { printToPdf: async () => new TextEncoder().encode('%PDF-fake') };

describe('exportClippings', () => {
  forEachArticle(EXPORT_ARTICLES, (a) => {
    const F = exportFixtures(a);

    it('document formats: one file per clipping, or one press review with digest', async () => {
      const clippings = [F.reference(), ...others()];
      for (const format of ['md', 'html', 'pdf', 'docx', 'json'] as const) {
        const files = await exportClippings(clippings, { format, now, pdf: fake });
        expect(files.map((f) => f.name)).toEqual([
          `${a.slug}-1.${format}`,
          `eu-energy-talks-end-without-deal-2.${format}`,
          `markets-rally-on-rate-decision-3.${format}`,
        ]);
        const [digest, ...rest] = await exportClippings(clippings, { format, now, digest: true, title: 'Weekly review', pdf: fake });
        expect(rest).toEqual([]);
        expect(digest?.name).toBe(`weekly-review-2026-11-26.${format}`);
      }
    });
  });

  it('collection formats: always one file; media types; binary formats are Buffers', async () => {
    const all: Record<ExportFormat, string> = { md: '', html: '', pdf: '', docx: '', json: '', csv: '', ris: '', csl: '' };
    for (const format of EXPORT_FORMATS) {
      const files = await exportClippings([reference(), hostile()], { format, now, digest: !['csv', 'ris', 'csl'].includes(format), pdf: fake });
      expect(files).toHaveLength(1);
      const f = files[0];
      all[format] = f?.mediaType ?? '';
      expect(typeof f?.data === 'string' || Buffer.isBuffer(f?.data)).toBe(true);
      if (format === 'pdf' || format === 'docx') expect(Buffer.isBuffer(f?.data)).toBe(true);
      expect(f?.name).toMatch(/^[a-z0-9][a-z0-9.-]*$/); // safe names even for a hostile title
    }
    expect(all).toMatchObject({ csv: 'text/csv; charset=utf-8; header=present', ris: 'application/x-research-info-systems', csl: 'application/vnd.citationstyles.csl+json' });
  });

  it('rejects what makes no sense with a clear ExportError', async () => {
    const fails = async (p: Promise<unknown>, code: string, msg: RegExp): Promise<void> => {
      const e = await p.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ExportError);
      expect((e as ExportError).code).toBe(code);
      expect((e as Error).message).toMatch(msg);
    };
    await fails(exportClippings([], { format: 'md' }), 'no_clippings', /nothing to export/);
    await fails(exportClippings([reference()], { format: 'odt' as ExportFormat }), 'bad_options', /unknown export format "odt"/);
    await fails(exportClippings([reference()], { format: 'md', highlightsOnly: true }), 'bad_options', /press review/);
    await fails(exportClippings([reference()], { format: 'md', digest: true, groupBy: 'week' as 'day' }), 'bad_options', /grouping/);
  });

  it('a digest lists each clipping once even if given twice', async () => {
    const [f] = await exportClippings([reference(), reference()], { format: 'md', now, digest: true });
    expect(String(f?.data)).toMatch(/clippings: 1\n/);
  });
});
