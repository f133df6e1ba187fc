/**
 * The full-text index is two FTS5 tables (migration 012): `clipping_fts` (body, title,
 * byline, outlet) and `clipping_meta_fts` (tags, notes, annotations; only clippings that
 * have any). A query means what it meant over the one document of before: a word or
 * phrase matches a clipping when it occurs in any column of either table, and AND, OR,
 * NOT combine those per clipping. This module takes the FTS5 expression the builder
 * writes (its own small grammar: quoted phrases, `*` prefixes, `column : "…"` filters,
 * AND / OR / NOT and parentheses) apart, so the engine (db/search.ts) can
 *
 * - evaluate it in `clipping_fts` alone, the parts that can only match in the other table
 *   taken as false (`forTable`): exact for every clipping in which no phrase of the query
 *   occurs in its tags, notes or annotations;
 * - find the clippings where some phrase does (`anyPhrase` for `clipping_meta_fts`: few,
 *   as those texts are short) and decide each of them from which phrases occur in which
 *   table (`evaluate`).
 * Pure: strings in, strings out.
 */

export type Table = 'body' | 'meta';

/** Columns of each table, in the table's order (the body first: migration 021); the builder's column filters name these. */
export const TABLE_COLUMNS: Readonly<Record<Table, readonly string[]>> = {
  body: ['body', 'title', 'byline', 'outlet'],
  meta: ['tags', 'notes', 'annotations'],
};

/** The bm25 weight of each full-text column. */
export const WEIGHTS: Readonly<Record<string, number>> = {
  title: 10,
  byline: 4,
  outlet: 4,
  tags: 4,
  notes: 2,
  annotations: 2,
  body: 1,
};

/** Each table's bm25 with the weights of its columns, in its column order. */
export const BM25: Readonly<Record<Table, string>> = {
  body: `bm25(clipping_fts, ${TABLE_COLUMNS.body.map((c) => WEIGHTS[c]).join(', ')})`,
  meta: `bm25(clipping_meta_fts, ${TABLE_COLUMNS.meta.map((c) => WEIGHTS[c]).join(', ')})`,
};

export type FtsNode =
  | { type: 'phrase'; column: string | null; quoted: string; prefix: boolean }
  | { type: 'and' | 'or'; children: FtsNode[] }
  | { type: 'not'; positive: FtsNode; negative: FtsNode };

/** Parses an expression written by query/builder.ts. Throws on anything else (a bug). */
export function parseFts(expr: string): FtsNode {
  let at = 0;
  const space = () => {
    while (expr[at] === ' ') at++;
  };
  const word = (w: string): boolean => {
    space();
    if (expr.startsWith(w, at) && (expr[at + w.length] === ' ' || expr[at + w.length] === '(' || expr[at + w.length] === '"')) {
      at += w.length;
      return true;
    }
    return false;
  };
  const quoted = (): string => {
    const start = at++;
    for (;;) {
      const q = expr.indexOf('"', at);
      if (q < 0) throw new Error(`unterminated phrase in ${expr}`);
      if (expr[q + 1] === '"') at = q + 2;
      else {
        at = q + 1;
        return expr.slice(start, at);
      }
    }
  };
  const primary = (): FtsNode => {
    space();
    if (expr[at] === '(') {
      at++;
      const inner = or();
      space();
      if (expr[at] !== ')') throw new Error(`expected ) at ${at} in ${expr}`);
      at++;
      return inner;
    }
    let column: string | null = null;
    const col = /^([a-z]+) : /.exec(expr.slice(at));
    if (col) {
      column = col[1]!;
      at += col[0].length;
    }
    if (expr[at] !== '"') throw new Error(`expected a phrase at ${at} in ${expr}`);
    const q = quoted();
    const prefix = expr[at] === '*';
    if (prefix) at++;
    return { type: 'phrase', column, quoted: q, prefix };
  };
  const not = (): FtsNode => {
    let node = primary();
    while (word('NOT')) node = { type: 'not', positive: node, negative: primary() };
    return node;
  };
  const list = (op: 'AND' | 'OR', next: () => FtsNode) => (): FtsNode => {
    const children = [next()];
    while (word(op)) children.push(next());
    return children.length === 1 ? children[0]! : { type: op === 'AND' ? 'and' : 'or', children };
  };
  const and = list('AND', not);
  const or = list('OR', and);
  const node = or();
  space();
  if (at !== expr.length) throw new Error(`unexpected text at ${at} in ${expr}`);
  return node;
}

/** The phrases of the expression (each node object once), in order. */
export function phrases(node: FtsNode): Extract<FtsNode, { type: 'phrase' }>[] {
  if (node.type === 'phrase') return [node];
  if (node.type === 'not') return [...phrases(node.positive), ...phrases(node.negative)];
  return node.children.flatMap(phrases);
}

/** The phrases outside any NOT's negative side: what ranks a match. */
export function positivePhrases(node: FtsNode): Extract<FtsNode, { type: 'phrase' }>[] {
  if (node.type === 'phrase') return [node];
  if (node.type === 'not') return positivePhrases(node.positive);
  return node.children.flatMap(positivePhrases);
}

