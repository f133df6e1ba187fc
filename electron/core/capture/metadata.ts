/**
 * Page metadata from the full page DOM, read before Readability mutates it.
 *
 * Sources in order of trust: JSON-LD (schema.org Article family, `@graph` aware, `@id`
 * references resolved), OpenGraph / `article:*`, Twitter cards, Dublin Core, plain
 * `<meta name=author|date|description>`, `<time datetime>`, `<link rel=canonical>`,
 * `<html lang>`. Each field takes the first candidate that survives cleaning (a date
 * must normalise, an author must look like a name, not a URL).
 *
 * Byline style: names joined as "A", "A and B", "A, B and C".
 */
import { streamSafe } from './fingerprint.ts';
import { normalizeIsoDate } from './dates.ts';
import { normalizeLangTag } from './lang.ts';

export interface PageMetadata {
  /** Headline without a " | Site" style suffix. */
  title: string | null;
  byline: string | null;
  /** Publication name (og:site_name, JSON-LD publisher/WebSite name, application-name). */
  siteName: string | null;
  /** Where the page says it lives (og:url, JSON-LD url), resolved against the base when known. */
  url: string | null;
  /** `<link rel=canonical>`, else JSON-LD mainEntityOfPage. */
  canonicalUrl: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  /** Normalised BCP 47 tag as declared, or null. */
  lang: string | null;
  description: string | null;
  image: string | null;
}

export interface MetadataOptions {
  /** Base for resolving relative URLs (the capture's address), if known. */
  baseUrl?: string | null;
}

type JsonObject = Record<string, unknown>;

const WS_RE = /\s+/g;
const ARTICLE_TYPE_RE =
  /(?:Article|BlogPosting|LiveBlogPosting|SocialMediaPosting|DiscussionForumPosting|Report|NewsArticle)$/;
const PAGE_TYPE_RE = /(?:WebPage|ItemPage|CollectionPage|AboutPage|ProfilePage|QAPage)$/;
const SCHEMA_PREFIX_RE = /^(?:https?:\/\/schema\.org\/|schema:)/i;
const URLISH_RE = /^(?:[a-z][a-z0-9+.-]*:|\/\/|www\.)|^[^\s]*\/[^\s]*$/i;
const CDATA_RE = /^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|\/\/\s*\]\]>|\]\]>)\s*$/g;
const JSON_CONTROL_RE = /[\u0000-\u001f]+/g;

const PUBLISHED_META = [
  'article:published_time',
  'og:published_time',
  'og:article:published_time',
  'published_time',
  'datepublished',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date',
  'dcterms.date',
  'dc.date.created',
  'dcterms.created',
  'date',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'publication_date',
  'article.published',
  'article_date_original',
  'original-publish-date',
  'sailthru.date',
  'parsely-pub-date',
  'cxenseparse:recs:publishtime',
];
const MODIFIED_META = [
  'article:modified_time',
  'og:updated_time',
  'og:modified_time',
  'article:updated_time',
  'datemodified',
  'dc.date.modified',
  'dcterms.modified',
  'last-modified',
  'lastmod',
  'article.updated',
];
const AUTHOR_META = ['article:author', 'og:article:author', 'author', 'dc.creator', 'dcterms.creator', 'sailthru.author', 'parsely-author', 'byl'];
const TITLE_META = ['og:title', 'twitter:title', 'dc.title', 'dcterms.title', 'title', 'headline', 'sailthru.title', 'parsely-title'];
const SITE_META = ['og:site_name', 'application-name', 'al:android:app_name', 'al:iphone:app_name', 'dc.publisher', 'dcterms.publisher'];
const DESCRIPTION_META = ['og:description', 'twitter:description', 'description', 'dc.description', 'dcterms.description'];
const IMAGE_META = ['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'];
const URL_META = ['og:url', 'twitter:url'];
const LANG_META = ['og:locale', 'content-language', 'language', 'dc.language', 'dcterms.language'];

/** Reads every `<meta>` once: key (property/name/itemprop/http-equiv, lower-cased) → values. */
function collectMeta(document: Document): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const el of Array.from(document.querySelectorAll('meta'))) {
    const content = el.getAttribute('content');
    if (content === null) continue;
    const value = content.replace(WS_RE, ' ').trim();
    if (!value) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const keys = el.getAttribute(attr);
      if (!keys) continue;
      // `property` may hold several space-separated names (RDFa).
      for (const key of keys.toLowerCase().split(WS_RE)) {
        if (!key) continue;
        const list = map.get(key);
        if (list) list.push(value);
        else map.set(key, [value]);
      }
    }
  }
  return map;
}

