/**
 * Everyday writes applied to a copy of the search workload's archive before timing
 * (tests/bench/search-workload.ts `--writes`; issue 13): the benchmark's archive is
 * pristine and fully warmed, a user's is written every day — and every write puts much of
 * the search's derived data (ranking lists, their counts) out of date.
 *
 * A spec is a comma-separated list of `kind:n`, applied in order, each through the real
 * core (`Archive.call`, as the app and the CLI write):
 *
 *   import:n   n text captures of clippings the corpus has not given yet, one `clippings.import`
 *   edit:n     n live clippings' text corrected by hand (`clippings.setText`: a sentence appended)
 *   delete:n   n live clippings moved to the trash (`clippings.delete`)
 *   restore:n  n clippings brought back from the trash (`trash.restore`)
 *   purge:n    n live clippings trashed, then the trash emptied (`trash.empty`: all of it)
 *   tag:n      a tag added to n live clippings (`tags.add`)
 *   note:n     a note set on n live clippings (`clippings.setNote`)
 *   annotate:n a passage of n live clippings highlighted with a note (`annotations.create`)
 *
 * The clippings written are drawn from `seed` (the same spec and seed write the same).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Archive } from '../../electron/core/archive.ts';
import type { Corpus } from './corpus.ts';
import { Rng } from './stats.ts';

export const WRITE_KINDS = ['import', 'edit', 'delete', 'restore', 'purge', 'tag', 'note', 'annotate'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];
export type WriteSpec = { kind: WriteKind; n: number }[];

/** `import:10,edit:1` → the writes; throws on a kind or count it does not know. */
export function parseWrites(spec: string): WriteSpec {
  if (spec === '' || spec === 'none') return [];
  return spec.split(',').map((part) => {
    const [kind, n] = part.split(':');
    if (!(WRITE_KINDS as readonly string[]).includes(kind!) || !/^\d+$/.test(n ?? '')) throw new Error(`--writes: "${part}" is not kind:n (kinds: ${WRITE_KINDS.join(', ')})`);
    return { kind: kind as WriteKind, n: Number(n) };
  });
}

export const describeWrites = (w: WriteSpec) => (w.length ? w.map((x) => `${x.kind}:${x.n}`).join(',') : 'none');

/**
 * Applies `writes` to the open archive of `size` clippings of `corpus`; returns the ids each
 * touched (an import's: the new clippings').
 */
export async function applyWrites(archive: Archive, corpus: Corpus, size: number, writes: WriteSpec, seed: number): Promise<{ kind: WriteKind; ids: number[] }[]> {
  const rng = new Rng(seed, 0x77726974); // "writ"
  const db = archive.db;
  const live = (n: number): number[] => {
    const top = (db.prepare('SELECT max(id) AS m FROM clippings').get() as { m: number }).m;
    const out = new Set<number>();
    for (let tries = 0; out.size < n && tries < n * 100; tries++) {
      const id = rng.int(1, top);
      if (db.prepare('SELECT 1 FROM clippings WHERE id = ? AND deleted_at IS NULL').get(id)) out.add(id);
    }
    return [...out];
  };
  let nextIndex = size + 1_000_000 + rng.int(0, 1_000_000);
  const done: { kind: WriteKind; ids: number[] }[] = [];
  for (const { kind, n } of writes) {
    if (n === 0) continue;
    let ids: number[] = [];
    switch (kind) {
      case 'import': {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'workload-writes-'));
        try {
          for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `clipping-${i}.txt`), corpus.clipping(nextIndex++).text);
          const report = await archive.call('clippings.import', { paths: [dir] });
          ids = report.results.map((r) => r.id).filter((x): x is number => x !== null);
          if (report.added !== n) throw new Error(`--writes import:${n}: ${report.added} added (${report.duplicates} duplicates, ${report.errors} errors)`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        break;
      }
      case 'edit':
        ids = live(n);
        for (const id of ids) {
          const { text } = await archive.call('clippings.get', { id });
          await archive.call('clippings.setText', { id, text: `${text}\n\n${corpus.clipping(nextIndex++).paragraphs[0] ?? 'An added sentence.'}` });
        }
        break;
      case 'delete':
        ids = live(n);
        await archive.call('clippings.delete', { selection: { ids } });
        break;
      case 'restore':
        ids = (db.prepare('SELECT id FROM clippings WHERE deleted_at IS NOT NULL ORDER BY id LIMIT ?').all(n) as { id: number }[]).map((r) => r.id);
        if (ids.length) await archive.call('trash.restore', { selection: { ids } });
        break;
      case 'purge':
        ids = live(n);
        await archive.call('clippings.delete', { selection: { ids } });
        await archive.call('trash.empty', {});
        break;
      case 'tag':
        ids = live(n);
        for (const id of ids) await archive.call('tags.add', { id, tags: [rng.pick(['follow up', 'budget', 'harbour', 'press review'])!] });
        break;
      case 'note':
        ids = live(n);
        for (const id of ids) await archive.call('clippings.setNote', { id, note: `Checked: ${corpus.clipping(nextIndex++).title}` });
        break;
      case 'annotate':
        ids = live(n);
        for (const id of ids) {
          const { text } = await archive.call('clippings.get', { id });
          const words = text.split(/\s+/).filter(Boolean);
          const quote = words.slice(0, Math.min(6, words.length)).join(' ');
          if (quote) await archive.call('annotations.create', { id, quote, note: 'see the board minutes' });
        }
        break;
    }
    done.push({ kind, ids });
  }
  return done;
}
