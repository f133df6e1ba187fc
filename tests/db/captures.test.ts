/**
 * Captures stored against their clipping's text (db/captures.ts, migration 016): every kind
 * of capture comes back byte for byte, smaller than on its own where the text covers it,
 * and stays byte for byte through every write that changes the text it is stored against.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaptureRepo, packCapture, packedCertainlySmaller } from '../../db/captures.ts';
import { ClippingRepo } from '../../db/clippings.ts';
import { Archive } from '../../electron/core/archive.ts';
import { extractCapture } from '../../electron/core/capture/index.ts';
import { Corpus } from '../bench/corpus.ts';
import { buildPdf } from '../capture/pdf-fixtures.ts';
import { NOW, tempDir } from '../helpers.ts';
import { rng } from './rng.ts';

const PARAGRAPHS = [
  'The regional council met on Tuesday evening to discuss the new budget, which includes funding for schools, roads and a new library in the town centre.',
  'Councillors argued for three hours over the cost of the library before a narrow majority approved the plan, with building work to start next spring.',
  'Residents who attended the meeting said they welcomed the decision but worried about the closure of the old reading room during the works.',
];

function page(title: string, paragraphs: readonly string[], canonical = 'https://news.example/library'): string {
  return `<!doctype html><html lang="en"><head><title>${title}</title><link rel="canonical" href="${canonical}"></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></body></html>\n`;
}

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** One capture of every kind the importer reads. */
const KINDS: { name: string; bytes: Buffer; packs: boolean }[] = [
  { name: 'copy.txt', bytes: Buffer.from(`Library plans approved\n\nBy Ann Example\n\nDecember 8 2021\n\n${PARAGRAPHS.join('\n\n')}\n`), packs: true },
  { name: 'page.html', bytes: Buffer.from(page('Library plans approved', PARAGRAPHS)), packs: true },
  { name: 'notes.md', bytes: Buffer.from(`# Library plans approved\n\n${PARAGRAPHS.map((p) => `${p.replace('budget', '**budget**')}`).join('\n\n')}\n`), packs: true },
  {
    name: 'saved.mhtml',
    bytes: Buffer.from(
      crlf([
        'From: <Saved by Blink>',
        'Snapshot-Content-Location: https://news.example/mhtml',
        'Subject: Library plans approved',
        'MIME-Version: 1.0',
        'Content-Type: multipart/related; type="text/html"; boundary="b"',
        '',
        '--b',
        'Content-Type: text/html; charset="utf-8"',
        'Content-Location: https://news.example/mhtml',
        '',
        page('Library plans approved', PARAGRAPHS, 'https://news.example/mhtml'),
        '--b--',
      ]),
    ),
    packs: true,
  },
  {
    name: 'mail.eml',
    bytes: Buffer.from(
      crlf([
        'From: Press Office <press@council.example>',
        'To: desk@paper.example',
        'Subject: Library plans approved',
        'Date: Tue, 07 Dec 2021 18:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        ...PARAGRAPHS.flatMap((p) => [p, '']),
      ]),
    ),
    packs: true,
  },
  {
    name: 'scan.pdf',
    bytes: Buffer.from(buildPdf([{ texts: PARAGRAPHS.map((text, i) => ({ text: text.slice(0, 90), x: 72, y: 700 - i * 20 })) }], { info: { Title: 'Library plans approved' } })),
    packs: false,
  },
];

function open(): Archive {
  return new Archive(path.join(tempDir(), 'cuttings.db'));
}

const stored = (a: Archive, id: number) =>
  a.db.prepare(`SELECT length(bytes) AS size, content_encoding AS encoding, base_clipping_id AS base FROM captures WHERE id = ?`).get(id) as { size: number; encoding: string; base: number | null };

