/**
 * Scores extraction on the labelled sets (tests/fixtures/extraction-labels/README.md), per
 * set and per half (tune / held-out): body F1 by the snippet metric, titles, outlets,
 * bylines, publication dates, refused pages and false duplicates. The pages go through the
 * real import path; `npm run eval:extraction` calls this after its benchmark run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClippingDetail, ImportReport } from '../../electron/contract/shapes.ts';
import type { Archive } from '../../electron/core/archive.ts';
import { type AnyLabel, type Half, half } from './extraction-labels.ts';

/** What the import made of one page (null fields when it was refused or reported a duplicate). */
export interface Outcome {
  /** 'same-bytes': reported a duplicate of an earlier file of the set with the very same bytes (a true duplicate, not a false one). */
  status: 'stored' | 'refused' | 'duplicate' | 'same-bytes';
  error?: string;
  title: string | null;
  byline: string | null;
  outlet: string | null;
  published: string | null;
  text: string;
  uncertain: boolean;
}

export interface PageCase {
  id: string;
  label: AnyLabel;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
const norm = (s: string): string => collapse(s.normalize('NFC')).toLowerCase();

/** Imports `files` (one per case, same order) into `archive` in one call and reads every clipping back. */
export async function importCases(archive: Archive, files: string[]): Promise<Outcome[]> {
  const report: ImportReport = await archive.call('clippings.import', { paths: files });
  const byFile = new Map(report.results.map((r) => [r.file, r]));
  const out: Outcome[] = [];
  const seenBytes = new Set<string>();
  for (const f of files) {
    const r = byFile.get(f);
    const digest = createHash('sha256').update(readFileSync(f)).digest('hex');
    const repeated = seenBytes.has(digest);
    seenBytes.add(digest);
    if (!r || r.id === null || r.status === 'duplicate' || r.status === 'error' || r.status === 'not_tried') {
      out.push(notStored(r?.status === 'duplicate' ? (repeated ? 'same-bytes' : 'duplicate') : 'refused', r?.error ?? r?.status ?? 'no result'));
      continue;
    }
    out.push(fromDetail(await archive.call('clippings.get', { id: r.id })));
  }
  return out;
}

/** A page the import did not store. */
export function notStored(status: 'refused' | 'duplicate' | 'same-bytes', error: string): Outcome {
  return { status, error, title: null, byline: null, outlet: null, published: null, text: '', uncertain: false };
}

export function fromDetail(d: ClippingDetail): Outcome {
  return { status: 'stored', title: d.title, byline: d.byline, outlet: d.outlet, published: d.publishedAt, text: d.text, uncertain: d.extractionUncertain };
}

// ------------------------------------------------------------------ snippets

export interface SnippetCounts {
  tp: number;
  fn: number;
  fp: number;
}

/** The snippet metric: whitespace collapsed, each snippet a substring test. */
export function snippetCounts(text: string, must: string[], mustNot: string[]): SnippetCounts {
  const body = collapse(text);
  const tp = must.filter((s) => body.includes(collapse(s))).length;
  return { tp, fn: must.length - tp, fp: mustNot.filter((s) => body.includes(collapse(s))).length };
}

export const snippetF1 = (c: SnippetCounts): number => (c.tp + c.fn + c.fp === 0 ? 1 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn));

// ------------------------------------------------------------------ titles and outlets

