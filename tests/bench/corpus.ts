/**
 * Deterministic synthetic news clippings for the benchmark.
 *
 * A vocabulary (real English function and news words, pronounceable pseudo-words, and
 * names of people, places and organisations, some with diacritics) is ranked once from
 * the seed and drawn from with a Zipf law. Every clipping is generated from its own
 * PRNG stream seeded by (seed, index), so clipping i is the same bytes whatever else is
 * generated, and the first 10k clippings of a 100k corpus are the 10k corpus.
 *
 * Each clipping is emitted as a plain-text capture, the way a copy of a web page reads:
 *
 *   Headline words here
 *
 *   By Jane Doe
 *
 *   December 8 2021, 3.51pm
 *
 *   First paragraph…
 *
 *   Second paragraph…
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Rng, Zipf } from './stats.ts';

// ---------------------------------------------------------------------------------------
// Word lists

/** The most frequent English words, most frequent first: they take the top ranks. */
const FUNCTION_WORDS = `the of to and a in that is for on was with said he it as at by his from be have has are an
were but not this they who will had been their would which its more after also than she her about we one there or up
when new all last out two people year over into could if can first some other years what no them these while
before him our three most only because such many just those where being during against between under through
so may since still told any including both then very should each even much like well back my down did now time
how another four week made make same around off per cent own take like among without here five again whether`
  .split(/\s+/)
  .filter((w, i, all) => all.indexOf(w) === i);

/** Real news vocabulary; ranked among the pseudo-words below. */
const NEWS_WORDS = `government minister president election police court party country state officials report public
percent million billion company market prices economy bank rates inflation policy health hospital patients
doctors school children families workers union strike energy climate emissions weather storm flood border
security military army troops attack war ceasefire talks agreement deal trade tariffs exports imports growth
budget tax spending debt deficit investors shares profits losses chief executive board director spokesman
spokeswoman statement interview parliament senate congress vote voters campaign candidate leader opposition
coalition reform law legislation bill judge trial jury prosecutors lawyer investigation inquiry evidence
witness victims suspect arrest charges sentence prison council mayor city town village region province capital
residents community housing rent homes building construction transport railway airport flights airline
passengers road traffic accident fire rescue emergency services ambulance crisis protest protesters rally
demonstration crowd football match season club coach players team championship league victory defeat goal
score record tournament final festival film music artist album concert exhibition museum gallery theatre
book author novel science research scientists university study data survey technology software internet
online digital platform users privacy network phone computer energy gas oil electricity power plant nuclear
wind solar renewable farmers farm crops food water drought harvest supply shortage demand pressure warning
threat risk danger safety rules regulator agency commission committee spokesperson official authorities
decision announcement plan proposal strategy response measures support aid funding grant cuts jobs
unemployment wages salaries pensions benefits welfare migrants refugees asylum visa citizens population
census history century decade anniversary memorial ceremony church religious festival holiday tourism
tourists hotel restaurant shop retail sales consumers customers brand product launch industry factory
manufacturing cars vehicles electric battery charging fuel petrol diesel engine ship port harbour coast sea
river mountain forest wildlife species environment pollution waste recycling plastic carbon temperature
heatwave wildfire earthquake hurricane disaster damage repair recovery insurance claims compensation
pandemic virus vaccine infections cases deaths testing lockdown restrictions masks variant outbreak
scandal resignation allegations corruption fraud bribery lawsuit settlement appeal ruling verdict
newspaper journalist editor media broadcaster television radio podcast social video images photographs
weekend morning evening night yesterday today tomorrow monday tuesday wednesday thursday friday saturday sunday
morning spring summer autumn winter early late recent former current future previous major minor senior junior
local national international foreign domestic regional global european american british african asian
important significant serious difficult possible likely unlikely clear strong weak high low large small
long short young old big little great good bad better worse best worst key main final full free open
increase decrease rise fall drop jump surge slump boost cut raise lower expand reduce improve worsen
announced confirmed denied warned claimed insisted admitted suggested argued added explained described
called urged demanded promised expected planned decided agreed refused rejected approved launched opened
closed started ended continued remained became seemed appeared showed found revealed reported published
according however although despite meanwhile instead already almost nearly around roughly about`
  .split(/\s+/)
  .filter(Boolean)
  .filter((w, i, all) => all.indexOf(w) === i);

