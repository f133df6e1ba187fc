/**
 * Every shape that crosses the contract, declared once. The shapes the archive stores
 * (a clipping, its figures, annotations and capture) are zod schemas, so that the
 * library JSON's validation (core/archive) and the database's row types (db/) are
 * derived from them; the rest are plain interfaces. Everything else — the results
 * of each method, the CLI's JSON output, the renderer's props — refers to these.
 *
 * The renderer imports this file with `import type` only (no zod in the page).
 */
import { z } from 'zod';
import { ANNOTATION_STATES, EXPORT_FORMATS, MEDIA_TYPES, SUMMARY_FIELDS, TONES, type FieldGroup, type VERSION_FIELDS } from './enums.ts';

export { ANNOTATION_STATES, COLORS, EXPORT_FORMATS, MEDIA_TYPES, FIELD_GROUPS, SUMMARY_FIELDS, TONES, VERSION_FIELDS } from './enums.ts';
export type { AnnotationState, Color, ExportFormat, MediaType, FieldGroup, Tone } from './enums.ts';

const Str = z.string();
const NStr = z.string().nullable();
const Count = z.number().int().min(0);
const RowId = z.number().int().positive();
const Instant = z.string().min(1);

/** A picture of the article with what the page said about it. */
export const FigureSchema = z.object({ alt: NStr, caption: NStr, credit: NStr, src: NStr });
export type Figure = z.infer<typeof FigureSchema>;

