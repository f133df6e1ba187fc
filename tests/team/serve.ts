/**
 * `cuttings team serve` as a child process (tests and benchmarks that need a real server
 * process: one they can kill, or one that does not share their event loop).
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Starts the server of `cli` (dist/cli.mjs) on `port` (0: any free one); resolves once it listens, with its address. */
export function spawnTeamServer(cli: string, databaseUrl: string, port = 0): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, 'team', 'serve', '--database-url', databaseUrl, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Team server at (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`team serve exited ${code}`)));
  });
}
