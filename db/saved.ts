import type { Db } from './open.ts';

export interface SavedRow {
  name: string;
  query: string;
  createdAt: string;
}

/** Named queries. */
export class SavedSearchRepo {
  constructor(private readonly db: Db) {}

  /** Saves (or replaces the query of) a named search. */
  save(name: string, query: string, now: string): void {
    const found = this.db.prepare(`SELECT id FROM saved_searches WHERE name = ?`).get(name) as { id: number } | undefined;
    if (found) this.db.prepare(`UPDATE saved_searches SET query = ?, updated_at = ? WHERE id = ?`).run(query, now, found.id);
    else this.db.prepare(`INSERT INTO saved_searches (name, query, created_at, updated_at) VALUES (?, ?, ?, ?)`).run(name, query, now, now);
  }

  get(name: string): SavedRow | null {
    return (this.db.prepare(`SELECT name, query, created_at AS createdAt FROM saved_searches WHERE name = ?`).get(name) as SavedRow | undefined) ?? null;
  }

  list(): SavedRow[] {
    return this.db.prepare(`SELECT name, query, created_at AS createdAt FROM saved_searches ORDER BY name COLLATE NOCASE`).all() as SavedRow[];
  }

  delete(name: string): SavedRow | null {
    const row = this.get(name);
    if (row) this.db.prepare(`DELETE FROM saved_searches WHERE name = ?`).run(name);
    return row;
  }
}
