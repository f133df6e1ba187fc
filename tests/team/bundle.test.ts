/**
 * The capture bundle of the team sync (electron/core/sync/bundle.ts): frames round-trip
 * byte for byte, and a cut-off or malformed bundle is refused with what is wrong.
 */
import { expect, it } from 'vitest';
import { decodeBundle, encodeBundle } from '../../electron/core/sync/bundle.ts';

const blob = (n: number, size: number) => ({ sha256: String(n).padStart(64, '0'), mediaType: 'application/pdf', capturedAt: n % 2 ? '2026-01-01T00:00:00Z' : null, sourceUrl: n % 3 ? null : `https://example.org/${n}`, bytes: new Uint8Array(size).map((_, i) => (i * 31 + n) & 255) });

it('round-trips captures of every size, empty ones included, byte for byte', () => {
  const blobs = [blob(1, 0), blob(2, 1), blob(3, 70_000), blob(4, 5)];
  expect(decodeBundle(encodeBundle(blobs))).toEqual(blobs);
  expect(decodeBundle(new Uint8Array(0))).toEqual([]);
});

it('refuses a bundle cut off anywhere, or with a header that is not what it says', () => {
  const whole = encodeBundle([blob(1, 100), blob(2, 100)]);
  for (const cut of [1, 3, 10, whole.length - 100, whole.length - 1]) expect(() => decodeBundle(whole.subarray(0, cut)), `cut at ${cut}`).toThrow(/cut off/);
  const notJson = Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{x}')]);
  expect(() => decodeBundle(notJson)).toThrow(/not JSON/);
  const noSha = Buffer.from(JSON.stringify({ mediaType: 'text/plain', size: 0 }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(noSha.length);
  expect(() => decodeBundle(Buffer.concat([len, noSha]))).toThrow(/lacks its SHA-256/);
  const huge = Buffer.alloc(4);
  huge.writeUInt32BE(0xffffffff);
  expect(() => decodeBundle(huge)).toThrow(/cut off in its header/);
});

it('carries the list of a capture’s images in its frame, and refuses a malformed one', () => {
  const resources = [{ url: './page_files/a.png', mediaType: 'image/png', sha256: 'a'.repeat(64) }];
  const blobs = [{ ...blob(1, 10), resources }, blob(2, 3)];
  expect(decodeBundle(encodeBundle(blobs))).toEqual(blobs);
  const bad = Buffer.from(JSON.stringify({ sha256: '1'.padStart(64, '0'), mediaType: 'text/html', size: 0, resources: [{ url: 'x', mediaType: 'image/png', sha256: 'not-a-digest' }] }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bad.length);
  expect(() => decodeBundle(Buffer.concat([len, bad]))).toThrow(/images are a list/);
});
