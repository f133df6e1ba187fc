import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one line after the run when suites were skipped for want of ../shared (the tests
 * registered through tests/shared.ts carry `meta.needsShared`). Nothing is printed when
 * ../shared is there, or when no such suite was part of the run.
 */
export default class SharedSkipsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const materials = new Set<string>();
    const files = new Set<string>();
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const material = test.meta().needsShared;
        if (material === undefined || test.result().state !== 'skipped') continue;
        materials.add(material);
        files.add(path.relative(module.project.config.root, module.moduleId).split(path.sep).join('/'));
      }
    }
    if (files.size === 0) return;
    process.stdout.write(
      `../shared not found: skipped the reference-material suites (${[...materials].sort().join(', ')}): ${[...files].sort().join(', ')}\n`,
    );
  }
}
