/**
 * The clipping's text stored compressed (db/text.ts, migration 24): in SQLite's `sqlar`
 * format, byte-exact back, through every write path, with the full-text index (which reads
 * it through its content view) exact after every change, and readable by Debian's
 * `sqlite3` shell.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { packCapture } from '../../db/captures.ts';
import { compressText, packText, rememberPacked, unpackText } from '../../db/text.ts';
import { Archive } from '../../electron/core/archive.ts';
import { ftsIntegrity, NOW, tempDir } from '../helpers.ts';

const LONG = Array.from({ length: 40 }, (_, i) => `The island ferry to Zanzibar returned on day ${i}; passengers cheered the crew in the harbour.`).join('\n\n');
const NON_ASCII = `Kyïv, Zürich, Łódź — “quoted” 東京都の知事は本日記者会見を開き 😀 e\u0301 \u200b ${'Straße '.repeat(30)}`;
/** Forty random letters and digits: deflate cannot shrink them (checked below). */
const INCOMPRESSIBLE = randomBytes(60).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 40);
const TEXTS = { long: LONG, nonAscii: NON_ASCII, empty: '', incompressible: INCOMPRESSIBLE, short: 'Ferry.' };

function clipping(title: string, text: string): NewClipping {
  return {
    captureId: null, title, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
    capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `h-${title}`,
  };
}

const stored = (db: Db, id: number) =>
  db.prepare(`SELECT text_z AS z, text_size AS size, typeof(text_z) AS type FROM clippings WHERE id = ?`).get(id) as { z: Buffer; size: number; type: string };

/** The row stores `text` as sqlar does: compressed when that is smaller, else the UTF-8 bytes, with their length. */
function expectStoredAs(db: Db, id: number, text: string): void {
  const raw = Buffer.from(text, 'utf8');
  const row = stored(db, id);
  expect(row.type).toBe('blob');
  expect(row.size).toBe(raw.length);
  if (raw.length > 0 && deflateSync(raw).length < raw.length) {
    expect(row.z.length).toBeLessThan(raw.length);
    expect(inflateSync(row.z).equals(raw)).toBe(true);
  } else {
    expect(row.z.equals(raw)).toBe(true);
  }
}

describe('the stored text (db/text.ts)', () => {
  it('packs in the sqlar format and unpacks byte-exact: long, non-ASCII, empty, incompressible', () => {
    expect(deflateSync(Buffer.from(INCOMPRESSIBLE)).length).toBeGreaterThanOrEqual(INCOMPRESSIBLE.length);
    for (const [name, text] of Object.entries(TEXTS)) {
      const p = packText(text);
      expect(p.text_size, name).toBe(Buffer.byteLength(text, 'utf8'));
      expect(unpackText(p.text_z, p.text_size), name).toBe(text);
    }
    expect(packText(LONG).text_z.length).toBeLessThan(Buffer.byteLength(LONG) / 4);
    expect(packText(INCOMPRESSIBLE).text_z.equals(Buffer.from(INCOMPRESSIBLE))).toBe(true);
    expect(packText('').text_z.length).toBe(0);
    // sqlar reads a size of 0 as "stored as it is" (what a writer leaving text_size at its default stores).
    expect(unpackText(Buffer.from('Kyïv'), 0)).toBe('Kyïv');
  });

  it("gives SQL the sqlite3 shell's sqlar_compress() and sqlar_uncompress()", () => {
    const db = openDatabase(':memory:');
    const one = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params);
    const z = one(`SELECT sqlar_compress(CAST(? AS BLOB))`, LONG) as Buffer;
    expect(inflateSync(z).toString('utf8')).toBe(LONG);
    expect(one(`SELECT sqlar_uncompress(sqlar_compress(CAST(? AS BLOB)), ?)`, NON_ASCII, Buffer.byteLength(NON_ASCII))).toBe(NON_ASCII);
    expect(one(`SELECT sqlar_compress('text is left as it is')`)).toBe('text is left as it is');
    expect((one(`SELECT sqlar_compress(CAST(? AS BLOB))`, INCOMPRESSIBLE) as Buffer).toString()).toBe(INCOMPRESSIBLE);
    db.close();
  });

  it('refuses a stored text that does not inflate to its size', () => {
    const p = packText(LONG);
    expect(() => unpackText(p.text_z, p.text_size - 1)).toThrow();
    expect(() => unpackText(p.text_z, p.text_size + 1)).toThrow();
  });

  it('takes a text deflated ahead on another thread (the capture worker) instead of deflating it again, once', () => {
    // What the worker hands over is what the writer would have stored.
    for (const [name, text] of Object.entries(TEXTS)) {
      const ahead = packCapture(Buffer.from(text), text).storedText;
      const here = packText(text);
      expect(Buffer.from(ahead.text_z).equals(here.text_z), name).toBe(true);
      expect(ahead.text_size, name).toBe(here.text_size);
      expect(compressText(text).text_z.equals(here.text_z), name).toBe(true);
    }
    // Given ahead (here: other valid bytes, deflated harder), they are taken as they are, for that text only, once.
    const harder = deflateSync(Buffer.from(LONG), { level: 9, strategy: 1 });
    expect(harder.equals(packText(LONG).text_z)).toBe(false);
    rememberPacked(LONG, { text_z: new Uint8Array(harder), text_size: Buffer.byteLength(LONG) });
    expect(packText(`${LONG}.`).text_z.equals(harder)).toBe(false);
    const taken = packText(LONG);
    expect(taken.text_z.equals(harder)).toBe(true);
    expect(unpackText(taken.text_z, taken.text_size)).toBe(LONG);
    expect(packText(LONG).text_z.equals(harder)).toBe(false);
  });

  it('is written compressed by every clipping write and read back exact by every read', () => {
    const db = openDatabase(':memory:');
    const repo = new ClippingRepo(db);
    const ids = new Map<string, number>();
    for (const [name, text] of Object.entries(TEXTS)) ids.set(name, repo.insert(clipping(name, text), NOW));
    const next = repo.nextId();
    repo.insertMany(Object.entries(TEXTS).map(([name, text], i) => ({ id: next + i, clipping: clipping(`${name}-batch`, text), now: NOW })));
    for (let i = 0; i < Object.keys(TEXTS).length; i++) ids.set(`batch-${i}`, next + i);
    for (const [name, id] of ids) {
      const text = name.startsWith('batch-') ? Object.values(TEXTS)[Number(name.slice(6))]! : TEXTS[name as keyof typeof TEXTS];
      expectStoredAs(db, id, text);
      expect(repo.get(id)!.text).toBe(text);
      expect(repo.stored(id)!.text).toBe(text);
    }
    // A library import's whole row, and an edit.
    const row = repo.stored(ids.get('nonAscii')!)!;
    repo.insertStored({ ...row, id: 1000 });
    expectStoredAs(db, 1000, NON_ASCII);
    repo.update(ids.get('short')!, { text: LONG }, NOW);
    expectStoredAs(db, ids.get('short')!, LONG);
    expect(repo.get(ids.get('short')!)!.text).toBe(LONG);
    repo.update(ids.get('long')!, { text: '' }, NOW);
    expectStoredAs(db, ids.get('long')!, '');
    ftsIntegrity(db);
    db.close();
  });
});