describe('captures stored against their clipping text', () => {
  it('gives back every kind of capture byte for byte, stored against the text where that is smaller', async () => {
    for (const k of KINDS) {
      const a = open(); // one archive each: the kinds share their text, which would make duplicates
      const captures = new CaptureRepo(a.db);
      const r = await a.call('clippings.add', { capture: { name: k.name, base64: k.bytes.toString('base64') } });
      expect(r.status, k.name).toBe('added');
      const c = await a.call('clippings.get', { id: r.id! });
      expect(captures.bytes(c.capture!.id)!.equals(k.bytes), k.name).toBe(true);
      const s = stored(a, c.capture!.id);
      if (k.packs) {
        expect(s, k.name).toMatchObject({ base: c.id, encoding: 'identity' });
        expect(s.size, k.name).toBeLessThan(Math.min(k.bytes.length, gzipSync(k.bytes).length));
      }
      a.close();
    }
  });

  it('stores a capture on its own again before the text it is stored against changes or goes', async () => {
    const a = open();
    const captures = new CaptureRepo(a.db);
    const original = KINDS[0]!.bytes;
    const add = async (bytes: Buffer, name: string) => (await a.call('clippings.add', { capture: { name, base64: bytes.toString('base64') } })).id!;
    const captureOf = (id: number) => (a.db.prepare(`SELECT capture_id AS k FROM clippings WHERE id = ?`).get(id) as { k: number }).k;

    // the text corrected by hand
    const one = await add(original, 'one.txt');
    const k1 = captureOf(one);
    expect(stored(a, k1).base).toBe(one);
    await a.call('clippings.setText', { id: one, text: 'A corrected text.' });
    expect(stored(a, k1).base).toBeNull();
    expect(captures.bytes(k1)!.equals(original)).toBe(true);

    // re-extraction that keeps the same text leaves it packed; a changed text unpacks it
    const two = await add(Buffer.from(page('Library plans approved', PARAGRAPHS, 'https://news.example/two')), 'two.html');
    const k2 = captureOf(two);
    await a.call('clippings.reextract', { ids: [two] });
    expect(stored(a, k2).base).toBe(two);

    // a new version of the article at the same URL: the old capture stays whole beside it
    const changed = page('Library plans approved', [...PARAGRAPHS, 'The mayor later said the works would take two years.'], 'https://news.example/two');
    expect(await a.call('clippings.add', { capture: { name: 'two-later.html', text: changed } })).toMatchObject({ status: 'updated', id: two });
    const k3 = captureOf(two);
    expect(k3).not.toBe(k2);
    expect(stored(a, k2).base).toBeNull();
    expect(captures.bytes(k2)!.toString()).toBe(page('Library plans approved', PARAGRAPHS, 'https://news.example/two'));
    expect(stored(a, k3).base).toBe(two);
    expect(captures.bytes(k3)!.toString()).toBe(changed);

    // deleted for good while another clipping still uses the capture
    const three = await add(Buffer.from(original.toString().replace('Tuesday', 'Wednesday')), 'three.txt');
    const k4 = captureOf(three);
    const repo = new ClippingRepo(a.db);
    const other = repo.insert({ ...(repo.get(three)!), captureId: k4, contentHash: 'other' }, NOW);
    a.db.transaction(() => repo.purge(three))();
    expect(captureOf(other)).toBe(k4);
    expect(captures.bytes(k4)!.toString()).toBe(original.toString().replace('Tuesday', 'Wednesday'));
    a.close();
  });

  it('stores a capture against the next clipping only when that is the clipping inserted', () => {
    const a = open();
    const captures = new CaptureRepo(a.db);
    const text = PARAGRAPHS.join('\n\n');
    const bytes = KINDS[0]!.bytes;
    const capture = { mediaType: 'text/plain', sourcePath: null, sourceUrl: null, capturedAt: NOW, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
    const k = captures.insert(capture, { clippingId: 'next', text });
    expect(stored(a, k).base).toBe(1);
    expect(() => captures.confirmBase(k, 2)).toThrow(/stored against clipping 1, not 2/);
    captures.confirmBase(k, 1);
    const tiny = Buffer.from('tiny');
    expect(stored(a, captures.insert({ ...capture, bytes: tiny, sha256: createHash('sha256').update(tiny).digest('hex') }, { clippingId: 'next', text })).base).toBeNull(); // not smaller: on its own
    expect(stored(a, captures.insert({ ...capture, sha256: 'not-its-hash' }, { clippingId: 'next', text })).base).toBeNull(); // not its hash: on its own
    a.close();
  });

  it('stores what packCapture worked out ahead (in the capture worker) for the same text, and packs it again for another', () => {
    const a = open();
    const captures = new CaptureRepo(a.db);
    const text = PARAGRAPHS.join('\n\n');
    const bytes = KINDS[0]!.bytes;
    const capture = { mediaType: 'text/plain', sourcePath: null, sourceUrl: null, capturedAt: NOW, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
    const row = (id: number) => a.db.prepare(`SELECT bytes, content_encoding, base_clipping_id FROM captures WHERE id = ?`).get(id);
    const ahead = packCapture(bytes, text);
    // The same row as packed here.
    expect(row(captures.insert(capture, { clippingId: 7, text }, ahead))).toEqual(row(captures.insert(capture, { clippingId: 7, text })));
    // What was worked out ahead is what is stored (nothing is compressed again)…
    const marked = { ...ahead, packed: Buffer.from('packed ahead') };
    expect(row(captures.insert(capture, { clippingId: 7, text }, marked))).toEqual({ bytes: Buffer.from('packed ahead'), content_encoding: 'identity', base_clipping_id: 7 });
    // …unless it was for another text (a hand-corrected clipping's): packed against the text given.
    const other = `${text}\n\nA correction.`;
    expect(row(captures.insert(capture, { clippingId: 7, text: other }, marked))).toEqual(row(captures.insert(capture, { clippingId: 7, text: other })));
    a.close();
  });

  it('keeps captures stored against their text through a library export and import', async () => {
    const dir = tempDir();
    const a = new Archive(path.join(dir, 'a.db'));
    const kept = [KINDS[0]!, { name: 'other.html', bytes: Buffer.from(page('Pool reopens', PARAGRAPHS.map((p) => p.replace('library', 'swimming pool')))) }];
    for (const k of kept) expect((await a.call('clippings.add', { capture: { name: k.name, base64: k.bytes.toString('base64') } })).status).toBe('added');
    const file = path.join(dir, 'library.json');
    await a.call('export.write', { selection: { all: true }, format: 'json', out: file });
    a.close();
    const b = new Archive(path.join(dir, 'b.db'));
    await b.call('archive.importLibrary', { file });
    for (const [i, k] of kept.entries()) {
      const c = await b.call('clippings.get', { id: i + 1 });
      expect(stored(b, c.capture!.id).base, k.name).toBe(c.id);
      expect(new CaptureRepo(b.db).bytes(c.capture!.id)!.equals(k.bytes), k.name).toBe(true);
    }
    b.close();
  });

  it('refuses a write that would lose the text a capture is stored against', async () => {
    const a = open();
    const r = await a.call('clippings.add', { capture: { name: 'copy.txt', base64: KINDS[0]!.bytes.toString('base64') } });
    const id = r.id!;
    expect(() => a.db.prepare(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' more', text_size = 0 WHERE id = ?`).run(id)).toThrow(/stored against its text/);
    expect(() => a.db.prepare(`UPDATE clippings SET capture_id = NULL WHERE id = ?`).run(id)).toThrow(/stored against its text/);
    expect(() => a.db.prepare(`DELETE FROM clippings WHERE id = ?`).run(id)).toThrow(/stored against its text/);
    a.db.prepare(`UPDATE clippings SET text_z = text_z, note = 'n' WHERE id = ?`).run(id); // the same text: allowed
    expect(stored(a, 1).base).toBe(id);
    expect(new CaptureRepo(a.db).bytes(1)!.equals(KINDS[0]!.bytes)).toBe(true);
    a.close();
  });
});

describe('a capture packed against its text that is certainly smaller than on its own (packedCertainlySmaller)', () => {
  /** What a capture costs stored on its own: packCapture with no text to pack against works it out. */
  const alone = (bytes: Uint8Array) => packCapture(bytes, '').alone!.stored.byteLength;
  /** The largest packed size it calls certainly smaller (it is monotone: smaller sizes too), -1 for none. */
  const threshold = (bytes: Uint8Array) => {
    let lo = -1;
    let hi = bytes.byteLength;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (packedCertainlySmaller(bytes, mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  it('never calls a size certainly smaller that is not: bytes of every kind, beyond the first deflate block too', () => {
    const r = rng(60_917);
    const corpus = new Corpus(60_917);
    const inputs: { kind: string; bytes: Buffer }[] = [];
    for (let i = 0; i < 60; i++) inputs.push({ kind: 'text capture', bytes: Buffer.from(corpus.clipping(i).text) });
    for (let i = 0; i < 6; i++) inputs.push({ kind: 'text captures end to end', bytes: Buffer.from(Array.from({ length: 4 + 4 * i }, (_, j) => corpus.clipping(100 + 10 * i + j).text).join('\n')) });
    const sizes = [2048, 2049, 3000, 5000, 16_382, 16_383, 20_000, 40_000];
    for (const n of sizes) {
      const random = Buffer.alloc(n);
      for (let j = 0; j < n; j++) random[j] = r.int(0, 255);
      inputs.push({ kind: `random bytes ${n}`, bytes: random });
      for (const letters of [2, 4, 16]) {
        const small = Buffer.alloc(n);
        for (let j = 0; j < n; j++) small[j] = 97 + r.int(0, letters - 1);
        inputs.push({ kind: `random of ${letters} letters ${n}`, bytes: small });
      }
      inputs.push({ kind: `one byte ${n}`, bytes: Buffer.alloc(n, 120) });
      for (const period of [1, 2, 3, 7, 100, 5000]) {
        const unit = Buffer.from(Array.from({ length: period }, () => r.int(0, 255)));
        inputs.push({ kind: `period ${period} ${n}`, bytes: Buffer.alloc(n, unit) });
      }
      // Mostly matches with a fresh byte now and then, and runs broken by single bytes.
      const sparse = Buffer.alloc(n, 'the same old words ');
      for (let j = 0; j < n; j += r.int(5, 60)) sparse[j] = r.int(0, 255);
      inputs.push({ kind: `sparse changes ${n}`, bytes: sparse });
      const counting = Buffer.from(Array.from({ length: n }, (_, j) => (j % 7 === 0 ? j & 255 : 32)));
      inputs.push({ kind: `counting ${n}`, bytes: counting });
      // A random 4-byte word 40 times, a random byte after each, then another word: the word's
      // last two bytes start 3-byte strings never seen before, yet a match covers them (cheap
      // matches, so the bound is near the gzip's size: a bound that took them for literals is above it).
      const words: number[] = [];
      while (words.length < n) {
        const w = [r.int(0, 255), r.int(0, 255), r.int(0, 255), r.int(0, 255)];
        for (let k = 0; k < 40; k++) words.push(...w, r.int(0, 255));
      }
      inputs.push({ kind: `a word again and again ${n}`, bytes: Buffer.from(words.slice(0, n)) });
    }
    let called = 0;
    for (const { kind, bytes } of inputs) {
      const size = alone(bytes);
      const t = threshold(bytes);
      expect(t, `${kind}: on its own ${size} bytes`).toBeLessThan(size);
      expect(packedCertainlySmaller(bytes, size), kind).toBe(false);
      if (t >= 0) called++;
    }
    // It says something for most of them (not only "don't know").
    expect(called).toBeGreaterThan(inputs.length / 2);
  });

  it('tells for text captures, whose gzip is then skipped, and the same row is stored', async () => {
    const a = open();
    const captures = new CaptureRepo(a.db);
    const corpus = new Corpus(83_411);
    const row = (id: number) => a.db.prepare(`SELECT bytes, content_encoding, base_clipping_id FROM captures WHERE id = ?`).get(id);
    let skipped = 0;
    let gzipped = 0; // what storeAlone compresses (2 KB or more): smaller ones cost nothing on their own
    const count = 40;
    for (let i = 0; i < count; i++) {
      const bytes = Buffer.from(corpus.clipping(i).text);
      const x = await extractCapture({ bytes, name: `clipping-${i}.txt`, mediaType: null, sourceUrl: null });
      const text = x.extracted.paragraphs.join('\n\n');
      const ahead = packCapture(bytes, text);
      if (ahead.alone === null) skipped++;
      if (bytes.byteLength >= 2048) gzipped++;
      const capture = { mediaType: 'text/plain', sourcePath: null, sourceUrl: null, capturedAt: NOW, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
      // What the writer stores with the packing worked out ahead is what it stores without it,
      // for its text and for another (a hand-corrected clipping's: then it gzips it itself).
      expect(row(captures.insert(capture, { clippingId: 7, text }, ahead)), `clipping ${i}`).toEqual(row(captures.insert(capture, { clippingId: 7, text })));
      const other = `${text.slice(0, 200)}`;
      expect(row(captures.insert(capture, { clippingId: 7, text: other }, ahead)), `clipping ${i}`).toEqual(row(captures.insert(capture, { clippingId: 7, text: other })));
      expect(row(captures.insert({ ...capture, sha256: 'not-its-hash' }, { clippingId: 7, text }, ahead)), `clipping ${i}`).toEqual(row(captures.insert({ ...capture, sha256: 'not-its-hash' }, { clippingId: 7, text })));
    }
    expect(gzipped).toBeGreaterThan(count / 2);
    expect(skipped).toBe(gzipped);
    a.close();
  });
});
