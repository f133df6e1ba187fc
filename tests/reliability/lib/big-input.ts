/**
 * One oversized capture through `clippings.add`, in its own process so its time and peak
 * memory are its own:
 *
 *   node --import tsx tests/reliability/lib/big-input.ts KIND DB
 *
 * KIND: html-50mb | nested-100k | line-1m-text | line-1m-html. Prints one JSON line.
 */
import { Archive } from '../../../electron/core/archive.ts';
import { ftsCheck, sha256 } from './common.ts';

export interface BigInputResult {
  kind: string;
  inputBytes: number;
  ms: number;
  /** Peak resident memory of the process minus its resident memory before the call (MB). */
  peakRssDeltaMb: number;
  status: string;
  error: string | null;
  textChars: number | null;
  untouched: boolean;
}

const PARA = `<p>${'The council approved the budget after a long debate about housing, transport and the new library. '.repeat(6)}</p>\n`;

function build(kind: string): { name: string; bytes: Buffer } {
  switch (kind) {
    case 'html-50mb': {
      const target = 50 * 1024 * 1024;
      const head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A very long page</title></head><body><article><h1>A very long page</h1>\n';
      const tail = '</article></body></html>\n';
      const n = Math.ceil((target - head.length - tail.length) / PARA.length);
      return { name: 'huge.html', bytes: Buffer.from(head + PARA.repeat(n) + tail) };
    }
    case 'nested-100k': {
      const d = 100_000;
      return {
        name: 'nested.html',
        bytes: Buffer.from(`<!doctype html><html><head><title>Nested</title></head><body>${'<div>'.repeat(d)}<p>Deep text about the council budget vote and the library.</p>${'</div>'.repeat(d)}</body></html>`),
      };
    }
    case 'line-1m-text': {
      const words = 'council budget housing transport library vote debate mayor '.repeat(20_000).slice(0, 1_000_000);
      return { name: 'line.txt', bytes: Buffer.from(`One very long line\n\n${words}`) };
    }
    case 'line-1m-html': {
      const words = 'council budget housing transport library vote debate mayor '.repeat(20_000).slice(0, 1_000_000);
      return { name: 'line.html', bytes: Buffer.from(`<!doctype html><html><head><title>One line</title></head><body><article><p>${words}</p></article></body></html>`) };
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

async function main(): Promise<void> {
  const [kind, db] = process.argv.slice(2) as [string, string];
  const archive = new Archive(db);
  await archive.call('clippings.add', { capture: { name: 'before.txt', text: 'Before the storm\n\nThe harbour wall was repaired before the winter storms arrived in the town.' } });
  const digest = () => sha256(JSON.stringify(archive.db.prepare('SELECT * FROM clippings WHERE id = 1').get()));
  const before = digest();
  const { name, bytes } = build(kind);
  const base64 = bytes.toString('base64');
  const rss0 = process.memoryUsage().rss;
  const maxRss0 = process.resourceUsage().maxRSS * 1024;
  const t = performance.now();
  const r = await archive.call('clippings.add', { capture: { name, base64 } });
  const ms = performance.now() - t;
  const peak = Math.max(process.resourceUsage().maxRSS * 1024, maxRss0);
  let textChars: number | null = null;
  if (r.status === 'added' && r.id !== null) textChars = (await archive.call('clippings.get', { id: r.id })).text.length;
  ftsCheck(archive.db);
  const out: BigInputResult = {
    kind,
    inputBytes: bytes.length,
    ms: Math.round(ms),
    peakRssDeltaMb: Math.round((peak - rss0) / 1e6),
    status: r.status,
    error: r.error ?? null,
    textChars,
    untouched: digest() === before,
  };
  archive.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
