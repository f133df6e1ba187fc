/**
 * What the team benchmarks (team-sync.ts, team-background.ts) stand on: a throwaway
 * PostgreSQL cluster with the team schema, two editors (alice and bob), a real
 * `cuttings team serve` process and a work folder — and, for every benchmark, its results
 * written as JSON and Markdown.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addTeamUser, initTeam } from '../../electron/team/admin.ts';
import { startCluster, type Cluster } from '../team/cluster.ts';
import { spawnTeamServer } from '../team/serve.ts';

export interface BenchTeam {
  cluster: Cluster;
  databaseUrl: string;
  server: ChildProcess;
  /** The server's address, with a trailing slash (what `team.join` takes). */
  url: string;
  alice: string;
  bob: string;
  /** A fresh folder for the desktops' archives, removed by `close`. */
  work: string;
  /** Stops the server and removes the cluster and the work folder. */
  close(): void;
}

/** Starts a team for a benchmark (`cli`: dist/cli.mjs); everything is removed again if a step fails. */
export async function startBenchTeam(cli: string, prefix: string): Promise<BenchTeam> {
  const work = mkdtempSync(path.join(os.tmpdir(), prefix));
  const cluster = startCluster();
  let server: ChildProcess | null = null;
  const close = () => {
    server?.kill('SIGTERM');
    cluster.remove();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const databaseUrl = await cluster.database();
    await initTeam(databaseUrl);
    const alice = (await addTeamUser(databaseUrl, 'alice', 'editor')).token;
    const bob = (await addTeamUser(databaseUrl, 'bob', 'editor')).token;
    const started = await spawnTeamServer(cli, databaseUrl);
    server = started.child;
    return { cluster, databaseUrl, server, url: `${started.url}/`, alice, bob, work, close };
  } catch (err) {
    close();
    throw err;
  }
}

/** Writes `<name>.json` and `<name>.md` into `dir` (created if need be). */
export function writeResults(dir: string, name: string, result: unknown, md: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(dir, `${name}.md`), md);
}
