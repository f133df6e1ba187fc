// The warm-up's worker when Cuttings runs from its TypeScript source (tests, tsx): a worker
// thread does not inherit the parent's tsx loader, so this loads warmup-worker.ts through
// tsx's scoped import. The bundles use dist/rank-worker.{mjs,cjs} instead (warmup.ts).
import { tsImport } from 'tsx/esm/api';

await tsImport('./warmup-worker.ts', import.meta.url);
