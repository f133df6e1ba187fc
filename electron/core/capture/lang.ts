/**
 * Language detection for captures that do not declare one: by script first, then, for
 * Latin script, by how often each language's commonest words occur.
 * Returns primary BCP 47 tags ("en", "de", "zh"…), or null when unsure.
 */

/** Fewer Latin-script words than this is too little to judge. */
const MIN_LATIN_WORDS = 20;
/** Fewer letters than this (non-Latin scripts) is too little to judge. */
const MIN_SCRIPT_LETTERS = 10;
/** Share of the words the winner's stopwords must reach. */
const MIN_STOPWORD_SHARE = 0.08;
/** The winner's score must beat the runner-up's by this factor. */
const MIN_WINNING_RATIO = 1.3;
/** Share of kana among Han + kana above which Han text is Japanese. */
const MIN_KANA_SHARE = 0.02;

/** Scripts that identify one language (or are tagged with their main one). */
const SCRIPTS: ReadonlyArray<readonly [tag: string, re: RegExp]> = [
  ['ko', /\p{Script=Hangul}/gu],
  ['ar', /\p{Script=Arabic}/gu],
  ['he', /\p{Script=Hebrew}/gu],
  ['el', /\p{Script=Greek}/gu],
  ['th', /\p{Script=Thai}/gu],
  ['hi', /\p{Script=Devanagari}/gu],
  ['ru', /\p{Script=Cyrillic}/gu],
  // Han and kana together: Japanese mixes both, told apart below.
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ['latin', /\p{Script=Latin}/gu],
];

/** Letters found in one Cyrillic-script language and not in Russian. */
const CYRILLIC_MARKERS: ReadonlyArray<readonly [tag: string, re: RegExp]> = [
  ['be', /ў/giu],
  ['uk', /[іїєґ]/giu],
  ['sr', /[ђћџ]/giu],
  ['mk', /[ѓќѕ]/giu],
];
/** Russian uses ы and э; Bulgarian has neither but uses ъ as a vowel throughout. */
const RUSSIAN_LETTERS_RE = /[ыэё]/giu;
const BULGARIAN_LETTERS_RE = /ъ/giu;

/** Letters of Persian and Urdu that Arabic does not use. */
const PERSIAN_LETTERS_RE = /[پچژگ]/gu;
const URDU_LETTERS_RE = /[ٹڈڑںے]/gu;

/** The commonest short words per language; shared words count for less. */
const STOPWORDS: Readonly<Record<string, string>> = {
  en: 'the of and to in is that it was for on are with as his they be at have this from by not but what all were when we there can an which their said has been would will more if who out about also its than them after into could our should these just over',
  fr: 'le la les des un une et est du en que qui dans pour pas sur au avec ce il elle sont par plus ont été aux mais nous vous leur cette ses comme fait ou sa été être entre aussi tout',
  de: 'der die und den das nicht ist von zu mit sich des auf für dem eine ein auch als an nach wie im bei hat noch werden wird sind aus oder über einer wurde war sie er es vor zum zur dass',
  es: 'el la los las de que y en un una por con para es se del al lo como más pero sus su fue ha son este esta también entre cuando muy sin sobre ya hay porque desde todo',
  it: 'il di che la e per un una non sono del della dei delle gli nel nella alla con si anche come più ma ha è le da dal al questo questa stato essere ci tra suo sua',
  pt: 'o a os as de que e do da dos das em um uma para com não por mais se no na como mas foi ao ele ela são seu sua ou quando muito também pelo pela está já tem',
  nl: 'de het een en van in is dat op te zijn met voor niet aan er maar ook als bij door naar uit over dan nog wel worden wordt werd heeft hebben deze die om tot',
  sv: 'och att det som en på är av för med till den har inte om ett men var jag de sig från vi så kan när efter också hade eller bara skulle mot under vara sina blev',
  da: 'og at det som en på er af for med til den har ikke om et men var jeg de sig fra vi så kan når efter også havde eller kun skulle mod under være blev hvad nogle meget end mere ud mig dig noget efter',
  no: 'og at det som en på er av for med til den har ikke om et men var jeg de seg fra vi så kan når etter også hadde eller bare skulle mot under være ble hva noen mye enn mer ut meg deg noe etter',
  pl: 'i w na z się nie do to że jest o jak po co ale od za przez jego ich tak już może dla był była być tym tego które który która oraz są także',
  cs: 'a v na se je že to s z do o jako by ale pro od jsou jeho které který která také podle po už byl byla bylo jejich při však nebo jen',
  tr: 've bir bu da de için ile olarak çok daha gibi ama en olan sonra kadar ne var mı değil her şey ise o ki olduğu ancak göre yeni',
  ro: 'și în de la a cu pe că nu din care un o este să se pentru mai sunt au fost lui ca dar sau această acest fi iar după',
  fi: 'ja on ei että se oli hän ovat kuin mutta myös tai jo sen kun niin ole ovat vain joka jotka nyt tämä ollut siitä hänen mukaan kanssa',
  hu: 'a az és hogy nem is egy ez meg van de csak már mint volt el ki még azt vagy lesz után amely által kell most pedig szerint',
  id: 'yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada karena oleh atau saat bisa mereka kami kita sudah telah adalah menjadi tersebut',
};

