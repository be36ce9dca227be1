import { defineConfig } from 'vitest/config';
import { DIST_TESTS } from './test/dist-tests.js';

export default defineConfig({
  test: {
    // Child processes (the built CLI and action) and real model loads: generous, never a timing assertion.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      // Tests of the source alone.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: DIST_TESTS } },
      // Tests that spawn dist/: rebuilt first when stale, so they never test yesterday's bundle.
      { extends: true, test: { name: 'dist', include: DIST_TESTS, globalSetup: ['test/dist-setup.ts'] } },
    ],
  },
});
