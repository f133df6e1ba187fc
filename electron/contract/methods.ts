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
 * Each method also says what it returns and whether it writes (a write may change what
 * instant search shows; a read never does).
 *
 * The renderer must only `import type` from this file.
 */
import { z } from 'zod';
import { ApiError } from './errors.ts';
import { COLORS, EXPORT_FORMATS, MEDIA_TYPES, FIELD_GROUPS, TONES } from './shapes.ts';
import type * as S from './shapes.ts';
import { GRANT_RE, type GrantInfo, type PlaceRef } from './places.ts';

const Id = z.number().int().positive();
const TagName = z.string().trim().min(1, 'a tag name cannot be empty').max(200);
const Limit = z.number().int().min(1).max(1000);
const Offset = z.number().int().min(0);
const Ids = z.array(Id).min(1).max(100_000);
const Color = z.enum(COLORS);
const Histogram = z.object({
  bucket: z.enum(['day', 'week', 'month']).default('month'),
  stackBy: z.enum(['outlet', 'tag']).default('outlet'),
});
const NoteText = z.string().max(1_000_000);
/** An id the caller gives a long call so it can cancel it (`clippings.cancelImport`). */
const JobId = z.string().min(1).max(200);
/** Which clippings a bulk operation applies to: explicit ids, every match of a search, or all. */
const Selection = z
  .object({ ids: Ids.optional(), query: z.string().min(1).max(10_000).optional(), all: z.literal(true).optional() })
  .refine((s) => [s.ids, s.query, s.all].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of "ids", "query" or "all"',
  });

/**
 * Where a file is (contract/places.ts): a plain path, accepted only from trusted doors
 * (the CLI, the main process's own menus), or a grant the shell or the server issued.
 * `Archive.call` turns it into a path before the handler runs.
 */
const Place = z.union([
  z.string().min(1).max(4096),
  z
    .object({
      grant: z.string().regex(GRANT_RE, 'not a grant'),
      name: z.string().min(1).max(255).optional(),
    })
    .strict(),
]);

/** How a method uses each of its place fields: `import` also takes web addresses (they are not paths). */
export type PlaceUse = 'import' | 'read' | 'write';

/** A capture handed over as content rather than as a file (a paste, typed text, a dropped file that has no path). */
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

/** An http(s) page address, as the browser clipper sends it. */
const PageUrl = z
  .string()
  .max(8000)
  .refine((u) => /^https?:\/\/[^/]/i.test(u), { message: 'an http(s) address' });

/**
 * A page as the browser clipper captured it: the rendered DOM serialised, its address and
 * title, and the images it could read (base64), by the address the page uses for each.
 * `selection`: only the user's selection was sent (the HTML is that fragment).
 */
const ClipCapture = z.object({
  url: PageUrl,
  title: z.string().max(2000).default(''),
  html: z.string().min(1),
  images: z
    .array(z.object({ url: z.string().min(1).max(8000), mediaType: z.string().max(100), base64: z.string() }))
    .max(2000)
    .default([]),
  selection: z.boolean().default(false),
});

/** A passage of a page the user selected, as a W3C TextQuoteSelector. */
const Quote = z.object({ exact: z.string().min(1).max(100_000), prefix: z.string().max(1000).default(''), suffix: z.string().max(1000).default('') });

/**
 * Which door a method is open to besides the app's own (IPC, browser mode, the CLI):
 * 'clipper': the browser clipper's loopback endpoint, with a paired token;
 * 'pairing': that endpoint without a token (asking to be paired).
 * Nothing else is reachable there.
 */
export type ClipperDoor = 'clipper' | 'pairing';

/**
 * A method's result type, beside its arguments. Results are not validated at run
 * time (the core produces them), so this is a type only: the function is never called.
 */
function returns<T>(): T {
  throw new Error('contract: returns<T>() is a type marker');
}

