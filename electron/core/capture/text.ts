/**
 * Plain-text captures: what a select-all/copy of a web page gives. No DOM, so the
 * structure is recovered from the lines themselves, Readability-style: page chrome
 * (icon labels, navigation, share/subscribe/cookie lines, footers) is dropped first, then
 * the article span is found (the densest run of prose, see {@link findMainSpan}), then
 * the header around its start (byline, date line, headline), the figures (alt text +
 * captioned credit) and what is left of the span is the body, one paragraph per line.
 *
 * Judged on Chromium `innerText` captures of the 181 benchmark pages by
 * `npm run eval:text-captures` (tests/bench/text-captures.ts).
 */
import { EDIT_LINK_SUFFIX_RE, isBoilerplateBlock, isUncertainBody, withoutRepeats } from './boilerplate.ts';
import { findLocalDate, looksLikeDateLine as looksLikeDateLineSlow, parseLocalDate, parseVisibleDate } from './dates.ts';
import { detectLanguage } from './lang.ts';
import { copyrightHolder } from './metadata.ts';
import { isGenericOutlet, knownOutlet, knownOutletName } from './outlets.ts';
import type { ExtractedClipping, ExtractedFigure } from './types.ts';

// ---------------------------------------------------------------------------------------
// Heuristics

/** "Calendar An icon of a desk calendar." — icon-font labels copied with the page. */
const ICON_LABEL_RE = /\b(?:an?|the)\s+icon\b|\bicon\s+(?:of|that|used|representing|displaying)\b/gi;
/** This many icon labels on one line make it a sprite/icon dump. */
const MIN_ICON_LABELS = 3;
/** One short "Label An icon of…" line. */
const SINGLE_ICON_LABEL_RE = /^[\p{L}\d ]{1,30}\s(?:An?|The)\s+icon\b/u;

const ICON_WORD_RE = /icon/i;
/** "Google Plus icon", "Close Icon": the name of an icon. */
const ICON_NAME_RE = /\bicon$/i;

/** Whole lines that are page furniture, whatever the page. */
const CHROME_LINE_RE = new RegExp(
  '^(?:' +
    [
      'advertisement|advert|ad|ads|sponsored(?: content)?|promoted(?: content)?|paid (?:content|post|partnership)',
      'story continues below(?: advertisement)?|continue reading(?: (?:the )?main story| below)?',
      'skip to (?:main )?content|skip (?:ad|advertisement)|scroll (?:down )?to continue|back to top',
      'share(?: this)?(?: article| story| page| on \\w+| via \\w+)?|tweet|e-?mail|print|copy(?: link)?|link copied',
      'save(?: (?:article|for later))?|bookmark|gift(?: this)? article|listen(?: to this article)?',
      'comments?(?: \\(\\d+\\))?|\\d+ comments?|show comments|view comments|reply|report(?: (?:abuse|comment))?',
      'video|photos?|gallery|back to gallery|view gallery|enlarge(?: image| this image)?|expand image',
      '(?:getty(?: images)?|shutterstock|alamy|afp|epa|reuters|ap(?: photo)?|pa(?: media| wire)?|istock(?:photo)?)(?: via getty images)?',
      'facebook|twitter|x|linkedin|linked in|whatsapp|pinterest|reddit|instagram|messenger|telegram|youtube|tiktok|flipboard',
      '(?:image|photo|video|picture) \\d+ of \\d+|\\d+ min(?:ute)?s? read|read (?:time|more|next)',
      'follow(?: us)?|log ?in|sign ?in|sign ?up|register|subscribe(?: now)?|log ?out|my account',
      'close|menu|search(?: for)?:?(?: search)?|home|next|previous|more|open|expand|collapse|toggle navigation',
      'privacy(?: policy| notice| settings)?|cookie (?:policy|settings|preferences)|terms(?: (?:of (?:use|service)|and conditions|& conditions))?',
      'contact(?: us)?|about(?: us)?|accessibility(?: statement)?|sitemap|site map|careers|help|faqs?',
      '\\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago|just now',
    ].join('|') +
    ')[.!:]?$',
  'i',
);

/** Short lines starting like a teaser, a call to action or a share prompt. */
const CHROME_PREFIX_RE =
  /^(?:read more|read next|read also|also read|more on this story|more from|see also|see more:|related(?: articles?| stories| content)?\s*:|watch:|listen:|follow us|follow @|share (?:this|on|via)|sign up|subscribe (?:to|now|for|today)|click here|tap here|download (?:the|our) app)/i;

/** The lines at the top of a copy that hold the masthead, and at the bottom the footer. */
const MASTHEAD_LINES = 15;
const FOOTER_LINES = 15;
/** A masthead repeated in the footer needs this many words (a lone "Sport" is a menu item). */
const MIN_MASTHEAD_WORDS = 2;
/** …unless it is written as a brand, on the copy's first line: "OrtoForum", "Haustechnik-Forum". */
const BRAND_WORD_RE = /^\p{Lu}\p{Ll}+(?:-?\p{Lu}\p{Ll}+)+$/u;
const MAX_OUTLET_WORDS = 6;
/** "All rights reserved" in the eight languages: a copyright line's notice, not its holder. */
const RIGHTS_RE = /\b(?:all rights reserved|rights reserved|alle rechte|tous droits|todos los derechos|tutti i diritti|alle rechten|wszelkie prawa|direitos reservados)/i;

/** Copyright and rights lines. */
const COPYRIGHT_RE = /(?:©|\(c\))\s*\d{4}|\bcopyright\s*(?:©\s*)?\d{4}|\ball rights reserved\b/i;

/** A line opening with a copyright notice is the footer, however long. */
const COPYRIGHT_START_RE = /^(?:©|\(c\)\s*\d{4}|copyright\b\s*(?:©|\(c\)|\d{4}))/i;
/** Chrome lines longer than this many words are kept (they are probably prose). */
const MAX_CHROME_WORDS = 40;

/** Breadcrumbs: "Home » Politics » Europe", opened by the home page's name in the eight languages. */
const BREADCRUMB_RE =
  /^(?:home(?:\s?page)?|start|startseite|accueil|inicio|início|portada|página inicial|pagina iniziale|hoofdpagina|voorpagina|strona główna)\s*[»›>|/]/i;

/** Separated menus on one line: "Home | News | Sport". */
const MENU_SEPARATOR_RE = /\s*[|•·›»]\s*|\s+>\s+/;
/** A line without one of these has no MENU_SEPARATOR_RE (a quicker test than splitting it). */
const MENU_SEPARATOR_CHAR_RE = /[|•·›»>]/;
const MIN_MENU_ITEMS = 3;

