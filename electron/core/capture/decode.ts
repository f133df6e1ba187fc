/**
 * Bytes → text for captured files, and a cheap "is this even text?" check.
 *
 * Order of evidence (the HTML standard's "encoding sniffing", simplified):
 * 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) always wins;
 * 2. the charset declared by the transport (MIME `Content-Type`, e-mail part header…);
 * 3. for HTML, `<meta charset>` / `<meta http-equiv=content-type>` (or an XML
 *    declaration) in the first 4 KB;
 * 4. UTF-8 when the bytes are valid UTF-8 (or nearly: at least four well-formed multi-byte
 *    sequences per stray byte, i.e. a UTF-8 page with a pasted Latin-1 fragment);
 * 5. windows-1252 (what browsers use for undeclared Western pages; it decodes any byte).
 *
 * A declared single-byte Western charset (ISO-8859-1, US-ASCII, windows-1252) is
 * overridden by UTF-8 when the bytes are valid UTF-8 *and* contain multi-byte
 * sequences: that combination is, in practice, always a mislabelled UTF-8 page
 * (valid non-ASCII UTF-8 is vanishingly unlikely in real Latin-1 text).
 * Unknown or unsupported labels are ignored and the next step decides.
 */

export interface DecodedText {
  text: string;
  /** WHATWG encoding name actually used, e.g. `utf-8`, `windows-1252`, `shift_jis`. */
  encoding: string;
}

export interface DecodeOptions {
  /** Charset from the transport (MIME header), if any. */
  declaredCharset?: string | null;
  /** Look for `<meta charset>` in the first 4 KB. */
  html?: boolean;
}

const META_SCAN_BYTES = 4096;
const BINARY_SCAN_BYTES = 8192;

