/**
 * Keeps a popover inside the window: placed below its anchor, it flips above the anchor
 * when it would run past the bottom, and is then kept below the window's top.
 */
import { useLayoutEffect, type RefObject } from 'react';

const MARGIN = 8;

/** `below` and `above` are the popover's `top` (in its offset parent) under and over the anchor. */
export function useKeepInView(ref: RefObject<HTMLElement | null>, below: number, above: number): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.top = `${below}px`;
    const box = el.getBoundingClientRect();
    const room = window.innerHeight - MARGIN;
    if (box.bottom <= room) return;
    // Over the anchor instead: its bottom edge `above`.
    let top = above - box.height;
    const shift = box.top - below;
    // Off the top then (a tall popover, a short window): just inside it.
    if (top + shift < MARGIN) top = MARGIN - shift;
    el.style.top = `${top}px`;
  }, [ref, below, above]);
}
