/** `cuttings search -tag:x`: a query that starts with an exclusion is query text, not an option. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli.ts';
import { tempDir } from '../helpers.ts';

async function run(db: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--db', db, ...argv], { out: (s) => out.push(s), err: (s) => err.push(s), errIsTty: false, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cuttings search with a leading "-"', () => {
  it('takes -word and -field:value as query text, wherever they stand, options still work', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'c.db');
    writeFileSync(path.join(dir, 'budget.txt'), 'Budget talks\n\nThe council budget was agreed after long talks.');
    writeFileSync(path.join(dir, 'harbour.txt'), 'Harbour works\n\nThe harbour works were delayed again this winter.');
    expect((await run(db, 'import', path.join(dir, 'budget.txt'), path.join(dir, 'harbour.txt'))).code).toBe(0);
    const json = (r: { out: string }) => (JSON.parse(r.out) as { hits: { title: string }[] }).hits.map((h) => (/harbour/i.test(h.title) ? 'harbour' : 'budget'));

    const a = await run(db, 'search', '-budget', 'the', '--json');
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    expect(json(a)).toEqual(['harbour']);

    const b = await run(db, 'search', 'the', '-harbour', '--sort', 'newest', '-n', '5', '--json');
    expect(b.code).toBe(0);
    expect(json(b)).toEqual(['budget']);

    // A query of one exclusion: the archive's own error, not "Unknown option '-t'".
    const c = await run(db, 'search', '-tag:x');
    expect(c.err).not.toMatch(/Unknown option/);
    // `--` still works as before.
    const d = await run(db, 'search', '--json', '--', '-budget', 'the');
    expect(json(d)).toEqual(['harbour']);
    // An unknown long option is still an error.
    expect((await run(db, 'search', 'the', '--nope')).err).toMatch(/Unknown option '--nope'/);
  });
});
