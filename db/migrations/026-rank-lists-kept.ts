import type { Migration } from './index.ts';

/**
 * Which ranking lists the warm-up plans to keep (db/query/topk.ts; issue 13). Beyond the
 * cap on lists (MAX_LISTS), the lists read longest ago went first — and the warm-up reads
 * the most frequent words first, so a few queries of other phrases (from the CLI, whose
 * connection stores what it reads) evicted the lists of `the`, `to` and `and`, the costliest
 * to rank without one. `kept`: 1 for a list (or a one-letter prefix's count row) of the
 * warm-up's last plan (`SearchRepo.broadWords`), which lists read for other queries never
 * evict: those go first, the oldest first. Derived data, as the table is.
 */
export const migration026: Migration = {
  version: 26,
  keepsRankLists: true,
  name: "search: the warm-up's ranking lists kept before the others",
  up: `ALTER TABLE rank_lists ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;`,
};
