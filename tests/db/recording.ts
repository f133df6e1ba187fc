/**
 * A SearchRepo (or any user of the database) whose every statement run is recorded (SQL text and parameters), for tests
 * that assert what the engine reads: query plans, which index drives, how many passes.
 */
import type { Db } from '../../db/open.ts';
import { SearchRepo } from '../../db/search.ts';

export interface Recorded {
  sql: string;
  params: unknown[];
}

export function recording(db: Db, opts?: ConstructorParameters<typeof SearchRepo>[1]): { repo: SearchRepo; runs: Recorded[] } {
  const runs: Recorded[] = [];
  return { repo: new SearchRepo(recordingDb(db, runs), opts), runs };
}

/** The database with every statement run on it recorded in `runs`. */
export function recordingDb(db: Db, runs: Recorded[]): Db {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => {
          const stmt = target.prepare(sql);
          const wrap = (fn: 'all' | 'get' | 'iterate' | 'run') => (...params: unknown[]) => {
            runs.push({ sql, params });
            return (stmt[fn] as (...p: unknown[]) => unknown)(...params);
          };
          return { all: wrap('all'), get: wrap('get'), iterate: wrap('iterate'), run: wrap('run') };
        };
      }
      const v = Reflect.get(target, prop) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  }) as Db;
}
