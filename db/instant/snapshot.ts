/**
 * The instant-search snapshot file (beside the database, `<db>.instant`), laid out so
 * that the vocabulary can be read without the rest:
 *
 *   "CUTINST2" · u32 LE header length · header (JSON) · padding to 8 bytes ·
 *   words · display forms · use counts · typo-map keys · typo-map values · rest
 *
 * The words and display forms are UTF-8, one a line in word-id order; the counts and the
 * typo map (typos.ts) are the Int32Arrays' raw bytes (the header names the byte order);
 * the rest is the remaining `PhraseState` with the watermark and fingerprint, in V8's
 * serialization. Opening the whole index (`decodeSnapshot`) reads it all; correcting a
 * search's spellings (`readSavedWords`) reads the header and the vocabulary sections
 * only — ~4 MB of a 52 MB file at 100k workload clippings, no object parsed per word.
 *
 * The earlier file (V8's serialization of the whole state, no header) is still opened
 * by `decodeSnapshot`; `readSavedWords` declines it (null) and the caller opens it whole.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import type { Vocabulary } from './corrections.ts';
import type { PhraseState } from './phrases.ts';
import { DeletionTable } from './typos.ts';

const MAGIC = Buffer.from('CUTINST2', 'latin1');
/** In file order: the vocabulary (words … vals, what `readSavedWords` reads in one piece), then the rest. */
const SECTIONS = ['words', 'display', 'refs', 'keys', 'vals', 'rest'] as const;
type Section = (typeof SECTIONS)[number];

type Header = {
  format: 'cuttings-instant';
  version: 2;
  endian: 'LE' | 'BE';
  words: number;
  deletionKeys: number;
  /** [offset from the end of the header's padding, byte length] */
  sections: Record<Section, [number, number]>;
};

/** What the snapshot holds: the built index, and what InstantSync knew when it was saved. */
export type SavedInstant<F> = { state: PhraseState; watermark: string | null; fingerprint: F | null };

export function encodeSnapshot<F>(saved: SavedInstant<F>): Buffer {
  const { wText, wDisplay, wRefs, deletes, ...rest } = saved.state;
  const bytes: Record<Section, Uint8Array> = {
    words: Buffer.from(wText.join('\n'), 'utf8'),
    display: Buffer.from(wDisplay.join('\n'), 'utf8'),
    refs: rawBytes(wRefs),
    keys: rawBytes(deletes.keys),
    vals: rawBytes(deletes.vals),
    rest: serialize({ state: rest, watermark: saved.watermark, fingerprint: saved.fingerprint }),
  };
  const sections = {} as Header['sections'];
  let at = 0;
  for (const name of SECTIONS) {
    sections[name] = [at, bytes[name].byteLength];
    at = align8(at + bytes[name].byteLength);
  }
  const header: Header = { format: 'cuttings-instant', version: 2, endian: endianness(), words: wText.length, deletionKeys: deletes.size, sections };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const start = dataStart(head.byteLength);
  const out = Buffer.alloc(start + at);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(head.byteLength, MAGIC.length);
  head.copy(out, MAGIC.length + 4);
  for (const name of SECTIONS) out.set(bytes[name], start + sections[name][0]);
  return out;
}

/** The whole snapshot, of this layout or the earlier one; throws on anything else. */
export function decodeSnapshot<F>(bytes: Uint8Array): SavedInstant<F> & { layout: 1 | 2 } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!hasMagic(buf)) {
    const old = deserialize(buf) as Partial<SavedInstant<F>>;
    return { state: old.state as PhraseState, watermark: old.watermark ?? null, fingerprint: old.fingerprint ?? null, layout: 1 };
  }
  const header = readHeader(buf.subarray(MAGIC.length + 4, MAGIC.length + 4 + buf.readUInt32LE(MAGIC.length)));
  const start = dataStart(buf.readUInt32LE(MAGIC.length));
  const part = (name: Section) => buf.subarray(start + header.sections[name][0], start + header.sections[name][0] + header.sections[name][1]);
  const rest = deserialize(part('rest')) as { state: Omit<PhraseState, 'wText' | 'wDisplay' | 'wRefs' | 'deletes'>; watermark: string | null; fingerprint: F | null };
  const words = lines(part('words'), header.words);
  const display = lines(part('display'), header.words);
  const state: PhraseState = {
    ...rest.state,
    wText: words,
    wDisplay: display,
    wRefs: int32s(part('refs')),
    deletes: { keys: int32s(part('keys')), vals: int32s(part('vals')), size: header.deletionKeys },
  };
  if (state.wRefs.length !== header.words) throw new Error('inconsistent instant-search snapshot');
  return { state, watermark: rest.watermark ?? null, fingerprint: rest.fingerprint ?? null, layout: 2 };
}