function metaValues(meta: Map<string, string[]>, keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const values = meta.get(key);
    if (values) out.push(...values);
  }
  return out;
}

// ---------------------------------------------------------------- JSON-LD

function parseJsonLd(text: string): unknown {
  const body = text.replace(CDATA_RE, '').trim();
  if (!body) return null;
  try {
    return JSON.parse(body);
  } catch {
    // Raw newlines/tabs inside strings are the commonest breakage.
    try {
      return JSON.parse(body.replace(JSON_CONTROL_RE, ' '));
    } catch {
      return null;
    }
  }
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function types(node: JsonObject): string[] {
  return toArray(node['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(SCHEMA_PREFIX_RE, ''));
}

interface JsonLd {
  article: JsonObject | null;
  page: JsonObject | null;
  website: JsonObject | null;
  byId: Map<string, JsonObject>;
}

function collectJsonLd(document: Document): JsonLd {
  const nodes: JsonObject[] = [];
  const byId = new Map<string, JsonObject>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 4) return;
    if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
    } else if (isObject(v)) {
      if (typeof v['@id'] === 'string' && Object.keys(v).length > 1 && !byId.has(v['@id'])) byId.set(v['@id'], v);
      if (v['@type'] !== undefined) nodes.push(v);
      if (v['@graph'] !== undefined) visit(v['@graph'], depth + 1);
      // An article nested as the page's main entity.
      if (isObject(v.mainEntity)) visit(v.mainEntity, depth + 1);
    }
  };
  for (const script of Array.from(document.querySelectorAll('script'))) {
    const type = (script.getAttribute('type') ?? '').toLowerCase().trim();
    if (type !== 'application/ld+json') continue;
    visit(parseJsonLd(script.textContent ?? ''), 0);
  }
  let article: JsonObject | null = null;
  let page: JsonObject | null = null;
  let website: JsonObject | null = null;
  for (const node of nodes) {
    const t = types(node);
    if (t.some((x) => ARTICLE_TYPE_RE.test(x))) {
      // Prefer the first article with a headline (listings may precede it without one).
      if (!article || (!hasText(article.headline) && hasText(node.headline))) article = node;
    } else if (!page && t.some((x) => PAGE_TYPE_RE.test(x))) page = node;
    else if (!website && t.includes('WebSite')) website = node;
  }
  return { article, page, website, byId };
}

function hasText(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

function resolveRef(v: unknown, byId: Map<string, JsonObject>): unknown {
  if (isObject(v) && typeof v['@id'] === 'string' && v.name === undefined) return byId.get(v['@id']) ?? v;
  return v;
}

function textOf(v: unknown): string | null {
  if (typeof v === 'string') return clean(v);
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    for (const item of v) {
      const t = textOf(item);
      if (t) return t;
    }
    return null;
  }
  if (isObject(v) && v['@value'] !== undefined) return textOf(v['@value']);
  return null;
}

/** Names from a JSON-LD person/organization value (string, object, @id ref, or array). */
function jsonLdNames(v: unknown, byId: Map<string, JsonObject>): string[] {
  const out: string[] = [];
  for (const item of toArray(v)) {
    const node = resolveRef(item, byId);
    if (typeof node === 'string') {
      out.push(node);
    } else if (isObject(node)) {
      const name =
        textOf(node.name) ??
        ([textOf(node.givenName), textOf(node.familyName)].filter(Boolean).join(' ') || null);
      if (name) out.push(name);
    }
  }
  return out;
}

function jsonLdUrl(v: unknown, byId: Map<string, JsonObject>): string | null {
  for (const item of toArray(v)) {
    const node = resolveRef(item, byId);
    if (typeof node === 'string' && node.trim()) return node.trim();
    if (isObject(node)) {
      const u = textOf(node.url) ?? textOf(node.contentUrl) ?? (typeof node['@id'] === 'string' ? node['@id'] : null);
      if (u) return u;
    }
  }
  return null;
}

// ---------------------------------------------------------------- cleaning

const ENTITY_RE = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/gi;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', middot: '·', bull: '•',
  copy: '©', reg: '®', trade: '™', pound: '£', euro: '€', eacute: 'é', egrave: 'è', aacute: 'á',
  iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', ccedil: 'ç', uuml: 'ü', ouml: 'ö', auml: 'ä',
};

