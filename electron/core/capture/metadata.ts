/**
 * Page metadata from the full page DOM, read before Readability mutates it.
 *
 * Sources in order of trust: JSON-LD (schema.org Article family, `@graph` aware, `@id`
 * references resolved), OpenGraph / `article:*`, Twitter cards, Dublin Core, plain
 * `<meta name=author|date|description>`, `<time datetime>`, `<link rel=canonical>`,
 * `<html lang>`. Each field takes the first candidate that survives cleaning (a date
 * must normalise, an author must look like a name, not a URL).
 *
 * Then what a reader sees (visible.ts): the <h1> is the title when a title candidate
 * confirms it; the lines around it give the byline, the publication and change dates
 * (in eight languages) when the meta data give none; the logo, the copyright line, the
 * domain and a table of well-known news domains (outlets.ts) name the outlet; the URL
 * gives the date last. A day a <time> element shows beats a UTC machine date one day off.
 *
 * Byline style: names joined as "A", "A and B", "A, B and C".
 */
import { streamSafe } from './fingerprint.ts';
import { type CaptureTime, findLocalDate, normalizeIsoDate, parseLocalDate, parseRelativeDate } from './dates.ts';
import { normalizeLangTag } from './lang.ts';
import { isGenericOutlet, knownOutlet } from './outlets.ts';
import { type PageElements, scanPage } from './page-scan.ts';
import { headerLines, pageLines, type PageLines } from './visible.ts';

export interface PageMetadata {
  /** Headline without a " | Site" style suffix. */
  title: string | null;
  byline: string | null;
  /** Publication name (og:site_name, JSON-LD publisher/WebSite name, application-name, the title's confirmed site part, the domain …). */
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
  /** A wiki article (MediaWiki): a living page whose creation day is no publication date. */
  undated: boolean;
}

