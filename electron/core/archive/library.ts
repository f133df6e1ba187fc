/**
 * The lossless whole-library JSON form: every clipping (live and trashed) with its
 * capture (original bytes), earlier versions, tags, notes, trash state and annotations
 * (W3C Web Annotations plus the `cuttings:` properties a lossless round trip needs).
 *
 * Its shapes are the contract's (`ClippingSchema`, `CaptureInfoSchema`, `FigureSchema`,
 * `VERSION_FIELDS`, `AnnotationSchema`) extended with what the library adds, so a field
 * added to the clipping in shapes.ts is written, validated and imported without a
 * change here. Written by `writeLibraryJson` (library-export.ts), read back by
 * `importLibrary` (library-import.ts); problems reading one are `ApiError`s
 * (`bad_input`, `conflict`).
 */
import { z } from 'zod';
import { normalizeTagName } from '../../../db/tags.ts';
import { AnnotationSchema, CaptureInfoSchema, ClippingSchema, VERSION_FIELDS } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import { sha256 } from '../capture/fingerprint.ts';
import { clippingIri, type WebAnnotation } from '../export/json.ts';

export const LIBRARY_FORMAT = 'cuttings-library';
export const LIBRARY_VERSION = 1;

const Str = z.string();
const NStr = z.string().nullable();
const PosInt = z.number().int().positive();
const Offset = z.number().int().min(0);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const ANNOTATION_URN = /^urn:cuttings:annotation:[1-9]\d*$/;

const QuoteSelector = z.object({ type: z.literal('TextQuoteSelector'), exact: Str, prefix: Str.optional(), suffix: Str.optional() });
const PositionSelector = z.object({ type: z.literal('TextPositionSelector'), start: Offset, end: Offset });
const Selector = z.discriminatedUnion('type', [QuoteSelector, PositionSelector]);
export type QuoteSelector = z.output<typeof QuoteSelector>;
export type PositionSelector = z.output<typeof PositionSelector>;

/** A W3C Web Annotation plus what Cuttings needs to get the annotation back exactly. */
const AnnotationIn = z.object({
  id: z
    .string()
    .regex(ANNOTATION_URN, 'expected "urn:cuttings:annotation:<id>"')
    // A larger number would be rounded to another id (or not fit SQLite's integer at all).
    .refine((urn) => !ANNOTATION_URN.test(urn) || Number.isSafeInteger(annotationId(urn)), `the id is too large (at most ${Number.MAX_SAFE_INTEGER})`),
  type: z.literal('Annotation'),
  created: Str.min(1),
  modified: Str.min(1),
  body: z.object({ type: z.literal('TextualBody'), value: Str }).optional(),
  target: z.object({
    source: Str,
    styleClass: Str.optional(),
    selector: z
      .union([Selector, z.array(Selector)])
      .transform((s) => (Array.isArray(s) ? s : [s]))
      .refine((s) => s.filter((x) => x.type === 'TextQuoteSelector').length === 1, 'needs exactly one TextQuoteSelector'),
  }),
  'cuttings:color': AnnotationSchema.shape.color.optional(),
  'cuttings:state': AnnotationSchema.shape.state.optional(),
  /** Its global identity (team sync); a new one is made when absent (files of earlier versions). */
  'cuttings:uuid': z.uuid().optional(),
  /** Only when `body` does not carry the note as stored (a blank note has no body). */
  'cuttings:note': Str.optional(),
  /** Only when the stored offsets are not in a TextPositionSelector. */
  'cuttings:position': z.object({ start: Offset.nullable(), end: Offset.nullable() }).optional(),
});

/** The capture's metadata (the contract's) plus its bytes. */
const CaptureIn = CaptureInfoSchema.extend({
  /** The original bytes; left out when an earlier clipping of the file carried the same capture. */
  base64: z.base64().optional(),
  /** Images that came with the capture (sent with the bytes). */
  resources: z.array(z.object({ url: Str, mediaType: Str, sha256: Sha256, base64: z.base64() })).optional(),
});

const VERSION_MASK = Object.fromEntries(VERSION_FIELDS.map((f) => [f, true])) as { [K in (typeof VERSION_FIELDS)[number]]: true };

/** An earlier state of a clipping (the article captured again at its URL with changed text). */
const VersionIn = ClippingSchema.pick(VERSION_MASK).extend({ replacedAt: Str.min(1), capture: CaptureIn.nullable() });

/** The contract's clipping plus its database keys, tags, capture, versions, cluster and annotations. */
const ClippingIn = ClippingSchema.extend({
  /** Its global identity (team sync); a new one is made when absent (files of earlier versions). */
  uuid: z.uuid().optional(),
  urlKey: NStr.optional(),
  sortKey: Str.min(1).optional(),
  tags: z.array(Str.trim().min(1, 'a tag name cannot be empty')),
  capture: CaptureIn.nullable(),
  /** Earlier versions, oldest first (the clipping itself is the newest). */
  versions: z.array(VersionIn).default([]),
  /** The story cluster (the id of its first member), or null. */
  clusterId: PosInt.nullable().optional(),
  annotations: z.array(AnnotationIn),
});