/** A navigation item: a few capitalised words, no sentence punctuation. */
const NAV_MAX_WORDS = 4;
const NAV_MAX_CHARS = 32;
const NAV_PUNCTUATION_RE = /[.,;:!?"“”„«»()]/;
const NAV_SMALL_WORDS = new Set(['and', '&', 'of', 'the', 'in', 'for', 'to', 'a', 'on', 'at', 'with', '+', '-', '–']);
/** This many navigation-like lines in a row form a navigation list. */
const MIN_NAV_RUN = 3;

/** "By Jane Doe", "Words by Jane Doe", "Reporting by…", "Von …", "Par …", "Por …", "Di …", "Door …", "Autorzy: …". */
const BYLINE_RE =
  /^(?:(?:(?:words|written|story|text|reporting|report|posted|published)\s+)?by|von|par|por|di|door|przez|(?:autor(?:zy|a|es)?|auteurs?|autori|auteur)\s*:)\s+(.+)$/i;
/** A blog's "Publié le 3 juin 2020 par Claire Dubois": a date label, the date, then the name. */
const POSTED_BY_RE =
  /^(?:posted|published|publiée?|publicad[oa]|pubblicato|geplaatst|gepubliceerd|veröffentlicht|opublikowano)\s[^|•·]{4,60}?\s(?:by|par|por|di|door|von|przez)\s+(\p{Lu}.*)$/iu;
/**
 * Date labels before a visible date, in the eight languages: "Veröffentlicht am", "Publié
 * le", "Dodano"; the bare word "date" ("Datum:", "Fecha:", "Data:") only with its colon.
 */
const LOCAL_DATE_LABEL_RE =
  /^(?:(?:(?:first\s+)?published|posted|updated|last\s+updated|veröffentlicht|aktualisiert|stand|publiée?|mis à jour|publicad[oa]|actualizad[oa]|atualizad[oa]|pubblicato|aggiornato|geplaatst|gepubliceerd|bijgewerkt|opublikowano|zaktualizowano|dodano)(?:\s+(?:on|am|le|el|em|il|op|at))?\s*:?|(?:date|datum|data|fecha)\s*:)\s*/i;
/** A short kicker before a date line: "Pressemitteilung · 24. Januar 2023", "Press release | 3 March 2023". */
const DATE_KICKER_RE = /^[\p{L}][\p{L} ]{1,40}?\s+[·|•]\s+(?=\S)/u;
const MAX_KICKER_WORDS = 4;
/** Weekday names of the eight languages, before a date or left at the end of a name. */
const WEEKDAYS =
  'monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|' +
  'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|' +
  'lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|' +
  'poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira';
const LEADING_WEEKDAY_RE = new RegExp(`^(?:${WEEKDAYS})[,.]?\\s+`, 'i');
// Bounded separators: a run of commas cannot make the unanchored search quadratic.
const TRAILING_WEEKDAY_RE = new RegExp(`[\\s,]{1,3}(?:${WEEKDAYS})[\\s,.]{0,3}$`, 'i');
/** "on", "le", "am" left before a date cut from a byline. */
const TRAILING_DATE_WORD_RE = /\s{1,3}(?:on|am|le|el|il|op|em|dnia)\s{0,3}$/i;
/** A line this long is not a date line, whatever dates it holds. */
const MAX_LOCAL_DATE_LINE_WORDS = 10;
/** Words left on a date line once its label and weekday are cut: the date's own and a few after it ("à 09:15"). */
const MAX_DATE_LINE_REST_WORDS = 9;
/** "Debbie White": a name without "By". */
const MAX_BARE_NAME_WORDS = 4;
/** Job titles after a comma in a byline: "Jane Doe, Political Editor". */
const JOB_TITLE_RE =
  /\b(?:editor|correspondent|reporter|writer|journalist|columnist|staff|chief|contributor|producer|analyst|critic|commentator|presenter|director|manager|head|author|photographer|intern|fellow|desk|bureau|team|agency|agencies)\b/i;
/** Name particles allowed in lower case inside a byline. */
const NAME_PARTICLES = new Set(['and', 'und', 'et', 'e', 'en', 'i', 'oraz', '&', 'de', 'van', 'von', 'der', 'den', 'da', 'di', 'du', 'del', 'della', 'la', 'le', 'bin', 'al', 'el', 'y', 'ter', 'ten']);
const MAX_BYLINE_WORDS = 12;
/** A byline without "By": "Jane Doe, Political Editor", "Jane Doe | Reuters". */
const NAME_WITH_ROLE_RE = /^([^,|]{3,60}?)\s*[,|]\s*(.+)$/;
const MAX_NAME_WITH_ROLE_WORDS = 10;
/** News agencies that sign stories (photo agencies only sign pictures). */
const NEWS_AGENCY_RE = /^(?:the )?(?:Associated Press|Press Association|PA Media|Reuters|AFP|AP|Agence France-Presse|Bloomberg|dpa)\b/i;
/** A date after the name on a byline line: "by Regan December 6, 2017". */
const BYLINE_DATE_TAIL_RE =
  /\s+(?:(?:on|published|updated)\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d).*$/i;
/** What separates the name from the rest on a byline line: "Jane Doe | 8 Dec 2021". */
const BYLINE_SEPARATOR_RE = /\s+[|•·]\s+|\s+[–—]\s+/;
/** "Jane Doe Follow", "Jane Doe @janedoe", "Jane Doe in Kyiv". */
const BYLINE_FOLLOW_RE = /\s*\bFollow\b.*$/i;
const BYLINE_HANDLE_RE = /\s*@\w+/g;
const BYLINE_PLACE_RE = /\s+(?:in|at|from)\s+\p{Lu}.*$/u;
/** Splits "Published 8 Dec 2021 | Updated 9 Dec 2021" before the "Updated" part. */
const MODIFIED_SPLIT_RE = /\s*[|•·,;]?\s*(?=\b(?:updated|last\s+(?:updated|modified)|aktualisiert|mis à jour|actualizad[oa]|atualizad[oa]|aggiornato|bijgewerkt|zaktualizowano)\b)/i;
/** Date lines with these labels give the modification date. */
const MODIFIED_LABEL_RE = /^(?:updated|last\s+(?:updated|modified)|modified|aktualisiert|mis à jour|actualizad[oa]|atualizad[oa]|aggiornato|bijgewerkt|zaktualizowano)\b/i;

/** Headlines: a handful of words, no closing full stop. */
const HEADLINE_MIN_WORDS = 3;
/** Right above a byline or date line, a two-word headline is believable. */
const ANCHORED_HEADLINE_MIN_WORDS = 2;
const HEADLINE_MAX_WORDS = 30;
const HEADLINE_MAX_CHARS = 250;
const SENTENCE_END_RE = /[.,;:。、，]["'”’」』]?$/;
/** Bylines, date labels, calls to action and a forum member's counts ("Posts: 1432") are never the headline. */
const NOT_HEADLINE_RE =
  /^(?:(?:words|written|story|text|reporting|posted|published)\s+)?by\s|^(?:updated|posted|published|last updated)\b|^(?:share|follow|sign|subscribe|read|click|tap|got a|open|close|skip|work with)\b|^[\p{L} ]{2,24}:\s*[\d.,]+$/iu;
/** How many lines above the byline/date line may hold the headline. */
const HEADLINE_WINDOW = 4;
/** Lines this long end the header zone where bylines and date lines are looked for. */
const LONG_PARAGRAPH_WORDS = 25;
const MAX_HEADER_LONG_PARAGRAPHS = 2;
/** How many non-chrome lines above the article span may hold the header. */
const HEADER_LOOKBACK = 8;

/** A caption ending in a parenthesised credit: "Putin in Moscow (Matt Cardy/PA)". */
const PAREN_CREDIT_RE = /^(.*?)\s*\(([^()]{2,80})\)\s*$/s;
/** A caption ending in a labelled credit: "Truss in Riga. Photograph: Stefan Rousseau/PA". */
const LABELLED_CREDIT_RE =
  /^(.*?)\s*\b(?:photo(?:graph)?s?|picture|pic|image|credit|illustration|foto)(?:\s+credit)?\s*:\s*(.+)$/i;
/** Photo agencies and credit words that make a parenthesis a credit. */
const AGENCY_RE =
  /\b(?:PA(?: Media| Wire)?|AP|AFP|Reuters|Getty(?: Images)?|EPA(?:-EFE)?|Shutterstock|Alamy|Bloomberg|Xinhua|ANP|dpa|Anadolu|SOPA|NurPhoto|Sipa|Rex|REX|Handout|handout|Supplied|supplied|Pool|iStock|Corbis|AAP|Press Association|Associated Press|WENN|Splash|Kyodo|Yonhap|TASS|Sputnik|Zuma|ZUMA)\b/;
const CREDIT_LABEL_RE = /^(?:photo(?:graph)?s?|picture|pic|image|credit|illustration|foto)\b/i;
const CREDIT_LABEL_PREFIX_RE = /^(?:photo(?:graph)?s?|picture|pic|image|credit|illustration|foto)(?:\s+credit)?\s*:\s*/i;
/** "Matt Cardy/PA": photographer/agency. */
const SLASH_CREDIT_RE = /^\p{Lu}[\p{L}.'’ -]*\/\s*\p{Lu}[\p{L}.'’ -]*$/u;
const MAX_CAPTION_WORDS = 60;
const MAX_ALT_WORDS = 40;

/** Headings after which the article is over: comments and promoted links. */
const END_OF_ARTICLE_RE =
  /^(?:comments|\d+ comments|(?:\d+\s+)?(?:kommentare?|commentaires?|comentarios?|commenti|reacties|reactie|komentarz[ey]?|comentários?)|join the conversation|(?:leave|post) a (?:comment|reply)|around the web|(?:promoted|sponsored) (?:stories|links|content)|more from our partners)\s*:?$/i;
/**
 * Lines that open a comment section, wherever they are: "34 responses to “…”",
 * "[ 167 comments ]", "Top Rated Comments", "jbaxt says:", "Alex on May 1, 2018 said:".
 */
const COMMENTS_START_RE =
  /^(?:\[\s*)?(?:[1-9]\d*\s+(?:comments?|responses?|replies|thoughts)(?:\s+(?:to|on)\b.*)?|(?:top rated|most liked|latest|reader|show|view|load|read all)\s+comments?|comments are closed\.?|discussion|conversation)(?:\s*\])?\s*:?$/i;
const COMMENTER_RE = /^\S.{0,80}?\s(?:says|said|wrote|writes)\s*:$/i;
const MAX_COMMENTER_WORDS = 16;
/** The end-of-article headings only count after this many prose paragraphs. */
const MIN_PROSE_BEFORE_END = 2;
/**
 * Headings of link lists that pages also put inside the article ("Related articles"):
 * their short lines are skipped up to the next prose paragraph.
 */
const LINK_LIST_HEADING_RE =
  /^(?:related(?: articles| stories| content| topics| coverage| posts)?|more (?:on this story|from .{1,40}|stories|news|like this)|most (?:read|popular|viewed|shared)|you (?:may|might) also like|das könnte sie auch interessieren|lesen sie auch|mehr zum thema|(?:à )?lire aussi|sur le même sujet|(?:te|le) puede interesar|lee también|leggi anche|potrebbe interessarti|lees ook|meer over dit onderwerp|zobacz (?:też|także)|czytaj (?:też|także)|(?:leia|veja) também|recommended(?: for you| reading)?|read next|what to read next|topics|tags|trending(?: now)?|latest(?: news| stories)?|top stories|editor'?s picks)\s*:?$/i;
/** A prose paragraph: enough words and a sentence end. */
const PROSE_MIN_WORDS = 15;
const PROSE_END_RE = /[.!?…。！？]["'”’)」』]?$/;
/** Main-span scoring: prose lines count their words; other lines these amounts. */
const PROSE_LINE_MIN_WORDS = 8;
const LONG_LINE_WORDS = 25;
const PROSE_LIKE_END_RE = /[.!?…:;。！？]["'”’)\]」』]*$/;
const CLAUSE_PUNCTUATION_RE = /[.,;:!?。、，！？]/;
const CHROME_SCORE = -2;
const SHORT_SCORE = -8;
const ISOLATED_SHORT_SCORE = -1;
/** A paragraph of one short sentence ("Clubs are moving their training elsewhere.") costs nothing: the article may end on it. */
const MIN_SHORT_SENTENCE_WORDS = 5;
/** A headline-length line without a sentence end, glued to its neighbours: a teaser's title. */
const GLUED_MEDIUM_SCORE = -0.5;
/** Share of prose words in blank-separated lines that makes a page "blank-separated". */
const BLANK_DOC_SHARE = 0.4;
const GLUED_PROSE_WEIGHT = 0.15;
/** A candidate span under a byline or date line (within this many lines) counts this much more. */
const HEADER_BONUS = 2;
const HEADER_EVIDENCE_LINES = 4;
/** An inline "Related" box: at most this many links, each scoring this. */
const MAX_INLINE_LINKS = 3;
const INLINE_LINK_SCORE = -1;
/** A list inside the article: this many short lines set apart as one block, with prose on both sides. */
const MIN_INLINE_LIST = 2;
const MAX_INLINE_LIST = 12;
const MAX_LIST_ITEM_WORDS = 12;
/** What each of its lines costs (a list is content, not the article's end). */
const INLINE_LIST_SCORE = -1;
/** A forum post's signature ("-- ride more, worry less --"): never a list item. */
const SIGNATURE_RE = /^--\s/;
/** Segments after a comment section count this much… */
const AFTER_END_WEIGHT = 0.1;
/** …once a segment with this score came before it. */
const MIN_SPAN_BEFORE_END = 40;
const MIN_PROSE_LINES_BEFORE_END = 2;

const LETTER_RE = /\p{L}/u;
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const CJK_CHARS_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
/** No code unit in this range, no Han or kana (astral ones included: their surrogates are in it); cheaper to test than CJK_RE. */
const MAYBE_CJK_RE = /[\u2e80-\uffff]/;
/** Space-separated words with Chinese or Japanese in them: counted by their characters instead. */
const CJK_CHARS_PER_WORD = 2;
/** A month name or a numeric date: without one, a line is no date line. */
const MAYBE_DATE_RE =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{8}|\bago\b|\b(?:19|20)\d\d\b/i;
const MAX_DATE_LINE_CHARS = 120;
/** "… by Jane Doe" on a header line. */
const SIGNED_RE = /\bby\s+\p{Lu}/u;
/** A space-separated word with at least one letter or digit in it. */
const TOKEN_RE = /\S+/g;
const LETTER_OR_DIGIT_RE = /[\p{L}\d]/u;
/** A word starting with a capital letter or a digit. */
const CAPITALISED_RE = /^[\p{Lu}\d]/u;
const LINE_BREAK_RE = /\r\n?|\n|\u2028|\u2029/;
/** Zero-width characters and soft hyphens copied along with the text. */
const INVISIBLE_RE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

// ---------------------------------------------------------------------------------------

type LineRole = 'content' | 'chrome' | 'title' | 'byline' | 'date' | 'figure';

interface Line {
  text: string;
  /** A blank line separates this line from the previous non-empty one. */
  blankBefore: boolean;
  role: LineRole;
}

interface Caption {
  caption: string | null;
  credit: string;
}

/**
 * Turns a plain-text capture of a web page into a clean clipping: title, byline, date,
 * figures and body paragraphs, with the page's chrome left out.
 */
export function extractFromText(text: string, opts: { sourceUrl?: string | null } = {}): ExtractedClipping {
  wordCounts = new Map();
  dateLines = new Map();
  now = new Date();
  const lines = splitLines(text);
  markChrome(lines);

  const span = findMainSpan(lines);
  const header = findHeaderWindow(lines, span);
  const byline = findByline(lines, header);
  const dates = findDates(lines, header, byline.index);
  const figures = findFigures(lines);
  const titleIndex = findTitle(lines, header, span, byline.index, dates.firstIndex);
  const bodyStart =
    titleIndex >= header.start && titleIndex < span.end ? Math.max(titleIndex + 1, span.start) : span.start;
  const found = collectParagraphs(lines, bodyStart, span.end);
  const title = titleIndex === -1 ? null : lines[titleIndex]!.text;
  // No article found: the best text block stands in for it (never refused while the copy has words).
  const paragraphs = found.length > 0 ? found : bestLine(lines, titleIndex);
  const uncertain = isUncertainBody(paragraphs, found.length === 0);
  const outlet = findOutlet(lines, opts.sourceUrl ?? null);
  wordCounts = new Map();
  dateLines = new Map();

  return {
    title,
    byline: byline.name,
    outlet,
    sourceUrl: opts.sourceUrl ?? null,
    canonicalUrl: null,
    publishedAt: dates.publishedAt,
    modifiedAt: dates.modifiedAt,
    lang: detectLanguage([title ?? '', ...paragraphs].join('\n')),
    excerpt: paragraphs[0] ?? null,
    leadImage: null,
    paragraphs,
    figures,
    html: null,
    ...(uncertain ? { uncertain } : {}),
  };
}

/**
 * The outlet a copy names: a known outlet's name as a masthead line (outlets.ts), else the
 * holder of the footer's copyright line, else a masthead line the footer repeats ("Le
 * Carnet de Julie" … "Powered by WordPress · Le Carnet de Julie"; the first line even atop a
 * menu), else the known outlet of the capture's address.
 */
function findOutlet(lines: Line[], sourceUrl: string | null): string | null {
  // Head and foot never overlap: on a short copy a menu line is not its own footer.
  const head = lines.slice(0, Math.min(MASTHEAD_LINES, Math.ceil(lines.length / 2)));
  const foot = lines.slice(Math.max(head.length, lines.length - FOOTER_LINES));
  for (const line of head) {
    const known = knownOutletName(line.text);
    if (known) return known;
  }
  for (let i = foot.length - 1; i >= 0; i--) {
    const text = foot[i]!.text;
    if (!COPYRIGHT_RE.test(text)) continue;
    const holder = copyrightHolder(text);
    if (holder && isOutletLike(holder)) return holder;
  }
  // The footer's menu items, split only when a masthead candidate is to be looked up in them.
  let footParts: Set<string> | null = null;
  // The copy's first line may open a menu ("Spoke Talk Forum / Index / FAQ") and still be
  // its masthead, even as one word written as a brand.
  for (const line of head) {
    const first = line === lines[0];
    const words = wordCount(line.text);
    if (
      (line.role === 'content' || first) &&
      (words >= MIN_MASTHEAD_WORDS || (first && BRAND_WORD_RE.test(line.text))) &&
      isOutletLike(line.text) &&
      (footParts ??= new Set(foot.flatMap((l) => l.text.split(MENU_SEPARATOR_RE)).map((part) => part.trim().toLowerCase()))).has(line.text.toLowerCase())
    )
      return line.text;
  }
  return knownOutlet(hostOf(sourceUrl));
}

/** A few words with a capital, not a section word, a rights notice or a date. */
function isOutletLike(name: string): boolean {
  return (
    wordCount(name) <= MAX_OUTLET_WORDS &&
    CAPITALISED_RE.test(name) &&
    !isGenericOutlet(name) &&
    !RIGHTS_RE.test(name) &&
    !SENTENCE_END_RE.test(name) &&
    !looksLikeDateLine(name)
  );
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** The longest line with letters other than the title (a cookie banner on a copy that holds nothing else). */
function bestLine(lines: Line[], titleIndex: number): string[] {
  let best: Line | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i !== titleIndex && LETTER_RE.test(line.text) && (!best || wordCount(line.text) > wordCount(best.text))) best = line;
  }
  return best ? [best.text] : [];
}

// ---------------------------------------------------------------------------------------
// Lines

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let blankBefore = false;
  for (const raw of text.split(LINE_BREAK_RE)) {
    const line = cleanLine(raw);
    if (!line) {
      blankBefore = true;
      continue;
    }
    lines.push({ text: line, blankBefore, role: 'content' });
    blankBefore = false;
  }
  return lines;
}

/**
 * Trims, drops invisible characters and collapses runs of whitespace: `raw` itself when it
 * is clean already (most lines are), found by one pass over its code units, else
 * {@link cleanLineByRegex} (two replaces and a trim on every line were a tenth of a text
 * capture's extraction).
 */
export function cleanLine(raw: string): string {
  // Clean: no invisible character, no whitespace but single spaces between other characters.
  let afterSpace = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x20) {
      if (afterSpace) return cleanLineByRegex(raw);
      afterSpace = true;
      continue;
    }
    if (c < 0x80 ? c >= 0x09 && c <= 0x0d : c === 0xad || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || unitKind(c) === UNIT_SPACE)
      return cleanLineByRegex(raw);
    afterSpace = false;
  }
  return afterSpace && raw.length > 0 ? cleanLineByRegex(raw) : raw;
}

/** {@link cleanLine}'s definition. */
export function cleanLineByRegex(raw: string): string {
  return raw
    .replace(INVISIBLE_RE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Date-line verdicts of the capture being read (the date parser is slow). */
let dateLines = new Map<string, boolean>();
/** The reference date of the capture being read: its date parser reads a line once for both questions (dates.ts `parseWith`). */
let now = new Date();

/** {@link looksLikeDateLineSlow}, memoised, and only tried where a date could be. */
function looksLikeDateLine(text: string): boolean {
  if (text.length > MAX_DATE_LINE_CHARS || !MAYBE_DATE_RE.test(text)) return false;
  let verdict = dateLines.get(text);
  if (verdict === undefined) {
    verdict = isDateLineProper(text);
    // "Press release · 3 March 2023": a short kicker may open the date line.
    const kicker = DATE_KICKER_RE.exec(text);
    if (!verdict && kicker && wordCount(kicker[0]) <= MAX_KICKER_WORDS) verdict = isDateLineProper(text.slice(kicker[0].length));
    dateLines.set(text, verdict);
  }
  return verdict;
}

function isDateLineProper(text: string): boolean {
  return looksLikeDateLineSlow(text, now) || isLocalDateLine(text);
}

/**
 * "Veröffentlicht am 15. Juni 2021", "wtorek, 4 czerwca 2024", "Publié le 3 mars 2022 à
 * 09:15": a short line that is (after a date label and a weekday) a date in one of the
 * eight languages, with little after it.
 */
function isLocalDateLine(text: string): boolean {
  if (wordCount(text) > MAX_LOCAL_DATE_LINE_WORDS || SENTENCE_END_RE.test(text)) return false;
  const rest = text.replace(LOCAL_DATE_LABEL_RE, '').replace(LEADING_WEEKDAY_RE, '');
  const date = findLocalDate(rest);
  return date !== null && date.index === 0 && wordCount(rest) <= MAX_DATE_LINE_REST_WORDS;
}

/** A visible date: the English reader first, then the eight languages' calendar dates. */
function readDate(text: string): string | null {
  return parseVisibleDate(text, now) ?? parseLocalDate(text);
}

/** Word counts of the capture being read (lines are counted many times over). */
let wordCounts = new Map<string, number>();

/**
 * Space-separated tokens of `text` holding a character `re` matches. (A pattern such as
 * `[^\s\p{L}]*\p{L}\S*` counts the same but backtracks through every run of symbols at
 * every position of it: minutes on a run of zero-width characters.)
 */
function tokensWith(text: string, re: RegExp): number {
  let n = 0;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) if (re.test(m[0])) n++;
  return n;
}

/** What each BMP code unit is to `wordTokens`: whitespace (/\s/), a letter or digit (LETTER_OR_DIGIT_RE), neither, or not met yet. */
const UNIT_OTHER = 0;
const UNIT_SPACE = 1;
const UNIT_WORD = 2;
const UNIT_UNKNOWN = 3;
const UNIT_KINDS = new Uint8Array(0x10000).fill(UNIT_UNKNOWN);

function unitKind(c: number): number {
  let kind = UNIT_KINDS[c]!;
  if (kind === UNIT_UNKNOWN) {
    const ch = String.fromCharCode(c);
    kind = UNIT_KINDS[c] = /\s/.test(ch) ? UNIT_SPACE : LETTER_OR_DIGIT_RE.test(ch) ? UNIT_WORD : UNIT_OTHER;
  }
  return kind;
}

/**
 * `tokensWith(text, LETTER_OR_DIGIT_RE)` in one pass over the code units, each BMP one
 * classified once per process (the regexes matched token by token were a tenth of a text
 * capture's extraction).
 */
export function wordTokens(text: string): number {
  let n = 0;
  let inToken = false;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let kind: number;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A code point beyond the BMP (never whitespace).
      kind = LETTER_OR_DIGIT_RE.test(text.slice(i, i + 2)) ? UNIT_WORD : UNIT_OTHER;
      i++;
    } else kind = unitKind(c);
    if (kind === UNIT_SPACE) {
      inToken = false;
      continue;
    }
    if (!inToken) {
      inToken = true;
      counted = false;
    }
    if (kind === UNIT_WORD && !counted) {
      n++;
      counted = true;
    }
  }
  return n;
}

