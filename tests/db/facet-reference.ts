/** Facets as SQL counts them over given clippings: what the engine's facets must equal (tests/db/facets, search-ranking). */
import type { Db } from '../../db/open.ts';

/** Tags, outlets and years counted by SQL over `ids`, ordered as the facets are (tags and outlets: the 50 most frequent). */
export function sqlFacets(db: Db, ids: readonly number[]) {
  const json = JSON.stringify(ids);
  return {
    tags: db
      .prepare(
        `SELECT t.name AS name, count(*) AS count FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
          WHERE ct.clipping_id IN (SELECT value FROM json_each(?)) GROUP BY t.id ORDER BY count DESC, t.name COLLATE NOCASE LIMIT 50`,
      )
      .all(json),
    outlets: db
      .prepare(`SELECT outlet AS name, count(*) AS count FROM clippings WHERE id IN (SELECT value FROM json_each(?)) AND outlet IS NOT NULL GROUP BY outlet ORDER BY count DESC, outlet LIMIT 50`)
      .all(json),
    years: db
      .prepare(`SELECT substr(coalesce(published_at, sort_key), 1, 4) AS year, count(*) AS count FROM clippings WHERE id IN (SELECT value FROM json_each(?)) GROUP BY 1 ORDER BY 1 DESC`)
      .all(json),
  };
}
