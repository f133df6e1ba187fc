/** The article's clean text as plain text nodes, with highlights and search matches as <mark> runs. */
import type { RefObject } from 'react';
import type { ClippingDetail } from '../../electron/contract/shapes.ts';
import type { Highlights } from '../hooks/useHighlights.ts';
import { paragraphSpans, splitRuns, type Overlay } from '../lib/runs.ts';

interface Props {
  detail: ClippingDetail;
  overlays: Overlay[];
  matchIndex: number;
  highlights: Highlights;
  bodyRef: RefObject<HTMLDivElement | null>;
}

export function ArticleBody({ detail, overlays, matchIndex, highlights, bodyRef }: Props) {
  const annById = new Map(detail.annotations.map((a) => [a.id, a]));
  const firstRunOf = new Set<number>();
  return (
    <div
      className="article-body"
      ref={bodyRef}
      onMouseUp={() => window.setTimeout(() => highlights.openCreate(false), 0)}
      onKeyUp={(e) => {
        if (e.shiftKey) highlights.openCreate(false);
      }}
    >
      {paragraphSpans(detail.text).map((p) => (
        <p key={p.start} data-start={p.start} data-end={p.end}>
          {splitRuns(detail.text, p.start, p.end, overlays).map((r) => {
            if (r.annotations.length === 0 && r.match === null) {
              return (
                <span key={r.start} data-s={r.start}>
                  {r.text}
                </span>
              );
            }
            const annId = r.annotations[r.annotations.length - 1];
            const ann = annId !== undefined ? annById.get(annId) : undefined;
            const isFirst = ann !== undefined && !firstRunOf.has(ann.id);
            if (ann) firstRunOf.add(ann.id);
            const cls = [ann ? `hl hl-${ann.color}` : '', r.match !== null ? `hit${r.match === matchIndex ? ' current' : ''}` : ''].join(' ').trim();
            return (
              <mark
                key={r.start}
                data-s={r.start}
                data-match={r.match ?? undefined}
                data-ann={ann?.id}
                data-ann-first={isFirst ? ann.id : undefined}
                className={cls}
                tabIndex={isFirst ? 0 : undefined}
                role={ann ? 'button' : undefined}
                title={ann?.note || undefined}
                onClick={(e) => {
                  if (!ann) return;
                  const sel = window.getSelection();
                  if (sel && !sel.isCollapsed) return;
                  e.stopPropagation();
                  highlights.openEdit(ann.id, e.currentTarget as HTMLElement);
                }}
                onKeyDown={(e) => {
                  if (ann && (e.key === 'Enter' || e.key === ' ')) {
                    e.preventDefault();
                    highlights.openEdit(ann.id, e.currentTarget as HTMLElement);
                  }
                }}
              >
                {r.text}
              </mark>
            );
          })}
        </p>
      ))}
      {detail.text === '' && <p className="muted">This clipping has no text.</p>}
    </div>
  );
}
