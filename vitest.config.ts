import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['tests/setup/build-cli.ts', 'tests/setup/build-renderer.ts', 'tests/setup/build-extension.ts'],
    // The default output, then one line if suites were skipped for want of ../shared.
    reporters: ['default', './tests/setup/shared-skips.ts'],
  },
});
