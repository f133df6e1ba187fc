/** Highlights and their notes. */
import { call, idArg, intOpt, JSON_OPT, jsonOr, UsageError, type Command } from '../args.ts';
import { one, pad } from '../format.ts';

export const ANNOTATION_COMMANDS: Record<string, Command> = {
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
      return jsonOr(values, io, a, () => io.out(`annotation #${a.id} on #${a.clippingId} at ${a.start}–${a.end}: “${one(a.quote)}”`));
    },
  },
  annotations: {
    usage: 'annotations <id> [--json]',
    summary: "List a clipping's highlights and notes.",
    options: JSON_OPT,
    arity: [1, 1],
    run: async ({ archive, args, values, io }) => {
      const list = await call(archive(), 'annotations.list', { id: idArg(args[0]) });
      if (values.json) io.json(list);
      else
        for (const a of list) {
          const where = a.state === 'orphaned' ? 'ORPHANED' : `${a.start}–${a.end}`;
          io.out(`${pad(a.id)}  ${where.padEnd(11)} ${a.color.padEnd(7)} “${one(a.quote)}”${a.note ? `\n          ${one(a.note)}` : ''}`);
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
      return jsonOr(values, io, a, () => io.out(`annotation #${a.id} updated`));
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
};