describe('the body index over the stored text', () => {
  it('stays exact after adds, edits, trash and deletes; highlight() and the snippets mark the words as written', async () => {
    const file = path.join(tempDir('cuttings-text-'), 'a.db');
    const a = new Archive(file);
    try {
      const add = async (text: string) => (await a.call('clippings.add', { capture: { name: 'a.txt', text } })).id!;
      const ferry = await add(`Ferry returns to Zanzibar\n\n${LONG}`);
      const kyiv = await add(`Kyïv talks resume\n\n${NON_ASCII}\n\nDiplomats met again in Kyïv on Monday.`);
      const other = await add('Harbour wall repaired\n\nThe harbour wall at Quimper was repaired before winter.');
      expectStoredAs(a.db, ferry, (await a.call('clippings.get', { id: ferry })).text);
      const kyivText = (await a.call('clippings.get', { id: kyiv })).text;
      expectStoredAs(a.db, kyiv, kyivText);
      ftsIntegrity(a.db);

      const h = a.db
        .prepare(`SELECT highlight(clipping_fts, 0, '[', ']') AS h FROM clipping_fts WHERE clipping_fts MATCH 'diplomats' AND rowid = ?`)
        .get(kyiv) as { h: string };
      expect(h.h).toContain('[Diplomats] met again in Kyïv');
      const hit = (await a.call('search.query', { query: 'zürich' })).hits.find((x) => x.id === kyiv);
      expect(hit?.snippet).toContain('<mark>Zürich</mark>');
      const ferryHit = (await a.call('search.query', { query: 'passengers' })).hits.find((x) => x.id === ferry);
      expect(ferryHit?.snippet).toContain('<mark>passengers</mark>');

      await a.call('clippings.setText', { id: ferry, text: 'The ferry timetable changed: sailings at dawn.' });
      ftsIntegrity(a.db);
      expect((await a.call('search.query', { query: 'passengers' })).hits.map((x) => x.id)).not.toContain(ferry);
      expect((await a.call('search.query', { query: 'sailings' })).hits.map((x) => x.id)).toEqual([ferry]);
      await a.call('clippings.delete', { selection: { ids: [other] } });
      ftsIntegrity(a.db);
      await a.call('trash.empty', {});
      ftsIntegrity(a.db);
      expect((await a.call('clippings.get', { id: kyiv })).text).toBe(kyivText);
    } finally {
      a.close();
    }
  });
});

const SHELL = spawnSync('sqlite3', ['-batch', ':memory:', "SELECT sqlar_uncompress(X'', 0) IS NOT NULL"], { encoding: 'utf8' });

describe.skipIf(SHELL.status !== 0)("Debian's sqlite3 shell", () => {
  it('reads every stored text with its built-in sqlar_uncompress()', () => {
    const file = path.join(tempDir('cuttings-text-'), 'a.db');
    const db = openDatabase(file);
    const repo = new ClippingRepo(db);
    const ids = Object.entries(TEXTS).map(([name, text]) => repo.insert(clipping(name, text), NOW));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const r = spawnSync('sqlite3', ['-batch', '-bail', '-json', file, `SELECT id, CAST(sqlar_uncompress(text_z, text_size) AS TEXT) AS text FROM clippings ORDER BY id`], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const rows = (JSON.parse(r.stdout || '[]') as { id: number; text: string | null }[]).map((x) => [x.id, x.text ?? '']);
    expect(rows).toEqual(ids.map((id, i) => [id, Object.values(TEXTS)[i]]));
  });
});
