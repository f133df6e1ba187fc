/**
 * The team-archive tests' PostgreSQL: every test file that needs it registers its suite
 * with `describeWithPostgres` and gets its databases from `pgCluster()`. The cluster
 * (tests/team/cluster.ts) is started once per test file, on a port no other cluster of the
 * run uses, and stopped and removed after the file. Without Debian's postgresql package
 * (no /usr/lib/postgresql/N/bin/initdb) the suites are skipped and
 * tests/setup/shared-skips.ts prints one line saying so.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { hasPostgres, startCluster, type Cluster } from './cluster.ts';

export { hasPostgres, postgresBin, type Cluster } from './cluster.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** The test needs a PostgreSQL cluster (see tests/team/pg.ts). */
    needsPostgres?: true;
  }
}

let current: Cluster | null = null;

/** The cluster of this test file (started by `describeWithPostgres`). */
export function pgCluster(): Cluster {
  if (!current) throw new Error('pgCluster() outside describeWithPostgres');
  return current;
}

/** A describe block whose tests get a running cluster; skipped (and reported) without PostgreSQL. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (!hasPostgres) {
    describe.skip(name, { meta: { needsPostgres: true } }, body);
    return;
  }
  describe(name, () => {
    beforeAll(() => {
      current = startCluster();
    });
    afterAll(() => {
      current?.remove();
      current = null;
    });
    body();
  });
}
