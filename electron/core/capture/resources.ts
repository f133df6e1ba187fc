/**
 * Images that come with a capture (MHTML parts, a saved page's `_files` folder, inline
 * e-mail images). The archive stores them and points the clipping's HTML at the copies;
 * nothing here is ever fetched from the network.
 */
import { isNameEnd, tagEnd } from './markup.ts';

export interface CaptureResource {
  /** The address the page uses for it: a Content-Location, `cid:…`, or the `src` as written. */
  url: string;
  /** `image/png`, `image/jpeg`… (lower case, no parameters). */
  mediaType: string;
  bytes: Uint8Array;
  /** Other addresses the page may use for the same resource (e.g. `cid:…` besides a Content-Location). */
  aliases?: string[];
}

/**
 * Image formats recognised by decoding their headers, most common first. Resources are
 * only kept when this recognises them: a declared type or a file name alone is not
 * trusted, and neither is a magic number alone (any file starting with "BM" is not a
 * bitmap): each format's fixed header must decode to plausible values and agree with
 * the length of the bytes where the format records it.
 */
export function sniffImageType(bytes: Uint8Array): string | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isJpeg(b)) return 'image/jpeg';
  if (isPng(b)) return 'image/png';
  if (isGif(b)) return 'image/gif';
  if (isWebp(b)) return 'image/webp';
  if (isAvif(b)) return 'image/avif';
  if (isBmp(b)) return 'image/bmp';
  if (isIco(b)) return 'image/x-icon';
  const head = b.subarray(0, 512).toString('latin1').trimStart();
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return null;
}

const ascii = (b: Buffer, at: number, s: string) => b.length >= at + s.length && b.toString('latin1', at, at + s.length) === s;