function wordCount(text: string): number {
  let count = wordCounts.get(text);
  if (count === undefined) {
    count = wordTokens(text);
    // Chinese and Japanese have no spaces: two characters make about a word.
    const cjk = MAYBE_CJK_RE.test(text) && CJK_RE.test(text) ? (text.match(CJK_CHARS_RE)?.length ?? 0) : 0;
    if (cjk > 0) count += Math.ceil(cjk / CJK_CHARS_PER_WORD) - tokensWith(text, CJK_RE);
    wordCounts.set(text, count);
  }
  return count;
}

// ---------------------------------------------------------------------------------------
// Chrome

function markChrome(lines: Line[]): void {
  for (const line of lines) {
    if (isChromeLine(line.text)) line.role = 'chrome';
  }
  markNavigationRuns(lines);
}

function isChromeLine(text: string): boolean {
  if (!LETTER_RE.test(text)) return true;
  if (isIconLabelLine(text)) return true;
  if (CHROME_LINE_RE.test(text)) return true;
  if (BREADCRUMB_RE.test(text) || isMenuLine(text)) return true;
  if (COPYRIGHT_START_RE.test(text)) return true;
  if (wordCount(text) > MAX_CHROME_WORDS) return false;
  if (CHROME_PREFIX_RE.test(text)) return true;
  if (COPYRIGHT_RE.test(text)) return true;
  return isBoilerplateBlock(text);
}

