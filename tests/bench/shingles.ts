/**
 * The article-extraction-benchmark metric, exactly as restated in
 * ../shared/corpus/article-extraction-benchmark/README.md (upstream `evaluate.py`):
 *
 *  1. tokens: maximal runs of `\w` in Python 3 (Unicode letters, numbers, `_`; case kept,
 *     combining marks are NOT word characters) → `/[\p{L}\p{N}_]+/gu`;
 *  2. a multiset of 4-token shingles (1–3 tokens: one shingle of all of them; 0: none);
 *  3. per document TP/FP/FN from the multisets, divided by their sum;
 *  4. per-document P/R (both 1 when FP = FN = 0);
 *  5. corpus P = mean P over documents with TP+FP > 0, R = mean R over TP+FN > 0,
 *     F1 = 2PR/(P+R) of those means (not the mean of per-document F1);
 *  6. accuracy = share of documents whose token sequences are equal;
 *  7. ± = bootstrap standard deviation over the per-document triples.
 *
 * Shared by the eval script (tests/bench/eval-extraction.ts) and the unit tests.
 */

/** Python `\w+` on a str. Deliberately no `\p{M}` (see the README). */
export const TOKEN_RE = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Multiset of 4-token shingles (key: tokens joined by U+0001, which is never in a token). */
export function shingles(tokens: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (tokens.length === 0) return out;
  if (tokens.length < 4) {
    out.set(tokens.join('\u0001'), 1);
    return out;
  }
  for (let i = 0; i + 4 <= tokens.length; i++) {
    const k = `${tokens[i]}\u0001${tokens[i + 1]}\u0001${tokens[i + 2]}\u0001${tokens[i + 3]}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Normalised (TP, FP, FN) of one document (they sum to 1, or are all 0). */
export interface DocCounts {
  tp: number;
  fp: number;
  fn: number;
  /** The token sequences are identical. */
  exact: boolean;
}

export function docCounts(truth: string, prediction: string): DocCounts {
  const tt = tokenize(truth);
  const pt = tokenize(prediction);
  const t = shingles(tt);
  const p = shingles(pt);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, n] of t) {
    const m = p.get(k) ?? 0;
    tp += Math.min(n, m);
    fn += Math.max(0, n - m);
  }
  for (const [k, m] of p) fp += Math.max(0, m - (t.get(k) ?? 0));
  const sum = tp + fp + fn;
  if (sum > 0) {
    tp /= sum;
    fp /= sum;
    fn /= sum;
  }
  const exact = tt.length === pt.length && tt.every((x, i) => x === pt[i]);
  return { tp, fp, fn, exact };
}

/** Per-document precision and recall (step 4). */
export function docPrecisionRecall(c: DocCounts): { precision: number; recall: number } {
  if (c.fp === 0 && c.fn === 0) return { precision: 1, recall: 1 };
  return {
    precision: c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0,
    recall: c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0,
  };
}

export interface CorpusScore {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  documents: number;
}

/** Corpus scores from per-document counts (steps 5–6). */
export function corpusScore(counts: readonly DocCounts[]): CorpusScore {
  let pSum = 0;
  let pN = 0;
  let rSum = 0;
  let rN = 0;
  let exact = 0;
  for (const c of counts) {
    const { precision, recall } = docPrecisionRecall(c);
    // With FP = FN = 0 and TP = 0 (both texts empty) the document counts for neither.
    if (c.tp + c.fp > 0) {
      pSum += precision;
      pN++;
    }
    if (c.tp + c.fn > 0) {
      rSum += recall;
      rN++;
    }
    if (c.exact) exact++;
  }
  const precision = pN ? pSum / pN : 0;
  const recall = rN ? rSum / rN : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, accuracy: counts.length ? exact / counts.length : 0, documents: counts.length };
}

/** Scores predictions against the truth; ids missing from `predictions` count as empty. */
export function scorePredictions(
  truth: Readonly<Record<string, string>>,
  predictions: Readonly<Record<string, string>>,
): { score: CorpusScore; perDoc: Map<string, DocCounts> } {
  const perDoc = new Map<string, DocCounts>();
  for (const id of Object.keys(truth).sort()) perDoc.set(id, docCounts(truth[id]!, predictions[id] ?? ''));
  return { score: corpusScore([...perDoc.values()]), perDoc };
}

/** Small deterministic PRNG (mulberry32) for the bootstrap. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bootstrap standard deviations of P, R, F1 and accuracy (step 7). */
export function bootstrapStd(
  counts: readonly DocCounts[],
  rounds = 1000,
  seed = 1,
): { precision: number; recall: number; f1: number; accuracy: number } {
  const rnd = mulberry32(seed);
  const acc = { precision: [] as number[], recall: [] as number[], f1: [] as number[], accuracy: [] as number[] };
  const n = counts.length;
  for (let r = 0; r < rounds; r++) {
    const sample: DocCounts[] = new Array(n);
    for (let i = 0; i < n; i++) sample[i] = counts[Math.floor(rnd() * n)]!;
    const s = corpusScore(sample);
    acc.precision.push(s.precision);
    acc.recall.push(s.recall);
    acc.f1.push(s.f1);
    acc.accuracy.push(s.accuracy);
  }
  const std = (xs: number[]): number => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  };
  return { precision: std(acc.precision), recall: std(acc.recall), f1: std(acc.f1), accuracy: std(acc.accuracy) };
}

/** Reads a prediction file: `{id: {articleBody}}` or `{version, output: {id: {articleBody}}}`. */
export function predictionsFromJson(json: unknown): Record<string, string> {
  const root = json as Record<string, unknown>;
  const map = (root && typeof root.output === 'object' && root.output !== null ? root.output : root) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [id, v] of Object.entries(map)) {
    const body = (v as { articleBody?: unknown } | null)?.articleBody;
    out[id] = typeof body === 'string' ? body : '';
  }
  return out;
}