/** Metadata is often HTML-escaped twice ("&#8216;", "&amp;nbsp;"): decode what is left. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY_RE, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? m;
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : m;
  });
}

function clean(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = decodeEntities(s).replace(WS_RE, ' ').trim();
  return t || null;
}

function firstText(...candidates: (string | null | undefined)[]): string | null {
  for (const c of candidates) {
    const t = clean(c);
    if (t) return t;
  }
  return null;
}

function resolveUrl(raw: string | null | undefined, base: string | null): string | null {
  const u = clean(raw);
  if (!u) return null;
  if (base) {
    try {
      return new URL(u, base).href;
    } catch {
      return u;
    }
  }
  return u;
}

/** A usable publication name: not a URL, a bare host or a @handle. */
export function isSiteName(name: string | null | undefined): name is string {
  const n = name?.trim();
  return !!n && !URLISH_RE.test(n) && !n.startsWith('@');
}

/** Lower-case letters and digits only, accents removed: for comparing names. */
export function looseKey(s: string): string {
  return streamSafe(s)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const TITLE_SEP_RE = /\s+(?:[|\-–—·•»~\/:]|::|\|\|)\s+|\s*[|•»·]\s*/g;
const LEADING_THE_RE = /^the/;

/** Keys a site could be called by: its names, and its host's main label(s). */
function siteKeys(siteNames: readonly string[], host: string | null): string[] {
  const keys = new Set<string>();
  for (const n of siteNames) {
    const k = looseKey(n);
    if (k.length >= 2) {
      keys.add(k);
      keys.add(k.replace(LEADING_THE_RE, ''));
    }
  }
  if (host) {
    const labels = host.toLowerCase().replace(/^www\d*\./, '').split('.');
    // "theguardian.com" → "theguardian"; "bbc.co.uk" → "bbc"; also the whole host.
    keys.add(looseKey(labels.join('.')));
    const main = labels.length >= 3 && (labels.at(-2)?.length ?? 0) <= 3 ? labels.at(-3) : labels.at(-2);
    if (main && main.length >= 3) keys.add(looseKey(main));
  }
  keys.delete('');
  return [...keys];
}

function matchesSite(segment: string, keys: readonly string[]): boolean {
  const k = looseKey(segment);
  if (k.length < 2) return false;
  const kk = k.replace(LEADING_THE_RE, '');
  return keys.some(
    (s) =>
      s === k ||
      s === kk ||
      (Math.min(s.length, k.length) >= 3 && (k.startsWith(s) || s.startsWith(k))) ||
      // "nytimes" vs "The New York Times": initials are not attempted; host label within.
      (s.length >= 5 && k.includes(s) && k.length <= s.length + 12),
  );
}

const DOMAIN_RE = /^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$/i;
const OUTLET_WORD_RE = /\b(?:business|news|media|wire|staff|digital|online|sports?|politics|tech|money|travel)\b/i;

/** Stricter than matchesSite (bylines hold people's names): "CNN", "The CNN", "CNN Business". */
function isOutletName(segment: string, keys: readonly string[]): boolean {
  const k = looseKey(segment);
  const kk = k.replace(LEADING_THE_RE, '');
  return keys.some(
    (s) =>
      s === k ||
      s === kk ||
      (s.length >= 3 && k.startsWith(s) && (OUTLET_WORD_RE.test(segment) || DOMAIN_RE.test(segment))) ||
      (k.length >= 8 && s.startsWith(k)),
  );
}

/**
 * Strips a site-name suffix (" | Site", " - Site", " — Site") or prefix ("Site: …",
 * "Site | …") when it matches one of `siteNames` or the host. Never returns empty.
 */
export function cleanTitle(title: string, siteNames: readonly string[], host: string | null = null): string {
  const t = title.replace(WS_RE, ' ').trim();
  const keys = siteKeys(siteNames, host);
  if (keys.length === 0) return t;
  const seps = [...t.matchAll(TITLE_SEP_RE)];
  if (seps.length === 0) return t;
  let start = 0;
  let end = t.length;
  const last = seps.at(-1)!;
  const suffix = t.slice(last.index + last[0].length);
  if (matchesSite(suffix, keys) && last.index > 0) end = last.index;
  const first = seps[0]!;
  if (first.index + first[0].length < end) {
    const prefix = t.slice(0, first.index);
    const rest = t.slice(first.index + first[0].length, end);
    if (matchesSite(prefix, keys) && rest.length >= 10) start = first.index + first[0].length;
  }
  const out = t.slice(start, end).trim();
  return out || t;
}

const BY_PREFIX_RE =
  /^(?:(?:(?:written|words|story|reporting|text|report|posted|published|photos?|analysis|opinion|commentary|interview)\s+)?(?:by|por|par)\b\s*:?\s*|(?:text|texto|testo|текст|автор|author|autor)\s*:\s*)/iu;
const CREDENTIAL_RE = /^(?:MS|MA|MSc|BSc|MD|PhD|Ph\.D\.?|RD|RDN|MPH|RN|DO|MBA|CPA|JD|Esq\.?|Jr\.?|Sr\.?|II|III|FRCP)$/;
const ALL_CAPS_RE = /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u;
const WORD_START_RE = /(^|[\s'’-])(\p{L})(\p{L}*)/gu;
const FOLLOW_RE = /^follow\s+|\s*(?:\bfollow|(?<=\p{L})Follow)(?:\s+(?:on\s+)?(?:twitter|x|facebook|instagram|linkedin))?\s*$/iu;
const IS_A_RE = /\s+(?:is|was)\s+(?:a|an|the|our)\s+.*$/i;
const BYLINE_SPLIT_RE = /\s*(?:,|;|\||\s&\s|\sand\s|\s[–—-]\s|\n)\s*/i;
const JOB_RE = new RegExp(
  String.raw`\b(?:reporter|correspondent|editor|editors|writer|journalist|staff|contributor|contributing|columnist|producer|analyst|critic|chief|senior|deputy|head\s+of|director|photographer|intern|fellow|bureau|desk|freelance|special\s+to|news\s+service|updated|published|minutes?\s+read|min\s+read|in\s+[A-Z])\b`,
  'i',
);
const AFFILIATION_RE = /\s+for\s+\S.*$/i;
const EMAIL_OR_HANDLE_RE = /\S+@\S+\.\S+|(?:^|\s)@\w+/g;
const HAS_LETTER_RE = /\p{L}/u;
const DIGITS_RE = /\d{2,}/;

/** Joins names as "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Cleans author values into one byline: drops "By", "Follow", job titles, e-mails,
 * handles and URLs; de-duplicates; joins as "A, B and C".
 */
export function cleanByline(raw: readonly string[], siteNames: readonly string[] = []): string | null {
  const names: string[] = [];
  const seen = new Set<string>();
  const siteKeyList = siteKeys(siteNames, null);
  let dropped = 0;
  for (const value of raw) {
    let v = value.replace(WS_RE, ' ').trim();
    if (!v || URLISH_RE.test(v)) continue;
    v = v.replace(BY_PREFIX_RE, '').replace(EMAIL_OR_HANDLE_RE, ' ').replace(FOLLOW_RE, '').replace(IS_A_RE, '');
    const parts = v.split(BYLINE_SPLIT_RE);
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i]!.replace(BY_PREFIX_RE, '').replace(FOLLOW_RE, '').trim();
      // "Jane Doe for CNN": keep the name; a later "NJ Advance Media for NJ.com" is an affiliation.
      if (AFFILIATION_RE.test(part)) {
        if (i > 0) continue;
        part = part.replace(AFFILIATION_RE, '').trim();
      }
      if (!part || !HAS_LETTER_RE.test(part) || DIGITS_RE.test(part)) continue;
      if (JOB_RE.test(part) || URLISH_RE.test(part) || (i > 0 && CREDENTIAL_RE.test(part))) continue;
      if (part.length > 60 || part.split(' ').length > 6) continue;
      // "Sandee LaMotte, CNN" on cnn.com: the outlet is not an author (unless it is the only one).
      if (siteKeyList.length > 0 && isOutletName(part, siteKeyList)) {
        dropped++;
        if (names.length > 0 || i < parts.length - 1) continue;
      }
      // "TOM KRISHER" → "Tom Krisher" (two letters or fewer stay: "AP", "PA").
      if (part.length > 3 && ALL_CAPS_RE.test(part) && part.includes(' ')) {
        part = part.toLowerCase().replace(WORD_START_RE, (_m, pre: string, a: string, rest: string) => pre + a.toUpperCase() + rest);
      }
      const key = looseKey(part);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      names.push(part);
    }
  }
  if (names.length === 0 && dropped > 0) {
    // Only the outlet was named: keep it as the byline after all.
    return cleanByline(raw, []);
  }
  return joinNames(names);
}

function firstDate(candidates: readonly (string | null | undefined)[]): string | null {
  for (const c of candidates) {
    if (!c) continue;
    const d = normalizeIsoDate(c);
    if (d) return d;
  }
  return null;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

function timeCandidates(document: Document): { published: string[]; any: string[] } {
  const published: string[] = [];
  const any: string[] = [];
  for (const el of Array.from(document.querySelectorAll('time[datetime]'))) {
    const dt = el.getAttribute('datetime');
    if (!dt) continue;
    const itemprop = (el.getAttribute('itemprop') ?? '').toLowerCase();
    if (el.hasAttribute('pubdate') || itemprop === 'datepublished') published.push(dt);
    else if (itemprop !== 'datemodified') any.push(dt);
  }
  return { published, any };
}

function linkHref(document: Document, rel: string): string | null {
  for (const el of Array.from(document.querySelectorAll('link[rel]'))) {
    const rels = (el.getAttribute('rel') ?? '').toLowerCase().split(WS_RE);
    if (rels.includes(rel)) {
      const href = clean(el.getAttribute('href'));
      if (href) return href;
    }
  }
  return null;
}

/** Collects page metadata. Does not modify the document. */
export function extractMetadata(document: Document, opts: MetadataOptions = {}): PageMetadata {
  const meta = collectMeta(document);
  const ld = collectJsonLd(document);
  const a = ld.article ?? {};
  const page = ld.page ?? {};
  const byId = ld.byId;

  const baseHref = clean(document.querySelector('base[href]')?.getAttribute('href'));
  let base = opts.baseUrl ?? null;
  if (baseHref) base = resolveUrl(baseHref, base) ?? base;
  if (base && !/^[a-z][a-z0-9+.-]*:/i.test(base)) base = null;

  // URLs first: the host helps clean the title.
  const url = resolveUrl(firstText(...metaValues(meta, URL_META), textOf(a.url), textOf(page.url)), base);
  const canonicalUrl = resolveUrl(
    linkHref(document, 'canonical') ?? jsonLdUrl(a.mainEntityOfPage, byId) ?? null,
    base,
  );

  const siteName = firstText(
    ...[
      meta.get('og:site_name')?.[0],
      jsonLdNames(a.publisher, byId)[0],
      ld.website ? textOf(ld.website.name) : null,
      ...metaValues(meta, SITE_META),
    ].filter(isSiteName),
  );
  const siteNames = [
    siteName,
    ...jsonLdNames(a.publisher, byId),
    ld.website ? textOf(ld.website.name) : null,
    ...metaValues(meta, SITE_META),
  ].filter((s): s is string => !!s);

  const rawTitle = firstText(
    textOf(a.headline),
    textOf(a.name),
    ...metaValues(meta, TITLE_META),
    document.querySelector('title')?.textContent,
  );
  const host = hostOf(opts.baseUrl ?? null) ?? hostOf(url) ?? hostOf(canonicalUrl);
  const title = rawTitle ? cleanTitle(rawTitle, siteNames, host) : null;

  const authorValues = [...jsonLdNames(a.author, byId), ...jsonLdNames(a.creator, byId)];
  let byline = cleanByline(authorValues, siteNames);
  if (!byline) {
    for (const key of AUTHOR_META) {
      byline = cleanByline(meta.get(key) ?? [], siteNames);
      if (byline) break;
    }
  }

  const times = timeCandidates(document);
  const publishedAt = firstDate([
    textOf(a.datePublished),
    ...metaValues(meta, PUBLISHED_META),
    textOf(page.datePublished),
    ...times.published,
    textOf(a.dateCreated),
    ...times.any.slice(0, 1),
  ]);
  const modifiedAt = firstDate([textOf(a.dateModified), ...metaValues(meta, MODIFIED_META), textOf(page.dateModified)]);

  let lang: string | null = null;
  for (const c of [
    textOf(a.inLanguage),
    textOf(page.inLanguage),
    document.documentElement?.getAttribute('lang'),
    document.documentElement?.getAttribute('xml:lang'),
    ...metaValues(meta, LANG_META),
  ]) {
    lang = normalizeLangTag(c ? c.split(',')[0] : null);
    if (lang) break;
  }

  const description = firstText(textOf(a.description), ...metaValues(meta, DESCRIPTION_META));
  const image = resolveUrl(jsonLdUrl(a.image, byId) ?? firstText(...metaValues(meta, IMAGE_META)), base);

  return { title, byline, siteName, url, canonicalUrl, publishedAt, modifiedAt, lang, description, image };
}
