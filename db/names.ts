/**
 * Names (people, places, organisations) found in a clipping's text, for the instant
 * search index: runs of one to four capitalised words ("Dymtro Kuleba", "Downing
 * Street", "Bank of England"), so a name — even a misspelt one — can be suggested
 * without holding bodies in memory.
 *
 * Heuristics, in order:
 * - a run is capitalised words (`Kuleba`, `O'Brien`, `Jean-Luc`, `al-Assad`) or
 *   acronyms (`UK`, `BBC`) joined by plain spaces; particles (de, von, van, of, al…)
 *   may sit inside a run, never at its ends; punctuation, line breaks and numbers end it;
 * - titles end what comes before them: "Russian President Mr Putin" → "Putin",
 *   "Foreign Secretary Liz Truss" → "Liz Truss";
 * - leading function words go: "The Foreign Office" → "Foreign Office";
 * - a run at the start of a sentence keeps its first word only when that word is also
 *   capitalised in mid-sentence somewhere in the text, or is never written in lower
 *   case there (then a lone word must be seen in mid-sentence to count);
 * - a lone surname that is the last word of a fuller name in the same text counts for
 *   the fuller name ("Putin" → "Vladimir Putin");
 * - names are ranked by frequency (then first appearance) and the first `max` kept.
 */

const STOPWORDS = new Set(
  `the a an it its he she they we i you this that these those there here his her hers their our my your
  but and or nor if in on at for from with as by to of into onto after before when while where what who whom
  whose why how last next some many most all both each every any no not yes so yet then than thus also
  however meanwhile speaking according although though despite because since until unless once
  yesterday today tonight tomorrow monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december
  mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
  photo picture image video watch read share follow listen subscribe advertisement getty`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that introduce a name: the name is what follows them. */
const TITLES = new Set(
  `mr mrs ms mx miss dr prof professor sir dame lord lady rev reverend
  president vice prime minister ministers secretary chancellor senator sen rep representative congressman
  congresswoman governor gov general gen colonel col captain capt lieutenant lt sergeant sgt commander
  admiral marshal king queen prince princess duke duchess pope archbishop bishop cardinal father
  judge justice mayor sheikh premier chairman chairwoman chair speaker ambassador commissioner
  inspector detective officer constable superintendent chief deputy spokesman spokeswoman spokesperson
  former late acting interim incoming outgoing`
    .split(/\s+/)
    .filter(Boolean),
);

/** Abbreviations whose full stop does not end a sentence ("Mr. Biden"). */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'gen', 'sen', 'rep', 'gov', 'col', 'capt', 'lt', 'sgt', 'jr', 'sr', 'rev', 'mt', 'ft']);

/** Lower-case words allowed inside a name. */
const PARTICLES = new Set(['de', 'da', 'di', 'del', 'della', 'der', 'den', 'des', 'du', 'la', 'le', 'van', 'von', 'zu', 'bin', 'ibn', 'al', 'el', 'of', 'y', 'dos', 'das', 'ter', 'ten']);