/** word → languages listing it, built once. */
const STOPWORD_INDEX: ReadonlyMap<string, readonly string[]> = buildStopwordIndex(STOPWORDS);

const LANG_TAG_RE =
  /^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|\d{3}))?((?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*)$/i;
const UNDETERMINED_TAGS = new Set(['und', 'mul', 'zxx', 'mis']);

/**
 * Detects the language of `text`: by script for non-Latin scripts, by stopword
 * frequency for Latin script. Null for too little text or no clear winner.
 */
export function detectLanguage(text: string): string | null {
  const script = dominantScript(text);
  if (!script) return null;
  if (script === 'latin') return detectLatinLanguage(text);
  if (script === 'cjk') return detectHanLanguage(text);
  if (script === 'ru') return detectCyrillicLanguage(text);
  if (script === 'ar') return detectArabicScriptLanguage(text);
  return script;
}

/**
 * Normalises a declared language tag: "en_GB" → "en-GB", "EN-us" → "en-US",
 * "zh-hant-tw" → "zh-Hant-TW". Junk, empty or undetermined tags → null.
 */
export function normalizeLangTag(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const m = LANG_TAG_RE.exec(tag.trim().replace(/_/g, '-'));
  if (!m) return null;
  const [, language = '', script, region, variants = ''] = m;
  const primary = language.toLowerCase();
  if (UNDETERMINED_TAGS.has(primary)) return null;
  const parts = [primary];
  if (script) parts.push(script[0]!.toUpperCase() + script.slice(1).toLowerCase());
  if (region) parts.push(region.toUpperCase());
  if (variants) parts.push(...variants.slice(1).toLowerCase().split('-'));
  return parts.join('-');
}

/**
 * The script most of the text's letters are in: one pass over the text, each code point's
 * script looked up once (cached by code unit for the BMP; ASCII letters are Latin).
 * Before, one global match per script built an array of every matching letter.
 */
function dominantScript(text: string): string | null {
  const counts = new Int32Array(SCRIPTS.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) counts[LATIN]!++;
      continue;
    }
    let k: number;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      k = scriptOf(text.slice(i, i + 2));
      i++;
    } else {
      k = BMP_SCRIPT[c]!;
      if (k === UNKNOWN) k = BMP_SCRIPT[c] = scriptOf(text[i]!);
    }
    if (k >= 0) counts[k]!++;
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [k, [tag]] of SCRIPTS.entries()) {
    if (counts[k]! > bestCount) [best, bestCount] = [tag, counts[k]!];
  }
  if (best !== 'latin' && bestCount < MIN_SCRIPT_LETTERS) return null;
  return best;
}

const LATIN = SCRIPTS.findIndex(([tag]) => tag === 'latin');
/** The index in SCRIPTS of each BMP code unit's script (-1: none of them), filled as met. */
const UNKNOWN = -2;
const BMP_SCRIPT = new Int8Array(0x10000).fill(UNKNOWN);
const SCRIPT_TESTS = SCRIPTS.map(([, re]) => new RegExp(re.source, 'u'));

/** The index in SCRIPTS of the script of one code point (the scripts do not overlap), or -1. */
function scriptOf(ch: string): number {
  return SCRIPT_TESTS.findIndex((re) => re.test(ch));
}

