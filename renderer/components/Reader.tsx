/**
 * The reader: the clean text rendered from `text` as plain text nodes (never the
 * capture's HTML), so highlight and match offsets land exactly; metadata header, tags,
 * figures, highlights with notes, the clip note and the annotations panel.
 */
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import type { Annotation, ClippingDetail, TagCount } from '../../electron/contract/shapes.ts';
import { errorMessage } from '../api.ts';
import { useApi, useNotify } from '../context.ts';
import type { Row } from '../hooks/useList.ts';
import { formatCount, formatDateTime } from '../lib/dates.ts';
import { paragraphSpans, splitRuns, trimSpan, type Overlay, type Span } from '../lib/runs.ts';
import { Figure } from './Figure.tsx';
import { HighlightEditor, HighlightMenu, type HighlightColor } from './HighlightMenu.tsx';
import { Icon } from './Icon.tsx';
import { TagEditor } from './TagEditor.tsx';

export interface ReaderHandle {
  highlightSelection: () => void;
  focusTags: () => void;
  stepMatch: (delta: 1 | -1) => void;
  toggleStar: () => void;
}

interface Props {
  id: number;
  matches: [number, number][];
  allTags: TagCount[];
  onChanged: (id: number, patch: Partial<Row>) => void;
  onTagsChanged: () => void;
  onDelete: (id: number, title: string) => void;
  onExport: () => void;
  ref?: Ref<ReaderHandle>;
}

type Pop = { kind: 'create'; span: Span; x: number; y: number; focusNote: boolean } | { kind: 'edit'; annotationId: number; x: number; y: number } | null;

