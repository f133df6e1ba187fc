/**
 * Date helpers shared by the capture extractors.
 *
 * Output follows the conventions in `types.ts`:
 * - an offset only when the source gives a zone: `2021-12-08T15:51:00+00:00` (visible dates)
 *   or as written (`2021-06-14T17:02:11+01:00`, `…Z`) for machine dates;
 * - a floating local date-time when a time is given without a zone: `2021-12-08T15:51`
 *   (seconds only when the source gives them);
 * - `YYYY-MM-DD` for a day only;
 * - null when the day, month or year is not given: a year or a day is never invented.
 */
import type * as chrono from 'chrono-node';
import { onFirstUse, requirePackage } from './on-first-use.ts';

/**
 * Strict parsers (no "today"/"last week"): month-first and day-first for numeric dates; chrono
 * loaded when first needed, its English locale only (`chrono-node/en`: the same `Chrono` and
 * English configuration as the package's index, which loads every locale: ~135 ms of CPU
 * against ~30 ms, paid by each capture worker of an import).
 */
const parsers = onFirstUse(() => {
  const en = requirePackage('chrono-node/en') as typeof chrono.en;
  return { monthFirst: new en.Chrono(en.configuration.createConfiguration(true, false)), dayFirst: new en.Chrono(en.configuration.createConfiguration(true, true)) };
});

/** A label in front of a visible date: "Published", "Updated:", "Last modified on"… */
const DATE_PREFIX_RE =
  /^(?:(?:first\s+)?published|updated|last\s+(?:updated|modified)|modified|posted|date|dated|created)(?:\s+(?:on|at))?\s*[:\-–—]?\s*/i;

/** Numeric dates with slashes: ambiguous between day-first and month-first. */
const SLASH_DATE_RE = /\b(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\b/;

/** Dotted numeric dates ("08.12.2021") are day-first wherever they are used. */
const DOTTED_DATE_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[,\s]+(\d{1,2})[:.](\d{2}))?$/;

/** Words that may surround a date on a date line without making it something else. */
const DATE_LINE_NOISE_RE = new RegExp(
  [
    String.raw`\b(?:published|updated|last|modified|posted|first|date|dated|created|on|at|of)\b`,
    String.raw`\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b`,
    String.raw`\b(?:gmt|utc|bst|cet|cest|eet|eest|ist|et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|aest|aedt)\b`,
    String.raw`\b\d+\s*(?:min(?:ute)?s?)\s+read\b`,
    String.raw`[\s,.;:|•·()\[\]\-–—/+]`,
  ].join('|'),
  'gi',
);

/** Matches ISO 8601 date-times as found in metadata; basic ("20210614T170211Z") or extended. */
const ISO_RE =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const UTC_NAME_RE = /(?<=\d)\s*(?:GMT|UTC)$/i;

/** Anything that starts like an ISO date is judged as one (and rejected if invalid). */
const ISO_LIKE_RE = /^\d{4}-?\d{2}(?:-?\d{2})?(?:$|[T\s])/;

/** Chrono tags of results computed from the reference date rather than read. */
const RELATIVE_TAG_RE = /relative|casual/i;

type ChronoResult = chrono.ParsedResult;

/**
 * Parses a date as shown on a page ("December 8 2021, 3.51pm", "Wed 8 Dec 2021 10.30 GMT",
 * "Updated: Dec. 8, 2021 at 3:51 p.m. ET") into an ISO string per the conventions above.
 * Returns null unless the text gives day, month and year.
 */
export function parseVisibleDate(raw: string, ref: Date = new Date()): string | null {
  const text = normalizeSpaces(raw).replace(DATE_PREFIX_RE, '');
  if (!text || !/\d/.test(text)) return null;

  const dotted = parseDottedDate(text);
  if (dotted !== undefined) return dotted;
  return plainDateTime(text) ?? chronoVisibleDate(text, ref);
}

/** {@link parseVisibleDate} of a text with its spaces normalised and its label taken off, by chrono. */
export function chronoVisibleDate(text: string, ref: Date): string | null {
  const parser = pickParser(text);
  if (!parser) return null;
  const result = parseWith(parser, text, ref)[0];
  return result && !isRelative(result) ? formatResult(result) : null;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "December 8 2021, 3.51pm": a common date line's shape (the Guardian's). */
