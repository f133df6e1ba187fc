import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for effects that land asynchronously (a click's write reaching the
    // server, a list refresh); on a loaded 2-core machine running the whole suite they can
    // take longer than vitest's default 1 s. A poll that passes is unaffected.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    globalSetup: ['tests/setup/build-cli.ts', 'tests/setup/build-renderer.ts', 'tests/setup/build-extension.ts'],
    // The default output, then one line if suites were skipped for want of ../shared.
    reporters: ['default', './tests/setup/shared-skips.ts'],
  },
});
