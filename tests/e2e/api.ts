import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MethodName, Results } from '../../electron/contract/methods.ts';
import type { ImportResult } from '../../electron/contract/shapes.ts';
import { ROOT, type Served } from './harness.ts';

/** A contract call over the served HTTP API (what the page does), for set-up and checks. */
export async function call<M extends MethodName>(served: Served, method: M, args: unknown): Promise<Results[M]> {
  const res = await fetch(`${served.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': served.token },
    body: JSON.stringify(args),
  });
  const env = (await res.json()) as { ok: boolean; result?: Results[M]; error?: { code: string; message: string } };
  if (!env.ok) throw Object.assign(new Error(env.error?.message ?? 'call failed'), { code: env.error?.code });
  return env.result!;
}

/**
 * Set-up imports of files and folders by path: the page cannot name paths (they are
 * refused over HTTP), so this is the user's own shell, the CLI, on the served archive.
 */
export async function importPaths(served: Served, paths: string[]): Promise<ImportResult[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist/cli.mjs'), '--db', served.db, 'import', '--json', ...paths], { maxBuffer: 64 * 1024 * 1024 }).catch(
    (err: { stdout?: string; code?: number }) => {
      // Exit 1: some files could not be imported; the JSON says which.
      if (err.code === 1 && err.stdout) return { stdout: err.stdout };
      throw err;
    },
  );
  return JSON.parse(stdout) as ImportResult[];
}

/** What an archive holds, per clipping: the fields an import sets and a hash of the text, sorted. */
export async function archiveContents(get: <M extends 'clippings.list' | 'clippings.get'>(method: M, args: unknown) => Promise<Results[M]>): Promise<string[]> {
  const { createHash } = await import('node:crypto');
  const out: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await get('clippings.list', { limit: 500, offset });
    for (const item of page.items) {
      const c = await get('clippings.get', { id: item.id });
      const text = createHash('sha256').update(c.text).digest('hex').slice(0, 16);
      out.push(JSON.stringify([c.title, c.outlet, c.byline, c.publishedAt, c.lang, c.wordCount, text]));
    }
    if (page.items.length < 500) break;
  }
  return out.sort();
}
