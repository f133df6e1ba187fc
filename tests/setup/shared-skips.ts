import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one line after the run when suites were skipped for want of ../shared (the tests
 * registered through tests/shared.ts carry `meta.needsShared`). Nothing is printed when
 * ../shared is there, or when no such suite was part of the run. Likewise one line for the
 * team-archive suites skipped without PostgreSQL (`meta.needsPostgres`, tests/team/pg.ts).
 */
export default class SharedSkipsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const materials = new Set<string>();
    const files = new Set<string>();
    const withoutPostgres = new Set<string>();
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        if (test.meta().needsPostgres && test.result().state === 'skipped') {
          withoutPostgres.add(path.relative(module.project.config.root, module.moduleId).split(path.sep).join('/'));
        }
        const material = test.meta().needsShared;
        if (material === undefined || test.result().state !== 'skipped') continue;
        materials.add(material);
        files.add(path.relative(module.project.config.root, module.moduleId).split(path.sep).join('/'));
      }
    }
    if (withoutPostgres.size) {
      process.stdout.write(`PostgreSQL not found (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql): skipped the team-archive suites: ${[...withoutPostgres].sort().join(', ')}\n`);
    }
    if (files.size === 0) return;
    process.stdout.write(
      `../shared not found: skipped the reference-material suites (${[...materials].sort().join(', ')}): ${[...files].sort().join(', ')}\n`,
    );
  }
}
