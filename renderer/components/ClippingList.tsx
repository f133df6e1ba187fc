import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { TagCount } from '../../electron/contract/shapes.ts';
import { useApi } from '../context.ts';
import { fetchAhead } from '../hooks/useClipping.ts';
import type { ListApi, Row } from '../hooks/useList.ts';
import type { ScrollTarget } from '../hooks/useSelection.ts';
import { formatCount, formatDate } from '../lib/dates.ts';
import { parseSnippet } from '../lib/snippet.ts';
import { Icon } from './Icon.tsx';
import { tagColor } from './Sidebar.tsx';

export const ROW_HEIGHT = 104;

interface Props {
  list: ListApi;
  openId: number | null;
  selection: ReadonlySet<number>;
  allSelected: boolean;
  tags: TagCount[];
  onOpen: (row: Row, index: number) => void;
  onSelect: (id: number, mode: 'toggle' | 'range', index: number) => void;
  /** Ctrl+A: every result, loaded or not. */
  onSelectAll: () => void;
  onClearSelection: () => void;
  scrollToIndex: ScrollTarget | null;
}

export function ClippingList({ list, openId, selection, allSelected, tags, onOpen, onSelect, onSelectAll, onClearSelection, scrollToIndex }: Props) {
  const { state } = list;
  const api = useApi();
  const parent = useRef<HTMLDivElement>(null);
  const colors = useMemo(() => new Map(tags.map((t) => [t.name.toLowerCase(), tagColor(t.color)])), [tags]);
  const v = useVirtualizer({ count: state.total, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  // The open clipping's row, named to screen readers only while it is in the page (a row
  // scrolled out of the window, or one of a previous list, has no element to point at).
  const openShown = openId !== null && items.some((it) => list.row(it.index)?.id === openId);

  useEffect(() => {
    if (state.total > 0) list.ensure(first, last);
  }, [first, last, state.total, state.version, list]);

  useEffect(() => {
    if (!scrollToIndex || scrollToIndex.index < 0) return;
    const { index, align } = scrollToIndex;
    const el = parent.current;
    if (align !== 'center' || !el) {
      v.scrollToIndex(index, { align });
      return;
    }
    // A place coming back: the panes around the list may still be settling (the chart
    // drawing above it), so keep the row centred in the list's box as it changes, until
    // the user scrolls. Measured from the box itself (the browser clamps the offset).
    const centre = () => {
      el.scrollTop = index * ROW_HEIGHT - (el.clientHeight - ROW_HEIGHT) / 2;
    };
    centre();
    const ro = new ResizeObserver(centre);
    ro.observe(el);
    const stop = () => ro.disconnect();
    const events = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;
    for (const e of events) el.addEventListener(e, stop, { once: true, passive: true });
    return () => {
      ro.disconnect();
      for (const e of events) el.removeEventListener(e, stop);
    };
  }, [scrollToIndex, v]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 'a' || e.key === 'A')) {
      e.preventDefault();
      onSelectAll();
      return;
    }
    if (e.key === 'Escape' && (selection.size > 0 || allSelected)) {
      e.preventDefault();
      onClearSelection();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End' && e.key !== 'Enter') return;
    e.preventDefault();
    const current = openId === null ? -1 : list.indexOf(openId);
    let next = current;
    if (e.key === 'ArrowDown') next = Math.min(state.total - 1, current + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, current - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = state.total - 1;
    else if (e.key === 'Enter') next = Math.max(0, current);
    const r = list.row(next);
    if (r) onOpen(r, next);
    else {
      list.ensure(next, next);
      v.scrollToIndex(next);
    }
  };

  return (
    <div
      ref={parent}
      className="list-scroll"
      role="listbox"
      tabIndex={0}
      aria-label={`Clippings, ${formatCount(state.total)}`}
      aria-activedescendant={openShown ? `row-${openId}` : undefined}
      aria-multiselectable="true"
      onKeyDown={onKeyDown}
    >
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {items.map((it) => {
          const r = list.row(it.index);
          const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: it.size, transform: `translateY(${it.start}px)` };
          if (!r) {
            return (
              <div key={`ph-${it.index}`} className="row placeholder" style={style} role="option" aria-selected="false" aria-label="Loading" aria-setsize={state.total} aria-posinset={it.index + 1}>
                <span className="ph-line w60" />
                <span className="ph-line w30" />
                <span className="ph-line w90" />
              </div>
            );
          }
          const open = r.id === openId;
          const picked = allSelected || selection.has(r.id);
          return (
            <div
              key={r.id}
              id={`row-${r.id}`}
              role="option"
              aria-selected={open || picked}
              aria-setsize={state.totalExact ? state.total : -1}
              aria-posinset={it.index + 1}
              className={`row${open ? ' open' : ''}${picked ? ' picked' : ''}${r.read === false ? ' unread' : ''}${r.fuzzy ? ' fuzzy' : ''}`}
              style={style}
              data-id={r.id}
              // A press (the button not up yet) asks for the clipping the click will open.
              onPointerDown={(e: PointerEvent) => {
                if (e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && r.id !== openId) fetchAhead(api, r.id);
              }}
              onClick={(e: MouseEvent) => {
                if (e.metaKey || e.ctrlKey) onSelect(r.id, 'toggle', it.index);
                else if (e.shiftKey) onSelect(r.id, 'range', it.index);
                else onOpen(r, it.index);
              }}
            >
              <RowContent r={r} colors={colors} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * A row's text: drawn again only when its row or the tags' colours change, not when another
 * clipping opens or the selection moves (those change only the row's outer element).
 */
const RowContent = memo(function RowContent({ r, colors }: { r: Row; colors: ReadonlyMap<string, string | undefined> }) {
  return (
    <>
      <div className="row-top">
        {r.read === false && <span className="unread-dot" aria-label="Unread" role="img" />}
        <span className="row-title">{r.title}</span>
        {r.extractionUncertain && (
          <span className="uncertain-mark" title="Extraction uncertain: no title or no clear article text was found, check it">
            Check
          </span>
        )}
        {r.fuzzy && (
          <span className="close-match" title="Not an exact match: found through a corrected spelling, and not counted in the outlet, tag and year figures">
            close match
          </span>
        )}
        {r.starred && <Icon name="star" size={14} className="row-star" />}
      </div>
      <div className="row-meta">
        <span className="row-outlet">{r.outlet ?? 'Unknown outlet'}</span>
        {r.publishedAt ? (
          <>
            <span className="sep" aria-hidden="true">·</span>
            <time dateTime={r.publishedAt}>{formatDate(r.publishedAt)}</time>
          </>
        ) : (
          r.capturedAt && (
            <>
              <span className="sep" aria-hidden="true">·</span>
              <time className="captured" dateTime={r.capturedAt} title="No publication date: the date it was captured">
                captured {formatDate(r.capturedAt)}
              </time>
            </>
          )
        )}
        {r.tags.length > 0 && (
          <span className="row-tags">
            {r.tags.slice(0, 3).map((t) => (
              <span key={t} className="tag-chip small" style={{ ['--tag' as string]: colors.get(t.toLowerCase()) ?? 'var(--muted-2)' }}>
                {t}
              </span>
            ))}
            {r.tags.length > 3 && <span className="more">+{r.tags.length - 3}</span>}
          </span>
        )}
      </div>
      <p className="row-snippet">
        {r.snippet
          ? parseSnippet(r.snippet).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))
          : (r.excerpt ?? '')}
      </p>
    </>
  );
});
