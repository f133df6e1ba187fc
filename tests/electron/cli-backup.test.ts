import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HARWICK } from '../fixtures/articles.ts';
import { REPO, tempDir } from '../helpers.ts';

const CLI = path.join(REPO, 'dist/cli.mjs');

function cuttings(db: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '--db', db, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('cuttings backup, restore, library export and import-archive', () => {
  it('round-trips an annotated, tagged archive through a backup and through the library JSON', () => {
    const dir = tempDir();
    const db = path.join(dir, 'main.db');
    cuttings(db, 'import', HARWICK.capture, '--tag', 'Russia');
    cuttings(db, 'annotate', '1', '--quote', HARWICK.phrase, '--note', 'Key phrase', '--color', 'blue');
    cuttings(db, 'note', '1', 'For the minister');
    cuttings(db, 'star', '1');
    const before = cuttings(db, 'show', '1', '--json').json();

    const backup = path.join(dir, 'backup.db');
    expect(cuttings(db, 'backup', backup).code).toBe(0);
    const restored = path.join(dir, 'restored.db');
    const r = cuttings(restored, 'restore', backup);
    expect(r.code, r.stderr).toBe(0);
    expect(cuttings(restored, 'show', '1', '--json').json()).toEqual(before);
    // a non-empty archive is not overwritten without --force
    const again = cuttings(restored, 'restore', backup);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty \(1 clipping.*use --force/);
    expect(cuttings(restored, 'restore', backup, '--force').code).toBe(0);
    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all '.repeat(100));
    expect(cuttings(path.join(dir, 'x.db'), 'restore', junk).stderr).toMatch(/is not a Cuttings archive/);

    const lib = path.join(dir, 'library.json');
    expect(cuttings(db, 'export', '--all', '--format', 'json', '--out', lib).code).toBe(0);
    const json = JSON.parse(readFileSync(lib, 'utf8'));
    expect(json).toMatchObject({ format: 'cuttings-library', version: 1 });
    expect(json.clippings[0].annotations[0]).toMatchObject({ type: 'Annotation' });
    const fresh = path.join(dir, 'fresh.db');
    const imp = cuttings(fresh, 'import-archive', lib);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/imported 1 clipping, 1 annotation, 1 tag/);
    expect(cuttings(fresh, 'show', '1', '--json').json()).toEqual(before);
    expect(cuttings(fresh, 'import-archive', lib).code).toBe(1); // not empty any more
  });
});