function isIconLabelLine(text: string): boolean {
  if (!ICON_WORD_RE.test(text)) return false;
  return (
    countMatches(text, ICON_LABEL_RE) >= MIN_ICON_LABELS ||
    SINGLE_ICON_LABEL_RE.test(text) ||
    (ICON_NAME_RE.test(text) && wordCount(text) <= NAV_MAX_WORDS)
  );
}

/** "Home | News | Politics" or "Home > News > Politics". */
function isMenuLine(text: string): boolean {
  if (!MENU_SEPARATOR_CHAR_RE.test(text)) return false;
  const items = text.split(MENU_SEPARATOR_RE).filter(Boolean);
  if (items.length < MIN_MENU_ITEMS) return false;
  return items.every((item) => isNavItem(item)) && !looksLikeDateLine(text) && !BYLINE_RE.test(text);
}

function isNavItem(text: string): boolean {
  if (text.length > NAV_MAX_CHARS || NAV_PUNCTUATION_RE.test(text)) return false;
  const words = text.split(' ');
  if (words.length > NAV_MAX_WORDS) return false;
  if (!CAPITALISED_RE.test(text)) return false;
  return words.every((w) => CAPITALISED_RE.test(w) || NAV_SMALL_WORDS.has(w.toLowerCase()));
}

