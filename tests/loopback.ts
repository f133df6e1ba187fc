/** The loopback server under test: one archive and server per test, and a raw HTTP client. */
import { request } from 'node:http';
import path from 'node:path';
import { afterEach } from 'vitest';
import { Archive } from '../electron/core/archive.ts';
import { startServer, type RunningServer } from '../electron/server.ts';
import { tempDir } from './helpers.ts';

let running: RunningServer | null = null;
let archive: Archive | null = null;
afterEach(async () => {
  await running?.close();
  const readers = archive?.readPool;
  archive?.close();
  await readers?.close();
  running = null;
  archive = null;
});

/** A fresh archive behind a server on 127.0.0.1, closed after the test; `readers`: reads in that many worker threads. */
export async function start(opts: { tempDir?: string; uploadLimit?: number; readers?: number } = {}): Promise<RunningServer> {
  const { readers, ...rest } = opts;
  archive = new Archive(path.join(tempDir(), 'c.db'));
  if (readers) archive.readInWorkers({ size: readers });
  running = await startServer({ archive, ...rest });
  return running;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function http(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; setHost?: boolean },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, setHost: opts.setHost ?? true }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** A contract call with the token. */
export const api = (s: RunningServer, method: string, args: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  http(s.port, { method: 'POST', path: `/api/${method}`, headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': s.token, ...headers }, body: JSON.stringify(args) });
