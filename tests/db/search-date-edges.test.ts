/**
 * Calendar date filters (`after:`, `before:`, `on:`) compare the publication date as
 * printed (db/query/builder.ts `dateSql`), which SQL computes per row from `published_at`
 * (a GLOB and a substr). A clipping's `sort_key` is within a day of that date
 * (db/clippings.ts `sortKey`), so the clippings more than a day inside the period pass
 * on `sort_key` alone: the date is computed only for those within a day of an edge. The
 * results are those of the rule itself, checked here against it in JS on clippings
 * dated at the edges with offsets up to ±23:59, day-only dates, and no date at all.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase } from '../../db/open.ts';
import { SearchRepo } from '../../db/search.ts';
import { NOW } from '../helpers.ts';

const DAY = 86_400_000;

describe('calendar date filters', () => {
  it('match the publication date as printed, and compute it only within a day of an edge', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const offsets = ['Z', '+23:59', '-23:59', '+05:30', '-11:00', ''];
    const rows: { id: number; printed: string }[] = [];
    db.transaction(() => {
      const start = Date.UTC(2019, 11, 20);
      for (let i = 0; i < 1200; i++) {
        // Dense around year and month ends, spread over 2020–2021 otherwise.
        const t = i % 3 === 0 ? start + (i % 40) * DAY + (i % 24) * 3_600_000 : start + (i * 613 % 760) * DAY + (i % 23) * 3_600_000 + 59 * 60_000;
        const local = new Date(t).toISOString().slice(0, 19);
        const off = offsets[i % offsets.length]!;
        const publishedAt = i % 17 === 0 ? null : i % 13 === 0 ? local.slice(0, 10) : `${local}${off}`;
        const capturedAt = new Date(t + ((i % 5) - 2) * 3 * DAY).toISOString();
        const id = clippings.insert(
          {
            captureId: null, title: `Report ${i}`, byline: null, outlet: 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
            publishedAt, modifiedAt: null, capturedAt, lang: 'en', excerpt: null,
            text: `Rates report ${i}.`, html: null, figures: [], leadImage: null, wordCount: 3, contentHash: `h${i}`,
          },
          NOW,
        );
        // The date as printed: the publication's own calendar date, else the capture's (UTC) day.
        rows.push({ id, printed: publishedAt ? publishedAt.slice(0, 10) : capturedAt.slice(0, 10) });
      }
    })();
    let globs = 0;
    db.function('glob', { deterministic: true }, (pattern: unknown, text: unknown) => {
      globs++;
      return typeof text === 'string' && /^\d{4}-\d\d-\d\d/.test(text) && pattern === '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' ? 1 : 0;
    });
    const repo = new SearchRepo(db);
    const now = new Date(NOW);
    const cases: [string, (d: string) => boolean, string[]][] = [
      ['after:2020-06', (d) => d >= '2020-07-01', ['2020-07-01']],
      ['before:2021-01-01', (d) => d < '2021-01-01', ['2021-01-01']],
      ['on:2020', (d) => d >= '2020-01-01' && d < '2021-01-01', ['2020-01-01', '2021-01-01']],
      ['on:2019-12-31', (d) => d === '2019-12-31', ['2019-12-31', '2020-01-01']],
      ['after:2019-12-31 before:2021-06', (d) => d >= '2020-01-01' && d < '2021-06-01', ['2020-01-01', '2021-06-01']],
    ];
    for (const [q, passes, edges] of cases) {
      globs = 0;
      const got = repo.allMatches(q, now).sort((a, b) => a - b);
      const want = rows.filter((r) => passes(r.printed)).map((r) => r.id);
      expect(got, q).toEqual(want);
      if (edges.length > 1 && edges[1]! < '2020-01-02') continue; // (a single day: every clipping is near an edge)
      expect(want.length, q).toBeGreaterThan(50);
      // Computed only for clippings whose sort_key is within a day of an edge (each edge's
      // condition may compute it once per such row).
      const sortKeys = (db.prepare('SELECT sort_key AS k FROM clippings').all() as { k: string }[]).map((r) => Date.parse(`${r.k.slice(0, 10)}T00:00:00Z`));
      const near = sortKeys.filter((t) => edges.some((e) => Math.abs(t - Date.parse(`${e}T00:00:00Z`)) <= DAY)).length;
      expect(globs, q).toBeLessThanOrEqual(2 * near);
      expect(globs, q).toBeLessThan(want.length / 2);
    }
    db.close();
  });
});
