/**
 * The reader's side panel: the clip note, the highlights (and orphaned ones, each with its
 * author in a team archive), and the clipping's details (in a team archive: who added it
 * and who last edited each field since).
 */
import type { Annotation, FieldGroup, ClippingAuthors, ClippingDetail } from '../../electron/contract/shapes.ts';
import type { ClippingState } from '../hooks/useClipping.ts';
import type { Highlights } from '../hooks/useHighlights.ts';
import { formatDateTime } from '../lib/dates.ts';
import { Icon } from './Icon.tsx';

interface Props {
  detail: ClippingDetail;
  clip: ClippingState;
  anchored: Annotation[];
  orphaned: Annotation[];
  highlights: Highlights;
  /** Who did what (a team archive; else null). */
  authors: ClippingAuthors | null;
}

export function NotesPanel({ detail, clip, anchored, orphaned, highlights, authors }: Props) {
  const author = (a: Annotation) => authors?.annotations.find((x) => x.id === a.id)?.by;
  return (
    <aside className="notes-panel" aria-label="Notes and highlights">
      <section>
        <h2 className="panel-heading">
          <label htmlFor="clip-note">Clip note</label>
          <span className="muted small" aria-live="polite">
            {clip.noteState === 'saving' ? 'Saving…' : clip.noteState === 'saved' ? 'Saved' : ''}
          </span>
        </h2>
        <textarea id="clip-note" className="clip-note" rows={3} placeholder="Why this clipping matters…" value={clip.note} onChange={(e) => clip.editNote(e.target.value)} onBlur={() => void clip.saveNote()} />
      </section>
      <section>
        <h2 className="panel-heading">
          Highlights <span className="count-pill">{detail.annotations.length}</span>
        </h2>
        {anchored.length === 0 && orphaned.length === 0 && <p className="muted small">Select text in the article to highlight it (or press h).</p>}
        <ul className="ann-list">
          {anchored.map((a) => (
            <li key={a.id} className={`ann ann-${a.color}`}>
              <button type="button" className="ann-open" onClick={() => highlights.showAnnotation(a)}>
                <span className="ann-quote">“{a.quote}”</span>
                {a.note && <span className="ann-note">{a.note}</span>}
                <AnnotationAuthor name={author(a)} />
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
                  <AnnotationAuthor name={author(a)} />
                  <button type="button" className="btn small danger-quiet" onClick={() => void highlights.deleteAnnotation(a)}>
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <Details detail={detail} authors={authors} />
    </aside>
  );
}

function AnnotationAuthor({ name }: { name: string | null | undefined }) {
  return name ? <span className="ann-author">by {name}</span> : null;
}

/** The field groups as the details panel names them. */
const FIELD_LABELS: Record<FieldGroup, string> = {
  title: 'Title',
  byline: 'Byline',
  outlet: 'Outlet',
  url: 'Address',
  dates: 'Date',
  body: 'Text',
  note: 'Note',
  starred: 'Star',
  press: 'Type, section, page, tone',
  trash: 'Trash',
};

function Details({ detail, authors }: { detail: ClippingDetail; authors: ClippingAuthors | null }) {
  const rows: [string, string | null | undefined, string?][] = [
    ['Captured', detail.capturedAt ? formatDateTime(detail.capturedAt) : null],
    ['Language', detail.lang],
    ['Type', detail.mediaType],
    ['Tone', detail.tone],
    ['Source file', detail.capture?.sourcePath, 'break'],
    ['Clipped with', detail.capture?.origin === 'clipper' ? 'the browser clipper' : null],
  ];
  return (
    <section className="meta-list">
      <h2 className="panel-heading">Details</h2>
      <dl>
        {rows.map(([label, value, cls]) =>
          value ? (
            <DetailRow key={label} label={label} value={value} className={cls} />
          ) : null,
        )}
      </dl>
      {authors && (
        <dl className="authors" aria-label="Who did what">
          {authors.addedBy && <DetailRow label="Added by" value={authors.addedBy} />}
          {authors.edited.map((e) => (
            <DetailRow key={e.field} label={FIELD_LABELS[e.field]} value={`edited by ${e.by ?? 'the team server (merged)'}`} />
          ))}
        </dl>
      )}
    </section>
  );
}

function DetailRow({ label, value, className }: { label: string; value: string; className?: string | undefined }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={className}>{value}</dd>
    </>
  );
}