function isNavLine(line: Line): boolean {
  return isNavItem(line.text) && !BYLINE_RE.test(line.text) && !looksLikeDateLine(line.text);
}

/**
 * Runs of navigation-like lines are menus ("Contact Us" counts as an item even though it is
 * known chrome; other chrome lines in between do not break a run).
 * A run that ends right above a byline or date line keeps its last line: a short headline.
 */
function markNavigationRuns(lines: Line[]): void {
  let run: number[] = [];
  const flush = (next: Line | undefined) => {
    if (run.length >= MIN_NAV_RUN) {
      const keepLast = next !== undefined && isHeaderLine(next.text);
      for (const i of keepLast ? run.slice(0, -1) : run) lines[i]!.role = 'chrome';
    }
    run = [];
  };
  lines.forEach((line, i) => {
    if (isNavLine(line)) run.push(i);
    else if (line.role !== 'chrome') flush(line);
  });
  flush(undefined);
}

function isHeaderLine(text: string): boolean {
  return parseBylineName(text) !== null || looksLikeDateLine(text);
}

/** Header lines, and date lines signed "by Name": "Monday November 18, 2019 7:45 am by Joe Doe". */
function isHeaderEvidence(text: string): boolean {
  if (isHeaderLine(text)) return true;
  return wordCount(text) <= MAX_BYLINE_WORDS + 8 && SIGNED_RE.test(text) && MAYBE_DATE_RE.test(text);
}

