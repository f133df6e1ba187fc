/**
 * The search query language: text → AST. Pure (no SQL); `builder.ts` turns the AST into
 * an FTS5 MATCH expression plus SQL conditions.
 *
 * Grammar (recursive descent; precedence: NOT/- binds tightest, then AND — explicit or
 * implicit by juxtaposition —, then OR):
 *
 *   query    := orExpr
 *   orExpr   := andExpr ( "OR" andExpr )*
 *   andExpr  := unary ( ["AND"] unary )*
 *   unary    := ( "-" | "NOT" ) unary | primary
 *   primary  := "(" orExpr [")"]                  -- a missing ")" closes at the end
 *             | FIELD ":" "(" orExpr [")"]        -- title:(a OR b) = (title:a OR title:b)
 *             | FIELD ":" value ["*"]             -- value: a bare word or a "quoted string"
 *             | '"' text ['"'] ["*"]               -- phrase (a missing '"' closes at the end)
 *             | word ["*"]                        -- prefix when it ends in *
 *
 * Lexical rules
 * - AND, OR, NOT are operators only in capitals and standing alone; "and"/"or" are words.
 * - "-" starts a negation at the start of a token and directly before something
 *   (-word, -"phrase", -(group), -tag:x); a "-" inside a word is punctuation.
 * - Quotes: straight " and typographic “ ” „.
 * - Words are split into pieces the way SQLite's unicode61 tokenizer splits text (runs of
 *   letters, digits, marks): `co-operation` → phrase "co operation", `U.S.` → phrase
 *   "U S", `don't` → phrase "don t", `C++` → term "C". Text without any letter or digit
 *   (`+`, `%`, emoji, `*`) contributes nothing. Case and diacritics are kept; the index
 *   ignores both.
 * - A token `name:value` is a filter when `name` is ASCII letters and what follows the
 *   colon does not start with `//` (so `https://…` stays text, as do `3:51` and
 *   `Київ:x`). A known name with an empty value (`title:` followed by a space) is
 *   ignored; an unknown name with a value (`xyz:abc`, `xyz:"a"`) is a QueryError naming
 *   the valid filters; an unknown name with nothing after it (`Warning:`) is a word.
 * - Unquoted filter values end at whitespace, parentheses or quotes; quote values that
 *   contain them: url:"https://en.wikipedia.org/wiki/Foo_(bar)".
 *
 * Tolerance: nothing the user types is a syntax error. Unbalanced quotes and parentheses
 * are closed at the end, stray ")" are dropped, a lone "-", "NOT", "AND" or "OR" with
 * nothing to apply to is dropped, parentheses nested deeper than MAX_DEPTH are ignored
 * (their contents stay). Only unknown filters and invalid filter values throw, always a
 * QueryError with a message meant for the user.
 */

// The contract's zod-free enum lists: the one run-time import db/ makes from electron/.
import { MEDIA_TYPES, TONES } from '../../electron/contract/enums.ts';

export type TextField = 'title' | 'body' | 'outlet' | 'author' | 'note' | 'annotation';
export type FilterField = 'tag' | 'url' | 'lang' | 'after' | 'before' | 'on' | 'has' | 'is' | 'type' | 'tone' | 'by';
export type FieldName = TextField | FilterField;

export interface AndNode {
  type: 'and';
  children: QueryNode[];
}
export interface OrNode {
  type: 'or';
  children: QueryNode[];
}
export interface NotNode {
  type: 'not';
  child: QueryNode;
}
/** One word (no spaces). */
export interface TermNode {
  type: 'term';
  text: string;
  prefix: boolean;
}
/** Words that must appear in sequence (space-separated in `text`). */
export interface PhraseNode {
  type: 'phrase';
  text: string;
  /** The last word is a prefix ("co-op*"). */
  prefix?: boolean;
}
/**
 * A filter. Text fields carry their words space-separated; `tag` the tag name and `by`
 * the person's name (spaces normalised); `url` the text as typed; `lang` the code in
 * lower case; dates the value as typed in lower case (validated); `has` / `is` / `type` /
 * `tone` the canonical value in lower case (`has:notes` → `note`).
 */
