/**
 * Rank epochs (db/migrations/index.ts `rankEpoch`): a migration marked `keepsRankLists`
 * lets ranking lists read before it be used after it. The mark is checked here against
 * what the step does: on an archive with clippings, tags, notes and stored lists, it
 * changes no row of the body and meta full-text indexes, the change marks or the lists,
 * and no trigger or view that writes or reads them (the CJK index is a filter: lists never
 * read it).
 */
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, rankEpoch } from '../../db/migrations/index.ts';
import { migrateTo, openDatabase, type Db } from '../../db/open.ts';
import { NOW } from '../helpers.ts';

/** The tables a ranking list or count is read from (and the lists themselves), by name. */
const RANKED = /^(clipping_fts|clipping_meta_fts|clipping_rank_changes|rank_lists)/;
const NAMES = /\b(clipping_fts\w*|clipping_meta_fts\w*|clipping_rank_changes|rank_lists)\b/;

/**
 * Everything ranking depends on: the rows of those tables, and the SQL of every object that
 * names one — but a plain table's own SQL is left out and its rows compared over `columns`
 * (those it had before the step: a column added, as 026 adds `kept`, changes no row read).
 */
function rankState(db: Db, columns: Map<string, string[]>): Record<string, unknown> {
  const objects = db.prepare(`SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name`).all() as { type: string; name: string; sql: string }[];
  const state: Record<string, unknown> = {};
  for (const o of objects) {
    const plain = o.type === 'table' && RANKED.test(o.name) && !/VIRTUAL/i.test(o.sql);
    if (!plain && (RANKED.test(o.name) || NAMES.test(o.sql))) state[`${o.type} ${o.name}`] = o.sql;
    if (plain) {
      if (!columns.has(o.name)) columns.set(o.name, (db.pragma(`table_info(${o.name})`) as { name: string }[]).map((c) => `"${c.name}"`));
      const cols = columns.get(o.name)!.join(', ');
      state[`rows ${o.name}`] = db.prepare(`SELECT ${cols} FROM "${o.name}" ORDER BY ${cols}`).all();
    }
  }
  return state;
}

/** An archive at `version` with clippings (text stored as is, some CJK), a tag, a note and a stored list. */
function archiveAt(version: number): Db {
  const db = openDatabase(':memory:', { targetVersion: version });
  const add = db.prepare(
    `INSERT INTO clippings (id, title, text_z, text_size, note, captured_at, sort_key, content_hash, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
  );
  const words = ['harbour', 'ferry', 'council', 'budget', 'Łódź', '東京都', 'rates'];
  for (let id = 1; id <= 40; id++) {
    const text = Array.from({ length: 30 }, (_, i) => words[(id * 7 + i * 3) % words.length]).join(' ');
    add.run(id, `Title ${words[id % words.length]} ${id}`, text, id % 5 === 0 ? `note ${words[id % 3]}` : '', NOW, `${NOW}|${id}`, `hash-${id}`, NOW, NOW);
  }
  db.prepare(`INSERT INTO tags (id, name, created_at) VALUES (1, 'transport', ?)`).run(NOW);
  for (const c of [2, 4, 8]) db.prepare(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (?, 1, ?)`).run(c, NOW);
  db.prepare(`UPDATE clippings SET title = 'Edited harbour' WHERE id = 3`).run();
  db.prepare(`INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at) VALUES ('"harbour"', ?, 1, 40, 0.5, ?, ?)`).run(
    version,
    Buffer.from(Int32Array.from([1, 2, 3]).buffer),
    Date.parse(NOW),
  );
  return db;
}

describe('rank epochs', () => {
  const keeping = MIGRATIONS.filter((m) => m.keepsRankLists);

  it('are the last version up to each that may change what lists are read from, and their own epoch', () => {
    for (let v = 0; v <= LATEST_VERSION; v++) {
      const e = rankEpoch(v);
      expect(e).toBeLessThanOrEqual(v);
      expect(rankEpoch(e)).toBe(e);
      for (let w = e + 1; w <= v; w++) expect(MIGRATIONS[w - 1]!.keepsRankLists).toBe(true);
      if (e > 0) expect(MIGRATIONS[e - 1]!.keepsRankLists).toBeUndefined();
    }
    // A newer archive's unknown steps start an epoch of their own.
    expect(rankEpoch(LATEST_VERSION + 3)).toBe(LATEST_VERSION + 3);
    // Lists exist from 023 on; every step since that keeps them is checked below.
    expect(keeping.length).toBeGreaterThan(0);
    expect(keeping.every((m) => m.version > 23)).toBe(true);
  });

  for (const m of keeping) {
    it(`migration ${m.version} (${m.name}) keeps every row and trigger that ranking is read from`, () => {
      const db = archiveAt(m.version - 1);
      const columns = new Map<string, string[]>();
      const before = rankState(db, columns);
      expect(Object.keys(before).filter((k) => k.startsWith('rows ')).length).toBeGreaterThanOrEqual(4);
      migrateTo(db, m.version);
      expect(rankState(db, columns)).toEqual(before);
      db.close();
    });
  }
});
