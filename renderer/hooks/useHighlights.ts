/**
 * Highlighting in the reader: the selection turned into a span of `text`, the pop-up
 * (the colour menu over a new selection, or the editor of an existing highlight) and
 * creating, editing and deleting (with undo) annotations.
 */
import { useCallback, useState, type RefObject } from 'react';
import type { Annotation, ClippingDetail } from '../../electron/contract/shapes.ts';
import { errorMessage } from '../api.ts';
import type { HighlightColor } from '../components/HighlightMenu.tsx';
import { useApi, useNotify } from '../context.ts';
import { trimSpan, type Span } from '../lib/runs.ts';

/** `y` puts a popover under its anchor, `above` is where its bottom goes when it is put over it. */
export type Pop = { kind: 'create'; span: Span; x: number; y: number; above: number; focusNote: boolean } | { kind: 'edit'; annotationId: number; x: number; y: number; above: number } | null;

interface Refs {
  scroller: RefObject<HTMLDivElement | null>;
  body: RefObject<HTMLDivElement | null>;
}

export function useHighlights(detail: ClippingDetail | null, reload: () => Promise<unknown>, { scroller, body }: Refs) {
  const api = useApi();
  const notify = useNotify();
  const [pop, setPop] = useState<Pop>(null);

  const spanFromSelection = useCallback((): { span: Span; rect: DOMRect } | null => {
    if (!detail || !body.current) return null;
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!body.current.contains(range.startContainer) || !body.current.contains(range.endContainer)) return null;
    const a = pointOffset(range.startContainer, range.startOffset);
    const b = pointOffset(range.endContainer, range.endOffset);
    if (a === null || b === null) return null;
    const span = trimSpan(detail.text, { start: Math.min(a, b), end: Math.max(a, b) });
    return span ? { span, rect: range.getBoundingClientRect() } : null;
  }, [detail, body]);

  const placeAt = (rect: DOMRect): { x: number; y: number; above: number } => {
    const box = scroller.current!.getBoundingClientRect();
    const x = Math.min(Math.max(8, rect.left - box.left + rect.width / 2 - 150), box.width - 320);
    const top = scroller.current!.scrollTop - box.top;
    return { x, y: rect.bottom + top + 8, above: rect.top + top - 8 };
  };

  /** Closes the popover; if it held the focus, the reader takes it back (where it is, not scrolled). */
  const close = useCallback(() => {
    if (document.activeElement?.closest('.popover')) scroller.current?.focus({ preventScroll: true });
    setPop(null);
  }, [scroller]);

  /** Opens the colour menu over the selection; false when nothing in the article is selected. */
  const openCreate = (focusNote: boolean) => {
    const got = spanFromSelection();
    if (!got) return false;
    setPop({ kind: 'create', span: got.span, ...placeAt(got.rect), focusNote });
    return true;
  };

  /** Opens the colour menu, its note focused, for a span of the text shown by `el` (a search or find match): no selection needed. */
  const openCreateSpan = (span: Span, el: HTMLElement) => setPop({ kind: 'create', span, ...placeAt(el.getBoundingClientRect()), focusNote: true });

  /** Opens the editor of a highlight under the element that shows it. */
  const openEdit = (annotationId: number, el: HTMLElement) => setPop({ kind: 'edit', annotationId, ...placeAt(el.getBoundingClientRect()) });

  const create = async (color: HighlightColor, noteText: string) => {
    if (!detail || pop?.kind !== 'create') return;
    const { span } = pop;
    close();
    window.getSelection()?.removeAllRanges();
    try {
      await api['annotations.create']({ id: detail.id, start: span.start, end: span.end, color, note: noteText });
      await reload();
      notify(noteText ? 'Highlight and note saved.' : 'Highlight saved.');
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const saveEdit = async (annotationId: number, change: { note: string; color: HighlightColor }) => {
    close();
    try {
      await api['annotations.update']({ annotationId, note: change.note, color: change.color });
      await reload();
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const deleteAnnotation = async (a: Annotation) => {
    close();
    try {
      await api['annotations.delete']({ annotationId: a.id });
      await reload();
      notify('Highlight deleted.', {
        action: {
          label: 'Undo',
          run: () => {
            const args = a.start !== null && a.end !== null ? { start: a.start, end: a.end } : { quote: a.quote, prefix: a.prefix, suffix: a.suffix };
            void api['annotations.create']({ id: a.clippingId, ...args, color: a.color as HighlightColor, note: a.note }).then(reload, (e: unknown) => notify(errorMessage(e), { tone: 'error' }));
          },
        },
      });
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  /** Scrolls to a highlight listed in the notes panel and opens its editor. */
  const showAnnotation = (a: Annotation) => {
    const el = body.current?.querySelector<HTMLElement>(`[data-ann-first="${a.id}"]`);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    openEdit(a.id, el);
  };

  return { pop, close, openCreate, openCreateSpan, openEdit, create, saveEdit, deleteAnnotation, showAnnotation };
}

export type Highlights = ReturnType<typeof useHighlights>;

/** A DOM point (node, offset) inside the article body → offset into `text`. */
function pointOffset(node: Node, offset: number): number | null {
  const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
  if (!el) return null;
  const run = el.closest<HTMLElement>('[data-s]');
  if (run && node.nodeType === Node.TEXT_NODE) return Number(run.dataset.s) + offset;
  if (run) return Number(run.dataset.s) + (offset > 0 ? (run.textContent ?? '').length : 0);
  const para = el.closest<HTMLElement>('p[data-start]');
  if (para) {
    const child = para.childNodes[offset] as HTMLElement | undefined;
    if (child?.dataset?.s !== undefined) return Number(child.dataset.s);
    return Number(para.dataset.end);
  }
  // The body itself: offset counts paragraphs.
  const paras = (el as HTMLElement).querySelectorAll<HTMLElement>('p[data-start]');
  const p = paras[offset];
  if (p) return Number(p.dataset.start);
  const lastP = paras[paras.length - 1];
  return lastP ? Number(lastP.dataset.end) : null;
}
