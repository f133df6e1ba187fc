import { memo } from 'react';
import type { Color } from '../../electron/contract/enums.ts';
import type { SavedSearch, TagCount } from '../../electron/contract/shapes.ts';
import { useRoving } from '../hooks/useRoving.ts';
import { formatCount } from '../lib/dates.ts';
import { quoteValue } from '../lib/query.ts';
import { Icon } from './Icon.tsx';
import { Item, NAV_ITEMS } from './NavItem.tsx';
import { OutletsNav } from './OutletsNav.tsx';

export interface Scope {
  key: string;
  label: string;
  query: string;
}

export interface SidebarData {
  total: number | null;
  starred: number | null;
  unread: number | null;
  trashed: number | null;
  tags: TagCount[];
  saved: SavedSearch[];
  outlets: { name: string; count: number }[];
}

interface Props {
  data: SidebarData;
  scope: Scope;
  onScope: (s: Scope) => void;
  onDeleteSaved: (name: string) => void;
  onTrash: () => void;
  onManageTags: () => void;
  onManageSaved: () => void;
}

/** The palette for the contract's named colours (each one must have its swatch). */
export const TAG_COLORS: Record<Color, string> = {
  yellow: '#d4a72c',
  green: '#3f9b5f',
  blue: '#3b7dd8',
  pink: '#d6589a',
  purple: '#8a5cd1',
  orange: '#e07b2e',
  red: '#d2483f',
  grey: '#8a8f98',
};

/** A tag's colour as CSS (named colours map to the palette; #rrggbb as given). */
export function tagColor(c: string | null | undefined): string | undefined {
  if (!c) return undefined;
  return (TAG_COLORS as Record<string, string | undefined>)[c] ?? (/^#[0-9a-fA-F]{6}$/.test(c) ? c : undefined);
}

export const Sidebar = memo(function Sidebar({ data, scope, onScope, onDeleteSaved, onTrash, onManageTags, onManageSaved }: Props) {
  const all: Scope = { key: 'all', label: 'All clippings', query: '' };
  // Each list is one Tab stop; the arrow keys move inside it.
  const library = useRoving<HTMLUListElement>(NAV_ITEMS);
  const saved = useRoving<HTMLUListElement>(NAV_ITEMS);
  const tags = useRoving<HTMLUListElement>(NAV_ITEMS);
  return (
    <nav className="sidebar" aria-label="Library">
      <ul className="nav-list" aria-label="Views" {...library}>
        <Item scope={all} current={scope} icon="inbox" count={data.total} onScope={onScope} />
        <Item scope={{ key: 'starred', label: 'Starred', query: 'is:starred' }} current={scope} icon="star" count={data.starred} onScope={onScope} />
        <Item scope={{ key: 'unread', label: 'Unread', query: 'is:unread' }} current={scope} icon="dot" count={data.unread} onScope={onScope} />
        <li>
          <button type="button" className="nav-item" aria-haspopup="dialog" onClick={onTrash}>
            <Icon name="trash" />
            <span className="nav-label">Trash</span>
            {data.trashed ? <span className="nav-count">{formatCount(data.trashed)}</span> : null}
          </button>
        </li>
      </ul>

      <div className="nav-heading-row">
        <h2 className="nav-heading" id="nav-saved">
          Saved searches
        </h2>
        {data.saved.length > 0 && (
          <button type="button" className="linklike small" aria-haspopup="dialog" onClick={onManageSaved}>
            Edit<span className="visually-hidden"> saved searches</span>
          </button>
        )}
      </div>
      {data.saved.length === 0 ? (
        <p className="nav-empty">Run a search and choose “Save search” to keep it here.</p>
      ) : (
        <ul className="nav-list" aria-labelledby="nav-saved" {...saved}>
          {data.saved.map((s) => (
            <li key={s.name} className="nav-row">
              <button
                type="button"
                className={`nav-item${scope.key === `saved:${s.name}` ? ' active' : ''}`}
                aria-current={scope.key === `saved:${s.name}` ? 'page' : undefined}
                title={s.query}
                onClick={() => onScope({ key: `saved:${s.name}`, label: s.name, query: s.query })}
              >
                <Icon name="bookmark" />
                <span className="nav-label">{s.name}</span>
                <span className="nav-count">
                  {formatCount(s.count)}
                  {s.countExact ? '' : '+'}
                </span>
              </button>
              <button type="button" className="nav-remove" aria-label={`Forget saved search ${s.name}`} onClick={() => onDeleteSaved(s.name)}>
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}

      <div className="nav-heading-row">
        <h2 className="nav-heading" id="nav-tags">
          Tags
        </h2>
        <button type="button" className="linklike small" aria-haspopup="dialog" onClick={onManageTags}>
          Manage
        </button>
      </div>
      {data.tags.length === 0 ? (
        <p className="nav-empty">No tags yet. Press t in the reader to tag a clipping.</p>
      ) : (
        <ul className="nav-list" aria-labelledby="nav-tags" {...tags}>
          {data.tags.map((t) => (
            <Item
              key={t.name}
              scope={{ key: `tag:${t.name}`, label: t.name, query: `tag:${quoteValue(t.name)}` }}
              current={scope}
              icon="tag"
              color={tagColor(t.color) ?? ''}
              count={t.count}
              onScope={onScope}
            />
          ))}
        </ul>
      )}

      <OutletsNav outlets={data.outlets} scope={scope} onScope={onScope} />
    </nav>
  );
});
