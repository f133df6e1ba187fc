/**
 * What in a schema would make SQLite 3.37 refuse the archive. An older SQLite parses
 * every view, trigger, table and index definition when it opens the file, and one
 * statement it cannot parse ("malformed database schema") makes the whole file
 * unreadable. This is a check of the schema text, independent of the SQLite at hand
 * (tests/db/outside-tools.test.ts opens the file with real older tools when present).
 */
import type { Db } from '../../db/open.ts';

/** Syntax newer than 3.37 that a schema object could plausibly use, with the version that brought it. */
const NEWER: ReadonlyArray<readonly [RegExp, string]> = [
  [/->/, '-> / ->> JSON operators (3.38)'],
  [/\bunixepoch\s*\(/i, 'unixepoch() (3.38)'],
  [/\bformat\s*\(/i, 'format() (3.38)'],
  [/\b(RIGHT|FULL)\s+(OUTER\s+)?JOIN\b/i, 'RIGHT/FULL JOIN (3.39)'],
  [/\bIS\s+(NOT\s+)?DISTINCT\s+FROM\b/i, 'IS [NOT] DISTINCT FROM (3.39)'],
  [/\bunhex\s*\(/i, 'unhex() (3.41)'],
  [/\boctet_length\s*\(/i, 'octet_length() (3.43)'],
  [/\btimediff\s*\(/i, 'timediff() (3.43)'],
  [/\bcontentless_delete\b/i, 'FTS5 contentless_delete (3.43)'],
  [/\bconcat(_ws)?\s*\(/i, 'concat() / concat_ws() (3.44)'],
  [/\bstring_agg\s*\(/i, 'string_agg() (3.44)'],
  [/\bjsonb(_\w+)?\s*\(/i, 'jsonb functions (3.45)'],
  [/\bjson_pretty\s*\(/i, 'json_pretty() (3.46)'],
  [/\bcontentless_unindexed\b/i, 'FTS5 contentless_unindexed (3.47)'],
  [/\bif\s*\(/i, 'if() (3.48)'],
];

const AGGREGATES = /\b(group_concat|json_group_array|json_group_object|string_agg|sum|total|avg|count|min|max)\s*\(/gi;

/** The SQL without comments and with string literals emptied (so their text cannot match). */
function code(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
}

/** The text between the parenthesis at `open` and its match, nested parentheses left out. */
function topLevelArgs(s: string, open: number): string {
  let depth = 0;
  let out = '';
  for (let i = open; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) break;
    else if (depth === 1) out += ch;
  }
  return out;
}

/** The constructs newer than SQLite 3.37 found in one schema statement. */
export function newerSyntax(sql: string): string[] {
  const s = code(sql);
  const found = NEWER.filter(([re]) => re.test(s)).map(([, what]) => what);
  for (const m of s.matchAll(AGGREGATES)) {
    if (/\bORDER\s+BY\b/i.test(topLevelArgs(s, m.index + m[0].length - 1))) found.push(`ORDER BY inside ${m[1]}() (3.44)`);
  }
  return found;
}

/** Every schema object of `db` that needs an SQLite newer than 3.37, with what it uses. */
export function newerSchemaObjects(db: Db): { name: string; uses: string[] }[] {
  const rows = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name`).all() as { name: string; sql: string }[];
  return rows.map((r) => ({ name: r.name, uses: newerSyntax(r.sql) })).filter((r) => r.uses.length > 0);
}