export interface MetadataOptions {
  /** Base for resolving relative URLs (the capture's address), if known. */
  baseUrl?: string | null;
  /** When the capture was made, if it says: a relative date in the header ("2 hours ago") is read against it, and only then. */
  capturedAt?: CaptureTime | null;
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
function collectMeta(metas: readonly Element[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const el of metas) {
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

function collectJsonLd(scripts: readonly Element[]): JsonLd {
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
  for (const script of scripts) {
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

/** A usable publication name: not a URL, a bare host, a @handle or a section word ("Hosted", "News"). */
export function isSiteName(name: string | null | undefined): name is string {
  const n = name?.trim();
  return !!n && !URLISH_RE.test(n) && !n.startsWith('@') && !isGenericOutlet(n);
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
  /^(?:(?:(?:written|words|story|reporting|text|report|posted|published|photos?|analysis|opinion|commentary|interview)\s+)?(?:by|por|par|von|door|przez)\b\s*:?\s*|(?:text|texto|testo|tekst|текст|автор|author|autor(?:zy|ka|es|en)?|auteurs?|autore|autori)\s*:\s*)/iu;
const CREDENTIAL_RE = /^(?:MS|MA|MSc|BSc|MD|PhD|Ph\.D\.?|RD|RDN|MPH|RN|DO|MBA|CPA|JD|Esq\.?|Jr\.?|Sr\.?|II|III|FRCP)$/;
const ALL_CAPS_RE = /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u;
const WORD_START_RE = /(^|[\s'’-])(\p{L})(\p{L}*)/gu;
const FOLLOW_RE = /^follow\s+|\s*(?:\bfollow|(?<=\p{L})Follow)(?:\s+(?:on\s+)?(?:twitter|x|facebook|instagram|linkedin))?\s*$/iu;
const IS_A_RE = /\s+(?:is|was)\s+(?:a|an|the|our)\s+.*$/i;
/** Separators between names, with "and" in the eight languages read ("und", "et", "y", "e", "i", "en"). */
const BYLINE_SPLIT_RE = /\s*(?:,|;|\||·|\s&\s|\s(?:and|und|et|y|e|i|en)\s|\s[–—-]\s|\n)\s*/i;
/** "Martin Untersinger (avec Damien Leloup et Morgane Tual)": contributors, not the story's authors. */
const CONTRIBUTORS_RE = /\s*\((?:avec|with|mit|con|met|com|z)\s[^()]*\)/gi;
/** "Louis Jacobson on Monday", "Anna Nowak, wtorek": a weekday is never part of a name. */
const WEEKDAY_TAIL_RE =
  /(?:^|\s+)(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira)(?![\p{L}]).*$/iu;
const JOB_RE = new RegExp(
  String.raw`\b(?:reporters?|correspondents?|editors?|writers?|journalists?|staff|contributors?|contributing|columnists?|producers?|analysts?|critics?|chief|senior|deputy|head\s+of|director|photographers?|intern|fellow|bureau|desk|freelance|special\s+to|news\s+service|updated|published|posted|minutes?\s+read|min\s+read|in\s+[A-Z]|redakteur(?:in)?|korrespondent(?:in)?|redaktion|rédaction|redacción|redazione|redactie|redakcja|redação|editorial|admin|administrator|team|aktualisiert|veröffentlicht|publiziert|publié|publicado|pubblicato|gepubliceerd|geplaatst|opublikowano|atualizado|actualizado|aggiornato|bijgewerkt|zaktualizowano|share|shares|teilen|partager|compartir|condividi|delen|udostępnij|partilhar|tweet|print|drucken|imprimer|imprimir|stampa|comments?|kommentare?)(?![\p{L}])`,
  'iu',
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

/** News agencies whose credit stands in a byline on its own (compared case-insensitively). */
const AGENCY_CREDITS = new Set([
  'ap', 'associated press', 'the associated press', 'reuters', 'afp', 'agence france-presse', 'dpa', 'pa', 'pa media',
  'press association', 'ansa', 'efe', 'pap', 'lusa', 'anp', 'belga', 'apa', 'sda', 'keystone-sda', 'epa', 'xinhua',
  'kyodo', 'tass', 'yonhap', 'pti', 'ians', 'the canadian press', 'bloomberg', 'kna', 'epd', 'agência lusa', 'europa press',
]);
const PARENS_RE = /^[(\[]\s*|\s*[)\]]$/g;

/** The agency's name as written when `part` is only an agency credit ("(PAP)", "dpa", "Reuters"), else null. */
function agencyCredit(part: string): string | null {
  const t = part.replace(PARENS_RE, '').trim();
  return AGENCY_CREDITS.has(t.toLowerCase()) ? t : null;
}

/** True when a byline names only news agencies ("Reuters", "AP and dpa"). */
export function isAgencyOnly(byline: string): boolean {
  return byline.split(BYLINE_SPLIT_RE).every((part) => agencyCredit(part) !== null);
}

/** An all-caps name glued to the next credit by adjacent spans: "JILL LAWLESSAssociated Press". */
const GLUED_CAPS_RE = /(?<=\p{Lu})(\p{Lu})(?=\p{Lu}\p{Ll})/gu;

/** Words that make a byline part an organisation, not a person. */
const ORGANISATION_RE = /^the\s|\b(?:news|media|magazine|times|post|daily|tv|radio|press|online|digital|network|group|inc|ltd|llc|gmbh)\b/i;
/** A user name rather than a person's: one lower-case word ("jdadmin"), or one with "_" ("kei_eno"). */
const HANDLE_RE = /^[\p{Ll}\d.-]+$|_/u;

/**
 * Cleans author values into one byline: drops "By", "Follow", job titles, e-mails,
 * handles, URLs, site accounts, desk credits and organisations (an agency credit stays);
 * de-duplicates; joins as "A, B and C". A person's name has at least two words unless
 * `people` says the values are people's names (JSON-LD `Person` nodes).
 */
export function cleanByline(raw: readonly string[], siteNames: readonly string[] = [], opts: { people?: boolean } = {}): string | null {
  const names: string[] = [];
  const seen = new Set<string>();
  const siteKeyList = siteKeys(siteNames, null);
  for (const value of raw) {
    // The label first: "Autorzy:" would pass for a URL scheme.
    let v = value.replace(WS_RE, ' ').trim().replace(BY_PREFIX_RE, '');
    if (!v || URLISH_RE.test(v)) continue;
    v = v.replace(GLUED_CAPS_RE, '$1, ').replace(CONTRIBUTORS_RE, '').replace(EMAIL_OR_HANDLE_RE, ' ').replace(FOLLOW_RE, '').replace(IS_A_RE, '');
    const parts = v.split(BYLINE_SPLIT_RE);
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i]!.replace(BY_PREFIX_RE, '').replace(FOLLOW_RE, '').replace(WEEKDAY_TAIL_RE, '').trim();
      // "Jane Doe for CNN": keep the name; a later "NJ Advance Media for NJ.com" is an affiliation.
      if (AFFILIATION_RE.test(part)) {
        if (i > 0) continue;
        part = part.replace(AFFILIATION_RE, '').trim();
      }
      if (!part || !HAS_LETTER_RE.test(part) || DIGITS_RE.test(part)) continue;
      const agency = agencyCredit(part);
      if (agency) part = agency;
      else {
        if (JOB_RE.test(part) || URLISH_RE.test(part) || (i > 0 && CREDENTIAL_RE.test(part))) continue;
        if (part.length > 60 || part.split(' ').length > 6) continue;
        // "Sandee LaMotte, CNN" on cnn.com, "BBC News", "The Water Coolest", "jdadmin": not people.
        if (HANDLE_RE.test(part) || (!opts.people && (!part.includes(' ') || !STARTS_UPPER_RE.test(part) || ORGANISATION_RE.test(part)))) continue;
        if (siteKeyList.length > 0 && isOutletName(part, siteKeyList)) continue;
        // "TOM KRISHER" → "Tom Krisher".
        if (ALL_CAPS_RE.test(part)) {
          part = part.toLowerCase().replace(WORD_START_RE, (_m, pre: string, a: string, rest: string) => pre + a.toUpperCase() + rest);
        }
      }
      const key = looseKey(part);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      names.push(part);
    }
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

function timeCandidates(times: readonly Element[]): { published: string[]; any: string[] } {
  const published: string[] = [];
  const any: string[] = [];
  for (const el of times) {
    const dt = el.getAttribute('datetime');
    if (!dt) continue;
    const itemprop = (el.getAttribute('itemprop') ?? '').toLowerCase();
    if (el.hasAttribute('pubdate') || itemprop === 'datepublished') published.push(dt);
    else if (itemprop !== 'datemodified') any.push(dt);
  }
  return { published, any };
}

function linkHref(links: readonly Element[], rel: string): string | null {
  for (const el of links) {
    const rels = (el.getAttribute('rel') ?? '').toLowerCase().split(WS_RE);
    if (rels.includes(rel)) {
      const href = clean(el.getAttribute('href'));
      if (href) return href;
    }
  }
  return null;
}

// ---------------------------------------------------------------- what the page shows

/** Between a byline, a date and a credit on one line: "Von Anna Schmidt · 5. April 2023 · dpa". */
const PART_SEP_RE = /\s*[·•|]\s*/;
/** "By", "Von", "Par", "Por", "Door", "Di", "Przez", "Av" before a name (the name checked for a capital apart). */
const BY_WORD_RE = /^(?:(?:written|words|story|reporting|text)\s+)?(?:by|von|par|por|door|di|przez|av|af)\s*:?\s+/i;
/** "Autor:", "Autorzy:", "Texto:" before names. */
const AUTHOR_LABEL_RE = /^(?:autor(?:zy|ka|es|en)?|auteurs?|autore|autori|author|authors|text|texto|testo|tekst)\s*:\s*/i;
/** "… 21 septembre 2019 par Julie Moreau": a by-word after a date. */
const MID_BY_RE = /\s(?:by|von|par|por|door|di|przez)\s+(?=\S)/i;
const STARTS_UPPER_RE = /^\p{Lu}/u;
/** A date labelled as a change, not the publication. */
const UPDATED_LABEL_RE =
  /(?:^|[\s(])(?:updated|last\s+(?:updated|modified)|modified|aktualisiert|geändert|mis\s+à\s+jour|modifié|actualizado|aggiornato|bijgewerkt|zaktualizowano|aktualizacja|atualizado)(?![\p{L}])/iu;
/** A date's label or preposition left at the end of a byline cut before the date: "… publiziert am", "… on". */
const DATE_LABEL_TAIL_RE =
  /(?:\s+(?:published|posted|updated|publiziert|veröffentlicht|aktualisiert|publié|mis\s+à\s+jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|geplaatst|bijgewerkt|opublikowano|atualizado))?(?:\s+(?:on|at|am|um|le|el|il|op|em|w|dnia|de))?\s*[:,|–—-]?\s*$/iu;
/** Longer text is prose, not a date line: not searched for dates. */
const MAX_DATE_TEXT = 120;
/** Dates on a line of at most this many other words are a date line, not prose. */
const MAX_DATE_LINE_WORDS = 8;

interface VisibleMeta {
  byline: string | null;
  published: string | null;
  modified: string | null;
}

/** The byline, publication and change dates written on the lines around the headline. */
function visibleMeta(lines: readonly string[], lang: string | null, siteNames: readonly string[]): VisibleMeta {
  let names: string | null = null;
  let agency: string | null = null;
  let published: string | null = null;
  let modified: string | null = null;
  for (const line of lines) {
    for (const raw of line.split(PART_SEP_RE)) {
      if (!raw) continue;
      const found = raw.length <= MAX_DATE_TEXT ? findLocalDate(raw, lang) : null;
      const date = found?.date ?? null;
      const part = found?.text ?? raw;
      if (date && UPDATED_LABEL_RE.test(part)) {
        modified ??= date;
        continue;
      }
      let who: string | null = null;
      const by = BY_WORD_RE.exec(part) ?? AUTHOR_LABEL_RE.exec(part);
      if (by && STARTS_UPPER_RE.test(part.slice(by[0].length))) who = part.slice(by[0].length);
      else if (date) {
        const mid = MID_BY_RE.exec(part);
        if (mid && STARTS_UPPER_RE.test(part.slice(mid.index + mid[0].length))) who = part.slice(mid.index + mid[0].length);
      }
      // "By Carrie Arnold November 15, 2019": the names end where the date starts.
      if (who !== null && found && found.index > part.length - who.length) {
        who = who.slice(0, found.index - (part.length - who.length)).replace(DATE_LABEL_TAIL_RE, '');
      }
      if (who !== null) names ??= cleanByline([who], siteNames);
      else if (!date) agency ??= agencyCredit(part);
      if (date && !published && (who !== null || part.split(' ').length <= MAX_DATE_LINE_WORDS)) published = date;
    }
  }
  return { byline: names ?? agency, published, modified };
}

/** "Posted by Alon Zakai.": a post signed in the article's own footer. */
const SIGNED_AT_END_RE = /^(?:posted|written|published|words|story)\s+by\s+(\p{Lu}[^.|·•]{2,80})\.?$/iu;

/** The names a signature in the article's footer (PageElements.signatures) gives, when there is one. */
function signedAtEnd(blocks: readonly Element[], siteNames: readonly string[]): string | null {
  for (const el of blocks) {
    const m = SIGNED_AT_END_RE.exec(clean(el.textContent) ?? '');
    if (m) return cleanByline([m[1]!], siteNames);
  }
  return null;
}

/** True when byline `a` names every person of `b` and more. */
function morePeople(a: string, b: string): boolean {
  const split = (s: string): string[] => s.split(/,\s*|\s+and\s+/).map(looseKey);
  const as = new Set(split(a));
  const bs = split(b);
  return as.size > bs.length && bs.every((k) => as.has(k));
}

/** `/2023/04/05/` or `/2023-04-05/` in an article's address. */
const URL_DATE_RE = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/_-]|$)/;

function urlDate(url: string | null): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = URL_DATE_RE.exec(path);
  return m ? normalizeIsoDate(`${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`) : null;
}

const DAY_MS = 86_400_000;
/** Machine dates in UTC or without a zone may fall on the next day of the page's own calendar. */
const UTC_OR_FLOATING_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|\+00:00)?)?$/;

/**
 * A machine date stamped in UTC (or without a zone) is the day after the one the page
 * shows for a US evening story: the day a `<time>` element or the header shows wins when
 * it is one day away (a different day further off is a different date, and the machine's
 * is kept).
 */
function pageDay(machine: string, shown: readonly (string | null)[]): string {
  if (!UTC_OR_FLOATING_RE.test(machine)) return machine;
  const day = Date.parse(machine.slice(0, 10));
  for (const s of shown) {
    if (!s) continue;
    const diff = Math.abs(Date.parse(s.slice(0, 10)) - day);
    if (diff === DAY_MS) return s;
    if (diff === 0) return machine;
  }
  return machine;
}

/** The day the first relative date of the header (a line, or a line's end: "Von Lena Hoffmann vor 2 Stunden") stands for, counted back from the capture time. */
function relativeDate(lines: readonly string[], at: CaptureTime | null): string | null {
  if (!at) return null;
  for (const line of lines) {
    const d = parseRelativeDate(line, at, { trailing: true });
    if (d) return d;
  }
  return null;
}

/** Text of `<time datetime>` elements, read as a date in the page's language. */
function timeTexts(times: readonly Element[], lang: string | null): string[] {
  const out: string[] = [];
  for (const el of times) {
    const text = clean(el.textContent);
    const d = text && text.length <= MAX_DATE_TEXT && !UPDATED_LABEL_RE.test(text) ? parseLocalDate(text, lang) : null;
    if (d) out.push(d);
  }
  return out;
}

/** Site-name separators in a title: " | ", " - ", " – ", " — ", " : ", " · ", " • ", " » ". */
const TITLE_PART_SEP_RE = /\s+[|\-–—:·•»]\s+|\s*[|•»·]\s*/;
/** Text before or after a headline that marks it as one part of a longer title. */
const BEFORE_SEP_RE = /(?:^|[|\-–—:·•»])\s*$/;
const AFTER_SEP_RE = /^\s*(?:$|[|\-–—:·•»])/;

/**
 * The page's headline inside a longer title: "Opinion | Headline - Site" → "Headline" when
 * the headline (the `<h1>`) is one of the title's separator-bounded parts.
 */
function headlineInTitle(title: string, headline: string | null): string | null {
  if (!headline || looseKey(headline).length < 8 || headline.length >= title.length) return null;
  const at = title.toLowerCase().indexOf(headline.toLowerCase());
  if (at < 0) return null;
  const before = title.slice(0, at);
  const after = title.slice(at + headline.length);
  return BEFORE_SEP_RE.test(before) && AFTER_SEP_RE.test(after) ? title.slice(at, at + headline.length) : null;
}

/**
 * The visible headline when the page's meta data confirm it: one of the title candidates
 * (JSON-LD headline, og:title, twitter:title, <title>…) is the <h1>, or holds it as one
 * separator-bounded part. The <h1> is what a reader cites; a JSON-LD headline written for
 * search engines or a <title> with section and site names is not.
 */
function confirmedHeadline(candidates: readonly string[], headline: string | null): string | null {
  if (!headline) return null;
  const key = looseKey(headline);
  if (key.length < 8) return null;
  // "Headline…" over a title written "Headline... — Site": the same headline.
  const dotted = headline.includes('…') ? headline.replaceAll('…', '...') : null;
  for (const c of candidates) {
    if (looseKey(c) === key) return headline;
    const inside = headlineInTitle(c, headline);
    if (inside) return inside;
    if (dotted && headlineInTitle(c, dotted)) return headline;
  }
  return null;
}

/** "© 2023 Serwis Informacyjny 24. Wszelkie prawa zastrzeżone." → "Serwis Informacyjny 24". */
const COPYRIGHT_HOLDER_RE = /(?:©|\(c\)|copyright)\s*(?:(?:©|\(c\))\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:by\s+)?([^.|,©]{2,60})/i;

/** "Logo", "Home" and legal forms around a name in a logo's alt text or a copyright line. */
const NAME_NOISE_RE = /^(?:logo|home)\s+|\s+(?:logo|home(?:page)?|gmbh|ag|inc\.?|ltd\.?|llc|plc|s\.?a\.?|b\.?v\.?|sp\.\s*z\s*o\.o\.?)$/i;

function brandName(raw: string | null): string | null {
  let t = clean(raw);
  for (let i = 0; t && i < 3; i++) t = t.replace(NAME_NOISE_RE, '').trim();
  return t || null;
}

/** The holder a copyright line names, without years and legal forms; null when it names none. */
export function copyrightHolder(line: string): string | null {
  const m = COPYRIGHT_HOLDER_RE.exec(line);
  return m ? brandName(m[1]!) : null;
}

/** A site name in a title is a few words, not a second headline. */
const MAX_SITE_WORDS = 5;

/** A company's legal name rather than a publication's: "Northfield Media Holdings, Inc.", "Wikimedia Foundation". */
const CORPORATE_RE = /\b(?:inc|llc|ltd|plc|gmbh|corp(?:oration)?|foundation|holdings)\.?$/i;

/** "Headline | Borough Herald" over an <h1> "Headline" (`headline` as looseKey): the rest of the title is the site. */
function siteAfterHeadline(rawTitle: string, headline: string): string | null {
  const parts = rawTitle.split(TITLE_PART_SEP_RE).filter(Boolean);
  if (!headline || parts.length < 2) return null;
  const last = parts.at(-1)!;
  const rest = rawTitle.slice(0, rawTitle.lastIndexOf(last)).replace(/[\s|\-–—:·•»]+$/, '');
  return looseKey(rest) === headline && !isGenericOutlet(last) && last.split(' ').length <= MAX_SITE_WORDS ? last : null;
}

/**
 * The outlet the page names: its meta data (JSON-LD publisher, og:site_name…), without
 * section words and taglines (a company's legal name yields to the title's site part);
 * else the title's site part when the page confirms it (a logo,
 * a copyright line, a line of its own, the domain, or the <h1> being the rest of the title);
 * else a logo or copyright holder confirmed by the other or by the domain; else the table of
 * well-known domains; else the domain's name. Never a section word ("Hosted", "News").
 */
function pickOutlet(metaNames: readonly string[], rawTitle: string | null, page: PageLines, host: string | null): string | null {
  const hostKeys = siteKeys([], host);
  const headline = page.h1Text ? looseKey(page.h1Text) : '';
  const brands = page.brands.map(brandName).filter((b): b is string => !!b);
  const holders = page.copyrights.map(copyrightHolder).filter((h): h is string => !!h);
  const marks = new Set([...brands, ...holders].map(looseKey));
  const shortLines = new Set(page.lines.filter((l) => l.length <= 80).map(looseKey));
  shortLines.delete(headline);
  const onHost = (name: string): boolean => hostKeys.length > 0 && matchesSite(name, hostKeys);
  const confirmed = (name: string): boolean => marks.has(looseKey(name)) || onHost(name);

  for (const name of metaNames) {
    if (!isSiteName(name)) continue;
    // "Wikimedia Foundation, Inc.": the company behind the page; the title names the publication.
    if (CORPORATE_RE.test(name)) {
      const site = rawTitle ? siteAfterHeadline(rawTitle, headline) : null;
      if (site) return site;
    }
    // "LinkNaija | Nigeria's popular news platform": the part the page confirms, else the first real one.
    const parts = name.split(TITLE_PART_SEP_RE).filter(Boolean);
    const best = parts.length > 1 ? (parts.find(confirmed) ?? parts.find((p) => !isGenericOutlet(p)) ?? name) : name;
    // "NYTimes" on nytimes.com: the table knows the proper name.
    const known = knownOutlet(host);
    if (known && hostKeys.includes(looseKey(best))) return known;
    return best;
  }
  if (rawTitle) {
    const parts = rawTitle.split(TITLE_PART_SEP_RE).filter(Boolean);
    if (parts.length > 1) {
      const longest = Math.max(...parts.map((p) => p.length));
      for (const part of [parts.at(-1)!, parts[0]!]) {
        const key = looseKey(part);
        if (isGenericOutlet(part) || key === headline || part.length > 80) continue;
        // A line of its own ("Haustechnik-Forum" over the thread) confirms a short part only.
        if (confirmed(part) || (part.length < longest && shortLines.has(key))) return part;
      }
      const site = siteAfterHeadline(rawTitle, headline);
      if (site) return site;
    }
  }
  for (const name of [...brands, ...holders]) {
    if (isGenericOutlet(name) || name.length > 80) continue;
    const key = looseKey(name);
    const twice = brands.some((b) => looseKey(b) === key) && holders.some((h) => looseKey(h) === key);
    if (twice) return name;
    // "Catch it Kansas - Content - News" on catchitkansas.com: the part the domain names.
    const onDomain = name.split(TITLE_PART_SEP_RE).find((p) => p && onHost(p));
    if (onDomain) return onDomain;
  }
  // Last, the domain itself ("ascom.com"): a reader can cite that; nothing says more.
  return knownOutlet(host) ?? (host ? host.toLowerCase().replace(/^www\d*\./, '') : null);
}

const WIKI_GENERATOR_RE = /^mediawiki\b/i;

/** Collects page metadata. Does not modify the document. */
export function extractMetadata(document: Document, opts: MetadataOptions = {}, found: PageElements = scanPage(document)): PageMetadata {
  const meta = collectMeta(found.metas);
  const ld = collectJsonLd(found.scripts);
  const a = ld.article ?? {};
  const page = ld.page ?? {};
  const byId = ld.byId;

  const baseHref = clean(found.base?.getAttribute('href'));
  let base = opts.baseUrl ?? null;
  if (baseHref) base = resolveUrl(baseHref, base) ?? base;
  if (base && !/^[a-z][a-z0-9+.-]*:/i.test(base)) base = null;

  // URLs first: the host helps clean the title.
  const url = resolveUrl(firstText(...metaValues(meta, URL_META), textOf(a.url), textOf(page.url)), base);
  const canonicalUrl = resolveUrl(
    linkHref(found.links, 'canonical') ?? jsonLdUrl(a.mainEntityOfPage, byId) ?? null,
    base,
  );

  const ldSiteNames = [...jsonLdNames(a.publisher, byId), ld.website ? textOf(ld.website.name) : null];
  const metaSiteNames = [meta.get('og:site_name')?.[0], ...ldSiteNames, ...metaValues(meta, SITE_META)]
    .map((n) => clean(n))
    .filter((n): n is string => !!n);

  const titleCandidates = [textOf(a.headline), textOf(a.name), ...metaValues(meta, TITLE_META), found.title?.textContent]
    .map((t) => clean(t))
    .filter((t): t is string => !!t);
  const rawTitle = titleCandidates[0] ?? null;
  const host = hostOf(opts.baseUrl ?? null) ?? hostOf(url) ?? hostOf(canonicalUrl);
  const shownPage = pageLines(document, found);
  const siteName = pickOutlet(metaSiteNames, clean(found.title?.textContent) ?? rawTitle, shownPage, host);
  const siteNames = [siteName, ...metaSiteNames].filter((s): s is string => !!s);
  // An <h1> holding the site's name (a logo heading) is not the headline.
  const headline = shownPage.h1Text && !(siteName && looseKey(siteName) === looseKey(shownPage.h1Text)) ? shownPage.h1Text : null;
  const title = confirmedHeadline(titleCandidates, headline) ?? (rawTitle ? cleanTitle(rawTitle, siteNames, host) : null);

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
  const shown = visibleMeta(headerLines(shownPage), lang, siteNames);

  const authorNodes = [...toArray(a.author), ...toArray(a.creator)].map((v) => resolveRef(v, byId));
  const people = authorNodes.length > 0 && authorNodes.every((n) => isObject(n) && types(n).includes('Person'));
  let byline = cleanByline(jsonLdNames(authorNodes, byId), siteNames, { people });
  if (!byline) {
    for (const key of AUTHOR_META) {
      byline = cleanByline(meta.get(key) ?? [], siteNames);
      if (byline) break;
    }
  }
  // The header names more people than the meta data (JSON-LD often lists only the first author).
  if (!byline || (shown.byline && morePeople(shown.byline, byline))) byline = shown.byline ?? byline;
  byline ??= signedAtEnd(found.signatures, siteNames);

  const times = timeCandidates(found.times);
  const machinePublished = firstDate([
    textOf(a.datePublished),
    ...metaValues(meta, PUBLISHED_META),
    textOf(page.datePublished),
    ...times.published,
    textOf(a.dateCreated),
    ...times.any.slice(0, 1),
  ]);
  // A wiki's datePublished is the day the page was created, not when the text shown was written.
  const undated = WIKI_GENERATOR_RE.test(meta.get('generator')?.[0] ?? '');
  let publishedAt = machinePublished
    ? pageDay(machinePublished, [shown.published, ...timeTexts(found.times, lang)])
    : (shown.published ??
      (shownPage.h1 >= 0 ? (urlDate(canonicalUrl) ?? urlDate(url) ?? urlDate(opts.baseUrl ?? null) ?? relativeDate(headerLines(shownPage), opts.capturedAt ?? null)) : null));
  if (undated) publishedAt = null;
  const modifiedAt = firstDate([textOf(a.dateModified), ...metaValues(meta, MODIFIED_META), textOf(page.dateModified)]) ?? shown.modified;

  const description = firstText(textOf(a.description), ...metaValues(meta, DESCRIPTION_META));
  const image = resolveUrl(jsonLdUrl(a.image, byId) ?? firstText(...metaValues(meta, IMAGE_META)), base);

  return { title, byline, siteName, url, canonicalUrl, publishedAt, modifiedAt, lang, description, image, undated };
}