const PLAIN_DATE_TIME_RE = new RegExp(`^(${MONTH_NAMES.join('|')}) ([1-9]|[12]\\d|3[01]) ((?:19|20)\\d\\d), ([1-9]|1[0-2])\\.([0-5]\\d)(am|pm)$`);

/**
 * A date line of the shape "December 8 2021, 3.51pm" on a valid day, read without chrono
 * (which reads it the same, a date line dated that day at that time: tests/capture/dates.test.ts
 * compares them; a chrono parse was a tenth of a text capture's extraction); else null.
 */
export function plainDateTime(text: string): string | null {
  const m = PLAIN_DATE_TIME_RE.exec(text);
  if (!m) return null;
  const [, name, day, year, hour, minute, half] = m;
  const month = MONTH_NAMES.indexOf(name!) + 1;
  if (!isValidDay(+year!, month, +day!)) return null;
  return `${year}-${pad(month)}-${pad(+day!)}T${pad((+hour! % 12) + (half === 'pm' ? 12 : 0))}:${minute}`;
}

/**
 * True when the whole line is essentially a date (possibly labelled "Published",
 * "Updated", "Last modified on", or followed by "· 3 min read"), so that it can be
 * kept out of a clipping's body.
 */
export function looksLikeDateLine(line: string, ref: Date = new Date()): boolean {
  const text = normalizeSpaces(line);
  if (!text || text.length > 120 || !/\d/.test(text)) return false;
  if (parseDottedDate(text.replace(DATE_PREFIX_RE, '')) !== undefined) return true;
  return plainDateTime(text) !== null || chronoDateLine(text, ref);
}

/** {@link looksLikeDateLine} of a text with its spaces normalised, by chrono. */
export function chronoDateLine(text: string, ref: Date): boolean {
  const results = parseWith(parsers().dayFirst, text, ref);
  if (results.length === 0) return false;
  // A date line needs a real calendar date in it, not just "10.30".
  if (!results.some((r) => r.start.isCertain('month') && r.start.isCertain('day'))) return false;

  let rest = text;
  for (const result of results) rest = rest.replace(result.text, ' ');
  return rest.replace(DATE_LINE_NOISE_RE, '').length <= 2;
}

/** The reference date of the parses remembered in `parsed`. */
let parsedFor: Date | null = null;
/** Chrono's results for the reference date `parsedFor`, by parser and text (never changed by their readers). */
const parsed = new Map<string, ChronoResult[]>();

/**
 * `parser.parse(text, ref)`, remembered while the same reference date (the same Date object)
 * is passed: a text capture's date line is parsed by `looksLikeDateLine` and again, the same
 * text with the same parser, by `parseVisibleDate` (each parse was a tenth of its extraction).
 */
function parseWith(parser: chrono.Chrono, text: string, ref: Date): ChronoResult[] {
  if (ref !== parsedFor) {
    parsed.clear();
    parsedFor = ref;
  }
  const key = (parser === parsers().dayFirst ? 'd:' : 'm:') + text;
  let results = parsed.get(key);
  if (results === undefined) {
    results = parser.parse(text, ref);
    parsed.set(key, results);
  }
  return results;
}

/**
 * Normalises a machine-readable date from HTML metadata (JSON-LD `datePublished`,
 * `article:published_time`, `<time datetime>`). Zoned date-times become
 * `YYYY-MM-DDTHH:MM:SS±HH:MM` (`Z` kept as `Z`, fractions dropped), floating ones stay
 * floating, days stay days, "20210614" becomes "2021-06-14". Input that is not ISO-like
 * goes through {@link parseVisibleDate}; invalid input gives null.
 */
export function normalizeIsoDate(raw: string): string | null {
  let text = raw.trim();
  if (!text) return null;
  if (!ISO_LIKE_RE.test(text)) return parseVisibleDate(text);
  // "2019-11-18 17:19:53 GMT": a zone name that means UTC.
  text = text.replace(UTC_NAME_RE, 'Z');

  const m = ISO_RE.exec(text);
  if (!m) return null;
  const [, year, month, day, hour, minute, second, zone] = m;
  if (!year || !month || !day || !isValidDay(+year, +month, +day)) return null;

  const date = `${year}-${month}-${day}`;
  if (hour === undefined || minute === undefined) return date;
  if (+hour > 23 || +minute > 59 || (second !== undefined && +second > 59)) return null;

  if (zone === undefined) {
    return `${date}T${hour}:${minute}${second !== undefined ? `:${second}` : ''}`;
  }
  const offset = normalizeOffset(zone);
  if (offset === null) return null;
  return `${date}T${hour}:${minute}:${second ?? '00'}${offset}`;
}

function normalizeSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** "08.12.2021" and "08.12.2021 15:51"; undefined when the text is not of that shape. */
function parseDottedDate(text: string): string | null | undefined {
  const m = DOTTED_DATE_RE.exec(text);
  if (!m) return undefined;
  const [, day, month, year, hour, minute] = m;
  if (!day || !month || !year || !isValidDay(+year, +month, +day)) return null;
  const date = `${year}-${pad(+month)}-${pad(+day)}`;
  if (hour === undefined || minute === undefined) return date;
  if (+hour > 23 || +minute > 59) return null;
  return `${date}T${pad(+hour)}:${minute}`;
}

/**
 * Chooses day-first or month-first reading for numeric slash dates; null when both
 * readings are possible and differ (missing beats wrong).
 */
function pickParser(text: string): chrono.Chrono | null {
  const m = SLASH_DATE_RE.exec(text);
  if (!m) return parsers().dayFirst;
  const first = Number(m[1]);
  const second = Number(m[2]);
  if (first > 12) return parsers().dayFirst;
  if (second > 12) return parsers().monthFirst;
  return first === second ? parsers().dayFirst : null;
}

/** "1 day ago", "in 3 days": chrono marks the result certain, but the text gives no date. */
function isRelative(result: ChronoResult): boolean {
  return [...result.tags()].some((tag) => RELATIVE_TAG_RE.test(tag));
}

function formatResult(result: ChronoResult): string | null {
  const c = result.start;
  if (!c.isCertain('year') || !c.isCertain('month') || !c.isCertain('day')) return null;
  const year = c.get('year');
  const month = c.get('month');
  const day = c.get('day');
  if (year === null || month === null || day === null) return null;
  const date = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  if (!c.isCertain('hour')) return date;

  const time = `${pad(c.get('hour') ?? 0)}:${pad(c.get('minute') ?? 0)}`;
  const seconds = c.isCertain('second') ? `:${pad(c.get('second') ?? 0)}` : '';
  const offset = c.isCertain('timezoneOffset') ? c.get('timezoneOffset') : null;
  if (offset === null) return `${date}T${time}${seconds}`;
  return `${date}T${time}${seconds || ':00'}${formatOffset(offset)}`;
}

/** Minutes east of UTC → "+01:00". */
function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "Z" stays "Z"; "+0100", "+01" and "+01:00" become "+01:00"; out of range → null. */
function normalizeOffset(zone: string): string | null {
  if (zone.toUpperCase() === 'Z') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 14 || minutes > 59) return null;
  return `${m[1]}${pad(hours)}:${pad(minutes)}`;
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// ---------------------------------------------------------------- dates in the page's language

/**
 * Month names and their usual abbreviations in English, German, French, Spanish, Italian,
 * Dutch, Polish (nominative and genitive) and Portuguese, lower-cased. Where two languages
 * share a word it names the same month ("mar", "mai", "set"…), so one table serves all.
 */
const MONTH_WORDS: Record<string, number> = Object.fromEntries(
  [
    'january jan januar jänner janvier janv enero ene gennaio gen januari styczeń stycznia sty janeiro',
    'february feb februar février févr fév febrero febbraio februari luty lutego lut fevereiro fev',
    'march mar märz mär mrz mars marzo maart mrt marzec marca março',
    'april apr avril avr abril abr aprile kwiecień kwietnia kwi',
    'may mai mayo maggio mag mei maj maja maio',
    'june jun juni juin junio giugno giu czerwiec czerwca cze junho',
    'july jul juli juillet juil julio luglio lug lipiec lipca lip julho',
    'august aug août agosto ago augustus sierpień sierpnia sie',
    'september sep sept septembre septiembre setiembre settembre set wrzesień września wrz setembro',
    'october oct oktober okt octobre octubre ottobre ott październik października paź outubro out',
    'november nov novembre noviembre listopad listopada lis novembro',
    'december dec dezember dez décembre déc diciembre dic dicembre grudzień grudnia gru dezembro',
  ].flatMap((line, i) => line.split(' ').map((w) => [w, i + 1] as const)),
);

