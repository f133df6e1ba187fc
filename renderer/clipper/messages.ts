/** What the popup asks the background (service worker / background script), and the answers. */
import type { ClipPreview, ClipResult, ClipperNames } from '../../electron/contract/shapes.ts';
import type { PageCapture } from './page-capture.ts';

export type { PageCapture };

/** What the user chose in the popup (or the defaults of a context-menu clip). */
export interface ClipRequest {
  capture: PageCapture;
  /** Only the selection, as a clipping of its own. */
  selectionOnly: boolean;
  /** The selection sent as a highlight of the clipped page. */
  highlightSelection: boolean;
  title?: string;
  outlet?: string | null;
  publishedAt?: string | null;
  tags: string[];
  note: string;
}

/** A clip's outcome: stored (and how), kept in the queue for later, or refused. */
export type ClipOutcome =
  | { state: 'delivered'; result: ClipResult }
  | { state: 'queued'; waiting: number; reason: string }
  | { state: 'error'; message: string };

export interface Status {
  paired: boolean;
  waiting: number;
}

export type Message =
  | { type: 'status' }
  | { type: 'capture'; tabId: number }
  | { type: 'preview'; capture: PageCapture; selectionOnly: boolean }
  | { type: 'names' }
  | { type: 'clip'; request: ClipRequest }
  | { type: 'pair' }
  | { type: 'pairStatus' }
  | { type: 'flush' }
  | { type: 'open'; id: number };

export type Reply<M extends Message['type']> = M extends 'status'
  ? Status
  : M extends 'capture'
    ? PageCapture
    : M extends 'preview'
      ? ClipPreview
      : M extends 'names'
        ? ClipperNames
        : M extends 'clip'
          ? ClipOutcome
          : M extends 'pair'
            ? { code: string }
            : M extends 'pairStatus'
              ? { state: 'none' | 'pending' | 'approved' | 'denied' }
              : M extends 'open'
                ? { id: number; requested: true }
                : { delivered: number; waiting: number };

/** Answers travel as { ok, value } or { ok: false, error }. */
export type Wrapped<T> = { ok: true; value: T } | { ok: false; error: string; unreachable?: boolean };