// ---------------------------------------------------------------------------------------
// Header: byline, dates, title

interface Span {
  /** First line, inclusive. */
  start: number;
  /** Last line, inclusive. */
  end: number;
}

/**
 * Where the byline, the dates and the headline are looked for: a few lines above the
 * article span, down to its third long paragraph (a byline may follow the lead).
 */
function findHeaderWindow(lines: Line[], span: Span): Span {
  let start = span.start;
  for (let seen = 0; start > 0 && seen < HEADER_LOOKBACK; ) {
    start--;
    if (lines[start]!.role !== 'chrome') seen++;
  }
  let end = Math.min(span.end + 1, lines.length);
  let long = 0;
  for (let i = span.start; i < end; i++) {
    const line = lines[i]!;
    if (line.role !== 'content' || wordCount(line.text) < LONG_PARAGRAPH_WORDS) continue;
    if (++long > MAX_HEADER_LONG_PARAGRAPHS) {
      end = i;
      break;
    }
  }
  return { start, end };
}

interface Byline {
  index: number;
  name: string | null;
}

/** The first "By …" line in the header, else the first "Name, Role" line. */
function findByline(lines: Line[], header: Span): Byline {
  for (const parse of [parseBylineName, parsePostedBy, parseNameWithRole]) {
    for (let i = header.start; i < header.end; i++) {
      const line = lines[i]!;
      const name = line.role === 'content' ? parse(line.text) : null;
      if (name === null) continue;
      line.role = 'byline';
      markNameLines(lines, name, header);
      return { index: i, name };
    }
  }
  return { index: -1, name: null };
}

/** Author names repeated in the header (photo alt, profile link) go with the byline. */
function markNameLines(lines: Line[], name: string, header: Span): void {
  for (let i = header.start; i < header.end; i++) {
    const line = lines[i]!;
    if (line.role === 'content' && line.text.toLowerCase() === name.toLowerCase()) line.role = 'byline';
  }
}

/** "Greg Beacham, AP Sports Writer" → "Greg Beacham"; null when not of that shape. */
function parseNameWithRole(text: string): string | null {
  if (wordCount(text) > MAX_NAME_WITH_ROLE_WORDS || looksLikeDateLine(text)) return null;
  const m = NAME_WITH_ROLE_RE.exec(text);
  if (!m || !(JOB_TITLE_RE.test(m[2]!) || NEWS_AGENCY_RE.test(m[2]!))) return null;
  const name = m[1]!.trim();
  return isNameLike(name) ? name : null;
}

/** A credit or a "Name, Role" line: never a headline. */
function looksLikeCreditLine(text: string): boolean {
  if (wordCount(text) > MAX_NAME_WITH_ROLE_WORDS) return false;
  const m = NAME_WITH_ROLE_RE.exec(text);
  return m !== null && (JOB_TITLE_RE.test(m[2]!) || AGENCY_RE.test(m[2]!)) && isNameLike(m[1]!.trim());
}

function isNameLike(name: string): boolean {
  const words = name.split(' ');
  if (words.length > MAX_BYLINE_WORDS) return false;
  return words.every((w) => CAPITALISED_RE.test(w) || NAME_PARTICLES.has(w.toLowerCase()));
}

/** The name(s) in a byline line, or null when the line is not a byline. */
function parseBylineName(text: string): string | null {
  const m = BYLINE_RE.exec(text);
  if (!m || wordCount(text) > MAX_BYLINE_WORDS + 8) return null;
  const name = cleanByline(text);
  return name && isNameLike(name) ? name : null;
}

/** "Publié le 3 juin 2020 par Claire Dubois" → "Claire Dubois" (the date is read by {@link findDates}). */
function parsePostedBy(text: string): string | null {
  if (wordCount(text) > MAX_BYLINE_WORDS + 8) return null;
  const m = POSTED_BY_RE.exec(text);
  if (!m || findLocalDate(text) === null) return null;
  const name = cleanByline(m[1]!);
  return name && isNameLike(name) ? name : null;
}

/**
 * "By Jane Doe and John Roe, Political Editors | 8 December 2021 Follow" → "Jane Doe and
 * John Roe": strips "By", "Follow", handles, dates, places and job titles.
 */
function cleanByline(text: string): string {
  let name = (BYLINE_RE.exec(text)?.[1] ?? text).split(BYLINE_SEPARATOR_RE)[0] ?? '';
  name = name.replace(BYLINE_DATE_TAIL_RE, '');
  // A date written in any of the eight languages ends the names ("… Weber Donnerstag, 31. Mai 2012").
  const date = findLocalDate(name);
  if (date) name = date.text.slice(0, date.index);
  name = name
    .replace(TRAILING_WEEKDAY_RE, '')
    .replace(TRAILING_DATE_WORD_RE, '')
    .replace(BYLINE_FOLLOW_RE, '')
    .replace(BYLINE_HANDLE_RE, '')
    .replace(BYLINE_PLACE_RE, '');
  const parts = name.split(/\s*,\s*/);
  const kept: string[] = [];
  for (const part of parts) {
    if (!part || JOB_TITLE_RE.test(part) || /\d/.test(part)) break;
    kept.push(part);
  }
  // "By Gazette Staff": the desk signs the story.
  if (kept.length === 0 && parts[0] && !/\d/.test(parts[0])) kept.push(parts[0]);
  return kept.join(', ').replace(/[\s,;:.]+$/, '').trim();
}

interface HeaderDates {
  publishedAt: string | null;
  modifiedAt: string | null;
  firstIndex: number;
}

/**
 * Date lines in the header give the dates ("Updated…" lines the modification date); a
 * date on the byline line counts too. Every date line anywhere leaves the body.
 */
function findDates(lines: Line[], header: Span, bylineIndex: number): HeaderDates {
  const dates: HeaderDates = { publishedAt: null, modifiedAt: null, firstIndex: -1 };
  if (bylineIndex !== -1) {
    const [published] = lines[bylineIndex]!.text.split(MODIFIED_SPLIT_RE);
    dates.publishedAt = readDate(published!);
  }

  lines.forEach((line, i) => {
    if (line.role !== 'content' || !looksLikeDateLine(line.text)) return;
    line.role = 'date';
    if (i < header.start || i >= header.end) return;
    if (dates.firstIndex === -1) dates.firstIndex = i;
    for (const part of line.text.split(MODIFIED_SPLIT_RE)) {
      const iso = readDate(part);
      if (!iso) continue;
      if (MODIFIED_LABEL_RE.test(part)) dates.modifiedAt ??= iso;
      else dates.publishedAt ??= iso;
    }
  });
  return dates;
}

/**
 * The headline: the nearest headline-like line above the byline/date line (skipping a
 * standfirst that ends with a full stop), else the first headline-like line.
 */
