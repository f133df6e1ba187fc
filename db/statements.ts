import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

/** Each connection's statements, by their text. */
const cache = new WeakMap<Db, Map<string, Statement>>();

/**
 * The statement for `sql` on this connection, prepared once: for the statements an import
 * runs for every file (preparing one again each time cost more than running it).
 */
export function prepared(db: Db, sql: string): Statement {
  let byText = cache.get(db);
  if (!byText) cache.set(db, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.prepare(sql)));
  return s;
}
