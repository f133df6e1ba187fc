export const MEDIA_TYPES = ['online', 'print', 'broadcast', 'agency'] as const;
export const TONES = ['positive', 'neutral', 'negative', 'mixed'] as const;
export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange', 'red', 'grey'] as const;
export const EXPORT_FORMATS = ['md', 'html', 'pdf', 'docx', 'json', 'csv', 'ris', 'csl'] as const;
export const ANNOTATION_STATES = ['anchored', 'orphaned'] as const;
