/** The window's keyboard shortcuts (see lib/keys.ts), off while a dialog is open or a popover has the focus. */
import { useEffect, useRef, type RefObject } from 'react';
import type { ReaderHandle } from '../components/Reader.tsx';
import { isEditable, resolveKey } from '../lib/keys.ts';
import type { DialogName } from './useDialog.ts';
import type { OpenClipping } from './useSelection.ts';

interface KeyState {
  open: OpenClipping | null;
  dialog: DialogName | null;
  step: (delta: 1 | -1) => void;
  deleteClipping: (id: number, title: string) => Promise<void>;
  /** Set while several clippings are selected: Delete moves them all to the trash. */
  deleteSelection: (() => Promise<void>) | null;
  setDialog: (d: DialogName) => void;
  reader: RefObject<ReaderHandle | null>;
  searchInput: RefObject<HTMLInputElement | null>;
}

export function useKeyboard(state: KeyState): void {
  const keyState = useRef(state);
  keyState.current = state;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const s = keyState.current;
      if (s.dialog || document.querySelector('dialog[open]') || document.activeElement?.closest('[role="dialog"]')) return;
      const action = resolveKey({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: e.shiftKey, editing: isEditable(document.activeElement) });
      if (!action) return;
      if (action === 'escape') {
        // Leaving a field: the reader keeps the focus (where it is, not scrolled) rather than <body>.
        const el = document.activeElement as HTMLElement | null;
        if (el && isEditable(el)) {
          const reader = el.closest<HTMLElement>('.reader-scroll');
          if (reader) reader.focus({ preventScroll: true });
          else el.blur();
        }
        return;
      }
      const reader = s.reader.current;
      // With no clipping open, Ctrl+F is the browser's own find.
      if (action === 'find' && !reader) return;
      e.preventDefault();
      switch (action) {
        case 'focusSearch':
          s.searchInput.current?.focus();
          s.searchInput.current?.select();
          break;
        case 'next':
          s.step(1);
          break;
        case 'previous':
          s.step(-1);
          break;
        case 'highlight':
          reader?.highlightSelection();
          break;
        case 'tags':
          reader?.focusTags();
          break;
        case 'details':
          reader?.editDetails();
          break;
        case 'star':
          reader?.toggleStar();
          break;
        case 'read':
          reader?.toggleRead();
          break;
        case 'find':
          reader?.find();
          break;
        case 'export':
          s.setDialog('export');
          break;
        case 'import':
          s.setDialog('import');
          break;
        case 'delete':
          if (s.deleteSelection) void s.deleteSelection();
          else if (s.open) void s.deleteClipping(s.open.id, s.open.title);
          break;
        case 'nextMatch':
          reader?.stepMatch(1);
          break;
        case 'previousMatch':
          reader?.stepMatch(-1);
          break;
        case 'help':
          s.setDialog('help');
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
