/**
 * `cuttings`, the command-line front door. Every command is a thin wrapper: it turns
 * words into the arguments of one contract method, calls the archive, and prints the
 * result for people (or as JSON with --json). It holds no archive logic of its own.
 *
 * Exit codes: 0 success, 1 a failure on some input or a missing id, 2 a usage error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { parseArgs as parseCliArgs, type ParseArgsConfig } from 'node:util';
import type { MethodName, Results, TypedArgs } from './contract/methods.ts';
import type { ClippingDetail, ImportResult, SearchResult } from './contract/shapes.ts';
import { EXPORT_FORMATS, MEDIA_TYPES, TONES } from './contract/shapes.ts';
import { ApiError } from './contract/errors.ts';
import { Archive } from './core/archive.ts';
import { resolveDbPath } from './core/paths.ts';
import { startServer } from './server.ts';
import { describeFsError } from './core/capture/files.ts';
import { DatabaseError } from '../db/open.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  errIsTty: boolean;
  env: NodeJS.ProcessEnv;
}

interface Command {
  usage: string;
  summary: string;
  options?: Options;
  /** Positionals: [min, max] (max Infinity for lists). */
  arity: [number, number];
  run: (ctx: RunContext) => number | Promise<number>;
}

interface RunContext {
  archive: () => Archive;
  args: string[];
  values: Values;
  io: Io;
}

class UsageError extends Error {}

const JSON_OPT: Options = { json: { type: 'boolean' } };
const LIMIT_OPT: Options = { limit: { type: 'string', short: 'n' } };

