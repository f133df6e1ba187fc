/**
 * Images that come with a capture (MHTML parts, a saved page's `_files` folder, inline
 * e-mail images). The archive stores them and points the clipping's HTML at the copies;
 * nothing here is ever fetched from the network.
 */
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
 * Image formats recognised by their first bytes, most common first. Resources are only
 * kept when this recognises them: a declared type or a file name alone is not trusted.
 */
export function sniffImageType(bytes: Uint8Array): string | null {
  const b = bytes;
  const at = (i: number) => b[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) return 'image/png';
  if (at(0) === 0x47 && at(1) === 0x49 && at(2) === 0x46 && at(3) === 0x38) return 'image/gif';
  if (at(0) === 0x52 && at(1) === 0x49 && at(2) === 0x46 && at(3) === 0x46 && at(8) === 0x57 && at(9) === 0x45 && at(10) === 0x42 && at(11) === 0x50) return 'image/webp';
  if (at(4) === 0x66 && at(5) === 0x74 && at(6) === 0x79 && at(7) === 0x70) {
    const brand = String.fromCharCode(at(8), at(9), at(10), at(11));
    if (brand === 'avif' || brand === 'avis') return 'image/avif';
  }
  if (at(0) === 0x42 && at(1) === 0x4d) return 'image/bmp';
  if (at(0) === 0 && at(1) === 0 && at(2) === 1 && at(3) === 0) return 'image/x-icon';
  const head = Buffer.from(b.subarray(0, 512)).toString('latin1').trimStart();
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return null;
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

const IMG_TAG_RE = /<(?:img|source)\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
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
  return html.replace(IMG_TAG_RE, (tag) =>
    tag.replace(URL_ATTR_RE, (whole, sp: string, name: string, eq: string, dq?: string, sq?: string, bare?: string) => {
      const value = decodeEntities(dq ?? sq ?? bare ?? '');
      let out: string | null;
      if (name.toLowerCase() === 'srcset') {
        out = rewriteSrcset(value, lookup);
      } else {
        out = lookup(value);
      }
      return out === null ? whole : `${sp}${name}${eq}"${escapeAttr(out)}"`;
    }),
  );
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
