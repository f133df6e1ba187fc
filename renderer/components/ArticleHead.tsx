/** The article's head: outlet, section and date, the title, byline, length and source, and the tags. */
import type { RefObject } from 'react';
import type { ClippingDetail, TagCount } from '../../electron/contract/shapes.ts';
import { formatCount, formatDateTime } from '../lib/dates.ts';
import { TagEditor } from './TagEditor.tsx';

interface Props {
  detail: ClippingDetail;
  allTags: TagCount[];
  onAddTag: (name: string) => void;
  onRemoveTag: (name: string) => void;
  tagInput: RefObject<HTMLInputElement | null>;
}

export function ArticleHead({ detail, allTags, onAddTag, onRemoveTag, tagInput }: Props) {
  const url = detail.url && /^https?:\/\//i.test(detail.url) ? detail.url : null;
  return (
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
      {detail.extractionUncertain && (
        <p className="extraction-note" role="note">
          Extraction uncertain: no title or no clear article text was found in this capture (the title may be the first words of the text, the text a cookie banner, a paywall box or a teaser). Check it.
        </p>
      )}
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
      <TagEditor tags={detail.tags} all={allTags} onAdd={onAddTag} onRemove={onRemoveTag} inputRef={tagInput} />
    </header>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return 'source';
  }
}
