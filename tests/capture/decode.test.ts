import { describe, expect, it } from 'vitest';
import { decodeText, looksBinary, withoutControls } from '../../electron/core/capture/decode.ts';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const bytes = (...parts: (number[] | Uint8Array | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : Array.from(p))));

// Real encoded bytes, written out by hand (not produced by an encoder under test).
const CAFE_1252 = bytes('caf', [0xe9]); // "café" in windows-1252 / ISO-8859-1
const CAFE_UTF8 = bytes('caf', [0xc3, 0xa9]);
const NIHONGO_SJIS = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]; // 日本語 in Shift_JIS
const ZHONGWEN_GBK = [0xd6, 0xd0, 0xce, 0xc4]; // 中文 in GBK
const EURO_1252 = [0x80]; // € in windows-1252 (not ISO-8859-1's C1 control)

describe('decodeText', () => {
  it('falls back to windows-1252 for undeclared non-UTF-8 bytes', () => {
    expect(decodeText(CAFE_1252)).toEqual({ text: 'café', encoding: 'windows-1252' });
    expect(decodeText(bytes('price ', EURO_1252, '5')).text).toBe('price €5');
  });

  it('decodes valid UTF-8 without a declaration', () => {
    expect(decodeText(CAFE_UTF8)).toEqual({ text: 'café', encoding: 'utf-8' });
    expect(decodeText(bytes('plain ascii'))).toEqual({ text: 'plain ascii', encoding: 'utf-8' });
  });

  it('treats a truncated trailing UTF-8 sequence as UTF-8, not windows-1252', () => {
    const truncated = bytes('caf', [0xc3, 0xa9], ' na', [0xc3]);
    expect(decodeText(truncated).encoding).toBe('utf-8');
  });

  it('keeps UTF-8 when a mostly UTF-8 page has a stray Latin-1 byte', () => {
    const mixed = bytes('caf', [0xc3, 0xa9], ' ', [0xc3, 0xa9], ' ', [0xc3, 0xa9], ' ', [0xc3, 0xa9], ' x', [0xe9], 'y');
    const out = decodeText(mixed);
    expect(out.encoding).toBe('utf-8');
    expect(out.text.startsWith('café é é é')).toBe(true);
  });

  it('honours a declared Shift_JIS charset', () => {
    expect(decodeText(Uint8Array.from(NIHONGO_SJIS), { declaredCharset: 'Shift_JIS' })).toEqual({
      text: '日本語',
      encoding: 'shift_jis',
    });
  });

  it('honours a declared GBK charset (and the gb2312 alias)', () => {
    expect(decodeText(Uint8Array.from(ZHONGWEN_GBK), { declaredCharset: 'gbk' }).text).toBe('中文');
    expect(decodeText(Uint8Array.from(ZHONGWEN_GBK), { declaredCharset: '"GB2312"' })).toEqual({
      text: '中文',
      encoding: 'gbk',
    });
  });

  it('decodes UTF-16LE and UTF-16BE with a BOM (BOM beats a declaration) and strips the BOM', () => {
    const le = bytes([0xff, 0xfe], [0x63, 0, 0x61, 0, 0x66, 0, 0xe9, 0]);
    expect(decodeText(le, { declaredCharset: 'iso-8859-1' })).toEqual({ text: 'café', encoding: 'utf-16le' });
    const be = bytes([0xfe, 0xff], [0, 0x63, 0, 0x61, 0, 0x66, 0, 0xe9]);
    expect(decodeText(be)).toEqual({ text: 'café', encoding: 'utf-16be' });
    const utf8Bom = bytes([0xef, 0xbb, 0xbf], CAFE_UTF8);
    expect(decodeText(utf8Bom, { declaredCharset: 'windows-1252' })).toEqual({ text: 'café', encoding: 'utf-8' });
  });

  it('reads <meta charset> and http-equiv content-type in HTML', () => {
    const meta = bytes('<html><head><meta charset="shift_jis"><title>', NIHONGO_SJIS, '</title>');
    const out = decodeText(meta, { html: true });
    expect(out.encoding).toBe('shift_jis');
    expect(out.text).toContain('<title>日本語</title>');

    const equiv = bytes(
      '<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK"></head><p>',
      ZHONGWEN_GBK,
    );
    expect(decodeText(equiv, { html: true }).text).toBe(
      '<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK"></head><p>中文',
    );
    // Without html: true, the meta is not looked at.
    expect(decodeText(meta).encoding).toBe('windows-1252');
  });

  it('ignores a meta charset inside a comment and one beyond the first 4 KB', () => {
    const commented = bytes('<!-- <meta charset="shift_jis"> --><p>', CAFE_1252);
    expect(decodeText(commented, { html: true }).encoding).toBe('windows-1252');
    const late = bytes('<p>' + 'x'.repeat(5000) + '<meta charset="gbk">', ZHONGWEN_GBK);
    expect(decodeText(late, { html: true }).encoding).toBe('windows-1252');
  });

  it('a transport charset beats the meta', () => {
    const page = bytes('<meta charset="utf-8"><p>', ZHONGWEN_GBK);
    expect(decodeText(page, { html: true, declaredCharset: 'gbk' }).text).toBe('<meta charset="utf-8"><p>中文');
  });

  it('a meta claiming UTF-16 means UTF-8 (the HTML rule)', () => {
    const page = bytes('<meta charset="utf-16"><p>', CAFE_UTF8);
    expect(decodeText(page, { html: true })).toEqual({ text: '<meta charset="utf-16"><p>café', encoding: 'utf-8' });
  });

  it('overrides a declared ISO-8859-1 when the bytes are clearly UTF-8', () => {
    expect(decodeText(CAFE_UTF8, { declaredCharset: 'ISO-8859-1' })).toEqual({ text: 'café', encoding: 'utf-8' });
    // …but not when they are not.
    expect(decodeText(CAFE_1252, { declaredCharset: 'ISO-8859-1' })).toEqual({
      text: 'café',
      encoding: 'windows-1252',
    });
  });

  it('falls back sensibly for unknown labels', () => {
    expect(decodeText(CAFE_UTF8, { declaredCharset: 'x-no-such-charset' }).encoding).toBe('utf-8');
    expect(decodeText(CAFE_1252, { declaredCharset: 'klingon' }).encoding).toBe('windows-1252');
    expect(decodeText(bytes('<meta charset="bogus"><p>', CAFE_1252), { html: true }).text).toBe(
      '<meta charset="bogus"><p>café',
    );
    // "replacement" labels would produce only U+FFFD: ignored.
    expect(decodeText(CAFE_UTF8, { declaredCharset: 'iso-2022-kr' }).text).toBe('café');
  });

  it('handles ISO-8859-x labels', () => {
    // 0xBF is "ż" in ISO-8859-2 and "¿" in ISO-8859-1.
    expect(decodeText(bytes([0xbf], 'aba'), { declaredCharset: 'iso-8859-2' }).text).toBe('żaba');
  });

  it('handles empty input', () => {
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });
});

