import type { Database } from 'better-sqlite3';
import { migration001 } from './001-initial.ts';
import { migration002 } from './002-fts.ts';
import { migration003 } from './003-organising.ts';
import { migration004 } from './004-saved-searches.ts';
import { migration005 } from './005-capture-resources.ts';
import { migration006 } from './006-versions-clusters.ts';
import { migration007 } from './007-cjk.ts';
import { migration008 } from './008-old-sqlite-readable.ts';
import { migration009 } from './009-extraction-uncertain.ts';
import { migration010 } from './010-saved-search-order.ts';
import { migration011 } from './011-search-plans.ts';
import { migration012 } from './012-clipper.ts';
import { migration013 } from './013-filter-indexes.ts';
import { migration014 } from './014-sync-identities.ts';
import { migration015 } from './015-meta-index.ts';
import { migration016 } from './016-captures-against-text.ts';
import { migration017 } from './017-facet-chunks.ts';
import { migration018 } from './018-sync-aliases.ts';
import { migration019 } from './019-rank-changes.ts';
import { migration020 } from './020-sync-authors.ts';
import { migration021 } from './021-fts-body-first.ts';
import { migration022 } from './022-sync-overridden.ts';
import { migration023 } from './023-rank-lists.ts';
import { migration024 } from './024-text-compressed.ts';
import { migration025 } from './025-lsh-recent.ts';
import { migration026 } from './026-rank-lists-kept.ts';
import { migration027 } from './027-cjk-known.ts';

/**
 * A numbered schema step. Shipped migrations are never edited: a change to the schema
 * is a new migration appended to `MIGRATIONS`. `up` is SQL or a function; each runs in
 * its own transaction together with the bump of `PRAGMA user_version`.
 */
export interface Migration {
  version: number;
  name: string;
  up: string | ((db: Database) => void);
  /**
   * The step shrinks rows in place, leaving much of their pages empty where new rows do not
   * go: an archive upgraded through it is compacted (VACUUM) once the migrations are
   * committed. Never when the archive is being created.
   */
  compactAfter?: boolean;
  /**
   * The step changes nothing a ranking list or count is read from (db/query/topk*.ts: the
   * body and meta full-text indexes, their content views and triggers, the change marks, the
   * lists; not the CJK index, a filter): lists read before it stay exact after it, and an upgrade
   * through it does not make the app read them all again. Unset (the default) for any step
   * that might: such a step starts a new rank epoch (`rankEpoch`).
   */
  keepsRankLists?: true;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018, migration019, migration020, migration021, migration022, migration023, migration024, migration025, migration026, migration027];

export const LATEST_VERSION = MIGRATIONS.length;

/**
 * The rank epoch of schema `version`: the version of the last migration up to it that may
 * have changed what ranking lists are read from (every one not marked `keepsRankLists`).
 * Lists and counts are kept with the epoch they were read in and used only in the same one,
 * so a list read at version 25 still holds at 26 when 026 keeps them. Idempotent: an epoch
 * is its own epoch.
 */
export function rankEpoch(version: number): number {
  // (A newer archive's steps are unknown here: each may have changed anything.)
  if (version > LATEST_VERSION) return version;
  for (let v = version; v > 0; v--) if (!MIGRATIONS[v - 1]!.keepsRankLists) return v;
  return 0;
}

// Keep the registry honest: versions are 1..n with no gaps or repeats.
MIGRATIONS.forEach((m, i) => {
  if (m.version !== i + 1) throw new Error(`migration registry: entry ${i} has version ${m.version}, expected ${i + 1}`);
});
