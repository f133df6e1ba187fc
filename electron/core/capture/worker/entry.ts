/**
 * The capture worker (see pool.ts): takes one capture at a time from the pool, runs
 * `extractCapture` and sends back the extraction, the fingerprints of its text and how its
 * bytes would be stored (`packCapture`), so that the thread that stores it computes
 * neither, and the capture's bytes and its images, moved rather than copied. Errors travel
 * as messages: a CaptureError (what is wrong with the input) apart from a failure of the
 * extractor.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { CaptureError, extractCapture, type CaptureSource, type PreparedCapture } from '../index.ts';
import { textFingerprints, type TextFingerprints } from '../minhash.ts';
import { packCapture, type CapturePacking } from '../../../../db/captures.ts';
import { movable, owned } from './pool.ts';

/**
 * One capture at a time, in the order sent: the pool may send the next ones before the
 * reply (so that the worker never waits for the pool's thread), and takes the replies as
 * answers to its requests in that order.
 */
export interface WorkerRequest {
  src: CaptureSource;
}

type Outcome = { ok: true; prepared: PreparedCapture; bytes: Uint8Array; fingerprints: TextFingerprints; packing: CapturePacking } | { ok: false; capture: boolean; message: string };

export type WorkerReply = Outcome & {
  /** The worker's heap after this capture (MB), for the pool to recycle a grown worker. */
  heapMb: number;
};

/**
 * Test hooks, honoured only when CUTTINGS_TEST_HOOKS=1 (set by the tests, never by the
 * product), for what no real capture should do once the parsers are fixed: a capture whose
 * bytes start with `cuttings-test:hang` computes forever, `cuttings-test:allocate`
 * allocates until the heap limit stops it, `cuttings-test:crash` throws outside any
 * handler (the worker dies).
 */
async function testHook(bytes: Uint8Array): Promise<void> {
  if (process.env.CUTTINGS_TEST_HOOKS !== '1') return;
  const head = Buffer.from(bytes.subarray(0, 32)).toString('latin1');
  if (head.startsWith('cuttings-test:hang')) for (;;);
  if (head.startsWith('cuttings-test:allocate')) {
    const hoard: string[][] = [];
    for (let i = 0; ; i++) hoard.push(Array.from({ length: 1024 }, (_, j) => `${i}:${j}`));
  }
  if (head.startsWith('cuttings-test:crash')) {
    setImmediate(() => {
      throw new Error('test crash');
    });
    await new Promise(() => {});
  }
}

const port = parentPort;
if (!port) throw new Error('entry.ts runs as a worker thread (see pool.ts)');

/** The requests taken so far: each starts once the one before it is answered (an extraction may await: the e-mail reader does). */
let taken = Promise.resolve();
port.on('message', (req: WorkerRequest) => {
  taken = taken.then(async () => {
    let reply: Outcome;
    let transfer: ArrayBuffer[] = [];
    try {
      await testHook(req.src.bytes);
      const extracted = await extractCapture(req.src);
      const text = extracted.extracted.paragraphs.join('\n\n');
      const { alone, packed, storedText } = packCapture(req.src.bytes, text);
      // Every buffer sent back is moved: views into larger ones (zlib's output chunks) are copied to their size first.
      const bytes = owned(req.src.bytes);
      const prepared = { ...extracted, resources: extracted.resources.map((r) => ({ ...r, bytes: owned(r.bytes) })) };
      const textZ = owned(storedText.text_z);
      const packing = { text, alone: alone && { ...alone, stored: alone.stored === req.src.bytes ? bytes : owned(alone.stored) }, packed: packed && owned(packed), storedText: { ...storedText, text_z: textZ } };
      reply = { ok: true, prepared, bytes, fingerprints: textFingerprints(text), packing };
      transfer = movable([bytes, ...prepared.resources.map((r) => r.bytes), ...(packing.alone ? [packing.alone.stored] : []), ...(packing.packed ? [packing.packed] : []), textZ]);
    } catch (err) {
      reply = { ok: false, capture: err instanceof CaptureError, message: (err as Error).message ?? String(err) };
    }
    const full: WorkerReply = { ...reply, heapMb: Math.round(getHeapStatistics().total_heap_size / 2 ** 20) };
    port.postMessage(full, transfer);
  });
});
port.postMessage('ready');