export interface FieldNode {
  type: 'field';
  field: FieldName;
  value: string;
  /** The value was quoted. */
  phrase?: boolean;
  /** The value ended in `*` (text fields and tag). */
  prefix?: boolean;
}
export interface EmptyNode {
  type: 'empty';
}
export type QueryNode = AndNode | OrNode | NotNode | TermNode | PhraseNode | FieldNode | EmptyNode;

/** A problem with the query the user can fix; the message is meant to be shown as is. */
export class QueryError extends Error {
  override name = 'QueryError';
}

/** Parentheses nested deeper than this are ignored (FTS5's parser has a small stack). */
export const MAX_DEPTH = 12;

export const TEXT_FIELDS: readonly TextField[] = ['title', 'body', 'outlet', 'author', 'note', 'annotation'];

export const HAS_VALUES = ['annotation', 'note'] as const;
export const IS_VALUES = ['starred', 'unstarred', 'read', 'unread'] as const;

/** Every name a user may type, mapped to its canonical field. */
const FIELD_NAMES: Readonly<Record<string, FieldName>> = {
  title: 'title',
  body: 'body',
  text: 'body',
  tag: 'tag',
  tags: 'tag',
  outlet: 'outlet',
  site: 'outlet',
  author: 'author',
  byline: 'author',
  url: 'url',
  lang: 'lang',
  language: 'lang',
  after: 'after',
  before: 'before',
  on: 'on',
  has: 'has',
  is: 'is',
  type: 'type',
  tone: 'tone',
  note: 'note',
  notes: 'note',
  annotation: 'annotation',
  annotations: 'annotation',
  by: 'by',
};

const FILTER_HELP: readonly [string, string][] = [
  ['title:word', 'in the title'],
  ['body:word', 'in the text (also text:)'],
  ['outlet:name', 'in the outlet (also site:)'],
  ['author:name', 'in the byline (also byline:)'],
  ['note:word', 'in the clipping note'],
  ['annotation:word', 'in highlighted quotes and their notes'],
  ['tag:name', 'carries this tag (tag:"foreign policy", tag:eco* for a prefix)'],
  ['url:text', 'address contains the text (url:example.com)'],
  ['lang:code', 'language (lang:en also finds en-GB)'],
  ['after:date', 'published after the period (after:2021 = from 2022-01-01; after:7d = in the last 7 days)'],
  ['before:date', 'published before the period (before:2021-03 = until 2021-02-28; before:1y = older than a year)'],
  ['on:date', 'published within the period (on:2021-03-15, on:2021-03, on:2021, on:2w)'],
  ['has:', 'annotation | note'],
  ['is:', 'starred | unstarred | read | unread'],
  ['type:', MEDIA_TYPES.join(' | ')],
  ['tone:', TONES.join(' | ')],
  ['by:name', 'a team member added it, last edited a field of it, or highlighted it (by:alice, by:"Anna Maria"; any case)'],
];

/** Human-readable list of the filters, for error messages and help texts. */
export function describeFilters(): string {
  const w = Math.max(...FILTER_HELP.map(([f]) => f.length));
  return [
    ...FILTER_HELP.map(([f, d]) => `  ${f.padEnd(w)}  ${d}`),
    '  Dates: YYYY, YYYY-MM, YYYY-MM-DD, or relative Nd, Nw, Nm, Ny (days, weeks, months, years).',
    '  Any filter can be negated with - (-tag:sport, -is:read).',
  ].join('\n');
}

const FILTER_LIST = 'title:, body:, tag:, outlet: (site:), author: (byline:), url:, lang:, after:, before:, on:, has:, is:, type:, tone:, note:, annotation:, by:';

// ---------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { k: 'lp' }
  | { k: 'rp' }
  | { k: 'or' }
  | { k: 'and' }
  | { k: 'not' }
  | { k: 'neg' }
  | { k: 'word'; raw: string }
  | { k: 'quote'; text: string; prefix: boolean }
  | { k: 'field'; name: FieldName; typed: string; value: string; quoted: boolean; prefix: boolean }
  | { k: 'fieldgroup'; name: FieldName };

const OPEN_QUOTES = new Set(['"', '“', '”', '„']);
const CLOSE_QUOTES = new Set(['"', '“', '”']);
const SPACE = /\s/u;

