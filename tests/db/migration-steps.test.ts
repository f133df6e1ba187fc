/**
 * One test per migration step: a fresh in-memory archive is brought to version N−1,
 * representative data is written with plain SQL for that schema, the archive is
 * migrated to N (`migrateTo`), and the test checks what N had to do — new objects,
 * data carried over, and the search indexes finding what was written before.
 */
import { createHash } from 'node:crypto';
import { deflateSync, gzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaptureRepo } from '../../db/captures.ts';
import { ClippingRepo } from '../../db/clippings.ts';
import { cjkMatch } from '../../db/cjk.ts';
import { RANK_CHANGES_KEPT } from '../../db/migrations/019-rank-changes.ts';
import { SYNC_INSERT_WHEN } from '../../db/migrations/025-lsh-recent.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../db/migrations/index.ts';
import { DatabaseError, migrateTo, openDatabase, schemaVersion, type Db } from '../../db/open.ts';
import { ftsIntegrity, NOW } from '../helpers.ts';
import { newerSchemaObjects } from './old-sqlite.ts';

/** A new in-memory archive at schema `version` (the app's own open function and migrations). */
const at = (version: number): Db => {
  const db = openDatabase(':memory:', { targetVersion: version });
  expect(schemaVersion(db)).toBe(version);
  return db;
};

