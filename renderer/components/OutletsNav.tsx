/**
 * The sidebar's outlets: the 25 busiest, then "Show all N outlets", which lists every one
 * with a filter box (the archive may hold hundreds).
 */
import { useId, useState } from 'react';
import { quoteValue } from '../lib/query.ts';
import { useRoving } from '../hooks/useRoving.ts';
import { Item, NAV_ITEMS } from './NavItem.tsx';
import type { Scope } from './Sidebar.tsx';

export const OUTLETS_SHOWN = 25;

interface Props {
  outlets: { name: string; count: number }[];
  scope: Scope;
  onScope: (s: Scope) => void;
}

export function OutletsNav({ outlets, scope, onScope }: Props) {
  const [all, setAll] = useState(false);
  const [filter, setFilter] = useState('');
  const id = useId();
  const roving = useRoving<HTMLUListElement>(NAV_ITEMS);
  if (outlets.length === 0) return null;
  const needle = filter.trim().toLocaleLowerCase();
  const shown = all ? outlets.filter((o) => o.name.toLocaleLowerCase().includes(needle)) : outlets.slice(0, OUTLETS_SHOWN);
  const more = outlets.length > OUTLETS_SHOWN;
  return (
    <>
      <h2 className="nav-heading" id={`${id}-h`}>
        Outlets
      </h2>
      {all && (
        <input
          type="search"
          className="nav-filter"
          aria-label="Filter outlets"
          placeholder={`Filter ${outlets.length} outlets`}
          value={filter}
          autoFocus
          onChange={(e) => setFilter(e.target.value)}
        />
      )}
      <ul className="nav-list" aria-labelledby={`${id}-h`} {...roving}>
        {shown.map((o) => (
          <Item key={o.name} scope={{ key: `outlet:${o.name}`, label: o.name, query: `outlet:${quoteValue(o.name)}` }} current={scope} icon="globe" count={o.count} onScope={onScope} />
        ))}
      </ul>
      {all && shown.length === 0 && <p className="nav-empty">No outlet matches “{filter.trim()}”.</p>}
      {more && (
        <button
          type="button"
          className="linklike small nav-more"
          aria-expanded={all}
          onClick={() => {
            setAll(!all);
            setFilter('');
          }}
        >
          {all ? `Show the ${OUTLETS_SHOWN} busiest` : `Show all ${outlets.length} outlets`}
        </button>
      )}
    </>
  );
}
