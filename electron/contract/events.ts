/**
 * The one channel from the main process to the renderer (the contract goes the other
 * way, over `IPC_CHANNEL`). The preload exposes it as `window.cuttingsEvents`:
 *
 *   const off = window.cuttingsEvents.on('changed', (e) => refresh(e));   // data changed behind the page
 *   window.cuttingsEvents.on('menu', ({ action }) => { if (action === 'find') focusSearch(); });
 *   off();                                                                 // stop listening
 *
 * Only these two event names exist; payloads are plain JSON. No `electron` import here:
 * the renderer may `import type` from this file.
 */
import type { ImportReport } from './shapes.ts';

export const EVENT_CHANNEL = 'cuttings:event';
export const EVENT_NAMES = ['changed', 'menu'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Menu commands the page carries out itself. */
export const MENU_ACTIONS = ['find'] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

export interface EventPayloads {
  /** The archive changed outside the page (import from the menu, a second launch, a file opened with the app): reload what is shown. */
  changed: { reason: 'import'; report: Omit<ImportReport, 'results'> & { files: number } };
  /** A menu command for the page. */
  menu: { action: MenuAction };
}

export type EventListener<E extends EventName> = (payload: EventPayloads[E]) => void;

/** What `window.cuttingsEvents` offers. `on` returns a function that removes the listener. */
export interface CuttingsEvents {
  on<E extends EventName>(name: E, listener: EventListener<E>): () => void;
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}
