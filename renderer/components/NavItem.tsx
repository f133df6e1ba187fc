/** One entry of the sidebar: a scope the list can show, with its count. */
import { formatCount } from '../lib/dates.ts';
import { Icon } from './Icon.tsx';
import type { Scope } from './Sidebar.tsx';

/** What the arrow keys move between in a sidebar list (one Tab stop each, see useRoving). */
export const NAV_ITEMS = { items: '.nav-item', axis: 'vertical' } as const;

export function Item({ scope, current, icon, count, onScope, color }: { scope: Scope; current: Scope; icon: string; count: number | null; onScope: (s: Scope) => void; color?: string | undefined }) {
  const active = scope.key === current.key;
  return (
    <li>
      <button type="button" className={`nav-item${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined} onClick={() => onScope(scope)}>
        {color !== undefined ? <span className="swatch" style={{ background: color || 'var(--muted-2)' }} aria-hidden="true" /> : <Icon name={icon} />}
        <span className="nav-label">{scope.label}</span>
        {count !== null && <span className="nav-count">{formatCount(count)}</span>}
      </button>
    </li>
  );
}
