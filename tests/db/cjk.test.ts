import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CJK_BLOCKS_FROM, cjkBigrams, cjkMatch, FIRST_CJK, hasCjk } from '../../db/cjk.ts';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import { openDatabase } from '../../db/open.ts';
import { unpackText } from '../../db/text.ts';
import { Archive } from '../../electron/core/archive.ts';
import { tempDir } from '../helpers.ts';

describe('CJK side index', () => {
  it('turns runs of CJK text into overlapping bigrams', () => {
    expect(cjkBigrams('東京都の知事')).toBe('東京 京都 都の の知 知事');
    expect(cjkBigrams('Tokyo 東京 and 大阪')).toBe('東京 大阪');
    expect(cjkBigrams('plain English')).toBe('');
    expect(cjkMatch('知事')).toBe('"知事"');
    expect(cjkMatch('東京都')).toBe('"東京 京都"');
    expect(cjkMatch('都')).toBe('"都"*');
  });

  it('tells text with CJK characters as the script regex does, skipping the regex outside the Hangul Jamo and the CJK blocks', () => {
    const scripts = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
    const differ: number[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      if (hasCjk(`latin ${ch} text`) !== scripts.test(ch)) differ.push(c);
      if (c < FIRST_CJK && scripts.test(ch)) differ.push(c);
      if (c > 0x11ff && c < CJK_BLOCKS_FROM && scripts.test(ch)) differ.push(c);
      if (hasCjk(`an em dash \u2014 and \u201cquotes\u201d, then ${ch}`) !== scripts.test(ch)) differ.push(c);
    }
    expect(differ).toEqual([]);
    expect(hasCjk('')).toBe(false);
    expect(cjkBigrams('A headline, then 東京都 and 𠀀𠀁 (U+20000)')).toBe('東京 京都 𠀀𠀁');
  });

  it("takes a batch's bigrams from its writer: each new text is read back once (for the body's index), not again (migration 27)", () => {
    const db = openDatabase(':memory:');
    let reads = 0;
    db.function('sqlar_uncompress', { deterministic: true }, (z: unknown, size: unknown) => {
      reads++;
      return unpackText(z as Uint8Array | string | null, size as number | null);
    });
    const clipping = (title: string, text: string): NewClipping => ({
      captureId: null, title, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
      capturedAt: '2026-01-01T00:00:00Z', lang: null, excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 3, contentHash: title,
    });
    const texts = [
      ['東京都知事が記者会見', '東京都の知事は本日記者会見を開き、新しい防災計画について説明しました。'],
      ['Ferry timetable', 'The harbour board met to discuss the ferry timetable and the winter storms, again and again.'],
      ['Ferry 北京 notes', '外交部发言人在北京举行的例行记者会上回答了问题。 And some English words after it.'],
    ];
    db.transaction(() => new ClippingRepo(db).insertMany(texts.map(([title, text], k) => ({ id: k + 1, clipping: clipping(title!, text!), now: '2026-01-01T00:00:00Z' }))))();
    expect(reads).toBe(texts.length);
    const cjk = (word: string) => (db.prepare(`SELECT rowid AS id FROM clipping_cjk WHERE clipping_cjk MATCH ? ORDER BY rowid`).all(cjkMatch(word)!) as { id: number }[]).map((r) => r.id);
    expect(cjk('知事')).toEqual([1]);
    expect(cjk('北京')).toEqual([3]);
    expect(cjk('记者')).toEqual([3]);
    // What the trigger computes from the stored row, for every row.
    const stored = db.prepare(`SELECT id, cjk_bigrams(title || ' ' || sqlar_uncompress(text_z, text_size)) AS g FROM clippings ORDER BY id`).all();
    expect(stored).toEqual(texts.map(([title, text], k) => ({ id: k + 1, g: cjkBigrams(`${title} ${text}`) })));
    // An insert not told the bigrams (any other writer) still computes them.
    db.prepare(`INSERT INTO clippings (id, title, text_z, text_size, captured_at, sort_key, content_hash, created_at, updated_at) VALUES (9, '大阪', '大阪の天気', 0, 'x', 'x', 'h9', 'x', 'x')`).run();
    expect(cjk('天気')).toEqual([9]);
    db.close();
  });

  it('finds Chinese and Japanese words inside sentences, and follows edits and the trash', async () => {
    const a = new Archive(path.join(tempDir(), 'c.db'));
    const add = async (name: string, title: string, body: string) =>
      (await a.call('clippings.add', { capture: { name, text: `<html lang="zh"><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p><p>${body}</p></article></body></html>` } })).id!;
    const zh = await add('zh.html', '北京举行新闻发布会', '外交部发言人在北京举行的例行记者会上回答了关于乌克兰局势的问题，并表示中方一贯主张通过对话解决争端。');
    const ja = await add('ja.html', '東京都知事が記者会見', '東京都の知事は本日記者会見を開き、新しい防災計画について説明しました。計画は来年から実施されます。');
    const ids = async (q: string) => (await a.call('search.query', { query: q })).hits.map((h) => h.id);
    expect(await ids('乌克兰')).toEqual([zh]);
    expect(await ids('发言人')).toEqual([zh]);
    expect(await ids('防災計画')).toEqual([ja]);
    expect(await ids('知事')).toEqual([ja]);
    expect(await ids('"記者会見" -乌克兰')).toEqual([ja]);
    expect(await ids('記者')).toEqual([ja]); // the Chinese text writes 记者 (simplified), a different character
    await a.call('clippings.setText', { id: ja, text: '大阪府の知事は本日説明しました。' });
    expect(await ids('防災計画')).toEqual([]);
    expect(await ids('大阪')).toEqual([ja]);
    await a.call('clippings.delete', { selection: { ids: [ja] } });
    expect(await ids('大阪')).toEqual([]);
    await a.call('trash.restore', { selection: { ids: [ja] } });
    expect(await ids('大阪')).toEqual([ja]);
    a.close();
  });
});