function findTitle(lines: Line[], header: Span, span: Span, bylineIndex: number, dateIndex: number): number {
  const anchor = bylineIndex !== -1 ? bylineIndex : dateIndex;
  let index = anchor === -1 ? -1 : findHeadlineAbove(lines, anchor);
  // A press release prints its date line above the headline.
  if (index === -1 && anchor !== -1) index = findHeadlineBelow(lines, anchor);
  // Else the longest headline-like line just above the article (kickers and menu items
  // are shorter).
  for (let i = header.start, most = 0; anchor === -1 && i <= span.start && i < lines.length; i++) {
    const line = lines[i]!;
    if (line.role !== 'content' || !isHeadlineLike(line.text)) continue;
    const words = wordCount(line.text);
    if (words > most) {
      most = words;
      index = i;
    }
  }
  if (index === -1) index = lines.findIndex((line) => line.role === 'content' && isHeadlineLike(line.text));
  if (index !== -1) lines[index]!.role = 'title';
  return index;
}

function findHeadlineAbove(lines: Line[], anchor: number): number {
  // Above a date line (no "By"), a bare name is the author's: "Debbie White / 18 Nov 2019".
  const dateAnchor = lines[anchor]!.role === 'date';
  let seen = 0;
  for (let i = anchor - 1; i >= 0 && seen < HEADLINE_WINDOW; i--) {
    const line = lines[i]!;
    if (line.role === 'chrome') break;
    if (line.role !== 'content') continue;
    seen++;
    if (dateAnchor && seen === 1 && isBareName(line.text)) continue;
    if (isHeadlineLike(line.text, ANCHORED_HEADLINE_MIN_WORDS)) return i;
  }
  return -1;
}

/** The first content line under the byline/date line (other header lines skipped), when it reads as a headline. */
function findHeadlineBelow(lines: Line[], anchor: number): number {
  for (let i = anchor + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.role === 'chrome' || line.role === 'date' || line.role === 'byline') continue;
    return line.role === 'content' && isHeadlineLike(line.text) ? i : -1;
  }
  return -1;
}

function isBareName(text: string): boolean {
  const words = wordCount(text);
  return words >= 2 && words <= MAX_BARE_NAME_WORDS && !/\d/.test(text) && isNameLike(text);
}

function isHeadlineLike(text: string, minWords = HEADLINE_MIN_WORDS): boolean {
  const words = wordCount(text);
  return (
    words >= minWords &&
    words <= HEADLINE_MAX_WORDS &&
    text.length <= HEADLINE_MAX_CHARS &&
    !SENTENCE_END_RE.test(text) &&
    !NOT_HEADLINE_RE.test(text) &&
    !looksLikeCreditLine(text) &&
    !looksLikeDateLine(text) &&
    parseCaption(text) === null
  );
}

// ---------------------------------------------------------------------------------------
// Figures

/**
 * A caption line ends in a credit; the line right above it (no blank line between) is the
 * image's alt text. Pages often print the alt text and the caption with the same words.
 */
function findFigures(lines: Line[]): ExtractedFigure[] {
  const figures: ExtractedFigure[] = [];
  const blankSeparated = lines.some((line) => line.blankBefore);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.role !== 'content') continue;
    const parsed = parseCaption(line.text);
    if (!parsed) continue;

    const next = lines[i + 1];
    if (next && next.role === 'content' && !next.blankBefore && sameText(line.text, next.text)) {
      const nextParsed = parseCaption(next.text);
      if (nextParsed) {
        figures.push({ alt: line.text, caption: nextParsed.caption, credit: nextParsed.credit, src: null });
        line.role = next.role = 'figure';
        i++;
        continue;
      }
    }

    const prev = i > 0 ? lines[i - 1]! : undefined;
    const prevUsable = prev !== undefined && prev.role === 'content' && !line.blankBefore;
    if (parsed.caption === null && prevUsable && wordCount(prev.text) <= MAX_CAPTION_WORDS) {
      // A credit on its own line ("Photo: Jane Doe"): the line above is the caption.
      figures.push({ alt: null, caption: prev.text, credit: parsed.credit, src: null });
      prev.role = 'figure';
    } else {
      const alt = prevUsable && isAltText(prev.text, blankSeparated) ? prev.text : null;
      if (alt !== null) prev!.role = 'figure';
      figures.push({ alt, caption: parsed.caption, credit: parsed.credit, src: null });
    }
    line.role = 'figure';
  }
  return figures;
}

/** Splits "Caption (Credit)" / "Caption. Photograph: Credit"; null when there is no credit. */
function parseCaption(text: string): Caption | null {
  if (wordCount(text) > MAX_CAPTION_WORDS) return null;
  // (Each regex is tried only on a line holding the character it needs: most lines hold neither.)
  const paren = text.includes(')') ? PAREN_CREDIT_RE.exec(text) : null;
  if (paren && isCredit(paren[2]!.trim())) {
    return { caption: paren[1]!.trim() || null, credit: stripCreditLabel(paren[2]!) };
  }
  const labelled = text.includes(':') ? LABELLED_CREDIT_RE.exec(text) : null;
  if (labelled) {
    const credit = labelled[2]!.trim();
    if (credit && wordCount(credit) <= 8) return { caption: labelled[1]!.trim() || null, credit };
  }
  return null;
}

/** "Image: Getty" → "Getty". */
function stripCreditLabel(credit: string): string {
  return credit.replace(CREDIT_LABEL_PREFIX_RE, '').trim() || credit.trim();
}

function isCredit(text: string): boolean {
  return AGENCY_RE.test(text) || CREDIT_LABEL_RE.test(text) || SLASH_CREDIT_RE.test(text);
}

/**
 * Where paragraphs are separated by blank lines, a line glued to a caption is its alt
 * text; otherwise only a line that does not read like a sentence is.
 */
function isAltText(text: string, blankSeparated: boolean): boolean {
  if (wordCount(text) > MAX_ALT_WORDS) return false;
  return blankSeparated || !PROSE_END_RE.test(text);
}

function sameText(a: string, b: string): boolean {
  return normalizeQuotes(a) === normalizeQuotes(b);
}

function normalizeQuotes(text: string): string {
  return text.replace(/[‘’‚‛′]/g, "'").replace(/[“”„‟″«»]/g, '"');
}

// ---------------------------------------------------------------------------------------
// Body

/**
 * Content lines after the headline, up to an end-of-article heading ("Comments"); the
 * short lines under a link-list heading ("Related articles") are left out.
 */
function collectParagraphs(lines: Line[], start: number, end: number): string[] {
  const paragraphs: string[] = [];
  let prose = 0;
  let inLinkList = false;
  for (let i = start; i <= end; i++) {
    const line = lines[i]!;
    // "Comments" is chrome on its own, but after the article it also ends it.
    if (END_OF_ARTICLE_RE.test(line.text) && prose >= MIN_PROSE_BEFORE_END) break;
    if (line.role !== 'content' || END_OF_ARTICLE_RE.test(line.text)) continue;
    if (LINK_LIST_HEADING_RE.test(line.text)) {
      inLinkList = true;
      continue;
    }
    if (inLinkList && !isProse(line.text)) continue;
    inLinkList = false;
    if (isProse(line.text)) prose++;
    // (Only a line ending in ']' can end in an edit link: the regex is tried at every position of the others.)
    paragraphs.push(line.text.endsWith(']') ? line.text.replace(EDIT_LINK_SUFFIX_RE, '') : line.text);
  }
  return withoutRepeats(paragraphs);
}