const COMMANDS: Record<string, Command> = {
  import: {
    usage: 'import <file|folder|url>... [--tag T]... [--json | --jsonl]',
    summary: 'Import captures (saved pages, MHTML, e-mail, PDF, Markdown, text copies, .gz, http(s) URLs); folders are walked.',
    options: { ...JSON_OPT, jsonl: { type: 'boolean' }, tag: { type: 'string', short: 't', multiple: true } },
    arity: [1, Infinity],
    run: async ({ archive, args, values, io }) => {
      const bar = io.errIsTty && !values.json && !values.jsonl ? progressBar(io) : undefined;
      // Each result is printed as soon as its clipping is committed (--jsonl: one JSON object a line).
      const onItem = values.json ? undefined : values.jsonl ? (r: ImportResult) => io.out(JSON.stringify(r)) : (r: ImportResult) => printImportResult(r, io);
      const report = await archive().call('clippings.import', { paths: args, tags: (values.tag as string[] | undefined) ?? [] }, {
        ...(bar ? { onProgress: bar } : {}),
        ...(onItem ? { onItem } : {}),
      });
      if (values.json) io.out(JSON.stringify(report.results, null, 2));
      else if (!values.jsonl) io.err(`${report.added} added, ${report.updated ? `${report.updated} updated, ` : ''}${report.duplicates} duplicate${s(report.duplicates)}, ${report.errors} error${s(report.errors)}`);
      if (report.skipped) io.err(`skipped ${report.skipped} file${s(report.skipped)} that are not captures`);
      return report.errors > 0 ? 1 : 0;
    },
  },
  show: {
    usage: 'show <id> [--json]',
    summary: 'Show one clipping.',
    options: JSON_OPT,
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const c = await call(archive(), 'clippings.get', { id: idArg(args[0]) });
      if (values.json) io.out(JSON.stringify(stripDetail(c), null, 2));
      else io.out(formatClipping(c));
      return 0;
    },
  },
  list: {
    usage: 'list [--sort newest|oldest] [--limit N] [--offset N] [--json]',
    summary: 'List clippings by date, newest first unless --sort oldest.',
    options: { ...JSON_OPT, ...LIMIT_OPT, offset: { type: 'string' }, sort: { type: 'string' } },
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const page = await call(archive(), 'clippings.list', { limit: intOpt(values.limit, 'limit', 50), offset: intOpt(values.offset, 'offset', 0), sort: values.sort });
      if (values.json) io.out(JSON.stringify(page, null, 2));
      else {
        for (const c of page.items) io.out(`${pad(c.id)} ${c.starred ? '★' : ' '} ${dateOf(c.publishedAt)}  ${c.title}${c.outlet ? ` — ${c.outlet}` : ''}${c.tags.length ? `  [${c.tags.join(', ')}]` : ''}`);
        io.err(`${page.items.length} of ${page.total} clipping${s(page.total)}`);
      }
      return 0;
    },
  },
  search: {
    usage: 'search <query> [--sort relevance|newest|oldest] [--facets] [--collapse] [--limit N] [--offset N] [--json]',
    summary: 'Search: words, "phrases", OR, -exclude, prefix*, (groups), title: body: tag: outlet: author: url: lang: after: before: on: has: is: type: tone:.',
    options: { ...JSON_OPT, ...LIMIT_OPT, offset: { type: 'string' }, sort: { type: 'string' }, facets: { type: 'boolean' }, collapse: { type: 'boolean' } },
    arity: [1, Infinity],
    run: async ({ archive, args, values, io }) => {
      const r = await call(archive(), 'search.query', {
        query: args.join(' '),
        limit: intOpt(values.limit, 'limit', 20),
        offset: intOpt(values.offset, 'offset', 0),
        sort: values.sort,
        facets: Boolean(values.facets),
        collapse: Boolean(values.collapse),
      });
      if (values.json) io.out(JSON.stringify(r, null, 2));
      else printSearch(r, io);
      return 0;
    },
  },
  suggest: {
    usage: 'suggest <text> [--limit N] [--json]',
    summary: 'Instant suggestions for what you are typing (titles, people, places, outlets, tags; typo tolerant).',
    options: { ...JSON_OPT, ...LIMIT_OPT },
    arity: [1, Infinity],
    run: async ({ archive, args, values, io }) => {
      const r = await call(archive(), 'search.suggest', { text: args.join(' '), limit: intOpt(values.limit, 'limit', 10) });
      if (values.json) io.out(JSON.stringify(r, null, 2));
      else {
        for (const x of r.suggestions) io.out(`${pad(x.id)}  ${x.field.padEnd(6)} ${x.matched}${x.fuzzy ? ' (close match)' : ''}  —  ${x.title}`);
        if (r.didYouMean) io.err(`did you mean: ${r.didYouMean}`);
      }
      return 0;
    },
  },
  'search-save': {
    usage: 'search-save <name> <query>',
    summary: 'Save a search under a name.',
    arity: [2, Infinity],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'search.save', { name: args[0], query: args.slice(1).join(' ') });
      io.out(`saved "${r.name}": ${r.query} (${countText(r.count, r.countExact)})`);
      return 0;
    },
  },
  searches: {
    usage: 'searches [--json]',
    summary: 'Saved searches with their current counts.',
    options: JSON_OPT,
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const list = await call(archive(), 'search.saved', {});
      if (values.json) io.out(JSON.stringify(list, null, 2));
      else for (const x of list) io.out(`${countText(x.count, x.countExact).padStart(8)}  ${x.name}: ${x.query}`);
      return 0;
    },
  },
  'search-delete': {
    usage: 'search-delete <name>',
    summary: 'Forget a saved search.',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'search.deleteSaved', { name: args[0] });
      io.out(`deleted saved search "${r.name}"`);
      return 0;
    },
  },
  tag: {
    usage: 'tag <id> <tag>... | tag --query SEARCH <tag>...',
    summary: 'Add tags to a clipping, or to every clipping a search finds.',
    options: { query: { type: 'string', short: 'q' } },
    arity: [1, Infinity],
    run: (ctx) => retag(ctx, 'add'),
  },
  untag: {
    usage: 'untag <id> <tag>... | untag --query SEARCH <tag>...',
    summary: 'Remove tags from a clipping, or from every clipping a search finds.',
    options: { query: { type: 'string', short: 'q' } },
    arity: [1, Infinity],
    run: (ctx) => retag(ctx, 'remove'),
  },
  tags: {
    usage: 'tags [--json]',
    summary: 'List tags with their counts.',
    options: JSON_OPT,
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const tags = await call(archive(), 'tags.list', {});
      if (values.json) io.out(JSON.stringify(tags, null, 2));
      else for (const t of tags) io.out(`${String(t.count).padStart(6)}  ${t.name}`);
      return 0;
    },
  },
  'tag-rename': {
    usage: 'tag-rename <old> <new>',
    summary: 'Rename a tag.',
    arity: [2, 2],
    run: async ({ archive, args, io }) => {
      const t = await call(archive(), 'tags.rename', { from: args[0], to: args[1] });
      io.out(`renamed to "${t.name}" (${t.count} clipping${s(t.count)})`);
      return 0;
    },
  },
  'tag-merge': {
    usage: 'tag-merge <from> <into>',
    summary: 'Move every clipping of one tag to another and delete the first.',
    arity: [2, 2],
    run: async ({ archive, args, io }) => {
      const t = await call(archive(), 'tags.merge', { from: args[0], into: args[1] });
      io.out(`merged into "${t.name}" (${t.count} clipping${s(t.count)})`);
      return 0;
    },
  },
  'tag-delete': {
    usage: 'tag-delete <tag>',
    summary: 'Delete a tag (its clippings stay).',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'tags.delete', { name: args[0] });
      io.out(`deleted tag "${r.name}"`);
      return 0;
    },
  },
  'tag-color': {
    usage: 'tag-color <tag> <colour|#rrggbb|none>',
    summary: "Set a tag's colour.",
    arity: [2, 2],
    run: async ({ archive, args, io }) => {
      const t = await call(archive(), 'tags.setColor', { name: args[0], color: args[1] === 'none' ? null : args[1] });
      io.out(`"${t.name}": ${t.color ?? 'no colour'}`);
      return 0;
    },
  },
  star: flagCommand('star', { starred: true }, 'Star clippings.'),
  unstar: flagCommand('unstar', { starred: false }, 'Unstar clippings.'),
  read: flagCommand('read', { read: true }, 'Mark clippings read.'),
  unread: flagCommand('unread', { read: false }, 'Mark clippings unread.'),
  edit: {
    usage: `edit <id> [--title T] [--byline T] [--outlet T] [--date D] [--url U] [--lang L] [--type ${MEDIA_TYPES.join('|')}] [--section S] [--page P] [--tone ${TONES.join('|')}]`,
    summary: 'Correct metadata by hand (an empty value clears a field).',
    options: {
      ...JSON_OPT,
      title: { type: 'string' },
      byline: { type: 'string' },
      outlet: { type: 'string' },
      date: { type: 'string' },
      url: { type: 'string' },
      lang: { type: 'string' },
      type: { type: 'string' },
      section: { type: 'string' },
      page: { type: 'string' },
      tone: { type: 'string' },
    },
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const v = values as Record<string, string | undefined>;
      const empty = (x: string | undefined) => (x === '' ? null : x);
      const patch = {
        id: idArg(args[0]),
        title: v.title,
        byline: v.byline,
        outlet: v.outlet,
        publishedAt: v.date,
        url: v.url,
        lang: v.lang,
        mediaType: empty(v.type),
        section: v.section,
        page: v.page,
        tone: empty(v.tone),
      };
      if (Object.values(patch).filter((x) => x !== undefined).length === 1) throw new UsageError('edit: nothing to change (give at least one of --title, --byline, --outlet, --date, --url, --lang, --type, --section, --page, --tone)');
      const c = await call(archive(), 'clippings.update', patch);
      if (values.json) io.out(JSON.stringify(stripDetail(c), null, 2));
      else io.out(`#${c.id} updated: ${c.title}`);
      return 0;
    },
  },
  versions: {
    usage: 'versions <id> [--json]',
    summary: 'The versions of a clipping whose article was captured again with changed text.',
    options: JSON_OPT,
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const list = await call(archive(), 'clippings.versions', { id: idArg(args[0]) });
      if (values.json) io.out(JSON.stringify(list, null, 2));
      else for (const v of list) io.out(`v${v.version}${v.current ? ' (current)' : ''}  captured ${v.capturedAt.slice(0, 16).replace('T', ' ')}  ${v.wordCount} words  ${v.title}`);
      return 0;
    },
  },
  'edit-text': {
    usage: 'edit-text <id> <file|->',
    summary: 'Replace the clean text with a corrected one (paragraphs separated by blank lines); highlights re-anchor.',
    options: JSON_OPT,
    arity: [2, 2],
    run: async ({ archive, args, values, io }) => {
      const file = args[1]!;
      let text: string;
      try {
        text = readFileSync(file === '-' ? 0 : file, 'utf8');
      } catch (err) {
        io.err(`cuttings edit-text: ${describeFsError(err, file)}`);
        return 1;
      }
      const r = await call(archive(), 'clippings.setText', { id: idArg(args[0]), text });
      if (values.json) io.out(JSON.stringify({ ...r, clipping: stripDetail(r.clipping) }, null, 2));
      else io.out(`#${r.clipping.id}: text replaced (${r.clipping.wordCount} words); highlights: ${r.annotations.anchored} anchored, ${r.annotations.orphaned} orphaned`);
      return 0;
    },
  },
  annotate: {
    usage: 'annotate <id> --quote TEXT [--prefix T] [--suffix T] | --start N --end N  [--note T] [--color C] [--json]',
    summary: 'Highlight a passage (colours: yellow, green, blue, pink, purple, orange, red, grey).',
    options: {
      ...JSON_OPT,
      quote: { type: 'string' },
      prefix: { type: 'string' },
      suffix: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      note: { type: 'string' },
      color: { type: 'string' },
    },
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const v = values as Record<string, string | undefined>;
      const a = await call(archive(), 'annotations.create', {
        id: idArg(args[0]),
        quote: v.quote,
        prefix: v.prefix,
        suffix: v.suffix,
        start: v.start === undefined ? undefined : intOpt(v.start, 'start', 0),
        end: v.end === undefined ? undefined : intOpt(v.end, 'end', 0),
        note: v.note,
        color: v.color,
      });
      if (values.json) io.out(JSON.stringify(a, null, 2));
      else io.out(`annotation #${a.id} on #${a.clippingId} at ${a.start}–${a.end}: “${a.quote}”`);
      return 0;
    },
  },
  annotations: {
    usage: 'annotations <id> [--json]',
    summary: "List a clipping's highlights and notes.",
    options: JSON_OPT,
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const list = await call(archive(), 'annotations.list', { id: idArg(args[0]) });
      if (values.json) io.out(JSON.stringify(list, null, 2));
      else
        for (const a of list) {
          const where = a.state === 'orphaned' ? 'ORPHANED' : `${a.start}–${a.end}`;
          io.out(`${pad(a.id)}  ${where.padEnd(11)} ${a.color.padEnd(7)} “${a.quote}”${a.note ? `\n          ${a.note}` : ''}`);
        }
      return 0;
    },
  },
  'annotation-edit': {
    usage: 'annotation-edit <annotationId> [--note T] [--color C] [--json]',
    summary: "Change a highlight's note or colour.",
    options: { ...JSON_OPT, note: { type: 'string' }, color: { type: 'string' } },
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const v = values as Record<string, string | undefined>;
      if (v.note === undefined && v.color === undefined) throw new UsageError('annotation-edit: give --note and/or --color');
      const a = await call(archive(), 'annotations.update', { annotationId: idArg(args[0]), note: v.note, color: v.color });
      if (values.json) io.out(JSON.stringify(a, null, 2));
      else io.out(`annotation #${a.id} updated`);
      return 0;
    },
  },
  'annotation-delete': {
    usage: 'annotation-delete <annotationId>',
    summary: 'Delete a highlight.',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'annotations.delete', { annotationId: idArg(args[0]) });
      io.out(`annotation #${r.annotationId} deleted`);
      return 0;
    },
  },
  note: {
    usage: 'note <id> <text>',
    summary: "Set a clipping's note (an empty text clears it).",
    arity: [2, Infinity],
    run: async ({ archive, args, io }) => {
      const c = await call(archive(), 'clippings.setNote', { id: idArg(args[0]), note: args.slice(1).join(' ') });
      io.out(c.note ? `#${c.id}: note saved` : `#${c.id}: note cleared`);
      return 0;
    },
  },
  delete: {
    usage: 'delete <id>',
    summary: 'Move a clipping to the trash (kept 30 days).',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'clippings.delete', { id: idArg(args[0]) });
      io.out(`#${r.id} moved to the trash (undo: cuttings restore ${r.id})`);
      return 0;
    },
  },
  trash: {
    usage: 'trash [--json]',
    summary: 'List the clippings in the trash.',
    options: JSON_OPT,
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const list = await call(archive(), 'trash.list', {});
      if (values.json) io.out(JSON.stringify(list, null, 2));
      else for (const c of list) io.out(`${pad(c.id)}  deleted ${c.deletedAt.slice(0, 10)}, gone after ${c.purgeAfter.slice(0, 10)}  ${c.title}`);
      return 0;
    },
  },
  'empty-trash': {
    usage: 'empty-trash [--older-than DAYS]',
    summary: 'Delete for good what is in the trash.',
    options: { 'older-than': { type: 'string' } },
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const days = values['older-than'];
      const r = await call(archive(), 'trash.empty', days === undefined ? {} : { olderThanDays: intOpt(days, 'older-than', 0) });
      io.out(`${r.purged} clipping${s(r.purged)} deleted for good`);
      return 0;
    },
  },
  reextract: {
    usage: 'reextract <id>... | --all  [--json]',
    summary: 'Re-run extraction from the stored captures (tags, notes, highlights and hand edits are kept).',
    options: { ...JSON_OPT, all: { type: 'boolean' } },
    arity: [0, Infinity],
    run: async ({ archive, args, values, io }) => {
      if (Boolean(values.all) === args.length > 0) throw new UsageError('reextract: give clipping ids or --all');
      const progress = io.errIsTty ? progressBar(io) : undefined;
      const r = await call(archive(), 'clippings.reextract', values.all ? { all: true } : { ids: args.map(idArg) }, progress);
      if (values.json) io.out(JSON.stringify(r.results, null, 2));
      else
        for (const x of r.results) {
          if (x.error) io.err(`error      ${x.error}`);
          else io.out(`${pad(x.id)}  ${x.changed.length ? `changed: ${x.changed.join(', ')}` : 'unchanged'}; highlights ${x.annotations.anchored} anchored, ${x.annotations.orphaned} orphaned`);
        }
      return r.results.some((x) => x.error) ? 1 : 0;
    },
  },
  serve: {
    usage: 'serve [--port N]',
    summary: 'Run the app in a browser: serve the archive on 127.0.0.1 with an access token.',
    options: { port: { type: 'string', short: 'p' } },
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const running = await startServer({ archive: archive(), port: intOpt(values.port, 'port', 0), staticDir: rendererDir() });
      io.out(`Cuttings is running at ${running.url}`);
      await new Promise<void>((resolve) => {
        for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
      });
      await running.close();
      return 0;
    },
  },
  export: {
    usage: `export <id>... | --query SEARCH | --all  --format ${EXPORT_FORMATS.join('|')} [--digest] [--group-by tag|outlet|day] [--highlights-only] [--title T] --out PATH`,
    summary: 'Export clippings (one file, a press-review digest, or a folder with one file each).',
    options: {
      ...JSON_OPT,
      query: { type: 'string', short: 'q' },
      all: { type: 'boolean' },
      format: { type: 'string', short: 'f' },
      digest: { type: 'boolean' },
      'group-by': { type: 'string' },
      'highlights-only': { type: 'boolean' },
      title: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
    arity: [0, Infinity],
    run: async ({ archive, args, values, io }) => {
      const picked = [args.length > 0, values.query !== undefined, Boolean(values.all)].filter(Boolean).length;
      if (picked !== 1) throw new UsageError('export: give clipping ids, --query SEARCH or --all (one of them)');
      if (!values.format) throw new UsageError(`export: --format is required (${EXPORT_FORMATS.join(', ')})`);
      if (!values.out) throw new UsageError('export: --out PATH is required');
      const selection = values.all ? { all: true } : values.query !== undefined ? { query: values.query } : { ids: args.map(idArg) };
      const r = await call(archive(), 'export.write', {
        selection,
        format: values.format,
        digest: Boolean(values.digest),
        groupBy: values['group-by'],
        highlightsOnly: Boolean(values['highlights-only']),
        title: values.title,
        out: values.out,
      });
      if (values.json) io.out(JSON.stringify(r, null, 2));
      else for (const f of r.files) io.out(f);
      io.err(`exported ${r.clippings} clipping${s(r.clippings)} as ${r.format} (${r.files.length} file${s(r.files.length)})`);
      return 0;
    },
  },
  backup: {
    usage: 'backup <file>',
    summary: 'Copy the archive to a file (safe while the app or another command uses it).',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'archive.backup', { file: args[0] });
      io.out(`backed up to ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB)`);
      return 0;
    },
  },
  restore: {
    usage: 'restore <id> | restore <backup-file> [--force]',
    summary: 'Bring a clipping back from the trash, or replace the archive with a backup (validated first).',
    options: { force: { type: 'boolean' } },
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const target = args[0]!;
      if (/^\d+$/.test(target)) {
        if (values.force) throw new UsageError('restore: --force is for restoring a backup file');
        const c = await call(archive(), 'trash.restore', { id: idArg(target) });
        io.out(`#${c.id} restored: ${c.title}`);
        return 0;
      }
      const r = await call(archive(), 'archive.restore', { file: target, force: Boolean(values.force) });
      io.out(`restored ${r.clippings} clipping${s(r.clippings)} from ${r.file}${r.fromVersion < r.schemaVersion ? ` (upgraded from schema ${r.fromVersion})` : ''}`);
      return 0;
    },
  },
  'import-archive': {
    usage: 'import-archive <library.json>',
    summary: 'Load a whole-library JSON export (cuttings export --all --format json) into an empty archive.',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'archive.importLibrary', { file: args[0] });
      io.out(`imported ${r.clippings} clipping${s(r.clippings)}, ${r.annotations} annotation${s(r.annotations)}, ${r.tags} tag${s(r.tags)}`);
      return 0;
    },
  },
  stats: {
    usage: 'stats [--json]',
    summary: 'Counts and size of the archive.',
    options: JSON_OPT,
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const st = await call(archive(), 'archive.stats', {});
      if (values.json) io.out(JSON.stringify(st, null, 2));
      else io.out(`${st.clippings} clippings (${st.trashed} in the trash), ${st.tags} tags, ${st.annotations} annotations (${st.orphanedAnnotations} orphaned), ${(st.dbBytes / 1024 / 1024).toFixed(1)} MB (${archive().file})`);
      return 0;
    },
  },
};

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

