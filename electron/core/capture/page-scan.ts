/**
 * The elements page metadata (metadata.ts, visible.ts) and the consent-overlay pass
 * (html.ts) read, found in one walk over the document instead of a selector query each:
 * every query was a walk over the whole page (ten or more per import). Each list is what
 * `document.querySelectorAll(selector)` gives, in document order; each single element
 * what `querySelector` gives (tests/capture/page-scan.test.ts holds it to both).
 */
export interface PageElements {
  /** `meta` */
  metas: Element[];
  /** `script` */
  scripts: Element[];
  /** `base[href]` */
  base: Element | null;
  /** `link[rel]` */
  links: Element[];
  /** `title` */
  title: Element | null;
  /** `time[datetime]` */
  times: Element[];
  /** `h1` */
  h1s: Element[];
  /** `article h1, main h1, [role="main"] h1` */
  scopedH1: Element | null;
  /** `article footer p, article footer div, article footer span` */
  signatures: Element[];
  /** Whether any element is `article, main, [itemprop="articleBody"], [role="main"]`. */
  articleContainer: boolean;
  /** Elements whose class or id contains one of CONSENT_NAME_PARTS (`[class*="consent"], [id*="consent"], …`). */
  consentNamed: Element[];
}

/** Consent overlays by their class or id: "consent-overlay", "cookie-banner", "gdpr", "cmp-container" (case as written). */
const CONSENT_NAME_PARTS = ['consent', 'cookie', 'gdpr', 'cmp-'] as const;

function consentNamed(value: string | null): boolean {
  if (!value) return false;
  for (const part of CONSENT_NAME_PARTS) if (value.includes(part)) return true;
  return false;
}

export function scanPage(document: Document): PageElements {
  const found: PageElements = { metas: [], scripts: [], base: null, links: [], title: null, times: [], h1s: [], scopedH1: null, signatures: [], articleContainer: false, consentNamed: [] };
  // Open ancestors that put an element in scope: <article>/<main>/[role=main] for the
  // scoped <h1>, <article> and <footer>s inside one for signature blocks.
  let inMain = 0;
  let inArticle = 0;
  let inArticleFooter = 0;
  const visit = (el: Element): void => {
    const tag = el.localName;
    switch (tag) {
      case 'meta':
        found.metas.push(el);
        break;
      case 'script':
        found.scripts.push(el);
        break;
      case 'base':
        if (found.base === null && el.hasAttribute('href')) found.base = el;
        break;
      case 'link':
        if (el.hasAttribute('rel')) found.links.push(el);
        break;
      case 'title':
        found.title ??= el;
        break;
      case 'time':
        if (el.hasAttribute('datetime')) found.times.push(el);
        break;
      case 'h1':
        found.h1s.push(el);
        if (inMain > 0) found.scopedH1 ??= el;
        break;
      case 'p':
      case 'div':
      case 'span':
        if (inArticleFooter > 0) found.signatures.push(el);
        break;
    }
    const role = el.getAttribute('role');
    if (!found.articleContainer && (tag === 'article' || tag === 'main' || role === 'main' || el.getAttribute('itemprop') === 'articleBody')) found.articleContainer = true;
    if (consentNamed(el.getAttribute('class')) || consentNamed(el.getAttribute('id'))) found.consentNamed.push(el);
    const first = el.firstElementChild;
    if (first === null) return;
    const main = tag === 'article' || tag === 'main' || role === 'main';
    const footer = tag === 'footer' && inArticle > 0;
    if (main) inMain++;
    if (tag === 'article') inArticle++;
    if (footer) inArticleFooter++;
    for (let child: Element | null = first; child; child = child.nextElementSibling) visit(child);
    if (main) inMain--;
    if (tag === 'article') inArticle--;
    if (footer) inArticleFooter--;
  };
  if (document.documentElement) visit(document.documentElement);
  return found;
}
