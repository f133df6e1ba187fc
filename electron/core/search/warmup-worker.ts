/**
 * The warm-up's worker (see warmup.ts): the archive on a connection of its own that may
 * write, reading the ranking lists of the archive's broad words and prefixes into `rank_lists` when
 * told, list by list, until all are in date or the main thread raises the stop flag.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/open.ts';
import type { RankListOptions } from '../../../db/query/topk.ts';
import { SearchRepo } from '../../../db/search.ts';

export interface WarmupSetup {
  file: string;
  nativeBinding: string | undefined;
  /** One 32-bit cell: non-zero while the warm-up is to stop (checked between lists). */
  stop: SharedArrayBuffer;
  rankLists?: Partial<RankListOptions>;
}

/** A warm-up's end: the lists it read, of how many broad words and prefixes, whether it was stopped. */
export type WarmupReply = { lists: number; words: number; stopped: boolean } | { error: string };

const port = parentPort;
if (!port) throw new Error('warmup-worker.ts runs as a worker thread (see warmup.ts)');
const setup = workerData as WarmupSetup;
const stop = new Int32Array(setup.stop);
const db = openDatabase(setup.file, setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {});
const search = new SearchRepo(db, setup.rankLists ? { rankLists: setup.rankLists } : {});

port.on('message', (message: 'warm' | 'close') => {
  if (message === 'close') {
    // (Closed here, between statements: never terminated in the middle of one.)
    db.close();
    port.close();
    return;
  }
  let reply: WarmupReply;
  try {
    const words = search.broadWords();
    const { lists, stopped } = search.warmBroadWords(words, () => Atomics.load(stop, 0) !== 0);
    reply = { lists, words: words.length, stopped };
  } catch (err) {
    reply = { error: (err as Error).message };
  }
  port.postMessage(reply);
});
port.postMessage('ready');