function call<M extends MethodName>(archive: Archive, method: M, args: TypedArgs<M>, onProgress?: (d: number, t: number, f: string) => void): Promise<Results[M]> {
  return archive.call(method, args as never, onProgress ? { onProgress } : {});
}

/** Runs the CLI; returns the exit code. Never throws for user mistakes. */
export async function runCli(argv: string[], io: Io): Promise<number> {
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
  try {
    parsed = parseCliArgs({ args: tail, options: { ...cmd.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    return usage(io, `${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\nUsage: cuttings ${cmd.usage}`);
  }
  if (parsed.values.help) {
    io.out(`Usage: cuttings ${cmd.usage}\n\n${cmd.summary}`);
    return 0;
  }
  const [min, max] = cmd.arity;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    return usage(io, `${name}: expected ${min === max ? min : `${min}${max === Infinity ? ' or more' : `-${max}`}`} argument${s(min)}\nUsage: cuttings ${cmd.usage}`);
  }

  let archive: Archive | undefined;
  const dbPath = resolveDbPath(db, io.env);
  try {
    return await cmd.run({
      archive: () => (archive ??= new Archive(dbPath)),
      args: parsed.positionals,
      values: parsed.values as Values,
      io,
    });
  } catch (err) {
    if (err instanceof UsageError) return usage(io, err.message);
    if (err instanceof ApiError) {
      io.err(`cuttings ${name}: ${err.message}`);
      return err.code === 'invalid_args' ? 2 : 1;
    }
    if (err instanceof DatabaseError) {
      io.err(`cuttings: ${err.message}`);
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

function usage(io: Io, message: string): number {
  io.err(`cuttings: ${message}`);
  return 2;
}

function idArg(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`"${raw ?? ''}" is not a clipping id (a positive whole number)`);
  return n;
}

function intOpt(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw new UsageError(`--${name} needs a whole number, got "${String(raw)}"`);
  return n;
}

function s(n: number): string {
  return n === 1 ? '' : 's';
}

function pad(id: number): string {
  return `#${id}`.padStart(7);
}

function dateOf(iso: string | null): string {
  return (iso ?? '').slice(0, 10).padEnd(10);
}

async function retag({ archive, args, values, io }: RunContext, mode: 'add' | 'remove'): Promise<number> {
  const query = values.query as string | undefined;
  let selection: { ids: number[] } | { query: string };
  let tags: string[];
  if (query !== undefined) {
    selection = { query };
    tags = args;
  } else {
    if (args.length < 2) throw new UsageError(`${mode === 'add' ? 'tag' : 'untag'}: give a clipping id and at least one tag`);
    selection = { ids: [idArg(args[0])] };
    tags = args.slice(1);
  }
  const r = await call(archive(), 'tags.apply', { selection, [mode]: tags });
  if (query === undefined) {
    const id = (selection as { ids: number[] }).ids[0]!;
    io.out(`#${id}: ${(await call(archive(), 'clippings.get', { id })).tags.join(', ') || '(no tags)'}`);
  } else io.out(`${mode === 'add' ? `${r.added} tag${s(r.added)} added` : `${r.removed} tag${s(r.removed)} removed`} on ${r.clippings} clipping${s(r.clippings)}`);
  return 0;
}

function flagCommand(name: string, flags: { starred?: boolean; read?: boolean }, summary: string): Command {
  return {
    usage: `${name} <id>...`,
    summary,
    arity: [1, Infinity],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'clippings.setFlags', { ids: args.map(idArg), ...flags });
      io.out(`${r.changed} clipping${s(r.changed)} updated`);
      return 0;
    },
  };
}

/** `show --json` and friends: the detail without the stored HTML and internal hash. */
function stripDetail(c: ClippingDetail): Omit<ClippingDetail, 'html' | 'contentHash'> {
  const { html: _html, contentHash: _hash, ...rest } = c;
  return rest;
}

function printImportResult(x: ImportResult, io: Io): void {
  if (x.status === 'added') io.out(`added      ${pad(x.id!)}  ${x.title}`);
  else if (x.status === 'updated') io.out(`updated    ${pad(x.id!)}  ${x.title} (a new version; cuttings versions ${x.id})`);
  else if (x.status === 'duplicate') io.out(`duplicate  ${pad(x.id!)}  ${x.file} (already stored as #${x.duplicateOf}${x.inTrash ? `, in the trash: cuttings restore ${x.duplicateOf}` : ''})`);
  else io.err(`error      ${x.error}`);
}

function countText(n: number, exact: boolean): string {
  return exact ? n.toLocaleString('en') : `${n.toLocaleString('en')}+`;
}

function printSearch(r: SearchResult, io: Io): void {
  for (const h of r.hits) {
    const snippet = unescapeHtml(h.snippet.replace(/<\/?mark>/g, '*'));
    const more = (h.clusterSize && h.clusterSize > 1 ? `  (+${h.clusterSize - 1} more of this story)` : '') + (h.fuzzy ? '  (close match)' : '');
    io.out(`${pad(h.id)}  ${dateOf(h.publishedAt)}  ${h.title}${h.outlet ? ` — ${h.outlet}` : ''}${more}\n          ${snippet}`);
  }
  if (r.didYouMean) io.err(`did you mean: ${r.didYouMean}`);
  if (r.facets) {
    const line = (label: string, xs: { count: number }[], name: (x: never) => string) =>
      xs.length ? io.out(`${label}: ${xs.slice(0, 10).map((x) => `${name(x as never)} (${x.count})`).join(', ')}`) : undefined;
    io.out('');
    line('Tags', r.facets.tags, (x: { name: string }) => x.name);
    line('Outlets', r.facets.outlets, (x: { name: string }) => x.name);
    line('Years', r.facets.years, (x: { year: string }) => x.year);
  }
  io.err(`${countText(r.total, r.totalExact)} match${r.total === 1 ? '' : 'es'} (${r.tookMs} ms)`);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function unescapeHtml(t: string): string {
  return t.replace(/&(amp|lt|gt|quot|#39);/g, (m, e: string) => ENTITIES[e] ?? m);
}

function formatClipping(c: ClippingDetail): string {
  const meta = [c.byline && `By ${c.byline}`, c.outlet, c.publishedAt, c.url].filter(Boolean);
  const flags = [c.starred && '★ starred', c.read ? 'read' : 'unread', c.mediaType, c.tone && `tone: ${c.tone}`, c.deletedAt && `in the trash since ${c.deletedAt.slice(0, 10)}`].filter(Boolean);
  const lines = [`#${c.id}  ${c.title}`, meta.join(' · '), flags.join(' · ')];
  if (c.extractionUncertain) lines.push('Extraction uncertain: no title was found in the capture; the title is the first words of the text (cuttings edit --title)');
  if (c.tags.length) lines.push(`Tags: ${c.tags.join(', ')}`);
  if (c.cluster) lines.push(`Same story as: ${c.cluster.members.filter((m) => m !== c.id).map((m) => `#${m}`).join(', ')}`);
  if (c.versionCount > 1) lines.push(`${c.versionCount} versions (cuttings versions ${c.id})`);
  lines.push('', c.text);
  if (c.figures.length) {
    lines.push('', 'Figures:');
    for (const f of c.figures) lines.push(`  - ${f.caption ?? f.alt ?? ''}${f.credit ? ` (${f.credit})` : ''}`);
  }
  if (c.annotations.length) {
    lines.push('', 'Highlights:');
    for (const a of c.annotations) lines.push(`  #${a.id} ${a.state === 'orphaned' ? '[orphaned] ' : ''}“${a.quote}”${a.note ? ` — ${a.note}` : ''}`);
  }
  if (c.note) lines.push('', `Note: ${c.note}`);
  return lines.join('\n');
}

/** A one-line progress bar on a terminal's stderr, for batches worth watching. */
function progressBar(io: Io): (done: number, total: number, file: string) => void {
  const started = Date.now();
  let last = 0;
  return (done, total) => {
    if (total < 20) return;
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const rate = done / Math.max(0.001, (now - started) / 1000);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(1)}/s `);
    if (done === total) process.stderr.write('\n');
  };
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
    });
  } catch (err) {
    // A bug or an environment failure, not a user mistake: one line, details on demand.
    process.stderr.write(`cuttings: internal error: ${(err as Error).message}\n`);
    if (process.env.CUTTINGS_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 1;
  }
}