const TagIn = z.object({ name: Str.trim().min(1, 'a tag name cannot be empty'), color: NStr, createdAt: Str.min(1).optional() });

const LibraryIn = z.object({
  format: z.literal(LIBRARY_FORMAT, `expected "${LIBRARY_FORMAT}" (this is not a Cuttings library export)`),
  version: z
    .number()
    .int()
    .refine((v) => v <= LIBRARY_VERSION, `was written by a newer version of Cuttings (library format newer than ${LIBRARY_VERSION})`)
    .refine((v) => v >= 1, 'unknown library format version'),
  exportedAt: Str.optional(),
  schemaVersion: z.number().int().optional(),
  tags: z.array(TagIn).default([]),
  clippings: z.array(ClippingIn),
});

/** A library as read back (selectors always a list, versions defaulted). */
export type LibraryInput = z.output<typeof LibraryIn>;
export type LibraryCapture = z.input<typeof CaptureIn>;
export type LibraryVersion = z.input<typeof VersionIn>;
/** What the export writes for an annotation: the W3C form plus `cuttings:` properties. */
export type LibraryAnnotation = WebAnnotation & Required<Pick<z.input<typeof AnnotationIn>, 'cuttings:color' | 'cuttings:state' | 'cuttings:uuid'>> & Pick<z.input<typeof AnnotationIn>, 'cuttings:note' | 'cuttings:position'>;
/** A clipping as the export writes it (`urlKey` and `sortKey` always there). */
export type LibraryClipping = Omit<z.input<typeof ClippingIn>, 'annotations' | 'urlKey' | 'sortKey' | 'versions' | 'uuid'> & {
  uuid: string;
  urlKey: string | null;
  sortKey: string;
  versions: LibraryVersion[];
  annotations: LibraryAnnotation[];
};
export type LibraryTag = Required<z.input<typeof TagIn>>;

/** A library as the export writes it (every field there). */
export type LibraryJson = Required<Pick<z.input<typeof LibraryIn>, 'exportedAt' | 'schemaVersion'>> & {
  format: typeof LIBRARY_FORMAT;
  version: typeof LIBRARY_VERSION;
  tags: LibraryTag[];
  clippings: LibraryClipping[];
};

function badInput(message: string): ApiError {
  return new ApiError('bad_input', `library import: ${message}`);
}

/** Validates a library export (an object, or its JSON text); errors name the bad field's path. */
export function parseLibrary(json: unknown): LibraryInput {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw badInput(`not valid JSON (${(err as Error).message})`);
    }
  }
  const r = LibraryIn.safeParse(value);
  if (!r.success) {
    const shown = r.error.issues.slice(0, 5).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    const more = r.error.issues.length - shown.length;
    throw badInput(`${shown.join('; ')}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`);
  }
  const lib = r.data;

  // What a schema cannot say: unique ids, references, tag names, capture bytes.
  const clippingIds = new Set<number>();
  const annotationIds = new Set<number>();
  const captures = new Map<number, { sha256: string; path: string }>();
  const tagKeys = new Set<string>();
  lib.tags.forEach((t, i) => {
    const key = tagKey(t.name);
    if (tagKeys.has(key)) throw badInput(`tags.${i}.name: "${t.name}" appears twice`);
    tagKeys.add(key);
  });
  lib.clippings.forEach((c, i) => {
    const at = `clippings.${i}`;
    if (clippingIds.has(c.id)) throw badInput(`${at}.id: clipping ${c.id} appears twice`);
    clippingIds.add(c.id);
    c.annotations.forEach((a, j) => {
      const id = annotationId(a.id);
      if (annotationIds.has(id)) throw badInput(`${at}.annotations.${j}.id: annotation ${id} appears twice`);
      annotationIds.add(id);
      if (a.target.source !== clippingIri(c.id)) {
        throw badInput(`${at}.annotations.${j}.target.source: expected "${clippingIri(c.id)}" (the clipping it is in), got "${a.target.source}"`);
      }
    });
    if (c.capture) {
      const k = c.capture;
      const seen = captures.get(k.id);
      if (seen) {
        if (seen.sha256 !== k.sha256) throw badInput(`${at}.capture: capture ${k.id} differs from the one at ${seen.path}`);
      } else {
        if (k.base64 === undefined) throw badInput(`${at}.capture.base64: the original bytes of capture ${k.id} are missing`);
        const bytes = Buffer.from(k.base64, 'base64');
        if (bytes.byteLength !== k.byteSize) throw badInput(`${at}.capture.byteSize: ${k.byteSize} but the bytes are ${bytes.byteLength} long`);
        if (sha256(bytes) !== k.sha256) throw badInput(`${at}.capture.sha256: does not match the bytes (damaged export?)`);
        captures.set(k.id, { sha256: k.sha256, path: `${at}.capture` });
      }
    }
  });
  return lib;
}

/** The number in "urn:cuttings:annotation:<id>". */
export function annotationId(urn: string): number {
  return Number(urn.slice('urn:cuttings:annotation:'.length));
}

/** SQLite's NOCASE folds ASCII letters only. */
export function tagKey(name: string): string {
  return normalizeTagName(name).replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}
