import { AmbiguousQuoteError, AnchorError, describeRange, locateQuote } from './anchor.ts';
import type { Handlers } from '../../contract/methods.ts';
import { ApiError } from '../../contract/errors.ts';
import type { Core } from '../context.ts';

type Area = Pick<Handlers, 'annotations.create' | 'annotations.list' | 'annotations.update' | 'annotations.delete'>;

/** Highlights with notes, stored as W3C TextQuote + TextPosition selectors. */
export function annotationHandlers(core: Core): Area {
  const mustFind = (annotationId: number) => {
    const a = core.annotations.get(annotationId);
    if (!a) throw new ApiError('not_found', `no annotation with id ${annotationId}`);
    core.live(a.clippingId);
    return a;
  };

  return {
    'annotations.create': ({ id, quote, prefix, suffix, start, end, color, note }) => {
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
    },

    'annotations.list': ({ id }) => {
      core.live(id);
      return core.annotations.forClipping(id);
    },

    'annotations.update': ({ annotationId, note, color }) => {
      mustFind(annotationId);
      core.write(() => core.annotations.update(annotationId, { note, color }, core.now()));
      return core.annotations.get(annotationId)!;
    },

    'annotations.delete': ({ annotationId }) => {
      mustFind(annotationId);
      core.write(() => core.annotations.delete(annotationId));
      return { annotationId, deleted: true };
    },
  };
}