/** Pieces of text as the index sees words: runs of letters, digits, marks, private use. */
export const WORD_PIECE = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

export function wordPieces(s: string): string[] {
  return s.match(WORD_PIECE) ?? [];
}

function tokenize(input: string): Token[] {
  const s = input.normalize('NFC');
  const out: Token[] = [];
  const n = s.length;
  let i = 0;

  /** Reads a quoted string starting at s[i] (an opening quote); returns text and trailing *. */
  const readQuoted = (): { text: string; prefix: boolean } => {
    i++; // opening quote
    let j = i;
    while (j < n && !CLOSE_QUOTES.has(s[j]!)) j++;
    const text = s.slice(i, j);
    i = j < n ? j + 1 : n;
    let prefix = false;
    while (i < n && s[i] === '*') {
      prefix = true;
      i++;
    }
    return { text, prefix };
  };

  while (i < n) {
    const ch = s[i]!;
    if (SPACE.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(') {
      out.push({ k: 'lp' });
      i++;
      continue;
    }
    if (ch === ')') {
      out.push({ k: 'rp' });
      i++;
      continue;
    }
    if (OPEN_QUOTES.has(ch)) {
      out.push({ k: 'quote', ...readQuoted() });
      continue;
    }
    if (ch === '-') {
      let j = i;
      while (j < n && s[j] === '-') j++;
      i = j;
      // a lone "-" (or "--") before a space, a ")" or the end negates nothing
      if (!(j >= n || SPACE.test(s[j]!) || s[j] === ')')) out.push({ k: 'neg' });
      continue;
    }
    // a word: up to whitespace, a parenthesis or a quote
    let j = i;
    while (j < n && !SPACE.test(s[j]!) && s[j] !== '(' && s[j] !== ')' && !OPEN_QUOTES.has(s[j]!)) j++;
    const raw = s.slice(i, j);
    i = j;
    if (raw === 'AND' || raw === 'OR' || raw === 'NOT') {
      out.push({ k: raw === 'AND' ? 'and' : raw === 'OR' ? 'or' : 'not' });
      continue;
    }
    const m = /^([A-Za-z]+):(.*)$/su.exec(raw);
    if (m && !m[2]!.startsWith('//')) {
      const typed = m[1]!.toLowerCase();
      const name = FIELD_NAMES[typed];
      let value = m[2]!;
      const next = s[i];
      if (name === undefined) {
        if (value !== '' || (next !== undefined && (OPEN_QUOTES.has(next) || next === '('))) {
          throw new QueryError(
            `Unknown filter "${m[1]}:". Valid filters are ${FILTER_LIST}. ` +
              `To search for the text itself, put it in quotes: "${raw}".`,
          );
        }
        out.push({ k: 'word', raw });
        continue;
      }
      if (value === '' && next !== undefined && OPEN_QUOTES.has(next)) {
        const q = readQuoted();
        out.push({ k: 'field', name, typed, value: q.text, quoted: true, prefix: q.prefix });
        continue;
      }
      if (value === '' && next === '(') {
        out.push({ k: 'fieldgroup', name });
        continue;
      }
      let prefix = false;
      if (/\*+$/u.test(value)) {
        prefix = true;
        value = value.replace(/\*+$/u, '');
      }
      out.push({ k: 'field', name, typed, value, quoted: false, prefix });
      continue;
    }
    out.push({ k: 'word', raw });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Parser

const EMPTY: EmptyNode = { type: 'empty' };

/** Parses a query. Never throws for malformed syntax; throws QueryError for bad filters. */
export function parseQuery(input: string): QueryNode {
  return new Parser(tokenize(input)).parse();
}

class Parser {
  private pos = 0;
  private depth = 0;
  /** "(" ignored for depth; their ")" are dropped in turn. */
  private skippedOpen = 0;

  constructor(private readonly toks: Token[]) {}

  private peek(): Token | undefined {
    return this.toks[this.pos];
  }

  parse(): QueryNode {
    const parts: QueryNode[] = [];
    while (this.pos < this.toks.length) {
      parts.push(this.parseOr(null));
      // only a stray ")" stops parseOr before the end at the top level
      if (this.peek()?.k === 'rp') this.pos++;
    }
    return simplify({ type: 'and', children: parts });
  }

  private parseOr(ctx: FieldName | null): QueryNode {
    const parts = [this.parseAnd(ctx)];
    while (this.peek()?.k === 'or') {
      this.pos++;
      parts.push(this.parseAnd(ctx));
    }
    return simplify({ type: 'or', children: parts });
  }

  private parseAnd(ctx: FieldName | null): QueryNode {
    const items: QueryNode[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.k === 'or') break;
      if (t.k === 'rp') {
        if (this.skippedOpen > 0) {
          this.skippedOpen--;
          this.pos++;
          continue;
        }
        break;
      }
      if (t.k === 'and') {
        this.pos++;
        continue;
      }
      items.push(this.parseUnary(ctx));
    }
    return simplify({ type: 'and', children: items });
  }

  private parseUnary(ctx: FieldName | null): QueryNode {
    // iterative, so "NOT NOT NOT …" cannot exhaust the stack
    let negations = 0;
    for (let t = this.peek(); t && (t.k === 'neg' || t.k === 'not'); t = this.peek()) {
      this.pos++;
      negations++;
    }
    if (negations === 0) return this.parsePrimary(ctx);
    const next = this.peek();
    // nothing to negate: "NOT", "a NOT", "-)", "NOT OR b", "NOT AND b"
    if (!next || next.k === 'rp' || next.k === 'or' || next.k === 'and') return EMPTY;
    const child = this.parsePrimary(ctx);
    return negations % 2 === 1 ? simplify({ type: 'not', child }) : child;
  }

  private parsePrimary(ctx: FieldName | null): QueryNode {
    const t = this.toks[this.pos++]!;
    switch (t.k) {
      case 'lp':
        return this.group(ctx);
      case 'fieldgroup':
        if (this.peek()?.k === 'lp') {
          this.pos++;
          return this.group(t.name);
        }
        return EMPTY;
      case 'word':
        return wordNode(t.raw, ctx);
      case 'quote':
        return ctx ? makeField(ctx, ctx, t.text, true, t.prefix) : phraseNode(t.text, t.prefix);
      case 'field':
        return makeField(t.name, t.typed, t.value, t.quoted, t.prefix);
      default:
        // 'rp' | 'or' | 'and' | 'not' | 'neg' never reach here (handled by callers)
        return EMPTY;
    }
  }

  /** After "(": the group up to its ")" (or the end). */
  private group(ctx: FieldName | null): QueryNode {
    if (this.depth >= MAX_DEPTH) {
      this.skippedOpen++;
      return EMPTY;
    }
    this.depth++;
    const node = this.parseOr(ctx);
    this.depth--;
    if (this.peek()?.k === 'rp') this.pos++;
    return node;
  }
}

function wordNode(raw: string, ctx: FieldName | null): QueryNode {
  const prefix = /[\p{L}\p{N}\p{M}\p{Co}]\*+$/u.test(raw);
  if (ctx) return makeField(ctx, ctx, raw.replace(/\*+$/u, ''), false, prefix);
  const pieces = wordPieces(raw);
  if (pieces.length === 0) return EMPTY;
  if (pieces.length === 1) return { type: 'term', text: pieces[0]!, prefix };
  return prefix ? { type: 'phrase', text: pieces.join(' '), prefix: true } : { type: 'phrase', text: pieces.join(' ') };
}

function phraseNode(text: string, prefix: boolean): QueryNode {
  const pieces = wordPieces(text);
  if (pieces.length === 0) return EMPTY;
  return prefix ? { type: 'phrase', text: pieces.join(' '), prefix: true } : { type: 'phrase', text: pieces.join(' ') };
}

const DATE_HELP = 'a date like 2021, 2021-03 or 2021-03-15, or a relative period like 7d, 2w, 3m or 1y';

function oneOf(field: string, value: string, allowed: readonly string[]): never {
  throw new QueryError(`Invalid value "${value}" for ${field}: — use one of: ${allowed.join(', ')}.`);
}

/** Builds a field node with a validated value; an empty value gives an empty node. */
function makeField(field: FieldName, typed: string, rawValue: string, quoted: boolean, prefix: boolean): QueryNode {
  const node = (value: string, extra: { phrase?: boolean; prefix?: boolean } = {}): FieldNode => ({
    type: 'field',
    field,
    value,
    ...(extra.phrase ? { phrase: true } : {}),
    ...(extra.prefix ? { prefix: true } : {}),
  });
  if ((TEXT_FIELDS as readonly string[]).includes(field)) {
    const pieces = wordPieces(rawValue);
    if (pieces.length === 0) return EMPTY;
    return node(pieces.join(' '), { phrase: quoted, prefix });
  }
  const value = rawValue.replace(/\s+/gu, ' ').trim();
  if (value === '') return EMPTY;
  const lower = value.toLowerCase();
  switch (field) {
    case 'tag':
      return node(value, { phrase: quoted, prefix });
    case 'by':
      return node(value, { phrase: quoted });
    case 'url':
      return normalizeUrlNeedle(value) === '' ? EMPTY : node(value, { phrase: quoted });
    case 'lang':
      if (!/^[a-z]{1,8}(?:-[a-z0-9]{1,8})*$/u.test(lower)) {
        throw new QueryError(`Invalid value "${value}" for ${typed}: — use a language code like en, fr or en-GB.`);
      }
      return node(lower);
    case 'after':
    case 'before':
    case 'on':
      if (parseDateValue(lower) === null) throw new QueryError(`Invalid date "${value}" for ${typed}: — use ${DATE_HELP}.`);
      return node(lower);
    case 'has': {
      const v = lower.replace(/s$/u, '');
      if (!(HAS_VALUES as readonly string[]).includes(v)) oneOf(typed, value, HAS_VALUES);
      return node(v);
    }
    case 'is':
      if (!(IS_VALUES as readonly string[]).includes(lower)) oneOf(typed, value, IS_VALUES);
      return node(lower);
    case 'type':
      if (!(MEDIA_TYPES as readonly string[]).includes(lower)) oneOf(typed, value, MEDIA_TYPES);
      return node(lower);
    case 'tone':
      if (!(TONES as readonly string[]).includes(lower)) oneOf(typed, value, TONES);
      return node(lower);
    default:
      return EMPTY;
  }
}

/** The part of a url: value compared with addresses: lower case, no scheme, no "www.". */
export function normalizeUrlNeedle(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//u, '')
    .replace(/^www\./u, '');
}

export type DateValue =
  | { kind: 'period'; year: number; month?: number; day?: number }
  | { kind: 'relative'; amount: number; unit: 'd' | 'w' | 'm' | 'y' };

/** Parses a date filter value (YYYY, YYYY-MM, YYYY-MM-DD, Nd, Nw, Nm, Ny); null if invalid. */
export function parseDateValue(value: string): DateValue | null {
  const v = value.trim().toLowerCase();
  const rel = /^(\d{1,5})([dwmy])$/u.exec(v);
  if (rel) return { kind: 'relative', amount: Number(rel[1]), unit: rel[2] as 'd' | 'w' | 'm' | 'y' };
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/u.exec(v);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] === undefined) return { kind: 'period', year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (m[3] === undefined) return { kind: 'period', year, month };
  const day = Number(m[3]);
  const real = new Date(0);
  real.setUTCFullYear(year, month - 1, day);
  if (real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day) return null;
  return { kind: 'period', year, month, day };
}

// ---------------------------------------------------------------------------------------
// Normalisation

/**
 * Canonical form: nested and/or flattened, empty parts dropped, single-child groups
 * unwrapped, double negation removed. The parser returns simplified trees; the builder
 * simplifies whatever it is given.
 */
export function simplify(node: QueryNode): QueryNode {
  switch (node.type) {
    case 'and':
    case 'or': {
      const kids: QueryNode[] = [];
      for (const c of node.children) {
        const s = simplify(c);
        if (s.type === 'empty') continue;
        if (s.type === node.type) kids.push(...s.children);
        else kids.push(s);
      }
      if (kids.length === 0) return EMPTY;
      if (kids.length === 1) return kids[0]!;
      return { type: node.type, children: kids };
    }
    case 'not': {
      const c = simplify(node.child);
      if (c.type === 'empty') return EMPTY;
      if (c.type === 'not') return c.child;
      return { type: 'not', child: c };
    }
    default:
      return node;
  }
}