/** "31. Mai 2012", "3 mars 2022", "1er mars", "12 de marzo de 2021", "7 lutego 2023", "8th Dec. 2021". */
const DAY_MONTH_YEAR_RE = /(?<![\p{L}\d])(\d{1,2})(?:\.|º|er|st|nd|rd|th)?\s+(?:de\s+)?(\p{L}{3,12})\.?,?\s+(?:de\s+)?(\d{4})(?!\d)/gu;
/** "December 8, 2021", "Nov. 18 2019". */
const MONTH_DAY_YEAR_RE = /(?<![\p{L}\d])(\p{L}{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)/gu;
/** Numeric dates: "2/26/2015", "26.02.2015", "26-02-2015". */
const NUMERIC_DATE_RE = /(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d./-])/g;
const ISO_DAY_RE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/;
/** A time right after the date: ", 7:11 AM PST", " um 09:15 Uhr", " à 14h30", " at 09:15 GMT". */
const TIME_AFTER_RE =
  /^\s*[,·|-]{0,2}\s*(?:(?:at|um|à|a\s+las|alle|om|o|às|godz\.|@)\s*)?(\d{1,2})[:.h](\d{2})(?!\d)\s*(?:([ap])\.?\s?m\.?)?\s*(?:uhr\s*)?(?:\(?([a-z]{2,4})\)?(?![\p{L}]))?/iu;
