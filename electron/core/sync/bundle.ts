/**
 * A bundle of captures in one HTTP body (docs/team-archive.md, "Blobs"): the sync moves
 * thousands of captures at a first sync, and one request each cost more than the bytes.
 * A bundle is a sequence of frames, each a 4-byte big-endian length, that many bytes of
 * JSON ({sha256, mediaType, capturedAt, sourceUrl, size}, and for a capture that came with
 * images `resources`: [{url, mediaType, sha256}]), then `size` bytes of the capture. An
 * image is a frame of its own. Both ends check every length against the bytes that are
 * really there.
 */

/** An image of a capture, named by its SHA-256 (its bytes travel as a frame of their own). */
export interface BundledResource {
  url: string;
  mediaType: string;
  sha256: string;
}

export interface BundledBlob {
  sha256: string;
  mediaType: string;
  capturedAt: string | null;
  sourceUrl: string | null;
  bytes: Uint8Array;
  resources?: BundledResource[];
}

/** A bundle request carries captures up to about this many bytes (a larger capture travels alone). */
export const BUNDLE_BYTES = 16 * 1024 * 1024;
/** A bundle request names at most this many captures. */
export const BUNDLE_COUNT = 500;

export function encodeFrame(b: BundledBlob): Buffer[] {
  const head = Buffer.from(
    JSON.stringify({ sha256: b.sha256, mediaType: b.mediaType, capturedAt: b.capturedAt, sourceUrl: b.sourceUrl, size: b.bytes.byteLength, ...(b.resources?.length ? { resources: b.resources } : {}) }),
    'utf8',
  );
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.length);
  return [len, head, Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength)];
}

export function encodeBundle(blobs: readonly BundledBlob[]): Buffer {
  return Buffer.concat(blobs.flatMap(encodeFrame));
}

/** The frames of a bundle; throws (with what is wrong) on a truncated or malformed one. */
export function decodeBundle(body: Uint8Array): BundledBlob[] {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const out: BundledBlob[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 4 > buf.length) throw new Error('a bundle frame is cut off in its length');
    const headLen = buf.readUInt32BE(at);
    at += 4;
    if (headLen > 64 * 1024 || at + headLen > buf.length) throw new Error('a bundle frame is cut off in its header');
    let head: { sha256?: unknown; mediaType?: unknown; capturedAt?: unknown; sourceUrl?: unknown; size?: unknown; resources?: unknown };
    try {
      head = JSON.parse(buf.toString('utf8', at, at + headLen));
    } catch {
      throw new Error('a bundle frame has a header that is not JSON');
    }
    at += headLen;
    const size = head.size;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || at + size > buf.length) throw new Error('a bundle frame is cut off in its bytes');
    if (typeof head.sha256 !== 'string' || typeof head.mediaType !== 'string') throw new Error('a bundle frame lacks its SHA-256 or media type');
    const resources = head.resources === undefined ? undefined : checkResources(head.resources);
    out.push({
      sha256: head.sha256,
      mediaType: head.mediaType,
      capturedAt: typeof head.capturedAt === 'string' ? head.capturedAt : null,
      sourceUrl: typeof head.sourceUrl === 'string' ? head.sourceUrl : null,
      bytes: new Uint8Array(buf.buffer, buf.byteOffset + at, size),
      ...(resources ? { resources } : {}),
    });
    at += size;
  }
  return out;
}

/** A capture's list of images as sent (a frame header, or the `x-resources` header of a capture sent alone); throws when malformed. */
export function checkResources(raw: unknown): BundledResource[] {
  const ok = (r: unknown): r is BundledResource => {
    const x = r as Record<string, unknown> | null;
    return !!x && typeof x.url === 'string' && typeof x.mediaType === 'string' && typeof x.sha256 === 'string' && /^[0-9a-f]{64}$/.test(x.sha256);
  };
  if (!Array.isArray(raw) || !raw.every(ok)) throw new Error('a capture’s images are a list of {url, mediaType, sha256}');
  return raw.map((r) => ({ url: r.url, mediaType: r.mediaType, sha256: r.sha256 }));
}