const FIRST_NAMES = `James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Margaret Mark Sandra Paul Ashley
Steven Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy
Stephanie Ronald Rebecca Jason Laura Edward Helen Jeffrey Sharon Ryan Cynthia Jacob Kathleen Gary Amy
José François Zoë Søren Łukasz Małgorzata Jürgen Ólafur Björn Chloé Agnès Dóra Renée Åsa Jiří Mehmet Aylin
Noémie Gaëlle Ingrid Sebastián Andrés Lucía Inés Zsófia Tomasz Kateřina Oğuz Ngozi Chidi Amara Kwame Priya
Rahul Aditya Mei Wei Hiroshi Yuki Min-jun Seo-yeon Oksana Taras Olena Dmytro Fatima Omar Leila Youssef`
  .split(/\s+/)
  .filter(Boolean);

const SURNAMES = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis
Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera
Campbell Mitchell Carter Roberts Kowalski Nowak Wiśniewski Müller Schmidt Schneider Fischer Weber Becker
Dupont Lefèvre Moreau Girard Bonnaire Rossi Russo Ferrari Esposito Bianchi Romano Kovačević Horváth Nagy
Novák Dvořák Svoboda Jansen Vermeulen Bakker Andersson Johansson Lindqvist Nielsen Sørensen Hansen Virtanen
Korhonen Jónsdóttir Guðmundsson O'Brien Murphy Kelly Byrne Walsh Yılmaz Kaya Demir Çelik Papadopoulos
Georgiou Ivanova Shevchenko Kovalenko Bondarenko Tkachenko Okafor Adeyemi Mensah Boateng Achterberg Patel
Sharma Singh Gupta Kumar Tanaka Suzuki Watanabe Kim Park Chen Wang Zhang Liu Haddad Khalil Mansour Nkosi
Mbeki Ferreira Oliveira Silva Santos Pereira Costa Almeida Fernández Jiménez Muñoz Álvarez Romero Navarro`
  .split(/\s+/)
  .filter(Boolean);

const PLACES = `London Paris Berlin Madrid Rome Lisbon Dublin Brussels Amsterdam Vienna Prague Warsaw Budapest
Kyïv Zürich Kraków Gdańsk Malmö Göteborg Tromsø Reykjavík Besançon Orléans Nîmes Düsseldorf Köln München
Brno Łódź Plzeň Timișoara Iași Thessaloníki Málaga Córdoba Cádiz Logroño Coruña Bogotá Medellín Mérida
Québec Montréal Toronto Chicago Houston Denver Seattle Boston Atlanta Phoenix Dallas Miami Nairobi Lagos
Accra Dakar Cairo Tunis Beirut Ankara İzmir Tbilisi Yerevan Almaty Mumbai Delhi Karachi Dhaka Jakarta
Manila Hanoi Bangkok Seoul Osaka Sydney Melbourne Auckland Lima Santiago Quito Asunción Montevideo
Brasília Curitiba Bristol Leeds Glasgow Cardiff Belfast Aberdeen Norwich Kharkiv Odesa Lviv Dnipro Zaporizhzhia`
  .split(/\s+/)
  .filter(Boolean);

const ORGANISATIONS = [
  'United Nations',
  'European Commission',
  'European Central Bank',
  'Bank of England',
  'Federal Reserve',
  'World Health Organization',
  'International Monetary Fund',
  'World Bank',
  'Red Cross',
  'Amnesty International',
  'Greenpeace',
  'Nato',
  'Opec',
  'Interpol',
  'Unicef',
  'Médecins Sans Frontières',
  'Deutsche Bahn',
  'Société Générale',
  'Nordvik Energy',
  'Halvorsen Shipping',
  'Brightwater Holdings',
  'Kestrel Aerospace',
  'Orrin Pharmaceuticals',
  'Calloway Group',
  'Velmont Bank',
  'Tamsin Foods',
  'Ministry of Finance',
  'Ministry of Defence',
  'Home Office',
  'Supreme Court',
  'Electoral Commission',
  'Office for National Statistics',
  'National Audit Office',
  'Crown Prosecution Service',
  'Environment Agency',
  'Met Office',
];

const AGENCIES = ['Reuters', 'Associated Press', 'AFP', 'PA Media', 'Bloomberg', 'dpa', 'Agencies'];

const OUTLETS: readonly (readonly [name: string, host: string])[] = [
  ['The Northern Herald', 'northernherald.example'],
  ['Daily Courier', 'dailycourier.example'],
  ['The Evening Standard-Bearer', 'standardbearer.example'],
  ['Morning Ledger', 'morningledger.example'],
  ['The Observer Post', 'observerpost.example'],
  ['Financial Gazette', 'fingazette.example'],
  ['Le Quotidien', 'lequotidien.example'],
  ['Rundschau Online', 'rundschau.example'],
  ['Harbour Times', 'harbourtimes.example'],
  ['The Weekly Review', 'weeklyreview.example'],
  ['Capital Chronicle', 'capitalchronicle.example'],
  ['Metro News', 'metronews.example'],
  ['The Independent Voice', 'independentvoice.example'],
  ['Coastal Tribune', 'coastaltribune.example'],
  ['Business Daily', 'businessdaily.example'],
  ['Sports Desk', 'sportsdesk.example'],
  ['The Record', 'therecord.example'],
  ['Valley Gazette', 'valleygazette.example'],
];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Syllables for pronounceable pseudo-words (the long tail of the vocabulary). */
const ONSETS = ['b', 'br', 'c', 'cl', 'cr', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'pr', 'r', 's', 'sh', 'sk', 'sl', 'st', 't', 'th', 'tr', 'v', 'w', 'wh', 'z', ''];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ea', 'ou', 'ai', 'ie', 'oo', 'y'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 't', 'm', 'nd', 'nt', 'st', 'rk', 'ck', 'ng', 'x', 'th', 'rn'];
const SUFFIXES = ['', '', '', 'ing', 'ed', 'er', 'ers', 'ion', 'ment', 'ness', 'ity', 'al', 'ly', 'ous', 'ive', 'able', 's', 'es'];

// ---------------------------------------------------------------------------------------
// Corpus

export interface Clipping {
  index: number;
  title: string;
  byline: string;
  outlet: string;
  /** The visible date line, e.g. "December 8 2021, 3.51pm". */
  dateLine: string;
  sourceUrl: string;
  paragraphs: string[];
  /** Words of the rare pool used in this clipping. */
  rareWords: string[];
  /** The plain-text capture handed to `clippings.add`. */
  text: string;
}

export interface QuerySets {
  /** One common word (Zipf ranks just below the function words). */
  single_common: string[];
  /** One word of the rare pool: found in a handful of clippings. */
  single_rare: string[];
  /** Two mid-frequency words, both required. */
  two_term_and: string[][];
  /** Two words that occur next to each other in generated clippings. */
  phrase: string[][];
  /** A 3–4 letter prefix. */
  prefix: string[];
  /** A word of a person's, place's or organisation's name. */
  name: string[];
}

export type QueryClass = keyof QuerySets;
export const QUERY_CLASSES: readonly QueryClass[] = ['single_common', 'single_rare', 'two_term_and', 'phrase', 'prefix', 'name'];

/** Zipf exponent of the word distribution (≈1 for natural language). */
const ZIPF_S = 1.0;
/** How many pseudo-words make the long tail. */
const PSEUDO_WORDS = 3200;
/**
 * The rare pool: words outside the Zipf vocabulary (typos, obscure names, jargon), one
 * in RARE_CHANCE sentences has one. At 100k clippings each is in a few clippings.
 */
const RARE_POOL = 60_000;
const RARE_CHANCE = 0.04;

export class Corpus {
  /** Every plain word, most frequent first. */
  readonly words: string[];
  private readonly wordZipf: Zipf;
  private readonly people: string[];
  private readonly personZipf: Zipf;
  private readonly placeZipf: Zipf;
  private readonly orgZipf: Zipf;
  private readonly places: string[];
  private readonly orgs: string[];
  /** Index of the first word after the function words. */
  readonly contentStart = FUNCTION_WORDS.length;

  constructor(readonly seed: number) {
    const rng = new Rng(seed, 0x766f6361); // "voca"
    const known = new Set<string>([...FUNCTION_WORDS, ...NEWS_WORDS]);
    const pseudo: string[] = [];
    while (pseudo.length < PSEUDO_WORDS) {
      const w = pseudoWord(rng);
      if (w.length < 4 || known.has(w)) continue;
      known.add(w);
      pseudo.push(w);
    }
    // Function words on top, then the news words (mostly higher) mixed with the tail.
    const content = rng.shuffle([...NEWS_WORDS.map((w) => ({ w, k: rng.next() * 0.6 })), ...pseudo.map((w) => ({ w, k: 0.15 + rng.next() }))]);
    content.sort((x, y) => x.k - y.k);
    this.words = [...FUNCTION_WORDS, ...content.map((c) => c.w)];
    this.wordZipf = new Zipf(this.words.length, ZIPF_S);

    const people = new Set<string>();
    while (people.size < 900) people.add(`${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`);
    this.people = [...people];
    this.personZipf = new Zipf(this.people.length, 0.9);
    this.places = rng.shuffle([...PLACES]);
    this.placeZipf = new Zipf(this.places.length, 0.8);
    this.orgs = rng.shuffle([...ORGANISATIONS]);
    this.orgZipf = new Zipf(this.orgs.length, 0.8);
  }

  /** Clipping number `index` (0-based): depends only on (seed, index). */
  clipping(index: number): Clipping {
    const rng = new Rng(this.seed, 0x636c6970, index); // "clip"
    const cast = [0, 1, 2].map(() => this.people[this.personZipf.sample(rng)]!);
    const place = this.places[this.placeZipf.sample(rng)]!;
    const org = this.orgs[this.orgZipf.sample(rng)]!;
    const ctx: Context = { rng, cast, place, org, mentioned: new Set(), rare: [] };

    const [outlet, host] = rng.pick(OUTLETS);
    const title = this.headline(ctx);
    const byline = rng.chance(0.15)
      ? rng.pick(AGENCIES)
      : rng.chance(0.12)
        ? this.twoAuthors(rng)
        : this.people[this.personZipf.sample(rng)]!;
    const year = rng.int(2012, 2025);
    const month = rng.int(0, 11);
    const day = rng.int(1, 28);
    const hour = rng.int(1, 12);
    const minute = rng.int(0, 59);
    const dateLine = `${MONTHS[month]} ${day} ${year}, ${hour}.${String(minute).padStart(2, '0')}${rng.chance(0.5) ? 'am' : 'pm'}`;

    const paragraphs: string[] = [];
    const count = rng.int(8, 30);
    for (let p = 0; p < count; p++) {
      const sentences: string[] = [];
      const n = rng.chance(0.45) ? 1 : rng.chance(0.7) ? 2 : 3;
      for (let s = 0; s < n; s++) sentences.push(this.sentence(ctx));
      paragraphs.push(sentences.join(' '));
    }
    const slug = title.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    const sourceUrl = `https://www.${host}/${year}/${String(month + 1).padStart(2, '0')}/${String(day).padStart(2, '0')}/${slug}-${index}`;
    const text = [title, `By ${byline}`, dateLine, ...paragraphs].join('\n\n') + '\n';
    return { index, title, byline, outlet, dateLine, sourceUrl, paragraphs, rareWords: ctx.rare, text };
  }

  /** Fixed query sets of `n` queries per class, drawn from the vocabulary and from clippings below `docLimit`. */
  querySets(n: number, docLimit: number, stream = 1): QuerySets {
    const rng = new Rng(this.seed, 0x71756572, stream); // "quer"
    const plain = (w: string) => /^[a-z]+$/.test(w);
    const rank = (lo: number, hi: number) => {
      for (;;) {
        const w = this.words[rng.int(this.contentStart + lo, Math.min(this.words.length - 1, this.contentStart + hi))]!;
        if (plain(w)) return w;
      }
    };
    const sets: QuerySets = { single_common: [], single_rare: [], two_term_and: [], phrase: [], prefix: [], name: [] };
    for (let i = 0; i < n; i++) {
      sets.single_common.push(rank(0, 150));
      sets.single_rare.push(this.usedRareWord(rng, docLimit));
      const a = rank(20, 1500);
      let b = rank(20, 1500);
      while (b === a) b = rank(20, 1500);
      sets.two_term_and.push([a, b]);
      sets.phrase.push(this.adjacentPair(rng, docLimit));
      for (;;) {
        const w = rank(0, 1200);
        const len = rng.chance(0.5) ? 3 : 4;
        if (w.length < len + 2) continue;
        sets.prefix.push(w.slice(0, len));
        break;
      }
      sets.name.push(this.nameWord(rng));
    }
    return sets;
  }

  /** A word of the rare pool that a clipping below `docLimit` contains. */
  private usedRareWord(rng: Rng, docLimit: number): string {
    for (;;) {
      const c = this.clipping(rng.int(0, docLimit - 1));
      if (c.rareWords.length) return rng.pick(c.rareWords);
    }
  }

  /** Word number k of the rare pool: depends only on (seed, k). */
  rareWord(k: number): string {
    const rng = new Rng(this.seed, 0x72617265, k); // "rare"
    for (;;) {
      const w = pseudoWord(rng) + pseudoWord(rng).slice(0, 3);
      if (w.length >= 6) return w;
    }
  }

  /** Two adjacent words (not both function words) from a random paragraph of a generated clipping. */
  private adjacentPair(rng: Rng, docLimit: number): string[] {
    const functional = new Set(FUNCTION_WORDS);
    for (;;) {
      const c = this.clipping(rng.int(0, docLimit - 1));
      const para = rng.pick(c.paragraphs);
      // Only pairs not separated by punctuation: split on it, then on spaces.
      const chunk = rng.pick(para.split(/[^\p{L}\s]+/u)).trim().split(/\s+/).filter(Boolean);
      if (chunk.length < 2) continue;
      const i = rng.int(0, chunk.length - 2);
      const pair = [chunk[i]!, chunk[i + 1]!];
      if (pair.every((w) => functional.has(w.toLowerCase()))) continue;
      if (!pair.every((w) => /^\p{L}+$/u.test(w))) continue;
      return pair.map((w) => w.toLowerCase());
    }
  }

  private nameWord(rng: Rng): string {
    for (;;) {
      const kind = rng.next();
      const source =
        kind < 0.5
          ? this.people[this.personZipf.sample(rng)]!
          : kind < 0.8
            ? this.places[this.placeZipf.sample(rng)]!
            : this.orgs[this.orgZipf.sample(rng)]!;
      const words = source.split(' ').filter((w) => /^\p{Lu}\p{L}+$/u.test(w) && w.length >= 3 && !FUNCTION_WORDS.includes(w.toLowerCase()));
      if (words.length === 0) continue;
      // Half the time typed as written (diacritics), the rest as the user may type it.
      const w = rng.pick(words);
      return rng.chance(0.5) ? w : w.toLowerCase();
    }
  }

  private twoAuthors(rng: Rng): string {
    const first = this.people[this.personZipf.sample(rng)]!;
    let second = this.people[this.personZipf.sample(rng)]!;
    while (second === first) second = this.people[this.personZipf.sample(rng)]!;
    return `${first} and ${second}`;
  }

  private word(rng: Rng): string {
    return this.words[this.wordZipf.sample(rng)]!;
  }

  private headline(ctx: Context): string {
    const { rng } = ctx;
    const words: string[] = [];
    const n = rng.int(5, 12);
    for (let i = 0; i < n; i++) words.push(this.words[this.contentStart + Math.min(this.wordZipf.sample(rng), this.words.length - this.contentStart - 1)]!);
    const name = rng.next();
    if (name < 0.35) words.splice(rng.int(0, words.length), 0, surname(ctx.cast[0]!));
    else if (name < 0.55) words.splice(rng.int(0, words.length), 0, ctx.place);
    else if (name < 0.65) words.splice(rng.int(0, words.length), 0, ctx.org);
    return capitalise(words.join(' '));
  }

  private sentence(ctx: Context): string {
    const { rng } = ctx;
    const length = rng.int(7, 26);
    const words: string[] = [];
    for (let i = 0; i < length; i++) words.push(this.word(rng));
    // Names, places and organisations, first mention in full.
    const roll = rng.next();
    if (roll < 0.3) {
      const person = rng.chance(0.75) ? rng.pick(ctx.cast) : this.people[this.personZipf.sample(rng)]!;
      const first = !ctx.mentioned.has(person);
      ctx.mentioned.add(person);
      words.splice(rng.int(1, words.length), 0, first ? person : surname(person));
    } else if (roll < 0.45) {
      words.splice(rng.int(1, words.length), 0, 'in', rng.chance(0.7) ? ctx.place : this.places[this.placeZipf.sample(rng)]!);
    } else if (roll < 0.55) {
      words.splice(rng.int(1, words.length), 0, 'the', rng.chance(0.7) ? ctx.org : this.orgs[this.orgZipf.sample(rng)]!);
    }
    if (rng.chance(0.12)) words.splice(rng.int(1, words.length), 0, numberPhrase(rng));
    if (rng.chance(RARE_CHANCE)) {
      const w = this.rareWord(rng.int(0, RARE_POOL - 1));
      ctx.rare.push(w);
      words.splice(rng.int(1, words.length), 0, w);
    }
    if (length > 14 && rng.chance(0.5)) {
      const at = rng.int(4, words.length - 3);
      words[at] = `${words[at]!},`;
    }
    let s = capitalise(words.join(' ')) + '.';
    if (rng.chance(0.15)) s = `“${s.slice(0, -1)},” said ${surname(rng.pick(ctx.cast))}.`;
    return s;
  }
}

