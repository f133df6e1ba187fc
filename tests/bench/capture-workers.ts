/**
 * What the worker hop costs per capture: the same synthetic text captures extracted on
 * this thread (`extractCapture`, as imports did before workers) and through the capture
 * pool (one warm worker, as imports do now), alternately, in the same run.
 *
 *   node --import tsx tests/bench/capture-workers.ts [--captures 1000] [--rounds 3]
 * Prints captures/s for each and the difference per capture (no results file: a figure
 * for a report, beside the bulk-import benchmark's clippings/s).
 */
import { extractCapture, type CaptureSource } from '../../electron/core/capture/index.ts';
import { CapturePool } from '../../electron/core/capture/worker/pool.ts';
import { Corpus } from './corpus.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = opt('captures', 1000);
const ROUNDS = opt('rounds', 3);

const corpus = new Corpus(20211208);
const texts = Array.from({ length: N }, (_, i) => Buffer.from(corpus.clipping(i).text));
// A fresh buffer per capture: the pool moves the bytes to the worker.
const src = (b: Buffer): CaptureSource => ({ bytes: Buffer.from(b), name: 'clipping.txt', mediaType: null, sourceUrl: null });

const pool = new CapturePool();
await pool.extract(src(texts[0]!)); // start-up outside the timing
for (let round = 1; round <= ROUNDS; round++) {
  let t = performance.now();
  for (const b of texts) await extractCapture(src(b));
  const here = (performance.now() - t) / N;
  t = performance.now();
  for (const b of texts) await pool.extract(src(b));
  const worker = (performance.now() - t) / N;
  console.log(`round ${round}: this thread ${(1000 / here).toFixed(0)}/s, worker ${(1000 / worker).toFixed(0)}/s, hop ${(worker - here).toFixed(2)} ms per capture`);
}
await pool.close();
