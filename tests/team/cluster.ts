/**
 * A throwaway PostgreSQL cluster (initdb + pg_ctl in a temporary folder, listening only on
 * a unix socket in that folder), for the team-archive tests (through tests/team/pg.ts) and
 * benchmarks. PostgreSQL refuses to run as root: as root (CI, this machine) initdb and
 * pg_ctl run as the `postgres` user, in a folder that user owns.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The newest installed PostgreSQL's bin folder, or null (also with CUTTINGS_NO_POSTGRES=1, to see the skip). */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (process.env.CUTTINGS_NO_POSTGRES === '1') return null;
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0]!, 'bin') : null;
}

export const hasPostgres = postgresBin() !== null;

export interface Cluster {
  /** A fresh, empty database on the cluster: its connection URL. */
  database(): Promise<string>;
  /** The cluster's socket folder and port (to stop and start it in fault tests). */
  readonly dir: string;
  readonly port: number;
  stop(): void;
  start(): void;
  /** Stops the cluster and deletes its folder. */
  remove(): void;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the postgres user when we are root. */
function run(bin: string, program: string, args: string[]): void {
  const exe = path.join(bin, program);
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', exe, ...args], { stdio: 'pipe' });
  else execFileSync(exe, args, { stdio: 'pipe' });
}

let nextPort = 20000 + (process.pid % 20000);

/** A new cluster in a temporary folder, started (the benchmarks use it directly). */
export function startCluster(): Cluster {
  const bin = postgresBin()!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  run(bin, 'initdb', ['-D', path.join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  // The socket lives in the private folder and TCP is off, so the port only names the
  // socket file: any number is free there; each cluster of the run takes its own anyway.
  const cluster = openCluster(dir, nextPort++);
  cluster.start();
  return cluster;
}

/** A cluster made by startCluster earlier (kept by a benchmark), not started yet. */
export function openCluster(dir: string, port: number): Cluster {
  const bin = postgresBin()!;
  const data = path.join(dir, 'data');
  const options = `-p ${port} -k ${dir} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const cluster: Cluster = {
    dir,
    port,
    start: () => run(bin, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', 'start']),
    stop: () => {
      try {
        run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped.
      }
    },
    remove: () => {
      cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    database: async () => {
      const name = `t${Math.random().toString(36).slice(2, 10)}`;
      const admin = new pg.Client({ connectionString: url(dir, port, 'postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(dir, port, name);
    },
  };
  return cluster;
}

export function url(dir: string, port: number, db: string): string {
  return `postgresql://postgres@/${db}?host=${encodeURIComponent(dir)}&port=${port}`;
}