interface Context {
  rng: Rng;
  cast: string[];
  place: string;
  org: string;
  mentioned: Set<string>;
  rare: string[];
}

function pseudoWord(rng: Rng): string {
  let w = '';
  const syllables = rng.chance(0.35) ? 1 : rng.chance(0.8) ? 2 : 3;
  for (let i = 0; i < syllables; i++) w += rng.pick(ONSETS) + rng.pick(NUCLEI) + (i === syllables - 1 ? rng.pick(CODAS) : '');
  return w + rng.pick(SUFFIXES);
}

function numberPhrase(rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return `${rng.int(2, 98)} per cent`;
    case 1:
      return `£${rng.int(1, 900)}m`;
    case 2:
      return `${rng.int(2, 5000).toLocaleString('en-GB')}`;
    default:
      return `$${rng.int(1, 90)}.${rng.int(1, 9)}bn`;
  }
}

function surname(person: string): string {
  return person.slice(person.lastIndexOf(' ') + 1);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A benchmark query as typed into Cuttings, and the same query in FTS5 syntax (the baseline). */
export interface Query {
  /** As a user types it into the search box. */
  product: string;
  /** The same query in FTS5 syntax. */
  fts: string;
}

export function toQueries(sets: QuerySets): Record<QueryClass, Query[]> {
  return {
    single_common: sets.single_common.map((w) => ({ product: w, fts: w })),
    single_rare: sets.single_rare.map((w) => ({ product: w, fts: w })),
    two_term_and: sets.two_term_and.map(([a, b]) => ({ product: `${a} ${b}`, fts: `${a} AND ${b}` })),
    phrase: sets.phrase.map(([a, b]) => ({ product: `"${a} ${b}"`, fts: `"${a} ${b}"` })),
    prefix: sets.prefix.map((p) => ({ product: `${p}*`, fts: `${p}*` })),
    name: sets.name.map((w) => ({ product: w, fts: w })),
  };
}

/**
 * Writes the corpus's first `count` clippings as text captures into `inbox` (made here),
 * a thousand to a subfolder, as the import benchmarks read them; returns their text's bytes.
 */
export function writeTextInbox(corpus: Corpus, inbox: string, count: number): number {
  mkdirSync(inbox);
  let textBytes = 0;
  for (let i = 0; i < count; i++) {
    const sub = path.join(inbox, String(Math.floor(i / 1000)).padStart(2, '0'));
    if (i % 1000 === 0) mkdirSync(sub);
    const text = corpus.clipping(i).text;
    textBytes += Buffer.byteLength(text);
    writeFileSync(path.join(sub, `clipping-${i}.txt`), text);
  }
  return textBytes;
}
