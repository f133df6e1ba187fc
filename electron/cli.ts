/**
 * `cuttings`, the command-line front door. Every command is a thin wrapper: it turns
 * words into the arguments of one contract method, calls the archive, and prints the
 * result for people (or as JSON with --json). It holds no archive logic of its own.
 *
 * Exit codes: 0 success, 1 a failure on some input or a missing id, 2 a usage error.
 *
 * The commands live in cli/commands/ (one file an area), their shared helpers in
 * cli/args.ts and the output for people in cli/format.ts; this file parses the global
 * options, dispatches, prints help and turns errors into exit codes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseCliArgs } from 'node:util';
import { ApiError } from './contract/errors.ts';
import type { Archive } from './core/archive.ts';
import { resolveDbPath } from './core/paths.ts';
import { queryWords, UsageError, type CliIo, type Io, type Options, type Values } from './cli/args.ts';
import { COMMANDS } from './cli/commands/index.ts';
import { one, s, safeIo, safeText } from './cli/format.ts';

const HELP = `cuttings — an offline archive of press cuttings

Usage: cuttings [--db PATH] <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((c) => (c.usage.length <= 44 ? `  ${c.usage.padEnd(44)}  ${c.summary}` : `  ${c.usage}\n  ${''.padEnd(44)}  ${c.summary}`))
  .join('\n')}

Global options:
  --db PATH    the archive database (default: $CUTTINGS_DB, else the app's own
               database, ~/.config/Cuttings/cuttings.db on Linux)
  -h, --help   this help; "cuttings <command> --help" for one command
  --version    print the version
`;
/** Runs the CLI; returns the exit code. Never throws for user mistakes. */
export async function runCli(argv: string[], rawIo: Io): Promise<number> {
  // Every line for people is made terminal-safe here, once, for every command (format.ts).
  const io = safeIo(rawIo);
  let db: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') {
      db = argv[++i];
      if (!db) return usage(io, '--db needs a path');
    } else if (a.startsWith('--db=')) db = a.slice(5);
    else rest.push(a);
  }
  const [name, ...tail] = rest;
  if (!name) {
    io.err(HELP);
    return 2;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    const cmd = tail[0] === undefined ? undefined : COMMANDS[tail[0]];
    if (tail[0] !== undefined && !cmd) return usage(io, `unknown command "${tail[0]}"`);
    io.out(cmd ? `Usage: cuttings ${cmd.usage}\n\n${cmd.summary}` : HELP);
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(VERSION);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) return usage(io, `unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);

  let parsed;
  const options = { ...cmd.options, help: { type: 'boolean', short: 'h' } } satisfies Options;
  const words = cmd.queryText ? queryWords(tail, options) : null;
  try {
    parsed = parseCliArgs({ args: words ? words.rest : tail, options, allowPositionals: true, strict: true });
    if (words) parsed.positionals = words.merge(parsed.positionals);
  } catch (err) {
    return usage(io, `${one((err as Error).message).replace(/\. To specify a positional argument.*$/s, '')}\nUsage: cuttings ${cmd.usage}`);
  }
  if (parsed.values.help) {
    io.out(`Usage: cuttings ${cmd.usage}\n\n${cmd.summary}`);
    return 0;
  }
  const [min, max] = cmd.arity;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    return usage(io, `${name}: expected ${min === max ? min : `${min}${max === Infinity ? ' or more' : `-${max}`}`} argument${s(min)}\nUsage: cuttings ${cmd.usage}`);
  }

  // The core (SQLite, the contract's schemas) is loaded only once a command runs: help,
  // --version and usage errors never load it, and it loads what each method needs itself.
  const [{ Archive }, { DatabaseError }] = await Promise.all([import('./core/archive.ts'), import('../db/open.ts')]);
  let archive: Archive | undefined;
  const dbPath = resolveDbPath(db, io.env);
  try {
    return await cmd.run({
      archive: () => (archive ??= new Archive(dbPath)),
      args: parsed.positionals,
      values: parsed.values as Values,
      io,
      rendererDir: rendererDir(),
    });
  } catch (err) {
    // Messages name files and echo what was typed: kept on one line.
    if (err instanceof UsageError) return usage(io, one(err.message));
    if (err instanceof ApiError) {
      io.err(`cuttings ${name}: ${one(err.message)}`);
      return err.code === 'invalid_args' ? 2 : 1;
    }
    if (err instanceof DatabaseError) {
      io.err(`cuttings: ${one(err.message)}`);
      return 1;
    }
    throw err;
  } finally {
    archive?.close();
  }
}

const VERSION = '0.1.0';

/** The built renderer, next to the built CLI (dist/renderer). */
function rendererDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'renderer');
}

function usage(io: CliIo, message: string): number {
  io.err(`cuttings: ${message}`);
  return 2;
}

// Entry point when run as a program (the built dist/cli.mjs, or `tsx electron/cli.ts`).
const invokedDirectly = (() => {
  const entry = process.argv[1] ?? '';
  return /(?:^|[\\/])(?:cli\.(?:mjs|ts|js)|cuttings)$/.test(entry);
})();
if (invokedDirectly) {
  try {
    process.exitCode = await runCli(process.argv.slice(2), {
      out: (t) => process.stdout.write(`${t}\n`),
      err: (t) => process.stderr.write(`${t}\n`),
      errIsTty: Boolean(process.stderr.isTTY),
      env: process.env,
      // The first Ctrl-C asks the command to stop cleanly; a second one ends the process at once.
      onInterrupt: (handler) => {
        process.once('SIGINT', handler);
        return () => process.off('SIGINT', handler);
      },
    });
  } catch (err) {
    // A bug or an environment failure, not a user mistake: one line, details on demand.
    process.stderr.write(`cuttings: internal error: ${one((err as Error).message)}\n`);
    if (process.env.CUTTINGS_DEBUG) process.stderr.write(`${safeText(String((err as Error).stack), { multiline: true })}\n`);
    process.exitCode = 1;
  }
}
