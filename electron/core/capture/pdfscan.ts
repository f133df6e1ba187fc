/**
 * Cheap checks on a PDF's raw bytes before pdfjs reads it (pdfjs has no limits of its
 * own: it inflates a stream whole, and parses a page's content stream once per page that
 * uses it). One pass over the objects: every Flate stream is inflated with a cap (zlib
 * stops there, so a bomb costs the cap, not its size), the pages' `/Contents` references
 * (also inside object streams) are summed with the inflated size of what they point at,
 * `Do` operators in page and form streams are counted (each may parse the largest form
 * again), and the widest page-tree node is measured. Throws CaptureError naming the limit.
 */
import { constants, inflateSync } from 'node:zlib';
import { Unzlib } from 'fflate';
import { MAX_PDF_CONTENT_BYTES, MAX_PDF_INFLATED_BYTES, MAX_PDF_XOBJECT_CALLS, mb } from './limits.ts';
import { forward } from './markup.ts';
import { CaptureError } from './types.ts';

interface StreamInfo {
  /** Inflated size (the raw size when not Flate). */
  size: number;
  /** `Do` operators in it (drawing an image or a form). */
  calls: number;
  form: boolean;
}

const OBJ_RE = /(\d+)\s+\d+\s+obj\b/g;
const CONTENTS_REF_RE = /\/Contents\s*(?:(\d+)\s+\d+\s+R|\[)/g;
const REF_RE = /(\d+)\s+\d+\s+R/g;
const DO_RE = /\bDo\b/g;
const KIDS_RE = /\/Kids\s*\[/g;
/** Streams never parsed as page content: images, embedded fonts, cross-reference streams. */
const NOT_CONTENT_RE = /\/(?:Subtype\s*\/Image|Length1|Length2|Length3|Type\s*\/XRef)\b/;

export interface PdfScan {
  /** The most kids one page-tree node lists (pdfjs walks them for every page it opens). */
  maxKids: number;
}

export function prescanPdf(bytes: Uint8Array): PdfScan {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = raw.toString('latin1');
  const streams = new Map<number, StreamInfo>();
  /** Inflated object streams, where compressed page dictionaries live. */
  const objectStreams: string[] = [];
  let inflated = 0;
  const nextEndobj = forward(text, 'endobj');
  const nextStream = forward(text, 'stream');
  const nextEndstream = forward(text, 'endstream');
  OBJ_RE.lastIndex = 0;
  for (let m = OBJ_RE.exec(text); m !== null; m = OBJ_RE.exec(text)) {
    const from = m.index + m[0].length;
    const endobj = nextEndobj(from);
    const kw = nextStream(from);
    if (kw < 0 || (endobj >= 0 && kw > endobj) || kw - from > 64 * 1024) {
      if (endobj >= 0) OBJ_RE.lastIndex = endobj;
      continue;
    }
    const dict = text.slice(from, kw);
    let start = kw + 6;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    let end = nextEndstream(start);
    if (end < 0) end = text.length;
    let body: Buffer = raw.subarray(start, end);
    if (/\/(?:FlateDecode|Fl)\b/.test(dict)) {
      const room = MAX_PDF_INFLATED_BYTES - inflated;
      const out = inflateCapped(body, room);
      if (out === null || out.length > room) throw new CaptureError(`the PDF's compressed streams decompress to more than ${mb(MAX_PDF_INFLATED_BYTES)} (the limit)`);
      inflated += out.length;
      body = out;
    }
    const form = /\/Subtype\s*\/Form\b/.test(dict);
    let calls = 0;
    if (/\/Type\s*\/ObjStm\b/.test(dict)) objectStreams.push(body.toString('latin1'));
    else if (form || !NOT_CONTENT_RE.test(dict)) calls = body.toString('latin1').match(DO_RE)?.length ?? 0;
    streams.set(Number(m[1]), { size: body.length, calls, form });
    OBJ_RE.lastIndex = end;
  }

  // Page content: every /Contents reference (in the file and in object streams) costs
  // the size of what it points at, once per page that names it.
  let content = 0;
  const contentRefs = new Set<number>();
  const add = (ref: number): void => {
    contentRefs.add(ref);
    content += streams.get(ref)?.size ?? 0;
    if (content > MAX_PDF_CONTENT_BYTES) throw tooMuchContent();
  };
  for (const src of [text, ...objectStreams]) {
    CONTENTS_REF_RE.lastIndex = 0;
    for (let m = CONTENTS_REF_RE.exec(src); m !== null; m = CONTENTS_REF_RE.exec(src)) {
      if (m[1] !== undefined) {
        add(Number(m[1]));
        continue;
      }
      const at = CONTENTS_REF_RE.lastIndex;
      const close = src.indexOf(']', at);
      if (close < 0) break;
      for (const r of src.slice(at, close).matchAll(REF_RE)) add(Number(r[1]));
      CONTENTS_REF_RE.lastIndex = close;
    }
  }

  // Each form drawn is parsed again: every `Do` in page and form streams may cost the
  // largest form.
  let calls = 0;
  let largestForm = 0;
  for (const [num, st] of streams) {
    if (st.form) largestForm = Math.max(largestForm, st.size);
    if (st.form || contentRefs.has(num)) calls += st.calls;
  }
  if (calls > MAX_PDF_XOBJECT_CALLS) throw new CaptureError(`the PDF draws more than ${MAX_PDF_XOBJECT_CALLS.toLocaleString('en')} images and forms (the limit)`);
  if (content + calls * largestForm > MAX_PDF_CONTENT_BYTES) throw tooMuchContent();

  let maxKids = 0;
  for (const src of [text, ...objectStreams]) {
    KIDS_RE.lastIndex = 0;
    for (let m = KIDS_RE.exec(src); m !== null; m = KIDS_RE.exec(src)) {
      const close = src.indexOf(']', KIDS_RE.lastIndex);
      if (close < 0) break;
      let n = 0;
      for (let k = src.indexOf('R', KIDS_RE.lastIndex); k >= 0 && k < close; k = src.indexOf('R', k + 1)) n++;
      maxKids = Math.max(maxKids, n);
      KIDS_RE.lastIndex = close;
    }
  }
  return { maxKids };
}

function tooMuchContent(): CaptureError {
  return new CaptureError(`its pages would have the reader parse more than ${mb(MAX_PDF_CONTENT_BYTES)} of content (the limit; pages share content streams or draw forms repeatedly)`);
}

/**
 * Inflates at most `room` bytes; null when there is more. A truncated or damaged stream
 * gives what it has (as pdfjs reads it): zlib stops at the damage without output, so
 * the bytes before it are counted by a streaming inflater.
 */
function inflateCapped(data: Uint8Array, room: number): Buffer | null {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(1, room + 1), finishFlush: constants.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return null;
  }
  let n = 0;
  const over = new Error('over');
  const chunks: Uint8Array[] = [];
  const inflater = new Unzlib((chunk) => {
    n += chunk.length;
    if (n > room) throw over;
    chunks.push(chunk);
  });
  try {
    for (let at = 0; at < data.length; at += 4096) inflater.push(data.subarray(at, at + 4096), at + 4096 >= data.length);
  } catch (err) {
    if (err === over) return null;
  }
  return Buffer.concat(chunks);
}
