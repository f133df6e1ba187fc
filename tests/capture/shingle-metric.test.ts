/**
 * The benchmark metric (tests/bench/shingles.ts) against hand-computed cases, and the port
 * check: scoring the corpus's own Readability.js output must give the published figures
 * (F1 0.947, precision 0.914, recall 0.982, accuracy 0.166).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusScore, docCounts, predictionsFromJson, scorePredictions, shingles, tokenize } from '../bench/shingles.ts';
import { BENCHMARK_DIR, describeWithShared } from '../shared.ts';

describe('shingle metric: hand-computed cases', () => {
  it('tokenises like Python \\w+ (letters, numbers, _; no combining marks; case kept)', () => {
    expect(tokenize("Don't stop—2019's re_run!")).toEqual(['Don', 't', 'stop', '2019', 's', 're_run']);
    expect(tokenize('Café Ünïcode')).toEqual(['Café', 'Ünïcode']);
    // Devanagari vowel sign (Mc) splits the word, as in Python.
    expect(tokenize('हिंदी')).toEqual(['ह', 'द']);
    expect(tokenize('  ... ')).toEqual([]);
  });

  it('builds 4-token shingles, one shingle for 1–3 tokens, none for 0', () => {
    expect([...shingles(tokenize('a b c d e')).values()]).toEqual([1, 1]);
    expect(shingles(tokenize('a b c d e')).size).toBe(2);
    expect(shingles(tokenize('a b')).size).toBe(1);
    expect(shingles(tokenize('')).size).toBe(0);
    expect([...shingles(tokenize('x y z w x y z w')).values()].reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('per-document counts are normalised to sum 1', () => {
    // truth: a b c d e → {abcd, bcde}; prediction: a b c d e f → {abcd, bcde, cdef}
    const c = docCounts('a b c d e', 'a b c d e f');
    expect(c.tp).toBeCloseTo(2 / 3);
    expect(c.fp).toBeCloseTo(1 / 3);
    expect(c.fn).toBe(0);
    expect(c.exact).toBe(false);
    expect(docCounts('A b c d', 'A, b. c d').exact).toBe(true);
    expect(docCounts('', '')).toEqual({ tp: 0, fp: 0, fn: 0, exact: true });
  });

  it('corpus precision/recall are means over documents; F1 is of the means', () => {
    // doc 1: P = 2/3, R = 1; doc 2: exact, P = R = 1; doc 3: empty prediction (P not counted, R = 0).
    const s = corpusScore([docCounts('a b c d e', 'a b c d e f'), docCounts('p q r s t', 'p q r s t'), docCounts('u v w x', '')]);
    expect(s.precision).toBeCloseTo((2 / 3 + 1) / 2);
    expect(s.recall).toBeCloseTo((1 + 1 + 0) / 3);
    expect(s.f1).toBeCloseTo((2 * s.precision * s.recall) / (s.precision + s.recall));
    expect(s.accuracy).toBeCloseTo(1 / 3);
  });

  it('counts repeated shingles as a multiset', () => {
    const c = docCounts('a b c d a b c d', 'a b c d');
    // truth shingles: abcd ×2, bcda, cdab, dabc → 5; prediction: abcd → TP 1, FN 4.
    expect(c.tp).toBeCloseTo(1 / 5);
    expect(c.fn).toBeCloseTo(4 / 5);
    expect(c.fp).toBe(0);
  });
});

describeWithShared('article-extraction benchmark', 'shingle metric: the Readability.js port check', () => {
  it('scores output/readability_js.json at the published F1 0.947, P 0.914, R 0.982', () => {
    const gt = JSON.parse(readFileSync(path.join(BENCHMARK_DIR, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
    const truth = Object.fromEntries(Object.entries(gt).map(([id, v]) => [id, v.articleBody]));
    const preds = predictionsFromJson(JSON.parse(readFileSync(path.join(BENCHMARK_DIR, 'output/readability_js.json'), 'utf8')));
    const { score } = scorePredictions(truth, preds);
    expect(score.documents).toBe(181);
    expect(Math.abs(score.f1 - 0.947)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(score.precision - 0.914)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(score.recall - 0.982)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(score.accuracy - 0.166)).toBeLessThanOrEqual(0.0005);
  });
});
