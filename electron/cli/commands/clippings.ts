/** One clipping at a time: show, list, flags, hand edits, versions, text, note, delete. */
import { readFileSync } from 'node:fs';
import { MEDIA_TYPES, TONES } from '../../contract/shapes.ts';
import { describeFsError, FileReadError, readRegularFile } from '../../core/capture/files.ts';
import { MAX_CAPTURE_BYTES } from '../../core/capture/index.ts';
import { call, idArg, intOpt, JSON_OPT, jsonOr, LIMIT_OPT, SELECTION_OPT, selectionArg, UsageError, type Command } from '../args.ts';
import { dateOf, formatClipping, one, pad, s, stripDetail } from '../format.ts';

export const CLIPPING_COMMANDS: Record<string, Command> = {
  show: {
    usage: 'show <id> [--json]',
    summary: 'Show one clipping.',
    options: JSON_OPT,
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const c = await call(archive(), 'clippings.get', { id: idArg(args[0]) });
      return jsonOr(values, io, stripDetail(c), () => io.out(formatClipping(c)));
    },
  },
  list: {
    usage: 'list [--sort newest|oldest] [--limit N] [--offset N] [--json]',
    summary: 'List clippings by date, newest first unless --sort oldest.',
    options: { ...JSON_OPT, ...LIMIT_OPT, offset: { type: 'string' }, sort: { type: 'string' } },
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const page = await call(archive(), 'clippings.list', { limit: intOpt(values.limit, 'limit', 50), offset: intOpt(values.offset, 'offset', 0), sort: values.sort });
      if (values.json) io.json(page);
      else {
        for (const c of page.items) io.out(`${pad(c.id)} ${c.starred ? '★' : ' '} ${dateOf(c.publishedAt)}  ${one(c.title)}${c.outlet ? ` — ${one(c.outlet)}` : ''}${c.tags.length ? `  [${c.tags.map(one).join(', ')}]` : ''}`);
        io.err(`${page.items.length} of ${page.total} clipping${s(page.total)}`);
      }
      return 0;
    },
  },
  star: flagCommand('star', { starred: true }, 'Star clippings.'),
  unstar: flagCommand('unstar', { starred: false }, 'Unstar clippings.'),
  read: flagCommand('read', { read: true }, 'Mark clippings read.'),
  unread: flagCommand('unread', { read: false }, 'Mark clippings unread.'),
  edit: {
    usage: `edit <id>... | --query SEARCH | --all  [--title T] [--byline T] [--outlet T] [--date D] [--url U] [--lang L] [--type ${MEDIA_TYPES.join('|')}] [--section S] [--page P] [--tone ${TONES.join('|')}]`,
    summary: 'Correct metadata by hand, on one clipping or many (an empty value clears a field).',
    options: {
      ...JSON_OPT,
      ...SELECTION_OPT,
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
    arity: [0, Infinity],
    run: async ({ archive, args, values, io }) => {
      const v = values as Record<string, string | undefined>;
      const empty = (x: string | undefined) => (x === '' ? null : x);
      const selection = selectionArg('edit', args, values);
      const patch = {
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
      if (Object.values(patch).every((x) => x === undefined)) throw new UsageError('edit: nothing to change (give at least one of --title, --byline, --outlet, --date, --url, --lang, --type, --section, --page, --tone)');
      const r = await call(archive(), 'clippings.update', { selection, ...patch });
      // One clipping named by id: show it as it is now (as `show` would); several: how many.
      if ('ids' in selection && selection.ids.length === 1) {
        const c = await call(archive(), 'clippings.get', { id: selection.ids[0]! });
        return jsonOr(values, io, stripDetail(c), () => io.out(`#${c.id} updated: ${one(c.title)}`));
      }
      return jsonOr(values, io, r, () => io.out(`${r.clippings} clipping${s(r.clippings)} updated`));
    },
  },
  versions: {
    usage: 'versions <id> [--json]',
    summary: 'The versions of a clipping whose article was captured again with changed text.',
    options: JSON_OPT,
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const list = await call(archive(), 'clippings.versions', { id: idArg(args[0]) });
      return jsonOr(values, io, list, () => {
        for (const v of list) io.out(`v${v.version}${v.current ? ' (current)' : ''}  captured ${v.capturedAt.slice(0, 16).replace('T', ' ')}  ${v.wordCount} words  ${one(v.title)}`);
      });
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
        // A named file is checked before it is read (regular files only, bounded); '-' is standard input.
        text = file === '-' ? readFileSync(0, 'utf8') : readRegularFile(file, MAX_CAPTURE_BYTES).toString('utf8');
      } catch (err) {
        io.err(`cuttings edit-text: ${one(err instanceof FileReadError ? err.message : describeFsError(err, file))}`);
        return 1;
      }
      const r = await call(archive(), 'clippings.setText', { id: idArg(args[0]), text });
      return jsonOr(values, io, { ...r, clipping: stripDetail(r.clipping) }, () => io.out(`#${r.clipping.id}: text replaced (${r.clipping.wordCount} words); highlights: ${r.annotations.anchored} anchored, ${r.annotations.orphaned} orphaned`));
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
    usage: 'delete <id>... | --query SEARCH | --all',
    summary: 'Move clippings to the trash (kept 30 days).',
    options: SELECTION_OPT,
    arity: [0, Infinity],
    run: async ({ archive, args, values, io }) => {
      const r = await call(archive(), 'clippings.delete', { selection: selectionArg('delete', args, values) });
      const undo = r.ids.length <= 10 ? r.ids.join(' ') : '<id>...';
      io.out(`${r.trashed === 1 ? `#${r.ids[0]}` : `${r.trashed} clippings`} moved to the trash${r.trashed ? ` (undo: cuttings restore ${undo})` : ''}`);
      return 0;
    },
  },
};

function flagCommand(name: string, flags: { starred?: boolean; read?: boolean }, summary: string): Command {
  return {
    usage: `${name} <id>... | --query SEARCH | --all`,
    summary,
    options: SELECTION_OPT,
    arity: [0, Infinity],
    run: async ({ archive, args, values, io }) => {
      const r = await call(archive(), 'clippings.setFlags', { selection: selectionArg(name, args, values), ...flags });
      io.out(`${r.changed} clipping${s(r.changed)} updated`);
      return 0;
    },
  };
}
