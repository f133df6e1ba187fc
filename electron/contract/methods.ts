/**
 * THE contract between the Cuttings core and every front door (Electron IPC, the
 * loopback HTTP server of browser mode, the `cuttings` CLI).
 *
 * One table, `contract`, names each method (`area.verb`) and gives the schema of its
 * single argument object; `Results` gives each method's result type. Everything else
 * (the archive's handler map, the IPC channel, the HTTP routes, the preload bridge, the
 * renderer client) is derived from these two, never written per method.
 *
 * Values are plain JSON: ids are integers, dates ISO 8601 strings (see README,
 * "Conventions"), character offsets are JavaScript string indexes into `text`.
 *
 * The renderer must only `import type` from this file.
 */
import { z } from 'zod';

const Id = z.number().int().positive();
const TagName = z.string().trim().min(1, 'a tag name cannot be empty').max(200);
const Limit = z.number().int().min(1).max(1000);
const Offset = z.number().int().min(0);
const Ids = z.array(Id).min(1).max(100_000);
export const MEDIA_TYPES = ['online', 'print', 'broadcast', 'agency'] as const;
export const TONES = ['positive', 'neutral', 'negative', 'mixed'] as const;
export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange', 'red', 'grey'] as const;
const Color = z.enum(COLORS);
const NoteText = z.string().max(1_000_000);
/** Which clippings a bulk operation applies to: explicit ids, every match of a search, or all. */
const Selection = z
  .object({ ids: Ids.optional(), query: z.string().min(1).max(10_000).optional(), all: z.literal(true).optional() })
  .refine((s) => [s.ids, s.query, s.all].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of "ids", "query" or "all"',
  });
export const EXPORT_FORMATS = ['md', 'html', 'pdf', 'docx', 'json', 'csv', 'ris', 'csl'] as const;

/** A capture handed over as content rather than as a path (paste, drop, browser mode). */
const CaptureContent = z.object({
  /** File name or label, used to guess the type (`page.html`, `copy.txt`). */
  name: z.string().max(1000).optional(),
  /** MIME type when known (`text/html`, `text/plain`). */
  mediaType: z.string().max(200).optional(),
  /** Where it came from, when known. */
  sourceUrl: z.string().max(8000).optional(),
  text: z.string().optional(),
  base64: z.string().optional(),
}).refine((c) => (c.text === undefined) !== (c.base64 === undefined), {
  message: 'give exactly one of "text" or "base64"',
});

