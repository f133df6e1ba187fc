/**
 * Text blocks that are the page's boilerplate whatever the page — a cookie banner, a
 * paywall or subscription box, a press office's contact line — shared by the HTML and
 * plain-text extractors. A body made only of such blocks is not the article: the
 * extractor keeps it (never refuses a page with text) but flags the clipping uncertain,
 * and the import never takes two such clippings for duplicates of each other by their
 * text (clippings/import.ts). Also shared: what a body never keeps twice (a repeated
 * paragraph) and a wiki heading's "[edit]" link.
 *
 * Every pattern is a plain alternation (linear).
 */
import { countWords } from './fingerprint.ts';

/** Cookie banners: "cookies" plus consent vocabulary (English, German, French, Spanish, Italian, Dutch, Polish, Portuguese). */
const COOKIE_RE = /(?<![\p{L}\p{N}])(?:cookies?|ciasteczk)/iu;
const CONSENT_RE =
  /\b(?:accept|consent|settings|preferences|policy|we use|this (?:site|website)|browsing|browser|personali[sz]|partners|reject|manage)\b/i;
/** The same words in the other languages, as stems (a word starting with one counts). */
const CONSENT_STEM_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[
    // German
    'akzeptier', 'zustimm', 'stimmen sie', 'einwillig', 'einstellung', 'datenschutz', 'ablehn', 'wir verwenden', 'wir nutzen', 'verwalten',
    // French
    'accepte', 'consent', 'paramètr', 'paramétr', 'refuse', 'politique', 'confidentialit', 'nous utilisons', 'partenaires', 'gérer',
    // Spanish
    'acept', 'configur', 'rechaz', 'política', 'utilizamos', 'usamos', 'socios', 'gestionar', 'naveg',
    // Italian
    'accett', 'acconsent', 'consenso', 'impostazion', 'rifiut', 'informativa', 'utilizza', 'preferenze', 'gestisci',
    // Dutch
    'accepteer', 'akkoord', 'toestemming', 'instelling', 'weiger', 'beleid', 'wij gebruiken', 'we gebruiken', 'beheer',
    // Polish
    'akceptuj', 'zgod', 'ustawie', 'odrzu', 'polityk', 'używamy', 'partner', 'zarządz', 'prywatnoś',
    // Portuguese
    'aceit', 'definições', 'rejeit', 'parceiros', 'gerir', 'gerenciar', 'privacidade',
  ].join('|')})`,
  'iu',
);

/** Subscription/registration vocabulary; two of these on a short block make it boilerplate. */
const SUBSCRIBE_WORDS_RE =
  /\b(?:sign(?:ing)? up|(?:un)?subscribe|spam|subscription|subscriber|register|log ?in|sign ?in|newsletters?|inbox|email address|(?:free )?account|unlock|premium|paywall|unlimited access|support (?:our|independent|quality) journalism|become a (?:member|supporter)|donate|offer|trial)\b/gi;
const MIN_SUBSCRIBE_WORDS = 2;

/** The paywall's own words: "The rest of this article is for subscribers only". */
const PAYWALL_RE =
  /\b(?:for (?:paying )?subscribers(?: only)?|subscribers only|(?:the )?(?:rest|remainder) of (?:this|the) (?:article|story) is|to (?:continue|keep) reading(?:,| this)|already a subscriber|réservé aux abonnés|nur für abonnenten|exclusivo para (?:suscriptores|assinantes)|riservato agli abbonati|alleen voor abonnees|tylko dla (?:prenumeratorów|subskrybentów)|dla (?:prenumeratorów|subskrybentów)|für abonnenten|pour (?:les )?abonnés|para (?:suscriptores|assinantes)|per gli abbonati|voor abonnees)/i;

/** A press office's contact box on a public body's release: its label, then an address or a number. */
const PRESS_CONTACT_RE =
  /^(?:press (?:office|contact|enquiries)|media (?:contact|enquiries|relations)|pressekontakt|pressestelle|contact presse|service de presse|gabinete de (?:prensa|imprensa)|contacto de prensa|ufficio stampa|contatti stampa|persvoorlichting|perscontact|biuro prasowe|kontakt dla mediów|assessoria de imprensa)\s*:?\s.*(?:@|\d{3})/iu;

/** Longer blocks are prose, whatever words they use. */
const MAX_BOILERPLATE_WORDS = 40;

/** Chinese and Japanese have no spaces: two characters make about a word. */
const CJK_CHAR_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
/** No code unit in this range, no Han or kana (astral ones included: their surrogates are in it); far cheaper to test than CJK_CHAR_RE. */
const MAYBE_CJK_RE = /[\u2e80-\uffff]/;

function words(text: string): number {
  return countWords(text) + (MAYBE_CJK_RE.test(text) ? (text.match(CJK_CHAR_RE)?.length ?? 0) / 2 : 0);
}

/** Consent vocabulary in any of the eight languages ("accept", "einwillig", "partenaires"…). */
export function hasConsentWords(text: string): boolean {
  return CONSENT_RE.test(text) || CONSENT_STEM_RE.test(text);
}

/** A cookie banner, a paywall box, a subscription prompt or a press contact (a short block only). */
export function isBoilerplateBlock(text: string): boolean {
  if (words(text) > MAX_BOILERPLATE_WORDS) return false;
  if (COOKIE_RE.test(text) && (CONSENT_RE.test(text) || CONSENT_STEM_RE.test(text))) return true;
  if (PAYWALL_RE.test(text) || PRESS_CONTACT_RE.test(text)) return true;
  return (text.match(SUBSCRIBE_WORDS_RE)?.length ?? 0) >= MIN_SUBSCRIBE_WORDS;
}

/**
 * A paragraph this long that repeats one of the few before it is a copy (a template's
 * repeat of the last paragraph, a mobile and a desktop version of a block); shorter ones,
 * and repeats far apart (a recipe's list of steps, a refrain), are kept.
 */
export const MIN_REPEAT_CHARS = 40;
export const REPEAT_WINDOW = 3;

/** Whether `text` is a copy of one of the `recent` blocks before it. */
export function isRepeat(text: string, recent: readonly string[]): boolean {
  return text.length >= MIN_REPEAT_CHARS && recent.includes(text);
}

/** The paragraphs without copies (the first copy stays). */
export function withoutRepeats(paragraphs: string[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) if (!isRepeat(p, out.slice(-REPEAT_WINDOW))) out.push(p);
  return out;
}

/** A wiki section heading's edit link as a select-all copy has it: "History[edit]", "Geschichte[Bearbeiten | Quelltext bearbeiten]". */
export const EDIT_LINK_SUFFIX_RE =
  /\s*\[\s*(?:edit|edit source|bearbeiten|quelltext bearbeiten|modifier|modifier le code|editar|editar código(?: fuente)?|modifica|modifica wikitesto|bewerken|brontekst bewerken|edytuj|edytuj kod)(?:\s*\|\s*(?:edit source|quelltext bearbeiten|modifier le code|editar código(?: fuente)?|modifica wikitesto|brontekst bewerken|edytuj kod))?\s*\]$/i;

/** A body shorter than this is a teaser or a stub, not the whole article. */
const MIN_CERTAIN_WORDS = 25;

/**
 * Whether the extractor should flag its body "uncertain": it stands in for an article that
 * was not found (`fallback`), it is only boilerplate, or it is too short to be the article.
 */
export function isUncertainBody(paragraphs: readonly string[], fallback: boolean): boolean {
  if (fallback || paragraphs.every(isBoilerplateBlock)) return true;
  // Counted until there are enough (most bodies: in their first paragraph).
  let n = 0;
  for (const p of paragraphs) {
    n += words(p);
    if (n >= MIN_CERTAIN_WORDS) return false;
  }
  return true;
}
