/**
 * The archive is a plain SQLite file: the `sqlite3` command-line shell and Python's
 * `sqlite3` module — as old as SQLite 3.37, e.g. Debian 12's 3.40 — open it, read every
 * table and view, and search every FTS5 table. Checked on (a) a new archive made by the
 * app and (b) the oldest kept fixture upgraded by the app. What to query is enumerated
 * from sqlite_master by the tool itself; every answer is compared with the app's own.
 *
 * The clippings' text is stored compressed in SQLite's `sqlar` format (migration 24):
 * the shell reads it with its built-in `sqlar_uncompress()`, and so reads the body's
 * full-text index's content; Python is given the same function in three lines of zlib,
 * as its user would (the README says how).
 *
 * Writes that fire a trigger calling a function only the app registers (`cjk_bigrams`)
 * are refused by the tool with "no such function", and leave the archive as it was.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open.ts';
import { Archive } from '../../electron/core/archive.ts';
import { ftsCheck } from '../reliability/lib/common.ts';
import { tempDir } from '../helpers.ts';
import { FIXTURE_NOW } from '../reliability/fixtures/make-fixtures.ts';
import { newerSchemaObjects } from './old-sqlite.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'reliability', 'fixtures');
const OLDEST_FIXTURE = path.join(FIXTURES, 'schema-v1.db');
const MIN_VERSION = [3, 37, 0];

function probe(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
const PYTHON_SQLITE = probe('python3', ['-c', 'import sqlite3, sys; sys.stdout.write(sqlite3.sqlite_version)']);
const CLI_SQLITE = probe('sqlite3', ['-batch', ':memory:', 'SELECT sqlite_version()']);
if (!CLI_SQLITE) console.warn('outside-tools tests skipped for the sqlite3 shell: `sqlite3` is not installed (Debian/Ubuntu: apt install sqlite3)');
if (!PYTHON_SQLITE) console.warn("outside-tools tests skipped for Python: `python3` with its sqlite3 module is not installed (Debian/Ubuntu: apt install python3)");

interface MasterRow {
  type: string;
  name: string;
  sql: string | null;
}
type Value = string | number | null;

/** One outside tool: what it sees of a file, the values of queries (first column of the first row), and a write. */
interface Tool {
  open(file: string): { version: string; master: MasterRow[] };
  values(file: string, queries: readonly string[]): Value[];
  /** Runs a writing statement; the tool's error message, or null when it was accepted. */
  write(file: string, sql: string): string | null;
}

