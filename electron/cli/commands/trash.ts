/** The trash: what is in it, and emptying it (restore is in archive.ts: one word for both). */
import { call, intOpt, JSON_OPT, jsonOr, type Command } from '../args.ts';
import { one, pad, s } from '../format.ts';

export const TRASH_COMMANDS: Record<string, Command> = {
  trash: {
    usage: 'trash [--json]',
    summary: 'List the clippings in the trash.',
    options: JSON_OPT,
    arity: [0, 0],
    run: async ({ archive, values, io }) => {
      const list = await call(archive(), 'trash.list', {});
      return jsonOr(values, io, list, () => {
        for (const c of list) io.out(`${pad(c.id)}  deleted ${c.deletedAt.slice(0, 10)}, gone after ${c.purgeAfter.slice(0, 10)}  ${one(c.title)}`);
      });
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
};