/** Capitalised words and acronyms, with inner apostrophes or hyphens ("O'Brien", "Jean-Luc"). */
const TOKEN = /\p{Lu}[\p{L}\p{M}]*(?:['’‐-]\p{L}[\p{L}\p{M}]*)*/gu;
/** An Arabic-style article or elided particle glued before a capitalised word. */
const GLUED_PREFIX = /(?:^|[^\p{L}\p{M}])((?:al|el|ad|as|ash|ibn|bin|d|l)['’‐-])$/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** Particles between two capitalised words: " of ", " de la ", " von ". */
const PARTICLE_SEP = new RegExp(`^[ \\t\\u00a0\\u202f]+(?:(?:${[...PARTICLES].join('|')})[ \\t\\u00a0\\u202f]+){1,2}$`, 'u');
const HAS_LOWER = /\p{Ll}/u;
const ACRONYM = /^\p{Lu}{2,6}$/u;
const POSSESSIVE = /['’]s$/u;
/** Separators inside a run: plain spaces only (a line break or any punctuation ends it). */
const RUN_JOIN = /^[ \t\u00a0\u202f]+$/u;
const ABBREV_JOIN = /^\.[ \t\u00a0\u202f]+$/u;
const SPACE = new Set([' ', '\t', '\u00a0', '\u202f']);
const OPENERS = new Set(['"', '“', '‘', '«', '„', '(', '[', '\'']);
const ENDERS = new Set(['.', '!', '?', '…', ':', ';', '\n', '\r']);

interface Token {
  word: string;
  lower: string;
  cap: boolean;
  initial: boolean;
  joinsPrev: boolean;
}

/** True when the word at `start` begins a sentence (or a quotation, or a line). */
function sentenceInitial(text: string, start: number): boolean {
  let k = start - 1;
  while (k >= 0) {
    const ch = text[k]!;
    if (SPACE.has(ch)) {
      k--;
      continue;
    }
    if (OPENERS.has(ch) || ENDERS.has(ch)) {
      if (ch === '.') {
        // "Mr. Biden": the abbreviation's full stop does not end a sentence.
        const m = /([\p{L}]+)$/u.exec(text.slice(Math.max(0, k - 6), k));
        if (m && ABBREVIATIONS.has(m[1]!.toLowerCase())) return false;
      }
      return true;
    }
    return false;
  }
  return true;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  let prevLower = '';
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    let start = m.index;
    let word = m[0];
    const before = start > 0 ? text[start - 1]! : ' ';
    if (WORD_CHAR.test(before)) continue; // "iPhone", "McDonald" tail
    if (before === '-' || before === "'" || before === '’' || before === '‐') {
      const g = GLUED_PREFIX.exec(text.slice(Math.max(0, start - 5), start));
      if (!g) continue; // "ex-President": the part after a hyphen is not a word start
      start -= g[1]!.length;
      word = g[1]! + word;
    }
    if (POSSESSIVE.test(word) && word.length > 3) word = word.slice(0, -2);
    const sep = text.slice(last, start);
    const lower = word.toLowerCase();
    const cap = HAS_LOWER.test(word) || ACRONYM.test(word);
    if (!cap) {
      last = start + m[0].length;
      continue;
    }
    let joined = false;
    let particles: string[] = [];
    if (tokens.length > 0 && last > 0) {
      if (RUN_JOIN.test(sep) || (ABBREV_JOIN.test(sep) && ABBREVIATIONS.has(prevLower))) joined = true;
      else if (sep.length < 16 && PARTICLE_SEP.test(sep)) {
        joined = true;
        particles = sep.trim().split(/\s+/u);
      }
    }
    for (const p of particles) tokens.push({ word: p, lower: p, cap: false, initial: false, joinsPrev: true });
    tokens.push({ word, lower, cap, initial: !joined && sentenceInitial(text, start), joinsPrev: joined });
    last = m.index + m[0].length;
    prevLower = lower;
  }
  return tokens;
}

/** True when `word` occurs in `text` written in lower case (a common word, not a name). */
function seenLowercase(text: string, lower: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(lower, from);
    if (at < 0) return false;
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = text[at + lower.length] ?? ' ';
    if (!/[\p{L}\p{M}]/u.test(before) && !/[\p{L}\p{M}]/u.test(after)) return true;
    from = at + 1;
  }
}

/** The names in `text`, most frequent first, at most `max`. */
export function extractNames(text: string, max = 40): string[] {
  const tokens = tokenize(text);
  // Words seen capitalised in mid-sentence, and words seen in lower case anywhere.
  const capMid = new Set<string>();
  for (const t of tokens) if (t.cap && !t.initial) capMid.add(t.word);

  const runs: { words: string[]; initial: boolean }[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (!t.cap) {
      i++;
      continue;
    }
    const words: string[] = [t.word];
    let j = i + 1;
    // Extend through capitalised words and inner particles.
    while (j < tokens.length && tokens[j]!.joinsPrev && !tokens[j]!.initial) {
      const u = tokens[j]!;
      if (u.cap) {
        words.push(u.word);
        j++;
        continue;
      }
      if (PARTICLES.has(u.lower)) {
        // A particle only counts when a capitalised word follows it.
        let k = j;
        const parts: string[] = [];
        while (k < tokens.length && tokens[k]!.joinsPrev && !tokens[k]!.initial && !tokens[k]!.cap && PARTICLES.has(tokens[k]!.lower) && parts.length < 2) {
          parts.push(tokens[k]!.word);
          k++;
        }
        if (k < tokens.length && tokens[k]!.joinsPrev && !tokens[k]!.initial && tokens[k]!.cap) {
          words.push(...parts);
          j = k;
          continue;
        }
      }
      break;
    }
    runs.push({ words, initial: t.initial });
    i = j;
  }

  const counts = new Map<string, { n: number; first: number; words: string[] }>();
  let order = 0;
  const note = (words: string[]) => {
    const key = words.join(' ');
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { n: 1, first: order++, words });
  };

  // Mid-sentence runs first: they vouch for the tail of a doubtful sentence-initial run
  // ("Former Kwame Harris" → "Kwame Harris" when "Kwame Harris" is seen elsewhere).
  const midKeys = new Set<string>();
  for (const run of runs) if (!run.initial) for (let k = 0; k < run.words.length; k++) midKeys.add(run.words.slice(k).join(' '));
  for (const run of runs) {
    let words = run.words;
    let initial = run.initial;
    // Titles end what precedes them ("Russian President Mr Putin" → "Putin").
    let cut = -1;
    for (let k = 0; k < words.length; k++) if (TITLES.has(words[k]!.toLowerCase())) cut = k;
    if (cut >= 0) {
      words = words.slice(cut + 1);
      initial = false;
    }
    // Leading function words go.
    while (words.length && (STOPWORDS.has(words[0]!.toLowerCase()) || PARTICLES.has(words[0]!.toLowerCase()))) {
      words = words.slice(1);
      initial = false;
    }
    if (words.length === 0) continue;
    if (initial) {
      const first = words[0]!;
      const trusted =
        capMid.has(first) || (words.length > 1 && !seenLowercase(text, first.toLowerCase()) && !(words.length > 2 && midKeys.has(words.slice(1).join(' '))));
      if (!trusted) {
        words = words.slice(1);
        while (words.length && PARTICLES.has(words[0]!.toLowerCase())) words = words.slice(1);
        // What remains now starts mid-sentence: fine.
      }
    }
    // Particles and function words never end a name; at most four capitalised words.
    while (words.length && (PARTICLES.has(words[words.length - 1]!.toLowerCase()) || STOPWORDS.has(words[words.length - 1]!.toLowerCase()))) {
      words = words.slice(0, -1);
    }
    if (words.length === 0) continue;
    if (words.filter((w) => !PARTICLES.has(w.toLowerCase())).length > 4) {
      // Too long to be one name (a headline-style run): keep its last four words.
      let kept = 0;
      let k = words.length;
      while (k > 0 && kept < 4) {
        k--;
        if (!PARTICLES.has(words[k]!.toLowerCase())) kept++;
      }
      words = words.slice(k);
    }
    if (words.length === 1 && (STOPWORDS.has(words[0]!.toLowerCase()) || words[0]!.length < 2)) continue;
    note(words);
  }

  // A lone word that ends a fuller name of this text counts for that name.
  const fullByLast = new Map<string, string>();
  for (const [key, c] of counts) {
    if (c.words.length < 2) continue;
    const lastWord = c.words[c.words.length - 1]!;
    const prev = fullByLast.get(lastWord);
    if (prev === undefined || counts.get(prev)!.n < c.n) fullByLast.set(lastWord, key);
  }
  for (const [key, c] of [...counts]) {
    if (c.words.length !== 1) continue;
    const full = fullByLast.get(key);
    if (!full) continue;
    const f = counts.get(full)!;
    f.n += c.n;
    f.first = Math.min(f.first, c.first);
    counts.delete(key);
  }

  return [...counts.entries()]
    .sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first)
    .slice(0, max)
    .map(([key]) => key);
}
