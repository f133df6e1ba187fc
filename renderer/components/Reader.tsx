/**
 * The reader: the clean text rendered from `text` as plain text nodes (never the
 * capture's HTML), so highlight and match offsets land exactly; metadata header, tags,
 * figures, highlights with notes, the clip note and the annotations panel.
 * The clipping's data and edits live in useClipping, highlighting in useHighlights.
 */
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type CSSProperties, type Ref } from 'react';
import type { FieldGroup, ClippingAuthors, TagCount } from '../../electron/contract/shapes.ts';
import { useApi, useNotify, usePrefs } from '../context.ts';
import { useAuthors } from '../hooks/useAuthors.ts';
import { useClipping } from '../hooks/useClipping.ts';
import { useFind } from '../hooks/useFind.ts';
import { useHighlights } from '../hooks/useHighlights.ts';
import { useMetadataEdit, type MetadataPatch } from '../hooks/useMetadataEdit.ts';
import { WIDTHS } from '../hooks/useSettings.ts';
import type { Row } from '../hooks/useList.ts';
import { formatDateTime } from '../lib/dates.ts';
import type { Overlay } from '../lib/runs.ts';
import { ArticleBody } from './ArticleBody.tsx';
import { ArticleHead } from './ArticleHead.tsx';
import { DetailsForm } from './DetailsForm.tsx';
import { Figure } from './Figure.tsx';
import { FindBar } from './FindBar.tsx';
import { HighlightEditor, HighlightMenu } from './HighlightMenu.tsx';
import { Icon } from './Icon.tsx';
import { NotesPanel } from './NotesPanel.tsx';
import { OverriddenEdits } from './OverriddenEdits.tsx';
import { StoryLinks } from './StoryLinks.tsx';
import { TextControls } from './TextControls.tsx';

export interface ReaderHandle {
  highlightSelection: () => void;
  focusTags: () => void;
  stepMatch: (delta: 1 | -1) => void;
  toggleStar: () => void;
  toggleRead: () => void;
  editDetails: () => void;
  find: () => void;
}

interface Props {
  id: number;
  matches: [number, number][];
  /** The list's row it was opened from: its title, outlet, date and byline shown while the rest loads. */
  preview?: Row | undefined;
  allTags: TagCount[];
  onChanged: (id: number, patch: Partial<Row>) => void;
  /** Opening it marked it read. */
  onOpenedRead: (id: number) => void;
  onTagsChanged: () => void;
  onDelete: (id: number, title: string) => void;
  onExport: () => void;
  /** Opens another clipping (a member of the same story cluster). */
  onOpen: (id: number, title: string) => void;
  /** How many changes of others the team sync has applied so far (grows with each sync that brought some). */
  received?: number;
  ref?: Ref<ReaderHandle>;
}