/** PNG: the 8-byte signature, then an IHDR chunk of 13 bytes with a non-zero size and a valid depth/colour pair. */
function isPng(b: Buffer): boolean {
  if (b.length < 33 || !b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return false;
  if (b.readUInt32BE(8) !== 13 || !ascii(b, 12, 'IHDR')) return false;
  const w = b.readUInt32BE(16);
  const h = b.readUInt32BE(20);
  const depth = b[24]!;
  const colour = b[25]!;
  const depths: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
  return w > 0 && h > 0 && w <= 0x7fffffff && h <= 0x7fffffff && (depths[colour]?.includes(depth) ?? false) && b[26] === 0 && b[27] === 0 && b[28]! <= 1;
}

/** JPEG: SOI, then a marker segment (APPn, DQT, SOF, DHT, DRI, COM…) whose length is at least 2. */
function isJpeg(b: Buffer): boolean {
  if (b.length < 6 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return false;
  const m = b[3]!;
  const segment = (m >= 0xe0 && m <= 0xef) || m === 0xdb || m === 0xc4 || m === 0xdd || m === 0xfe || (m >= 0xc0 && m <= 0xcf && m !== 0xc8 && m !== 0xcc);
  return segment && b.readUInt16BE(4) >= 2;
}

/** GIF: GIF87a/GIF89a, then a logical screen descriptor with a non-zero size. */
function isGif(b: Buffer): boolean {
  if (b.length < 14 || !(ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'))) return false;
  return b.readUInt16LE(6) > 0 && b.readUInt16LE(8) > 0;
}

/** WebP: RIFF whose size matches the bytes, WEBP, then a VP8, VP8L or VP8X chunk that fits. */
function isWebp(b: Buffer): boolean {
  if (b.length < 20 || !ascii(b, 0, 'RIFF') || !ascii(b, 8, 'WEBP')) return false;
  const riff = b.readUInt32LE(4);
  if (riff + 8 !== b.length) return false;
  const chunk = b.toString('latin1', 12, 16);
  const size = b.readUInt32LE(16);
  if (20 + size > b.length) return false;
  if (chunk === 'VP8L') return size >= 5 && b[20] === 0x2f;
  if (chunk === 'VP8 ') return size >= 10 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a;
  if (chunk === 'VP8X') return size === 10;
  return false;
}

/** AVIF: an `ftyp` box whose size fits the bytes, with an AVIF major brand. */
function isAvif(b: Buffer): boolean {
  if (b.length < 16 || !ascii(b, 4, 'ftyp')) return false;
  const size = b.readUInt32BE(0);
  if (size < 16 || size > b.length || size % 4 !== 0) return false;
  return ascii(b, 8, 'avif') || ascii(b, 8, 'avis');
}

/**
 * BMP: "BM", a file size equal to the bytes' length, a DIB header of a known size
 * (12, 40, 52, 56, 64, 108, 124), a pixel offset inside the file, one plane, a usual
 * bit depth and a plausible width and height.
 */
function isBmp(b: Buffer): boolean {
  if (b.length < 26 || b[0] !== 0x42 || b[1] !== 0x4d) return false;
  if (b.readUInt32LE(2) !== b.length) return false;
  const offset = b.readUInt32LE(10);
  const dib = b.readUInt32LE(14);
  if (![12, 40, 52, 56, 64, 108, 124].includes(dib) || 14 + dib > b.length || offset < 14 + dib || offset > b.length) return false;
  let w: number, h: number, planes: number, bpp: number;
  if (dib === 12) {
    w = b.readUInt16LE(18);
    h = b.readUInt16LE(20);
    planes = b.readUInt16LE(22);
    bpp = b.readUInt16LE(24);
  } else {
    w = b.readInt32LE(18);
    h = Math.abs(b.readInt32LE(22));
    planes = b.readUInt16LE(26);
    bpp = b.readUInt16LE(28);
  }
  return w > 0 && h > 0 && w <= 65535 && h <= 65535 && planes === 1 && [1, 2, 4, 8, 16, 24, 32].includes(bpp);
}

/** ICO: reserved 0, type 1, at least one 16-byte entry whose image lies inside the bytes. */
function isIco(b: Buffer): boolean {
  if (b.length < 22 || b.readUInt16LE(0) !== 0 || b.readUInt16LE(2) !== 1) return false;
  const count = b.readUInt16LE(4);
  if (count === 0 || 6 + count * 16 > b.length) return false;
  for (let i = 0; i < count; i++) {
    const e = 6 + i * 16;
    const size = b.readUInt32LE(e + 8);
    const at = b.readUInt32LE(e + 12);
    if (size === 0 || at < 6 + count * 16 || at + size > b.length) return false;
  }
  return true;
}

/**
 * A `map` for `rewriteResourceUrls`: each resource's address (and aliases) → what
 * `storedUrl` returns for it (e.g. the archive's own address of the stored copy).
 */
export function resourceUrlMap(resources: readonly CaptureResource[], storedUrl: (r: CaptureResource) => string): (url: string) => string | null {
  const byUrl = new Map<string, CaptureResource>();
  for (const r of resources) {
    for (const u of [r.url, ...(r.aliases ?? [])]) if (!byUrl.has(u)) byUrl.set(u, r);
  }
  return (url) => {
    const r = byUrl.get(url) ?? byUrl.get(safeDecode(url));
    return r ? storedUrl(r) : null;
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

const URL_ATTR_RE = /(\s)(src|srcset|data-src)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * Rewrites `<img>`/`<source>` `src`, `srcset` (and `data-src`) addresses for which `map`
 * returns a replacement; everything else in the HTML is left byte for byte. `map` is
 * called with the address as written (entities decoded), then, when `baseUrl` is given
 * and the address is relative, with the absolute address.
 */
export function rewriteResourceUrls(html: string, map: (url: string) => string | null, opts: { baseUrl?: string | null } = {}): string {
  const lookup = (raw: string): string | null => {
    const url = raw.trim();
    if (!url) return null;
    const direct = map(url);
    if (direct !== null) return direct;
    if (/^cid:/i.test(url)) return map(`cid:${url.slice(4).replace(/^<|>$/g, '')}`);
    if (opts.baseUrl && !/^[a-z][a-z0-9+.-]*:/i.test(url)) {
      try {
        return map(new URL(url, opts.baseUrl).href);
      } catch {
        return null;
      }
    }
    return null;
  };
  const rewriteTag = (tag: string): string =>
    tag.replace(URL_ATTR_RE, (whole, sp: string, name: string, eq: string, dq?: string, sq?: string, bare?: string) => {
      const value = decodeEntities(dq ?? sq ?? bare ?? '');
      const out = name.toLowerCase() === 'srcset' ? rewriteSrcset(value, lookup) : lookup(value);
      return out === null ? whole : `${sp}${name}${eq}"${escapeAttr(out)}"`;
    });
  // Tag by tag with indexOf (a pattern for the whole tag, restarted at each "<img", is
  // quadratic on a page of unclosed tags): each character is looked at once.
  let out = '';
  let done = 0;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    const name = imgTagName(html, i);
    if (!name) continue;
    const { end } = tagEnd(html, i + 1 + name.length);
    if (html.charCodeAt(end - 1) !== 0x3e) break; // unclosed to the end: not a tag
    out += html.slice(done, i) + rewriteTag(html.slice(i, end));
    done = end;
    i = end - 1;
  }
  return done === 0 ? html : out + html.slice(done);
}

/** `img` or `source` when a start tag of one begins at `i`. */
function imgTagName(html: string, i: number): string | null {
  for (const name of ['img', 'source']) {
    if (html.slice(i + 1, i + 1 + name.length).toLowerCase() === name && isNameEnd(html.charCodeAt(i + 1 + name.length))) return name;
  }
  return null;
}

/** Parses a srcset (URLs, then descriptors up to the next comma) and maps its URLs; null when none changed. */
function rewriteSrcset(value: string, lookup: (url: string) => string | null): string | null {
  const out: string[] = [];
  let changed = false;
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i]!)) i++;
    if (i >= value.length) break;
    let j = i;
    while (j < value.length && !/\s/.test(value[j]!)) j++;
    let url = value.slice(i, j);
    let desc = '';
    i = j;
    if (/,$/.test(url)) {
      url = url.replace(/,+$/, '');
    } else {
      let k = value.indexOf(',', i);
      if (k < 0) k = value.length;
      desc = value.slice(i, k).trim();
      i = k + 1;
    }
    const mapped = lookup(url);
    if (mapped !== null) changed = true;
    out.push(desc ? `${mapped ?? url} ${desc}` : (mapped ?? url));
  }
  return changed ? out.join(', ') : null;
}

function decodeEntities(s: string): string {
  return s.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|quot|apos|lt|gt));/gi, (m, dec?: string, hex?: string, named?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' }[named!.toLowerCase() as 'amp'] ?? m;
  });
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