/** Zones that have one offset (minutes east of UTC). "ET", "PT" and friends change with the season: left floating. */
const ZONE_OFFSETS: Record<string, number> = {
  utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, cet: 60, mez: 60, cest: 120, mesz: 120, eet: 120, eest: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

/** English pages of these regions write numeric dates month first; every other language day first. */
const MONTH_FIRST_LANGS = new Set(['en-us', 'en-ph', 'en-ca']);

/**
 * Finds the first calendar date written in `text` in any of the eight languages above
 * (month names, or numbers read day-first or month-first by the page's language: an
 * English page without a region gets only the unambiguous ones). A time right after the
 * date is kept (with its offset when the zone has one). Null when no full date (day,
 * month and year) is written: relative dates ("2 hours ago") and dates without a year
 * are not read.
 */
export function parseLocalDate(raw: string, lang: string | null = null): string | null {
  return findLocalDate(raw, lang)?.date ?? null;
}

/** A name glued to a date by the page's markup: "Carrie ArnoldNovember 15, 2019". */
const GLUED_WORD_RE = /(\p{Ll})(?=\p{Lu}\p{Ll}+\.?\s+\d)/gu;

/**
 * {@link parseLocalDate}, and where the date starts in `raw` once whitespace is collapsed
 * and a word glued to the date is set apart (so a byline can be cut there).
 */
export function findLocalDate(raw: string, lang: string | null = null): { date: string; index: number; text: string } | null {
  const text = normalizeSpaces(raw).replace(GLUED_WORD_RE, '$1 ');
  if (!/\d/.test(text)) return null;
  const found: { index: number; end: number; y: number; m: number; d: number }[] = [];
  for (const m of text.matchAll(DAY_MONTH_YEAR_RE)) {
    const month = MONTH_WORDS[m[2]!.toLowerCase()];
    if (month) found.push({ index: m.index, end: m.index + m[0].length, y: +m[3]!, m: month, d: +m[1]! });
  }
  for (const m of text.matchAll(MONTH_DAY_YEAR_RE)) {
    const month = MONTH_WORDS[m[1]!.toLowerCase()];
    if (month) found.push({ index: m.index, end: m.index + m[0].length, y: +m[3]!, m: month, d: +m[2]! });
  }
  const iso = ISO_DAY_RE.exec(text);
  if (iso) found.push({ index: iso.index, end: iso.index + iso[0].length, y: +iso[1]!, m: +iso[2]!, d: +iso[3]! });
  const region = (lang ?? '').toLowerCase();
  for (const m of text.matchAll(NUMERIC_DATE_RE)) {
    const a = +m[1]!;
    const b = +m[3]!;
    let monthFirst: boolean;
    if (a > 12) monthFirst = false;
    else if (b > 12) monthFirst = true;
    else if (a === b) monthFirst = false;
    else if (region === 'en' || region === '') continue; // both readings possible: missing beats wrong
    else monthFirst = MONTH_FIRST_LANGS.has(region);
    found.push({ index: m.index, end: m.index + m[0].length, y: +m[4]!, m: monthFirst ? a : b, d: monthFirst ? b : a });
  }
  const first = found.filter((f) => isValidDay(f.y, f.m, f.d)).sort((x, y) => x.index - y.index)[0];
  if (!first) return null;
  return { date: withTime(`${first.y}-${pad(first.m)}-${pad(first.d)}`, text.slice(first.end)), index: first.index, text };
}

/** The day with the time written right after it (and its offset when the zone has one). */
function withTime(date: string, after: string): string {
  const t = TIME_AFTER_RE.exec(after);
  if (!t) return date;
  let hour = +t[1]!;
  const minute = +t[2]!;
  const half = t[3]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return date;
    hour = (hour % 12) + (half === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return date;
  const offset = t[4] === undefined ? undefined : ZONE_OFFSETS[t[4].toLowerCase()];
  return offset === undefined ? `${date}T${pad(hour)}:${pad(minute)}` : `${date}T${pad(hour)}:${pad(minute)}:00${formatOffset(offset)}`;
}

// ---------------------------------------------------------------- relative dates

/** When a capture was made, as it says itself: the instant and the UTC offset of the clock that wrote it. */
export interface CaptureTime {
  instant: number;
  offsetMinutes: number;
}

const MONTH_ABBR: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
/** "Wed, 15 Mar 2023 10:30:00 +0100" (RFC 5322, an MHTML file's Date) or "Wed Mar 15 2023 10:30:00 GMT+0100 (…)" (a browser's clock). */
const CAPTURE_TIME_RE =
  /^(?:[a-z]{3},?\s+)?(?:(\d{1,2})\s+([a-z]{3})|([a-z]{3})\s+(\d{1,2}))\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:(?:GMT|UTC)?\s*([+-]\d{4})|(GMT|UTC|Z))\b/i;
/** SingleFile's header comment: "saved date: …". */
const SAVED_DATE_RE = /^\s*<!--[^]*?\bsaved date:\s*([^\n]+?)\s*\n[^]*?-->/i;
const SAVED_DATE_SCAN = 2048;

/** A capture time with an explicit zone; null for anything else (a time without its zone is not the capture's). */
export function parseCaptureTime(raw: string): CaptureTime | null {
  const m = CAPTURE_TIME_RE.exec(raw.trim());
  if (!m) return null;
  const month = MONTH_ABBR[(m[2] ?? m[3])!.toLowerCase()];
  const day = +(m[1] ?? m[4])!;
  const year = +m[5]!;
  if (!month || !isValidDay(year, month, day)) return null;
  const offsetMinutes = m[9] ? (m[9][0] === '-' ? -1 : 1) * (+m[9].slice(1, 3) * 60 + +m[9].slice(3, 5)) : 0;
  const local = Date.UTC(year, month - 1, day, +m[6]!, +m[7]!, +(m[8] ?? 0));
  return { instant: local - offsetMinutes * 60_000, offsetMinutes };
}

/** The capture time a saved page states at its top (SingleFile's "saved date"). */
export function captureTimeOf(html: string): CaptureTime | null {
  const m = SAVED_DATE_RE.exec(html.slice(0, SAVED_DATE_SCAN));
  return m ? parseCaptureTime(m[1]!) : null;
}

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
/** Unit words of eight languages (singular and plural). */
const UNIT_WORDS: Record<string, Unit> = Object.fromEntries(
  (
    [
      ['minute', 'min mins minute minutes minuten minuto minutos minuti minuut minut minuty minutę'],
      ['hour', 'hr hrs hour hours stunde stunden heure heures hora horas ora ore uur godzina godziny godzin godzinę'],
      ['day', 'day days tag tagen jour jours día días dia dias giorno giorni dag dagen dzień dni'],
    ] as const
  ).flatMap(([unit, words]) => words.split(' ').map((w) => [w, unit] as const)),
);
const ONE = String.raw`(?:an?|one|einer|einem|une?|una?|uno|een|jeden|jedną)`;
const UNIT = String.raw`(\p{L}+)`;
const COUNT = String.raw`(\d{1,2}|${ONE})`;
/** "Published" and the like may stand before; an "Updated" line is a modification, never read. */
const LABEL = String.raw`(?:(?:published|posted|veröffentlicht|publié|publicado|pubblicato|gepubliceerd|opublikowano)\s*:?\s+)?`;
const TIME_AFTER = String.raw`(?:,?\s*(?:at|um|à|a las|alle|om|o|às)?\s*\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?|uhr|h)?)?`;
/** "2 hours ago", "vor 2 Stunden", "il y a 3 jours", "hace 2 días", "3 giorni fa", "2 uur geleden", "2 dni temu", "há 2 dias". */
const RELATIVE_SOURCES = [
  String.raw`${COUNT}\s+${UNIT}\s+(?:ago|fa|geleden|temu)$`,
  String.raw`(?:vor|il y a|hace|há)\s+${COUNT}\s+${UNIT}$`,
];
/** The whole line is the relative date… */
const RELATIVE_RES = RELATIVE_SOURCES.map((r) => new RegExp(`^${LABEL}${r}`, 'iu'));
/** …or ends a line after a name ("Von Lena Hoffmann vor 11 Stunden"). */
const TRAILING_RELATIVE_RES = RELATIVE_SOURCES.map((r) => new RegExp(String.raw`(?:^|[\s|•·,–—-])${r}`, 'iu'));
/** "Yesterday" in eight languages, with a time after it or not. */
const YESTERDAY_RE = new RegExp(String.raw`^${LABEL}(?:yesterday|gestern|hier|ayer|ieri|gisteren|wczoraj|ontem)${TIME_AFTER}$`, 'iu');
/** A line that says the article changed: its relative date is not the publication's. */
const UPDATED_RE = /(?<![\p{L}])(?:updated|modified|aktualisiert|mis à jour|actualizado|aggiornato|bijgewerkt|zaktualizowano|atualizado)(?![\p{L}])/iu;
const MAX_RELATIVE_LINE = 40;
/** A header line with a name before the relative date. */
const MAX_TRAILING_LINE = 100;
/** Further back than this a relative date is rounded by the site ("40 days ago"): not a day. */
const MAX_RELATIVE_DAYS = 7;

/**
 * The day a relative date line stands for, counted back from when the capture was made
 * (in the zone of the clock that made it); null without a capture time, for weeks,
 * months and years (which name no day), and for anything but a whole date line (or,
 * `trailing`, a line that ends with one: a byline and the time since publication).
 */
export function parseRelativeDate(raw: string, at: CaptureTime | null, opts: { trailing?: boolean } = {}): string | null {
  const back = at ? relativeBack(raw, opts.trailing ?? false) : null;
  if (!at || back === null) return null;
  const local = new Date(at.instant + at.offsetMinutes * 60_000 - back);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}

/** Whether the line is a relative date {@link parseRelativeDate} reads (a date line, whatever the capture time). */
export function isRelativeDateLine(raw: string): boolean {
  return relativeBack(raw) !== null;
}

/** How far back the relative date line (or, `trailing`, its end) goes, in milliseconds. */
function relativeBack(raw: string, trailing = false): number | null {
  const text = normalizeSpaces(raw).replace(/[.·•|]+$/, '').trim();
  if (text.length > (trailing ? MAX_TRAILING_LINE : MAX_RELATIVE_LINE) || UPDATED_RE.test(text)) return null;
  let back: number | null = null;
  if (YESTERDAY_RE.test(text)) back = UNIT_MS.day;
  for (const re of trailing ? [...RELATIVE_RES, ...TRAILING_RELATIVE_RES] : RELATIVE_RES) {
    const m = re.exec(text);
    if (!m) continue;
    const unit = UNIT_WORDS[m[2]!.toLowerCase()];
    const n = /^\d/.test(m[1]!) ? +m[1]! : 1;
    if (unit && !(unit === 'day' && n > MAX_RELATIVE_DAYS)) back = n * UNIT_MS[unit];
  }
  return back;
}
