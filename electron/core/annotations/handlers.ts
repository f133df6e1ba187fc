import { AmbiguousQuoteError, AnchorError, describeRange, locateQuote } from './anchor.ts';
import type { ArgsOut, Handlers } from '../../contract/methods.ts';
import type { Annotation } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import type { Core } from '../context.ts';

type Area = Pick<Handlers, 'annotations.create' | 'annotations.list' | 'annotations.update' | 'annotations.delete'>;

/** Highlights with notes, stored as W3C TextQuote + TextPosition selectors. */
export function annotationHandlers(core: Core): Area {
  return {
    'annotations.create': (args) => createAnnotation(core, args),
    'annotations.list': ({ id }) => listAnnotations(core, id),
    'annotations.update': (args) => updateAnnotation(core, args),
    'annotations.delete': ({ annotationId }) => deleteAnnotation(core, annotationId),
  };
}

/** A highlight by quote (with optional context) or by character range in the clipping's text. */
export function createAnnotation(core: Core, { id, quote, prefix, suffix, start, end, color, note }: ArgsOut<'annotations.create'>): Annotation {
  const c = core.live(id);
  let range: { start: number; end: number };
  try {
    range = quote !== undefined ? locateQuote(c.text, { exact: quote, prefix, suffix }) : { start: start!, end: end! };
    const sel = describeRange(c.text, range.start, range.end);
    const annotationId = core.write(() => core.annotations.insert({ clippingId: id, ...sel, color, note }, core.now()));
    return core.annotations.get(annotationId)!;
  } catch (err) {
    if (err instanceof AmbiguousQuoteError || err instanceof AnchorError) throw new ApiError('bad_input', err.message);
    throw err;
  }
}

export function listAnnotations(core: Core, id: number): Annotation[] {
  core.live(id);
  return core.annotations.forClipping(id);
}

export function updateAnnotation(core: Core, { annotationId, note, color }: ArgsOut<'annotations.update'>): Annotation {
  mustFind(core, annotationId);
  core.write(() => core.annotations.update(annotationId, { note, color }, core.now()));
  return core.annotations.get(annotationId)!;
}

export function deleteAnnotation(core: Core, annotationId: number): { annotationId: number; deleted: true } {
  mustFind(core, annotationId);
  core.write(() => core.annotations.delete(annotationId));
  return { annotationId, deleted: true };
}

/** The annotation, which must exist on a live clipping. */
function mustFind(core: Core, annotationId: number): Annotation {
  const a = core.annotations.get(annotationId);
  if (!a) throw new ApiError('not_found', `no annotation with id ${annotationId}`);
  core.live(a.clippingId);
  return a;
}