function run(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  expect(`${r.stderr ?? ''}${r.error?.message ?? ''}`).not.toMatch(/malformed database schema/i);
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The `sqlite3` shell, answering in JSON (`-json`, SQLite ≥ 3.33). */
const cli: Tool = {
  open(file) {
    const out = JSON.parse(
      run('sqlite3', ['-batch', '-bail', '-json', file, `SELECT sqlite_version() AS version, (SELECT json_group_array(json_object('type', type, 'name', name, 'sql', sql)) FROM sqlite_master) AS master`]),
    ) as { version: string; master: string }[];
    return { version: out[0]!.version, master: JSON.parse(out[0]!.master) as MasterRow[] };
  },
  values(file, queries) {
    // One statement, one column per query.
    const sql = `SELECT ${queries.map((q, i) => `(${q}) AS q${i}`).join(', ')}`;
    const row = (JSON.parse(run('sqlite3', ['-batch', '-bail', '-json', file, sql])) as Record<string, Value>[])[0]!;
    return queries.map((_, i) => row[`q${i}`] ?? null);
  },
  write(file, sql) {
    const r = spawnSync('sqlite3', ['-batch', '-bail', file, sql], { encoding: 'utf8' });
    return r.status === 0 ? null : r.stderr.trim();
  },
};

const PYTHON_SCRIPT = `
import json, sqlite3, sys, zlib
req = json.load(sys.stdin)
out = {'version': sqlite3.sqlite_version}
con = sqlite3.connect(req['file'])
con.create_function('sqlar_uncompress', 2, lambda z, n: z if z is None or n == 0 or len(z) == n else zlib.decompress(z), deterministic=True)
try:
    out['master'] = [{'type': t, 'name': n, 'sql': s} for (t, n, s) in con.execute('SELECT type, name, sql FROM sqlite_master')]
    out['values'] = [con.execute(q).fetchone()[0] for q in req.get('queries', [])]
    if req.get('write'):
        try:
            con.execute(req['write'])
            con.commit()
            out['write'] = None
        except sqlite3.Error as e:
            con.rollback()
            out['write'] = type(e).__name__ + ': ' + str(e)
finally:
    con.close()
print(json.dumps(out))
`;

/** Python's sqlite3 module (the SQLite Python was built with). */
const python: Tool = {
  open(file) {
    const out = JSON.parse(run('python3', ['-c', PYTHON_SCRIPT], JSON.stringify({ file }))) as { version: string; master: MasterRow[] };
    return { version: out.version, master: out.master };
  },
  values(file, queries) {
    return (JSON.parse(run('python3', ['-c', PYTHON_SCRIPT], JSON.stringify({ file, queries }))) as { values: Value[] }).values;
  },
  write(file, sql) {
    return (JSON.parse(run('python3', ['-c', PYTHON_SCRIPT], JSON.stringify({ file, write: sql }))) as { write: string | null }).write;
  },
};

// ---------------------------------------------------------------------------------
// The two archives

const fresh = { ferry: 0, kyiv: 0, ja: 0, trashed: 0 };

/** A new archive made through the app: clippings (one Japanese, one trashed), tags, highlights, a saved search. */
async function freshArchive(): Promise<string> {
  const file = path.join(tempDir('cuttings-outside-'), 'fresh.db');
  const a = new Archive(file);
  try {
    const add = async (name: string, text: string) => (await a.call('clippings.add', { capture: { name, text } })).id!;
    fresh.ferry = await add('ferry.txt', 'Ferry returns to Zanzibar\n\nThe island ferry to Zanzibar is back in service. Passengers cheered the crew.');
    fresh.kyiv = await add('kyiv.txt', 'Kyïv talks resume\n\nDiplomats met again in Kyïv on Monday, with the Quint present.');
    const ja = ['東京都の知事は本日記者会見を開き、新しい防災計画について説明しました。', '計画は来年から実施され、地震や台風への備えを強化するということです。'];
    fresh.ja = await add('ja.html', `<html lang="ja"><head><title>東京都知事が記者会見</title></head><body><article><h1>東京都知事が記者会見</h1><p>${ja[0]}</p><p>${ja[1]}</p></article></body></html>`);
    fresh.trashed = await add('quimper.txt', 'Harbour wall repaired\n\nThe harbour wall at Quimper was repaired before winter.');
    await a.call('tags.add', { id: fresh.ferry, tags: ['Transport', 'Islands'] });
    await a.call('tags.add', { id: fresh.kyiv, tags: ['Ukraine'] });
    await a.call('tags.add', { id: fresh.ja, tags: ['Japan', 'Transport'] });
    await a.call('annotations.create', { id: fresh.kyiv, quote: 'the Quint', note: 'five leaders' });
    await a.call('annotations.create', { id: fresh.ja, quote: '新しい防災計画', note: 'disaster plan' });
    await a.call('search.save', { name: 'Ukraine coverage', query: 'tag:Ukraine' });
    await a.call('clippings.delete', { selection: { ids: [fresh.trashed] } });
  } finally {
    a.close();
  }
  return file;
}

const upgraded = { cjk: 0 };

/** The oldest kept fixture (schema 1), upgraded by the app's open function, then given a Chinese clipping. */
async function upgradedArchive(): Promise<string> {
  const file = path.join(tempDir('cuttings-outside-'), 'upgraded-v1.db');
  copyFileSync(OLDEST_FIXTURE, file);
  openDatabase(file).close();
  const a = new Archive(file, {}, () => new Date(new Date(FIXTURE_NOW).getTime() + 86_400_000));
  try {
    const zh = '外交部发言人在北京举行的例行记者会上回答了关于乌克兰局势的问题。';
    upgraded.cjk = (await a.call('clippings.add', { capture: { name: 'zh.html', text: `<html lang="zh"><head><title>北京举行新闻发布会</title></head><body><article><h1>北京举行新闻发布会</h1><p>${zh}</p><p>${zh}</p></article></body></html>` } })).id!;
  } finally {
    a.close();
  }
  return file;
}

const ARCHIVES: { name: string; make: () => Promise<string> | string; known: () => Record<string, [match: string, ids: number[]][]> }[] = [
  {
    name: 'a new archive made by the app',
    make: freshArchive,
    known: () => ({
      clipping_fts: [['zanzibar', [fresh.ferry]], ['kyiv', [fresh.kyiv]], ['quimper', []]],
      // Tags, notes and annotations have their own index (migration 12).
      clipping_meta_fts: [['leaders', [fresh.kyiv]], ['tags:transport', [fresh.ferry, fresh.ja]]],
      clipping_cjk: [['"知事"', [fresh.ja]], ['"防災 災計 計画"', [fresh.ja]]],
    }),
  },
  {
    name: 'the schema-1 fixture upgraded by the app',
    make: upgradedArchive,
    known: () => ({
      clipping_fts: [['zanzibar', [1]], ['quimper', [3]]],
      clipping_meta_fts: [['leaders', [2]], ['tags:ukraine', [2]], ['briefing', [1]]],
      clipping_cjk: [['"发言 言人"', [upgraded.cjk]], ['"知事"', []]],
    }),
  },
];

// ---------------------------------------------------------------------------------

const isFts5 = (r: MasterRow) => r.type === 'table' && /^CREATE\s+VIRTUAL\s+TABLE\b[\s\S]*\bUSING\s+fts5\s*\(/i.test(r.sql ?? '');
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const matchQuery = (table: string, match: string) =>
  `SELECT json_group_array(rowid) FROM (SELECT rowid FROM ${ident(table)} WHERE ${ident(table)} MATCH ${literal(match)} ORDER BY rowid)`;

/** The most common term of an FTS5 table (through fts5vocab, in the app). */
function commonTerm(db: Db, table: string): string {
  db.exec(`CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, ${literal(table)}, 'row')`);
  try {
    const row = db.prepare(`SELECT term FROM temp.vocab ORDER BY doc DESC, term LIMIT 1`).get() as { term: string } | undefined;
    expect(row, `${table} has indexed terms`).toBeDefined();
    return row!.term;
  } finally {
    db.exec(`DROP TABLE temp.vocab`);
  }
}

function versionAtLeast(v: string, min: number[]): boolean {
  const parts = v.split('.').map(Number);
  for (let i = 0; i < min.length; i++) if ((parts[i] ?? 0) !== min[i]) return (parts[i] ?? 0) > min[i]!;
  return true;
}

const OUTSIDE_INSERT = `INSERT INTO clippings (title, text_z, text_size, captured_at, sort_key, content_hash, created_at, updated_at)
  VALUES ('Written outside', CAST('by another tool' AS BLOB), 15, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'x', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`;
const OUTSIDE_UPDATE = `UPDATE clippings SET title = title || ' (edited outside)'`;

async function checkWithTool(tool: Tool, toolName: string, archive: (typeof ARCHIVES)[number]): Promise<void> {
  const file = await archive.make();

  // Opening: no "malformed database schema", a version ≥ 3.37, the same schema the app sees.
  const seen = tool.open(file);
  console.log(`${toolName}: SQLite ${seen.version} opened ${archive.name} (${seen.master.length} schema objects)`);
  expect(versionAtLeast(seen.version, MIN_VERSION), `${toolName} SQLite ${seen.version} ≥ 3.37`).toBe(true);
  const db = openDatabase(file);
  let before: number;
  try {
    const appMaster = db.prepare(`SELECT type, name, sql FROM sqlite_master`).all() as MasterRow[];
    const key = (rows: MasterRow[]) => rows.map((r) => `${r.type} ${r.name}`).sort();
    expect(key(seen.master)).toEqual(key(appMaster));

    // A query on every table and view the tool lists, and MATCH queries on every FTS5 table.
    const relations = seen.master.filter((r) => r.type === 'table' || r.type === 'view');
    const ftsTables = seen.master.filter(isFts5).map((r) => r.name);
    expect(ftsTables).toContain('clipping_fts');
    expect(relations.length).toBeGreaterThan(ftsTables.length);
    const queries: { label: string; sql: string; nonEmpty: boolean; expected?: number[] }[] = relations.map((r) => ({
      label: `count ${r.name}`,
      sql: `SELECT count(*) FROM ${ident(r.name)}`,
      nonEmpty: false,
    }));
    const known = archive.known();
    for (const t of ftsTables) {
      const term = `"${commonTerm(db, t)}"`;
      queries.push({ label: `${t} MATCH ${term}`, sql: matchQuery(t, term), nonEmpty: true });
      // The columns too, not only rowids: a contentless table gives NULLs, the others their text.
      const cols = (db.pragma(`table_info(${ident(t)})`) as { name: string }[]).map((c) => ident(c.name));
      queries.push({
        label: `${t} first row matching ${term}`,
        sql: `SELECT json_array(rowid, ${cols.join(', ')}) FROM ${ident(t)} WHERE ${ident(t)} MATCH ${literal(term)} ORDER BY rowid LIMIT 1`,
        nonEmpty: true,
      });
      for (const [match, ids] of known[t] ?? []) queries.push({ label: `${t} MATCH ${match}`, sql: matchQuery(t, match), nonEmpty: ids.length > 0, expected: ids });
    }
    for (const t of Object.keys(known)) expect(ftsTables, `known FTS5 table ${t}`).toContain(t);
    // Every clipping's text, as the app reads it (stored compressed).
    queries.push({
      label: 'every text',
      sql: `SELECT json_group_array(CAST(sqlar_uncompress(text_z, text_size) AS TEXT)) FROM (SELECT text_z, text_size FROM clippings ORDER BY id)`,
      nonEmpty: false,
    });

    const got = tool.values(file, queries.map((q) => q.sql));
    const want = queries.map((q) => db.prepare(q.sql).pluck().get() as Value);
    const report: string[] = [];
    queries.forEach((q, i) => {
      expect(got[i], `${toolName}: ${q.label}`).toEqual(want[i]);
      if (q.nonEmpty) expect(got[i], `${toolName}: ${q.label}`).toMatch(/^\[\d/);
      if (q.expected) expect(JSON.parse(String(got[i])), `${toolName}: ${q.label}`).toEqual(q.expected);
      if (q.label === 'count clippings') expect(got[i]).toBeGreaterThan(0);
      if (q.label.includes(' MATCH ') || q.label === 'count clippings') report.push(`${q.label} → ${got[i]}`);
    });
    console.log(`${toolName}: ${relations.length} tables and views read; ${report.join('; ')}`);
    before = db.prepare(`SELECT count(*) FROM clippings`).pluck().get() as number;
  } finally {
    db.close();
  }

  // Writing clippings from outside is refused (the triggers need cjk_bigrams()), cleanly.
  for (const sql of [OUTSIDE_INSERT, OUTSIDE_UPDATE]) {
    const refusal = tool.write(file, sql);
    expect(refusal, `${toolName}: ${sql}`).toMatch(/no such function: cjk_bigrams/);
    console.log(`${toolName}: ${sql.startsWith('INSERT') ? 'an INSERT into' : 'an UPDATE of'} clippings is refused: ${refusal}`);
  }
  const after = openDatabase(file);
  try {
    expect(after.prepare(`SELECT count(*) FROM clippings`).pluck().get()).toBe(before);
    expect(after.prepare(`SELECT count(*) FROM clippings WHERE title LIKE '%outside%'`).pluck().get()).toBe(0);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    ftsCheck(after);
  } finally {
    after.close();
  }
}

describe('the archive schema', () => {
  it('needs nothing newer than SQLite 3.37 (new and upgraded archives)', async () => {
    for (const a of ARCHIVES) {
      const db = openDatabase(await a.make());
      expect(newerSchemaObjects(db), a.name).toEqual([]);
      db.close();
    }
  });
});

describe.skipIf(!CLI_SQLITE)(`the sqlite3 shell (SQLite ${CLI_SQLITE ?? 'missing'})`, () => {
  for (const a of ARCHIVES) it(`reads and searches ${a.name}; refuses clipping writes cleanly`, () => checkWithTool(cli, 'sqlite3 shell', a));
});

describe.skipIf(!PYTHON_SQLITE)(`Python's sqlite3 module (SQLite ${PYTHON_SQLITE ?? 'missing'})`, () => {
  for (const a of ARCHIVES) it(`reads and searches ${a.name}; refuses clipping writes cleanly`, () => checkWithTool(python, 'python3 sqlite3', a));
});