export const contract = {
  'clippings.import': {
    summary: 'Import capture files and folders (folders are walked).',
    args: z.object({ paths: z.array(z.string().min(1)).min(1), tags: z.array(TagName).default([]) }),
  },
  'clippings.add': {
    summary: 'Add one capture given as content.',
    args: z.object({ capture: CaptureContent, tags: z.array(TagName).default([]) }),
  },
  'clippings.get': {
    summary: 'One clipping with everything about it.',
    args: z.object({ id: Id }),
  },
  'clippings.list': {
    summary: 'Clippings by date (publication, else capture), newest first unless asked otherwise, a page at a time.',
    args: z.object({ limit: Limit.default(50), offset: Offset.default(0), sort: z.enum(['newest', 'oldest']).default('newest') }),
  },
  'outlets.list': {
    summary: 'Every outlet with the number of live clippings from it.',
    args: z.object({}),
  },
  'clippings.update': {
    summary: 'Correct metadata by hand (hand edits win over later re-extraction).',
    args: z.object({
      id: Id,
      title: z.string().trim().min(1).max(2000).optional(),
      byline: z.string().trim().max(2000).nullable().optional(),
      outlet: z.string().trim().max(2000).nullable().optional(),
      url: z.string().trim().max(8000).nullable().optional(),
      publishedAt: z.string().trim().max(64).nullable().optional(),
      lang: z.string().trim().max(35).nullable().optional(),
      mediaType: z.enum(MEDIA_TYPES).nullable().optional(),
      section: z.string().trim().max(500).nullable().optional(),
      page: z.string().trim().max(50).nullable().optional(),
      tone: z.enum(TONES).nullable().optional(),
    }),
  },
  'clippings.setText': {
    summary: 'Correct the clean text by hand; annotations re-anchor (or are marked orphaned).',
    args: z.object({ id: Id, text: z.string().min(1).max(20_000_000) }),
  },
  'clippings.setFlags': {
    summary: 'Star/unstar, mark read/unread.',
    args: z.object({ ids: Ids, starred: z.boolean().optional(), read: z.boolean().optional() }),
  },
  'clippings.reextract': {
    summary: 'Re-run extraction from the stored captures, keeping tags, notes, annotations and hand edits.',
    args: z
      .object({ ids: Ids.optional(), all: z.boolean().optional() })
      .refine((a) => Boolean(a.ids) !== Boolean(a.all), { message: 'give "ids" or "all: true"' }),
  },
  'clippings.versions': {
    summary: 'The versions of a clipping (the article captured again at the same URL with changed text), oldest first.',
    args: z.object({ id: Id }),
  },
  'clippings.delete': {
    summary: 'Move a clipping to the trash (kept 30 days, restorable).',
    args: z.object({ id: Id }),
  },
  'trash.list': {
    summary: 'Clippings in the trash, most recently deleted first.',
    args: z.object({}),
  },
  'trash.restore': {
    summary: 'Bring a clipping back from the trash.',
    args: z.object({ id: Id }),
  },
  'trash.empty': {
    summary: 'Delete for good what is in the trash (all of it, or what has been there longer than N days).',
    args: z.object({ olderThanDays: z.number().int().min(0).optional() }),
  },
  'annotations.create': {
    summary: 'Highlight a passage, given as a quote (with optional prefix/suffix) or as offsets into the text.',
    args: z
      .object({
        id: Id,
        quote: z.string().min(1).max(100_000).optional(),
        prefix: z.string().max(1000).optional(),
        suffix: z.string().max(1000).optional(),
        start: z.number().int().min(0).optional(),
        end: z.number().int().min(1).optional(),
        color: Color.default('yellow'),
        note: NoteText.default(''),
      })
      .refine((a) => (a.quote !== undefined) !== (a.start !== undefined && a.end !== undefined), {
        message: 'give either "quote" or both "start" and "end"',
      }),
  },
  'annotations.list': {
    summary: "A clipping's annotations, in text order, orphaned ones last.",
    args: z.object({ id: Id }),
  },
  'annotations.update': {
    summary: "Change an annotation's note or colour.",
    args: z.object({ annotationId: Id, note: NoteText.optional(), color: Color.optional() }),
  },
  'annotations.delete': {
    summary: 'Delete an annotation.',
    args: z.object({ annotationId: Id }),
  },
  'clippings.setNote': {
    summary: "Set (or clear, with an empty string) a clipping's note.",
    args: z.object({ id: Id, note: z.string().max(1_000_000) }),
  },
  'tags.add': {
    summary: 'Add tags to a clipping (created when new; names are case-insensitively unique).',
    args: z.object({ id: Id, tags: z.array(TagName).min(1) }),
  },
  'tags.remove': {
    summary: 'Remove tags from a clipping.',
    args: z.object({ id: Id, tags: z.array(TagName).min(1) }),
  },
  'tags.list': {
    summary: 'Every tag with the number of clippings carrying it.',
    args: z.object({}),
  },
  'tags.apply': {
    summary: 'Add and/or remove tags on many clippings at once (ids, or every match of a search).',
    args: z.object({ selection: Selection, add: z.array(TagName).default([]), remove: z.array(TagName).default([]) }),
  },
  'tags.rename': {
    summary: 'Rename a tag (to merge into an existing tag, use tags.merge).',
    args: z.object({ from: TagName, to: TagName }),
  },
  'tags.merge': {
    summary: 'Move every clipping of one tag to another, then delete the first.',
    args: z.object({ from: TagName, into: TagName }),
  },
  'tags.delete': {
    summary: 'Delete a tag (the clippings stay).',
    args: z.object({ name: TagName }),
  },
  'tags.setColor': {
    summary: "Set or clear a tag's colour (#rrggbb or a colour name).",
    args: z.object({ name: TagName, color: z.union([Color, z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use #rrggbb or a colour name')]).nullable() }),
  },
  'search.query': {
    summary: 'Search with the query language (words, "phrases", OR, -exclusions, prefix*, field filters), ranked by relevance or date.',
    args: z.object({
      query: z.string().max(10_000),
      limit: Limit.default(20),
      offset: Offset.default(0),
      sort: z.enum(['relevance', 'newest', 'oldest']).default('relevance'),
      facets: z.boolean().default(false),
      /** One hit per story cluster (the best-ranked member), with the cluster's size. */
      collapse: z.boolean().default(false),
    }),
  },
  'search.histogram': {
    summary: 'Clippings over time for a query (or everything when empty), per day, week or month, stacked by outlet or tag.',
    args: z.object({
      query: z.string().max(10_000).default(''),
      bucket: z.enum(['day', 'week', 'month']).default('month'),
      stackBy: z.enum(['outlet', 'tag']).default('outlet'),
    }),
  },
  'search.suggest': {
    summary: 'Instant suggestions while typing: titles, bylines, outlets, tags and names in the text, typo tolerant.',
    args: z.object({ text: z.string().max(500), limit: z.number().int().min(1).max(50).default(10) }),
  },
  'search.save': {
    summary: 'Name a query (saving under an existing name replaces it).',
    args: z.object({ name: z.string().trim().min(1).max(200), query: z.string().trim().min(1).max(10_000) }),
  },
  'search.saved': {
    summary: 'Saved searches with their current counts.',
    args: z.object({}),
  },
  'search.deleteSaved': {
    summary: 'Forget a saved search.',
    args: z.object({ name: z.string().trim().min(1).max(200) }),
  },
  'archive.stats': {
    summary: 'Counts and size of the archive.',
    args: z.object({}),
  },
  'archive.backup': {
    summary: 'Copy the archive to a file, consistently, while it is in use (SQLite online backup).',
    args: z.object({ file: z.string().min(1).max(4096) }),
  },
  'archive.restore': {
    summary: 'Replace the archive with a backup (validated first; a non-empty archive needs force).',
    args: z.object({ file: z.string().min(1).max(4096), force: z.boolean().default(false) }),
  },
  'archive.importLibrary': {
    summary: 'Load a whole-library JSON export (format cuttings-library) into an empty archive.',
    args: z.object({ file: z.string().min(1).max(4096) }),
  },
  'images.get': {
    summary: 'A stored image that came with a capture (its address in a clipping is cuttings-image:<sha256>).',
    args: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex') }),
  },
  'export.render': {
    summary: 'Export to one file returned as bytes (for a browser download): a digest, csv/ris/csl, one clipping, or several as a zip.',
    args: z.object({
      selection: Selection,
      format: z.enum(EXPORT_FORMATS),
      digest: z.boolean().default(false),
      groupBy: z.enum(['tag', 'outlet', 'day']).optional(),
      highlightsOnly: z.boolean().default(false),
      title: z.string().trim().min(1).max(500).optional(),
    }),
  },
  'export.write': {
    summary:
      'Export clippings to files: one file for one clipping, a digest, or csv/ris/csl; otherwise `out` is a folder with one file each. ' +
      'JSON of the whole archive (all, no digest) is the lossless library format.',
    args: z.object({
      selection: Selection,
      format: z.enum(EXPORT_FORMATS),
      digest: z.boolean().default(false),
      groupBy: z.enum(['tag', 'outlet', 'day']).optional(),
      highlightsOnly: z.boolean().default(false),
      title: z.string().trim().min(1).max(500).optional(),
      out: z.string().min(1).max(4096),
    }),
  },
} as const;

/** The single Electron IPC channel that carries every contract call. */
export const IPC_CHANNEL = 'cuttings:call';

export type MethodName = keyof typeof contract;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** What a caller passes (defaults may be left out). */
export type ArgsIn<M extends MethodName> = z.input<(typeof contract)[M]['args']>;
/** What an implementation receives (validated, defaults filled in). */
export type ArgsOut<M extends MethodName> = z.output<(typeof contract)[M]['args']>;

// ---------------------------------------------------------------------------------
// Result types (DTOs)

export interface Figure {
  alt: string | null;
  caption: string | null;
  credit: string | null;
  src: string | null;
}

export type AnnotationState = 'anchored' | 'orphaned';

export interface Annotation {
  id: number;
  clippingId: number;
  /** TextQuoteSelector.exact */
  quote: string;
  prefix: string;
  suffix: string;
  /** TextPositionSelector over `text`; null when orphaned. */
  start: number | null;
  end: number | null;
  color: string;
  note: string;
  state: AnnotationState;
  createdAt: string;
  updatedAt: string;
}

export interface CaptureInfo {
  id: number;
  mediaType: string;
  sourcePath: string | null;
  sourceUrl: string | null;
  capturedAt: string;
  sha256: string;
  byteSize: number;
}

export type MediaType = (typeof MEDIA_TYPES)[number];
export type Tone = (typeof TONES)[number];
export type Color = (typeof COLORS)[number];

export interface ClippingSummary {
  id: number;
  title: string;
  byline: string | null;
  outlet: string | null;
  url: string | null;
  publishedAt: string | null;
  capturedAt: string;
  lang: string | null;
  excerpt: string | null;
  wordCount: number;
  tags: string[];
  starred: boolean;
  read: boolean;
  mediaType: MediaType | null;
  tone: Tone | null;
}

export interface ClippingDetail extends ClippingSummary {
  section: string | null;
  page: string | null;
  /** Set while the clipping is in the trash. */
  deletedAt: string | null;
  /** Fields corrected by hand, which re-extraction leaves alone. */
  editedFields: string[];
  sourceUrl: string | null;
  canonicalUrl: string | null;
  modifiedAt: string | null;
  /** The clean body: paragraphs separated by blank lines. */
  text: string;
  paragraphs: string[];
  figures: Figure[];
  /** Sanitised article HTML, null for captures without markup. */
  html: string | null;
  leadImage: string | null;
  note: string;
  annotations: Annotation[];
  capture: CaptureInfo | null;
  /** The story cluster (wire copy run by several outlets), null when the clipping stands alone. */
  cluster: { id: number; members: number[] } | null;
  /** Number of versions (1 when the article was captured once). */
  versionCount: number;
  contentHash: string;
  updatedAt: string;
}

/** `updated`: the article was already stored from the same URL with other text; this is its new version. */
export type ImportStatus = 'added' | 'duplicate' | 'updated' | 'error';

export interface ImportResult {
  file: string;
  status: ImportStatus;
  id: number | null;
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  duplicateOf?: number;
  /** The duplicate is in the trash (restore it to see it again). */
  inTrash?: boolean;
  error?: string;
}

export interface ImportReport {
  results: ImportResult[];
  added: number;
  updated: number;
  duplicates: number;
  errors: number;
  /** Files inside given folders that are not captures Cuttings reads. */
  skipped: number;
}

export interface ClippingPage {
  total: number;
  offset: number;
  items: ClippingSummary[];
}

export interface TagCount {
  name: string;
  count: number;
  color: string | null;
}

export interface SearchHit {
  id: number;
  starred: boolean;
  read: boolean;
  title: string;
  outlet: string | null;
  byline: string | null;
  publishedAt: string | null;
  tags: string[];
  /** Plain text, HTML-escaped, matched terms wrapped in <mark>…</mark>. */
  snippet: string;
  /** Higher is better. */
  score: number;
  /** [start, end) of every match in the clipping's `text`, for jumping from hit to hit. */
  matches: [number, number][];
  /** With `collapse`: how many clippings of the same story cluster this hit stands for. */
  clusterSize?: number;
  /** A close match (a misspelt name, a typo) added after the exact hits when they were few. */
  fuzzy?: true;
}

export interface Suggestion {
  id: number;
  title: string;
  field: 'title' | 'byline' | 'outlet' | 'tag' | 'name';
  /** The phrase as written in the archive that matched ("Dymtro Kuleba"). */
  matched: string;
  /** Found only through a corrected spelling. */
  fuzzy: boolean;
}

export interface SuggestResult {
  /** The lookup itself, not building or loading the index. */
  tookMs: number;
  suggestions: Suggestion[];
  didYouMean: string | null;
}

export interface Facets {
  tags: { name: string; count: number }[];
  outlets: { name: string; count: number }[];
  years: { year: string; count: number }[];
}

export interface SearchResult {
  total: number;
  totalExact: boolean;
  /** The engine's own time for the query. */
  tookMs: number;
  hits: SearchHit[];
  /** Counts by tag, outlet and year for the whole query (when asked for). */
  facets?: Facets;
  /** The query spelled as the archive spells it, when only close matches were found. */
  didYouMean?: string;
}

export interface SavedSearch {
  name: string;
  query: string;
  count: number;
  countExact: boolean;
  createdAt: string;
}

export interface TrashedClipping extends ClippingSummary {
  deletedAt: string;
  /** When it will be deleted for good. */
  purgeAfter: string;
}

export interface VersionInfo {
  version: number;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  wordCount: number;
  capturedAt: string;
  /** When a newer capture replaced it; null for the current version. */
  replacedAt: string | null;
  current: boolean;
}

export interface ReextractChange {
  id: number;
  /** Fields whose value changed (hand-edited fields are never among them). */
  changed: string[];
  annotations: { anchored: number; orphaned: number };
  error?: string;
}

export interface TextChangeReport {
  clipping: ClippingDetail;
  annotations: { anchored: number; orphaned: number };
}

export interface ExportReport {
  format: (typeof EXPORT_FORMATS)[number];
  clippings: number;
  /** Paths written. */
  files: string[];
}

export interface Stats {
  clippings: number;
  trashed: number;
  tags: number;
  annotations: number;
  orphanedAnnotations: number;
  captures: number;
  dbBytes: number;
  schemaVersion: number;
}

export interface Results {
  'clippings.import': ImportReport;
  'clippings.add': ImportResult;
  'clippings.get': ClippingDetail;
  'clippings.list': ClippingPage;
  'clippings.update': ClippingDetail;
  'clippings.setText': TextChangeReport;
  'clippings.setFlags': { changed: number };
  'clippings.reextract': { results: ReextractChange[] };
  'clippings.versions': VersionInfo[];
  'clippings.delete': { id: number; trashed: true };
  'trash.list': TrashedClipping[];
  'trash.restore': ClippingDetail;
  'trash.empty': { purged: number };
  'annotations.create': Annotation;
  'annotations.list': Annotation[];
  'annotations.update': Annotation;
  'annotations.delete': { annotationId: number; deleted: true };
  'clippings.setNote': ClippingDetail;
  'tags.add': { id: number; tags: string[] };
  'tags.remove': { id: number; tags: string[] };
  'tags.list': TagCount[];
  'tags.apply': { clippings: number; added: number; removed: number };
  'tags.rename': TagCount;
  'tags.merge': TagCount;
  'tags.delete': { name: string; deleted: true };
  'tags.setColor': TagCount;
  'search.query': SearchResult;
  'search.suggest': SuggestResult;
  'search.histogram': { buckets: { start: string; counts: Record<string, number> }[] };
  'search.save': SavedSearch;
  'search.saved': SavedSearch[];
  'search.deleteSaved': { name: string; deleted: true };
  'archive.stats': Stats;
  'images.get': { mediaType: string; base64: string };
  'archive.backup': { file: string; bytes: number };
  'archive.restore': { file: string; clippings: number; fromVersion: number; schemaVersion: number };
  'archive.importLibrary': { clippings: number; annotations: number; tags: number };
  'export.write': ExportReport;
  'export.render': { fileName: string; mediaType: string; base64: string; clippings: number };
  'outlets.list': { name: string; count: number }[];
}

// Every method has a result type and every result type a method.
type _Exact = [MethodName] extends [keyof Results] ? ([keyof Results] extends [MethodName] ? true : never) : never;
export const _contractIsComplete: _Exact = true;

/** The client-side view: what `window.cuttings` and the HTTP client offer. */
export type CuttingsApi = { [M in MethodName]: (args: ArgsIn<M>) => Promise<Results[M]> };

/**
 * The server-side view: what the archive implements. Most handlers are synchronous
 * (SQLite is local); reading some captures (PDF, e-mail, URLs) and exporting are not.
 */
export type Handlers = { [M in MethodName]: (args: ArgsOut<M>, ctx: CallContext) => Results[M] | Promise<Results[M]> };

export interface CallContext {
  /** Progress of long operations (bulk import), for front doors that can show it. */
  onProgress?: (done: number, total: number, current: string) => void;
  /** Each item of a bulk operation as soon as it is done and committed (an ImportResult for imports). */
  onItem?: (item: ImportResult) => void;
}

// ---------------------------------------------------------------------------------
// Errors crossing the boundary

export type ApiErrorCode = 'invalid_args' | 'unknown_method' | 'not_found' | 'bad_input' | 'conflict' | 'internal';

/** An error meant for the user: a code and one clear sentence. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
  toJSON(): { code: ApiErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Validates a call against the contract; throws ApiError with a readable message. */
export function parseArgs<M extends MethodName>(method: M, raw: unknown): ArgsOut<M> {
  const result = contract[method].args.safeParse(raw ?? {});
  if (!result.success) {
    const detail = result.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    throw new ApiError('invalid_args', `${method}: ${detail}`);
  }
  return result.data as ArgsOut<M>;
}