/** A highlight: W3C TextQuote (quote, prefix, suffix) + TextPosition (start, end) over the clipping's `text`. */
export const AnnotationSchema = z.object({
  id: RowId,
  clippingId: RowId,
  /** TextQuoteSelector.exact */
  quote: Str,
  prefix: Str,
  suffix: Str,
  /** TextPositionSelector over `text`; null when orphaned. */
  start: Count.nullable(),
  end: Count.nullable(),
  color: Str.min(1).max(50),
  note: Str,
  state: z.enum(ANNOTATION_STATES),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Annotation = z.infer<typeof AnnotationSchema>;

/** The original capture a clipping was made from (its bytes are kept in the archive). */
export const CaptureInfoSchema = z.object({
  id: RowId,
  mediaType: Str,
  sourcePath: NStr,
  sourceUrl: NStr,
  capturedAt: Instant,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256'),
  byteSize: Count,
  /** Where it came from when recorded: 'clipper' (the browser extension); null otherwise (and in library files written before). */
  origin: NStr.default(null),
});
export type CaptureInfo = z.infer<typeof CaptureInfoSchema>;

/**
 * THE clipping: every field the archive stores for one, as the contract shows it.
 * Adding a field means: a migration, this declaration, and the places that show or
 * edit it (db/clippings.ts maps columns to these names).
 */
export const ClippingSchema = z.object({
  id: RowId,
  title: Str,
  byline: NStr,
  outlet: NStr,
  sourceUrl: NStr,
  canonicalUrl: NStr,
  publishedAt: NStr,
  modifiedAt: NStr,
  capturedAt: Instant,
  lang: NStr,
  excerpt: NStr,
  /** The clean body: paragraphs separated by blank lines. */
  text: Str,
  /** Sanitised article HTML, null for captures without markup. */
  html: NStr,
  figures: z.array(FigureSchema),
  leadImage: NStr,
  wordCount: Count,
  contentHash: Str.min(1),
  note: Str,
  starred: z.boolean(),
  read: z.boolean(),
  mediaType: z.enum(MEDIA_TYPES).nullable(),
  section: NStr,
  page: NStr,
  tone: z.enum(TONES).nullable(),
  /** Set while the clipping is in the trash. */
  deletedAt: NStr,
  /** Fields corrected by hand, which re-extraction leaves alone. */
  editedFields: z.array(Str),
  /** The extraction may be wrong — the capture gave no title (the title is the body's first words), or no article was found (the text is the page's best block, a cookie banner or paywall box, or a teaser): a person should check it. */
  extractionUncertain: z.boolean().default(false),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Clipping = z.infer<typeof ClippingSchema>;

/** A list row (`url` is the canonical URL, else the source URL). */
export type ClippingSummary = Pick<Clipping, (typeof SUMMARY_FIELDS)[number]> & { url: string | null; tags: string[] };

/** One clipping with everything about it. */
export type ClippingDetail = ClippingSummary &
  Omit<Clipping, 'createdAt'> & {
    paragraphs: string[];
    annotations: Annotation[];
    capture: CaptureInfo | null;
    /** The story cluster (wire copy run by several outlets), null when the clipping stands alone. */
    cluster: { id: number; members: number[] } | null;
    /** Number of versions (1 when the article was captured once). */
    versionCount: number;
  };

/** The fields an earlier version of a clipping keeps. */
export type VersionFields = Pick<Clipping, (typeof VERSION_FIELDS)[number]>;

/**
 * `updated`: the article was already stored from the same URL with other text; this is its new version.
 * `not_tried`: the import stopped before this one (the disk was full, or it was cancelled: see `ImportReport.stopped`).
 * `cancelled`: the import was cancelled while this capture was being read; nothing of it is stored.
 */
export type ImportStatus = 'added' | 'duplicate' | 'updated' | 'error' | 'not_tried' | 'cancelled';

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
  /** Files and addresses not tried because the import stopped (status `not_tried`). */
  notTried: number;
  /** Why the import stopped before the end (the disk was full, naming the file; it was cancelled), or null. */
  stopped: string | null;
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

export type SearchHit = Pick<ClippingSummary, 'id' | 'starred' | 'read' | 'title' | 'outlet' | 'byline' | 'publishedAt' | 'capturedAt' | 'tags' | 'extractionUncertain'> & {
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
};

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
  /** The query's clippings over time (when asked for). */
  histogram?: HistogramBucket[];
  /** The days the query's date filters leave (`after:2019-11` = from 2019-12-01), when it has any. */
  dates?: DateWindow;
}

/** Clippings in one period (day, week or month starting at `start`), counted per outlet or tag. */
export interface HistogramBucket {
  start: string;
  counts: Record<string, number>;
}

export interface OutletCount {
  name: string;
  count: number;
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

export type VersionInfo = Pick<VersionFields, 'title' | 'byline' | 'publishedAt' | 'modifiedAt' | 'wordCount' | 'capturedAt'> & {
  version: number;
  /** When a newer capture replaced it; null for the current version. */
  replacedAt: string | null;
  current: boolean;
};

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
  /** Where the archive file is (Settings shows it). */
  file: string;
}


/** The metadata a person can correct by hand (`clippings.update`), as stored before an edit. */
export type MetadataValues = Pick<Clipping, 'id' | 'title' | 'byline' | 'outlet' | 'publishedAt' | 'lang' | 'mediaType' | 'section' | 'page' | 'tone'> & { url: string | null };

/** What `clippings.update` did: how many clippings it changed and their values before (what an undo puts back). */
export interface MetadataEditReport {
  clippings: number;
  before: MetadataValues[];
}

/** `clippings.cancelImport`: whether a call was running under the job (a later one is cancelled either way). */
export interface CancelReport {
  running: boolean;
}

/** One version's title and clean text (`clippings.versionText`), to compare two versions. */
export interface VersionText {
  version: number;
  title: string;
  text: string;
}

/** Days [from, until) as 'YYYY-MM-DD'; an open end is null. */
export interface DateWindow {
  from: string | null;
  until: string | null;
}

/** A clipping the browser clipper found at a page's address: enough to say "already in the archive", none of its text. */
export interface ClipFound {
  id: number;
  title: string;
  outlet: string | null;
  capturedAt: string;
}

/** `clipper.preview`: what a clip would be saved as (nothing is stored), and the clipping already at its address. */
export interface ClipPreview {
  title: string;
  byline: string | null;
  outlet: string | null;
  publishedAt: string | null;
  words: number;
  existing: ClipFound | null;
}

/** `clipper.add`: what became of a clip ('added', 'duplicate' of what is in the archive, or 'updated': saved as a new version). */
export interface ClipResult {
  status: 'added' | 'duplicate' | 'updated';
  id: number;
  title: string;
  /** The selection sent as a highlight: anchored in the clipping's text, or not found there; null when none was sent. */
  highlight: 'anchored' | 'not_found' | null;
}

/** A browser asking to be paired, as the app shows it for approval. */
export interface PairRequest {
  id: number;
  name: string;
  code: string;
  requestedAt: string;
}

/** `clipper.pair`: the secret the extension asks about and the code both sides show. */
export interface PairTicket {
  request: string;
  code: string;
}

/** `clipper.pairStatus`: the token is given once, with 'approved'. */
export interface PairStatus {
  state: 'pending' | 'approved' | 'denied' | 'unknown';
  token?: string;
}

/** A paired browser (its token is never shown again). */
export interface ClipperToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** `clipper.names`: tag and outlet names for the popup's autocomplete. */
export interface ClipperNames {
  tags: string[];
  outlets: string[];
}

/** Whether and how this archive is in a team (`team.status`; docs/team-archive.md). */
export interface TeamStatus {
  joined: boolean;
  /** The team server's address. */
  server: string | null;
  /** Who this archive syncs as, and that person's role (admin, editor, reader). */
  user: string | null;
  role: string | null;
  /** This archive's replica id. */
  replica: string | null;
  /** The last change number pulled. */
  cursor: number;
  /** Local changes not yet pushed. */
  pending: number;
  /** When the last sync finished (null: never). */
  lastSync: string | null;
  /** Edits of yours that a later edit made elsewhere replaced, kept to be offered back (`team.conflicts`). */
  overridden?: number;
  /** Where this process syncs in the background (the app, browser mode): how that goes. Absent in the CLI. */
  background?: BackgroundSyncState;
}

/** What one `team.sync` did. */
export interface SyncReport {
  /** Operations the server stored from this archive. */
  pushed: number;
  /** Operations of others applied here. */
  pulled: number;
  /** Operations that lost to a newer value (last writer wins). */
  conflicts: number;
  cursor: number;
  /** Local changes still waiting (made during the sync). */
  pending: number;
  /** A reader's changes other than read state: kept in this archive, not sent (readers cannot write to the team). */
  notShared: number;
}

/** The background sync of the app and browser mode (core/sync/background.ts), as `team.status` reports it. */
export interface BackgroundSyncState {
  /** A sync is running now. */
  syncing: boolean;
  /** The last try could not reach the team server; it is tried again, less and less often. */
  offline: boolean;
  /** Why the last try failed (null: it worked, or there was none yet). */
  error: string | null;
  /** When the next sync is due (null: none is planned, or one is running). */
  nextTry: string | null;
  /** How many changes of others this process has applied so far: a page reloads what it shows when this grows. */
  received: number;
}

/**
 * Who did what to one clipping in a team archive (`team.authors`; docs/team-archive.md,
 * "Who did what"), from what the local archive holds: works offline. Names are team user
 * names; null where the archive is not in a team or the writer is unknown (the server's
 * own merges).
 */
export interface ClippingAuthors {
  /** Whether the archive is in a team (if not, nothing below is known). */
  joined: boolean;
  /** Who added the clipping (for one held at `team join`: the user who joined). */
  addedBy: string | null;
  /** The field groups changed since the clipping was added, each with who changed it last. */
  edited: Array<{ field: FieldGroup; by: string | null }>;
  /** Who made each highlight, by annotation id. */
  annotations: Array<{ id: number; by: string | null }>;
}

/**
 * An edit of this archive's user that a later edit, made elsewhere without having seen
 * it, overrode in a team sync (last writer wins): offered back until restored or
 * dismissed (`team.conflicts`).
 */
export interface OverriddenEdit {
  clippingId: number;
  /** The clipping's title now (to name it in a list). */
  clippingTitle: string;
  field: FieldGroup;
  /** The user's value, as the panel shows it (the text's first paragraphs for `body`; null: it was empty). */
  yours: string | null;
  /** When the edit that won was made (its hybrid clock's time). */
  replacedAt: string;
  /** Who made the edit that won (team user name; null: not known, e.g. the server's merge of duplicates). */
  replacedBy: string | null;
  /** When this archive applied it. */
  recordedAt: string;
}
