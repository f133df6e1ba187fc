/**
 * The CLI's output for people never passes terminal control characters through: file
 * names, titles, tags, notes and error messages come from captures and from the file
 * system, and an ESC, BEL, C1 control or bidi override in them would retitle the
 * terminal, clear it, or reverse what the user reads. They are shown visibly instead
 * (`\x1b`, `\u202e`), while --json keeps the data exact.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli.ts';
import { safeText } from '../../electron/cli/format.ts';
import { tempDir } from '../helpers.ts';

const EVIL = '\x1b]0;OWNED\x07\x1b[2J';
const RLO = '\u202e';
const RED = '\x1b[31m';
/** Raw control characters a terminal acts on: C0 (newline aside), DEL, C1, bidi controls. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

async function run(db: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--db', db, ...argv], { out: (s) => out.push(s), err: (s) => err.push(s), errIsTty: false, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function expectClean(r: { out: string; err: string }): void {
  expect(r.out).not.toMatch(RAW);
  expect(r.err).not.toMatch(RAW);
}

describe('terminal escapes in the CLI output for people', () => {
  it('shows control characters in file names, titles and tags visibly, never raw; --json keeps them exact', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const db = path.join(dir, 'cuttings.db');
    const good = path.join(dir, `story${EVIL}.html`);
    const bad = path.join(dir, `empty${EVIL}.html`);
    const title = `Sea wall ${RLO}gnp.exe ${RED}repaired`;
    writeFileSync(
      good,
      `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>The harbour wall was repaired before the winter storms, the board said on Tuesday evening, and the crossing patrols resumed.</p></article></body></html>`,
    );
    writeFileSync(bad, '');
    const tag = `urgent${RLO}${RED}`;

    const imported = await run(db, 'import', good, '--tag', tag);
    expect(imported.code).toBe(0);
    expectClean(imported);
    expect(imported.out).toContain('\\u202e');

    // Set the title by hand too, so the test does not depend on what extraction keeps.
    const edited = await run(db, 'edit', '1', '--title', title);
    expect(edited.code).toBe(0);
    expectClean(edited);
    expect(edited.out).toContain('Sea wall \\u202egnp.exe \\x1b[31mrepaired');

    const again = await run(db, 'import', good, bad);
    expect(again.code).toBe(1);
    expectClean(again);
    // The duplicate names the file, the error names the bad file: both visibly escaped.
    expect(again.out).toContain('story\\x1b]0;OWNED\\x07\\x1b[2J.html');
    expect(again.err).toContain('empty\\x1b]0;OWNED\\x07\\x1b[2J.html');

    const list = await run(db, 'list');
    expectClean(list);
    expect(list.out).toContain('Sea wall \\u202egnp.exe \\x1b[31mrepaired');
    expect(list.out).toContain('urgent\\u202e\\x1b[31m');

    const show = await run(db, 'show', '1');
    expectClean(show);
    expect(show.out).toContain('#1  Sea wall \\u202egnp.exe \\x1b[31mrepaired');
    expect(show.out).toContain('Tags: urgent\\u202e\\x1b[31m');
    expect(show.out).toContain('\n'); // the body keeps its line breaks

    const search = await run(db, 'search', 'harbour');
    expect(search.code).toBe(0);
    expectClean(search);
    expect(search.out).toContain('Sea wall \\u202egnp.exe \\x1b[31mrepaired');

    const tags = await run(db, 'tags');
    expectClean(tags);
    expect(tags.out).toContain('urgent\\u202e\\x1b[31m');

    const text = await run(db, 'edit-text', '1', path.join(dir, `gone${EVIL}.txt`));
    expect(text.code).toBe(1);
    expectClean(text);
    expect(text.err).toContain('gone\\x1b]0;OWNED\\x07\\x1b[2J.txt');

    const missing = await run(db, 'import', path.join(dir, `gone${EVIL}.html`));
    expect(missing.code).toBe(1);
    expectClean(missing);
    expect(missing.err).toContain('gone\\x1b]0;OWNED\\x07\\x1b[2J.html');

    // A newline in a file name cannot forge a line of output.
    const forged = await run(db, 'import', path.join(dir, 'gone\nadded      #9  Fake.html'));
    expect(forged.code).toBe(1);
    expect(forged.err).toContain('gone\\nadded      #9  Fake.html');
    expect(forged.err.split('\n').filter((l) => l.startsWith('added'))).toEqual([]);

    // --json is data: exact, the bidi override and all.
    const showJson = await run(db, 'show', '1', '--json');
    expect(JSON.parse(showJson.out).title).toBe(title);
    expect(showJson.out).toContain(RLO);
    expect(JSON.parse(showJson.out).tags).toEqual([tag]);
    const searchJson = await run(db, 'search', 'harbour', '--json');
    expect(JSON.parse(searchJson.out).hits[0].title).toBe(title);
    expect(searchJson.out).toContain(RLO);
  });
});

describe('safeText', () => {
  it('escapes C0 (keeping newlines only where they are meant), DEL, C1 and bidi controls', () => {
    expect(safeText('a\x1b[2Jb\x07c\x7fd\x85e\x9bf')).toBe('a\\x1b[2Jb\\x07c\\x7fd\\x85e\\x9bf');
    expect(safeText('one\ntwo\r\tthree')).toBe('one\\ntwo\\r\\tthree');
    expect(safeText('one\ntwo', { multiline: true })).toBe('one\ntwo');
    expect(safeText('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c')).toBe('\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c');
    expect(safeText('Café — “quoted” ★ 日本語 \u200d')).toBe('Café — “quoted” ★ 日本語 \u200d');
  });
});
