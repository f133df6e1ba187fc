/**
 * The CPU one count of facets costs in a fresh process, the two ways FacetIndex can do
 * it without a current copy (db/facets.ts `tallyCurrent` picks per chunk): `load` (read every chunk the match
 * touches, then count from the copy) or `sql` (GROUP BY over the match's ids). One
 * method, one word, one count per process, as the CLI does it:
 *
 *   for m in load sql; do node --import tsx tests/bench/facets-once.ts ARCHIVE.db $m WORD; done
 *
 * Prints: method, word, number of matching ids, CPU milliseconds of the count alone.
 */
import { FacetIndex } from '../../db/facets.ts';
import { openDatabase } from '../../db/open.ts';

const [file, method, word] = process.argv.slice(2) as [string, 'load' | 'sql', string];
const db = openDatabase(file);
const ids = JSON.parse((db.prepare(`SELECT json_group_array(rowid) AS ids FROM clipping_fts WHERE clipping_fts MATCH ?`).get(word) as { ids: string }).ids) as number[];
const index = new FacetIndex(db);
const before = process.cpuUsage();
if (method === 'load') {
  index.load(ids);
  index.count(ids);
} else (index as unknown as { tallyInSql(ids: readonly number[]): unknown }).tallyInSql(ids);
const used = process.cpuUsage(before);
console.log(method, word, ids.length, ((used.user + used.system) / 1000).toFixed(0));
db.close();