/**
 * The article: the run of lines with the most prose in it, where prose lines count for
 * their words and short lines against them (maximum-sum subarray). Where the page sets its
 * paragraphs apart with blank lines (as `<p>` elements copy), prose glued to its
 * neighbours (teasers in a list of links) counts for little. A run right under a byline or
 * date line counts double; runs after a comment-section heading count for little.
 */
function findMainSpan(lines: Line[]): Span {
  const n = lines.length;
  const words = lines.map((line) => wordCount(line.text));
  const isolated = lines.map((line, i) => line.blankBefore && (i + 1 >= n || lines[i + 1]!.blankBefore));
  const prose = lines.map((line, i) => line.role === 'content' && isProseLike(line.text, words[i]!));
  let isoWords = 0;
  let allWords = 0;
  lines.forEach((_, i) => {
    if (!prose[i]) return;
    allWords += words[i]!;
    if (isolated[i]) isoWords += words[i]!;
  });
  const blankDoc = allWords > 0 && isoWords / allWords >= BLANK_DOC_SHARE;

  const scores = lines.map((line, i) => {
    if (line.role === 'chrome') return CHROME_SCORE;
    if (line.role !== 'content') return 0;
    if (prose[i]) return words[i]! * (blankDoc && !isolated[i] ? GLUED_PROSE_WEIGHT : 1);
    if (words[i]! >= PROSE_LINE_MIN_WORDS) return blankDoc && !isolated[i] ? GLUED_MEDIUM_SCORE : 0;
    if (blankDoc && isolated[i] && words[i]! >= MIN_SHORT_SENTENCE_WORDS && PROSE_END_RE.test(line.text)) return 0; // a short sentence of its own
    return blankDoc && isolated[i] ? ISOLATED_SHORT_SCORE : SHORT_SCORE;
  });
  markInlineLinkLists(lines, scores, prose);
  markInlineLists(lines, scores, prose);

  // Kadane's segments: each restarts where the running sum fell to zero (or at a comments
  // heading) and keeps its best prefix. Once a comment section opens under a real run of
  // prose, what follows is most likely comments.
  let best = { start: 0, end: n - 1, sum: 0, weight: 0 };
  let seg = { start: 0, end: -1, sum: 0, proseLines: 0 };
  let sum = 0;
  let afterEnd = false;
  const close = () => {
    if (seg.sum <= 0) return;
    const weight = afterEnd
      ? seg.sum * AFTER_END_WEIGHT
      : seg.sum * (hasHeaderAbove(lines, seg.start) ? HEADER_BONUS : 1);
    if (weight > best.weight) best = { ...seg, weight };
  };
  let last = seg;
  for (let i = 0; i < n; i++) {
    if (isEndOfArticle(lines[i]!.text) && !inToolbar(lines, i)) {
      close();
      if (seg.sum > 0) last = seg;
      if (last.sum >= MIN_SPAN_BEFORE_END && last.proseLines >= MIN_PROSE_LINES_BEFORE_END) afterEnd = true;
      sum = 0;
      seg = { start: i + 1, end: i, sum: 0, proseLines: 0 };
      continue;
    }
    if (sum <= 0) {
      close();
      if (seg.sum > 0) last = seg;
      sum = 0;
      seg = { start: i, end: i - 1, sum: 0, proseLines: 0 };
    }
    sum += scores[i]!;
    if (scores[i]! > 0) seg.proseLines++;
    if (sum >= seg.sum && sum > 0) {
      seg.end = i;
      seg.sum = sum;
    }
  }
  close();
  return best.sum > 0 ? { start: best.start, end: best.end } : { start: 0, end: n - 1 };
}

/**
 * "Related articles" with a few links and then more prose is a box inside the article: it
 * costs little, so the article does not end there.
 */
function markInlineLinkLists(lines: Line[], scores: number[], prose: boolean[]): void {
  for (let i = 0; i < lines.length; i++) {
    if (!LINK_LIST_HEADING_RE.test(lines[i]!.text)) continue;
    let j = i + 1;
    while (j < lines.length && !prose[j] && j - i <= MAX_INLINE_LINKS) j++;
    if (j >= lines.length || !prose[j]) continue;
    for (let k = i; k < j; k++) scores[k] = Math.max(scores[k]!, INLINE_LINK_SCORE);
  }
}

/**
 * A list between two paragraphs (ingredients, steps, a table's rows): short lines with no
 * blank line between them, set apart from the prose above and below, cost little, so the
 * article goes on after it.
 */
function markInlineLists(lines: Line[], scores: number[], prose: boolean[]): void {
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.blankBefore || !prose[i - 1]) continue;
    let j = i;
    while (
      j < lines.length &&
      (j === i || !lines[j]!.blankBefore) &&
      lines[j]!.role === 'content' &&
      !prose[j] &&
      wordCount(lines[j]!.text) <= MAX_LIST_ITEM_WORDS &&
      !isEndOfArticle(lines[j]!.text) &&
      !LINK_LIST_HEADING_RE.test(lines[j]!.text) &&
      !SIGNATURE_RE.test(lines[j]!.text)
    )
      j++;
    const items = j - i;
    if (items < MIN_INLINE_LIST || items > MAX_INLINE_LIST || j >= lines.length || !lines[j]!.blankBefore || !prose[j]) continue;
    for (let k = i; k < j; k++) scores[k] = Math.max(scores[k]!, INLINE_LIST_SCORE);
    i = j - 1;
  }
}

/** A heading that ends the article: comments, promoted links. */
function isEndOfArticle(text: string): boolean {
  return (
    END_OF_ARTICLE_RE.test(text) ||
    COMMENTS_START_RE.test(text) ||
    // (Only a line with a colon can end as COMMENTER_RE asks: its backtracking is tried on no other.)
    (text.includes(':') && COMMENTER_RE.test(text) && wordCount(text) <= MAX_COMMENTER_WORDS)
  );
}

/** "Twitter / Comments / Print": a button between chrome lines, not a heading. */
function inToolbar(lines: Line[], index: number): boolean {
  return lines[index - 1]?.role === 'chrome' && lines[index + 1]?.role === 'chrome';
}

/** A byline or a date line among the few lines above a line. */
function hasHeaderAbove(lines: Line[], index: number): boolean {
  for (let i = index - 1, seen = 0; i >= 0 && seen < HEADER_EVIDENCE_LINES; i--) {
    const line = lines[i]!;
    if (line.role === 'chrome') continue;
    seen++;
    if (isHeaderEvidence(line.text)) return true;
  }
  return false;
}

function isProseLike(text: string, words: number): boolean {
  if (words < PROSE_LINE_MIN_WORDS) return false;
  // A long line without any punctuation is a tag cloud or a menu dump.
  if (!CLAUSE_PUNCTUATION_RE.test(text)) return false;
  return words >= LONG_LINE_WORDS || PROSE_LIKE_END_RE.test(text);
}

function isProse(text: string): boolean {
  return wordCount(text) >= PROSE_MIN_WORDS && PROSE_END_RE.test(text);
}

function countMatches(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}
