/**
 * One role of the concurrency test, run as its own process (its own SQLite connection,
 * like the app beside the CLI):
 *
 *   node --import tsx tests/reliability/lib/role.ts reader|annotator DB START_MS END_MS SEED
 *
 * Waits until START_MS (epoch ms), works until END_MS, then prints one JSON summary line.
 */
import { Archive } from '../../../electron/core/archive.ts';
import { Rng } from '../../bench/stats.ts';

export interface RoleSummary {
  role: string;
  ops: number;
  errors: string[];
  /** Annotator: what it wrote (checked afterwards). */
  annotations?: { id: number; clippingId: number; note: string }[];
  tags?: [number, string][];
  latenciesMs: number[];
  startedLateMs: number;
}

const WORDS = ['government', 'minister', 'police', 'election', 'court', 'market', 'energy', 'climate', 'football', 'hospital', 'council', 'budget'];

function readerQuery(rng: Rng): string {
  const w = () => WORDS[rng.int(0, WORDS.length - 1)]!;
  switch (rng.int(0, 5)) {
    case 0: return w();
    case 1: return `${w()} ${w()}`;
    case 2: return `"${w()} ${w()}"`;
    case 3: return `${w().slice(0, 4)}*`;
    case 4: return `${w()} OR ${w()} -${w()}`;
    default: return `tag:conc-${rng.int(0, 9)}`;
  }
}

async function main(): Promise<void> {
  const [role, db, startArg, endArg, seedArg] = process.argv.slice(2);
  const start = Number(startArg);
  const end = Number(endArg);
  const rng = new Rng(Number(seedArg), 0x726f6c65);
  const archive = new Archive(db!);
  const out: RoleSummary = { role: role!, ops: 0, errors: [], latenciesMs: [], startedLateMs: 0 };
  if (role === 'annotator') {
    out.annotations = [];
    out.tags = [];
  }
  const wait = start - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  out.startedLateMs = Math.max(0, Date.now() - start);

  let ids: number[] = [];
  let k = 0;
  while (Date.now() < end) {
    const t = performance.now();
    try {
      if (role === 'reader') {
        if (k % 10 === 9) await archive.call('clippings.list', { limit: 50, offset: rng.int(0, 100) });
        else await archive.call('search.query', { query: readerQuery(rng), limit: 20, sort: rng.chance(0.3) ? 'newest' : 'relevance' });
      } else if (role === 'annotator') {
        if (k % 25 === 0 || ids.length === 0) ids = (await archive.call('clippings.list', { limit: 200 })).items.map((c) => c.id);
        const id = ids[rng.int(0, ids.length - 1)]!;
        if (k % 2 === 0) {
          const note = `concurrency note ${k}`;
          const a = await archive.call('annotations.create', { id, start: 0, end: 8 + (k % 20), note, color: 'green' });
          out.annotations!.push({ id: a.id, clippingId: id, note });
        } else {
          const tag = `conc-${k % 10}`;
          await archive.call('tags.add', { id, tags: [tag] });
          out.tags!.push([id, tag]);
        }
      } else {
        throw new Error(`unknown role ${role}`);
      }
      out.ops++;
    } catch (err) {
      const e = err as Error & { code?: string };
      out.errors.push(`${e.code ?? e.name}: ${e.message}`);
    }
    out.latenciesMs.push(performance.now() - t);
    k++;
  }
  archive.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
