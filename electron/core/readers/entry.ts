/**
 * A reader (see pool.ts): the archive opened read-only on its own connection, answering
 * one call at a time through the same `dispatch` as every door (method name checked,
 * arguments validated by the contract). It holds no grants: the methods it serves name
 * no file.
 */
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Envelope } from '../../contract/errors.ts';
import { Archive } from '../archive.ts';
import { dispatch } from '../dispatch.ts';
import { GrantStore } from '../grants.ts';

export interface ReaderSetup {
  file: string;
  nativeBinding: string | undefined;
}

export interface ReaderRequest {
  id: number;
  method: string;
  args: unknown;
}

export interface ReaderReply {
  id: number;
  envelope: Envelope;
}

/**
 * Test hooks, honoured only when CUTTINGS_TEST_HOOKS=1 (set by the tests, never by the
 * product), standing in for a search that runs long: a `search.query` for
 * `cuttings-test:block:<file>` holds its worker (synchronously, as a long SQLite statement
 * would) until that file exists; `cuttings-test:crash` kills its worker.
 */
function testHook(req: ReaderRequest): void {
  if (process.env.CUTTINGS_TEST_HOOKS !== '1' || req.method !== 'search.query') return;
  const query = (req.args as { query?: unknown } | null)?.query;
  if (typeof query !== 'string') return;
  if (query === 'cuttings-test:crash') process.exit(70);
  const blockOn = /^cuttings-test:block:(.+)$/.exec(query)?.[1];
  if (blockOn) {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    while (!existsSync(blockOn)) Atomics.wait(cell, 0, 0, 5);
  }
}

const port = parentPort;
if (!port) throw new Error('entry.ts runs as a worker thread (see pool.ts)');
const setup = workerData as ReaderSetup;
const archive = new Archive(setup.file, { readonly: true, ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}) });
const places = { places: new GrantStore() };

port.on('message', (req: ReaderRequest) => {
  void (async () => {
    testHook(req);
    const reply: ReaderReply = { id: req.id, envelope: await dispatch(archive, req.method, req.args, places) };
    port.postMessage(reply);
  })();
});
port.postMessage('ready');
