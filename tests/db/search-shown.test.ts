/**
 * `shown` (SearchOptions): the clippings a caller already shows — close matches skip the
 * exact hits and those found by earlier corrections (electron/core/search/query.ts) — get
 * no snippet: FTS5's highlight() looks each shown clipping up in the match again, a seek
 * over every word of the query (~10–40 ms for a long phrase of common words at 100k).
 * The page itself (ids, scores, total) is the same.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase } from '../../db/open.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

describe('a page with clippings already shown', () => {
  it('makes snippets and match offsets for the others only; the same ranks and total', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    for (let i = 0; i < 12; i++) {
      clippings.insert(
        { captureId: null, title: `title ${i}`, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text: `the harbour ferry ${'and more '.repeat(i)}`, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `s${i}` },
        NOW,
      );
    }
    const { repo, runs } = recording(db);
    for (const q of ['"harbour ferry"', 'harbour', 'har*']) {
      const now = new Date(NOW);
      const all = repo.query(q, { limit: 5, offset: 0, now });
      const shown = new Set(all.ranked.slice(0, 3).map((r) => r.id));
      const from = runs.length;
      const page = repo.query(q, { limit: 5, offset: 0, now, shown });
      expect([page.ranked, page.total], q).toEqual([all.ranked, all.total]);
      for (const id of shown) expect([page.snippets.has(id), page.matches.has(id)], q).toEqual([false, false]);
      for (const r of all.ranked.slice(3)) expect([page.snippets.get(r.id), page.matches.get(r.id)], q).toEqual([all.snippets.get(r.id), all.matches.get(r.id)]);
      const looked = runs.slice(from).filter((x) => /highlight\(|snippet\(|SELECT id, .* AS text FROM clippings/.test(x.sql)).flatMap((x) => x.params.filter((p): p is string => typeof p === 'string' && p.startsWith('[')).flatMap((p) => JSON.parse(p) as number[]));
      for (const id of shown) expect(looked, q).not.toContain(id);
    }
    db.close();
  });
});