/**
 * The vocabulary of the snapshot at `file`, read alone (header and vocabulary sections:
 * the phrases, clippings and FlexSearch's index are never read); null for a snapshot of
 * the earlier layout. Throws when the file is missing or damaged.
 */
export function readSavedWords(file: string): SavedWords | null {
  const fd = openSync(file, 'r');
  try {
    const lead = readAt(fd, 0, MAGIC.length + 4);
    if (!hasMagic(lead)) return null;
    const headLength = lead.readUInt32LE(MAGIC.length);
    const header = readHeader(readAt(fd, MAGIC.length + 4, headLength));
    const first = header.sections.words[0];
    const last = header.sections.vals;
    const body = readAt(fd, dataStart(headLength) + first, last[0] + last[1] - first);
    const part = (name: Section) => body.subarray(header.sections[name][0] - first, header.sections[name][0] - first + header.sections[name][1]);
    const deletes = new DeletionTable();
    deletes.restore({ keys: int32s(part('keys')), vals: int32s(part('vals')), size: header.deletionKeys });
    return new SavedWords(part('words').toString('utf8'), part('display').toString('utf8'), int32s(part('refs')), deletes, header.words);
  } finally {
    closeSync(fd);
  }
}

/**
 * A snapshot's vocabulary (corrections.ts), as saved: the words joined by newlines, an
 * id's word found by its offset; a word's id by finding it in that text.
 */
export class SavedWords implements Vocabulary {
  /** Where each word starts in `text`, and one past the last word's newline. */
  private readonly starts: Int32Array;
  private readonly displayStarts: Int32Array;
  /** `text` between newlines, to find a whole word. */
  private readonly lined: string;

  constructor(
    private readonly text: string,
    private readonly display: string,
    private readonly refs: Int32Array,
    private readonly deletes: DeletionTable,
    count: number,
  ) {
    this.starts = lineStarts(text, count);
    this.displayStarts = lineStarts(display, count);
    if (refs.length !== count) throw new Error('inconsistent instant-search snapshot');
    this.lined = `\n${text}\n`;
  }

  get size(): number {
    return this.refs.length;
  }

  wordId(folded: string): number | undefined {
    if (folded === '' || folded.includes('\n')) return undefined;
    const at = this.lined.indexOf(`\n${folded}\n`);
    if (at < 0) return undefined;
    // `at` in `lined` is the word's start in `text`: its id is that start's index.
    let lo = 0;
    let hi = this.refs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return this.starts[lo] === at ? lo : undefined;
  }

  wordText(wid: number): string {
    return this.text.slice(this.starts[wid]!, this.starts[wid + 1]! - 1);
  }

  wordDisplay(wid: number): string {
    return this.display.slice(this.displayStarts[wid]!, this.displayStarts[wid + 1]! - 1);
  }

  wordRefs(wid: number): number {
    return this.refs[wid]!;
  }

  forEachDeletion(h: number, fn: (wid: number) => void): void {
    this.deletes.forEach(h, fn);
  }
}

function lineStarts(text: string, count: number): Int32Array {
  const starts = new Int32Array(count + 1);
  let at = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = at;
    const nl = text.indexOf('\n', at);
    at = nl < 0 ? text.length + 1 : nl + 1;
  }
  starts[count] = at;
  if (count > 0 && at !== text.length + 1) throw new Error('inconsistent instant-search snapshot');
  return starts;
}

function lines(bytes: Buffer, count: number): string[] {
  if (count === 0) return [];
  const out = bytes.toString('utf8').split('\n');
  if (out.length !== count) throw new Error('inconsistent instant-search snapshot');
  return out;
}

function readHeader(bytes: Buffer): Header {
  const header = JSON.parse(bytes.toString('utf8')) as Header;
  if (header?.format !== 'cuttings-instant' || header.version !== 2 || !header.sections) throw new Error('not a Cuttings instant-search snapshot (version 2)');
  if (header.endian !== endianness()) throw new Error('instant-search snapshot of another byte order');
  return header;
}

function hasMagic(bytes: Buffer): boolean {
  return bytes.byteLength >= MAGIC.length + 4 && bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, out, got, length - got, position + got);
    if (n === 0) throw new Error('instant-search snapshot cut short');
    got += n;
  }
  return out;
}

/** An Int32Array's bytes, not copied. */
function rawBytes(a: Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** A copy of raw bytes as an Int32Array (its own buffer, aligned). */
function int32s(bytes: Buffer): Int32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error('inconsistent instant-search snapshot');
  const out = new Int32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function dataStart(headLength: number): number {
  return align8(MAGIC.length + 4 + headLength);
}
