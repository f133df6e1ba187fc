import type { Db } from './open.ts';

export interface SavedRow {
  name: string;
  query: string;
  createdAt: string;
}

/** Named queries, in the order the user gives them. */
export class SavedSearchRepo {
  constructor(private readonly db: Db) {}

  /** Saves (or replaces the query of) a named search. */
  save(name: string, query: string, now: string): void {
    const found = this.db.prepare(`SELECT id FROM saved_searches WHERE name = ?`).get(name) as { id: number } | undefined;
    if (found) this.db.prepare(`UPDATE saved_searches SET query = ?, updated_at = ? WHERE id = ?`).run(query, now, found.id);
    else
      this.db
        .prepare(`INSERT INTO saved_searches (name, query, created_at, updated_at, position) VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM saved_searches))`)
        .run(name, query, now, now);
  }

  /** Renames a saved search and/or changes its query; false when there is none by that name. */
  update(name: string, to: { name: string; query: string }, now: string): boolean {
    return this.db.prepare(`UPDATE saved_searches SET name = ?, query = ?, updated_at = ? WHERE name = ?`).run(to.name, to.query, now, name).changes > 0;
  }

  /** Puts the saved searches in the given order (every name, once). */
  reorder(names: string[]): void {
    const set = this.db.prepare(`UPDATE saved_searches SET position = ? WHERE name = ?`);
    names.forEach((n, i) => set.run(i, n));
  }

  get(name: string): SavedRow | null {
    return (this.db.prepare(`SELECT name, query, created_at AS createdAt FROM saved_searches WHERE name = ?`).get(name) as SavedRow | undefined) ?? null;
  }

  list(): SavedRow[] {
    return this.db.prepare(`SELECT name, query, created_at AS createdAt FROM saved_searches ORDER BY position, name COLLATE NOCASE`).all() as SavedRow[];
  }

  delete(name: string): SavedRow | null {
    const row = this.get(name);
    if (row) this.db.prepare(`DELETE FROM saved_searches WHERE name = ?`).run(name);
    return row;
  }
}
