// A reader when Cuttings runs from its TypeScript source (tests, tsx): a worker thread
// does not inherit the parent's tsx loader, so this loads entry.ts through tsx's scoped
// import. The bundles use dist/read-worker.{mjs,cjs} instead (pool.ts).
import { tsImport } from 'tsx/esm/api';

await tsImport('./entry.ts', import.meta.url);
