/**
 * The contract's plain lists (its enums, and the field lists the list rows and the
 * versions of a clipping carry), as `as const` arrays with no zod (nor any other
 * import), so the renderer can take them at run time without bundling zod.
 * shapes.ts re-exports them and builds its schemas from them; they are the one thing
 * db/ may import from electron/ at run time (the query parser checks `type:` and `tone:`).
 */
export const MEDIA_TYPES = ['online', 'print', 'broadcast', 'agency'] as const;
export const TONES = ['positive', 'neutral', 'negative', 'mixed'] as const;
export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange', 'red', 'grey'] as const;
export const EXPORT_FORMATS = ['md', 'html', 'pdf', 'docx', 'json', 'csv', 'ris', 'csl'] as const;
export const ANNOTATION_STATES = ['anchored', 'orphaned'] as const;
/**
 * A clipping's field groups in a team archive, each one last-writer-wins unit (`url` the
 * address, `dates` the publication date, `body` the text, `press` media type, section,
 * page and tone, `trash` whether it is in the trash), in the order the reader lists them:
 * who last edited each (`team.authors`), and the user's own edits a later edit overrode
 * in a sync, kept to be offered back (`team.conflicts`).
 */
export const FIELD_GROUPS = ['title', 'byline', 'outlet', 'url', 'dates', 'body', 'note', 'starred', 'press', 'trash'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

/** The fields of the clipping a list row shows (with its `url` and `tags`). */
export const SUMMARY_FIELDS = ['id', 'title', 'byline', 'outlet', 'publishedAt', 'capturedAt', 'lang', 'excerpt', 'wordCount', 'starred', 'read', 'mediaType', 'tone', 'extractionUncertain'] as const;
/** The fields of the clipping an earlier version keeps (the article captured again at its URL with changed text). */
export const VERSION_FIELDS = ['title', 'byline', 'publishedAt', 'modifiedAt', 'text', 'html', 'figures', 'wordCount', 'contentHash', 'capturedAt'] as const;

export type MediaType = (typeof MEDIA_TYPES)[number];
export type Tone = (typeof TONES)[number];
export type Color = (typeof COLORS)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type AnnotationState = (typeof ANNOTATION_STATES)[number];

