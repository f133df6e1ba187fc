/**
 * `url:` (db/query/builder.ts): the clippings whose canonical or source URL contains the
 * needle (lower-cased, scheme and `www.` left out), the URL's ASCII letters compared
 * without regard to case, as SQLite's lower() folds them. Checked against that plain
 * computation on seeded random URLs and needles: mixed case, letters outside ASCII, and
 * the characters a LIKE pattern gives a meaning to (`%`, `_`, `\`); and excluded (`-url:`).
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { buildQuery } from '../../db/query/builder.ts';
import { normalizeUrlNeedle, type QueryNode } from '../../db/query/parser.ts';
import { Rng } from '../bench/stats.ts';

const NOW = '2026-11-26T12:00:00Z';
const PIECES = ['a', 'B', 'c', 'X', 'é', 'É', 'ä', 'Ä', 'ß', 'İ', 'ı', '%', '_', '\\', '.', '/', '-', '?', '=', '&', '0', '7', 'www.', 'https://', 'Herald', 'news'];

/** SQLite's lower() without ICU: the ASCII letters only. */
const sqliteLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

describe('url: filter', () => {
  it('finds exactly the clippings whose canonical or source URL contains the needle, for random URLs and needles', () => {
    const db = openDatabase(':memory:');
    const rng = new Rng(20261207);
    const text = (n: number) => Array.from({ length: n }, () => rng.pick(PIECES)!).join('');
    const urls: [string | null, string | null][] = [];
    const add = db.prepare(
      `INSERT INTO clippings (id, title, text_z, captured_at, sort_key, content_hash, created_at, updated_at, canonical_url, source_url) VALUES (?, 't', 'x', ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let id = 1; id <= 400; id++) {
      const pair: [string | null, string | null] = [rng.chance(0.2) ? null : text(rng.int(1, 12)), rng.chance(0.2) ? null : text(rng.int(1, 12))];
      urls.push(pair);
      add.run(id, NOW, `${NOW}|${id}`, `h${id}`, NOW, NOW, ...pair);
    }
    let found = 0;
    for (let i = 0; i < 300; i++) {
      // A piece of a stored URL in another case, or random pieces.
      const from = rng.pick(urls)!.find((u) => u !== null);
      const value = from && rng.chance(0.6) ? flipCase(from.slice(rng.int(0, from.length - 1)).slice(0, rng.int(1, 6)), rng) : text(rng.int(1, 3));
      const needle = normalizeUrlNeedle(value);
      const want = urls.flatMap(([a, b], k) => (needle === '' || [a, b].some((u) => u !== null && sqliteLower(u).includes(needle)) ? [k + 1] : []));
      const ids = (node: QueryNode) => {
        const built = buildQuery(node, { now: new Date(NOW) });
        return (db.prepare(`SELECT c.id AS id FROM clippings c WHERE ${built.where.join(' AND ')} ORDER BY c.id`).all(...built.params) as { id: number }[]).map((r) => r.id);
      };
      const field: QueryNode = { type: 'field', field: 'url', value };
      expect(ids(field), JSON.stringify(value)).toEqual(want);
      // Excluded (a clipping without either URL is one that does not contain it).
      expect(ids({ type: 'not', child: field }), `-${JSON.stringify(value)}`).toEqual(urls.flatMap((_, k) => (want.includes(k + 1) ? [] : [k + 1])));
      if (want.length > 0 && want.length < urls.length) found++;
    }
    // The needles were not all trivial: many picked some clippings and left others.
    expect(found).toBeGreaterThan(100);
    db.close();
  });
});

function flipCase(s: string, rng: Rng): string {
  return [...s].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}