describe('withoutControls', () => {
  it('drops C0 controls and DEL, makes vertical tab and form feed line breaks, and keeps every other code unit, as its two replaces define', () => {
    const define = (t: string) => t.replace(/[\u0000-\u0008\u000E-\u001F\u007F]/g, '').replace(/[\u000B\u000C]/g, '\n');
    // Each code unit below 0x100, and a few above, alone and between words; texts without any control stay the same string.
    for (let c = 0; c < 0x100; c++) {
      for (const t of [String.fromCharCode(c), `a${String.fromCharCode(c)}b`, `word ${String.fromCharCode(c)}${String.fromCharCode(c)} end\r\n`]) expect(withoutControls(t)).toBe(define(t));
    }
    for (const t of ['', 'plain text\n\twith tabs\r\n', '“curly” € 日本語 \u2028 \ud83d\ude00 \ud800', 'x\u0000y\u000bz\u000c\u007f\u001f']) expect(withoutControls(t)).toBe(define(t));
  });
});

describe('looksBinary', () => {
  it('flags NUL-ridden and control-ridden junk', () => {
    const junk = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      junk[i] = x >>> 24;
    }
    expect(looksBinary(junk)).toBe(true);
    expect(looksBinary(bytes('hello', [0, 0, 0, 1], 'world'))).toBe(true);
    expect(looksBinary(bytes([1, 2, 3, 4, 5, 6], 'abc'))).toBe(true);
  });

  it('flags known binary signatures', () => {
    expect(looksBinary(bytes('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3]))).toBe(true);
    expect(looksBinary(bytes([0x89], 'PNG\r\n', [0x1a], '\n'))).toBe(true);
    expect(looksBinary(bytes([0x1f, 0x8b, 0x08, 0x00]))).toBe(true);
  });

  it('accepts text in many encodings, including UTF-16 with a BOM', () => {
    expect(looksBinary(bytes('<html><body>\n\tHello\r\n</body></html>'))).toBe(false);
    expect(looksBinary(CAFE_1252)).toBe(false);
    expect(looksBinary(Uint8Array.from(NIHONGO_SJIS))).toBe(false);
    expect(looksBinary(bytes([0xff, 0xfe], [0x63, 0, 0x61, 0, 0x66, 0, 0xe9, 0]))).toBe(false);
    expect(looksBinary(bytes([0xfe, 0xff], [0, 0x63, 0, 0x61, 0, 0x66, 0, 0xe9]))).toBe(false);
    // ISO-2022-JP uses ESC sequences.
    expect(looksBinary(bytes([0x1b], '$B', [0x46, 0x7c, 0x4b, 0x5c], [0x1b], '(B'))).toBe(false);
    expect(looksBinary(new Uint8Array())).toBe(false);
  });

  it('accepts BOM-less UTF-16LE text', () => {
    const s = 'Plain English text in UTF-16 without a byte order mark.';
    const le = Uint8Array.from(Array.from(s).flatMap((c) => [c.charCodeAt(0), 0]));
    expect(looksBinary(le)).toBe(false);
  });
});
