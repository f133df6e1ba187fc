/**
 * The dependency rules of the source tree (README, "Architecture"), checked by reading
 * every import:
 *
 * 1. `renderer/` imports only `renderer/` and `electron/contract/`, and from the
 *    contract only types, except from its zod-free files (no zod in the page).
 * 2. `electron/core/` imports only `electron/core/`, `electron/contract/` and `db/`.
 * 3. `db/` imports nothing from `electron/` except types from `electron/contract/`
 *    and the contract's plain constants (`electron/contract/enums.ts`).
 * 4. Only `electron/shell/` imports `electron`.
 * 5. SQL only in `db/`: no SQL statement, `.prepare(` or `.pragma(` anywhere else.
 * 6. `electron/contract/` imports only itself (and zod).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['renderer', 'electron', 'db'];

export interface Import {
  file: string;
  /** Repo-relative target for relative imports; the bare specifier for packages. */
  target: string;
  typeOnly: boolean;
  line: number;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(rel));
    else if (/\.(ts|tsx|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const IMPORT_RE = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC_RE = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import and re-export of a source file (static and dynamic). */
export function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const resolve = (spec: string) => (spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : spec);
  const lineAt = (i: number) => text.slice(0, i).split('\n').length;
  for (const m of text.matchAll(IMPORT_RE)) {
    const clause = m[0];
    // `import { type A, type B } from` is type-only too.
    const named = /\{([^}]*)\}/.exec(clause)?.[1];
    const allNamedTypes = named !== undefined && !/^\s*(import|export)\s+[A-Za-z_$*]/.test(clause.replace(/^\s*(import|export)\s+type\s+/, '')) && named.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    out.push({ file, target: resolve(m[3]!), typeOnly: Boolean(m[2]) || allNamedTypes, line: lineAt(m.index) });
  }
  for (const m of text.matchAll(DYNAMIC_RE)) out.push({ file, target: resolve(m[1]!), typeOnly: false, line: lineAt(m.index) });
  return out;
}

const SQL_RE = /\b(SELECT\s+[\w*(][^\n`'"]{0,30}|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|INDEX|VIRTUAL\s+TABLE|TRIGGER|VIEW)\b|DROP\s+(TABLE|INDEX|TRIGGER|VIEW)\b|ALTER\s+TABLE\b|PRAGMA\s+\w)|\.prepare\(|\.pragma\(/g;

/** SQL in a file: statements in strings or calls that run SQL (comments are left out). */
export function sqlIn(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
  return [...code.matchAll(SQL_RE)].map((m) => m[0]);
}

const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
const isRelative = (i: Import) => SOURCE_DIRS.some((d) => under(i.target, d)) || i.target.startsWith('.');

/** Contract files a bundle may load at run time: no zod, no Node. */
function zodFree(contractFile: string, texts: Map<string, string>): boolean {
  const t = texts.get(contractFile) ?? texts.get(`${contractFile}.ts`);
  return t !== undefined && !/from\s+['"](zod|node:[^'"]+)['"]/.test(t);
}

/** Every broken rule, as "file:line: what". */
export function violations(texts: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of texts) {
    for (const i of importsOf(file, text)) {
      const where = `${file}:${i.line}: imports ${i.target}`;
      const rel = isRelative(i);
      if (i.target === 'electron' || i.target.startsWith('electron/') && !rel) {
        if (!under(file, 'electron/shell')) out.push(`${where} (only electron/shell/ imports electron)`);
        continue;
      }
      if (!rel) continue;
      if (under(file, 'renderer')) {
        if (!under(i.target, 'renderer') && !under(i.target, 'electron/contract')) out.push(`${where} (the renderer imports only electron/contract/)`);
        else if (under(i.target, 'electron/contract') && !i.typeOnly && !zodFree(i.target, texts)) out.push(`${where} (the renderer imports only types from a contract file that loads zod)`);
      } else if (under(file, 'electron/core')) {
        if (!under(i.target, 'electron/core') && !under(i.target, 'electron/contract') && !under(i.target, 'db')) out.push(`${where} (the core imports only the core, the contract and db/)`);
      } else if (under(file, 'db')) {
        if (under(i.target, 'electron') && !(under(i.target, 'electron/contract') && (i.typeOnly || i.target === 'electron/contract/enums.ts'))) {
          out.push(`${where} (db/ imports only types and enums from electron/contract/)`);
        } else if (!under(i.target, 'db') && !under(i.target, 'electron')) out.push(`${where} (db/ imports only db/ and the contract)`);
      } else if (under(file, 'electron/contract')) {
        if (!under(i.target, 'electron/contract')) out.push(`${where} (the contract imports only itself)`);
      }
    }
    if (!under(file, 'db')) for (const s of sqlIn(text)) out.push(`${file}: SQL outside db/: ${s.trim()}`);
  }
  return out;
}

function sourceTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const dir of SOURCE_DIRS) for (const f of walk(dir)) texts.set(f, readFileSync(path.join(ROOT, f), 'utf8'));
  return texts;
}

describe('the dependency rules', () => {
  it('hold for every source file', () => {
    const texts = sourceTexts();
    expect(texts.size).toBeGreaterThan(100);
    expect(violations(texts)).toEqual([]);
  });

  // The checker itself must catch each kind of break (a rule test that cannot fail proves nothing).
  it('catches SQL outside db/, electron outside the shell, and a renderer import of the core', () => {
    const texts = sourceTexts();
    const before = new Set(violations(texts));
    texts.set('electron/core/search/bad.ts', "import { x } from '../../shell/menu.ts';\nexport const q = db.prepare(`SELECT id FROM clippings`);\n");
    texts.set('electron/core/clippings/bad.ts', "import { app } from 'electron';\n");
    texts.set('renderer/bad.tsx', "import { Archive } from '../electron/core/archive.ts';\nimport { contract } from '../electron/contract/methods.ts';\nimport type { Clipping } from '../electron/contract/shapes.ts';\n");
    texts.set('db/bad.ts', "import { Core } from '../electron/core/context.ts';\nimport type { Clipping } from '../electron/contract/shapes.ts';\n");
    const v = violations(texts).filter((x) => !before.has(x));
    expect(v).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^electron\/core\/search\/bad\.ts:1: imports electron\/shell\/menu\.ts \(the core imports only/),
        expect.stringMatching(/^electron\/core\/search\/bad\.ts: SQL outside db\/: \.prepare\(/),
        expect.stringMatching(/^electron\/core\/search\/bad\.ts: SQL outside db\/: SELECT id/),
        expect.stringMatching(/^electron\/core\/clippings\/bad\.ts:1: imports electron \(only electron\/shell/),
        expect.stringMatching(/^renderer\/bad\.tsx:1: imports electron\/core\/archive\.ts \(the renderer imports only/),
        expect.stringMatching(/^renderer\/bad\.tsx:2: imports electron\/contract\/methods\.ts \(the renderer imports only types/),
        expect.stringMatching(/^db\/bad\.ts:1: imports electron\/core\/context\.ts \(db\/ imports only types/),
      ]),
    );
    // Type-only imports of the contract are fine, from the renderer and from db/.
    expect(v.filter((x) => x.startsWith('renderer/bad.tsx:3') || x.startsWith('db/bad.ts:2'))).toEqual([]);
    expect(v).toHaveLength(7);
  });
});
