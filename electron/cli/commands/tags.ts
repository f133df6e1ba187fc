/** Tags: apply and remove them, list, rename, merge, delete, colour. */
import { call, idArg, JSON_OPT, jsonOr, UsageError, type Command, type RunContext } from '../args.ts';
import { one, s } from '../format.ts';

export const TAG_COMMANDS: Record<string, Command> = {
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
      return jsonOr(values, io, tags, () => {
        for (const t of tags) io.out(`${String(t.count).padStart(6)}  ${one(t.name)}`);
      });
    },
  },
  'tag-rename': {
    usage: 'tag-rename <old> <new>',
    summary: 'Rename a tag.',
    arity: [2, 2],
    run: async ({ archive, args, io }) => {
      const t = await call(archive(), 'tags.rename', { from: args[0], to: args[1] });
      io.out(`renamed to "${one(t.name)}" (${t.count} clipping${s(t.count)})`);
      return 0;
    },
  },
  'tag-merge': {
    usage: 'tag-merge <from> <into>',
    summary: 'Move every clipping of one tag to another and delete the first.',
    arity: [2, 2],
    run: async ({ archive, args, io }) => {
      const t = await call(archive(), 'tags.merge', { from: args[0], into: args[1] });
      io.out(`merged into "${one(t.name)}" (${t.count} clipping${s(t.count)})`);
      return 0;
    },
  },
  'tag-delete': {
    usage: 'tag-delete <tag>',
    summary: 'Delete a tag (its clippings stay).',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'tags.delete', { name: args[0] });
      io.out(`deleted tag "${one(r.name)}"`);
      return 0;
    },
  },
  'tag-color': {
    usage: 'tag-color <tag> <colour|#rrggbb|none>',
    summary: "Set a tag's colour.",
    arity: [2, 2],
    run: async ({ archive, args, io }) => {
      const t = await call(archive(), 'tags.setColor', { name: args[0], color: args[1] === 'none' ? null : args[1] });
      io.out(`"${one(t.name)}": ${one(t.color ?? 'no colour')}`);
      return 0;
    },
  },
};

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
    io.out(`#${id}: ${(await call(archive(), 'clippings.get', { id })).tags.map(one).join(', ') || '(no tags)'}`);
  } else io.out(`${mode === 'add' ? `${r.added} tag${s(r.added)} added` : `${r.removed} tag${s(r.removed)} removed`} on ${r.clippings} clipping${s(r.clippings)}`);
  return 0;
}
