/**
 * Restoring replaces the archive file: it must never happen under another process that
 * has the archive open (its later writes would go to the old, unlinked file and be
 * lost), and a killed backup or restore must not leave its temporary files behind.
 * The other process is real: tests/reliability/lib/holder.ts, its own SQLite connection.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { holdExclusively, replaceWithCopy } from '../../db/backup.ts';
import { LATEST_VERSION } from '../../db/migrations/index.ts';
import { backupArchive, restoreArchive } from '../../electron/core/archive/backup.ts';
import { REPO, tempDir } from '../helpers.ts';

/** Starts a holder on `file`; resolves once it has the archive open. */
async function holder(file: string, whileOpening?: () => Promise<void>): Promise<{ child: ChildProcessWithoutNullStreams; send(line: string): Promise<string>; quit(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'tests/reliability/lib/holder.ts'), file], { cwd: REPO });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  // Lines that came before anyone asked (two can arrive in one chunk) wait in `early`.
  const early: string[] = [];
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else early.push(line);
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = early.shift();
      if (line !== undefined) return resolve(line);
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`holder exited (${code}): ${stderr}`)));
    });
  expect(await next()).toBe('opening');
  const ready = next();
  await whileOpening?.();
  expect(await ready).toBe('ready');
  return {
    child,
    send: (line) => {
      const r = next();
      child.stdin.write(`${line}\n`);
      return r;
    },
    quit: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.write('quit\n');
      }),
  };
}

async function twoArchives(dir: string): Promise<{ backup: string; target: string }> {
  const backup = path.join(dir, 'backup.db');
  const b = new Archive(backup);
  await b.call('clippings.add', { capture: { name: 'old.txt', text: 'The backed-up clipping\n\nAbout harbours and ferries.' } });
  b.close();
  const target = path.join(dir, 'archive.db');
  const t = new Archive(target);
  await t.call('clippings.add', { capture: { name: 'live.txt', text: 'The live clipping\n\nAbout trains and trams.' } });
  t.close();
  return { backup, target };
}

const titles = async (file: string) => {
  const a = new Archive(file);
  try {
    return (await a.call('clippings.list', {})).items.map((c) => c.title).sort();
  } finally {
    a.close();
  }
};

