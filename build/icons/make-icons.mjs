// Draws the Cuttings icon (a press cutting: a page with a headline and text lines, a
// dashed cut line across its corner, on an ink-blue tile) and writes every file
// electron-builder needs: NxN.png for Linux, icon.png (1024), icon.ico (Windows, PNG
// entries) and icon.icns (macOS, PNG entries). Pure Node, no image tools:
//   node build/icons/make-icons.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const dir = path.dirname(fileURLToPath(import.meta.url));

// Shapes in a 0..1 square; each returns coverage for a point.
const roundRect = (x, y, cx, cy, hw, hh, r) => {
  const dx = Math.abs(x - cx) - hw + r;
  const dy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - r <= 0;
};
const TILE = [31, 58, 95];
const PAGE = [250, 248, 242];
const INK = [40, 44, 52];
const LINE = [168, 174, 186];
const CUT = [232, 110, 44];

function colourAt(x, y) {
  if (!roundRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.1)) return null;
  // The page, slightly tilted.
  const a = -0.06;
  const px = (x - 0.5) * Math.cos(a) - (y - 0.52) * Math.sin(a) + 0.5;
  const py = (x - 0.5) * Math.sin(a) + (y - 0.52) * Math.cos(a) + 0.52;
  // Dashed cut line across the lower-right corner: x + y = 1.42.
  const d = (px + py - 1.42) / Math.SQRT2;
  const along = (px - py) / Math.SQRT2;
  const onPage = roundRect(px, py, 0.5, 0.52, 0.28, 0.34, 0.02) && d < 0;
  if (Math.abs(d) < 0.012 && Math.abs(along) < 0.2 && Math.floor((along + 1) / 0.05) % 2 === 0) return CUT;
  if (!onPage) return TILE;
  if (roundRect(px, py, 0.5, 0.3, 0.21, 0.035, 0.01)) return INK;
  for (const ly of [0.4, 0.47, 0.54, 0.61, 0.68]) {
    const w = ly === 0.68 ? 0.12 : 0.21;
    if (roundRect(px, py, 0.29 + w, ly, w, 0.012, 0.012)) return LINE;
  }
  return PAGE;
}

function render(size) {
  const ss = size >= 256 ? 3 : 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, n = 0;
      for (let sj = 0; sj < ss; sj++) {
        for (let si = 0; si < ss; si++) {
          const c = colourAt((i + (si + 0.5) / ss) / size, (j + (sj + 0.5) / ss) / size);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; n++;
        }
      }
      const o = (j * size + i) * 4;
      if (n) {
        rgba[o] = Math.round(r / n); rgba[o + 1] = Math.round(g / n); rgba[o + 2] = Math.round(b / n);
        rgba[o + 3] = Math.round((255 * n) / (ss * ss));
      }
    }
  }
  return png(size, rgba);
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (buf) => {
  let c = -1;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(([size, data], k) => {
    const e = 6 + 16 * k;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map(([, d]) => d)]);
}

function icns(entries) {
  const parts = entries.map(([type, data]) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([h, body]);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const images = new Map(sizes.map((s) => [s, render(s)]));
for (const s of sizes.filter((s) => s <= 512)) writeFileSync(path.join(dir, `${s}x${s}.png`), images.get(s));
writeFileSync(path.join(dir, 'icon.png'), images.get(1024));
writeFileSync(path.join(dir, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((s) => [s, images.get(s)])));
writeFileSync(path.join(dir, 'icon.icns'), icns([['icp4', images.get(16)], ['icp5', images.get(32)], ['icp6', images.get(64)], ['ic07', images.get(128)], ['ic08', images.get(256)], ['ic09', images.get(512)], ['ic10', images.get(1024)]]));
console.log(`icons written to ${path.relative(process.cwd(), dir)}`);