export const contract = {
  'clippings.import': {
    writes: true,
    returns: returns<S.ImportReport>,
    summary: 'Import capture files and folders (folders are walked), or articles by web address.',
    places: { paths: 'import' },
    args: z.object({ paths: z.array(Place).min(1), tags: z.array(TagName).default([]), job: JobId.optional() }),
  },
  'clippings.add': {
    writes: true,
    returns: returns<S.ImportResult>,
    summary: 'Add one capture given as content.',
    args: z.object({ capture: CaptureContent, tags: z.array(TagName).default([]), job: JobId.optional() }),
  },
  'clippings.cancelImport': {
    writes: false,
    returns: returns<S.CancelReport>,
    summary: 'Cancel the imports running under a job id: the capture being extracted is dropped, nothing more is stored; later calls under the id are cancelled at once.',
    args: z.object({ job: JobId }),
  },
  'clippings.get': {
    writes: false,
    returns: returns<S.ClippingDetail>,
    summary: 'One clipping with everything about it.',
    args: z.object({ id: Id }),
  },
  'clippings.list': {
    writes: false,
    returns: returns<S.ClippingPage>,
    summary: 'Clippings by date (publication, else capture), newest first unless asked otherwise, a page at a time.',
    args: z.object({ limit: Limit.default(50), offset: Offset.default(0), sort: z.enum(['newest', 'oldest']).default('newest') }),
  },
  'outlets.list': {
    writes: false,
    returns: returns<S.OutletCount[]>,
    summary: 'Every outlet with the number of live clippings from it.',
    args: z.object({}),
  },
  'clippings.update': {
    writes: true,
    returns: returns<S.MetadataEditReport>,
    summary: 'Correct metadata by hand on a selection of clippings (hand edits win over later re-extraction); gives back the values it replaced.',
    args: z.object({
      selection: Selection,
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
    writes: true,
    returns: returns<S.TextChangeReport>,
    summary: 'Correct the clean text by hand; annotations re-anchor (or are marked orphaned).',
    args: z.object({ id: Id, text: z.string().min(1).max(20_000_000) }),
  },
  'clippings.setFlags': {
    writes: true,
    returns: returns<{ changed: number }>,
    summary: 'Star/unstar, mark read/unread a selection of clippings.',
    args: z.object({ selection: Selection, starred: z.boolean().optional(), read: z.boolean().optional() }),
  },
  'clippings.reextract': {
    writes: true,
    // `stopped`: why it stopped before the end (the disk was full), and `notTried` the ids it did not reach.
    returns: returns<{ results: S.ReextractChange[]; notTried: number[]; stopped: string | null }>,
    summary: 'Re-run extraction from the stored captures, keeping tags, notes, annotations and hand edits.',
    args: z
      .object({ ids: Ids.optional(), all: z.boolean().optional() })
      .refine((a) => Boolean(a.ids) !== Boolean(a.all), { message: 'give "ids" or "all: true"' }),
  },
  'clippings.versions': {
    writes: false,
    returns: returns<S.VersionInfo[]>,
    summary: 'The versions of a clipping (the article captured again at the same URL with changed text), oldest first.',
    args: z.object({ id: Id }),
  },
  'clippings.versionText': {
    writes: false,
    returns: returns<S.VersionText>,
    summary: 'The title and clean text of one version of a clipping (numbered as clippings.versions lists them).',
    args: z.object({ id: Id, version: z.number().int().positive() }),
  },
  'clippings.delete': {
    writes: true,
    returns: returns<{ trashed: number; ids: number[] }>,
    summary: 'Move a selection of clippings to the trash (kept 30 days, restorable).',
    args: z.object({ selection: Selection }),
  },
  'trash.list': {
    writes: false,
    returns: returns<S.TrashedClipping[]>,
    summary: 'Clippings in the trash, most recently deleted first.',
    args: z.object({}),
  },
  'trash.restore': {
    writes: true,
    returns: returns<{ restored: number; ids: number[] }>,
    summary: 'Bring clippings back from the trash (ids of trashed clippings, or all; the trash is not searchable, so no query).',
    args: z.object({ selection: Selection }),
  },
  'trash.empty': {
    writes: true,
    returns: returns<{ purged: number }>,
    summary: 'Delete for good what is in the trash (all of it, or what has been there longer than N days).',
    args: z.object({ olderThanDays: z.number().int().min(0).optional() }),
  },
  'annotations.create': {
    writes: true,
    returns: returns<S.Annotation>,
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
    writes: false,
    returns: returns<S.Annotation[]>,
    summary: "A clipping's annotations, in text order, orphaned ones last.",
    args: z.object({ id: Id }),
  },
  'annotations.update': {
    writes: true,
    returns: returns<S.Annotation>,
    summary: "Change an annotation's note or colour.",
    args: z.object({ annotationId: Id, note: NoteText.optional(), color: Color.optional() }),
  },
  'annotations.delete': {
    writes: true,
    returns: returns<{ annotationId: number; deleted: true }>,
    summary: 'Delete an annotation.',
    args: z.object({ annotationId: Id }),
  },
  'clippings.setNote': {
    writes: true,
    returns: returns<S.ClippingDetail>,
    summary: "Set (or clear, with an empty string) a clipping's note.",
    args: z.object({ id: Id, note: z.string().max(1_000_000) }),
  },
  'tags.add': {
    writes: true,
    returns: returns<{ id: number; tags: string[] }>,
    summary: 'Add tags to a clipping (created when new; names are case-insensitively unique).',
    args: z.object({ id: Id, tags: z.array(TagName).min(1) }),
  },
  'tags.remove': {
    writes: true,
    returns: returns<{ id: number; tags: string[] }>,
    summary: 'Remove tags from a clipping.',
    args: z.object({ id: Id, tags: z.array(TagName).min(1) }),
  },
  'tags.list': {
    writes: false,
    returns: returns<S.TagCount[]>,
    summary: 'Every tag with the number of clippings carrying it.',
    args: z.object({}),
  },
  'tags.apply': {
    writes: true,
    returns: returns<{ clippings: number; added: number; removed: number }>,
    summary: 'Add and/or remove tags on many clippings at once (ids, or every match of a search).',
    args: z.object({ selection: Selection, add: z.array(TagName).default([]), remove: z.array(TagName).default([]) }),
  },
  'tags.rename': {
    writes: true,
    returns: returns<S.TagCount>,
    summary: 'Rename a tag (to merge into an existing tag, use tags.merge).',
    args: z.object({ from: TagName, to: TagName }),
  },
  'tags.merge': {
    writes: true,
    returns: returns<S.TagCount>,
    summary: 'Move every clipping of one tag to another, then delete the first.',
    args: z.object({ from: TagName, into: TagName }),
  },
  'tags.delete': {
    writes: true,
    returns: returns<{ name: string; deleted: true }>,
    summary: 'Delete a tag (the clippings stay).',
    args: z.object({ name: TagName }),
  },
  'tags.setColor': {
    writes: true,
    returns: returns<S.TagCount>,
    summary: "Set or clear a tag's colour (#rrggbb or a colour name).",
    args: z.object({ name: TagName, color: z.union([Color, z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use #rrggbb or a colour name')]).nullable() }),
  },
  'search.query': {
    writes: false,
    returns: returns<S.SearchResult>,
    summary: 'Search with the query language (words, "phrases", OR, -exclusions, prefix*, field filters), ranked by relevance or date.',
    args: z.object({
      query: z.string().max(10_000),
      limit: Limit.default(20),
      offset: Offset.default(0),
      sort: z.enum(['relevance', 'newest', 'oldest']).default('relevance'),
      facets: z.boolean().default(false),
      /** One hit per story cluster (the best-ranked member), with the cluster's size. */
      collapse: z.boolean().default(false),
      /** Also the query's clippings over time (what search.histogram gives), from the same parse. */
      histogram: Histogram.optional(),
    }),
  },
  'search.histogram': {
    writes: false,
    returns: returns<{ buckets: S.HistogramBucket[] }>,
    summary: 'Clippings over time for a query (or everything when empty), per day, week or month, stacked by outlet or tag.',
    args: z.object({
      query: z.string().max(10_000).default(''),
      ...Histogram.shape,
    }),
  },
  'search.suggest': {
    writes: false,
    returns: returns<S.SuggestResult>,
    summary: 'Instant suggestions while typing: titles, bylines, outlets, tags and names in the text, typo tolerant.',
    args: z.object({ text: z.string().max(500), limit: z.number().int().min(1).max(50).default(10) }),
  },
  'search.save': {
    writes: true,
    returns: returns<S.SavedSearch>,
    summary: 'Name a query (saving under an existing name replaces it).',
    args: z.object({ name: z.string().trim().min(1).max(200), query: z.string().trim().min(1).max(10_000) }),
  },
  'search.saved': {
    writes: false,
    returns: returns<S.SavedSearch[]>,
    summary: 'Saved searches with their current counts.',
    args: z.object({}),
  },
  'search.deleteSaved': {
    writes: true,
    returns: returns<{ name: string; deleted: true }>,
    summary: 'Forget a saved search.',
    args: z.object({ name: z.string().trim().min(1).max(200) }),
  },
  'search.updateSaved': {
    writes: true,
    returns: returns<S.SavedSearch>,
    summary: 'Rename a saved search and/or change its query.',
    args: z
      .object({ name: z.string().trim().min(1).max(200), newName: z.string().trim().min(1).max(200).optional(), query: z.string().trim().min(1).max(10_000).optional() })
      .refine((a) => a.newName !== undefined || a.query !== undefined, { message: 'give "newName", "query" or both' }),
  },
  'search.reorderSaved': {
    writes: true,
    returns: returns<S.SavedSearch[]>,
    summary: 'Put the saved searches in a new order (name each one once).',
    args: z.object({ names: z.array(z.string().trim().min(1).max(200)).max(10_000) }),
  },
  'archive.stats': {
    writes: false,
    returns: returns<S.Stats>,
    summary: 'Counts and size of the archive.',
    args: z.object({}),
  },
  'archive.backup': {
    writes: false,
    returns: returns<{ file: string; bytes: number }>,
    summary: 'Copy the archive to a file, consistently, while it is in use (SQLite online backup).',
    places: { file: 'write' },
    args: z.object({ file: Place }),
  },
  'archive.restore': {
    writes: true,
    returns: returns<{ file: string; clippings: number; fromVersion: number; schemaVersion: number }>,
    summary: 'Replace the archive with a backup (validated first; a non-empty archive needs force).',
    places: { file: 'read' },
    args: z.object({ file: Place, force: z.boolean().default(false) }),
  },
  'archive.importLibrary': {
    writes: true,
    returns: returns<{ clippings: number; annotations: number; tags: number }>,
    summary: 'Load a whole-library JSON export (format cuttings-library) into an empty archive.',
    places: { file: 'read' },
    args: z.object({ file: Place }),
  },
  'images.get': {
    writes: false,
    returns: returns<{ mediaType: string; base64: string }>,
    summary: 'A stored image that came with a capture (its address in a clipping is cuttings-image:<sha256>).',
    args: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex') }),
  },
  'export.render': {
    writes: false,
    returns: returns<{ fileName: string; mediaType: string; base64: string; clippings: number }>,
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
    writes: false,
    returns: returns<S.ExportReport>,
    summary:
      'Export clippings to files: one file for one clipping, a digest, or csv/ris/csl; otherwise `out` is a folder with one file each. ' +
      'JSON of the whole archive (all, no digest) is the lossless library format; an `out` ending in .zip gets the files zipped.',
    places: { out: 'write' },
    args: z.object({
      selection: Selection,
      format: z.enum(EXPORT_FORMATS),
      digest: z.boolean().default(false),
      groupBy: z.enum(['tag', 'outlet', 'day']).optional(),
      highlightsOnly: z.boolean().default(false),
      title: z.string().trim().min(1).max(500).optional(),
      out: Place,
    }),
  },
  'team.join': {
    writes: true,
    returns: returns<S.TeamStatus>,
    summary: 'Join a team server with a token: what the archive holds is queued to push at the next sync.',
    args: z.object({ server: z.string().trim().url('an http(s) address').max(2000), token: z.string().trim().min(1).max(200) }),
  },
  'team.sync': {
    writes: true,
    returns: returns<S.SyncReport>,
    summary: 'Push local changes to the team server, then pull and apply everyone else’s.',
    args: z.object({}),
  },
  'team.status': {
    writes: false,
    returns: returns<S.TeamStatus>,
    summary: 'Whether the archive is in a team: server, user, role, cursor, changes waiting.',
    args: z.object({}),
  },
  'team.authors': {
    writes: false,
    returns: returns<S.ClippingAuthors>,
    summary: 'Who added a clipping, who last edited each of its fields and who made each highlight (a team archive; from what the archive holds).',
    args: z.object({ id: Id }),
  },
  'team.leave': {
    writes: true,
    returns: returns<S.TeamStatus>,
    summary: 'Leave the team: the archive keeps everything; changes not pushed stay local only.',
    args: z.object({}),
  },
  'team.conflicts': {
    writes: false,
    returns: returns<S.OverriddenEdit[]>,
    summary: 'Your own edits that a later edit made elsewhere overrode in a sync (last writer wins), of one clipping or of all, the latest first.',
    args: z.object({ clippingId: Id.optional() }),
  },
  'team.restoreConflict': {
    writes: true,
    returns: returns<S.ClippingDetail>,
    summary: 'Put an overridden value of yours back: a new edit, so it wins and syncs to everyone (a text restored re-anchors the highlights).',
    args: z.object({ clippingId: Id, field: z.enum(FIELD_GROUPS) }),
  },
  'team.dismissConflict': {
    writes: true,
    returns: returns<{ dismissed: boolean }>,
    summary: 'Forget an overridden value of yours, keeping the edit that won.',
    args: z.object({ clippingId: Id, field: z.enum(FIELD_GROUPS) }),
  },
  'places.list': {
    writes: false,
    returns: returns<GrantInfo[]>,
    summary: 'The places the user chose once for Cuttings to keep using (lasting grants, e.g. the backup folder); none outside the app.',
    args: z.object({}),
  },
  'places.revoke': {
    writes: false,
    returns: returns<{ grant: string; revoked: boolean }>,
    summary: 'Forget a place the user chose (a lasting grant): Cuttings may no longer use it.',
    args: z.object({ grant: z.string().regex(GRANT_RE, 'not a grant') }),
  },
  'clipper.preview': {
    writes: false,
    door: 'clipper',
    returns: returns<S.ClipPreview>,
    summary: 'The browser clipper: what a captured page would be saved as (title, outlet, date as extracted), and the clipping already at its address; nothing is stored.',
    args: z.object({ capture: ClipCapture }),
  },
  'clipper.add': {
    writes: true,
    door: 'clipper',
    returns: returns<S.ClipResult>,
    summary:
      'The browser clipper: store a captured page (extracted as a saved page), with the title, outlet and date the user set, tags, a note and a highlight; ' +
      'a clip delivered again under the same key is answered as the first time and stored once.',
    args: z.object({
      capture: ClipCapture,
      key: z.string().min(8).max(100),
      title: z.string().trim().min(1).max(2000).optional(),
      outlet: z.string().trim().max(2000).nullable().optional(),
      publishedAt: z.string().trim().max(64).nullable().optional(),
      tags: z.array(TagName).max(100).default([]),
      note: z.string().max(100_000).default(''),
      highlight: Quote.optional(),
    }),
  },
  'clipper.find': {
    writes: false,
    door: 'clipper',
    returns: returns<S.ClipFound | null>,
    summary: 'The browser clipper: the clipping of a page address, if any (its id, title, outlet and when it was captured; not its text).',
    args: z.object({ url: PageUrl }),
  },
  'clipper.annotate': {
    writes: true,
    door: 'clipper',
    returns: returns<S.Annotation>,
    summary: 'The browser clipper: highlight a passage (a W3C TextQuoteSelector) in the clipping of a page address.',
    args: Quote.extend({ url: PageUrl, color: Color.default('yellow'), note: NoteText.default('') }),
  },
  'clipper.names': {
    writes: false,
    door: 'clipper',
    returns: returns<S.ClipperNames>,
    summary: 'The browser clipper: tag and outlet names, for autocomplete.',
    args: z.object({}),
  },
  'clipper.open': {
    writes: false,
    door: 'clipper',
    returns: returns<{ id: number; requested: true }>,
    summary: 'The browser clipper: ask Cuttings to show a clipping ("Already in the archive (open it)"); the app\'s window picks the request up.',
    args: z.object({ id: Id }),
  },
  'clipper.takeOpenRequest': {
    writes: false,
    returns: returns<{ id: number | null }>,
    summary: 'The clipping the browser clipper last asked Cuttings to show, if any (each request is given once).',
    args: z.object({}),
  },
  'clipper.pair': {
    writes: false,
    door: 'pairing',
    returns: returns<S.PairTicket>,
    summary: 'A browser asks to be paired: the app shows "Allow this browser to add clippings?" with the code returned here.',
    args: z.object({ name: z.string().trim().min(1).max(100) }),
  },
  'clipper.pairStatus': {
    writes: false,
    door: 'pairing',
    returns: returns<S.PairStatus>,
    summary: 'Whether a pairing request was approved; the token comes once, with the approval.',
    args: z.object({ request: z.string().min(16).max(100) }),
  },
  'clipper.pairRequests': {
    writes: false,
    returns: returns<S.PairRequest[]>,
    summary: 'Browsers waiting to be paired with the browser clipper.',
    args: z.object({}),
  },
  'clipper.approve': {
    writes: true,
    returns: returns<S.ClipperToken>,
    summary: 'Allow a browser to add clippings: it gets a token of its own.',
    args: z.object({ id: Id }),
  },
  'clipper.deny': {
    writes: false,
    returns: returns<{ id: number; denied: true }>,
    summary: 'Refuse a pairing request.',
    args: z.object({ id: Id }),
  },
  'clipper.tokens': {
    writes: false,
    returns: returns<S.ClipperToken[]>,
    summary: 'The browsers paired with the clipper, with their last use.',
    args: z.object({}),
  },
  'clipper.revoke': {
    writes: true,
    returns: returns<{ id: number; revoked: boolean }>,
    summary: "Revoke a paired browser's token: it stops working at once.",
    args: z.object({ id: Id }),
  },
} as const;

/** The place fields of each method that has any, and how it uses them. */
export function placeFields(method: MethodName): Readonly<Record<string, PlaceUse>> {
  const entry = contract[method] as { places?: Record<string, PlaceUse> };
  return entry.places ?? {};
}

/** The door besides the app's own a method is open to (see ClipperDoor), or null. */
export function clipperDoor(method: MethodName): ClipperDoor | null {
  const entry = contract[method] as { door?: ClipperDoor };
  return entry.door ?? null;
}

/** The single Electron IPC channel that carries every contract call. */
export const IPC_CHANNEL = 'cuttings:call';

export type MethodName = keyof typeof contract;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** What a caller passes (defaults may be left out). */
export type ArgsIn<M extends MethodName> = z.input<(typeof contract)[M]['args']>;
/**
 * What a door that holds user-typed values passes (the CLI's flags): the field names
 * are checked at compile time, the values by the contract at run time, so a bad value
 * gets the contract's own message.
 */
export type TypedArgs<M extends MethodName> = { [K in keyof ArgsIn<M>]?: unknown };
/** What the contract's schema gives (validated, defaults filled in; places still grants or paths). */
type ParsedArgs<M extends MethodName> = z.output<(typeof contract)[M]['args']>;
/** A place field once resolved: a path (or, for imports, a web address). */
type Placed<T> = T extends PlaceRef ? string : T extends readonly (infer E)[] ? ([Extract<E, PlaceRef>] extends [never] ? T : string[]) : T;
/** What an implementation receives: validated, defaults filled in, every place a path. */
export type ArgsOut<M extends MethodName> = { [K in keyof ParsedArgs<M>]: Placed<ParsedArgs<M>[K]> };

/** What each method returns. */
export type Results = { [M in MethodName]: ReturnType<(typeof contract)[M]['returns']> };

/** The client-side view: what `window.cuttings` and the HTTP client offer. */
export type CuttingsApi = { [M in MethodName]: (args: ArgsIn<M>) => Promise<Results[M]> };

/**
 * The server-side view: what the archive implements. Most handlers are synchronous
 * (SQLite is local); reading some captures (PDF, e-mail, URLs) and exporting are not.
 */
export type Handlers = { [M in MethodName]: (args: ArgsOut<M>, ctx: CallContext) => Results[M] | Promise<Results[M]> };

/**
 * The grants of an untrusted door (the shell's for IPC, the server's for HTTP). A call
 * that carries one may name files only through grants; a call without one (the CLI,
 * the main process's own menu code) is trusted with plain paths.
 */
export interface PlaceResolver {
  /** The path a grant stands for, used as `use`; consumes a single-use grant. Throws ApiError('forbidden'). */
  resolve(ref: PlaceRef, use: PlaceUse): string;
  /** The name the user knows a resolved path by, when it is the door's own temporary copy (an upload); else undefined. */
  knownAs?(resolved: string): string | undefined;
  list(): GrantInfo[];
  revoke(grant: string): boolean;
}

export interface CallContext {
  /** Set by untrusted doors: paths only through these grants. */
  places?: PlaceResolver;
  /** Progress of long operations (bulk import), for front doors that can show it. */
  onProgress?: (done: number, total: number, current: string) => void;
  /** Each item of a bulk operation as soon as it is done and committed (an ImportResult for imports). */
  onItem?: (item: S.ImportResult) => void;
  /** Cancels a long operation (an import) from the front door itself, e.g. the CLI's Ctrl-C. */
  signal?: AbortSignal;
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