// `<meta charset="x">` and `<meta http-equiv="Content-Type" content="text/html; charset=x">`
// both put `charset=` inside a <meta …> tag.
const META_CHARSET_RE = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)/i;
const XML_DECL_RE = /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:+-]+)["']/;
const HTML_COMMENT_RE = /<!--[\s\S]*?-->/g;

/** Labels that mean "a Western single-byte charset" and are often wrong about UTF-8 content. */
const WESTERN_SINGLE_BYTE = new Set(['windows-1252', 'iso-8859-1', 'us-ascii', 'ascii']);

/** A decoder's canonical name for `label`, or null if the label is unknown. */
function encodingFor(label: string | null | undefined): string | null {
  if (!label) return null;
  const clean = label.trim().replace(/^["']|["']$/g, '').trim();
  if (!clean) return null;
  try {
    const enc = new TextDecoder(clean).encoding;
    // "replacement" (ISO-2022-KR, HZ…) would turn everything into U+FFFD: treat as unknown.
    return enc === 'replacement' ? null : enc;
  } catch {
    return null;
  }
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * Counts well-formed multi-byte UTF-8 sequences and ill-formed bytes. A sequence cut off
 * by the end of the buffer (a truncated capture) is not counted as ill-formed when
 * well-formed multi-byte sequences came before it.
 */
function utf8Stats(bytes: Uint8Array): { multi: number; bad: number } {
  let multi = 0;
  let bad = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else {
      bad++;
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need && i + j < n; j++) {
      const c = bytes[i + j]!;
      if (j === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) break;
    }
    if (j > need) {
      multi++;
      i += j;
    } else if (i + j >= n) {
      // Cut off by the end of the buffer: a truncated capture if the rest is UTF-8,
      // otherwise (e.g. "caf\xE9") just a stray byte.
      if (multi === 0) bad++;
      break;
    } else {
      bad++;
      i += j;
    }
  }
  return { multi, bad };
}

/**
 * windows-1252 code points for bytes 0x80–0x9F (WHATWG index; the five unassigned bytes
 * stay C1 controls). Needed because Node 20's `TextDecoder('windows-1252')` (and the
 * `iso-8859-1`/`us-ascii` labels that map to it) actually decodes ISO-8859-1: 0x80 comes
 * out as U+0080 instead of "€", 0x93/0x94 as controls instead of curly quotes.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1_RE = /[\u0080-\u009f]/g;
const latin1 = new TextDecoder('latin1');

function decodeWindows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(C1_RE, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function sniffHtmlCharset(bytes: Uint8Array): string | null {
  const head = latin1.decode(bytes.subarray(0, META_SCAN_BYTES));
  const xml = XML_DECL_RE.exec(head);
  const m = META_CHARSET_RE.exec(head.replace(HTML_COMMENT_RE, ''));
  let enc = encodingFor(m?.[1] ?? xml?.[1]);
  if (!enc) return null;
  // The HTML standard: a <meta> can only be read if the page is ASCII-compatible,
  // so a meta saying UTF-16 really means UTF-8; x-user-defined means windows-1252.
  if (enc === 'utf-16le' || enc === 'utf-16be') enc = 'utf-8';
  if (enc === 'x-user-defined') enc = 'windows-1252';
  return enc;
}

/** C0 controls (and DEL) that no text capture means: NUL, backspace… (tab, newlines and CR stay). */
const CONTROL_RE = /[\u0000-\u0008\u000E-\u001F\u007F]/g;
/** Vertical tab and form feed (Word's line and page breaks) are line breaks. */
const BREAK_CONTROL_RE = /[\u000B\u000C]/g;

/**
 * Decoded text without control characters: they are never content, and they would be
 * stored in the clipping and break exports (XML, as in DOCX, cannot hold them). A text
 * with none of them (most are) is returned as it is after one pass over its code units:
 * the two replaces scanned every text twice (a fifth of decoding a text capture).
 */
export function withoutControls(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return text.replace(CONTROL_RE, '').replace(BREAK_CONTROL_RE, '\n');
  }
  return text;
}

function decodeWith(encoding: string, bytes: Uint8Array): DecodedText {
  if (encoding === 'windows-1252') return { text: withoutControls(decodeWindows1252(bytes)), encoding };
  const decoder = new TextDecoder(encoding);
  return { text: withoutControls(decoder.decode(bytes)), encoding: decoder.encoding };
}

export function decodeText(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return decodeWith(bom.encoding, bytes.subarray(bom.length));

  // (A transport label "utf-16" without a BOM resolves to utf-16le, the common case.)
  let declared = encodingFor(opts.declaredCharset);
  if (declared === null && opts.html) declared = sniffHtmlCharset(bytes);

  if (declared === 'utf-8') return decodeWith('utf-8', bytes);
  if (declared !== null && !WESTERN_SINGLE_BYTE.has(declared)) return decodeWith(declared, bytes);
  // Undeclared, or declared Western single-byte: UTF-8 if the bytes say so.
  const { multi, bad } = utf8Stats(bytes);
  if (bad === 0 && (multi > 0 || declared === null)) return decodeWith('utf-8', bytes);
  // Mostly UTF-8 with a few stray bytes (a Latin-1 snippet pasted into a UTF-8 page):
  // still UTF-8. Real windows-1252 text almost never forms valid multi-byte sequences.
  if (declared === null && multi >= 4 * bad) return decodeWith('utf-8', bytes);
  return decodeWith(declared ?? 'windows-1252', bytes);
}

// Magic numbers of common binary formats that are never captures of text.
const BINARY_MAGIC: readonly (readonly number[])[] = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x50, 0x4b, 0x03, 0x04], // ZIP / docx / epub
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // MZ (Windows executable)
  [0x52, 0x49, 0x46, 0x46], // RIFF (webp, wav, avi)
  [0xd0, 0xcf, 0x11, 0xe0], // OLE (old .doc/.xls)
];

/**
 * True when `bytes` is evidently not text: a known binary signature, NUL bytes, or more
 * than 10 % C0 control characters (other than tab, newline, form feed, carriage return
 * and ESC, which ISO-2022 encodings use) in the first 8 KB. Text with a UTF-16 BOM is
 * text; so is BOM-less UTF-16 whose NULs sit almost all at odd or all at even offsets.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const bom = bomEncoding(bytes);
  if (bom && bom.encoding !== 'utf-8') return false;
  for (const magic of BINARY_MAGIC) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return true;
  }
  const n = Math.min(bytes.length, BINARY_SCAN_BYTES);
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) {
      control++;
    } else if (b === 0x7f) {
      control++;
    }
  }
  const nul = nulEven + nulOdd;
  if (nul > 0) {
    // BOM-less UTF-16 of mostly Latin text: one NUL per code unit, always on the same side.
    const half = Math.floor(n / 2);
    const oneSided = Math.max(nulEven, nulOdd);
    const utf16Like = half > 0 && oneSided >= half * 0.3 && Math.min(nulEven, nulOdd) <= oneSided * 0.02;
    if (!utf16Like) return true;
  }
  return control > n * 0.1;
}