/** Comparable outlet name: case, "the", "www.", a domain ending and punctuation dropped. */
export function outletKey(s: string): string {
  return norm(s)
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/^the\s+/, '')
    .replace(/\.(com|co\.uk|org|net|ca|in|info|example)(\/.*)?$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Names a title's site part may take: the outlet, its aliases, the domain's first label. */
function siteNames(label: AnyLabel): string[] {
  const names = [label.outlet, ...label.outletAliases].filter((x): x is string => !!x);
  if (label.url) names.push(new URL(label.url).hostname.replace(/^www\./, '').split('.')[0]!);
  return names.map(outletKey).filter((k) => k.length >= 2);
}

/**
 * The title keeps a site name: its first or last part (between " | ", " - ", " – ", " — ",
 * " : ", " • ", " » ", " · ") is the outlet, an alias or the domain's name, and the
 * labelled headline does not begin or end with that part.
 */
export function hasSiteSuffix(title: string, label: AnyLabel): boolean {
  const parts = norm(title).split(/\s[|\-–—:•»·]\s/);
  if (parts.length < 2) return false;
  const names = siteNames(label);
  const truth = norm(label.title);
  const first = parts[0]!;
  const last = parts.at(-1)!;
  return (names.includes(outletKey(first)) && !truth.startsWith(first)) || (names.includes(outletKey(last)) && !truth.endsWith(last));
}

/** Outlet names that are no outlet at all. */
export const GENERIC_OUTLETS = new Set(['hosted', 'home', 'homepage', 'news', 'index', 'blog', 'article', 'articles', 'untitled', 'startseite', 'accueil', 'inicio', 'portada', 'nachrichten', 'noticias', 'notizie', 'nieuws', 'wiadomosci', 'us', 'world', 'opinion']);

// ------------------------------------------------------------------ bylines

const AGENCIES = ['associated press', 'ap', 'reuters', 'afp', 'agence france-presse', 'dpa', 'pa', 'pa media', 'press association', 'ansa', 'efe', 'pap', 'lusa', 'anp', 'pti', 'the associated press', 'the canadian press', 'bloomberg'];

/**
 * Names in a stored byline: "By X and Y, Role" → [X, Y]. Conjunctions of eight languages;
 * a part that is an agency credit is returned apart. Roles after a comma are dropped when
 * the part before is a name and the part after starts in lower case or with a role word.
 */
export function splitByline(byline: string | null): { authors: string[]; agencies: string[] } {
  if (!byline) return { authors: [], agencies: [] };
  const s = collapse(byline).replace(/^(by|von|par|por|di|door|autor(?:zy)?:?|de)\s+/i, '');
  // Conjunctions in lower case between spaces ("AND" too, for all-caps bylines): "Sarah E. Needleman" is one name.
  const parts = s
    .split(/\s*[,;&|]\s*|\s+(?:and|AND|und|et|y|e|i|en)\s+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const authors: string[] = [];
  const agencies: string[] = [];
  for (const p of parts) {
    if (AGENCIES.includes(p.toLowerCase())) agencies.push(p);
    else if (/\b(correspondents?|writer|editor|reporter|columnist|staff|contributor|redakteur|korrespondent)\b/i.test(p) && authors.length > 0) continue;
    else authors.push(p);
  }
  return { authors, agencies };
}

const nameKey = (s: string): string => norm(s).replace(/[^\p{L}\p{N} ]+/gu, '').replace(/\s+/g, ' ');

export type BylineVerdict = 'exact' | 'partial' | 'missing' | 'wrong' | 'none-right' | 'spurious';

/** Exact set / partial / missing / entirely wrong for pages that name authors; none-right / spurious for pages that name none. */
export function bylineVerdict(byline: string | null, label: AnyLabel): BylineVerdict {
  const got = new Set(splitByline(byline).authors.map(nameKey));
  const want = new Set(label.authors.map(nameKey));
  if (want.size === 0) return got.size === 0 ? 'none-right' : 'spurious';
  if (got.size === 0) return 'missing';
  const common = [...want].filter((n) => got.has(n)).length;
  if (common === want.size && got.size === want.size) return 'exact';
  return common > 0 ? 'partial' : 'wrong';
}

// ------------------------------------------------------------------ the report

export interface PageResult {
  set: string;
  id: string;
  half: Half;
  outcome: Outcome;
  snippets: SnippetCounts | null;
  titleExact: boolean;
  titleSuffix: boolean;
  outletVerdict: 'correct' | 'wrong' | 'generic' | 'missing' | 'n/a';
  byline: BylineVerdict;
  date: 'right' | 'wrong' | 'missing' | 'none-right' | 'spurious';
  problems: string[];
}

export function scorePage(set: string, c: PageCase, o: Outcome): PageResult {
  const l = c.label;
  const problems: string[] = [];
  const snippets = l.must && l.mustNot && l.must.length + l.mustNot.length > 0 ? snippetCounts(o.text, l.must, l.mustNot) : null;
  if (o.status !== 'stored') problems.push(o.status === 'duplicate' ? 'reported duplicate' : o.status === 'same-bytes' ? 'a duplicate of the same bytes' : `refused: ${o.error}`);
  if (snippets && (snippets.fn || snippets.fp)) problems.push(`body: ${snippets.fn} must missed, ${snippets.fp} must-not kept`);
  const title = o.title ?? '';
  const titleExact = norm(title) === norm(l.title);
  const titleSuffix = o.status === 'stored' && hasSiteSuffix(title, l);
  if (o.status === 'stored' && !titleExact) problems.push(`title "${title.slice(0, 80)}"`);
  let outletVerdict: PageResult['outletVerdict'] = 'n/a';
  if (l.outlet) {
    const got = o.outlet ? outletKey(o.outlet) : '';
    outletVerdict = !got ? 'missing' : GENERIC_OUTLETS.has(got) ? 'generic' : [l.outlet, ...l.outletAliases].some((n) => outletKey(n) === got) ? 'correct' : 'wrong';
    if (outletVerdict !== 'correct') problems.push(`outlet ${outletVerdict}${o.outlet ? ` "${o.outlet}"` : ''}`);
  }
  const byline = bylineVerdict(o.byline, l);
  if (byline !== 'exact' && byline !== 'none-right') problems.push(`byline ${byline} "${o.byline ?? ''}"`);
  const day = o.published ? o.published.slice(0, 10) : null;
  const date: PageResult['date'] = l.published ? (day === null ? 'missing' : day === l.published ? 'right' : 'wrong') : day === null ? 'none-right' : 'spurious';
  if (date !== 'right' && date !== 'none-right') problems.push(`date ${date}${day ? ` ${day}` : ''}`);
  return { set, id: c.id, half: half(set, c.id), outcome: o, snippets, titleExact, titleSuffix, outletVerdict, byline, date, problems };
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const ratio = (a: number, b: number): number | null => (b === 0 ? null : r3(a / b));

export interface Summary {
  pages: number;
  bodyF1: number | null;
  bodySnippets: SnippetCounts;
  titleExact: number | null;
  titleWithoutSiteSuffix: number | null;
  outlet: { labelled: number; found: number | null; correct: number | null; generic: number };
  byline: { named: number; exact: number | null; partial: number | null; missing: number | null; wrong: number | null; spuriousOnUnnamed: number };
  date: { precision: number | null; recall: number | null; f: number | null; right: number; wrong: number; spurious: number; missing: number };
  refused: number;
  falseDuplicates: number;
  flaggedUncertain: number;
}

export function summarise(rows: PageResult[]): Summary {
  const stored = rows.filter((r) => r.outcome.status === 'stored');
  const snip = rows.reduce<SnippetCounts>((a, r) => (r.snippets ? { tp: a.tp + r.snippets.tp, fn: a.fn + r.snippets.fn, fp: a.fp + r.snippets.fp } : a), { tp: 0, fn: 0, fp: 0 });
  const hasSnippets = rows.some((r) => r.snippets);
  const outletRows = rows.filter((r) => r.outletVerdict !== 'n/a');
  const named = rows.filter((r) => r.byline !== 'none-right' && r.byline !== 'spurious');
  const count = (pred: (r: PageResult) => boolean, of: PageResult[]): number => of.filter(pred).length;
  const right = count((r) => r.date === 'right', rows);
  const wrong = count((r) => r.date === 'wrong', rows);
  const spurious = count((r) => r.date === 'spurious', rows);
  const missing = count((r) => r.date === 'missing', rows);
  const precision = ratio(right, right + wrong + spurious);
  const recall = ratio(right, right + wrong + missing);
  return {
    pages: rows.length,
    bodyF1: hasSnippets ? r3(snippetF1(snip)) : null,
    bodySnippets: snip,
    titleExact: ratio(count((r) => r.titleExact, rows), rows.length),
    titleWithoutSiteSuffix: ratio(count((r) => !r.titleSuffix, stored), stored.length),
    outlet: {
      labelled: outletRows.length,
      found: ratio(count((r) => r.outletVerdict !== 'missing', outletRows), outletRows.length),
      correct: ratio(count((r) => r.outletVerdict === 'correct', outletRows), outletRows.length),
      generic: count((r) => r.outletVerdict === 'generic', outletRows),
    },
    byline: {
      named: named.length,
      exact: ratio(count((r) => r.byline === 'exact', named), named.length),
      partial: ratio(count((r) => r.byline === 'partial', named), named.length),
      missing: ratio(count((r) => r.byline === 'missing', named), named.length),
      wrong: ratio(count((r) => r.byline === 'wrong', named), named.length),
      spuriousOnUnnamed: count((r) => r.byline === 'spurious', rows),
    },
    date: { precision, recall, f: precision !== null && recall !== null && precision + recall > 0 ? r3((2 * precision * recall) / (precision + recall)) : null, right, wrong, spurious, missing },
    refused: count((r) => r.outcome.status === 'refused', rows),
    falseDuplicates: count((r) => r.outcome.status === 'duplicate', rows),
    flaggedUncertain: count((r) => r.outcome.uncertain, rows),
  };
}

/** A page's badness for the worst-pages list: body F1 missed plus a quarter per wrong field. */
export function badness(r: PageResult): number {
  if (r.outcome.status !== 'stored') return 10;
  const fields = [!r.titleExact, r.outletVerdict !== 'correct' && r.outletVerdict !== 'n/a', !['exact', 'none-right'].includes(r.byline), !['right', 'none-right'].includes(r.date)];
  return (r.snippets ? 1 - snippetF1(r.snippets) : 0) + 0.25 * fields.filter(Boolean).length;
}

const pct = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

/** One markdown table row per (set, half). */
export function markdownTable(rows: Array<{ set: string; half: string; s: Summary }>): string {
  const head =
    '| set | half | pages | body F1 (snippets) | title exact | title w/o site suffix | outlet found | outlet correct | generic outlet | byline exact | byline missing | byline wrong | spurious byline | date P | date R | date F | refused | false dup. | flagged uncertain |';
  const sep = `|${' --- |'.repeat(19)}`;
  const body = rows.map(
    ({ set, half: h, s }) =>
      `| ${set} | ${h} | ${s.pages} | ${pct(s.bodyF1)} | ${pct(s.titleExact)} | ${pct(s.titleWithoutSiteSuffix)} | ${pct(s.outlet.found)} | ${pct(s.outlet.correct)} | ${s.outlet.generic} | ${pct(s.byline.exact)} | ${pct(s.byline.missing)} | ${pct(s.byline.wrong)} | ${s.byline.spuriousOnUnnamed} | ${pct(s.date.precision)} | ${pct(s.date.recall)} | ${pct(s.date.f)} | ${s.refused} | ${s.falseDuplicates} | ${s.flaggedUncertain} |`,
  );
  return [head, sep, ...body].join('\n');
}
