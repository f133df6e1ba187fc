/**
 * What every command shares: the Command and RunContext types, the usage error, the
 * common options, the helpers that turn words into ids and numbers, and `call`, the one
 * typed way a command reaches the archive.
 */
import type { ParseArgsConfig } from 'node:util';
import type { MethodName, Results, TypedArgs } from '../contract/methods.ts';
import type { Archive } from '../core/archive.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

/** Where the CLI writes: what runCli is given (the process's stdout/stderr, or a test's capture). */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  errIsTty: boolean;
  env: NodeJS.ProcessEnv;
  /**
   * Runs `handler` on Ctrl-C (SIGINT) until the returned function is called; without it
   * (tests) Ctrl-C keeps its default. Commands that can stop cleanly (import) use it.
   */
  onInterrupt?: (handler: () => void) => () => void;
}

/**
 * What the commands write to: `out` and `err` show terminal control characters in what
 * they print as visible escapes (format.ts, safeText); `json` writes a value as JSON,
 * exactly (indented, or one line with `line`).
 */
export interface CliIo extends Io {
  json: (value: unknown, opts?: { line?: boolean }) => void;
}

export interface Command {
  usage: string;
  summary: string;
  options?: Options;
  /** Positionals: [min, max] (max Infinity for lists). */
  arity: [number, number];
  /** The positionals are query text: `-word`, `-tag:x` in them are exclusions, not options (see `queryWords`). */
  queryText?: true;
  run: (ctx: RunContext) => number | Promise<number>;
}

export interface RunContext {
  archive: () => Archive;
  args: string[];
  values: Values;
  io: CliIo;
  /** The built renderer, next to the built CLI (dist/renderer). */
  rendererDir: string;
}

export class UsageError extends Error {}

/**
 * For a command whose words are a query: each `-word` that is not one of its options
 * (`-n`, `-n5`, `-h`) nor an option's value is query text (an exclusion), so
 * `cuttings search -tag:x` works without `--`. Returns the args with those words taken
 * out and where they go among the positionals (`merge` puts them back in order).
 */
export function queryWords(args: readonly string[], options: Options): { rest: string[]; merge: (positionals: string[]) => string[] } {
  const shorts = new Set(Object.values(options).map((o) => o.short).filter(Boolean));
  const numeric = new Set(Object.values(options).flatMap((o) => (o.type === 'string' && o.short ? [o.short] : [])));
  // `-n`, `-h`, `-n5` are options; `-harbour`, `-tag:x` are words.
  const isOption = (a: string): boolean => (a.length === 2 && shorts.has(a[1] as string)) || (numeric.has(a[1] as string) && /^-.\d+$/.test(a));
  const takesValue = new Set(Object.entries(options).flatMap(([k, o]) => (o.type === 'string' ? [`--${k}`, ...(o.short ? [`-${o.short}`] : [])] : [])));
  const rest: string[] = [];
  const words: Array<{ at: number; word: string }> = [];
  let positionals = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const short = /^-[^-]/.test(a);
    if (short && !isOption(a) && !takesValue.has(args[i - 1] ?? '')) {
      words.push({ at: positionals++, word: a });
      continue;
    }
    rest.push(a);
    if (!a.startsWith('-') && !takesValue.has(args[i - 1] ?? '')) positionals++;
  }
  const merge = (given: string[]): string[] => {
    const out = [...given];
    for (const w of words) out.splice(w.at, 0, w.word);
    return out;
  };
  return { rest, merge };
}

export const JSON_OPT: Options = { json: { type: 'boolean' } };
export const LIMIT_OPT: Options = { limit: { type: 'string', short: 'n' } };

export function call<M extends MethodName>(archive: Archive, method: M, args: TypedArgs<M>, onProgress?: (d: number, t: number, f: string) => void): Promise<Results[M]> {
  return archive.call(method, args as never, onProgress ? { onProgress } : {});
}

export function idArg(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`"${raw ?? ''}" is not a clipping id (a positive whole number)`);
  return n;
}

/** The options that pick clippings for a bulk command (besides ids as arguments). */
export const SELECTION_OPT: Options = { query: { type: 'string', short: 'q' }, all: { type: 'boolean' } };

/** The contract's selection from ids given as arguments, --query SEARCH or --all (exactly one). */
export function selectionArg(command: string, ids: readonly string[], values: Values): { ids: number[] } | { query: string } | { all: true } {
  const picked = [ids.length > 0, values.query !== undefined, Boolean(values.all)].filter(Boolean).length;
  if (picked !== 1) throw new UsageError(`${command}: give clipping ids, --query SEARCH or --all (one of them)`);
  if (values.all) return { all: true };
  if (values.query !== undefined) return { query: String(values.query) };
  return { ids: ids.map(idArg) };
}

export function intOpt(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw new UsageError(`--${name} needs a whole number, got "${String(raw)}"`);
  return n;
}

/** A command's answer: the value as JSON with --json, else what `human` prints for people. */
export function jsonOr(values: Values, io: CliIo, value: unknown, human: () => void): number {
  if (values.json) io.json(value);
  else human();
  return 0;
}