export function Reader({ id, matches, allTags, onChanged, onTagsChanged, onDelete, onExport, ref }: Props) {
  const api = useApi();
  const notify = useNotify();
  const [detail, setDetail] = useState<ClippingDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pop, setPop] = useState<Pop>(null);
  const [matchIndex, setMatchIndex] = useState(0);
  const [note, setNote] = useState('');
  const [noteState, setNoteState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const tagInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let cancelled = false;
    setDetail(null);
    setError(null);
    setPop(null);
    setMatchIndex(0);
    api['clippings.get']({ id })
      .then((d) => {
        if (cancelled) return;
        setDetail(d);
        setNote(d.note);
        setNoteState('idle');
        scroller.current?.scrollTo({ top: 0 });
        if (!d.read) {
          api['clippings.setFlags']({ ids: [id], read: true })
            .then(() => onChanged(id, { read: true }))
            .catch(() => {});
        }
      })
      .catch((err: unknown) => !cancelled && setError(errorMessage(err)));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload only when the clipping changes
  }, [api, id]);

  const validMatches = useMemo(() => (detail ? matches.filter(([s, e]) => s >= 0 && e <= detail.text.length && e > s) : []), [detail, matches]);

  useEffect(() => {
    if (!detail || validMatches.length === 0) return;
    const el = body.current?.querySelector<HTMLElement>(`[data-match="${matchIndex}"]`);
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [detail, validMatches, matchIndex]);

  const reload = useCallback(async () => {
    const d = await api['clippings.get']({ id });
    setDetail(d);
    return d;
  }, [api, id]);

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
  }, [detail]);

  const placeAt = (rect: DOMRect): { x: number; y: number } => {
    const box = scroller.current!.getBoundingClientRect();
    const x = Math.min(Math.max(8, rect.left - box.left + rect.width / 2 - 150), box.width - 320);
    const below = rect.bottom - box.top + scroller.current!.scrollTop + 8;
    return { x, y: below };
  };

  const openCreate = (focusNote: boolean) => {
    const got = spanFromSelection();
    if (!got) return false;
    setPop({ kind: 'create', span: got.span, ...placeAt(got.rect), focusNote });
    return true;
  };

  const toggleStar = async () => {
    if (!detail) return;
    const starred = !detail.starred;
    setDetail({ ...detail, starred });
    try {
      await api['clippings.setFlags']({ ids: [detail.id], starred });
      onChanged(detail.id, { starred });
    } catch (err) {
      setDetail({ ...detail });
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  useImperativeHandle(ref, () => ({
    highlightSelection: () => {
      if (!openCreate(true)) notify('Select some text in the reader first, then press h.');
    },
    focusTags: () => tagInput.current?.focus(),
    stepMatch: (delta) => {
      if (validMatches.length === 0) return;
      setMatchIndex((i) => (i + delta + validMatches.length) % validMatches.length);
    },
    toggleStar: () => void toggleStar(),
  }));

  const create = async (color: HighlightColor, noteText: string) => {
    if (!detail || pop?.kind !== 'create') return;
    const { span } = pop;
    setPop(null);
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
    setPop(null);
    try {
      await api['annotations.update']({ annotationId, note: change.note, color: change.color });
      await reload();
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const deleteAnnotation = async (a: Annotation) => {
    setPop(null);
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

  const addTag = async (name: string) => {
    if (!detail) return;
    try {
      const r = await api['tags.add']({ id: detail.id, tags: [name] });
      setDetail((d) => (d ? { ...d, tags: r.tags } : d));
      onChanged(detail.id, { tags: r.tags });
      onTagsChanged();
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const removeTag = async (name: string) => {
    if (!detail) return;
    try {
      const r = await api['tags.remove']({ id: detail.id, tags: [name] });
      setDetail((d) => (d ? { ...d, tags: r.tags } : d));
      onChanged(detail.id, { tags: r.tags });
      onTagsChanged();
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const saveNote = async () => {
    if (!detail || note === detail.note) return;
    setNoteState('saving');
    try {
      const d = await api['clippings.setNote']({ id: detail.id, note });
      setDetail(d);
      setNoteState('saved');
    } catch (err) {
      setNoteState('idle');
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const showAnnotation = (a: Annotation) => {
    const el = body.current?.querySelector<HTMLElement>(`[data-ann-first="${a.id}"]`);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    setPop({ kind: 'edit', annotationId: a.id, ...placeAt(el.getBoundingClientRect()) });
  };

  if (error) {
    return (
      <div className="reader-empty" role="alert">
        <Icon name="alert" size={28} />
        <p>{error}</p>
      </div>
    );
  }
  if (!detail) {
    return (
      <div className="reader-loading" aria-busy="true" aria-label="Loading the clipping">
        <span className="ph-line w30" />
        <span className="ph-line w90 tall" />
        <span className="ph-line w60" />
      </div>
    );
  }

  const anchored = detail.annotations.filter((a) => a.state === 'anchored' && a.start !== null && a.end !== null);
  const orphaned = detail.annotations.filter((a) => a.state === 'orphaned');
  const overlays: Overlay[] = [
    ...anchored.map((a) => ({ kind: 'annotation' as const, id: a.id, start: a.start!, end: a.end!, color: a.color })),
    ...validMatches.map(([start, end], i) => ({ kind: 'match' as const, id: i, start, end })),
  ];
  const annById = new Map(detail.annotations.map((a) => [a.id, a]));
  const firstRunOf = new Set<number>();
  const url = detail.url && /^https?:\/\//i.test(detail.url) ? detail.url : null;
  const editing = pop?.kind === 'edit' ? annById.get(pop.annotationId) : undefined;
  const [lead, ...moreFigures] = detail.figures;

  return (
    <div className="reader-scroll" ref={scroller} onMouseDown={() => pop?.kind === 'create' && setPop(null)}>
      <div className="reader-toolbar" role="toolbar" aria-label="Clipping actions">
        {validMatches.length > 0 && (
          <div className="match-nav" role="group" aria-label="Matches in this clipping">
            <button type="button" className="icon-btn" aria-label="Previous match (Shift N)" onClick={() => setMatchIndex((i) => (i - 1 + validMatches.length) % validMatches.length)}>
              <Icon name="chevronUp" />
            </button>
            <span aria-live="polite">
              {matchIndex + 1} of {validMatches.length} {validMatches.length === 1 ? 'match' : 'matches'}
            </span>
            <button type="button" className="icon-btn" aria-label="Next match (n)" onClick={() => setMatchIndex((i) => (i + 1) % validMatches.length)}>
              <Icon name="chevronDown" />
            </button>
          </div>
        )}
        <span className="spacer" />
        <button type="button" className={`icon-btn${detail.starred ? ' starred' : ''}`} aria-pressed={detail.starred} aria-label="Star (s)" title="Star (s)" onClick={() => void toggleStar()}>
          <Icon name="star" />
        </button>
        <button type="button" className="icon-btn" aria-label="Export (e)" title="Export (e)" onClick={onExport}>
          <Icon name="download" />
        </button>
        <button type="button" className="icon-btn" aria-label="Move to the trash (Delete)" title="Move to the trash (Delete)" onClick={() => onDelete(detail.id, detail.title)}>
          <Icon name="trash" />
        </button>
      </div>

      <div className="reader-layout">
        <article className="article" aria-labelledby="reader-title">
          <header className="article-head">
            <p className="kicker">
              {[
                detail.outlet ? (
                  <span key="o" className="outlet">
                    {detail.outlet}
                  </span>
                ) : null,
                detail.section ? <span key="s">{detail.section}</span> : null,
                detail.publishedAt ? (
                  <time key="d" dateTime={detail.publishedAt}>
                    {formatDateTime(detail.publishedAt)}
                  </time>
                ) : null,
              ]
                .filter(Boolean)
                .flatMap((el, i) => (i ? [<span key={`sep${i}`} className="sep" aria-hidden="true">·</span>, el] : [el]))}
            </p>
            <h1 id="reader-title">{detail.title}</h1>
            <p className="byline">
              {detail.byline && <span>{detail.byline}</span>}
              <span className="muted">
                {detail.byline ? ' · ' : ''}
                {formatCount(detail.wordCount)} words
                {detail.page ? ` · page ${detail.page}` : ''}
              </span>
              {url && (
                <>
                  <span className="muted"> · </span>
                  <a href={url} target="_blank" rel="noopener noreferrer" className="source-link">
                    {hostOf(url)}
                  </a>
                </>
              )}
            </p>
            <TagEditor tags={detail.tags} all={allTags} onAdd={(t) => void addTag(t)} onRemove={(t) => void removeTag(t)} inputRef={tagInput} />
          </header>

          {lead && <Figure figure={lead} />}

          <div
            className="article-body"
            ref={body}
            onMouseUp={() => window.setTimeout(() => openCreate(false), 0)}
            onKeyUp={(e) => {
              if (e.shiftKey) openCreate(false);
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
                        setPop({ kind: 'edit', annotationId: ann.id, ...placeAt((e.currentTarget as HTMLElement).getBoundingClientRect()) });
                      }}
                      onKeyDown={(e) => {
                        if (ann && (e.key === 'Enter' || e.key === ' ')) {
                          e.preventDefault();
                          setPop({ kind: 'edit', annotationId: ann.id, ...placeAt((e.currentTarget as HTMLElement).getBoundingClientRect()) });
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

          {moreFigures.map((f, i) => (
            <Figure key={i} figure={f} />
          ))}
        </article>

        <aside className="notes-panel" aria-label="Notes and highlights">
          <section>
            <h2 className="panel-heading">
              <label htmlFor="clip-note">Clip note</label>
              <span className="muted small" aria-live="polite">
                {noteState === 'saving' ? 'Saving…' : noteState === 'saved' ? 'Saved' : ''}
              </span>
            </h2>
            <textarea
              id="clip-note"
              className="clip-note"
              rows={3}
              placeholder="Why this clipping matters…"
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                setNoteState('idle');
              }}
              onBlur={() => void saveNote()}
            />
          </section>
          <section>
            <h2 className="panel-heading">
              Highlights <span className="count-pill">{detail.annotations.length}</span>
            </h2>
            {anchored.length === 0 && orphaned.length === 0 && <p className="muted small">Select text in the article to highlight it (or press h).</p>}
            <ul className="ann-list">
              {anchored.map((a) => (
                <li key={a.id} className={`ann ann-${a.color}`}>
                  <button type="button" className="ann-open" onClick={() => showAnnotation(a)}>
                    <span className="ann-quote">“{a.quote}”</span>
                    {a.note && <span className="ann-note">{a.note}</span>}
                  </button>
                </li>
              ))}
            </ul>
            {orphaned.length > 0 && (
              <>
                <h3 className="panel-subheading">
                  <Icon name="alert" size={14} /> Orphaned ({orphaned.length})
                </h3>
                <p className="muted small">The text changed and these passages could not be found again.</p>
                <ul className="ann-list">
                  {orphaned.map((a) => (
                    <li key={a.id} className="ann orphaned">
                      <span className="ann-quote">“{a.quote}”</span>
                      {a.note && <span className="ann-note">{a.note}</span>}
                      <button type="button" className="btn small danger-quiet" onClick={() => void deleteAnnotation(a)}>
                        Delete
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section className="meta-list">
            <h2 className="panel-heading">Details</h2>
            <dl>
              {detail.capturedAt && (
                <>
                  <dt>Captured</dt>
                  <dd>{formatDateTime(detail.capturedAt)}</dd>
                </>
              )}
              {detail.lang && (
                <>
                  <dt>Language</dt>
                  <dd>{detail.lang}</dd>
                </>
              )}
              {detail.mediaType && (
                <>
                  <dt>Type</dt>
                  <dd>{detail.mediaType}</dd>
                </>
              )}
              {detail.tone && (
                <>
                  <dt>Tone</dt>
                  <dd>{detail.tone}</dd>
                </>
              )}
              {detail.capture?.sourcePath && (
                <>
                  <dt>Source file</dt>
                  <dd className="break">{detail.capture.sourcePath}</dd>
                </>
              )}
            </dl>
          </section>
        </aside>
      </div>

      {pop?.kind === 'create' && detail && (
        <HighlightMenu
          x={pop.x}
          y={pop.y}
          quote={detail.text.slice(pop.span.start, pop.span.end)}
          focusNote={pop.focusNote}
          onCreate={(c, n) => void create(c, n)}
          onClose={() => setPop(null)}
        />
      )}
      {pop?.kind === 'edit' && editing && (
        <HighlightEditor
          key={editing.id}
          x={pop.x}
          y={pop.y}
          annotation={editing}
          onSave={(c) => void saveEdit(editing.id, c)}
          onDelete={() => void deleteAnnotation(editing)}
          onClose={() => setPop(null)}
        />
      )}
    </div>
  );
}

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

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return 'source';
  }
}