/** Whether the expression has a NOT anywhere. */
export function hasNot(node: FtsNode): boolean {
  return node.type === 'not' || (node.type !== 'phrase' && node.children.some(hasNot));
}

/** Whether the phrase can occur in the table (no column filter, or one of its columns). */
export function inTable(p: Extract<FtsNode, { type: 'phrase' }>, table: Table): boolean {
  return p.column === null || TABLE_COLUMNS[table].includes(p.column);
}

/** The phrase as FTS5 text. */
export function renderPhrase(p: Extract<FtsNode, { type: 'phrase' }>): string {
  return `${p.column === null ? '' : `${p.column} : `}${p.quoted}${p.prefix ? '*' : ''}`;
}

/**
 * The expression for one table, every phrase that cannot occur there taken as false;
 * null when the whole expression is then false.
 */
export function forTable(node: FtsNode, table: Table): string | null {
  switch (node.type) {
    case 'phrase':
      return inTable(node, table) ? renderPhrase(node) : null;
    case 'and': {
      const parts = node.children.map((c) => forTable(c, table));
      return parts.some((p) => p === null) ? null : group(parts as string[], 'AND');
    }
    case 'or': {
      const parts = node.children.map((c) => forTable(c, table)).filter((p): p is string => p !== null);
      return parts.length ? group(parts, 'OR') : null;
    }
    case 'not': {
      const pos = forTable(node.positive, table);
      if (pos === null) return null;
      const neg = forTable(node.negative, table);
      return neg === null ? pos : `(${pos} NOT ${neg})`;
    }
  }
}

/** Any of the given phrases (that can occur in the table), or null when none can. */
export function anyPhrase(list: readonly Extract<FtsNode, { type: 'phrase' }>[], table: Table): string | null {
  const parts = [...new Set(list.filter((p) => inTable(p, table)).map(renderPhrase))];
  return parts.length ? group(parts, 'OR') : null;
}

type Phrase = Extract<FtsNode, { type: 'phrase' }>;

/** The expression's truth for one clipping, given whether each phrase occurs in it (in either table); for many clippings, `evaluator`. */
export function evaluate(node: FtsNode, occurs: (p: Phrase) => boolean): boolean {
  return evaluator<null>(node, (p) => () => occurs(p))(null);
}

/**
 * The expression's value where some phrases' occurrence is not known yet (`occurs` gives
 * undefined): true or false when the known ones decide it whatever the others hold,
 * else undefined. For many clippings, `knownEvaluator`.
 */
export function evaluateKnown(node: FtsNode, occurs: (p: Phrase) => boolean | undefined): boolean | undefined {
  return knownEvaluator<null>(node, (p) => () => occurs(p))(null);
}

/**
 * `evaluate` made once for an expression and asked of many clippings (db/search.ts
 * `decide`: every clipping a stop word's notes find, 70k at 1M): each phrase's test
 * (`test(p)`) is made once, not its text rendered and looked up again for each clipping
 * and phrase, nor a closure made for each node.
 */
export function evaluator<T>(node: FtsNode, test: (p: Phrase) => (x: T) => boolean): (x: T) => boolean {
  switch (node.type) {
    case 'phrase':
      return test(node);
    case 'and': {
      const parts = node.children.map((c) => evaluator(c, test));
      return (x) => {
        for (const f of parts) if (!f(x)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.children.map((c) => evaluator(c, test));
      return (x) => {
        for (const f of parts) if (f(x)) return true;
        return false;
      };
    }
    case 'not': {
      const positive = evaluator(node.positive, test);
      const negative = evaluator(node.negative, test);
      return (x) => positive(x) && !negative(x);
    }
  }
}

/** `evaluateKnown` made once for an expression, as `evaluator` makes `evaluate`. */
export function knownEvaluator<T>(node: FtsNode, test: (p: Phrase) => (x: T) => boolean | undefined): (x: T) => boolean | undefined {
  switch (node.type) {
    case 'phrase':
      return test(node);
    case 'and': {
      const parts = node.children.map((c) => knownEvaluator(c, test));
      return (x) => {
        let open = false;
        for (const f of parts) {
          const v = f(x);
          if (v === false) return false;
          if (v === undefined) open = true;
        }
        return open ? undefined : true;
      };
    }
    case 'or': {
      const parts = node.children.map((c) => knownEvaluator(c, test));
      return (x) => {
        let open = false;
        for (const f of parts) {
          const v = f(x);
          if (v === true) return true;
          if (v === undefined) open = true;
        }
        return open ? undefined : false;
      };
    }
    case 'not': {
      const positive = knownEvaluator(node.positive, test);
      const negative = knownEvaluator(node.negative, test);
      return (x) => {
        const a = positive(x);
        const b = negative(x);
        return a === false || b === true ? false : a === true && b === false ? true : undefined;
      };
    }
  }
}

function group(parts: string[], op: 'AND' | 'OR'): string {
  // Every compound is parenthesised where it is made, so the nesting is the expression's own.
  return parts.length === 1 ? parts[0]! : `(${parts.join(` ${op} `)})`;
}
