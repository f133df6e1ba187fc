/**
 * A roving tab index: a list of buttons (a sidebar list, the chart's bars) is one Tab stop,
 * and the arrow keys, Home and End move inside it. The stop is the item last focused, else
 * the current one (aria-current), else the first. Other buttons of an item's
 * row (a saved search's "Forget") are reached with Right and Left, and are no Tab stop.
 */
import { useCallback, useLayoutEffect, useRef, type FocusEvent, type KeyboardEvent } from 'react';

interface Options {
  /** The items the arrows move between (in document order). */
  items: string;
  /** Up/Down (a list) or Left/Right (the chart's bars). */
  axis: 'vertical' | 'horizontal';
}

type Item = HTMLElement | SVGElement;

const CURRENT = '[aria-current]:not([aria-current="false"])';

export function useRoving<T extends Item>({ items, axis }: Options) {
  const ref = useRef<T>(null);
  const last = useRef<Item | null>(null);

  const all = useCallback((box: Item) => Array.from(box.querySelectorAll<Item>(items)).filter((el) => !(el instanceof HTMLButtonElement && el.disabled)), [items]);

  /** Exactly one item takes Tab; every other button inside is reached with the arrows. */
  const settle = useCallback(
    (box: Item, stop?: Item) => {
      const list = all(box);
      const chosen = stop ?? (last.current && list.includes(last.current) ? last.current : (list.find((el) => el.matches(CURRENT)) ?? list[0]));
      for (const el of box.querySelectorAll<Item>(`${items}, button`)) el.tabIndex = el === chosen ? 0 : -1;
    },
    [all, items],
  );

  // After every render: the items may have come, gone or changed.
  useLayoutEffect(() => {
    if (ref.current) settle(ref.current);
  });

  const onFocus = useCallback(
    (e: FocusEvent<T>) => {
      const item = (e.target as Element).closest<Item>(items);
      if (!item || !ref.current?.contains(item)) return;
      last.current = item;
      settle(ref.current, item);
    },
    [items, settle],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent<T>) => {
      const box = ref.current;
      if (!box || e.altKey || e.ctrlKey || e.metaKey) return;
      const at = document.activeElement as Item | null;
      const [prev, next] = axis === 'vertical' ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];
      const list = all(box);
      const item = at?.closest<Item>(items) ?? at?.closest('li')?.querySelector<Item>(items);
      const i = item ? list.indexOf(item) : -1;
      let target: Item | undefined;
      if (e.key === next) target = list[Math.min(list.length - 1, i + 1)];
      else if (e.key === prev) target = list[Math.max(0, i - 1)];
      else if (e.key === 'Home') target = list[0];
      else if (e.key === 'End') target = list[list.length - 1];
      else if (axis === 'vertical' && (e.key === 'ArrowRight' || e.key === 'ArrowLeft') && at) {
        // Within an item's row: the item, then its other buttons.
        const row: Item[] = Array.from(at.closest('li')?.querySelectorAll<Item>('button') ?? []);
        target = row[row.indexOf(at) + (e.key === 'ArrowRight' ? 1 : -1)];
        if (!target) return;
      } else return;
      e.preventDefault();
      target?.focus();
    },
    [all, axis, items],
  );

  return { ref, onFocus, onKeyDown };
}
