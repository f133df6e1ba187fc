/** The saved-search manager's edits: rename and change the query (one save), move up or down, delete. Each reloads the sidebar, which the manager lists. */
import type { SavedSearch } from '../../electron/contract/shapes.ts';
import { errorMessage } from '../api.ts';
import { useApi, useNotify } from '../context.ts';

export function useSavedSearches(saved: SavedSearch[], onChanged: () => Promise<void> | void) {
  const api = useApi();
  const notify = useNotify();

  const run = async (work: () => Promise<unknown>, done: string | null): Promise<boolean> => {
    try {
      await work();
      await onChanged();
      if (done) notify(done);
      return true;
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
      return false;
    }
  };

  /** Saves a new name and/or query; true when done (or nothing changed). */
  const update = (s: SavedSearch, name: string, query: string): Promise<boolean> => {
    const newName = name.trim();
    const newQuery = query.trim();
    if (!newName || !newQuery) {
      notify('A saved search needs a name and a query.', { tone: 'error' });
      return Promise.resolve(false);
    }
    if (newName === s.name && newQuery === s.query) return Promise.resolve(true);
    return run(
      () => api['search.updateSaved']({ name: s.name, ...(newName !== s.name ? { newName } : {}), ...(newQuery !== s.query ? { query: newQuery } : {}) }),
      `Saved “${newName}”.`,
    );
  };

  /** Moves one place up (-1) or down (+1). */
  const move = (s: SavedSearch, delta: -1 | 1): Promise<boolean> => {
    const names = saved.map((x) => x.name);
    const at = names.indexOf(s.name);
    const to = at + delta;
    if (at < 0 || to < 0 || to >= names.length) return Promise.resolve(false);
    [names[at], names[to]] = [names[to]!, names[at]!];
    return run(() => api['search.reorderSaved']({ names }), null);
  };

  const remove = (s: SavedSearch) => run(() => api['search.deleteSaved']({ name: s.name }), `Forgot the saved search “${s.name}”.`);

  return { update, move, remove };
}
