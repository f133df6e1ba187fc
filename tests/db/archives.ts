/**
 * Archives for tests that need several real archive files side by side (the sync tests:
 * two or three desktops handing each other their operations): each test gets a new
 * temporary folder, and every archive opened in it is closed and the folder removed after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';

/** Three short articles, for archives that need some clippings. */
export const ARTICLES = [
  'The harbour reopened on Monday after storm repairs. The council thanked the crews who worked through the night.',
  'Ferry services resume next week, the operator said. Fares stay the same until the spring timetable.',
  'The budget vote was delayed again. Members asked for more time to read the proposals on roads.',
];

/** Call at the top of a test file: returns `open(name)`, an archive `name`.db in this test's folder, its clock at `now`. */
export function archivesPerTest(prefix: string, now: Date): (name: string) => Archive {
  let dir = '';
  const opened: Archive[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => {
    for (const a of opened.splice(0)) a.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return (name) => {
    const a = new Archive(path.join(dir, `${name}.db`), {}, () => now);
    opened.push(a);
    return a;
  };
}
