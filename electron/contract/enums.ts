/**
 * The contract's closed lists, as plain `as const` arrays with no zod (nor any other
 * import), so the renderer can take them at run time without bundling zod.
 * shapes.ts re-exports them and builds its schemas from them; they are the one thing
 * db/ may import from electron/ at run time (the query parser checks `type:` and `tone:`).
 */
export const MEDIA_TYPES = ['online', 'print', 'broadcast', 'agency'] as const;
export const TONES = ['positive', 'neutral', 'negative', 'mixed'] as const;
export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange', 'red', 'grey'] as const;
export const EXPORT_FORMATS = ['md', 'html', 'pdf', 'docx', 'json', 'csv', 'ris', 'csl'] as const;
export const ANNOTATION_STATES = ['anchored', 'orphaned'] as const;

export type MediaType = (typeof MEDIA_TYPES)[number];
export type Tone = (typeof TONES)[number];
export type Color = (typeof COLORS)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type AnnotationState = (typeof ANNOTATION_STATES)[number];
