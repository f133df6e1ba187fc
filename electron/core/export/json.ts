/**
 * JSON: the clipping with all its metadata, its annotations as W3C Web Annotations
 * (JSON-LD: https://www.w3.org/TR/annotation-model/). The selectors address the
 * clipping's clean `text` (the annotation's `target.source`); the page it came from,
 * when known, is the target's `scope`.
 */
import type { Annotation, ClippingDetail } from '../../contract/shapes.ts';
import { colorOf, PALETTE, safeHttpUrl } from './meta.ts';
import { isAnchored } from './segments.ts';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

export const clippingIri = (id: number): string => `urn:cuttings:clipping:${id}`;
export const annotationIri = (id: number): string => `urn:cuttings:annotation:${id}`;

export interface WebAnnotation {
  '@context': typeof ANNO_CONTEXT;
  id: string;
  type: 'Annotation';
  motivation: 'highlighting' | 'commenting';
  created: string;
  modified: string;
  generator: { type: 'Software'; name: string };
  stylesheet: { type: 'CssStylesheet'; value: string };
  body?: { type: 'TextualBody'; value: string; format: 'text/markdown'; purpose: 'commenting' };
  target: {
    type: 'SpecificResource';
    source: string;
    scope?: string;
    styleClass: string;
    selector: Array<
      { type: 'TextQuoteSelector'; exact: string; prefix?: string; suffix?: string } | { type: 'TextPositionSelector'; start: number; end: number }
    >;
  };
}

export function webAnnotation(c: ClippingDetail, a: Annotation): WebAnnotation {
  const color = colorOf(a.color);
  const scope = safeHttpUrl(c.url) ?? safeHttpUrl(c.canonicalUrl) ?? safeHttpUrl(c.sourceUrl);
  const quote: WebAnnotation['target']['selector'][number] = {
    type: 'TextQuoteSelector',
    exact: a.quote,
    ...(a.prefix ? { prefix: a.prefix } : {}),
    ...(a.suffix ? { suffix: a.suffix } : {}),
  };
  const note = (a.note ?? '').trim();
  return {
    '@context': ANNO_CONTEXT,
    id: annotationIri(a.id),
    type: 'Annotation',
    motivation: note ? 'commenting' : 'highlighting',
    created: a.createdAt,
    modified: a.updatedAt,
    generator: { type: 'Software', name: 'Cuttings' },
    stylesheet: { type: 'CssStylesheet', value: `.${color} { background-color: ${PALETTE[color].css}; }` },
    ...(note ? { body: { type: 'TextualBody' as const, value: a.note, format: 'text/markdown' as const, purpose: 'commenting' as const } } : {}),
    target: {
      type: 'SpecificResource',
      source: clippingIri(c.id),
      ...(scope ? { scope } : {}),
      styleClass: color,
      selector: isAnchored(a, c.text) ? [quote, { type: 'TextPositionSelector', start: a.start, end: a.end }] : [quote],
    },
  };
}

/** The clipping as JSON-safe data; `annotations` are Web Annotations. */
export function clippingJson(c: ClippingDetail): Record<string, unknown> {
  const { annotations, ...rest } = c;
  return { iri: clippingIri(c.id), ...rest, annotations: (annotations ?? []).map((a) => webAnnotation(c, a)) };
}

export function jsonArticle(c: ClippingDetail): string {
  return `${JSON.stringify(clippingJson(c), null, 2)}\n`;
}

export function jsonCollection(clippings: readonly ClippingDetail[], o: { title: string; now: Date }): string {
  return `${JSON.stringify({ title: o.title, exportedAt: o.now.toISOString(), count: clippings.length, clippings: clippings.map(clippingJson) }, null, 2)}\n`;
}
