/**
 * The search field: instant suggestions while typing (the core's in-memory index),
 * Enter runs the full query language. An ARIA combobox with a listbox of suggestions.
 */
import { memo, useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent, type Ref } from 'react';
import type { Suggestion } from '../../electron/contract/shapes.ts';
import { errorMessage } from '../api.ts';
import { useApi } from '../context.ts';
import { Icon } from './Icon.tsx';

interface Props {
  value: string;
  onChange: (v: string) => void;
  /** Run the full query. */
  onSubmit: (q: string) => void;
  /** Open a suggested clipping. */
  onOpen: (s: Suggestion, text: string) => void;
  inputRef: Ref<HTMLInputElement>;
}

export const SearchBar = memo(function SearchBar({ value, onChange, onSubmit, onOpen, inputRef }: Props) {
  const api = useApi();
  const id = useId();
  const [items, setItems] = useState<Suggestion[]>([]);
  const [didYouMean, setDidYouMean] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [tookMs, setTookMs] = useState<number | null>(null);
  /** The text the shown suggestions are for (what a benchmark waits for). */
  const [itemsFor, setItemsFor] = useState('');
  /** The text of the suggestions request in flight (one at a time), and the latest text typed meanwhile. */
  const inFlight = useRef<string | null>(null);
  const queued = useRef<string | null>(null);
  const wanted = useRef('');
  /** Where the mouse was at its last move (a window listener: it runs after the options' own). */
  const pointer = useRef<{ x: number; y: number } | null>(null);
  useEffect(() => {
    const moved = (e: globalThis.MouseEvent) => {
      pointer.current = { x: e.clientX, y: e.clientY };
    };
    window.addEventListener('mousemove', moved);
    return () => window.removeEventListener('mousemove', moved);
  }, []);

  // Suggestions without a fixed debounce: a key sends its text at once unless a request is
  // in flight; then only the latest text typed meanwhile goes, as soon as that one answers.
  const ask = useRef((text: string) => {
    inFlight.current = text;
    api['search.suggest']({ text, limit: 8 })
      .then((r) => {
        if (wanted.current === '') return;
        setItems(r.suggestions);
        setItemsFor(text);
        setDidYouMean(r.didYouMean);
        setTookMs(r.tookMs);
        setActive(-1);
      })
      .catch((err: unknown) => {
        console.warn('suggestions:', errorMessage(err));
        if (wanted.current === text) setItems([]);
      })
      .finally(() => {
        inFlight.current = null;
        const next = queued.current;
        queued.current = null;
        if (next !== null && next === wanted.current) ask.current(next);
      });
  });

  useEffect(() => {
    const text = value.trim();
    if (!open || text.length < 2 || /[:"()]/.test(text)) {
      wanted.current = '';
      queued.current = null;
      setItems([]);
      setDidYouMean(null);
      setActive(-1);
      return;
    }
    wanted.current = text;
    if (inFlight.current !== null) queued.current = inFlight.current === text ? null : text;
    else ask.current(text);
  }, [value, open]);

  const showList = open && (items.length > 0 || didYouMean !== null);
  // The did-you-mean is the list's last option, so the arrows reach it too.
  const count = items.length + (didYouMean !== null ? 1 : 0);
  const takeDidYouMean = (q: string) => {
    onChange(q);
    setOpen(false);
    onSubmit(q);
  };

  /**
   * The pointer moved onto an option: it becomes the one Enter takes. Only a move to another
   * place: a list that opens under a resting pointer gets boundary events and, from
   * Chromium after the layout changed, a move where the pointer already was; taking those,
   * an Enter meant to search would open whatever option came to lie under the mouse (a
   * stale did-you-mean, even). `pointer` is where the last move before this one was.
   */
  const pointed = (e: MouseEvent<HTMLLIElement>, option: number) => {
    const last = pointer.current;
    if (last === null || last.x !== e.clientX || last.y !== e.clientY) setActive(option);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && count) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % count);
    } else if (e.key === 'ArrowUp' && count) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? count - 1 : a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const picked = active >= 0 ? items[active] : undefined;
      setOpen(false);
      if (picked) onOpen(picked, value);
      else if (didYouMean !== null && active === items.length) takeDidYouMean(didYouMean);
      else onSubmit(value);
    } else if (e.key === 'Escape') {
      if (open && showList) {
        e.stopPropagation();
        setOpen(false);
      } else if (value) {
        e.stopPropagation();
        onChange('');
        onSubmit('');
      } else (e.target as HTMLInputElement).blur();
    }
  };

  return (
    <div className="searchbar" role="search">
      <Icon name="search" className="search-icon" />
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="search"
        className="search-input"
        placeholder="Search clippings — words, “phrases”, tag:, outlet:, after:2021"
        aria-label="Search clippings"
        role="combobox"
        aria-expanded={showList}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        // Only an option on the page: the list may have closed or shrunk since `active` was set.
        aria-activedescendant={showList && active >= 0 && active < count ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <kbd className="search-kbd" aria-hidden="true">
        /
      </kbd>
      <div className={`suggestions${showList ? ' open' : ''}`} hidden={!showList}>
        <ul id={`${id}-list`} role="listbox" aria-label="Suggestions" data-for={itemsFor}>
          {items.map((s, i) => (
            <li
              key={`${s.id}-${i}`}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={`suggestion${i === active ? ' active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                setOpen(false);
                onOpen(s, value);
              }}
              onMouseMove={(e) => pointed(e, i)}
            >
              <span className="suggestion-title">{s.title}</span>
              <span className="suggestion-meta">
                {s.field !== 'title' && s.matched ? <>{s.field}: {s.matched}</> : null}
                {s.fuzzy ? <span className="badge">similar</span> : null}
              </span>
            </li>
          ))}
          {didYouMean !== null && (
            <li
              id={`${id}-opt-${items.length}`}
              role="option"
              aria-selected={active === items.length}
              className={`suggestion did-you-mean${active === items.length ? ' active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                takeDidYouMean(didYouMean);
              }}
              onMouseMove={(e) => pointed(e, items.length)}
            >
              <span>
                Did you mean <strong>{didYouMean}</strong>?
              </span>
            </li>
          )}
        </ul>
        <div className="suggestions-foot">
          <span>
            Enter searches everything{tookMs !== null ? ` · suggestions in ${tookMs < 1 ? '<1' : Math.round(tookMs)} ms` : ''}
          </span>
        </div>
      </div>
    </div>
  );
});
