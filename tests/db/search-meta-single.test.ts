/**
 * A word in the notes of most clippings (`ta`, as `to` or a tag name at 1M) beside a
 * column's word (`title:qqt`, which the meta index cannot hold and no ranking list
 * counts) — db/search.ts `source`, `metaMayMatch`, `rareInBody` and `decide` (issue 13):
 *
 * - with the column's word in few bodies, the clippings decided in the meta index are only
 *   those where it occurs: `ta`'s clippings there are not all read, nor listed to the body;
 * - where they are all read (`ta -title:qqt`: no phrase every match has but `ta`), deciding
 *   them renders each phrase's text a few times, not once or more for each clipping.
 *
 * The matches and the total stay those of the words looked up in both tables.
 */
import { describe, expect, it, vi } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import * as split from '../../db/query/split.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';
import { rng, type Rng } from './rng.ts';

vi.mock('../../db/query/split.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../db/query/split.ts')>();
  return { ...real, renderPhrase: vi.fn(real.renderPhrase) };
});

const WORDS = ['ta', 'ko', 'mira', 'nost', 'perak', 'pilgo', 'ravno', 'sulte'];
const words = (r: Rng, n: number) => Array.from({ length: n }, () => WORDS[r.int(0, WORDS.length - 1)]!).join(' ');

function archive(seed: number, size: number): Db {
  const r = rng(seed);
  const db = openDatabase(':memory:');
  const clippings = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < size; i++) {
      const id = clippings.insert(
        {
          captureId: null, title: words(r, 2) + (i % 19 === 0 ? ' qqt' : ''), byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null,
          publishedAt: `2015-03-${String(1 + (i % 27)).padStart(2, '0')}`, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null,
          text: words(r, r.int(3, 20)), html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `h${seed}-${i}`,
        },
        NOW,
      );
      // Most notes have `ta`, some of them on clippings without it in the body.
      db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run([r.next() < 0.7 ? 'ta' : '', words(r, 1)].join(' '), id);
    }
  })();
  return db;
}

const set = (db: Db, sql: string, ...params: unknown[]) => new Set((db.prepare(sql).all(...params) as { id: number }[]).map((x) => x.id));

/** `ta` anywhere, and `qqt` in the title (`without`: not in it). */
function expected(db: Db, without: boolean): number[] {
  const ta = set(db, `SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH '"ta"' UNION SELECT rowid FROM clipping_meta_fts WHERE clipping_meta_fts MATCH '"ta"'`);
  const qqt = set(db, `SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH 'title : "qqt"'`);
  return [...ta].filter((id) => qqt.has(id) !== without).sort((a, b) => a - b);
}

/** The longest list of clipping ids given to any statement as a JSON parameter. */
function longestIdList(runs: readonly { params: unknown[] }[]): number {
  let most = 0;
  for (const { params } of runs) for (const p of params) if (typeof p === 'string' && p.startsWith('[')) most = Math.max(most, (JSON.parse(p) as unknown[]).length);
  return most;
}

describe('a word in the notes of most clippings beside a column word', () => {
  for (const seed of [5, 23]) {
    it(`seed ${seed}: a column word in few bodies — only the notes of the clippings that may match are read`, () => {
      const db = archive(seed, 600);
      const withTa = (db.prepare(`SELECT count(*) AS n FROM clipping_meta_fts WHERE clipping_meta_fts MATCH '"ta"'`).get() as { n: number }).n;
      const want = expected(db, false);
      expect(withTa).toBeGreaterThan(8 * want.length);
      const { repo, runs } = recording(db);
      const now = new Date(NOW);
      for (const sort of ['relevance', 'newest'] as const) {
        runs.length = 0;
        const page = repo.query('ta title:qqt', { limit: 10, offset: 0, now, sort });
        expect(page.total).toBe(want.length);
        // No statement reads `ta`'s clippings in the meta index alone, nor is given a list of their ids.
        expect(runs.filter((x) => x.sql.includes('clipping_meta_fts MATCH') && x.params.includes('"ta"') && !x.sql.includes('IN ('))).toEqual([]);
        expect(longestIdList(runs)).toBeLessThanOrEqual(want.length + 64);
      }
      expect(repo.allMatches('ta title:qqt', now)).toEqual(want);
      db.close();
    });

    it(`seed ${seed}: every clipping with the word in its notes decided — each phrase rendered a few times, not per clipping`, () => {
      const db = archive(seed, 600);
      const want = expected(db, true);
      const withTa = (db.prepare(`SELECT count(*) AS n FROM clipping_meta_fts WHERE clipping_meta_fts MATCH '"ta"'`).get() as { n: number }).n;
      expect(withTa).toBeGreaterThan(300);
      const { repo } = recording(db);
      const now = new Date(NOW);
      const render = vi.mocked(split.renderPhrase);
      render.mockClear();
      const page = repo.query('ta -title:qqt', { limit: 10, offset: 0, now });
      expect(page.total).toBe(want.length);
      expect(render.mock.calls.length).toBeLessThan(100);
      expect(repo.allMatches('ta -title:qqt', now)).toEqual(want);
      db.close();
    });
  }
});
