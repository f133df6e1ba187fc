/**
 * The rows of the randomized workload's archive (tests/bench/search-workload.ts), apart
 * from writing them: each clipping of the deterministic corpus with its metadata drawn
 * from its own seeded stream — so any range of rows can be computed anywhere, in any
 * order. Generating a row (text, content hash, word count) costs more than writing it,
 * so the archive builder computes rows in worker threads (`rowBatches`) while the main
 * thread writes them, in order.
 */
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { NewClipping } from '../../db/clippings.ts';
import { contentHash, countWords } from '../../electron/core/capture/fingerprint.ts';
import { Corpus, type Clipping } from './corpus.ts';
import { Rng } from './stats.ts';

export const CORPUS_SEED = 20211208;
/** The archive's clock: relative dates (after:2y) reach into the corpus's 2012–2025. */
export const NOW = new Date('2026-01-01T12:00:00Z');

export const TAGS = [
  'climate', 'elections', 'economy', 'health', 'press review', 'to read', 'follow-up', 'Łódź office', 'Straße',
  'energy', 'courts', 'transport', 'sport', 'culture', 'science', 'housing', 'migration', 'defence', 'Europe', 'Asia',
  'Africa', 'Americas', 'interviews', 'opinion', 'analysis', 'breaking', 'archive 2019', 'client A', 'client B', 'client C',
];
const LANGS = ['en', 'en', 'en', 'en', 'en', 'en-GB', 'en-US', 'fr', 'de', 'es', 'it', 'pl'];
const MEDIA = [null, null, 'online', 'online', 'print', 'broadcast', 'agency'];
const TONES = [null, null, null, 'positive', 'neutral', 'negative', 'mixed'];
const TAG_ZIPF = TAGS.map((_, i) => 1 / (i + 1));
const TAG_SUM = TAG_ZIPF.reduce((s, x) => s + x, 0);

export interface WorkloadRow {
  /** Its id in the archive (rows are written in order into an empty table). */
  id: number;
  clipping: NewClipping;
  tags: string[];
  /** exact, note */
  annotation: [string, string] | null;
  /** starred, is_read, media_type, tone, cluster_id, deleted_at */
  meta: [number, number, string | null, string | null, number | null, string | null];
}

/** Publication instant from the corpus's URL (date) and date line (time); 1 in 10 left undated. */
function publishedAt(c: Clipping, rng: Rng): string | null {
  if (rng.chance(0.1)) return null;
  const d = /\/(\d{4})\/(\d\d)\/(\d\d)\//.exec(c.sourceUrl)!;
  const t = /, (\d+)\.(\d\d)(am|pm)$/.exec(c.dateLine)!;
  const h = (Number(t[1]) % 12) + (t[3] === 'pm' ? 12 : 0);
  return `${d[1]}-${d[2]}-${d[3]}T${String(h).padStart(2, '0')}:${t[2]}:00Z`;
}

/** Row `i` (0-based) of the archive. */
export function workloadRow(corpus: Corpus, i: number): WorkloadRow {
  const c = corpus.clipping(i);
  const rng = new Rng(CORPUS_SEED, 0x6d657461, i); // "meta"
  const text = c.paragraphs.join('\n\n');
  const id = i + 1;
  const now = NOW.toISOString();
  const captured = new Date(Date.UTC(2023, 0, 1) + rng.int(0, 1000) * 86_400_000).toISOString();
  const clipping: NewClipping = {
    captureId: null, title: c.title, byline: c.byline, outlet: c.outlet, sourceUrl: c.sourceUrl, canonicalUrl: null,
    urlKey: null, publishedAt: publishedAt(c, rng), modifiedAt: null, capturedAt: captured, lang: rng.pick(LANGS),
    excerpt: c.paragraphs[0] ?? null, text, html: null, figures: [], leadImage: null, wordCount: countWords(text),
    contentHash: contentHash(text), note: rng.chance(0.04) ? `Note: ${rng.pick(c.paragraphs).split(' ').slice(0, 8).join(' ')}` : '',
  };
  const count = rng.chance(0.35) ? 0 : rng.int(1, 3);
  const tags = new Set<string>();
  while (tags.size < count) {
    let u = rng.next() * TAG_SUM;
    let k = 0;
    while (u > TAG_ZIPF[k]! && k < TAGS.length - 1) u -= TAG_ZIPF[k++]!;
    tags.add(TAGS[k]!);
  }
  const annotation: [string, string] | null = rng.chance(0.03) ? [rng.pick(c.paragraphs).slice(0, 60), rng.chance(0.5) ? 'check this' : ''] : null;
  const meta: WorkloadRow['meta'] = [
    rng.chance(0.05) ? 1 : 0,
    rng.chance(0.4) ? 1 : 0,
    rng.pick(MEDIA),
    rng.pick(TONES),
    rng.chance(0.1) ? Math.max(1, id - rng.int(0, 3)) : null,
    rng.chance(0.01) ? now : null,
  ];
  return { id, clipping, tags: [...tags], annotation, meta };
}

const CHUNK = 1000;

/**
 * Rows 0 … size−1 in order, in chunks computed by one worker thread per core (two
 * chunks ahead each); the caller writes a chunk while the workers compute the next.
 */
export async function* rowBatches(size: number): AsyncGenerator<WorkloadRow[]> {
  const n = Math.max(1, Math.min(4, os.availableParallelism()));
  // A worker thread does not inherit tsx's loader: it registers it, then loads this file.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const workers = Array.from({ length: n }, () => new Worker(boot, { eval: true, workerData: { workloadRows: true } }));
  const waiting = new Map<number, { resolve: (rows: WorkloadRow[]) => void; reject: (e: unknown) => void }>();
  for (const w of workers) {
    w.on('message', (m: { from: number; rows: WorkloadRow[] }) => {
      waiting.get(m.from)?.resolve(m.rows);
      waiting.delete(m.from);
    });
    w.on('error', (e) => {
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    });
  }
  try {
    const pending: Promise<WorkloadRow[]>[] = [];
    let next = 0;
    const ask = () => {
      const from = next;
      next = Math.min(size, from + CHUNK);
      pending.push(new Promise((resolve, reject) => waiting.set(from, { resolve, reject })));
      workers[(from / CHUNK) % n]!.postMessage({ from, to: next });
    };
    while (next < size && pending.length < 2 * n) ask();
    while (pending.length) {
      const rows = await pending.shift()!;
      if (next < size) ask();
      yield rows;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

if (!isMainThread && (workerData as { workloadRows?: boolean } | null)?.workloadRows) {
  const corpus = new Corpus(CORPUS_SEED);
  parentPort!.on('message', ({ from, to }: { from: number; to: number }) => {
    const rows: WorkloadRow[] = [];
    for (let i = from; i < to; i++) rows.push(workloadRow(corpus, i));
    parentPort!.postMessage({ from, rows });
  });
}
