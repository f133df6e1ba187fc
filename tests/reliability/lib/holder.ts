/**
 * Another Cuttings process with an archive open (the app or `cuttings serve`), for the
 * restore tests:
 *
 *   node --import tsx tests/reliability/lib/holder.ts DB
 *
 * Prints `opening`, opens the archive, prints `ready`, then for each line on stdin: `add TITLE` adds a
 * clipping and prints its JSON result (or `error: …`); `quit` closes and exits.
 */
import { createInterface } from 'node:readline';
import { Archive } from '../../../electron/core/archive.ts';

console.log('opening');
const archive = new Archive(process.argv[2]!);
console.log('ready');
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  void (async () => {
    if (line === 'quit') {
      archive.close();
      process.exit(0);
    }
    const title = line.replace(/^add /, '');
    try {
      const r = await archive.call('clippings.add', { capture: { name: `${title}.txt`, text: `${title}\n\nA paragraph written by the other process about ${title}.` } });
      console.log(JSON.stringify(r));
    } catch (err) {
      console.log(`error: ${(err as Error).message}`);
    }
  })();
});