function detectHanLanguage(text: string): string {
  const kana = countMatches(text, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = countMatches(text, /\p{Script=Han}/gu);
  return kana > 0 && kana / (kana + han) >= MIN_KANA_SHARE ? 'ja' : 'zh';
}

function detectCyrillicLanguage(text: string): string {
  for (const [tag, re] of CYRILLIC_MARKERS) {
    if (countMatches(text, re) >= 2) return tag;
  }
  const bulgarian = countMatches(text, BULGARIAN_LETTERS_RE);
  return bulgarian > countMatches(text, RUSSIAN_LETTERS_RE) ? 'bg' : 'ru';
}

function detectArabicScriptLanguage(text: string): string {
  if (countMatches(text, URDU_LETTERS_RE) >= 2) return 'ur';
  if (countMatches(text, PERSIAN_LETTERS_RE) >= 2) return 'fa';
  return 'ar';
}

function detectLatinLanguage(text: string): string | null {
  const lower = text.toLowerCase();
  // The words (runs of letters, two joined by one apostrophe: /\p{L}+(?:['’]\p{L}+)?/u) are
  // found by one pass over the text (that regex matched over the whole text cost more than
  // the rest); only those short enough to be a stopword are looked up.
  let words = 0;
  // Per language (its index in LANGS): the score, the stopwords found, and the order in
  // which languages first scored (the ranking's sort keeps it for ties).
  const scores = new Float64Array(LANGS.length);
  const hits = new Int32Array(LANGS.length);
  const order: number[] = [];
  for (let i = 0; i < lower.length; ) {
    const start = i;
    let end = letterRun(lower, i);
    if (end === start) {
      i += isPairAt(lower, i) ? 2 : 1;
      continue;
    }
    const c = lower.charCodeAt(end);
    if ((c === 0x27 || c === 0x2019) && letterRun(lower, end + 1) > end + 1) end = letterRun(lower, end + 1);
    i = end;
    words++;
    if (end - start > LONGEST_STOPWORD) continue;
    const langs = stopwordAt(lower, start, end);
    if (!langs) continue;
    for (const k of langs) {
      if (hits[k] === 0) order.push(k);
      scores[k]! += 1 / langs.length;
      hits[k]!++;
    }
  }
  if (words < MIN_LATIN_WORDS) return null;

  const ranked = order.sort((x, y) => scores[y]! - scores[x]!);
  const [winner, runnerUp] = ranked;
  if (winner === undefined) return null;
  if (hits[winner]! / words < MIN_STOPWORD_SHARE) return null;
  if (runnerUp !== undefined && scores[winner]! < scores[runnerUp]! * MIN_WINNING_RATIO) return null;
  return LANGS[winner]!;
}

/** Where the run of letters (\p{L}) starting at `i` ends. */
function letterRun(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) break;
      i++;
    } else if (isPairAt(text, i)) {
      if (!LETTER_RE.test(text.slice(i, i + 2))) break;
      i += 2;
    } else {
      let known = BMP_LETTER[c]!;
      if (known === UNKNOWN) known = BMP_LETTER[c] = LETTER_RE.test(text[i]!) ? 1 : 0;
      if (known !== 1) break;
      i++;
    }
  }
  return i;
}

function isPairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

const LETTER_RE = /\p{L}/u;
/** Whether each BMP code unit is a letter: 1 or 0, UNKNOWN until met. */
const BMP_LETTER = new Int8Array(0x10000).fill(UNKNOWN);
const LANGS = Object.keys(STOPWORDS);
/** word → the indices in LANGS of the languages listing it. */
export const STOPWORD_LANGS: ReadonlyMap<string, readonly number[]> = new Map([...STOPWORD_INDEX].map(([w, langs]) => [w, langs.map((l) => LANGS.indexOf(l))]));
const LONGEST_STOPWORD = Math.max(...[...STOPWORD_INDEX.keys()].map((w) => w.length));

/**
 * STOPWORD_LANGS again as a hash table of the words (open addressing, at most half full),
 * looked up by a stretch of a text without slicing it: a slice and a Map lookup per word
 * were half of the language detection.
 */
const STOPWORD_BITS = 32 - Math.clz32(2 * STOPWORD_LANGS.size - 1);
const STOPWORD_MASK = (1 << STOPWORD_BITS) - 1;
const STOPWORD_KEYS: (string | undefined)[] = new Array<string | undefined>(STOPWORD_MASK + 1).fill(undefined);
const STOPWORD_VALUES: (readonly number[] | undefined)[] = new Array<readonly number[] | undefined>(STOPWORD_MASK + 1).fill(undefined);
for (const [word, langs] of STOPWORD_LANGS) {
  let slot = stopwordSlot(word, 0, word.length);
  while (STOPWORD_KEYS[slot] !== undefined) slot = (slot + 1) & STOPWORD_MASK;
  STOPWORD_KEYS[slot] = word;
  STOPWORD_VALUES[slot] = langs;
}

/** The first slot of the stretch of `text` from `start` to `end`. */
function stopwordSlot(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let j = start; j < end; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
  return Math.imul(h, 0x9e3779b1) >>> (32 - STOPWORD_BITS);
}

/**
 * `STOPWORD_LANGS.get(text.slice(start, end))`, without the slice. (A word joined by an
 * apostrophe, ' or ’, is no stopword: none has one.)
 */
export function stopwordAt(text: string, start: number, end: number): readonly number[] | undefined {
  const length = end - start;
  for (let slot = stopwordSlot(text, start, end); ; slot = (slot + 1) & STOPWORD_MASK) {
    const key = STOPWORD_KEYS[slot];
    if (key === undefined) return undefined;
    if (key.length !== length) continue;
    let j = 0;
    while (j < length && key.charCodeAt(j) === text.charCodeAt(start + j)) j++;
    if (j === length) return STOPWORD_VALUES[slot];
  }
}

function buildStopwordIndex(lists: Readonly<Record<string, string>>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [lang, list] of Object.entries(lists)) {
    for (const word of new Set(list.split(/\s+/))) {
      const langs = index.get(word) ?? [];
      langs.push(lang);
      index.set(word, langs);
    }
  }
  return index;
}

function countMatches(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}