describe('restore while another process has the archive open', () => {
  it('is refused, naming the file; the other process keeps writing to the real archive', async () => {
    const dir = tempDir();
    const { backup, target } = await twoArchives(dir);
    const other = await holder(target);
    try {
      expect(() => restoreArchive(backup, target, { force: true })).toThrow(/archive\.db.*another Cuttings process has it open/);
      // Through the contract too, from a process that has its own connection open.
      const mine = new Archive(target);
      await expect(mine.call('archive.restore', { file: backup, force: true })).rejects.toThrow(/archive\.db.*another Cuttings process has it open/);
      // This process's archive still works after the refusal.
      expect((await mine.call('archive.stats', {})).clippings).toBe(1);
      mine.close();

      const added = JSON.parse(await other.send('add Written after the refused restore')) as { id: number };
      expect(added.id).toBeGreaterThan(0);
    } finally {
      await other.quit();
    }
    expect(await titles(target)).toEqual(['The live clipping', 'Written after the refused restore']);

    // Once the other process has gone, the restore goes ahead.
    expect(restoreArchive(backup, target, { force: true }).clippings).toBe(1);
    expect(await titles(target)).toEqual(['The backed-up clipping']);
  }, 60_000);

  it('`cuttings restore --force` under a running `cuttings serve` is refused; what serve adds afterwards is kept', async () => {
    const dir = tempDir();
    const { backup, target } = await twoArchives(dir);
    const cli = path.join(REPO, 'dist/cli.mjs');
    const serve = spawn(process.execPath, [cli, '--db', target, 'serve', '--port', '0', '--clipper-port', 'off'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = new URL(
        await new Promise<string>((resolve, reject) => {
          let out = '';
          serve.stdout.on('data', (b: Buffer) => {
            out += String(b);
            const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
            if (m) resolve(m[1]!);
          });
          serve.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
        }),
      );
      const restore = spawnSync(process.execPath, [cli, '--db', target, 'restore', backup, '--force'], { cwd: dir, encoding: 'utf8' });
      expect(restore.status).not.toBe(0);
      expect(restore.stderr).toMatch(/archive\.db.*another Cuttings process has it open/);

      const res = await fetch(`${url.origin}/api/clippings.add`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': url.searchParams.get('token')! },
        body: JSON.stringify({ capture: { name: 'served.txt', text: 'Added through serve\n\nAfter the refused restore, about bridges.' } }),
      });
      expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    } finally {
      if (serve.exitCode === null) {
        const exited = new Promise((r) => serve.once('exit', r));
        serve.kill('SIGTERM');
        await exited;
      }
    }
    expect(await titles(target)).toEqual(['Added through serve', 'The live clipping']);
  }, 60_000);

  it('a process that opens the archive while it is being replaced ends up on the new file', async () => {
    const dir = tempDir();
    const { backup, target } = await twoArchives(dir);
    // What restoreArchive does, with a process starting in the middle of it.
    const hold = holdExclusively(target, target);
    const other = await holder(target, async () => {
      // (It waits for the hold on its first read; if it has not got there yet, it simply opens the new file.)
      await new Promise((r) => setTimeout(r, 1500));
      try {
        replaceWithCopy(backup, target, LATEST_VERSION);
      } finally {
        hold.release();
      }
    });
    try {
      JSON.parse(await other.send('add Opened during the restore'));
    } finally {
      await other.quit();
    }
    expect(await titles(target)).toEqual(['Opened during the restore', 'The backed-up clipping']);
  }, 60_000);

  it('the process that has the archive open may restore it itself', async () => {
    const dir = tempDir();
    const { backup, target } = await twoArchives(dir);
    const mine = new Archive(target);
    expect(await mine.call('archive.restore', { file: backup, force: true })).toMatchObject({ clippings: 1 });
    expect((await mine.call('clippings.list', {})).items.map((c) => c.title)).toEqual(['The backed-up clipping']);
    mine.close();
    const other = await holder(target);
    try {
      JSON.parse(await other.send('add After the restore'));
    } finally {
      await other.quit();
    }
    expect(await titles(target)).toEqual(['After the restore', 'The backed-up clipping']);
  }, 60_000);
});

describe('temporary files of a killed backup or restore', () => {
  const leftovers = (name: string) => [`.${name}.tmp-0123456789ab`, `.${name}.tmp-0123456789ab-journal`, `.${name}.tmp-abcdef012345-wal`, `.${name}.tmp-abcdef012345-shm`];
  const strangers = ['.archive.db.tmp-notours', '.other.db.tmp-0123456789ab', 'archive.db.tmp-0123456789ab', 'notes.txt'];

  it('are removed next to the archive when it is next opened, and nothing else is', async () => {
    const dir = tempDir();
    const { target } = await twoArchives(dir);
    for (const f of [...leftovers('archive.db'), ...strangers]) writeFileSync(path.join(dir, f), 'x');
    new Archive(target).close();
    const left = readdirSync(dir);
    for (const f of leftovers('archive.db')) expect(left).not.toContain(f);
    for (const f of strangers) expect(left).toContain(f);
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('x');
  });

  it('are removed next to a backup target at the next backup to it, and nothing else is', async () => {
    const dir = tempDir();
    const { target } = await twoArchives(dir);
    const out = path.join(dir, 'out');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out);
    const others = [...strangers, ...leftovers('backup2.db')];
    for (const f of [...leftovers('backup.db'), ...others]) writeFileSync(path.join(out, f), 'x');
    const a = new Archive(target);
    await backupArchive(a.db, path.join(out, 'backup.db'));
    a.close();
    expect(readdirSync(out).sort()).toEqual(['backup.db', ...others].sort());
  });

  it('are removed by a restore into that archive', async () => {
    const dir = tempDir();
    const { backup, target } = await twoArchives(dir);
    for (const f of [...leftovers('archive.db'), ...strangers]) writeFileSync(path.join(dir, f), 'x');
    restoreArchive(backup, target, { force: true });
    const left = readdirSync(dir);
    for (const f of leftovers('archive.db')) expect(left).not.toContain(f);
    for (const f of strangers) expect(left).toContain(f);
  });
});
