/**
 * Allowlist sanitiser for stored article HTML (sanitize-html over htmlparser2).
 *
 * Why not DOMPurify: with a linkedom window it returns its input unchanged (see
 * /work/shared/TOOLCHAIN.md). sanitize-html does not need a DOM.
 *
 * Policy: text structure only. Tags outside the allowlist are unwrapped (their text
 * stays), except the ones in DROP_WITH_CONTENT, which go with everything inside them.
 * No style/class/id/on* attributes; URLs only http(s)/mailto (plus relative), images
 * also `data:image/(png|jpeg|gif|webp)`. Links get rel="noopener noreferrer nofollow".
 */
import type sanitize from 'sanitize-html';
import { onFirstUse, requirePackage } from './on-first-use.ts';

const sanitizer = onFirstUse(() => requirePackage('sanitize-html') as typeof sanitize);

/** Exported for tests, which re-parse the output and check it against the same lists. */
export const ALLOWED_TAGS: readonly string[] = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'blockquote', 'pre', 'code', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup',
  'br', 'hr', 'a', 'figure', 'figcaption', 'img',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'time', 'abbr', 'q', 'cite', 'mark', 'small', 'span', 'div',
  'section', 'article', 'header', 'footer',
];

const GLOBAL_ATTRIBUTES = ['lang', 'dir'];

export const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  '*': GLOBAL_ATTRIBUTES,
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  time: ['datetime'],
  abbr: ['title'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
};

/** Removed together with their whole content (not just unwrapped). */
const DROP_WITH_CONTENT = [
  'script', 'style', 'textarea', 'option', 'select', 'xmp', 'noscript', 'noembed', 'noframes',
  'iframe', 'frame', 'frameset', 'object', 'applet', 'embed', 'form', 'button', 'input',
  'svg', 'math', 'template', 'title', 'head', 'canvas', 'audio', 'video', 'map', 'dialog',
  'plaintext', 'listing', 'base', 'meta', 'link', 'param', 'source', 'track',
];

const LINK_REL = 'noopener noreferrer nofollow';
const SAFE_DATA_IMAGE_RE = /^data:image\/(?:png|jpeg|jpg|gif|webp)[;,]/i;
/** What a browser ignores inside a URL: ASCII whitespace and controls (incl. tab/newline). */
const URL_IGNORED_RE = /[\u0000-\u0020\u007f-\u009f]+/g;
const DIR_VALUES = new Set(['ltr', 'rtl', 'auto']);

const OPTIONS: sanitize.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: Object.fromEntries(Object.entries(ALLOWED_ATTRIBUTES).map(([k, v]) => [k, [...v]])),
  allowedClasses: {},
  allowedSchemes: ['http', 'https', 'mailto'],
  // `cuttings-image:` is a stored copy of an image that came with the capture.
  allowedSchemesByTag: { img: ['http', 'https', 'data', 'cuttings-image'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'longdesc', 'usemap'],
  allowProtocolRelative: true,
  allowedIframeHostnames: [],
  disallowedTagsMode: 'discard',
  nonTextTags: DROP_WITH_CONTENT,
  selfClosing: ['img', 'br', 'hr'],
  allowVulnerableTags: false,
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    a: (tagName, attribs) => {
      const out: sanitize.Attributes = { ...attribs, rel: LINK_REL };
      return { tagName, attribs: out };
    },
    img: (tagName, attribs) => {
      const out: sanitize.Attributes = { ...attribs };
      const src = out.src;
      if (src !== undefined) {
        const compact = src.replace(URL_IGNORED_RE, '');
        if (/^data:/i.test(compact) && !SAFE_DATA_IMAGE_RE.test(compact)) delete out.src;
      }
      return { tagName, attribs: out };
    },
    '*': (tagName, attribs) => {
      if (attribs.dir !== undefined && !DIR_VALUES.has(attribs.dir.toLowerCase())) {
        const out: sanitize.Attributes = { ...attribs };
        delete out.dir;
        return { tagName, attribs: out };
      }
      return { tagName, attribs };
    },
  },
};

/** Sanitises article HTML for storage and display. */
export function sanitizeHtml(html: string): string {
  return sanitizer()(html, OPTIONS);
}
