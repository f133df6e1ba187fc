/** Search, suggestions and saved searches. */
import { call, intOpt, JSON_OPT, jsonOr, LIMIT_OPT, type Command } from '../args.ts';
import { countText, one, pad, printSearch } from '../format.ts';

export const SEARCH_COMMANDS: Record<string, Command> = {
  search: {
    usage: 'search <query> [--sort relevance|newest|oldest] [--facets] [--collapse] [--limit N] [--offset N] [--json]',
    summary: 'Search: words, "phrases", OR, -exclude, prefix*, (groups), title: body: tag: outlet: author: url: lang: after: before: on: has: is: type: tone:.',
    options: { ...JSON_OPT, ...LIMIT_OPT, offset: { type: 'string' }, sort: { type: 'string' }, facets: { type: 'boolean' }, collapse: { type: 'boolean' } },
    arity: [1, Infinity],
    queryText: true,
    run: async ({ archive, args, values, io }) => {
      const r = await call(archive(), 'search.query', {
        query: args.join(' '),
        limit: intOpt(values.limit, 'limit', 20),
        offset: intOpt(values.offset, 'offset', 0),
        sort: values.sort,
        facets: Boolean(values.facets),
        collapse: Boolean(values.collapse),
      });
      return jsonOr(values, io, r, () => printSearch(r, io));
    },
  },
  suggest: {
    usage: 'suggest <text> [--limit N] [--json]',
    summary: 'Instant suggestions for what you are typing (titles, people, places, outlets, tags; typo tolerant).',
    options: { ...JSON_OPT, ...LIMIT_OPT },
    arity: [1, Infinity],
    run: async ({ archive, args, values, io }) => {
      const r = await call(archive(), 'search.suggest', { text: args.join(' '), limit: intOpt(values.limit, 'limit', 10) });
      if (values.json) io.json(r);
      else {
        for (const x of r.suggestions) io.out(`${pad(x.id)}  ${x.field.padEnd(6)} ${one(x.matched)}${x.fuzzy ? ' (close match)' : ''}  —  ${one(x.title)}`);
        if (r.didYouMean) io.err(`did you mean: ${one(r.didYouMean)}`);
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
      io.out(`saved "${one(r.name)}": ${one(r.query)} (${countText(r.count, r.countExact)})`);
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
      return jsonOr(values, io, list, () => {
        for (const x of list) io.out(`${countText(x.count, x.countExact).padStart(8)}  ${one(x.name)}: ${one(x.query)}`);
      });
    },
  },
  'search-delete': {
    usage: 'search-delete <name>',
    summary: 'Forget a saved search.',
    arity: [1, 1],
    run: async ({ archive, args, io }) => {
      const r = await call(archive(), 'search.deleteSaved', { name: args[0] });
      io.out(`deleted saved search "${one(r.name)}"`);
      return 0;
    },
  },
};