export function Reader({ id, matches, preview, allTags, onChanged, onOpenedRead, onTagsChanged, onDelete, onExport, onOpen, received = 0, ref }: Props) {
  const api = useApi();
  const notify = useNotify();
  const prefs = usePrefs();
  const { settings } = prefs;
  const [matchIndex, setMatchIndex] = useState(0);
  const [showDetails, setShowDetails] = useState(false);
  const detailsButton = useRef<HTMLButtonElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const tagInput = useRef<HTMLInputElement>(null);
  const resetView = useRef(() => {});
  const clip = useClipping(id, { onChanged, onOpenedRead, onTagsChanged, onReset: () => resetView.current(), scroller, markRead: settings.markReadOnOpen });
  const { detail } = clip;
  /** `t` pressed while the clipping was still loading: its tag field takes the focus once it is there. */
  const tagFocusWanted = useRef(false);
  useEffect(() => {
    tagFocusWanted.current = false;
  }, [id]);
  useEffect(() => {
    if (detail && tagFocusWanted.current) {
      tagFocusWanted.current = false;
      tagInput.current?.focus();
    }
  }, [detail]);
  const highlights = useHighlights(detail, clip.reload, { scroller, body });
  const authors = useAuthors(detail);
  const find = useFind(detail?.text ?? '');
  /** The clipping is loaded again, and its list row follows. */
  const reloadShown = useCallback(() => {
    void clip.reload().then((d) => onChanged(d.id, { title: d.title, outlet: d.outlet, byline: d.byline, publishedAt: d.publishedAt, extractionUncertain: d.extractionUncertain }));
  }, [clip.reload, onChanged]);
  const saveDetails = useMetadataEdit(api, notify, reloadShown);
  resetView.current = () => {
    highlights.close();
    find.close();
    setMatchIndex(0);
  };

  // Other matches (a new search): start again from the first.
  useEffect(() => setMatchIndex(0), [matches]);
  // Keyed on the text, not the clipping: a saved note or highlight reloads the clipping,
  // and must not scroll the reader back to the current match.
  const text = detail?.text ?? null;
  const validMatches = useMemo(() => (text !== null ? matches.filter(([s, e]) => s >= 0 && e <= text.length && e > s) : []), [text, matches]);
  // While the find bar is open, its finds are the marks the reader shows and steps through.
  const shownMatches = find.open ? find.matches : validMatches;
  const shownIndex = find.open ? find.index : matchIndex;

  useEffect(() => {
    if (text === null || shownMatches.length === 0) return;
    // In the next frame's own layout, not in a layout forced here, before the text's first paint.
    const frame = requestAnimationFrame(() => {
      const el = body.current?.querySelector<HTMLElement>(`[data-match="${shownIndex}"]`);
      el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    });
    return () => cancelAnimationFrame(frame);
  }, [text, shownMatches, shownIndex]);

  /** Opens the colour menu for the current search or find match (the keyboard's way to a span); false when there is none. */
  const highlightMatch = (): boolean => {
    const m = shownMatches[shownIndex];
    const el = body.current?.querySelector<HTMLElement>(`[data-match="${shownIndex}"]`);
    if (!m || !el) return false;
    highlights.openCreateSpan({ start: m[0], end: m[1] }, el);
    return true;
  };

  const stepMatch = (delta: 1 | -1) => {
    if (validMatches.length === 0) return;
    setMatchIndex((i) => (i + delta + validMatches.length) % validMatches.length);
  };

  useImperativeHandle(ref, () => ({
    highlightSelection: () => {
      if (!highlights.openCreate(true) && !highlightMatch()) notify('Select some text in the reader (or find it with Ctrl F), then press h.');
    },
    focusTags: () => {
      if (tagInput.current) tagInput.current.focus();
      else tagFocusWanted.current = true;
    },
    stepMatch: find.open ? find.step : stepMatch,
    toggleStar: () => void clip.toggleStar(),
    toggleRead: () => void clip.toggleRead(),
    editDetails: () => setShowDetails(true),
    find: find.show,
  }));

  // The toolbar is there while the text loads too, the same element before and after (the
  // find bar opened meanwhile stays as it is, its words and the focus in it).
  const toolbar = (
    <div className="reader-toolbar" role="toolbar" aria-label="Clipping actions">
      {!find.open && validMatches.length > 0 && (
        <div className="match-nav" role="group" aria-label="Matches in this clipping">
          <button type="button" className="icon-btn" aria-label="Previous match (Shift N)" onClick={() => stepMatch(-1)}>
            <Icon name="chevronUp" />
          </button>
          <span aria-live="polite">
            {matchIndex + 1} of {validMatches.length} {validMatches.length === 1 ? 'match' : 'matches'}
          </span>
          <button type="button" className="icon-btn" aria-label="Next match (n)" onClick={() => stepMatch(1)}>
            <Icon name="chevronDown" />
          </button>
        </div>
      )}
      {find.open && (
        <FindBar
          find={find}
          loading={text === null}
          onHighlight={highlightMatch}
          onClose={() => {
            find.close();
            scroller.current?.focus({ preventScroll: true });
          }}
        />
      )}
      <span className="spacer" />
      <TextControls prefs={prefs} />
      {detail && (
        <>
          <button ref={detailsButton} type="button" className={`btn small quiet${showDetails ? ' on' : ''}`} aria-expanded={showDetails} aria-controls="reader-details" title="Edit the details (d)" onClick={() => setShowDetails((v) => !v)}>
            <Icon name="edit" size={14} /> Details
          </button>
          <button type="button" className={`icon-btn${detail.starred ? ' starred' : ''}`} aria-pressed={detail.starred} aria-label="Star (s)" title="Star (s)" onClick={() => void clip.toggleStar()}>
            <Icon name="star" />
          </button>
          <button type="button" className="btn small quiet read-toggle" title="Mark read or unread (u)" onClick={() => void clip.toggleRead()}>
            <Icon name="dot" size={14} /> {detail.read ? 'Mark unread' : 'Mark read'}
          </button>
          <button type="button" className="icon-btn" aria-label="Export (e)" title="Export (e)" onClick={onExport}>
            <Icon name="download" />
          </button>
          <button type="button" className="icon-btn" aria-label="Move to the trash (Delete)" title="Move to the trash (Delete)" onClick={() => onDelete(detail.id, detail.title)}>
            <Icon name="trash" />
          </button>
        </>
      )}
    </div>
  );
  const readerStyle = { '--reader-size': `${settings.textSize}px`, '--reader-width': `${WIDTHS[settings.width]}px` } as CSSProperties;

  if (clip.error) {
    return (
      <div className="reader-empty">
        <Icon name="alert" size={28} />
        <p role="alert">{clip.error}</p>
        {/* A clipping a sync put in the trash against an edit of the user's can be taken out again here. */}
        <OverriddenEdits clippingId={id} version={String(received)} onFound={() => undefined} onRestored={() => void clip.reload()} />
      </div>
    );
  }
  if (!detail && preview) {
    return (
      <div className="reader-scroll" ref={scroller} tabIndex={-1} style={readerStyle} aria-busy="true">
        {toolbar}
        <div className="reader-layout">
          <article className="article" aria-labelledby="reader-title">
            <header className="article-head">
              <p className="kicker">
                {preview.outlet && <span className="outlet">{preview.outlet}</span>}
                {preview.outlet && preview.publishedAt && <span className="sep" aria-hidden="true">·</span>}
                {preview.publishedAt && <time dateTime={preview.publishedAt}>{formatDateTime(preview.publishedAt)}</time>}
              </p>
              <h1 id="reader-title">{preview.title}</h1>
              {preview.byline && <p className="byline">{preview.byline}</p>}
            </header>
            <div className="reader-loading" aria-label="Loading the text">
              <span className="ph-line w90" />
              <span className="ph-line w90" />
              <span className="ph-line w60" />
            </div>
          </article>
        </div>
      </div>
    );
  }
  if (!detail) {
    return (
      <div className="reader-scroll" ref={scroller} tabIndex={-1} style={readerStyle} aria-busy="true">
        {toolbar}
        <div className="reader-loading" aria-label="Loading the clipping">
          <span className="ph-line w30" />
          <span className="ph-line w90 tall" />
          <span className="ph-line w60" />
        </div>
      </div>
    );
  }

  const anchored = detail.annotations.filter((a) => a.state === 'anchored' && a.start !== null && a.end !== null);
  const orphaned = detail.annotations.filter((a) => a.state === 'orphaned');
  const overlays: Overlay[] = [
    ...anchored.map((a) => ({ kind: 'annotation' as const, id: a.id, start: a.start!, end: a.end!, color: a.color })),
    ...shownMatches.map(([start, end], i) => ({ kind: 'match' as const, id: i, start, end })),
  ];
  const { pop } = highlights;
  const editing = pop?.kind === 'edit' ? detail.annotations.find((a) => a.id === pop.annotationId) : undefined;
  const [lead, ...moreFigures] = detail.figures;
  const detailValues = { title: detail.title, byline: detail.byline, outlet: detail.outlet, publishedAt: detail.publishedAt, url: detail.canonicalUrl ?? detail.sourceUrl, lang: detail.lang, mediaType: detail.mediaType, section: detail.section, page: detail.page, tone: detail.tone };

  return (
    <div className="reader-scroll" ref={scroller} tabIndex={-1} style={readerStyle} onMouseDown={() => pop?.kind === 'create' && highlights.close()}>
      {toolbar}

      <OverriddenEdits clippingId={detail.id} version={`${detail.updatedAt}|${received}`} onFound={reloadShown} onRestored={reloadShown} />

      {showDetails && (
        <section id="reader-details" className="details-panel" aria-label="Details">
          {authors?.addedBy && <p className="muted small details-added">Added by {authors.addedBy}</p>}
          <DetailsForm
            // Values changed by a sync (which leaves updatedAt alone) fill the form again too.
            key={`${detail.updatedAt}|${JSON.stringify(detailValues)}`}
            values={detailValues}
            edited={detail.editedFields}
            editedBy={editedBy(authors)}
            onSave={(patch) => saveDetails({ ids: [detail.id] }, patch)}
            onCancel={() => {
              setShowDetails(false);
              detailsButton.current?.focus();
            }}
          />
        </section>
      )}

      <div className="reader-layout">
        <article className="article" aria-labelledby="reader-title">
          <ArticleHead detail={detail} allTags={allTags} onAddTag={(t) => void clip.addTag(t)} onRemoveTag={(t) => void clip.removeTag(t)} tagInput={tagInput} />
          <StoryLinks detail={detail} onOpen={onOpen} />
          {lead && <Figure figure={lead} />}
          <ArticleBody detail={detail} overlays={overlays} matchIndex={shownIndex} highlights={highlights} bodyRef={body} />
          {moreFigures.map((f, i) => (
            <Figure key={i} figure={f} />
          ))}
        </article>
        <NotesPanel detail={detail} clip={clip} anchored={anchored} orphaned={orphaned} highlights={highlights} authors={authors} />
      </div>

      {pop?.kind === 'create' && (
        <HighlightMenu x={pop.x} y={pop.y} above={pop.above} quote={detail.text.slice(pop.span.start, pop.span.end)} focusNote={pop.focusNote} onCreate={(c, n) => void highlights.create(c, n)} onClose={highlights.close} />
      )}
      {pop?.kind === 'edit' && editing && (
        <HighlightEditor
          key={editing.id}
          x={pop.x}
          y={pop.y}
          above={pop.above}
          annotation={editing}
          onSave={(c) => void highlights.saveEdit(editing.id, c)}
          onDelete={() => void highlights.deleteAnnotation(editing)}
          onClose={highlights.close}
        />
      )}
    </div>
  );
}

type MetadataField = keyof MetadataPatch;

/** The details form's fields each field group stands for (the language travels with the text, so no editor is named for it). */
const FORM_FIELDS: Partial<Record<FieldGroup, readonly MetadataField[]>> = {
  title: ['title'],
  byline: ['byline'],
  outlet: ['outlet'],
  dates: ['publishedAt'],
  url: ['url'],
  press: ['mediaType', 'section', 'page', 'tone'],
};

/** Who last changed each field of the details form, in a team archive. */
function editedBy(authors: ClippingAuthors | null): Partial<Record<MetadataField, string>> {
  const out: Partial<Record<MetadataField, string>> = {};
  for (const e of authors?.edited ?? []) for (const f of FORM_FIELDS[e.field] ?? []) if (e.by) out[f] = e.by;
  return out;
}