const names = (db: Db, type: 'table' | 'view' | 'trigger' | 'index'): string[] =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type = ? ORDER BY name`).all(type) as { name: string }[]).map((r) => r.name);
const columns = (db: Db, table: string): string[] => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const ids = (rows: unknown[]): number[] => (rows as { id: number }[]).map((r) => r.id);
const fts = (db: Db, q: string): number[] => ids(db.prepare(`SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY rowid`).all(q));
const meta = (db: Db, q: string): number[] => ids(db.prepare(`SELECT rowid AS id FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ? ORDER BY rowid`).all(q));
const cjk = (db: Db, word: string): number[] =>
  ids(db.prepare(`SELECT rowid AS id FROM clipping_cjk WHERE clipping_cjk MATCH ? ORDER BY rowid`).all(cjkMatch(word)!));

/** A clipping row with the columns every schema version has. */
function addClipping(db: Db, c: { id: number; title: string; text: string; byline?: string; outlet?: string; note?: string; captureId?: number }): void {
  db.prepare(
    `INSERT INTO clippings (id, capture_id, title, byline, outlet, text, note, captured_at, sort_key, content_hash, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(c.id, c.captureId ?? null, c.title, c.byline ?? null, c.outlet ?? null, c.text, c.note ?? '', NOW, `${NOW}|${c.id}`, `hash-${c.id}`, NOW, NOW);
}
function addTag(db: Db, id: number, name: string, ...clippings: number[]): void {
  db.prepare(`INSERT INTO tags (id, name, created_at) VALUES (?, ?, ?)`).run(id, name, NOW);
  for (const c of clippings) db.prepare(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (?, ?, ?)`).run(c, id, NOW);
}
function addAnnotation(db: Db, id: number, clippingId: number, exact: string, note: string): void {
  db.prepare(`INSERT INTO annotations (id, clipping_id, exact, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`).run(id, clippingId, exact, note, NOW, NOW);
}
function addCapture(db: Db, id: number, bytes: Buffer): void {
  db.prepare(`INSERT INTO captures (id, media_type, captured_at, sha256, byte_size, bytes) VALUES (?, 'text/plain', ?, ?, ?, ?)`).run(id, NOW, `sha-${id}`, bytes.length, bytes);
}

/**
 * The CJK side index holds exactly what a from-scratch build over the live clippings
 * would: every (bigram, clipping, position), compared through fts5vocab. A delete that
 * did not match its insert would leave entries behind and show here.
 */
function expectCjkIndexExact(db: Db): void {
  // (the text stored compressed from schema 24 on)
  const text = columns(db, 'clippings').includes('text') ? 'text' : 'sqlar_uncompress(text_z, text_size)';
  db.exec(`
    CREATE VIRTUAL TABLE temp.cjk_ref USING fts5(grams, content = '', tokenize = 'unicode61');
    INSERT INTO temp.cjk_ref (rowid, grams)
      SELECT id, g FROM (SELECT id, cjk_bigrams(title || ' ' || ${text}) AS g FROM main.clippings WHERE deleted_at IS NULL) WHERE g <> '';
    CREATE VIRTUAL TABLE temp.cjk_vocab USING fts5vocab(main, 'clipping_cjk', 'instance');
    CREATE VIRTUAL TABLE temp.cjk_ref_vocab USING fts5vocab(temp, 'cjk_ref', 'instance');`);
  try {
    const all = (t: string) => db.prepare(`SELECT term, doc, offset FROM temp.${t} ORDER BY term, doc, offset`).all();
    expect(all('cjk_vocab')).toEqual(all('cjk_ref_vocab'));
    db.prepare(`INSERT INTO clipping_cjk (clipping_cjk, rank) VALUES ('integrity-check', 1)`).run();
  } finally {
    db.exec(`DROP TABLE temp.cjk_vocab; DROP TABLE temp.cjk_ref_vocab; DROP TABLE temp.cjk_ref;`);
  }
}

const ZH = { title: '北京举行新闻发布会', text: '外交部发言人在北京举行的例行记者会上回答了关于乌克兰局势的问题。' };
const JA = { title: '東京都知事が記者会見', text: '東京都の知事は本日記者会見を開き、新しい防災計画について説明しました。' };

/** The test of migration N, keyed by N (every migration after the first has one). */
const STEPS: Record<number, () => void> = {
  2: () => {
    const db = at(1);
    addClipping(db, { id: 1, title: 'Ferry returns to Zanzibar', text: 'The island ferry is back in service.', byline: 'Amina Said', outlet: 'Island Times', note: 'Friday briefing' });
    addClipping(db, { id: 2, title: 'Kyïv talks resume', text: 'Diplomats met again on Monday, with the Quint present.' });
    // Ids out of insertion order: the search document lists tags and annotations by id.
    addTag(db, 9, 'Islands', 1);
    addTag(db, 5, 'Transport', 1);
    addTag(db, 2, 'Ukraine');
    addAnnotation(db, 7, 2, 'met again', 'second round');
    addAnnotation(db, 3, 2, 'the Quint', 'five leaders');

    migrateTo(db, 2);
    expect(schemaVersion(db)).toBe(2);
    expect(names(db, 'table')).toContain('clipping_fts');
    expect(names(db, 'view')).toEqual(['clipping_fts_source']);
    expect(names(db, 'trigger')).toEqual(
      ['annotations_fts_ad', 'annotations_fts_ai', 'annotations_fts_bd', 'annotations_fts_bi', 'annotations_fts_bu', 'annotations_fts_au',
        'clipping_tags_fts_ad', 'clipping_tags_fts_ai', 'clipping_tags_fts_bd', 'clipping_tags_fts_bi',
        'clippings_fts_ai', 'clippings_fts_au', 'clippings_fts_bd', 'clippings_fts_bu', 'tags_fts_au', 'tags_fts_bu'].sort(),
    );
    // Clippings stored before the index existed are indexed: every column.
    for (const q of ['zanzibar', 'ferry', 'amina', 'times', 'transport', 'briefing']) expect(fts(db, q), q).toEqual([1]);
    for (const q of ['kyiv', 'diplomats', 'quint', 'leaders', 'second']) expect(fts(db, q), q).toEqual([2]);
    expect(db.prepare(`SELECT tags, annotations FROM clipping_fts_source WHERE id = ?`).all(1)).toEqual([{ tags: 'Transport ; Islands', annotations: '' }]);
    expect(db.prepare(`SELECT annotations FROM clipping_fts_source WHERE id = 2`).get()).toEqual({ annotations: 'the Quint five leaders ; met again second round' });
    // …and the triggers keep it in step from now on.
    expect(fts(db, 'tags:ukraine')).toEqual([]);
    db.prepare(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (2, 2, ?)`).run(NOW);
    expect(fts(db, 'tags:ukraine')).toEqual([2]);
    db.prepare(`UPDATE tags SET name = 'Boats' WHERE id = 5`).run();
    expect(fts(db, 'tags:boats')).toEqual([1]);
    expect(fts(db, 'tags:transport')).toEqual([]);
    ftsIntegrity(db);
    db.close();
  },

  3: () => {
    const db = at(2);
    addClipping(db, { id: 1, title: 'Ferry returns', text: 'The island ferry is back in service.' });
    addClipping(db, { id: 2, title: 'Harbour wall repaired', text: 'The harbour wall at Quimper was repaired.' });
    addTag(db, 1, 'Transport', 1, 2);
    addAnnotation(db, 1, 2, 'harbour wall', 'stone');

    migrateTo(db, 3);
    expect(columns(db, 'clippings')).toEqual(expect.arrayContaining(['starred', 'is_read', 'media_type', 'section', 'page', 'tone', 'deleted_at', 'edited_fields']));
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['clippings_trash', 'clippings_live_sort', 'clippings_starred', 'clippings_unread']));
    expect(names(db, 'trigger')).toEqual(expect.arrayContaining(['clippings_fts_trash', 'clippings_fts_restore']));
    expect(db.prepare(`SELECT id, starred, is_read, media_type, tone, deleted_at, edited_fields FROM clippings ORDER BY id`).all()).toEqual([
      { id: 1, starred: 0, is_read: 0, media_type: null, tone: null, deleted_at: null, edited_fields: '[]' },
      { id: 2, starred: 0, is_read: 0, media_type: null, tone: null, deleted_at: null, edited_fields: '[]' },
    ]);
    expect(() => db.prepare(`UPDATE clippings SET tone = 'angry' WHERE id = 1`).run()).toThrow(/CHECK constraint/);
    expect(fts(db, 'transport')).toEqual([1, 2]);
    expect(fts(db, 'stone')).toEqual([2]);
    // The trash takes a clipping out of the index and restoring puts it back.
    db.prepare(`UPDATE clippings SET deleted_at = ? WHERE id = 2`).run(NOW);
    expect(fts(db, 'quimper')).toEqual([]);
    expect(fts(db, 'transport')).toEqual([1]);
    expect(ids(db.prepare(`SELECT id FROM clipping_fts_source`).all())).toEqual([1]);
    db.prepare(`UPDATE clippings SET deleted_at = NULL WHERE id = 2`).run();
    expect(fts(db, 'quimper')).toEqual([2]);
    ftsIntegrity(db);
    db.close();
  },

  4: () => {
    const db = at(3);
    addClipping(db, { id: 1, title: 'Ferry returns', text: 'The island ferry is back in service.' });
    db.prepare(`UPDATE clippings SET starred = 1 WHERE id = 1`).run();

    migrateTo(db, 4);
    expect(columns(db, 'saved_searches')).toEqual(['id', 'name', 'query', 'created_at', 'updated_at']);
    db.prepare(`INSERT INTO saved_searches (name, query, created_at, updated_at) VALUES ('Ferries', 'ferry OR ferries', ?, ?)`).run(NOW, NOW);
    expect(() => db.prepare(`INSERT INTO saved_searches (name, query, created_at, updated_at) VALUES ('FERRIES', 'x', ?, ?)`).run(NOW, NOW)).toThrow(/UNIQUE/);
    expect(db.prepare(`SELECT id, starred FROM clippings`).all()).toEqual([{ id: 1, starred: 1 }]);
    expect(fts(db, 'ferry')).toEqual([1]);
    db.close();
  },

  5: () => {
    const db = at(4);
    const bytes = Buffer.from('Ferry returns\n\nThe island ferry is back in service.\n');
    addCapture(db, 1, bytes);
    addCapture(db, 2, Buffer.from('another'));
    addClipping(db, { id: 1, title: 'Ferry returns', text: 'The island ferry is back in service.', captureId: 1 });

    migrateTo(db, 5);
    expect(columns(db, 'capture_resources')).toEqual(['id', 'capture_id', 'url', 'media_type', 'sha256', 'byte_size', 'bytes']);
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['capture_resources_capture', 'capture_resources_sha256']));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const addResource = (captureId: number) =>
      db.prepare(`INSERT INTO capture_resources (capture_id, url, media_type, sha256, byte_size, bytes) VALUES (?, 'https://x/a.png', 'image/png', 'p', 4, ?)`).run(captureId, png);
    addResource(1);
    addResource(2);
    expect(() => addResource(99)).toThrow(/FOREIGN KEY/);
    expect(Buffer.from((db.prepare(`SELECT bytes FROM captures WHERE id = 1`).get() as { bytes: Buffer }).bytes).equals(bytes)).toBe(true);
    // A capture's images go with it.
    db.prepare(`DELETE FROM captures WHERE id = 2`).run();
    expect(db.prepare(`SELECT capture_id FROM capture_resources`).all()).toEqual([{ capture_id: 1 }]);
    expect(fts(db, 'ferry')).toEqual([1]);
    db.close();
  },

  6: () => {
    const db = at(5);
    addCapture(db, 1, Buffer.from('one'));
    addClipping(db, { id: 1, title: 'Ferry returns', text: 'The island ferry is back in service.', captureId: 1 });
    addClipping(db, { id: 2, title: 'Ferry is back', text: 'The ferry to the island is back in service again.' });
    addTag(db, 1, 'Transport', 2);

    migrateTo(db, 6);
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['clipping_versions', 'clipping_minhash', 'clipping_lsh']));
    expect(columns(db, 'clippings')).toContain('cluster_id');
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['clipping_versions_clipping', 'clipping_versions_hash', 'clippings_cluster', 'clipping_lsh_clipping']));
    expect(db.prepare(`SELECT id, cluster_id FROM clippings ORDER BY id`).all()).toEqual([{ id: 1, cluster_id: null }, { id: 2, cluster_id: null }]);

    db.prepare(
      `INSERT INTO clipping_versions (clipping_id, capture_id, title, text, word_count, content_hash, captured_at, replaced_at)
       VALUES (2, 1, 'Ferry to return', 'Soon.', 1, 'old', ?, ?)`,
    ).run(NOW, NOW);
    db.prepare(`INSERT INTO clipping_minhash (clipping_id, shingles, signature) VALUES (2, 9, x'00')`).run();
    db.prepare(`INSERT INTO clipping_lsh (band, hash, clipping_id) VALUES (0, 42, 1), (0, 42, 2)`).run();
    db.prepare(`UPDATE clippings SET cluster_id = 1 WHERE id IN (1, 2)`).run();
    expect(fts(db, 'transport')).toEqual([2]);
    // A clipping's versions, signature and bands go with it; its capture stays.
    db.prepare(`DELETE FROM clippings WHERE id = 2`).run();
    for (const t of ['clipping_versions', 'clipping_minhash']) expect((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, t).toBe(0);
    expect(db.prepare(`SELECT clipping_id FROM clipping_lsh`).all()).toEqual([{ clipping_id: 1 }]);
    expect(db.prepare(`SELECT count(*) AS n FROM captures`).get()).toEqual({ n: 1 });
    expect(fts(db, 'ferry')).toEqual([1]);
    ftsIntegrity(db);
    db.close();
  },

  7: () => {
    const db = at(6);
    addClipping(db, { id: 1, ...ZH });
    addClipping(db, { id: 2, ...JA });
    addClipping(db, { id: 3, title: 'Ferry returns', text: 'The island ferry is back in service.' });
    db.prepare(`UPDATE clippings SET deleted_at = ? WHERE id = 2`).run(NOW);

    migrateTo(db, 7);
    expect(names(db, 'table')).toContain('clipping_cjk');
    expect(names(db, 'trigger')).toEqual(expect.arrayContaining(['clippings_cjk_ai', 'clippings_cjk_au', 'clippings_cjk_ad']));
    // Live clippings with CJK text are indexed by bigrams; the trashed one and English text are not.
    expect(cjk(db, '发言人')).toEqual([1]);
    expect(cjk(db, '乌克兰')).toEqual([1]);
    expect(cjk(db, '知事')).toEqual([]);
    expect(db.prepare(`SELECT rowid AS id FROM clipping_cjk ORDER BY rowid`).all()).toEqual([{ id: 1 }]);
    db.prepare(`UPDATE clippings SET deleted_at = NULL WHERE id = 2`).run();
    expect(cjk(db, '知事')).toEqual([2]);
    db.prepare(`UPDATE clippings SET text = '大阪府の知事は本日説明しました。' WHERE id = 2`).run();
    expect(cjk(db, '防災計画')).toEqual([]);
    expect(cjk(db, '大阪')).toEqual([2]);
    expect(cjk(db, '知事')).toEqual([2]); // also in the title
    expectCjkIndexExact(db);
    db.close();
  },

  8: () => {
    const db = at(7);
    addClipping(db, { id: 1, ...ZH, note: 'press briefing' });
    addClipping(db, { id: 2, ...JA });
    addClipping(db, { id: 3, title: 'Ferry returns', text: 'The island ferry is back in service.' });
    addClipping(db, { id: 4, title: 'ソウル 서울시 교통 정책', text: 'Seoul announced a new transport policy.' });
    addClipping(db, { id: 5, title: '上海证券交易所', text: '多家公司的年报显示利润增长。' });
    addTag(db, 8, 'Asia', 1, 2, 4);
    addTag(db, 3, 'Politics', 1);
    addTag(db, 6, 'Transport', 4, 3);
    addTag(db, 1, 'Media', 1); // clipping 1: tags inserted 8, 3, 1; by id neither by name nor by insertion
    addAnnotation(db, 12, 1, '发言人', 'spokesman');
    addAnnotation(db, 4, 1, '乌克兰', 'Ukraine');
    addAnnotation(db, 9, 2, '防災計画', 'disaster plan');
    // Give 007's index some history: an edit, a trashed clipping, a deleted one.
    db.prepare(`UPDATE clippings SET text = text || '新しい計画は来年から実施されます。' WHERE id = 2`).run();
    db.prepare(`UPDATE clippings SET deleted_at = ? WHERE id = 4`).run(NOW);
    db.prepare(`DELETE FROM clippings WHERE id = 5`).run();
    const documents = db.prepare(`SELECT * FROM clipping_fts_source ORDER BY id`).all();
    expect(newerSchemaObjects(db).map((o) => o.name).sort()).toEqual(['clipping_cjk', 'clipping_fts_source']);

    migrateTo(db, 8);
    // Nothing in the schema needs more than SQLite 3.37 any more.
    expect(newerSchemaObjects(db)).toEqual([]);
    expect((db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'clipping_cjk'`).get() as { sql: string }).sql).toMatch(/content = ''/);
    expect(names(db, 'trigger')).toEqual(expect.arrayContaining(['clippings_cjk_ai', 'clippings_cjk_au', 'clippings_cjk_ad', 'clippings_fts_trash', 'clippings_fts_restore']));
    expect(names(db, 'trigger')).toHaveLength(21);

    // The search view gives the same documents, byte for byte, tags and annotations in
    // id order: what 002/003 indexed stays valid (positions included) without a rebuild.
    expect(db.prepare(`SELECT * FROM clipping_fts_source ORDER BY id`).all()).toEqual(documents);
    expect(db.prepare(`SELECT tags, annotations FROM clipping_fts_source WHERE id = 1`).get()).toEqual({
      tags: 'Media ; Politics ; Asia',
      annotations: '乌克兰 Ukraine ; 发言人 spokesman',
    });
    ftsIntegrity(db);
    expect(fts(db, 'spokesman')).toEqual([1]);
    expect(fts(db, 'tags:asia')).toEqual([1, 2]);
    expect(fts(db, 'ferry')).toEqual([3]);
    // Highlighting re-reads the view: it must mark the same tokens the index matched.
    expect(db.prepare(`SELECT highlight(clipping_fts, 6, '[', ']') AS h FROM clipping_fts WHERE clipping_fts MATCH 'annotations:spokesman'`).get()).toEqual({
      h: '乌克兰 Ukraine ; 发言人 [spokesman]',
    });

    // The rebuilt CJK index finds what 007's did, and follows edits, the trash and deletes.
    expect(cjk(db, '发言人')).toEqual([1]);
    expect(cjk(db, '計画')).toEqual([2]);
    expect(cjk(db, '서울')).toEqual([]); // trashed
    expect(cjk(db, '上海')).toEqual([]); // deleted
    expectCjkIndexExact(db);
    db.prepare(`UPDATE clippings SET deleted_at = NULL WHERE id = 4`).run();
    expect(cjk(db, '서울')).toEqual([4]);
    db.prepare(`UPDATE clippings SET title = '北京新闻' WHERE id = 1`).run();
    expect(cjk(db, '发布会')).toEqual([]);
    expect(cjk(db, '新闻')).toEqual([1]);
    db.prepare(`UPDATE clippings SET text = 'Now in English only.', title = 'English' WHERE id = 2`).run();
    expect(cjk(db, '計画')).toEqual([]);
    db.prepare(`UPDATE clippings SET text = '防災計画' WHERE id = 2`).run();
    expect(cjk(db, '計画')).toEqual([2]);
    expectCjkIndexExact(db);
    db.prepare(`UPDATE clippings SET deleted_at = ? WHERE id = 1`).run(NOW);
    db.prepare(`DELETE FROM clippings WHERE id = 1`).run(); // trashed, then purged
    db.prepare(`DELETE FROM clippings WHERE id = 4`).run(); // live, deleted outright
    db.prepare(`DELETE FROM clippings WHERE id = 3`).run(); // no CJK text
    expect(cjk(db, '新闻')).toEqual([]);
    expect(cjk(db, '서울')).toEqual([]);
    addClipping(db, { id: 6, title: '新しい記事', text: '記者会見は明日です。' });
    expect(cjk(db, '記者会見')).toEqual([6]);
    expectCjkIndexExact(db);
    ftsIntegrity(db);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  },
  9: () => {
    const db = at(8);
    addClipping(db, { id: 1, title: 'Sea wall repaired', text: 'The harbour wall was repaired before the storms.' });
    expect(columns(db, 'clippings')).not.toContain('extraction_uncertain');
    migrateTo(db, 9);
    expect(columns(db, 'clippings')).toContain('extraction_uncertain');
    // Clippings stored before start as not uncertain; the column holds only 0 or 1.
    expect(db.prepare(`SELECT extraction_uncertain AS u FROM clippings WHERE id = 1`).get()).toEqual({ u: 0 });
    db.prepare(`UPDATE clippings SET extraction_uncertain = 1 WHERE id = 1`).run();
    expect(() => db.prepare(`UPDATE clippings SET extraction_uncertain = 2 WHERE id = 1`).run()).toThrow(/CHECK constraint/);
    addClipping(db, { id: 2, title: 'Ferry back', text: 'The ferry is back in service.' });
    expect(db.prepare(`SELECT id, extraction_uncertain AS u FROM clippings ORDER BY id`).all()).toEqual([{ id: 1, u: 1 }, { id: 2, u: 0 }]);
    expect(fts(db, 'harbour')).toEqual([1]);
    ftsIntegrity(db);
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  10: () => {
    const db = at(9);
    const save = db.prepare(`INSERT INTO saved_searches (name, query, created_at, updated_at) VALUES (?, ?, ?, ?)`);
    for (const n of ['ferries', 'Budget', 'Harbour']) save.run(n, n, NOW, NOW);
    expect(columns(db, 'saved_searches')).not.toContain('position');
    migrateTo(db, 10);
    // Searches saved before keep the alphabetical order they were shown in.
    expect(db.prepare(`SELECT name, position FROM saved_searches ORDER BY position`).all()).toEqual([
      { name: 'Budget', position: 0 },
      { name: 'ferries', position: 1 },
      { name: 'Harbour', position: 2 },
    ]);
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  11: () => {
    const db = at(10);
    addClipping(db, { id: 1, title: 'Abbey roof repaired', text: 'The abbey roof was repaired before the storms.', outlet: 'Island Times' });
    addClipping(db, { id: 2, title: 'Ferry back', text: 'The ferry is back in service; abbots cheered.' });
    addTag(db, 3, 'Absent', 2);
    addClipping(db, { id: 4, title: 'Łódź council', text: 'Roadworks on the Hauptstraße.' });
    expect(fts(db, 'lodz OR hauptstrasse')).toEqual([]);
    migrateTo(db, 11);
    // Documents written before are re-read through the folding view.
    expect(fts(db, 'lodz')).toEqual([4]);
    expect(fts(db, 'hauptstrasse')).toEqual([4]);
    const indexes = names(db, 'index');
    expect(indexes).toEqual(expect.arrayContaining(['clippings_filters', 'clippings_live_filters']));
    expect(indexes).not.toContain('clippings_live_sort');
    // The index was rebuilt with 2- and 3-character prefix indexes, over the same documents.
    expect(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'clipping_fts'`).get()).toEqual({ sql: expect.stringMatching(/prefix = '2 3'/) });
    expect(fts(db, 'ab*')).toEqual([1, 2]);
    expect(fts(db, 'abb*')).toEqual([1, 2]);
    expect(fts(db, 'tags : abs*')).toEqual([2]);
    // The triggers still keep it in step.
    addClipping(db, { id: 3, title: 'Abroad', text: 'Nothing else.' });
    db.prepare(`UPDATE clippings SET title = 'Roof repaired', text = 'Only the ferry.' WHERE id = 1`).run();
    expect(fts(db, 'ab*')).toEqual([2, 3]);
    ftsIntegrity(db);
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  12: () => {
    const db = at(11);
    addCapture(db, 1, Buffer.from('<p>Saved before the clipper.</p>'));
    addClipping(db, { id: 1, title: 'Before', text: 'Saved before the clipper.', captureId: 1 });
    migrateTo(db, 12);
    // Captures stored before record no origin; the clipper's tables start empty.
    expect(db.prepare(`SELECT id, origin FROM captures`).all()).toEqual([{ id: 1, origin: null }]);
    expect(db.prepare(`SELECT count(*) AS n FROM clipper_tokens`).get()).toEqual({ n: 0 });
    db.prepare(`INSERT INTO clipper_tokens (name, token_hash, created_at) VALUES ('Chromium', 'h', ?)`).run(NOW);
    expect(() => db.prepare(`INSERT INTO clipper_tokens (name, token_hash, created_at) VALUES ('Again', 'h', ?)`).run(NOW)).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO clipper_deliveries (key, result, created_at) VALUES ('k1', '{}', ?)`).run(NOW);
    expect(() => db.prepare(`INSERT INTO clipper_deliveries (key, result, created_at) VALUES ('k1', '{}', ?)`).run(NOW)).toThrow(/UNIQUE|PRIMARY/);
    expect(db.prepare(`SELECT title FROM clippings`).all()).toEqual([{ title: 'Before' }]);
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  13: () => {
    const db = at(12);
    addClipping(db, { id: 1, title: 'Sea wall repaired', text: 'The harbour wall was repaired.', note: 'Follow up in May' });
    addClipping(db, { id: 2, title: 'Ferry back', text: 'The ferry is back in service.' });
    db.prepare(`UPDATE clippings SET source_url = 'https://courier.example/ferry' WHERE id = 2`).run();
    const indexColumns = (name: string): (string | null)[] => (db.pragma(`index_info(${name})`) as { name: string | null }[]).map((c) => c.name);
    expect(indexColumns('clippings_filters')).not.toContain('note');
    migrateTo(db, 13);
    const added = ['note', 'canonical_url', 'source_url'];
    expect(indexColumns('clippings_filters').slice(-3)).toEqual(added);
    expect(indexColumns('clippings_live_filters').slice(-3)).toEqual(added);
    expect(indexColumns('clippings_live_updated')).toEqual(['deleted_at', 'updated_at']);
    // The rows written before are in the new indexes.
    const covered = (sql: string) => db.prepare(`SELECT id FROM clippings INDEXED BY clippings_filters WHERE ${sql} ORDER BY id`).pluck().all();
    expect(covered(`trim(note) <> ''`)).toEqual([1]);
    expect(covered(`instr(source_url, 'courier') > 0`)).toEqual([2]);
    expect(db.prepare(`SELECT count(*) AS n, max(updated_at) AS u FROM clippings INDEXED BY clippings_live_updated WHERE deleted_at IS NULL`).get()).toEqual({ n: 2, u: NOW });
    expect(fts(db, 'harbour')).toEqual([1]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  14: () => {
    const db = at(13);
    addClipping(db, { id: 1, title: 'Harbour reopens', text: 'The harbour reopened on Monday.' });
    addClipping(db, { id: 2, title: 'Ferry back', text: 'The ferry is back.' });
    addTag(db, 3, 'Transport', 1, 2);
    addAnnotation(db, 4, 1, 'harbour', 'lead');
    migrateTo(db, 14);
    const uuids = (table: string) => (db.prepare(`SELECT uuid FROM ${table} ORDER BY id`).all() as { uuid: string }[]).map((r) => r.uuid);
    const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    // Existing rows get distinct UUIDv7s; their first 48 bits are the time of the migration.
    const backfilled = [...uuids('clippings'), ...uuids('annotations'), ...uuids('tags')];
    expect(backfilled).toHaveLength(4);
    for (const u of backfilled) expect(u).toMatch(V7);
    expect(new Set(backfilled).size).toBe(4);
    const ms = parseInt(backfilled[0]!.replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
    // A row inserted without one gets one; the outbox stays empty while not joined.
    addClipping(db, { id: 5, title: 'New', text: 'Added after the migration.' });
    expect(uuids('clippings')[2]).toMatch(V7);
    expect(db.prepare(`SELECT count(*) AS n FROM sync_outbox`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT joined, cursor FROM sync_state`).get()).toEqual({ joined: 0, cursor: 0 });
    // Joined, a change is recorded in the same transaction, with its register.
    db.prepare(`UPDATE sync_state SET joined = 1, replica = 'r1'`).run();
    db.prepare(`UPDATE clippings SET title = 'Harbour reopened' WHERE id = 1`).run();
    const op = db.prepare(`SELECT kind, object, key, value FROM sync_outbox`).get() as { kind: string; object: string; key: string; value: string };
    expect(op).toEqual({ kind: 'field', object: uuids('clippings')[0], key: 'title', value: JSON.stringify({ title: 'Harbour reopened' }) });
    expect(db.prepare(`SELECT grp, replica FROM sync_versions`).all()).toEqual([{ grp: 'title', replica: 'r1' }]);
    expect(fts(db, 'reopened')).toEqual([1]);
    ftsIntegrity(db);
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  15: () => {
    const db = at(14);
    addClipping(db, { id: 1, title: 'Budget day', text: 'The chancellor spoke about the budget.', note: 'check the figures' });
    addClipping(db, { id: 2, title: 'Ferry back', text: 'The ferry is back in service.' });
    addClipping(db, { id: 3, title: 'Łódź council', text: 'Roadworks on the Hauptstraße.' });
    addTag(db, 4, 'Minister', 1);
    addAnnotation(db, 5, 2, 'ferry', 'timetable Øresund');
    expect(fts(db, 'minister')).toEqual([1]);
    migrateTo(db, 15);
    // The body's index: title, byline, outlet, body, as before (folded letters, prefixes).
    expect(columns(db, 'clipping_fts')).toEqual(['title', 'byline', 'outlet', 'body']);
    expect(fts(db, 'budget')).toEqual([1]);
    expect(fts(db, 'lodz')).toEqual([3]);
    expect(fts(db, 'ferr*')).toEqual([2]);
    expect(fts(db, 'minister OR figures OR timetable')).toEqual([]);
    // Tags, notes and annotations: their own index, with a document only for the clippings that have any.
    expect(columns(db, 'clipping_meta_fts')).toEqual(['tags', 'notes', 'annotations']);
    expect(meta(db, 'tags : minister')).toEqual([1]);
    expect(meta(db, 'notes : figures')).toEqual([1]);
    expect(meta(db, 'annotations : oresund')).toEqual([2]);
    expect(meta(db, 'tim*')).toEqual([2]);
    expect(db.prepare('SELECT id FROM clipping_meta_fts_docsize ORDER BY id').all()).toEqual([{ id: 1 }, { id: 2 }]);
    // The triggers keep both in step.
    addTag(db, 6, 'Transport', 3);
    db.prepare(`UPDATE clippings SET note = 'ask the council', title = 'Lodz council meets' WHERE id = 3`).run();
    expect(meta(db, 'transport')).toEqual([3]);
    expect(meta(db, 'council')).toEqual([3]);
    expect(fts(db, 'meets')).toEqual([3]);
    db.prepare(`UPDATE clippings SET deleted_at = ? WHERE id = 1`).run(NOW);
    expect(meta(db, 'minister')).toEqual([]);
    expect(fts(db, 'budget')).toEqual([]);
    ftsIntegrity(db);
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  16: () => {
    const db = at(15);
    const plain = Buffer.from('Ferry back\n\nBy Ann Example\n\nThe island ferry is back in service after a long winter of repairs in the harbour.\n');
    const long = Buffer.from(`<html><body>${'<p>The chancellor spoke about the budget and the deficit for an hour.</p>'.repeat(60)}</body></html>`);
    const insert = db.prepare(`INSERT INTO captures (id, media_type, captured_at, sha256, byte_size, content_encoding, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    insert.run(1, 'text/plain', NOW, sha256(plain), plain.length, 'identity', plain);
    insert.run(2, 'text/html', NOW, sha256(long), long.length, 'gzip', gzipSync(long));
    insert.run(3, 'text/plain', NOW, 'not-its-hash', plain.length, 'identity', plain);
    addClipping(db, { id: 1, title: 'Ferry back', text: 'The island ferry is back in service after a long winter of repairs in the harbour.', captureId: 1 });
    addClipping(db, { id: 2, title: 'Budget', text: 'The chancellor spoke about the budget and the deficit for an hour.', captureId: 2 });
    addClipping(db, { id: 3, title: 'Ferry again', text: 'The island ferry is back in service after a long winter of repairs in the harbour.', captureId: 3 });
    migrateTo(db, 16);
    expect(columns(db, 'captures')).toContain('base_clipping_id');
    // Packed against the text of their clipping, smaller, and given back byte for byte…
    const row = (id: number) => db.prepare(`SELECT base_clipping_id AS base, content_encoding AS encoding, length(bytes) AS size FROM captures WHERE id = ?`).get(id);
    expect(row(1)).toMatchObject({ base: 1, encoding: 'identity' });
    expect(row(2)).toMatchObject({ base: 2, encoding: 'identity' });
    expect((row(2) as { size: number }).size).toBeLessThan(gzipSync(long).length);
    // (read back at the end, by the repository, which reads the latest schema)
    // …except bytes that do not match their hash: left as they were.
    expect(row(3)).toMatchObject({ base: null, encoding: 'identity', size: plain.length });
    // The text they are stored against cannot change under them.
    expect(() => db.prepare(`UPDATE clippings SET text = 'changed' WHERE id = 1`).run()).toThrow(/stored against its text/);
    expect(() => db.prepare(`DELETE FROM clippings WHERE id = 2`).run()).toThrow(/stored against its text/);
    db.prepare(`UPDATE clippings SET text = 'changed' WHERE id = 3`).run();
    ftsIntegrity(db);
    expect(newerSchemaObjects(db)).toEqual([]);
    migrateTo(db, LATEST_VERSION);
    const captures = new CaptureRepo(db);
    expect(captures.bytes(1)!.equals(plain)).toBe(true);
    expect(captures.bytes(2)!.equals(long)).toBe(true);
    db.close();
  },
  17: () => {
    const db = at(16);
    addClipping(db, { id: 1, title: 'Budget day', text: 'The chancellor spoke.', outlet: 'Herald' });
    addClipping(db, { id: 2000, title: 'Ferry back', text: 'The ferry is back.' });
    addTag(db, 3, 'Economy', 1);
    migrateTo(db, 17);
    const gens = () => new Map((db.prepare(`SELECT chunk, gen FROM clipping_facet_chunks`).all() as { chunk: number; gen: number }[]).map((r) => [r.chunk, r.gen]));
    // Nothing marked for the rows already there: a chunk without a row is at gen 0.
    expect(gens().size).toBe(0);
    // Every change to what a chunk (id >> 10) holds gives it a new generation; other changes do not.
    const changes: [string, number][] = [
      [`UPDATE clippings SET outlet = 'Courier' WHERE id = 1`, 0],
      [`UPDATE clippings SET published_at = '2020-01-01' WHERE id = 1`, 0],
      [`UPDATE clippings SET deleted_at = '${NOW}' WHERE id = 2000`, 1],
      [`UPDATE clippings SET deleted_at = NULL WHERE id = 2000`, 1],
      [`UPDATE clippings SET cluster_id = 1 WHERE id = 1`, 0],
      [`UPDATE clippings SET sort_key = 'x' WHERE id = 2000`, 1],
      [`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (2000, 3, '${NOW}')`, 1],
      [`DELETE FROM clipping_tags WHERE clipping_id = 1`, 0],
      [`DELETE FROM tags WHERE id = 3`, 1], // unlinks it from 2000 through the cascade
      [`DELETE FROM clippings WHERE id = 1`, 0],
    ];
    for (const [sql, chunk] of changes) {
      const before = gens().get(chunk);
      db.exec(sql);
      expect(gens().get(chunk), sql).not.toBe(before);
      expect(Number.isSafeInteger(gens().get(chunk)), sql).toBe(true);
    }
    addClipping(db, { id: 5000, title: 'New', text: 'Added after the migration.' });
    expect(gens().has(4)).toBe(true);
    const before = gens();
    db.exec(`UPDATE clippings SET title = 'Ferry returns', is_read = 1, note = 'n' WHERE id = 2000; INSERT INTO tags (id, name, created_at) VALUES (9, 'Sea', '${NOW}'); UPDATE tags SET name = 'Ocean' WHERE id = 9`);
    expect(gens()).toEqual(before);
    expect(fts(db, 'returns')).toEqual([2000]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  18: () => {
    const db = at(17);
    addClipping(db, { id: 1, title: 'Budget day', text: 'The chancellor spoke.' });
    db.prepare(`UPDATE sync_state SET joined = 1, replica = 'r1', server = 'https://team.example/' WHERE id = 1`).run();
    migrateTo(db, 18);
    expect(columns(db, 'sync_aliases')).toEqual(['alias', 'target']);
    expect(db.prepare(`SELECT count(*) AS n FROM sync_aliases`).get()).toEqual({ n: 0 });
    // Nothing else changed: the archive stays joined, its clipping and its uuid as they were.
    expect(db.prepare(`SELECT joined, replica FROM sync_state`).get()).toEqual({ joined: 1, replica: 'r1' });
    expect(db.prepare(`SELECT uuid IS NOT NULL AS has FROM clippings WHERE id = 1`).get()).toEqual({ has: 1 });
    db.prepare(`INSERT INTO sync_aliases (alias, target) VALUES ('a', 'b')`).run();
    expect(() => db.prepare(`INSERT INTO sync_aliases (alias, target) VALUES ('a', 'c')`).run()).toThrow(/UNIQUE/);
    // Saved searches are recorded for the team while joined: saved, re-queried, renamed, moved, deleted.
    db.exec(`INSERT INTO saved_searches (name, query, created_at, updated_at, position) VALUES ('Floods', 'flood', '${NOW}', '${NOW}', 0);
             UPDATE saved_searches SET query = 'flood OR storm';
             UPDATE saved_searches SET name = 'Weather';
             UPDATE saved_searches SET position = 3;
             DELETE FROM saved_searches;`);
    const ops = db.prepare(`SELECT kind, object, key, value FROM sync_outbox ORDER BY seq`).all() as { kind: string; object: string; key: string; value: string }[];
    // (The rename's three, from two triggers, in the order SQLite fires them.)
    expect(ops.map((o) => [o.kind, o.object, o.key, JSON.parse(o.value)])).toEqual([
      ['saved', 'floods', 'search', { present: true, name: 'Floods', query: 'flood' }],
      ['saved', 'floods', 'position', 0],
      ['saved', 'floods', 'search', { present: true, name: 'Floods', query: 'flood OR storm' }],
      ['saved', 'weather', 'search', { present: true, name: 'Weather', query: 'flood OR storm' }],
      ['saved', 'floods', 'search', { present: false, name: 'Floods' }],
      ['saved', 'weather', 'position', 0],
      ['saved', 'weather', 'position', 3],
      ['saved', 'weather', 'search', { present: false, name: 'Weather' }],
    ]);
    // A version kept is recorded with its columns and its capture's SHA-256.
    db.exec(`INSERT INTO clipping_versions (clipping_id, title, text, word_count, content_hash, captured_at, replaced_at) VALUES (1, 'Budget', 'Old text.', 2, 'h-old', '${NOW}', '${NOW}')`);
    const version = db.prepare(`SELECT kind, object, value FROM sync_outbox ORDER BY seq DESC LIMIT 1`).get() as { kind: string; object: string; value: string };
    expect([version.kind, version.object]).toEqual(['version', (db.prepare(`SELECT uuid FROM clippings WHERE id = 1`).get() as { uuid: string }).uuid]);
    expect(JSON.parse(version.value)).toMatchObject({ capture: null, title: 'Budget', text: 'Old text.', word_count: 2, content_hash: 'h-old', replaced_at: NOW });
    ops.push(version as never);
    // Not while applying pulled operations.
    db.exec(`UPDATE sync_state SET applying = 1; INSERT INTO saved_searches (name, query, created_at, updated_at) VALUES ('Quiet', 'q', '${NOW}', '${NOW}')`);
    expect(db.prepare(`SELECT count(*) AS n FROM sync_outbox`).get()).toEqual({ n: ops.length });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  19: () => {
    const db = at(18);
    addClipping(db, { id: 1, title: 'Budget day', text: 'The chancellor spoke.' });
    addClipping(db, { id: 2, title: 'Ferry back', text: 'The ferry is back.' });
    migrateTo(db, 19);
    const marks = () => (db.prepare(`SELECT clipping_id AS id FROM clipping_rank_changes ORDER BY seq`).all() as { id: number }[]).map((r) => r.id);
    // Nothing marked for the rows already there.
    expect(marks()).toEqual([]);
    // A change to a clipping's body document (title, byline, outlet, text), trashing,
    // restoring and adding one mark it, in order; tags, notes and flags do not.
    db.exec(`UPDATE clippings SET note = 'n', is_read = 1 WHERE id = 1`);
    addTag(db, 3, 'Economy', 1);
    expect(marks()).toEqual([]);
    db.exec(`UPDATE clippings SET title = 'Budget night' WHERE id = 1`);
    db.exec(`UPDATE clippings SET text = 'The ferry returns.' WHERE id = 2`);
    db.exec(`UPDATE clippings SET deleted_at = '${NOW}' WHERE id = 1`);
    db.exec(`UPDATE clippings SET deleted_at = NULL WHERE id = 1`);
    db.exec(`UPDATE clippings SET byline = 'A. Writer', outlet = 'Herald' WHERE id = 2`);
    addClipping(db, { id: 3, title: 'New', text: 'Added after the migration.' });
    expect(marks()).toEqual([1, 2, 1, 1, 2, 3]);
    // Only the last RANK_CHANGES_KEPT marks are kept, and a number is never given twice.
    const last = (db.prepare(`SELECT max(seq) AS n FROM clipping_rank_changes`).get() as { n: number }).n;
    db.transaction(() => {
      for (let i = 0; i < RANK_CHANGES_KEPT + 5; i++) db.prepare(`UPDATE clippings SET title = ? WHERE id = 3`).run(`New ${i}`);
    })();
    const seqs = (db.prepare(`SELECT seq FROM clipping_rank_changes ORDER BY seq`).all() as { seq: number }[]).map((r) => r.seq);
    expect(seqs).toHaveLength(RANK_CHANGES_KEPT);
    expect(seqs[0]).toBe(last + 6);
    db.exec(`DELETE FROM clipping_rank_changes`);
    addClipping(db, { id: 4, title: 'Later', text: 'After the marks were cleared.' });
    expect((db.prepare(`SELECT seq FROM clipping_rank_changes`).get() as { seq: number }).seq).toBe(last + RANK_CHANGES_KEPT + 6);
    expect(fts(db, 'returns')).toEqual([2]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  20: () => {
    const db = at(19);
    addClipping(db, { id: 1, title: 'Budget day', text: 'The chancellor spoke.' });
    db.prepare(`UPDATE sync_state SET joined = 1, replica = 'r1', user_name = 'Alice', server = 'https://team.example/' WHERE id = 1`).run();
    db.prepare(`INSERT INTO sync_versions (object, grp, hlc, replica) VALUES ('u1', '*', 5, 'r1'), ('u1', 'title', 7, 'r2')`).run();
    migrateTo(db, 20);
    // The joined user's own replica is named; other replicas are named by the next pull.
    expect(columns(db, 'sync_replicas')).toEqual(['replica', 'user_name', 'folded']);
    expect(db.prepare(`SELECT replica, user_name, folded FROM sync_replicas`).all()).toEqual([{ replica: 'r1', user_name: 'Alice', folded: 'alice' }]);
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['sync_replicas_folded', 'sync_versions_replica']));
    // The version rows are read by replica through the new index.
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT object FROM sync_versions WHERE replica = 'r2'`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/sync_versions_replica/);
    expect(db.prepare(`SELECT object, grp, hlc, replica FROM sync_versions ORDER BY grp`).all()).toEqual([
      { object: 'u1', grp: '*', hlc: 5, replica: 'r1' },
      { object: 'u1', grp: 'title', hlc: 7, replica: 'r2' },
    ]);
    expect(() => db.prepare(`INSERT INTO sync_replicas (replica, user_name, folded) VALUES ('r1', 'Bob', 'bob')`).run()).toThrow(/UNIQUE|PRIMARY/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();

    // An archive not in a team names nobody.
    const solo = at(19);
    migrateTo(solo, 20);
    expect(solo.prepare(`SELECT count(*) AS n FROM sync_replicas`).get()).toEqual({ n: 0 });
    solo.close();
  },
  21: () => {
    const db = at(20);
    const body = (i: number) => `The harbour ferry ${i} sailed at dawn; the council said the timetable for route ${i} was kept all winter. `.repeat(8);
    for (let i = 1; i <= 40; i++) addClipping(db, { id: i, title: `Ferry ${i} back`, text: body(i), byline: 'Ann Example', outlet: 'Herald' });
    addClipping(db, { id: 41, title: 'Harbour news', text: 'Nothing about boats.' });
    db.exec(`UPDATE clippings SET deleted_at = '${NOW}' WHERE id = 40`);
    const indexBytes = () => (db.prepare(`SELECT sum(length(block)) AS n FROM clipping_fts_data`).get() as { n: number }).n;
    const query = (q: string) => db.prepare(`SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY rank, rowid`).all(q);
    const queries = ['ferry', 'harbour', 'ferr*', 'ha*', '"timetable for route"', 'NEAR(council timetable, 3)', 'title : harbour', 'byline : ann', 'outlet : herald', 'body : harbour'];
    const before = queries.map(query);
    // (Built in one go, as the migration builds it: rows added one by one take more room.)
    db.exec(`INSERT INTO clipping_fts (clipping_fts) VALUES ('rebuild')`);
    const bytesBefore = indexBytes();
    migrateTo(db, 21);
    // The body first, the rest as before.
    expect(columns(db, 'clipping_fts')).toEqual(['body', 'title', 'byline', 'outlet']);
    expect((db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'clipping_fts'`).get() as { sql: string }).sql).toMatch(/content = 'clipping_fts_source'[\s\S]*porter unicode61 remove_diacritics 2[\s\S]*prefix = '2 3'/);
    // Every live clipping indexed again, matched and ordered as before (bm25's default weights: equal).
    expect(queries.map(query)).toEqual(before);
    expect(fts(db, 'ferry')).toHaveLength(39);
    // The same documents, in fewer bytes: the body's positions no longer carry a column marker (here 0.89×).
    expect(indexBytes()).toBeLessThan(bytesBefore * 0.93);
    // highlight() of column 0 is the body's; the triggers keep the index in step.
    expect(db.prepare(`SELECT highlight(clipping_fts, 0, '[', ']') AS h FROM clipping_fts WHERE clipping_fts MATCH 'boats'`).get()).toEqual({ h: 'Nothing about [boats].' });
    db.exec(`UPDATE clippings SET text = 'Ships and boats.' WHERE id = 41; UPDATE clippings SET deleted_at = NULL WHERE id = 40; DELETE FROM clippings WHERE id = 1`);
    expect(fts(db, 'ships')).toEqual([41]);
    expect(fts(db, 'ferry')).toHaveLength(39);
    ftsIntegrity(db);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  22: () => {
    const db = at(21);
    addClipping(db, { id: 1, title: 'Budget day', text: 'The chancellor spoke.' });
    db.prepare(`UPDATE sync_state SET joined = 1, replica = 'r1', server = 'https://team.example/', hlc = 1000 WHERE id = 1`).run();
    const uuid = (db.prepare(`SELECT uuid FROM clippings WHERE id = 1`).get() as { uuid: string }).uuid;
    // A version held from before: the creation's, pulled from another replica.
    db.prepare(`INSERT INTO sync_versions (object, grp, hlc, replica) VALUES (?, '*', 500, 'r0')`).run(uuid);
    migrateTo(db, 22);
    expect(columns(db, 'sync_overridden')).toEqual(['clipping_id', 'grp', 'value', 'mine_hlc', 'by_replica', 'by_hlc', 'recorded_at']);
    expect(db.prepare(`SELECT joined, replica FROM sync_state`).get()).toEqual({ joined: 1, replica: 'r1' });
    // Each field edit names the version it was written over: the creation's, then its own group's.
    db.exec(`UPDATE clippings SET title = 'Budget night' WHERE id = 1`);
    db.exec(`UPDATE clippings SET title = 'Budget, late', note = 'check' WHERE id = 1`);
    const ops = (db.prepare(`SELECT hlc, key, value FROM sync_outbox ORDER BY seq`).all() as { hlc: number; key: string; value: string }[]).map((o) => ({ ...o, value: JSON.parse(o.value) }));
    // (The second update's two in the order SQLite fires their triggers.)
    expect(ops.map((o) => [o.key, o.value]).sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      ['note', { note: 'check', base: [500, 'r0'] }],
      ['title', { title: 'Budget night', base: [500, 'r0'] }],
      ['title', { title: 'Budget, late', base: [ops[0]!.hlc, 'r1'] }],
    ]);
    expect(db.prepare(`SELECT grp, replica FROM sync_versions WHERE object = ? ORDER BY grp`).all(uuid)).toEqual([
      { grp: '*', replica: 'r0' },
      { grp: 'note', replica: 'r1' },
      { grp: 'title', replica: 'r1' },
    ]);
    // Not while applying pulled operations.
    db.exec(`UPDATE sync_state SET applying = 1; UPDATE clippings SET title = 'Quiet' WHERE id = 1; UPDATE sync_state SET applying = 0`);
    expect(db.prepare(`SELECT count(*) AS n FROM sync_outbox`).get()).toEqual({ n: 3 });
    // An overridden value goes with its clipping.
    db.prepare(`INSERT INTO sync_overridden (clipping_id, grp, value, mine_hlc, by_replica, by_hlc, recorded_at) VALUES (1, 'title', '{}', 1, 'r2', 2, ?)`).run(NOW);
    db.exec(`DELETE FROM clippings WHERE id = 1`);
    expect(db.prepare(`SELECT count(*) AS n FROM sync_overridden`).get()).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  23: () => {
    const db = at(22);
    addClipping(db, { id: 1, title: 'Budget day', text: 'The chancellor spoke.' });
    db.exec(`DELETE FROM clipping_rank_changes`);
    migrateTo(db, 23);
    // An empty table of lists, one per expression; a list's three runs of integers kept as they were written.
    expect(columns(db, 'rank_lists')).toEqual(['id', 'expr', 'schema', 'seq', 'avgdl_max', 'bound', 'list', 'read_at']);
    const list = Buffer.from(Int32Array.from([1, 11, 4]).buffer);
    db.prepare(`INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at) VALUES ('"budget"', 20, 0, 4.1, 0, ?, 1)`).run(list);
    expect(() => db.prepare(`INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at) VALUES ('"budget"', 20, 0, 4.1, 0, ?, 2)`).run(list)).toThrow(/UNIQUE/);
    expect(db.prepare(`SELECT list FROM rank_lists`).get()).toEqual({ list });
    // The change marks go on as before.
    db.exec(`UPDATE clippings SET title = 'Budget night' WHERE id = 1`);
    addClipping(db, { id: 2, title: 'Ferry', text: 'The ferry.' });
    expect(db.prepare(`SELECT clipping_id AS id FROM clipping_rank_changes ORDER BY seq`).all()).toEqual([{ id: 1 }, { id: 2 }]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  24: () => {
    const db = at(23);
    const texts: Record<number, string> = {
      1: Array.from({ length: 30 }, (_, i) => `The island ferry to Zanzibar is back in service, day ${i}.`).join('\n\n'),
      2: `Kyïv, Zürich, Łódź — “quoted” 😀 e\u0301 ${'Straße '.repeat(20)}`,
      3: '',
      4: 'Qx7Rk2Lm9Zp4Wt8Nv3Bc6Hd1Jf5Gs0',
      5: ZH.text,
    };
    for (const [id, text] of Object.entries(texts)) addClipping(db, { id: Number(id), title: id === '5' ? ZH.title : `Clipping ${id}`, text });
    addTag(db, 1, 'Transport', 1, 2);
    const before = db.prepare(`SELECT id, body FROM clipping_fts_source ORDER BY id`).all();
    migrateTo(db, 24);
    expect(columns(db, 'clippings')).not.toContain('text');
    expect(columns(db, 'clippings')).toEqual(expect.arrayContaining(['text_z', 'text_size']));
    for (const [id, text] of Object.entries(texts)) {
      const raw = Buffer.from(text, 'utf8');
      const row = db.prepare(`SELECT text_z AS z, text_size AS size, sqlar_uncompress(text_z, text_size) AS text FROM clippings WHERE id = ?`).get(Number(id)) as { z: Buffer; size: number; text: string };
      expect(row.text, `clipping ${id}`).toBe(text);
      expect(row.size).toBe(raw.length);
      if (raw.length > 0 && deflateSync(raw).length < raw.length) expect(inflateSync(row.z).equals(raw)).toBe(true);
      else expect(Buffer.from(row.z).equals(raw)).toBe(true);
    }
    expect((db.prepare(`SELECT length(text_z) AS n FROM clippings WHERE id = 1`).get() as { n: number }).n).toBeLessThan(texts[1]!.length / 4);
    // The index's content is the same text (no rebuild was needed), and the triggers read it.
    expect(db.prepare(`SELECT id, body FROM clipping_fts_source ORDER BY id`).all()).toEqual(before);
    ftsIntegrity(db);
    expectCjkIndexExact(db);
    expect(fts(db, 'zanzibar')).toEqual([1]);
    expect(cjk(db, '发言')).toEqual([5]);
    db.prepare(`UPDATE clippings SET text_z = sqlar_compress(CAST(? AS BLOB)), text_size = ? WHERE id = 1`).run('Now about Quimper harbour.', 26);
    db.prepare(`UPDATE clippings SET text_z = ?, text_size = ? WHERE id = 5`).run(Buffer.from(JA.text), Buffer.byteLength(JA.text));
    db.prepare(`DELETE FROM clippings WHERE id = 2`).run();
    ftsIntegrity(db);
    expectCjkIndexExact(db);
    expect(fts(db, 'zanzibar')).toEqual([]);
    expect(fts(db, 'quimper')).toEqual([1]);
    expect(cjk(db, '知事')).toEqual([5]);
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  25: () => {
    const db = at(24);
    for (const id of [1, 2]) {
      db.prepare(`INSERT INTO clippings (id, title, text_z, text_size, captured_at, sort_key, content_hash, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`).run(
        id, `Ferry ${id}`, Buffer.from(`The island ferry is back in service, ${id}.`), NOW, `${NOW}|${id}`, `hash-${id}`, NOW, NOW,
      );
    }
    db.prepare(`INSERT INTO clipping_lsh (band, hash, clipping_id) VALUES (0, 42, 1), (1, 7, 1), (0, 42, 2)`).run();
    const bands = db.prepare(`SELECT * FROM clipping_lsh ORDER BY band, hash, clipping_id`).all();
    migrateTo(db, 25);
    // The stored bands stay where they were; the new table starts empty, keyed like the old one.
    expect(db.prepare(`SELECT * FROM clipping_lsh ORDER BY band, hash, clipping_id`).all()).toEqual(bands);
    expect(columns(db, 'clipping_lsh_recent')).toEqual(['band', 'hash', 'clipping_id']);
    expect(db.prepare(`SELECT count(*) AS n FROM clipping_lsh_recent`).get()).toEqual({ n: 0 });
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['clipping_lsh_clipping', 'clipping_lsh_recent_clipping']));
    db.prepare(`INSERT INTO clipping_lsh_recent (band, hash, clipping_id) VALUES (0, 42, 2), (2, 5, 1)`).run();
    expect(() => db.prepare(`INSERT INTO clipping_lsh_recent (band, hash, clipping_id) VALUES (0, 42, 2)`).run()).toThrow(/UNIQUE|PRIMARY KEY/);
    // A clipping's bands go with it, from either table (the new one's by a trigger).
    db.prepare(`DELETE FROM clippings WHERE id = 2`).run();
    expect(db.prepare(`SELECT clipping_id FROM clipping_lsh UNION ALL SELECT clipping_id FROM clipping_lsh_recent`).all()).toEqual([{ clipping_id: 1 }, { clipping_id: 1 }, { clipping_id: 1 }]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();

    // The sync insert trigger: the same body, fired only when it has work; what it records
    // is what it recorded at 24, in every state (identity given or not; joined or not; applying).
    const trigger = (d: Db) => (d.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'clippings_sync_ai'`).get() as { sql: string }).sql;
    const inserts = (d: Db) => {
      const add = (id: number, uuid: string | null) =>
        d.prepare(`INSERT INTO clippings (id, title, text_z, text_size, captured_at, sort_key, content_hash, created_at, updated_at, uuid) VALUES (?, 'Ferry', ?, 0, ?, ?, ?, ?, ?, ?)`).run(
          id, Buffer.from(`Text ${id}`), NOW, `${NOW}|${id}`, `hash-${id}`, NOW, NOW, uuid,
        );
      add(1, null);
      add(2, '01890000-0000-7000-8000-000000000002');
      d.exec(`UPDATE sync_state SET joined = 1, replica = 'r1'`);
      add(3, null);
      add(4, '01890000-0000-7000-8000-000000000004');
      d.exec(`UPDATE sync_state SET applying = 1`);
      add(5, null);
      add(6, '01890000-0000-7000-8000-000000000006');
      const uuids = d.prepare(`SELECT id, uuid FROM clippings ORDER BY id`).all() as { id: number; uuid: string | null }[];
      const byUuid = new Map(uuids.map((r) => [r.uuid, r.id]));
      return {
        identities: uuids.map((r) => [r.id, r.uuid === null ? null : r.uuid.startsWith('01890000') ? r.uuid : 'new']),
        outbox: (d.prepare(`SELECT kind, object, key, value FROM sync_outbox ORDER BY rowid`).all() as { kind: string; object: string }[]).map((r) => ({ ...r, object: byUuid.get(r.object) })),
        versions: d.prepare(`SELECT object, grp, replica FROM sync_versions ORDER BY object, grp`).all().map((r) => ({ ...(r as object), object: byUuid.get((r as { object: string }).object) })),
      };
    };
    const old = at(24);
    const fresh = at(24);
    const body = trigger(fresh).replace(/^[^]*? BEGIN\n/, '');
    migrateTo(fresh, 25);
    expect(trigger(fresh)).toBe(`CREATE TRIGGER clippings_sync_ai AFTER INSERT ON clippings WHEN ${SYNC_INSERT_WHEN} BEGIN\n${body}`);
    const before = inserts(old);
    const after = inserts(fresh);
    expect(after).toEqual(before);
    expect(after.identities).toEqual([[1, 'new'], [2, '01890000-0000-7000-8000-000000000002'], [3, 'new'], [4, '01890000-0000-7000-8000-000000000004'], [5, 'new'], [6, '01890000-0000-7000-8000-000000000006']]);
    expect(after.outbox.map((o) => [o.kind, o.object])).toEqual([['clipping', 3], ['clipping', 4]]);
    expect(after.versions).toHaveLength(2 * 11);
    old.close();
    fresh.close();
  },
  26: () => {
    const db = at(25);
    const list = Buffer.from(Int32Array.from([1, 11, 4]).buffer);
    db.prepare(`INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at) VALUES ('"budget"', 25, 0, 4.1, 0, ?, 1)`).run(list);
    migrateTo(db, 26);
    // Every stored list stays, not kept until a warm-up plans it; a list stored without saying is not kept.
    expect(columns(db, 'rank_lists')).toEqual(['id', 'expr', 'schema', 'seq', 'avgdl_max', 'bound', 'list', 'read_at', 'kept']);
    db.prepare(`INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at) VALUES ('"ferry"', 26, 0, 4.1, 0, ?, 2)`).run(list);
    expect(db.prepare(`SELECT expr, list, kept FROM rank_lists ORDER BY id`).all()).toEqual([
      { expr: '"budget"', list, kept: 0 },
      { expr: '"ferry"', list, kept: 0 },
    ]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
  27: () => {
    const db = at(26);
    const add = (id: number, c: { title: string; text: string }) =>
      db.prepare(`INSERT INTO clippings (id, title, text_z, text_size, captured_at, sort_key, content_hash, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`).run(id, c.title, c.text, NOW, `${NOW}|${id}`, `hash-${id}`, NOW, NOW);
    add(1, ZH);
    migrateTo(db, 27);
    expect(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'clippings_cjk_ai'`).pluck().get()).toContain('coalesce(cjk_bigrams_known(NEW.id), cjk_bigrams(');
    // An insert its writer tells nothing computes the bigrams from the row, as before; one
    // through ClippingRepo.insertMany is told them; both index the same bigrams.
    add(2, JA);
    db.transaction(() =>
      new ClippingRepo(db).insertMany([
        { id: 3, now: NOW, clipping: { captureId: null, title: '大阪の天気', byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'ja', excerpt: null, text: '大阪は明日も晴れるでしょう。 Sunny in Osaka.', html: null, figures: [], leadImage: null, wordCount: 4, contentHash: 'hash-3' } },
        { id: 4, now: NOW, clipping: { captureId: null, title: 'Ferry timetable', byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text: 'The ferry runs twice a day.', html: null, figures: [], leadImage: null, wordCount: 6, contentHash: 'hash-4' } },
      ]),
    )();
    expect(cjk(db, '乌克兰')).toEqual([1]);
    expect(cjk(db, '知事')).toEqual([2]);
    expect(cjk(db, '天気')).toEqual([3]);
    expect(cjk(db, '晴れ')).toEqual([3]);
    expectCjkIndexExact(db);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(newerSchemaObjects(db)).toEqual([]);
    db.close();
  },
};

describe('each migration step, from the version before it with data in place', () => {
  it('has a step test for every migration after the first', () => {
    expect(Object.keys(STEPS).map(Number)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
  });

  for (const m of MIGRATIONS.slice(1)) {
    it(`${m.version - 1} → ${m.version}: ${m.name}`, () => STEPS[m.version]!());
  }

  it('migrateTo never goes down or past the latest version', () => {
    const db = at(3);
    expect(() => migrateTo(db, 2)).toThrow(DatabaseError);
    expect(() => migrateTo(db, LATEST_VERSION + 1)).toThrow(/cannot migrate from schema 3/);
    migrateTo(db, 3); // nothing to do
    expect(schemaVersion(db)).toBe(3);
    migrateTo(db, LATEST_VERSION);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });
});
