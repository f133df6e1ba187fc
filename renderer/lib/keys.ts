/** The keyboard map: a key press → an app action (pure, so it is unit-tested). */

export type Action =
  | 'focusSearch'
  | 'next'
  | 'previous'
  | 'highlight'
  | 'tags'
  | 'details'
  | 'export'
  | 'delete'
  | 'star'
  | 'read'
  | 'find'
  | 'nextMatch'
  | 'previousMatch'
  | 'import'
  | 'help'
  | 'escape';

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  /** The focus is in a text field, where plain letters type text. */
  editing?: boolean;
}

export const SHORTCUTS: { keys: string; action: Action; label: string }[] = [
  { keys: '/  or  Ctrl K', action: 'focusSearch', label: 'Search' },
  { keys: 'j  /  k', action: 'next', label: 'Next / previous clipping' },
  { keys: 'n  /  Shift N', action: 'nextMatch', label: 'Next / previous match in the reader' },
  { keys: 'h', action: 'highlight', label: 'Highlight the selected text, or else the current match' },
  { keys: 't', action: 'tags', label: 'Edit tags' },
  { keys: 'd', action: 'details', label: 'Edit the details (title, outlet, date…)' },
  { keys: 's', action: 'star', label: 'Star or unstar' },
  { keys: 'u', action: 'read', label: 'Mark read or unread' },
  { keys: 'e', action: 'export', label: 'Export' },
  { keys: 'i', action: 'import', label: 'Import' },
  { keys: 'Delete', action: 'delete', label: 'Move to the trash: the open clipping, or the selection (with undo)' },
  { keys: 'Ctrl F', action: 'find', label: 'Find in the open clipping' },
  { keys: '?', action: 'help', label: 'Keyboard shortcuts' },
];

export function resolveKey(e: KeyInput): Action | null {
  const mod = Boolean(e.ctrlKey || e.metaKey);
  if (mod && !e.altKey && (e.key === 'k' || e.key === 'K')) return 'focusSearch';
  if (mod && !e.altKey && (e.key === 'f' || e.key === 'F')) return 'find';
  if (e.key === 'Escape') return 'escape';
  if (e.editing || mod || e.altKey) return null;
  switch (e.key) {
    case '/':
      return 'focusSearch';
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'h':
      return 'highlight';
    case 't':
      return 'tags';
    case 'd':
      return 'details';
    case 'e':
      return 'export';
    case 'i':
      return 'import';
    case 's':
      return 'star';
    case 'u':
      return 'read';
    case 'n':
      return 'nextMatch';
    case 'N':
      return 'previousMatch';
    case 'Delete':
      return 'delete';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** Whether an element takes typed text (so single-letter shortcuts must not fire). */
export function isEditable(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(type);
  }
  return (el as HTMLElement).isContentEditable === true;
}
