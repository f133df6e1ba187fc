import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CJK_BLOCKS_FROM, cjkBigrams, cjkMatch, FIRST_CJK, hasCjk } from '../../db/cjk.ts';
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
